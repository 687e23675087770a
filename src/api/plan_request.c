/* plan_request.c - reading and checking the requests of /fit and
 * /scaling. */
#include "api/plan_request.h"

#include <math.h>
#include <string.h>

#include "modelscale/params.h"
#include "api/query.h"
#include "modelscale/scaling.h"

/* Reads a name field: text only. */
static enum svc_status read_name(const char *field,
                                 const struct field_value *v,
                                 const char *expected, const char **out,
                                 struct problem *pb)
{
    if (v->text == NULL)
        return problem_set(pb, SVC_EINVAL, "%s must be %s, not a number",
                           field, expected);
    *out = v->text;
    return SVC_OK;
}

enum { FIT_MEMORY, FIT_DTYPE, FIT_MODE, FIT_CATALOG, FIT_FIELDS };
static const char *const fit_names[FIT_FIELDS] = {"memory", "dtype", "mode",
                                                  "catalog"};
#define DTYPES "fp32, bf16, fp16, fp8, int8 or int4"
#define MODES "weights, inference or training"

static enum svc_status fit_set(void *r, size_t k, const struct field_value *v,
                               struct problem *pb)
{
    struct fit_request *req = r;
    const char *name = NULL, *why;
    double bytes;

    switch (k) {
    case FIT_MEMORY:
        if (v->text != NULL) {
            if (params_parse_bytes(v->text, strlen(v->text), &req->memory,
                                   &why) == SVC_OK)
                return SVC_OK;
            return problem_set(pb, SVC_EINVAL, "memory %s %s", v->shown,
                               why);
        }
        bytes = v->number;
        if (!(bytes >= 1) || bytes > PARAMS_BYTES_MAX || bytes != floor(bytes))
            return problem_set(pb, SVC_EINVAL,
                               "memory %s must be a whole number of bytes "
                               "from 1 to 10^19, or text such as \"24GB\"",
                               v->shown);
        req->memory = (uint64_t)bytes;
        return SVC_OK;
    case FIT_DTYPE:
        if (read_name("dtype", v, DTYPES, &name, pb) != SVC_OK)
            return pb->status;
        if (estimate_dtype_parse(name, strlen(name), &req->dtype) != SVC_OK)
            return problem_set(pb, SVC_EINVAL, "dtype %s must be " DTYPES,
                               v->shown);
        req->dtype_given = 1;
        return SVC_OK;
    case FIT_MODE:
        if (read_name("mode", v, MODES, &name, pb) != SVC_OK)
            return pb->status;
        if (estimate_mode_parse(name, strlen(name), &req->mode) != SVC_OK)
            return problem_set(pb, SVC_EINVAL, "mode %s must be " MODES,
                               v->shown);
        return SVC_OK;
    default:
        return read_name("catalog", v, "a catalog name", &req->catalog, pb);
    }
}

const struct field_set fit_fields = {fit_names, FIT_FIELDS, fit_set};

void fit_request_init(struct fit_request *req)
{
    memset(req, 0, sizeof(*req));
    req->dtype = ESTIMATE_BF16;
    req->mode = ESTIMATE_INFERENCE;
}

enum svc_status fit_request_check(const struct fit_request *req,
                                  const struct catalog *catalogs, size_t n,
                                  const struct catalog **catalog,
                                  struct problem *pb)
{
    const char *name = req->catalog ? req->catalog : FIT_DEFAULT_CATALOG;

    if (req->memory == 0)
        return problem_set(pb, SVC_EINVAL,
                           "memory is required: the memory to fit in, "
                           "e.g. \"24GB\" or \"80GiB\"");
    if (req->mode == ESTIMATE_TRAINING && req->dtype_given &&
        req->dtype != ESTIMATE_BF16 && req->dtype != ESTIMATE_FP16)
        return problem_set(pb, SVC_EINVAL,
                           "dtype %s does not go with mode training, which "
                           "assumes mixed-precision AdamW with bf16 or fp16 "
                           "weights (16 bytes a parameter)",
                           estimate_dtype_name(req->dtype));
    return query_catalog(name, catalogs, n, catalog, pb);
}

enum { SCALING_PARAMETERS, SCALING_TOKENS, SCALING_COMPUTE, SCALING_FIELDS };
static const char *const scaling_names[SCALING_FIELDS] = {
    "parameters", "tokens", "compute"};

static enum svc_status scaling_set(void *r, size_t k,
                                   const struct field_value *v,
                                   struct problem *pb)
{
    struct scaling_request *req = r;
    double *slot[SCALING_FIELDS] = {&req->parameters, &req->tokens,
                                    &req->compute};

    return field_read_amount(scaling_names[k], v, slot[k], pb);
}

const struct field_set scaling_fields = {scaling_names, SCALING_FIELDS,
                                         scaling_set};

void scaling_request_init(struct scaling_request *req)
{
    memset(req, 0, sizeof(*req));
}

enum svc_status scaling_request_check(struct scaling_request *req,
                                      struct problem *pb)
{
    if (req->compute > 0 && (req->parameters > 0 || req->tokens > 0))
        return problem_set(pb, SVC_EINVAL,
                           "give either compute (for the compute-optimal "
                           "parameters and tokens) or parameters and "
                           "tokens (for the loss), not both");
    if (req->compute > 0 && req->compute < scaling_compute_min()) {
        char least[ESTIMATE_AMOUNT_MAX];

        estimate_format_flops(scaling_compute_min(), least, sizeof(least));
        return problem_set(pb, SVC_EINVAL,
                           "compute %.17g FLOP is below %s, the least budget "
                           "the fits split into at least one parameter and "
                           "one token",
                           req->compute, least);
    }
    if (req->compute > 0)
        return SVC_OK;
    if (req->parameters == 0)
        return problem_set(pb, SVC_EINVAL,
                           "give parameters (and tokens, else 20 per "
                           "parameter), or compute, e.g. "
                           "parameters=70B&tokens=1.4T or compute=5.76e23");
    if (req->tokens == 0)
        req->tokens = ESTIMATE_TOKENS_PER_PARAMETER * req->parameters;
    return SVC_OK;
}
