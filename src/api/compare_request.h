/* compare_request.h - a comparison as a client asked for it (from a
 * query string, a JSON body or a catalog file), and how to name its
 * parts when something is wrong with them. */
#ifndef MODELSCALE_COMPARE_REQUEST_H
#define MODELSCALE_COMPARE_REQUEST_H

#include <stddef.h>

#include "modelscale/compare.h"
#include "api/problem.h"

/* Where the models came from: it decides how errors point at them. */
enum compare_source {
    COMPARE_SOURCE_QUERY = 0, /* GET /compare?models=a,b */
    COMPARE_SOURCE_OBJECT,    /* {"models": {"a": 1, ...}} */
    COMPARE_SOURCE_ARRAY      /* {"models": [{"name": "a", ...}]} */
};

/* What an answer adds to each model besides its count and ratios. */
enum compare_part {
    COMPARE_MEMORY = 1 << 0, /* include=memory */
    COMPARE_COMPUTE = 1 << 1 /* include=compute */
};

struct compare_extras {
    unsigned include; /* enum compare_part bits */
    double tokens;    /* training tokens for compute; 0: compute-optimal */
};

struct compare_request {
    struct compare_model *models; /* owned; names are borrowed */
    size_t count;
    struct compare_options options;
    struct compare_extras extras;
    enum compare_source source;
};

/* Empties req: no models, default options. */
void compare_request_init(struct compare_request *req);

/* Frees the models array; the names it borrowed are not touched.
 * Leaves req empty.  Accepts NULL. */
void compare_request_cleanup(struct compare_request *req);

/* Adds the part named name[0..len) ("memory", "compute") to *include.
 * Returns SVC_OK, or SVC_EINVAL for another name. */
enum svc_status compare_include(const char *name, size_t len,
                                unsigned *include);

/* Runs the comparison of req.  On success out->entries is a new array
 * of req->count entries that the caller frees with free().  On failure
 * nothing is left allocated and pb says what is wrong, with a detail
 * that names the offending value and, for a JSON body, a pointer to it.
 * Returns SVC_OK or the failure's status. */
enum svc_status compare_request_run(const struct compare_request *req,
                                    struct compare_result *out,
                                    struct problem *pb);

#endif
