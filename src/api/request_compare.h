/* request_compare.h - a comparison as a client asked for it: from the
 * query of GET /compare (models of a catalog), or from a JSON body (the
 * client's own models, or a catalog file's), and the run of it, with the
 * problems that point at the offending input. */
#ifndef MODELSCALE_REQUEST_COMPARE_H
#define MODELSCALE_REQUEST_COMPARE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "api/problem.h"
#include "api/request.h"
#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "modelscale/estimate.h"

/* Where the models came from: it decides how errors point at them. */
enum compare_source {
    COMPARE_SOURCE_QUERY = 0, /* GET /compare?models=a,b */
    COMPARE_SOURCE_OBJECT,    /* {"models": {"a": 1, ...}} */
    COMPARE_SOURCE_ARRAY      /* {"models": [{"name": "a", ...}]} */
};

/* The most models whose memory and compute one answer includes: each
 * such model takes ~10 kB of the answer's tree, so 1,000 take ~10 MB. */
#define COMPARE_INCLUDE_MAX 1000

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
    /* As the fields gave them, until compare_request_read resolves
     * them; borrowed from the request. */
    const char *names;        /* models= of a query */
    const cJSON *models_json; /* "models" of a body */
    const char *catalog;      /* catalog= of a query */
};

/* Empties req: no models, default options. */
void compare_request_init(struct compare_request *req);

/* Frees the models array; the names it borrowed are not touched.
 * Leaves req empty.  Accepts NULL. */
void compare_request_cleanup(struct compare_request *req);

/* Reads a comparison from rq: from its body ({"models": {...} | [...],
 * "sort", "precision", "baseline", "include", "tokens"}, at most
 * max_models models), or from its query (models=a,b of the catalog
 * named by catalog=, one of catalogs[0..ncatalogs), catalogs[0] unless
 * given; the whole catalog without models=).  req must be initialised;
 * on success it owns a models array whose names are borrowed from the
 * body or the catalog, so both must outlive req.  On failure req is
 * left empty and pb says what is wrong and where.
 * @unittest check_request_compare.c */
enum svc_status compare_request_read(const struct request *rq,
                                     const struct catalog *catalogs,
                                     size_t ncatalogs, size_t max_models,
                                     struct compare_request *req,
                                     struct problem *pb);

/* A comparison done: the core's result and, with req->extras.include,
 * each model's estimates. */
struct compare_answer {
    struct compare_result result;      /* result.entries is owned */
    struct estimate_model *estimates;  /* owned; one per entry, in the
                                          entries' order, or NULL */
};

/* Runs the comparison of req into *out, which the caller frees with
 * compare_answer_cleanup.  On failure nothing is left allocated and pb
 * says what is wrong, with a detail that names the offending value and,
 * for a JSON body, a pointer to it.  Returns SVC_OK or the failure.
 * @unittest check_request_compare.c */
enum svc_status compare_request_run(const struct compare_request *req,
                                    struct compare_answer *out,
                                    struct problem *pb);

/* Frees what a holds.  Accepts NULL. */
void compare_answer_cleanup(struct compare_answer *a);

#endif
