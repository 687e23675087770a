/* request_serving.c - reading and checking the GPU side of serving. */
#include "api/request_serving.h"

#include <string.h>

static const char *const names[SERVING_FIELDS] = {
    "gpu", "gpus", "context", "batch", "kv_dtype", "utilization"};

void serving_input_init(struct serving_input *in)
{
    memset(in, 0, sizeof(*in));
}

enum svc_status serving_dtype(const char *name, const struct field_value *v,
                              enum dtype *out, struct problem *pb)
{
    enum dtype_fault f = DTYPE_FAULT_UNKNOWN;

    if (v->text != NULL)
        f = dtype_parse(v->text, strlen(v->text), out);
    if (f == DTYPE_FAULT_NONE)
        return SVC_OK;
    return problem_set(pb, SVC_EINVAL, "%s %s %s", name, field_shown(v),
                       dtype_fault_message(f));
}

static enum svc_status read_kv(struct serving_input *in,
                               const struct field_value *v,
                               struct problem *pb)
{
    enum dtype_fault f = DTYPE_FAULT_UNKNOWN;

    if (v->text != NULL)
        f = dtype_kv_parse(v->text, strlen(v->text), &in->kv);
    if (f != DTYPE_FAULT_NONE)
        return problem_set(pb, SVC_EINVAL, "kv_dtype %s %s", field_shown(v),
                           dtype_kv_fault_message(f));
    in->kv_given = 1;
    return SVC_OK;
}

/* A whole number from 1 to max into *out. */
static enum svc_status read_whole(const char *name,
                                  const struct field_value *v, long max,
                                  uint64_t *out, struct problem *pb)
{
    long n;

    if (field_integer(name, v, 1, max, &n, pb) != SVC_OK)
        return pb->status;
    *out = (uint64_t)n;
    return SVC_OK;
}

enum svc_status serving_set(struct serving_input *in, const char *name,
                            const struct field_value *v,
                            struct problem *pb)
{
    size_t k = 0;

    while (k < SERVING_FIELDS && strcmp(names[k], name) != 0)
        k++;
    in->given |= 1u << k;
    switch (k) {
    case 0:
        return field_text("gpu", v, "a GPU id of GET /gpus", &in->gpu, pb);
    case 1:
        return read_whole("gpus", v, (long)INFERENCE_GPUS_MAX, &in->gpus,
                          pb);
    case 2:
        return read_whole("context", v, (long)INFERENCE_CONTEXT_MAX,
                          &in->context, pb);
    case 3:
        return read_whole("batch", v, (long)INFERENCE_BATCH_MAX,
                          &in->batch, pb);
    case 4:
        return read_kv(in, v, pb);
    case 5:
        return field_positive("utilization", v, 1, "above 0 and at most 1",
                              &in->utilization, pb);
    default:
        return problem_set(pb, SVC_EINTERNAL,
                           "field %s is not a serving one", name);
    }
}

const char *serving_first_given(const struct serving_input *in)
{
    for (size_t k = 0; k < SERVING_FIELDS; k++) {
        if (in->given & (1u << k))
            return names[k];
    }
    return NULL;
}

/* The GPU of in among gpus[0..n), into *out. */
static enum svc_status find_gpu(const struct serving_input *in,
                                const struct gpu *gpus, size_t n, int body,
                                const struct gpu **out, struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    *out = in->gpu != NULL ? gpu_find(gpus, n, in->gpu, strlen(in->gpu))
                           : NULL;
    if (*out != NULL)
        return SVC_OK;
    if (in->gpu == NULL)
        problem_set(pb, SVC_EINVAL,
                    "gpu is required: the id of a GPU of GET /gpus, such "
                    "as h100-sxm or l4");
    else
        problem_set(pb, SVC_ENOTFOUND,
                    "unknown gpu %s; GET /gpus lists the GPUs and their ids",
                    problem_quote(q, sizeof(q), in->gpu, strlen(in->gpu)));
    if (body)
        problem_point(pb, "/gpu");
    return pb->status;
}

enum svc_status serving_resolve(const struct serving_input *in,
                                enum dtype dtype, const struct gpu *gpus,
                                size_t ngpus, int body,
                                struct inference_in *out,
                                struct problem *pb)
{
    if (find_gpu(in, gpus, ngpus, body, &out->gpu, pb) != SVC_OK)
        return pb->status;
    out->dtype = dtype;
    out->kv = in->kv_given ? in->kv : dtype_kv_default(dtype);
    out->gpus = in->gpus != 0 ? in->gpus : 1;
    out->context = in->context != 0 ? in->context : SERVING_CONTEXT_DEFAULT;
    out->batch = in->batch != 0 ? in->batch : 1;
    out->utilization = in->utilization != 0
                           ? in->utilization
                           : INFERENCE_UTILIZATION_DEFAULT;
    return SVC_OK;
}
