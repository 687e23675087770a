/* request_inference.h - GET/POST /inference: serving one model on
 * GPUs, read from either carrier (a model of a catalog, or a config in
 * a body), and the core's memory, capacity and speed for it. */
#ifndef MODELSCALE_REQUEST_INFERENCE_H
#define MODELSCALE_REQUEST_INFERENCE_H

#include <stddef.h>

#include "api/problem.h"
#include "api/request.h"
#include "api/request_subject.h"
#include "modelscale/catalog.h"
#include "modelscale/gpu.h"
#include "modelscale/inference.h"

#define INFERENCE_DTYPE_DEFAULT DTYPE_BF16

/* An estimate answered.  Not to be copied: in.shape points at shape,
 * and who.arch may point into who. */
struct inference_answer {
    struct subject who;          /* the model */
    int has_shape;               /* who has an architecture */
    struct arch_kv_shape shape;  /* arch_kv_shape of who.arch */
    struct inference_in in;      /* what the core was asked */
    struct inference_memory memory;
    struct inference_capacity capacity; /* only with a shape */
    struct inference_speed speed;
};

/* Reads rq's fields (model, catalog, config, dtype, kv_dtype, context,
 * batch, gpu, gpus, utilization, prefill_utilization), resolves the
 * model among catalogs[0..ncatalogs) and the GPU among gpus[0..ngpus),
 * and runs the core into *out (which borrows from rq, the catalogs and
 * the GPUs, and holds nothing to free).  Returns SVC_OK, or the failure
 * with pb naming the field (and pointing at it in a body).
 * @unittest check_request_inference.c */
enum svc_status inference_request_answer(const struct request *rq,
                                         const struct catalog *catalogs,
                                         size_t ncatalogs,
                                         const struct gpu *gpus,
                                         size_t ngpus,
                                         struct inference_answer *out,
                                         struct problem *pb);

#endif
