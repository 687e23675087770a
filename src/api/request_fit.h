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
#include "modelscale/gpu.h"
#include "modelscale/inference.h"

#define FIT_DEFAULT_CATALOG "reference"

/* The answer: the catalog's models by need, in one of two ways.  With
 * `memory` (?memory=24GB&dtype=int4&mode=inference), today's rules of
 * thumb for each mode; with `gpu` (?gpu=l4&gpus=2&context=8192), serving
 * on GPUs as /inference does, each model with the exact KV cache of its
 * architecture or, without one, the x 1.2 rule. */
struct fit_answer {
    const struct catalog *catalog;
    uint64_t memory;          /* to fit in: given, or the GPUs' usable */
    enum estimate_dtype dtype; /* with memory */
    enum estimate_mode mode;   /* ESTIMATE_INFERENCE with gpu */
    struct estimate_need *needs; /* owned, with memory: catalog->count,
                                    largest first */
    size_t first_fit;            /* needs[first_fit..] (or fitted[..])
                                    fit */
    int on_gpus;                 /* gpu was given */
    struct inference_in in;      /* with gpu: its side of the estimate */
    struct inference_fit *fitted; /* owned, with gpu: catalog->count */
};

/* Reads a fit request from rq and checks what no single field can:
 * exactly one of memory and gpu is given; with memory, training (16
 * bytes a parameter, weights in bf16 or fp16) is not asked in another
 * dtype and no GPU field is given; with gpu, the mode is inference.
 * Then finds the catalog among catalogs[0..n) (and the GPU among
 * gpus[0..ngpus)) and which of its models fit, into *out (free it with
 * fit_answer_cleanup).  Returns SVC_OK, or an error with pb set
 * (SVC_ENOTFOUND for an unknown catalog or GPU).
 * @unittest check_request_plans.c "fit" */
enum svc_status fit_request_answer(const struct request *rq,
                                   const struct catalog *catalogs, size_t n,
                                   const struct gpu *gpus, size_t ngpus,
                                   struct fit_answer *out,
                                   struct problem *pb);

/* Frees what a holds.  Accepts NULL. */
void fit_answer_cleanup(struct fit_answer *a);

#endif
