/* request_compare.c - reading a comparison from either carrier, running
 * it, and turning the core's faults into problems that point at the
 * offending input. */
#include "api/request_compare.h"

#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/request_models.h"

enum { F_MODELS, F_SORT, F_PRECISION, F_BASELINE, F_INCLUDE, F_TOKENS,
       F_CATALOG, FIELDS };
static const struct field fields[FIELDS] = {
    {"models", FIELD_BOTH, 1},    {"sort", FIELD_BOTH, 0},
    {"precision", FIELD_BOTH, 0}, {"baseline", FIELD_BOTH, 0},
    {"include", FIELD_BOTH, 1},   {"tokens", FIELD_BOTH, 0},
    {"catalog", FIELD_QUERY, 0},
};

void compare_request_init(struct compare_request *req)
{
    memset(req, 0, sizeof(*req));
    compare_options_init(&req->options);
    req->source = COMPARE_SOURCE_QUERY;
}

void compare_request_cleanup(struct compare_request *req)
{
    if (req == NULL)
        return;
    free(req->models);
    compare_request_init(req);
}

/* Adds one part of include=, part[0..len) (NULL for a JSON value that
 * is not a string), shown as `shown`. */
static enum svc_status include_part(const char *part, size_t len,
                                    const char *shown, unsigned *include,
                                    struct problem *pb)
{
    if (part != NULL && len == 6 && memcmp(part, "memory", 6) == 0)
        *include |= COMPARE_MEMORY;
    else if (part != NULL && len == 7 && memcmp(part, "compute", 7) == 0)
        *include |= COMPARE_COMPUTE;
    else
        return problem_set(pb, SVC_EINVAL,
                           "include %s: each part must be \"memory\" or "
                           "\"compute\"", shown);
    return SVC_OK;
}

/* include=memory,compute, or "include": ["memory", "compute"]. */
static enum svc_status read_include(const struct field_value *v,
                                    unsigned *include, struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    size_t i = 0;

    if (v->json == NULL) {
        for (const char *p = v->text; p != NULL; i++) {
            size_t len = strcspn(p, ",");

            if (include_part(p, len, problem_quote(q, sizeof(q), p, len),
                             include, pb) != SVC_OK)
                return pb->status;
            p = p[len] == ',' ? p + len + 1 : NULL;
        }
        return SVC_OK;
    }
    if (!cJSON_IsArray(v->json))
        return problem_set(pb, SVC_EINVAL,
                           "include must be an array of \"memory\" and "
                           "\"compute\", not %s", field_type_name(v->json));
    for (const cJSON *c = v->json->child; c != NULL; c = c->next, i++) {
        const char *part = cJSON_GetStringValue(c);

        if (include_part(part, part != NULL ? strlen(part) : 0,
                         field_describe(c, q, sizeof(q)), include,
                         pb) != SVC_OK) {
            problem_point(pb, "/include/%zu", i);
            return pb->status;
        }
    }
    return SVC_OK;
}

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    static const char *const sorts[] = {"input", "asc", "desc"};
    static const enum compare_sort sort_of[] = {
        COMPARE_SORT_INPUT, COMPARE_SORT_ASC, COMPARE_SORT_DESC};
    struct compare_request *req = to;
    struct compare_options *o = &req->options;
    size_t sort;
    long precision;

    switch (k) {
    case F_MODELS:
        req->names = v->json == NULL ? v->text : NULL;
        req->models_json = v->json;
        return SVC_OK;
    case F_SORT:
        if (field_choice("sort", v, sorts, 3, "asc, desc or input", &sort,
                         pb) != SVC_OK)
            return pb->status;
        o->sort = sort_of[sort];
        return SVC_OK;
    case F_PRECISION:
        if (field_integer("precision", v, 0, NUMFMT_PRECISION_MAX,
                          &precision, pb) != SVC_OK)
            return pb->status;
        o->precision = (int)precision;
        return SVC_OK;
    case F_BASELINE:
        if (field_text("baseline", v, "a model name", &o->baseline, pb) !=
            SVC_OK)
            return pb->status;
        o->baseline_len = strlen(o->baseline);
        return SVC_OK;
    case F_INCLUDE:
        return read_include(v, &req->extras.include, pb);
    case F_TOKENS:
        return field_amount("tokens", v, &req->extras.tokens, pb);
    default:
        return field_text("catalog", v, "a catalog name", &req->catalog,
                          pb);
    }
}

static const struct field_set compare_fields = {fields, FIELDS, set_field,
                                                NULL, NULL};

/* The models of a query: those models= names, else the whole catalog. */
static enum svc_status resolve_query(const struct catalog *catalogs,
                                     size_t ncatalogs,
                                     struct compare_request *req,
                                     struct problem *pb)
{
    const struct catalog *c;

    if (field_catalog(req->catalog, catalogs, ncatalogs, &c, pb) != SVC_OK)
        return pb->status;
    if (req->names != NULL)
        return request_models_select(req->names, c, req, pb);
    req->models = calloc(c->count > 0 ? c->count : 1, sizeof(*req->models));
    if (req->models == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    memcpy(req->models, c->models, c->count * sizeof(*req->models));
    req->count = c->count;
    return SVC_OK;
}

/* tokens say what the compute estimate trains on: alone they would be
 * dropped without a word. */
static enum svc_status check_tokens(const struct compare_request *req,
                                    int body, struct problem *pb)
{
    if (req->extras.tokens == 0 || (req->extras.include & COMPARE_COMPUTE))
        return SVC_OK;
    problem_set(pb, SVC_EINVAL,
                "tokens are the training tokens of the compute estimate: "
                "ask for it with include=compute");
    if (body)
        problem_point(pb, "/tokens");
    return pb->status;
}

enum svc_status compare_request_read(const struct request *rq,
                                     const struct catalog *catalogs,
                                     size_t ncatalogs, size_t max_models,
                                     struct compare_request *req,
                                     struct problem *pb)
{
    enum svc_status st = field_read(&compare_fields, rq, req, pb);

    if (st == SVC_OK)
        st = check_tokens(req, rq->body != NULL, pb);
    if (st == SVC_OK && rq->body == NULL) {
        st = resolve_query(catalogs, ncatalogs, req, pb);
    } else if (st == SVC_OK && req->models_json == NULL) {
        st = problem_set(pb, SVC_EINVAL, "the field \"models\" is required");
        problem_point(pb, "/models");
    } else if (st == SVC_OK) {
        st = request_models_read(req->models_json, max_models, req, pb);
    }
    if (st == SVC_OK && req->extras.include != 0 &&
        req->count > COMPARE_INCLUDE_MAX) {
        st = problem_set(pb, SVC_EINVAL,
                         "include answers for at most %d models at a time "
                         "(the answer of each takes ~10 kB to build); this "
                         "request has %zu: ask for their estimates in "
                         "parts, or without include",
                         COMPARE_INCLUDE_MAX, req->count);
        if (rq->body != NULL)
            problem_point(pb, "/include");
    }
    if (st != SVC_OK)
        compare_request_cleanup(req);
    return st;
}

/* Points pb at member field of model i, where the body has one. */
static void point_at_model(struct problem *pb,
                           const struct compare_request *req, size_t i,
                           const char *field)
{
    char key[PROBLEM_POINTER_MAX];
    const struct compare_model *m = &req->models[i];

    if (req->source == COMPARE_SOURCE_ARRAY) {
        problem_point(pb, "/models/%zu/%s", i, field);
    } else if (req->source == COMPARE_SOURCE_OBJECT) {
        /* A name is also the member's key, which is where it points. */
        problem_escape(key, sizeof(key), m->name, m->name_len);
        problem_point(pb, "/models/%s", key);
    }
}

/* The problem for a fault of a model: "<field> of model "x" <why>". */
static enum svc_status model_fault(const struct compare_request *req,
                                   const struct compare_error *err,
                                   struct problem *pb)
{
    const struct compare_model *m = &req->models[err->index];
    char q[PROBLEM_QUOTE_MAX];

    problem_quote(q, sizeof(q), m->name, m->name_len);
    if (err->fault != COMPARE_FAULT_NAME &&
        err->fault != COMPARE_FAULT_DUPLICATE) {
        problem_set(pb, SVC_EINVAL, "%s of model %s %s", err->field, q,
                    err->reason);
    } else if (req->source == COMPARE_SOURCE_OBJECT) {
        /* The key itself may be unprintable or ambiguous. */
        problem_set(pb, SVC_EINVAL,
                    "model name %s %s (member %zu of \"models\", counting "
                    "from 0)", q, err->reason, err->index);
        problem_point(pb, "/models");
        return pb->status;
    } else {
        problem_set(pb, SVC_EINVAL, "model name %s %s", q, err->reason);
    }
    point_at_model(pb, req, err->index, err->field);
    return pb->status;
}

/* The problem for a fault of compare_run. */
static enum svc_status run_fault(const struct compare_request *req,
                                 const struct compare_error *err,
                                 struct problem *pb)
{
    const int body = req->source != COMPARE_SOURCE_QUERY;
    char q[PROBLEM_QUOTE_MAX];

    switch (err->fault) {
    case COMPARE_FAULT_EMPTY:
        problem_set(pb, SVC_EINVAL, "models %s: give at least one model",
                    err->reason);
        break;
    case COMPARE_FAULT_PRECISION:
        problem_set(pb, SVC_EINVAL, "precision %d %s",
                    req->options.precision, err->reason);
        break;
    case COMPARE_FAULT_BASELINE:
        problem_set(pb, SVC_EINVAL, "baseline %s %s",
                    problem_quote(q, sizeof(q), req->options.baseline,
                                  req->options.baseline_len),
                    err->reason);
        break;
    case COMPARE_FAULT_NONE:
        return problem_set(pb, SVC_EINTERNAL, "the comparison failed");
    default:
        return model_fault(req, err, pb);
    }
    if (body)
        problem_point(pb, "/%s", err->fault == COMPARE_FAULT_EMPTY
                                     ? "models"
                                     : err->field);
    return pb->status;
}

enum svc_status compare_request_run(const struct compare_request *req,
                                    struct compare_answer *out,
                                    struct problem *pb)
{
    size_t n = req->count > 0 ? req->count : 1;
    struct compare_entry *entries = calloc(n, sizeof(*entries));
    struct compare_error err;

    memset(out, 0, sizeof(*out));
    if (entries == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    if (compare_run(req->models, req->count, &req->options, entries,
                    &out->result, &err) != SVC_OK) {
        free(entries);
        memset(out, 0, sizeof(*out));
        return run_fault(req, &err, pb);
    }
    if (req->extras.include == 0)
        return SVC_OK;
    out->estimates = calloc(n, sizeof(*out->estimates));
    if (out->estimates == NULL) {
        compare_answer_cleanup(out);
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < req->count; i++)
        estimate_model(entries[i].model, req->extras.tokens,
                       &out->estimates[i]);
    return SVC_OK;
}

void compare_answer_cleanup(struct compare_answer *a)
{
    if (a == NULL)
        return;
    free(a->result.entries);
    free(a->estimates);
    memset(a, 0, sizeof(*a));
}
