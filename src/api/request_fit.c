/* request_fit.c - reading, checking and answering /fit: in an amount of
 * memory by the rules of thumb, or on GPUs with the exact KV cache. */
#include "api/request_fit.h"

#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/request_serving.h"

/* The GPU fields come before dtype, so that its setter knows which
 * formats the request may name. */
enum { F_MEMORY, F_GPU, F_DTYPE = F_GPU + SERVING_FIELDS, F_MODE,
       F_CATALOG, FIELDS };
static const struct field fields[FIELDS] = {
    {"memory", FIELD_BOTH, 0},
    SERVING_ROWS,
    {"dtype", FIELD_BOTH, 0},
    {"mode", FIELD_BOTH, 0},
    {"catalog", FIELD_BOTH, 0},
};
#define DTYPES "fp32, bf16, fp16, fp8, int8 or int4"
#define MODES "weights, inference or training"

/* ?memory=24GB&dtype=int4&mode=inference&catalog=reference, or
 * ?gpu=l4&gpus=2&context=8192&dtype=q4_k */
struct fit_request {
    uint64_t memory;           /* bytes; 0 until given */
    enum estimate_dtype dtype; /* with memory: bf16 unless given */
    enum dtype weights;        /* with gpu: bf16 unless given */
    int dtype_given;
    enum estimate_mode mode; /* inference unless given */
    int mode_given;
    const char *catalog;     /* borrowed; NULL for FIT_DEFAULT_CATALOG */
    struct serving_input serving;
};

/* dtype: with gpu every weight format /inference reads, else the six
 * of the rules of thumb. */
static enum svc_status set_dtype(struct fit_request *req,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    const char *dtypes[ESTIMATE_DTYPES];
    size_t i;

    req->dtype_given = 1;
    if (req->serving.gpu != NULL)
        return serving_dtype("dtype", v, &req->weights, pb);
    for (int d = 0; d < ESTIMATE_DTYPES; d++)
        dtypes[d] = estimate_dtype_name(d);
    if (field_choice("dtype", v, dtypes, ESTIMATE_DTYPES, DTYPES, &i, pb) !=
        SVC_OK)
        return pb->status;
    req->dtype = (enum estimate_dtype)i;
    return SVC_OK;
}

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    const char *modes[ESTIMATE_MODES];
    struct fit_request *req = to;
    size_t i;

    for (int m = 0; m < ESTIMATE_MODES; m++)
        modes[m] = estimate_mode_name(m);
    if (k >= F_GPU && k < F_DTYPE)
        return serving_set(&req->serving, fields[k].name, v, pb);
    switch (k) {
    case F_MEMORY:
        return field_bytes("memory", v, &req->memory, pb);
    case F_DTYPE:
        return set_dtype(req, v, pb);
    case F_MODE:
        if (field_choice("mode", v, modes, ESTIMATE_MODES, MODES, &i, pb) !=
            SVC_OK)
            return pb->status;
        req->mode = (enum estimate_mode)i;
        req->mode_given = 1;
        return SVC_OK;
    default:
        return field_text("catalog", v, "a catalog name", &req->catalog,
                          pb);
    }
}

static const struct field_set fit_fields = {fields, FIELDS, set_field, NULL,
                                            NULL};

/* pb's status, pointing at /field in a body. */
static enum svc_status at(int body, const char *field, struct problem *pb)
{
    if (body)
        problem_point(pb, "/%s", field);
    return pb->status;
}

/* On GPUs: a mode other than inference has no GPU estimate. */
static enum svc_status check_gpus(const struct fit_request *req, int body,
                                  struct problem *pb)
{
    if (req->memory != 0) {
        problem_set(pb, SVC_EINVAL,
                    "give memory or gpu, not both: memory is an amount to "
                    "fit in, gpu a GPU of GET /gpus to serve on");
        return at(body, "gpu", pb);
    }
    if (req->mode_given && req->mode != ESTIMATE_INFERENCE) {
        problem_set(pb, SVC_EINVAL,
                    "mode %s goes with memory: on a gpu, /fit answers for "
                    "serving (mode inference)",
                    estimate_mode_name(req->mode));
        return at(body, "mode", pb);
    }
    return SVC_OK;
}

static enum svc_status check(const struct fit_request *req, int body,
                             struct problem *pb)
{
    const char *gpu_field = serving_first_given(&req->serving);

    if (req->serving.gpu != NULL)
        return check_gpus(req, body, pb);
    if (req->memory == 0) {
        problem_set(pb, SVC_EINVAL,
                    "memory is required: the memory to fit in, e.g. "
                    "\"24GB\" or \"80GiB\" (or gpu, a GPU of GET /gpus, to "
                    "fit on GPUs with the exact KV cache)");
        return at(body, gpu_field != NULL ? "gpu" : "memory", pb);
    }
    if (gpu_field != NULL) {
        problem_set(pb, SVC_EINVAL,
                    "%s goes with gpu: with memory, /fit uses the rules of "
                    "thumb, which know no GPU, context or batch",
                    gpu_field);
        return at(body, gpu_field, pb);
    }
    if (req->mode == ESTIMATE_TRAINING && req->dtype_given &&
        req->dtype != ESTIMATE_BF16 && req->dtype != ESTIMATE_FP16) {
        problem_set(pb, SVC_EINVAL,
                    "dtype %s does not go with mode training, which assumes "
                    "mixed-precision AdamW with bf16 or fp16 weights (16 "
                    "bytes a parameter)",
                    estimate_dtype_name(req->dtype));
        return at(body, "dtype", pb);
    }
    return SVC_OK;
}

/* Each model on the GPUs, into out. */
static enum svc_status fit_gpus(const struct fit_request *req,
                                const struct gpu *gpus, size_t ngpus,
                                int body, struct fit_answer *out,
                                struct problem *pb)
{
    const struct catalog *c = out->catalog;
    char q[PROBLEM_QUOTE_MAX];
    size_t fault;

    if (serving_resolve(&req->serving, req->weights, gpus, ngpus, body,
                        &out->in, pb) != SVC_OK)
        return pb->status;
    out->in.prefill_mfu = INFERENCE_PREFILL_MFU_DEFAULT; /* not used */
    out->on_gpus = 1;
    out->fitted = calloc(c->count + 1, sizeof(*out->fitted));
    if (out->fitted == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    if (inference_fit(c, &out->in, out->fitted, &out->first_fit, &fault) !=
        SVC_OK)
        return problem_set(pb, SVC_EINVAL,
                           "model %s cannot be estimated at context %llu "
                           "and batch %llu: %s",
                           problem_quote(q, sizeof(q), c->models[fault].name,
                                         c->models[fault].name_len),
                           (unsigned long long)out->in.context,
                           (unsigned long long)out->in.batch,
                           out->fitted[0].memory.fault);
    /* Catalogs are never empty (the comparison refuses an empty one at
     * start), and every model sees the same GPUs. */
    out->memory = out->fitted[0].memory.usable;
    return SVC_OK;
}

enum svc_status fit_request_answer(const struct request *rq,
                                   const struct catalog *catalogs, size_t n,
                                   const struct gpu *gpus, size_t ngpus,
                                   struct fit_answer *out,
                                   struct problem *pb)
{
    struct fit_request req;
    const struct catalog *c;
    const int body = rq->body != NULL;

    memset(out, 0, sizeof(*out));
    memset(&req, 0, sizeof(req));
    req.dtype = ESTIMATE_BF16;
    req.weights = DTYPE_BF16;
    req.mode = ESTIMATE_INFERENCE;
    serving_input_init(&req.serving);
    if (field_read(&fit_fields, rq, &req, pb) != SVC_OK ||
        check(&req, body, pb) != SVC_OK)
        return pb->status;
    if (field_catalog(req.catalog ? req.catalog : FIT_DEFAULT_CATALOG,
                      catalogs, n, &c, pb) != SVC_OK)
        return req.catalog != NULL ? at(body, "catalog", pb) : pb->status;
    out->catalog = c;
    out->mode = req.mode;
    if (req.serving.gpu != NULL)
        return fit_gpus(&req, gpus, ngpus, body, out, pb);
    out->needs = calloc(c->count + 1, sizeof(*out->needs));
    if (out->needs == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    out->memory = req.memory;
    out->dtype = req.dtype;
    out->first_fit = estimate_fit(c->models, c->count, req.dtype, req.mode,
                                  req.memory, out->needs);
    return SVC_OK;
}

void fit_answer_cleanup(struct fit_answer *a)
{
    if (a == NULL)
        return;
    free(a->needs);
    free(a->fitted);
    memset(a, 0, sizeof(*a));
}
