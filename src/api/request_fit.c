/* request_fit.c - reading, checking and answering /fit. */
#include "api/request_fit.h"

#include <stdlib.h>
#include <string.h>

#include "api/field.h"

enum { F_MEMORY, F_DTYPE, F_MODE, F_CATALOG, FIELDS };
static const struct field fields[FIELDS] = {
    {"memory", FIELD_BOTH, 0},
    {"dtype", FIELD_BOTH, 0},
    {"mode", FIELD_BOTH, 0},
    {"catalog", FIELD_BOTH, 0},
};
#define DTYPES "fp32, bf16, fp16, fp8, int8 or int4"
#define MODES "weights, inference or training"

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    const char *dtypes[ESTIMATE_DTYPES], *modes[ESTIMATE_MODES];
    struct fit_request *req = to;
    size_t i;

    for (int d = 0; d < ESTIMATE_DTYPES; d++)
        dtypes[d] = estimate_dtype_name(d);
    for (int m = 0; m < ESTIMATE_MODES; m++)
        modes[m] = estimate_mode_name(m);
    switch (k) {
    case F_MEMORY:
        return field_bytes("memory", v, &req->memory, pb);
    case F_DTYPE:
        if (field_choice("dtype", v, dtypes, ESTIMATE_DTYPES, DTYPES, &i,
                         pb) != SVC_OK)
            return pb->status;
        req->dtype = (enum estimate_dtype)i;
        req->dtype_given = 1;
        return SVC_OK;
    case F_MODE:
        if (field_choice("mode", v, modes, ESTIMATE_MODES, MODES, &i, pb) !=
            SVC_OK)
            return pb->status;
        req->mode = (enum estimate_mode)i;
        return SVC_OK;
    default:
        return field_text("catalog", v, "a catalog name", &req->catalog,
                          pb);
    }
}

static const struct field_set fit_fields = {fields, FIELDS, set_field, NULL,
                                            NULL};

static enum svc_status check(const struct fit_request *req, int body,
                             struct problem *pb)
{
    if (req->memory == 0) {
        problem_set(pb, SVC_EINVAL,
                    "memory is required: the memory to fit in, e.g. "
                    "\"24GB\" or \"80GiB\"");
        if (body)
            problem_point(pb, "/memory");
        return pb->status;
    }
    if (req->mode == ESTIMATE_TRAINING && req->dtype_given &&
        req->dtype != ESTIMATE_BF16 && req->dtype != ESTIMATE_FP16) {
        problem_set(pb, SVC_EINVAL,
                    "dtype %s does not go with mode training, which assumes "
                    "mixed-precision AdamW with bf16 or fp16 weights (16 "
                    "bytes a parameter)",
                    estimate_dtype_name(req->dtype));
        if (body)
            problem_point(pb, "/dtype");
        return pb->status;
    }
    return SVC_OK;
}

enum svc_status fit_request_answer(const struct request *rq,
                                   const struct catalog *catalogs, size_t n,
                                   struct fit_answer *out,
                                   struct problem *pb)
{
    struct fit_request req = {0, ESTIMATE_BF16, 0, ESTIMATE_INFERENCE,
                              NULL};
    const struct catalog *c;

    memset(out, 0, sizeof(*out));
    if (field_read(&fit_fields, rq, &req, pb) != SVC_OK ||
        check(&req, rq->body != NULL, pb) != SVC_OK)
        return pb->status;
    if (field_catalog(req.catalog ? req.catalog : FIT_DEFAULT_CATALOG,
                      catalogs, n, &c, pb) != SVC_OK) {
        if (rq->body != NULL && req.catalog != NULL)
            problem_point(pb, "/catalog");
        return pb->status;
    }
    out->needs = calloc(c->count + 1, sizeof(*out->needs));
    if (out->needs == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    out->catalog = c;
    out->memory = req.memory;
    out->dtype = req.dtype;
    out->mode = req.mode;
    out->first_fit = estimate_fit(c->models, c->count, req.dtype, req.mode,
                                  req.memory, out->needs);
    return SVC_OK;
}

void fit_answer_cleanup(struct fit_answer *a)
{
    if (a == NULL)
        return;
    free(a->needs);
    memset(a, 0, sizeof(*a));
}
