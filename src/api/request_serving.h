/* request_serving.h - the inputs of serving a model on GPUs that
 * /inference and /fit share (gpu, gpus, context, batch, kv_dtype,
 * utilization), read the same way on both, checked, and turned into the
 * core's struct inference_in. */
#ifndef MODELSCALE_REQUEST_SERVING_H
#define MODELSCALE_REQUEST_SERVING_H

#include <stddef.h>
#include <stdint.h>

#include "api/field.h"
#include "api/problem.h"
#include "modelscale/dtype.h"
#include "modelscale/gpu.h"
#include "modelscale/inference.h"

#define SERVING_CONTEXT_DEFAULT 4096

/* The rows of a route's field table, in this order; its setter passes
 * them to serving_set by name. */
#define SERVING_ROWS                                                       \
    {"gpu", FIELD_BOTH, 0}, {"gpus", FIELD_BOTH, 0},                       \
    {"context", FIELD_BOTH, 0}, {"batch", FIELD_BOTH, 0},                  \
    {"kv_dtype", FIELD_BOTH, 0}, {"utilization", FIELD_BOTH, 0}
#define SERVING_FIELDS 6

/* What the fields gave; the text is borrowed from the request. */
struct serving_input {
    const char *gpu;         /* an id of GET /gpus, or NULL */
    uint64_t gpus;           /* 0: not given (1) */
    uint64_t context;        /* 0: not given (SERVING_CONTEXT_DEFAULT) */
    uint64_t batch;          /* 0: not given (1) */
    enum dtype_kv kv;
    int kv_given;
    double utilization;      /* 0: not given (the default 0.9) */
    unsigned given;          /* bit i: SERVING_ROWS' i-th field given */
};

/* Empties in: nothing given. */
void serving_input_init(struct serving_input *in);

/* Takes the value of field `name` (a SERVING_ROWS name): gpu as text,
 * gpus 1..4096, context 1..10^7, batch 1..10^6 (whole numbers),
 * kv_dtype one of DTYPE_KV_NAMES, utilization above 0 and at most 1.
 * Returns SVC_OK, or SVC_EINVAL with pb naming the value and its
 * range.  @unittest check_request_serving.c */
enum svc_status serving_set(struct serving_input *in, const char *name,
                            const struct field_value *v,
                            struct problem *pb);

/* The name of the first field of in given, or NULL: for a route that
 * refuses them in some of its modes. */
const char *serving_first_given(const struct serving_input *in);

/* Fills the GPU side of *out from in: the GPU named among
 * gpus[0..ngpus) (required: 422 without one, 404 for an unknown id,
 * both naming GET /gpus; body says whether to point at /gpu), gpus,
 * context, batch, utilization and, unless given, the KV type for the
 * weights' format `dtype` (dtype_kv_default).  out->dtype is set to
 * dtype; its model fields (parameters, active, shape) and prefill_mfu
 * are left for the caller.  Returns SVC_OK or the failure, with pb set.
 * @unittest check_request_serving.c */
enum svc_status serving_resolve(const struct serving_input *in,
                                enum dtype dtype, const struct gpu *gpus,
                                size_t ngpus, int body,
                                struct inference_in *out,
                                struct problem *pb);

/* Reads a weight format for field `name` (dtype_parse): SVC_OK, or
 * SVC_EINVAL with the fault's sentence (a mixed GGUF type names the
 * uniform ones).  @unittest check_request_serving.c */
enum svc_status serving_dtype(const char *name, const struct field_value *v,
                              enum dtype *out, struct problem *pb);

#endif
