/* compare_request.c - running a requested comparison and turning the
 * core's faults into problems that point at the offending input. */
#include "api/compare_request.h"

#include <stdlib.h>
#include <string.h>

void compare_request_init(struct compare_request *req)
{
    req->models = NULL;
    req->count = 0;
    compare_options_init(&req->options);
    req->extras.include = 0;
    req->extras.tokens = 0;
    req->source = COMPARE_SOURCE_QUERY;
}

void compare_request_cleanup(struct compare_request *req)
{
    if (req == NULL)
        return;
    free(req->models);
    compare_request_init(req);
}

enum svc_status compare_include(const char *name, size_t len,
                                unsigned *include)
{
    if (len == 6 && memcmp(name, "memory", 6) == 0)
        *include |= COMPARE_MEMORY;
    else if (len == 7 && memcmp(name, "compute", 7) == 0)
        *include |= COMPARE_COMPUTE;
    else
        return SVC_EINVAL;
    return SVC_OK;
}

/* Points pb at field ("name" or "parameters") of model i. */
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

enum svc_status compare_request_run(const struct compare_request *req,
                                    struct compare_result *out,
                                    struct problem *pb)
{
    const int query = req->source == COMPARE_SOURCE_QUERY;
    struct compare_entry *entries;
    struct compare_error err;
    char q[PROBLEM_QUOTE_MAX];
    const struct compare_model *m;

    entries = calloc(req->count > 0 ? req->count : 1, sizeof(*entries));
    if (entries == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    if (compare_run(req->models, req->count, &req->options, entries, out,
                    &err) == SVC_OK)
        return SVC_OK;
    free(entries);
    m = err.index < req->count ? &req->models[err.index] : NULL;
    switch (err.fault) {
    case COMPARE_FAULT_EMPTY:
        problem_set(pb, SVC_EINVAL, "models %s: give at least one model",
                    err.reason);
        if (!query)
            problem_point(pb, "/models");
        break;
    case COMPARE_FAULT_NAME:
    case COMPARE_FAULT_DUPLICATE:
        problem_set(pb, SVC_EINVAL, "model name %s %s",
                    problem_quote(q, sizeof(q), m->name, m->name_len),
                    err.reason);
        if (req->source == COMPARE_SOURCE_OBJECT) {
            /* The key itself may be unprintable or ambiguous. */
            problem_set(pb, SVC_EINVAL,
                        "model name %s %s (member %zu of \"models\", "
                        "counting from 0)", q, err.reason, err.index);
            problem_point(pb, "/models");
        } else {
            point_at_model(pb, req, err.index, "name");
        }
        break;
    case COMPARE_FAULT_PARAMETERS:
        problem_set(pb, SVC_EINVAL, "parameters of model %s %s",
                    problem_quote(q, sizeof(q), m->name, m->name_len),
                    err.reason);
        point_at_model(pb, req, err.index, "parameters");
        break;
    case COMPARE_FAULT_ACTIVE:
        problem_set(pb, SVC_EINVAL, "active_parameters of model %s %s",
                    problem_quote(q, sizeof(q), m->name, m->name_len),
                    err.reason);
        point_at_model(pb, req, err.index, "active_parameters");
        break;
    case COMPARE_FAULT_PRECISION:
        problem_set(pb, SVC_EINVAL, "precision %d %s",
                    req->options.precision, err.reason);
        if (!query)
            problem_point(pb, "/precision");
        break;
    case COMPARE_FAULT_BASELINE:
        problem_set(pb, SVC_EINVAL, "baseline %s %s",
                    problem_quote(q, sizeof(q), req->options.baseline,
                                  req->options.baseline_len),
                    err.reason);
        if (!query)
            problem_point(pb, "/baseline");
        break;
    default:
        problem_set(pb, SVC_EINTERNAL, "the comparison failed");
        break;
    }
    return pb->status;
}
