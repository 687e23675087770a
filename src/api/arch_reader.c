/* arch_reader.c - a config.json (or modelscale's MLP form) into a struct
 * arch, field by field from the table in arch_reader_types.c, and the
 * core's faults into problems that point at the field. */
#include "api/arch_reader.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api/json_text.h"
#include "modelscale/params.h"

/* "gpt2, bert, ..., mlp" for the detail of an unknown model_type. */
static void supported(char *buf, size_t len)
{
    size_t w = 0;

    buf[0] = '\0';
    for (int f = 0; f < ARCH_FAMILY_COUNT && w < len; f++)
        w += (size_t)snprintf(buf + w, len - w, "%s%s", f > 0 ? ", " : "",
                              arch_family_name((enum arch_family)f));
}

static enum svc_status bad(struct problem *pb, const char *pointer,
                           const char *name, const char *why)
{
    problem_set(pb, SVC_EINVAL, "%s %s", name, why);
    problem_point(pb, "%s/%s", pointer, name);
    return SVC_EINVAL;
}

/* Reads a count of kind k from v into *out; NULL, or why not. */
static const char *read_count(const cJSON *v, enum arch_reader_kind k,
                              uint64_t *out)
{
    const char *why = NULL;

    if (cJSON_IsNull(v) && k != ARCH_READER_COUNT) {
        *out = 0;
        return NULL;
    }
    if (k == ARCH_READER_COUNT0 && cJSON_IsNumber(v) && v->valuedouble == 0) {
        *out = 0;
        return NULL;
    }
    if (!cJSON_IsNumber(v) ||
        params_from_double(v->valuedouble, json_text_whole(v), out,
                           &why) != SVC_OK) {
        if (k == ARCH_READER_COUNT0)
            return "is not a whole number of at least 0 (or null)";
        if (k == ARCH_READER_COUNT_NULL)
            return "is not a whole number of at least 1, or null";
        return "is not a whole number of at least 1";
    }
    return NULL;
}

static enum svc_status read_sizes(const cJSON *v, struct arch *out,
                                  const char *pointer, struct problem *pb)
{
    const cJSON *item;
    size_t i = 0;

    if (!cJSON_IsArray(v))
        return bad(pb, pointer, "layers", "is not an array of sizes");
    if (cJSON_GetArraySize(v) > ARCH_MLP_MAX)
        return bad(pb, pointer, "layers", "has more than 64 sizes");
    cJSON_ArrayForEach(item, v) {
        if (read_count(item, ARCH_READER_COUNT, &out->mlp_sizes[i]) !=
            NULL) {
            problem_set(pb, SVC_EINVAL, "layers[%zu] is not a whole "
                        "number of at least 1", i);
            problem_point(pb, "%s/layers/%zu", pointer, i);
            return SVC_EINVAL;
        }
        i++;
    }
    out->mlp_count = i;
    return SVC_OK;
}

/* "architectures": ViTModel has a pooler and no classifier. */
static const char *read_classes(const cJSON *v, int *pooler)
{
    const cJSON *first = cJSON_GetArrayItem(v, 0);

    if (!cJSON_IsArray(v) || !cJSON_IsString(first))
        return "is not an array of class names";
    if (strcmp(first->valuestring, "ViTModel") == 0)
        *pooler = 1;
    else if (strcmp(first->valuestring, "ViTForImageClassification") != 0)
        return "names neither ViTForImageClassification nor ViTModel";
    return NULL;
}

static const char *read_positions(const cJSON *v, int *relative)
{
    const char *s = cJSON_GetStringValue(v);

    if (s != NULL && strcmp(s, "absolute") == 0)
        *relative = 0;
    else if (s != NULL && (strcmp(s, "relative_key") == 0 ||
                           strcmp(s, "relative_key_query") == 0))
        *relative = 1;
    else
        return "is not \"absolute\", \"relative_key\" or "
               "\"relative_key_query\"";
    return NULL;
}

/* Reads the present value v of field f into out; NULL, or why not. */
static const char *read_value(const struct arch_reader_field *f,
                              const cJSON *v, struct arch *out)
{
    char *slot = (char *)out + f->offset;
    int flag;

    switch (f->kind) {
    case ARCH_READER_COUNT:
    case ARCH_READER_COUNT0:
    case ARCH_READER_COUNT_NULL:
        return read_count(v, f->kind, (uint64_t *)(void *)slot);
    case ARCH_READER_FLAG:
    case ARCH_READER_UNFLAG:
        if (!cJSON_IsBool(v))
            return "is not true or false";
        flag = cJSON_IsTrue(v);
        if (f->kind == ARCH_READER_FLAG)
            *(int *)(void *)slot = flag;
        else if (flag)
            *(int *)(void *)slot = 0;
        return NULL;
    case ARCH_READER_LABELS:
        if (!cJSON_IsObject(v))
            return "is not an object";
        out->labels = (uint64_t)cJSON_GetArraySize(v);
        return NULL;
    case ARCH_READER_CLASSES:
        return read_classes(v, &out->pooler);
    case ARCH_READER_POSITIONS:
        return read_positions(v, &out->relative_positions);
    case ARCH_READER_SIZES:
        break; /* read_sizes, which points at the element */
    }
    return "cannot be read";
}

static enum svc_status read_field(const cJSON *obj,
                                  const struct arch_reader_field *f,
                                  struct arch *out, const char *pointer,
                                  struct problem *pb)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->name);
    char *slot = (char *)out + f->offset;
    const char *why;

    if (v == NULL) {
        if (f->fallback == NULL)
            return bad(pb, pointer, f->name, "is missing");
        if (f->kind == ARCH_READER_FLAG)
            *(int *)(void *)slot = (int)f->value;
        else if (f->kind == ARCH_READER_COUNT ||
                 f->kind == ARCH_READER_COUNT0 ||
                 f->kind == ARCH_READER_COUNT_NULL)
            *(uint64_t *)(void *)slot = f->value;
        return SVC_OK; /* the others leave what is there */
    }
    if (f->kind == ARCH_READER_SIZES)
        return read_sizes(v, out, pointer, pb);
    why = read_value(f, v, out);
    return why == NULL ? SVC_OK : bad(pb, pointer, f->name, why);
}

/* The defaults that come from other fields. */
static void finish(struct arch *a)
{
    if (a->kv_heads == 0)
        a->kv_heads = a->heads;
    switch (a->family) {
    case ARCH_GPT2:
    case ARCH_FALCON:
        if (a->intermediate == 0) /* n_inner, ffn_hidden_size: 4 x h */
            a->intermediate = 4 * a->hidden;
        break;
    case ARCH_MIXTRAL:
        a->moe_intermediate = a->intermediate;
        a->sliding_in_use = a->sliding_window > 0;
        break;
    case ARCH_MISTRAL:
    case ARCH_PHI3:
        a->sliding_in_use = a->sliding_window > 0;
        break;
    default:
        break;
    }
}

static enum svc_status read_type(const cJSON *obj, const char *pointer,
                                 enum arch_family *family,
                                 struct problem *pb)
{
    const cJSON *mt = cJSON_GetObjectItemCaseSensitive(obj, "model_type");
    const char *s = cJSON_GetStringValue(mt);
    char names[200], q[PROBLEM_QUOTE_MAX];

    if (s != NULL && arch_family_find(s, strlen(s), family) == SVC_OK)
        return SVC_OK;
    supported(names, sizeof(names));
    if (s == NULL) {
        problem_set(pb, SVC_EINVAL, "model_type %s; give one of: %s",
                    mt == NULL ? "is missing" : "is not a string", names);
    } else {
        problem_set(pb, SVC_EINVAL,
                    "model_type %s is not supported; give one of: %s",
                    problem_quote(q, sizeof(q), s, strlen(s)), names);
    }
    problem_point(pb, "%s/model_type", pointer);
    return SVC_EINVAL;
}

enum svc_status arch_reader_read(const cJSON *obj, const char *pointer,
                                 struct arch *out, struct problem *pb)
{
    const struct arch_reader_type *t;
    enum arch_family family;
    enum svc_status st;
    size_t n;

    if (!cJSON_IsObject(obj)) {
        if (pointer[0] == '\0')
            return problem_set(pb, SVC_EMALFORMED,
                               "the body is not a JSON object");
        problem_set(pb, SVC_EINVAL, "the architecture is not an object");
        problem_point(pb, "%s", pointer);
        return SVC_EINVAL;
    }
    st = read_type(obj, pointer, &family, pb);
    if (st != SVC_OK)
        return st;
    arch_init(out, family);
    t = &arch_reader_types(&n)[family];
    for (size_t i = 0; i < t->field_count; i++) {
        st = read_field(obj, &t->fields[i], out, pointer, pb);
        if (st != SVC_OK)
            return st;
    }
    finish(out);
    return SVC_OK;
}

enum svc_status arch_reader_count(const cJSON *obj, const char *pointer,
                                  struct arch *a, struct arch_count *out,
                                  struct problem *pb)
{
    const struct arch_reader_type *t;
    struct arch_fault fault;
    enum svc_status st;
    size_t n;

    st = arch_reader_read(obj, pointer, a, pb);
    if (st != SVC_OK)
        return st;
    if (arch_count(a, out, &fault) == SVC_OK)
        return SVC_OK;
    t = &arch_reader_types(&n)[a->family];
    for (size_t i = 0; i < t->field_count; i++) {
        if (fault.field != ARCH_FIELD_NONE &&
            t->fields[i].field == fault.field)
            return bad(pb, pointer, t->fields[i].name, fault.reason);
    }
    problem_set(pb, SVC_EINVAL, "the %s architecture %s", t->model_type,
                fault.reason);
    problem_point(pb, "%s", pointer);
    return SVC_EINVAL;
}
