/* request_scaling.h - GET/POST /scaling: what the scaling laws predict
 * for a model and its tokens, or how they split a compute budget, read
 * from either carrier and answered by the core's predictions. */
#ifndef MODELSCALE_REQUEST_SCALING_H
#define MODELSCALE_REQUEST_SCALING_H

#include "api/problem.h"
#include "api/request.h"
#include "modelscale/scaling.h"

/* The answer: the question asked, and each fit's prediction. */
struct scaling_answer {
    double compute; /* FLOP of a budget to split; 0 for the loss */
    struct scaling_prediction predictions[SCALING_FITS];
};

/* Reads ?parameters=70B&tokens=1.4T (tokens default to 20 per
 * parameter), or ?compute=5.76e23, from rq, checks that it asks one
 * question, and predicts.  Returns SVC_OK, or SVC_EINVAL with pb set.
 * @unittest check_request_plans.c "scaling" */
enum svc_status scaling_request_answer(const struct request *rq,
                                       struct scaling_answer *out,
                                       struct problem *pb);

#endif
