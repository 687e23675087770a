/* query.c - query strings: GET /compare's, and the checks every route's query gets. */
#include "api/query.h"
#include "modelscale/numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARG_MODELS, ARG_SORT, ARG_PRECISION, ARG_BASELINE, ARG_INCLUDE,
       ARG_TOKENS, ARG_CATALOG, NARGS };
static const char *const compare_args[NARGS] = {
    "models", "sort", "precision", "baseline", "include", "tokens",
    "catalog"};

enum svc_status query_collect(const struct query_arg *args, size_t nargs,
                              const char *const *known, size_t nknown,
                              const char **values, struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX], list[160] = "none";
    size_t used = 0;

    for (size_t k = 0; k < nknown; k++) {
        values[k] = NULL;
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
                                 k > 0 ? ", " : "", known[k]);
        if (used >= sizeof(list))
            used = sizeof(list) - 1;
    }
    for (size_t i = 0; i < nargs; i++) {
        const struct query_arg *a = &args[i];
        size_t k = 0;

        while (k < nknown && strcmp(a->key, known[k]) != 0)
            k++;
        if (k == nknown)
            return problem_set(pb, SVC_EMALFORMED,
                               "unknown query parameter %s (expected %s)",
                               problem_quote(q, sizeof(q), a->key,
                                             strlen(a->key)),
                               list);
        if (values[k] != NULL)
            return problem_set(pb, SVC_EMALFORMED,
                               "query parameter %s is given more than once",
                               known[k]);
        if (a->value == NULL || a->value[0] == '\0')
            return problem_set(pb, SVC_EMALFORMED,
                               "query parameter %s is empty", known[k]);
        if (strlen(a->value) != a->value_len)
            return problem_set(pb, SVC_EMALFORMED,
                               "query parameter %s contains a NUL byte",
                               known[k]);
        values[k] = a->value;
    }
    return SVC_OK;
}

enum svc_status query_catalog(const char *name,
                              const struct catalog *catalogs, size_t n,
                              const struct catalog **out,
                              struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    *out = name == NULL ? &catalogs[0]
                        : catalog_find(catalogs, n, name, strlen(name));
    if (*out == NULL)
        return problem_set(pb, SVC_ENOTFOUND,
                           "unknown catalog %s; GET /catalogs lists them",
                           problem_quote(q, sizeof(q), name, strlen(name)));
    return SVC_OK;
}

/* Copies the catalog models named by the comma-separated list into a
 * new array. */
static enum svc_status select_models(const char *list,
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

static enum svc_status read_option(const char *key, const char *value,
                                   struct compare_options *opts,
                                   struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    if (strcmp(key, "sort") == 0) {
        if (strcmp(value, "asc") == 0)
            opts->sort = COMPARE_SORT_ASC;
        else if (strcmp(value, "desc") == 0)
            opts->sort = COMPARE_SORT_DESC;
        else if (strcmp(value, "input") == 0)
            opts->sort = COMPARE_SORT_INPUT;
        else
            return problem_set(pb, SVC_EINVAL,
                               "sort %s must be asc, desc or input",
                               problem_quote(q, sizeof(q), value,
                                             strlen(value)));
    } else if (strcmp(key, "precision") == 0) {
        if (value[0] < '0' || value[0] > '0' + NUMFMT_PRECISION_MAX ||
            value[1] != '\0')
            return problem_set(pb, SVC_EINVAL,
                               "precision %s must be an integer from 0 "
                               "to %d",
                               problem_quote(q, sizeof(q), value,
                                             strlen(value)),
                               NUMFMT_PRECISION_MAX);
        opts->precision = value[0] - '0';
    } else if (strcmp(key, "baseline") == 0) {
        opts->baseline = value;
        opts->baseline_len = strlen(value);
    }
    return SVC_OK;
}

/* include=memory,compute and tokens=300B. */
static enum svc_status read_extras(const char *include, const char *tokens,
                                   struct compare_extras *extras,
                                   struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    for (const char *p = include; p != NULL;) {
        size_t len = strcspn(p, ",");

        if (compare_include(p, len, &extras->include) != SVC_OK)
            return problem_set(pb, SVC_EINVAL,
                               "include %s: each part must be memory or "
                               "compute",
                               problem_quote(q, sizeof(q), p, len));
        p = p[len] == ',' ? p + len + 1 : NULL;
    }
    if (tokens != NULL) {
        struct field_value v = {tokens, 0, NULL};

        v.shown = problem_quote(q, sizeof(q), tokens, strlen(tokens));
        return field_read_amount("tokens", &v, &extras->tokens, pb);
    }
    return SVC_OK;
}

enum svc_status query_decode_compare(const struct query_arg *args,
                                     size_t nargs,
                                     const struct catalog *catalogs,
                                     size_t ncatalogs,
                                     struct compare_request *req,
                                     struct problem *pb)
{
    const char *v[NARGS];
    const struct catalog *catalog = NULL;
    enum svc_status st;

    req->source = COMPARE_SOURCE_QUERY;
    st = query_collect(args, nargs, compare_args, NARGS, v, pb);
    for (size_t k = ARG_SORT; k <= ARG_BASELINE && st == SVC_OK; k++) {
        if (v[k] != NULL)
            st = read_option(compare_args[k], v[k], &req->options, pb);
    }
    if (st == SVC_OK)
        st = read_extras(v[ARG_INCLUDE], v[ARG_TOKENS], &req->extras, pb);
    if (st == SVC_OK)
        st = query_catalog(v[ARG_CATALOG], catalogs, ncatalogs, &catalog,
                           pb);
    if (st == SVC_OK && v[ARG_MODELS] != NULL) {
        st = select_models(v[ARG_MODELS], catalog, req, pb);
    } else if (st == SVC_OK) {
        req->models = calloc(catalog->count, sizeof(*req->models));
        if (req->models == NULL)
            st = problem_set(pb, SVC_ENOMEM, "out of memory");
        else
            memcpy(req->models, catalog->models,
                   catalog->count * sizeof(*req->models));
        req->count = catalog->count;
    }
    if (st != SVC_OK)
        compare_request_cleanup(req);
    return st;
}

enum svc_status query_decode_fields(const struct query_arg *args,
                                    size_t nargs, const struct field_set *fs,
                                    void *req, struct problem *pb)
{
    const char *v[QUERY_ARGS_MAX];
    enum svc_status st;

    if (fs->count > QUERY_ARGS_MAX)
        return problem_set(pb, SVC_EINTERNAL, "too many fields");
    st = query_collect(args, nargs, fs->names, fs->count, v, pb);
    for (size_t k = 0; k < fs->count && st == SVC_OK; k++) {
        char q[PROBLEM_QUOTE_MAX];
        struct field_value value = {v[k], 0, NULL};

        if (v[k] == NULL)
            continue;
        value.shown = problem_quote(q, sizeof(q), v[k], strlen(v[k]));
        st = fs->set(req, k, &value, pb);
    }
    return st;
}
