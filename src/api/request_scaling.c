/* request_scaling.c - reading, checking and answering /scaling. */
#include "api/request_scaling.h"

#include <string.h>

#include "api/field.h"
#include "modelscale/estimate.h"

enum { F_PARAMETERS, F_TOKENS, F_COMPUTE, FIELDS };
static const struct field fields[FIELDS] = {
    {"parameters", FIELD_BOTH, 0},
    {"tokens", FIELD_BOTH, 0},
    {"compute", FIELD_BOTH, 0},
};

struct scaling_request {
    double values[FIELDS]; /* 0 until given */
};

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    struct scaling_request *req = to;
    char least[ESTIMATE_AMOUNT_MAX];

    if (field_amount(fields[k].name, v, &req->values[k], pb) != SVC_OK)
        return pb->status;
    if (k != F_COMPUTE || req->values[k] >= scaling_compute_min())
        return SVC_OK;
    estimate_format_flops(scaling_compute_min(), least, sizeof(least));
    return problem_set(pb, SVC_EINVAL,
                       "compute %s FLOP is below %s, the least budget the "
                       "fits split into at least one parameter and one "
                       "token", field_shown(v), least);
}

static const struct field_set scaling_fields = {fields, FIELDS, set_field,
                                                NULL, NULL};

enum svc_status scaling_request_answer(const struct request *rq,
                                       struct scaling_answer *out,
                                       struct problem *pb)
{
    struct scaling_request req;
    double parameters, tokens, compute;

    memset(&req, 0, sizeof(req));
    memset(out, 0, sizeof(*out));
    if (field_read(&scaling_fields, rq, &req, pb) != SVC_OK)
        return pb->status;
    parameters = req.values[F_PARAMETERS];
    tokens = req.values[F_TOKENS];
    compute = req.values[F_COMPUTE];
    if (compute > 0 && (parameters > 0 || tokens > 0)) {
        problem_set(pb, SVC_EINVAL,
                    "give either compute (for the compute-optimal parameters "
                    "and tokens) or parameters and tokens (for the loss), "
                    "not both");
        if (rq->body != NULL)
            problem_point(pb, "/compute");
        return pb->status;
    }
    if (compute == 0 && parameters == 0) {
        problem_set(pb, SVC_EINVAL,
                    "give parameters (and tokens, else 20 per parameter), or "
                    "compute, e.g. parameters=70B&tokens=1.4T or "
                    "compute=5.76e23");
        if (rq->body != NULL)
            problem_point(pb, "/parameters");
        return pb->status;
    }
    if (compute == 0 && tokens == 0)
        tokens = ESTIMATE_TOKENS_PER_PARAMETER * parameters;
    out->compute = compute;
    scaling_predict(parameters, tokens, compute, out->predictions);
    return SVC_OK;
}
