/* query.c - GET /compare's query parameters. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static const char *const known[] = {"models", "sort", "precision",
                                    "baseline"};
#define NKNOWN (sizeof(known) / sizeof(known[0]))

static const struct compare_model *
find_model(const struct compare_model *catalog, size_t count,
           const char *name, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        if (catalog[i].name_len == len &&
            memcmp(catalog[i].name, name, len) == 0)
            return &catalog[i];
    }
    return NULL;
}

/* Copies the catalog models named by the comma-separated list into a
 * new array. */
static enum svc_status select_models(const char *list,
                                     const struct compare_model *catalog,
                                     size_t catalog_count,
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
        const struct compare_model *m =
            find_model(catalog, catalog_count, p, len);

        if (len == 0)
            return problem_set(pb, SVC_EMALFORMED,
                               "query parameter models has an empty name "
                               "at position %zu", req->count + 1);
        if (m == NULL)
            return problem_set(pb, SVC_ENOTFOUND,
                               "unknown model %s in models=; GET /models "
                               "lists the catalog",
                               problem_quote(q, sizeof(q), p, len));
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
        if (value[0] < '0' || value[0] > '0' + PARAMS_PRECISION_MAX ||
            value[1] != '\0')
            return problem_set(pb, SVC_EINVAL,
                               "precision %s must be an integer from 0 "
                               "to %d",
                               problem_quote(q, sizeof(q), value,
                                             strlen(value)),
                               PARAMS_PRECISION_MAX);
        opts->precision = value[0] - '0';
    } else if (strcmp(key, "baseline") == 0) {
        opts->baseline = value;
        opts->baseline_len = strlen(value);
    }
    return SVC_OK;
}

enum svc_status query_decode_compare(const struct query_arg *args,
                                     size_t nargs,
                                     const struct compare_model *catalog,
                                     size_t catalog_count,
                                     struct compare_request *req,
                                     struct problem *pb)
{
    const char *seen[NKNOWN] = {NULL};
    char q[PROBLEM_QUOTE_MAX];
    enum svc_status st = SVC_OK;

    req->source = COMPARE_SOURCE_QUERY;
    for (size_t i = 0; i < nargs && st == SVC_OK; i++) {
        const struct query_arg *a = &args[i];
        size_t k = 0;

        while (k < NKNOWN && strcmp(a->key, known[k]) != 0)
            k++;
        if (k == NKNOWN)
            st = problem_set(pb, SVC_EMALFORMED,
                             "unknown query parameter %s (expected "
                             "models, sort, precision, baseline)",
                             problem_quote(q, sizeof(q), a->key,
                                           strlen(a->key)));
        else if (seen[k] != NULL)
            st = problem_set(pb, SVC_EMALFORMED,
                             "query parameter %s is given more than once",
                             known[k]);
        else if (a->value == NULL || a->value[0] == '\0')
            st = problem_set(pb, SVC_EMALFORMED,
                             "query parameter %s is empty", known[k]);
        else if (strlen(a->value) != a->value_len)
            st = problem_set(pb, SVC_EMALFORMED,
                             "query parameter %s contains a NUL byte",
                             known[k]);
        else
            seen[k] = a->value;
    }
    for (size_t k = 1; k < NKNOWN && st == SVC_OK; k++) {
        if (seen[k] != NULL)
            st = read_option(known[k], seen[k], &req->options, pb);
    }
    if (st == SVC_OK && seen[0] != NULL) {
        st = select_models(seen[0], catalog, catalog_count, req, pb);
    } else if (st == SVC_OK) {
        req->models = calloc(catalog_count, sizeof(*req->models));
        if (req->models == NULL)
            st = problem_set(pb, SVC_ENOMEM, "out of memory");
        else
            memcpy(req->models, catalog,
                   catalog_count * sizeof(*req->models));
        req->count = catalog_count;
    }
    if (st != SVC_OK)
        compare_request_cleanup(req);
    return st;
}
