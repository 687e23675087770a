/* request_training.h - GET/POST /training: what training a model costs
 * (compute, GPU-hours, days, money, the ZeRO state per GPU, the loss,
 * what repeated data is worth), or what a budget of GPUs and days, or
 * of money, buys; read from either carrier and planned by the core. */
#ifndef MODELSCALE_REQUEST_TRAINING_H
#define MODELSCALE_REQUEST_TRAINING_H

#include <stddef.h>
#include <stdint.h>

#include "api/problem.h"
#include "api/request.h"
#include "api/request_subject.h"
#include "modelscale/catalog.h"
#include "modelscale/gpu.h"
#include "modelscale/training.h"

#define TRAINING_EXAMPLE_GPU "a100-sxm-80gb"

/* The two questions /training answers: which one a request asks is
 * told by days or budget, which only the second has. */
enum training_ask {
    TRAINING_ASK_COST = 0, /* a model: what its training costs */
    TRAINING_ASK_BUDGET    /* days or a budget: what they buy */
};

/* The answer: the question as read, with its defaults, and the plan.
 * Everything borrowed points into the request or the app; nothing is
 * allocated. */
struct training_answer {
    enum training_ask ask;
    struct subject subject; /* the model (TRAINING_ASK_COST) */
    const struct gpu *gpu;  /* borrowed from the GPU catalog */
    enum dtype_peak dtype;  /* bf16 unless given */
    double mfu;             /* TRAINING_MFU_DEFAULT unless given */
    uint64_t gpus;          /* 1 unless given for a cost; 0 when a
                               budget of money is not for any */
    double price;           /* a GPU-hour's; 0 when not given */
    int zero;               /* 0 unless given */
    double unique;          /* unique tokens; 0 when not given */
    double days, budget;    /* the budget's; 0 when not given */
    struct training_plan plan;          /* TRAINING_ASK_COST */
    struct training_budget_plan bought; /* TRAINING_ASK_BUDGET */
};

/* Reads a training request from rq: the model from catalogs[0..n) (a
 * model, a config or parameters, via request_subject.h), the GPU from
 * gpus[0..ngpus), and the rest; checks what no single field can (a
 * model and a budget are not asked together; days need gpus, a budget
 * a price; fp8 needs a GPU with an FP8 peak), and plans it into *out.
 * Returns SVC_OK, or the failure with pb set and pointing at the field
 * in a body: SVC_ENOTFOUND for an unknown GPU, catalog or model, else
 * SVC_EINVAL.  @unittest check_request_training.c */
enum svc_status training_request_answer(const struct request *rq,
                                        const struct catalog *catalogs,
                                        size_t n, const struct gpu *gpus,
                                        size_t ngpus,
                                        struct training_answer *out,
                                        struct problem *pb);

#endif
