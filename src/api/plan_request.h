/* plan_request.h - the requests of /fit and /scaling: which models fit
 * in an amount of memory, and what the scaling laws predict.  Each is
 * read field by field (field.h) from a query or a JSON body and then
 * checked as a whole. */
#ifndef MODELSCALE_PLAN_REQUEST_H
#define MODELSCALE_PLAN_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "modelscale/catalog.h"
#include "modelscale/estimate.h"
#include "api/field.h"
#include "api/problem.h"

#define FIT_DEFAULT_CATALOG "reference"

/* GET /fit?memory=24GB&dtype=int4&mode=inference&catalog=reference */
struct fit_request {
    uint64_t memory;           /* bytes; 0 until given */
    enum estimate_dtype dtype; /* bf16 unless given */
    int dtype_given;
    enum estimate_mode mode; /* inference unless given */
    const char *catalog;     /* borrowed; NULL for FIT_DEFAULT_CATALOG */
};

extern const struct field_set fit_fields;

void fit_request_init(struct fit_request *req);

/* Checks what no single field can: memory is given, and training (16
 * bytes a parameter, weights in bf16 or fp16) is not asked in another
 * dtype.  Then finds the catalog.  Returns SVC_OK and sets *catalog,
 * or an error with pb set (SVC_EINVAL, or SVC_ENOTFOUND for an unknown
 * catalog).  @unittest check_handlers.c "fit" */
enum svc_status fit_request_check(const struct fit_request *req,
                                  const struct catalog *catalogs, size_t n,
                                  const struct catalog **catalog,
                                  struct problem *pb);

/* The answer to a fit request: the catalog's models by need. */
struct fit_answer {
    const struct catalog *catalog;
    uint64_t memory;
    enum estimate_dtype dtype;
    enum estimate_mode mode;
    struct estimate_need *needs; /* catalog->count, largest first */
    size_t first_fit;            /* needs[first_fit..] fit */
};

/* GET /scaling?parameters=70B&tokens=1.4T, or ?compute=5.76e23 */
struct scaling_request {
    double parameters; /* 0 until given */
    double tokens;     /* 0 until given: then 20 x parameters */
    double compute;    /* FLOP; 0 until given */
};

extern const struct field_set scaling_fields;

void scaling_request_init(struct scaling_request *req);

/* Checks that the request asks one question: parameters (and perhaps
 * tokens), or compute alone.  Fills in the compute-optimal tokens when
 * only parameters are given.  Returns SVC_OK or SVC_EINVAL with pb set.
 * @unittest check_handlers.c "scaling" */
enum svc_status scaling_request_check(struct scaling_request *req,
                                      struct problem *pb);

#endif
