/* request_subject.c - reading "which model" from a model of a catalog,
 * a config or a count, and resolving it. */
#include "api/request_subject.h"

#include <string.h>

#include "api/arch_reader.h"
#include "api/json_text.h"
#include "modelscale/params.h"

void subject_input_init(struct subject_input *in, unsigned carriers,
                        int body)
{
    memset(in, 0, sizeof(*in));
    in->carriers = carriers;
    in->body = body;
}

const char *subject_carriers_text(unsigned carriers)
{
    static const char *const text[8] = {
        "nothing",
        "model",
        "config",
        "model or config",
        "parameters",
        "model or parameters",
        "config or parameters",
        "model, config or parameters",
    };

    return text[carriers & 7];
}

/* A count, a number or text such as "7B", for field name. */
static enum svc_status read_count(const char *name,
                                  const struct field_value *v,
                                  uint64_t *out, struct problem *pb)
{
    const char *why = NULL;
    enum svc_status st;

    if (v->text != NULL)
        st = params_parse_text(v->text, strlen(v->text), out, &why);
    else
        st = params_from_double(v->number, json_text_whole(v->json), out,
                                &why);
    if (st != SVC_OK)
        return problem_set(pb, SVC_EINVAL, "%s %s %s", name,
                           field_shown(v), why);
    return SVC_OK;
}

static enum svc_status read_config(struct subject_input *in,
                                   const struct field_value *v,
                                   struct problem *pb)
{
    if (v->json == NULL)
        return problem_set(pb, SVC_EINVAL,
                           "config is an architecture, a JSON object (a "
                           "config.json): send it in a POST body, which a "
                           "query cannot carry");
    if (!cJSON_IsObject(v->json))
        return problem_set(pb, SVC_EINVAL,
                           "config must be an object (a config.json, or "
                           "{\"model_type\": \"mlp\", \"layers\": [...]}), "
                           "not %s", field_type_name(v->json));
    in->config = v->json;
    return SVC_OK;
}

/* Which carrier field name belongs to. */
static unsigned carrier_of(const char *name)
{
    if (strcmp(name, "model") == 0 || strcmp(name, "catalog") == 0)
        return SUBJECT_MODEL;
    if (strcmp(name, "config") == 0)
        return SUBJECT_CONFIG;
    if (strcmp(name, "parameters") == 0 ||
        strcmp(name, "active_parameters") == 0)
        return SUBJECT_PARAMETERS;
    return 0;
}

enum svc_status subject_set(struct subject_input *in, const char *name,
                            const struct field_value *v,
                            struct problem *pb)
{
    unsigned carrier = carrier_of(name);

    if (carrier == 0 || !(in->carriers & carrier))
        return problem_set(pb, SVC_EINTERNAL,
                           "field %s is not a subject's here", name);
    if (strcmp(name, "model") == 0)
        return field_text("model", v, "a model name", &in->model, pb);
    if (strcmp(name, "catalog") == 0)
        return field_text("catalog", v, "a catalog name", &in->catalog,
                          pb);
    if (carrier == SUBJECT_CONFIG)
        return read_config(in, v, pb);
    if (strcmp(name, "parameters") == 0)
        return read_count("parameters", v, &in->parameters, pb);
    return read_count("active_parameters", v, &in->active, pb);
}

/* Points pb at /field when the fields came in a body. */
static enum svc_status fault_at(const struct subject_input *in,
                                const char *field, struct problem *pb)
{
    if (in->body)
        problem_point(pb, "/%s", field);
    return pb->status;
}

/* Exactly one carrier, and the fields that go with one given only with
 * it.  Sets *given. */
static enum svc_status check_given(const struct subject_input *in,
                                   unsigned *given, struct problem *pb)
{
    static const char *const names[] = {"model", "config", "parameters"};
    const char *words = subject_carriers_text(in->carriers);
    size_t count = 0, second = 0;

    *given = (in->model != NULL ? SUBJECT_MODEL : 0u) |
             (in->config != NULL ? SUBJECT_CONFIG : 0u) |
             (in->parameters != 0 ? SUBJECT_PARAMETERS : 0u);
    for (size_t i = 0; i < 3; i++) {
        if (*given & (1u << i) && ++count == 2)
            second = i;
    }
    if (count == 0) {
        size_t first = 0;

        while (first < 2 && !(in->carriers & (1u << first)))
            first++;
        problem_set(pb, SVC_EINVAL, "say which model: give %s", words);
        return fault_at(in, names[first], pb);
    }
    if (count > 1) {
        problem_set(pb, SVC_EINVAL, "give one of %s, not more", words);
        return fault_at(in, names[second], pb);
    }
    if (in->catalog != NULL && in->model == NULL) {
        problem_set(pb, SVC_EINVAL,
                    "catalog says where model is found: give model too, or "
                    "leave catalog out");
        return fault_at(in, "catalog", pb);
    }
    if (in->active != 0 && in->parameters == 0) {
        problem_set(pb, SVC_EINVAL,
                    "active_parameters go with parameters: a model's and "
                    "a config's are known");
        return fault_at(in, "active_parameters", pb);
    }
    return SVC_OK;
}

static enum svc_status resolve_model(const struct subject_input *in,
                                     const struct catalog *catalogs,
                                     size_t n, struct subject *out,
                                     struct problem *pb)
{
    const char *name = in->catalog ? in->catalog : SUBJECT_DEFAULT_CATALOG;
    const struct compare_model *m;
    char q[PROBLEM_QUOTE_MAX];

    if (field_catalog(name, catalogs, n, &out->catalog, pb) != SVC_OK)
        return fault_at(in, "catalog", pb);
    m = catalog_model(out->catalog, in->model, strlen(in->model));
    if (m == NULL) {
        problem_set(pb, SVC_ENOTFOUND,
                    "unknown model %s in catalog %s; GET /models?catalog=%s "
                    "lists its models",
                    problem_quote(q, sizeof(q), in->model,
                                  strlen(in->model)),
                    out->catalog->name, out->catalog->name);
        return fault_at(in, "model", pb);
    }
    out->model = m;
    out->name = m->name;
    out->name_len = m->name_len;
    out->parameters = m->parameters;
    out->active = compare_active(m);
    out->kind = m->kind;
    out->basis = m->basis;
    out->arch = catalog_arch(out->catalog, m);
    return SVC_OK;
}

static enum svc_status resolve_config(const struct subject_input *in,
                                      struct subject *out,
                                      struct problem *pb)
{
    struct arch_count c;

    if (arch_reader_count(in->config, "/config", &out->own, &c, pb) !=
        SVC_OK)
        return pb->status;
    out->name = arch_family_name(out->own.family);
    out->name_len = strlen(out->name);
    out->parameters = c.parameters;
    out->active = c.moe ? c.active_parameters : c.parameters;
    out->kind = c.moe ? COMPARE_KIND_MOE : COMPARE_KIND_DENSE;
    out->basis = COMPARE_BASIS_EXACT;
    out->arch = &out->own;
    return SVC_OK;
}

static enum svc_status resolve_count(const struct subject_input *in,
                                     struct subject *out,
                                     struct problem *pb)
{
    if (in->active > in->parameters) {
        problem_set(pb, SVC_EINVAL,
                    "active_parameters (%llu) are more than the parameters "
                    "(%llu)", (unsigned long long)in->active,
                    (unsigned long long)in->parameters);
        return fault_at(in, "active_parameters", pb);
    }
    out->parameters = in->parameters;
    out->active = in->active != 0 ? in->active : in->parameters;
    out->kind = out->active < out->parameters ? COMPARE_KIND_MOE
                                              : COMPARE_KIND_DENSE;
    out->basis = COMPARE_BASIS_UNSAID;
    return SVC_OK;
}

enum svc_status subject_resolve(const struct subject_input *in,
                                const struct catalog *catalogs, size_t n,
                                struct subject *out, struct problem *pb)
{
    unsigned given;

    memset(out, 0, sizeof(*out));
    if (check_given(in, &given, pb) != SVC_OK)
        return pb->status;
    out->carrier = (enum subject_carrier)given;
    if (given == SUBJECT_MODEL)
        return resolve_model(in, catalogs, n, out, pb);
    if (given == SUBJECT_CONFIG)
        return resolve_config(in, out, pb);
    return resolve_count(in, out, pb);
}
