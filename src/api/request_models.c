/* request_models.c - reading the models of a comparison: the two shapes
 * of a body's "models", and models= of a query. */
#include "api/request_models.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/arch_reader.h"
#include "api/field.h"
#include "api/json_text.h"
#include "modelscale/numfmt.h"
#include "modelscale/params.h"

#define WHERE_MAX 32 /* "/models/" and an index */

/* Reads a count, a number or text, for field `name` of the model named
 * model (NULL when it has none yet).  On failure pb names the value and
 * the model; the caller points at it. */
static enum svc_status read_count(const struct field_value *v,
                                  const char *model, const char *name,
                                  uint64_t *out, struct problem *pb)
{
    char who[PROBLEM_QUOTE_MAX + 16] = "", q[PROBLEM_QUOTE_MAX];
    const char *why = NULL;
    enum svc_status st = SVC_EINVAL;

    if (v->json != NULL && cJSON_IsNumber(v->json))
        st = params_from_double(v->number, json_text_whole(v->json), out,
                                &why);
    else if (v->text != NULL)
        st = params_parse_text(v->text, strlen(v->text), out, &why);
    if (st == SVC_OK)
        return SVC_OK;
    if (model != NULL) /* the words of a refusal, and only then */
        snprintf(who, sizeof(who), " of model %s",
                 problem_quote(q, sizeof(q), model, strlen(model)));
    if (why == NULL)
        return problem_set(pb, SVC_EINVAL,
                           "%s%s must be a count (a positive integer, or "
                           "text such as \"6.7B\"), not %s",
                           name, who, field_type_name(v->json));
    return problem_set(pb, st, "%s %s%s %s", name, field_shown(v), who, why);
}

enum { MEMBER_NAME, MEMBER_PARAMETERS, MEMBER_CONFIG, MEMBER_ACTIVE,
       MEMBER_KIND, MEMBER_YEAR, MEMBER_SOURCE, MEMBER_PUBLISHED,
       MEMBER_TOKENS, MEMBER_TOKENS_SOURCE, MEMBERS };
static const struct field members[MEMBERS] = {
    {"name", FIELD_BODY, 1},
    {"parameters", FIELD_BODY, 1},
    {"config", FIELD_BODY, 1},
    {"active_parameters", FIELD_BODY, 1},
    {"kind", FIELD_BODY, 0},
    {"year", FIELD_BODY, 0},
    {"source", FIELD_BODY, 0},
    {"published", FIELD_BODY, 1},
    {"tokens", FIELD_BODY, 1},
    {"tokens_source", FIELD_BODY, 0},
};

/* "config": an architecture, counted exactly: its total, and for a
 * mixture of experts its active parameters, and its kind. */
static enum svc_status read_config(const struct field_value *v,
                                   struct compare_model *m,
                                   struct problem *pb)
{
    struct arch a;
    struct arch_count c;

    if (arch_reader_count(v->json, v->pointer, &a, &c, pb) != SVC_OK)
        return pb->status;
    m->parameters = c.parameters;
    m->active_parameters = c.moe ? c.active_parameters : 0;
    m->kind = c.moe ? COMPARE_KIND_MOE : COMPARE_KIND_DENSE;
    m->basis = COMPARE_BASIS_EXACT;
    return SVC_OK;
}

static enum svc_status set_member(void *to, size_t k,
                                  const struct field_value *v,
                                  struct problem *pb)
{
    static const char *const kinds[] = {"dense", "moe"};
    struct compare_model *m = to;
    size_t kind;

    switch (k) {
    case MEMBER_NAME:
        if (!cJSON_IsString(v->json))
            return problem_set(pb, SVC_EINVAL,
                               "a model name must be a string, not %s",
                               field_type_name(v->json));
        m->name = v->text;
        m->name_len = strlen(v->text);
        return SVC_OK;
    case MEMBER_PARAMETERS:
        return read_count(v, m->name, "parameters", &m->parameters, pb);
    case MEMBER_CONFIG:
        return read_config(v, m, pb);
    case MEMBER_PUBLISHED:
        return read_count(v, m->name, "published", &m->published, pb);
    case MEMBER_TOKENS: /* published training tokens: a count too */
        return read_count(v, m->name, "tokens", &m->tokens, pb);
    case MEMBER_ACTIVE:
        return read_count(v, m->name, "active_parameters",
                          &m->active_parameters, pb);
    case MEMBER_KIND:
        if (field_choice("kind", v, kinds, 2, "\"dense\" or \"moe\"", &kind,
                         pb) != SVC_OK)
            return pb->status;
        m->kind = kind == 0 ? COMPARE_KIND_DENSE : COMPARE_KIND_MOE;
        return SVC_OK;
    case MEMBER_YEAR:
        if (v->text != NULL || !json_text_whole(v->json))
            return problem_set(pb, SVC_EINVAL,
                               "year %s must be a whole number from %d to "
                               "%d", field_shown(v), COMPARE_YEAR_MIN,
                               COMPARE_YEAR_MAX);
        /* The range is the comparison's to check; far outside it, any
         * year out of range stands for the number. */
        m->year = fabs(v->number) < 1e9 ? (int)v->number : INT_MIN;
        return SVC_OK;
    case MEMBER_TOKENS_SOURCE:
        return field_text("tokens_source", v, "a URL", &m->tokens_source,
                          pb);
    default:
        return field_text("source", v, "a URL", &m->source, pb);
    }
}

static const struct field_set member_fields = {members, MEMBERS,
                                               set_member, "member",
                                               " of a model"};

/* Which of parameters and config item gives, and that what config
 * decides is not given beside it: the member at fault, or NULL. */
static const char *count_fault(const cJSON *item, const char **why)
{
    static const char *const decided[] = {"active_parameters", "kind"};
    int config = cJSON_HasObjectItem(item, "config");

    *why = "each model needs \"parameters\" or \"config\" (an "
           "architecture)";
    if (!config && !cJSON_HasObjectItem(item, "parameters"))
        return "";
    *why = "give \"parameters\" or \"config\", not both";
    if (config && cJSON_HasObjectItem(item, "parameters"))
        return "/parameters";
    for (size_t i = 0; config && i < 2; i++) {
        *why = i == 0 ? "\"active_parameters\" are counted from \"config\": "
                        "leave them out"
                      : "\"kind\" is read from \"config\": leave it out";
        if (cJSON_HasObjectItem(item, decided[i]))
            return i == 0 ? "/active_parameters" : "/kind";
    }
    return NULL;
}

/* {"name": "...", "parameters": count | "config": {...}, ...}, the i-th
 * of the array. */
static enum svc_status read_array_model(const cJSON *item, size_t i,
                                        struct compare_model *m,
                                        struct problem *pb)
{
    char where[WHERE_MAX];
    const char *at, *why;

    memcpy(where, "/models/", 8); /* not printf: it runs for every model */
    numfmt_u64(i, where + 8, sizeof(where) - 8);
    if (!cJSON_IsObject(item)) {
        problem_set(pb, SVC_EINVAL,
                    "each model must be an object with \"name\" and "
                    "\"parameters\" or \"config\", not %s",
                    field_type_name(item));
        problem_point(pb, "%s", where);
        return pb->status;
    }
    at = cJSON_HasObjectItem(item, "name") ? count_fault(item, &why) : "";
    if (!cJSON_HasObjectItem(item, "name"))
        why = "each model needs \"name\"";
    if (at != NULL) {
        problem_set(pb, SVC_EINVAL, "%s", why);
        problem_point(pb, "%s%s", where, at);
        return pb->status;
    }
    if (field_read_object(&member_fields, item, where, m, pb) != SVC_OK)
        return pb->status;
    if (m->published != 0 && m->basis != COMPARE_BASIS_EXACT)
        m->basis = COMPARE_BASIS_PUBLISHED;
    return SVC_OK;
}

/* "name": count, the i-th member of the object shape. */
static enum svc_status read_member_model(const cJSON *item,
                                         struct compare_model *m,
                                         struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    struct field_value v = {cJSON_GetStringValue(item), 0, item, q, NULL};
    const char *why;

    m->name = item->string;
    m->name_len = strlen(item->string);
    v.number = cJSON_IsNumber(item) ? item->valuedouble : 0;
    if (read_count(&v, m->name, "parameters", &m->parameters, pb) ==
        SVC_OK)
        return SVC_OK;
    if (params_check_name(m->name, m->name_len, &why) == SVC_OK) {
        char esc[PROBLEM_POINTER_MAX];

        problem_point(pb, "/models/%s",
                      problem_escape(esc, sizeof(esc), m->name,
                                     m->name_len));
    } else {
        problem_point(pb, "/models");
    }
    return pb->status;
}

enum svc_status request_models_read(const cJSON *models, size_t max_models,
                                    struct compare_request *req,
                                    struct problem *pb)
{
    size_t n = (size_t)cJSON_GetArraySize(models), i = 0;
    enum svc_status st = SVC_OK;

    if (!cJSON_IsObject(models) && !cJSON_IsArray(models)) {
        problem_set(pb, SVC_EINVAL,
                    "\"models\" must be an object of name: count or an "
                    "array of {\"name\", \"parameters\"}, not %s",
                    field_type_name(models));
        problem_point(pb, "/models");
        return pb->status;
    }
    req->source = cJSON_IsArray(models) ? COMPARE_SOURCE_ARRAY
                                        : COMPARE_SOURCE_OBJECT;
    if (n > max_models) {
        problem_set(pb, SVC_EINVAL,
                    "\"models\" has %zu models; at most %zu are allowed",
                    n, max_models);
        problem_point(pb, "/models");
        return pb->status;
    }
    if (n == 0)
        return SVC_OK; /* the comparison says it is empty */
    req->models = calloc(n, sizeof(*req->models));
    if (req->models == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    req->count = n;
    for (const cJSON *c = models->child; c != NULL && st == SVC_OK;
         c = c->next, i++) {
        if (req->source == COMPARE_SOURCE_ARRAY)
            st = read_array_model(c, i, &req->models[i], pb);
        else
            st = read_member_model(c, &req->models[i], pb);
    }
    return st;
}

enum svc_status request_models_select(const char *list,
                                      const struct catalog *catalog,
                                      struct compare_request *req,
                                      struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    size_t n = 1;

    for (const char *p = list; *p != '\0'; p++)
        n += *p == ',';
    req->models = calloc(n, sizeof(*req->models));
    if (req->models == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ",");
        const struct compare_model *m = catalog_model(catalog, p, len);

        if (len == 0)
            return problem_set(pb, SVC_EMALFORMED,
                               "query parameter models has an empty name "
                               "at position %zu", req->count + 1);
        if (m == NULL)
            return problem_set(pb, SVC_ENOTFOUND,
                               "unknown model %s in models=; GET "
                               "/models?catalog=%s lists the catalog",
                               problem_quote(q, sizeof(q), p, len),
                               catalog->name);
        req->models[req->count++] = *m;
        p += len;
        if (*p == '\0')
            break;
    }
    return SVC_OK;
}
