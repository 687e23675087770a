/* request_fit.h - GET/POST /fit: which models of a catalog fit in an
 * amount of memory, read from either carrier, checked as a whole, and
 * answered as the core's needs. */
#ifndef MODELSCALE_REQUEST_FIT_H
#define MODELSCALE_REQUEST_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "api/problem.h"
#include "api/request.h"
#include "modelscale/catalog.h"
#include "modelscale/estimate.h"

#define FIT_DEFAULT_CATALOG "reference"

/* ?memory=24GB&dtype=int4&mode=inference&catalog=reference */
struct fit_request {
    uint64_t memory;           /* bytes; 0 until given */
    enum estimate_dtype dtype; /* bf16 unless given */
    int dtype_given;
    enum estimate_mode mode; /* inference unless given */
    const char *catalog;     /* borrowed; NULL for FIT_DEFAULT_CATALOG */
};

/* The answer: the catalog's models by need. */
struct fit_answer {
    const struct catalog *catalog;
    uint64_t memory;
    enum estimate_dtype dtype;
    enum estimate_mode mode;
    struct estimate_need *needs; /* owned; catalog->count, largest first */
    size_t first_fit;            /* needs[first_fit..] fit */
};

/* Reads a fit request from rq and checks what no single field can:
 * memory is given, and training (16 bytes a parameter, weights in bf16
 * or fp16) is not asked in another dtype; then finds the catalog among
 * catalogs[0..n) and which of its models fit, into *out (free it with
 * fit_answer_cleanup).  Returns SVC_OK, or an error with pb set
 * (SVC_ENOTFOUND for an unknown catalog).
 * @unittest check_request_plans.c "fit" */
enum svc_status fit_request_answer(const struct request *rq,
                                   const struct catalog *catalogs, size_t n,
                                   struct fit_answer *out,
                                   struct problem *pb);

/* Frees what a holds.  Accepts NULL. */
void fit_answer_cleanup(struct fit_answer *a);

#endif
