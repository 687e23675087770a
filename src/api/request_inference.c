/* request_inference.c - reading /inference and running the core. */
#include "api/request_inference.h"

#include <string.h>

#include "api/field.h"
#include "api/request_serving.h"

enum { F_MODEL, F_CATALOG, F_CONFIG, F_DTYPE, F_GPU, F_GPUS, F_CONTEXT,
       F_BATCH, F_KV, F_UTILIZATION, F_PREFILL, FIELDS };
static const struct field fields[FIELDS] = {
    SUBJECT_ROWS_MODEL,
    SUBJECT_ROWS_CONFIG,
    {"dtype", FIELD_BOTH, 0},
    SERVING_ROWS,
    {"prefill_utilization", FIELD_BOTH, 0},
};

/* What the fields gave, before anything is looked up. */
struct reading {
    struct subject_input who;
    struct serving_input serving;
    enum dtype dtype;
    double prefill; /* 0: not given */
};

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    struct reading *r = to;

    if (k <= F_CONFIG)
        return subject_set(&r->who, fields[k].name, v, pb);
    if (k == F_DTYPE)
        return serving_dtype("dtype", v, &r->dtype, pb);
    if (k == F_PREFILL)
        return field_positive("prefill_utilization", v, 1,
                              "above 0 and at most 1", &r->prefill, pb);
    return serving_set(&r->serving, fields[k].name, v, pb);
}

static const struct field_set inference_fields = {fields, FIELDS,
                                                  set_field, NULL, NULL};

/* The core's estimates of out->in, which is complete. */
static enum svc_status run(struct inference_answer *out, int body,
                           struct problem *pb)
{
    out->memory = inference_memory(&out->in);
    if (out->memory.status != SVC_OK) {
        /* the cache: too large, or a shape beyond the core's bounds */
        problem_set(pb, SVC_EINVAL,
                    "cannot estimate at context %llu and batch %llu: %s",
                    (unsigned long long)out->in.context,
                    (unsigned long long)out->in.batch, out->memory.fault);
        if (body && out->who.carrier == SUBJECT_CONFIG)
            problem_point(pb, "/config");
        return pb->status;
    }
    if (out->has_shape)
        out->capacity = inference_capacity(&out->in);
    out->speed = inference_speed(&out->in);
    if ((out->has_shape && out->capacity.status != SVC_OK) ||
        out->speed.status != SVC_OK)
        return problem_set(pb, SVC_EINTERNAL,
                           "the estimate failed after its memory did");
    return SVC_OK;
}

enum svc_status inference_request_answer(const struct request *rq,
                                         const struct catalog *catalogs,
                                         size_t ncatalogs,
                                         const struct gpu *gpus,
                                         size_t ngpus,
                                         struct inference_answer *out,
                                         struct problem *pb)
{
    struct reading r;
    const int body = rq->body != NULL;

    memset(out, 0, sizeof(*out));
    memset(&r, 0, sizeof(r));
    subject_input_init(&r.who, SUBJECT_MODEL | SUBJECT_CONFIG, body);
    serving_input_init(&r.serving);
    r.dtype = INFERENCE_DTYPE_DEFAULT;
    if (field_read(&inference_fields, rq, &r, pb) != SVC_OK ||
        subject_resolve(&r.who, catalogs, ncatalogs, &out->who, pb) !=
            SVC_OK ||
        serving_resolve(&r.serving, r.dtype, gpus, ngpus, body, &out->in,
                        pb) != SVC_OK)
        return pb->status;
    out->in.parameters = out->who.parameters;
    out->in.active = out->who.active;
    out->in.prefill_mfu =
        r.prefill != 0 ? r.prefill : INFERENCE_PREFILL_MFU_DEFAULT;
    out->has_shape = out->who.arch != NULL;
    if (out->has_shape) {
        arch_kv_shape(out->who.arch, &out->shape);
        out->in.shape = &out->shape;
    }
    return run(out, body, pb);
}
