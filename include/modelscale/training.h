/* training.h - what training costs: FLOPs, GPU-hours, days and money,
 * the model state per GPU under ZeRO, what repeating data is worth,
 * and the compute a number of GPUs or an amount of money buys.  Each
 * formula is a sentence here that the answers carry.  Pure: no I/O, no
 * globals, no allocation. */
#ifndef MODELSCALE_TRAINING_H
#define MODELSCALE_TRAINING_H

#include <stdint.h>

#include "modelscale/dtype.h"
#include "modelscale/gpu.h"
#include "modelscale/scaling.h"
#include "modelscale/status.h"

#define TRAINING_PF_DAY 8.64e19      /* FLOP in a petaFLOP/s-day */
#define TRAINING_FLOPS_MAX 1e40      /* above it: refused */
#define TRAINING_GPUS_MAX 10000000ULL /* 10^7 GPUs */
#define TRAINING_MFU_DEFAULT 0.4
#define TRAINING_ZERO_STAGES 4       /* 0, 1, 2, 3 */
#define TRAINING_R_STAR 15.4         /* R_D*, Muennighoff et al. 2023 */
#define TRAINING_EPOCHS_NOTICEABLE 4.0
#define TRAINING_EPOCHS_NEGLIGIBLE 16.0

#define TRAINING_ASSUMPTION_FLOPS                                          \
    "training FLOPs: 6 x active parameters x tokens (forward 2, backward "\
    "4, Kaplan et al. 2020), attention's own products excluded; 1 PF-day "\
    "= 8.64e19 FLOP"
#define TRAINING_ASSUMPTION_TIME                                           \
    "GPU-hours: FLOPs / (peak x mfu) / 3600, with the GPU's dense tensor "\
    "peak for the dtype; wall-clock: GPU-hours / gpus, as if the run "    \
    "scaled perfectly and never stopped"
#define TRAINING_ASSUMPTION_MFU                                            \
    "mfu (model FLOPs utilization) 0.4 by default: Meta's 184,320 A100-" \
    "hours for Llama 2 7B (Touvron et al. 2023) imply 0.39 for 6ND at "   \
    "312 TFLOPS; Meta trained Llama 3 405B at 38-43% BF16 MFU on 8,192 "  \
    "to 16,384 H100s (Dubey et al. 2024, The Llama 3 Herd of Models, "    \
    "table 4); PaLM 540B reached 46.2% (Chowdhery et al. 2022)"
#define TRAINING_ASSUMPTION_COST                                           \
    "cost: GPU-hours x the price of a GPU-hour, in the price's currency"
#define TRAINING_ASSUMPTION_ZERO                                           \
    "model state per GPU with mixed-precision AdamW, 16 bytes a "         \
    "parameter (16-bit weights 2, gradients 2, fp32 master weights, "     \
    "momentum and variance 12), sharded by ZeRO over N_d data-parallel "  \
    "GPUs (Rajbhandari et al. 2020): stage 0 16P, 1 4P + 12P/N_d, 2 2P " \
    "+ 14P/N_d, 3 16P/N_d, with N_d = gpus (every GPU data-parallel, no " \
    "tensor or pipeline parallelism); activations, buffers and "           \
    "fragmentation are excluded"
#define TRAINING_ASSUMPTION_REPEAT                                         \
    "repeated data: D' = U + U x R* x (1 - e^(-R/R*)) with R = D/U - 1 "  \
    "and R* = 15.4, the data-constrained scaling law of Muennighoff et "  \
    "al. 2023 (arXiv 2305.16264); their excess-parameter decay (R_N* = "  \
    "5.3) is not applied"
#define TRAINING_WARNING_EPOCHS_4                                          \
    "above 4 epochs: Muennighoff et al. 2023 find that 'training with up "\
    "to 4 epochs of repeated data yields negligible changes to loss "     \
    "compared to having unique data'; beyond, repeated tokens are worth " \
    "noticeably less than new ones"
#define TRAINING_WARNING_EPOCHS_16                                         \
    "above about 16 epochs more repeats add almost nothing: 'the value "  \
    "of adding compute eventually decays to zero' (Muennighoff et al. "   \
    "2023), and by their fit each epoch past the 16th is worth under 38% "  \
    "of new data, falling"
#define TRAINING_ASSUMPTION_LOSS                                           \
    "loss: L(N, D) by both of /scaling's fits, with N the total "          \
    "parameters; the fits were made on dense models, so for a mixture of " \
    "experts, whose tokens each use only the active parameters, the loss " \
    "is optimistic"
#define TRAINING_ASSUMPTION_OPTIMAL                                        \
    "compute-optimal N and D: the split of the compute bought, C = 6ND, " \
    "that each of /scaling's fits predicts the lowest loss for"
#define TRAINING_ASSUMPTION_BUDGET                                         \
    "compute bought: gpus x days x 86,400 s x peak x mfu, or budget / "   \
    "price GPU-hours x 3,600 s x peak x mfu"

struct training_compute {
    enum svc_status status; /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;      /* static, names the field; NULL if OK */
    double flops;           /* 6 x active x tokens */
    double pf_days;         /* flops / 8.64e19 */
};

struct training_time {
    enum svc_status status;
    const char *fault;
    double gpu_hours; /* flops / (peak x mfu) / 3600 */
    double hours;     /* gpu_hours / gpus */
    double days;      /* hours / 24 */
};

struct training_cost {
    enum svc_status status;
    const char *fault;
    double cost; /* gpu_hours x price */
};

/* One part of the model state on one GPU. */
struct training_part {
    uint64_t bytes; /* on each GPU: all, or ceil(all / N_d) */
    int sharded;    /* 1 when ZeRO splits it at this stage */
};

struct training_zero {
    enum svc_status status;
    const char *fault;
    struct training_part weights;   /* 2P; sharded at stage 3 */
    struct training_part gradients; /* 2P; from stage 2 */
    struct training_part optimizer; /* 12P; from stage 1 */
    uint64_t per_gpu;               /* the three */
    int fits;                       /* per_gpu <= the GPU's memory */
    uint64_t headroom;              /* memory - per_gpu, when it fits */
    uint64_t shortfall;             /* per_gpu - memory, when not */
};

struct training_repeat {
    enum svc_status status;
    const char *fault;
    double tokens;       /* D */
    double unique;       /* U */
    double epochs;       /* D / U */
    double repeats;      /* R = D / U - 1 */
    double effective;    /* D' */
    int warning;         /* 0; 4 above 4 epochs; 16 above 16 */
    const char *warning_text; /* TRAINING_WARNING_*, or NULL */
};

struct training_repeat_loss {
    double at_tokens;    /* L(N, D): as if all D were new */
    double at_effective; /* L(N, D') */
    double difference;   /* at_effective - at_tokens, >= 0 */
};

struct training_budget {
    enum svc_status status;
    const char *fault;
    double gpu_hours; /* what the budget buys */
    double flops;     /* C: gpu_hours x 3600 x peak x mfu */
};

/* 6 x active x tokens.  tokens must be finite and at least 1; the
 * FLOPs at most TRAINING_FLOPS_MAX.  @unittest check_training.c */
struct training_compute training_compute(uint64_t active, double tokens);

/* The dense peak of GPU g for kind, FLOP/s; 0 when g has no FP8. */
double training_peak(const struct gpu *g, enum dtype_peak kind);

/* GPU-hours and wall-clock time of `flops` at `peak` FLOP/s a GPU
 * (above 0), mfu in (0, 1], on 1..TRAINING_GPUS_MAX GPUs. */
struct training_time training_time(double flops, double peak, double mfu,
                                   uint64_t gpus);

/* gpu_hours x price; the price must be finite and above 0. */
struct training_cost training_cost(double gpu_hours, double price);

/* The mfu that `gpu_hours` at `peak` imply for `flops`: flops / (peak
 * x gpu_hours x 3600); NAN when an input is not finite and above 0. */
double training_implied_mfu(double flops, double peak, double gpu_hours);

/* The model state of `parameters` (1..10^18) on each of `gpus` data-
 * parallel GPUs at ZeRO stage 0..3, and whether it fits in
 * `gpu_memory` bytes (above 0).  @unittest check_training.c "zero" */
struct training_zero training_zero(uint64_t parameters, uint64_t gpus,
                                   int stage, uint64_t gpu_memory);

/* What training on `tokens` tokens of which `unique` are distinct is
 * worth in new data.  unique must be at least 1 and at most tokens.
 * @unittest check_training.c "repeat" */
struct training_repeat training_repeat(double tokens, double unique);

/* The loss of n parameters by fit f at r's D and D'.  r must be OK. */
struct training_repeat_loss
training_repeat_loss(const struct scaling_fit *f, double n,
                     const struct training_repeat *r);

/* The compute `gpus` GPUs of `peak` FLOP/s buy in `days` at mfu. */
struct training_budget training_budget_time(uint64_t gpus, double peak,
                                            double days, double mfu);

/* The compute `budget` buys at `price` a GPU-hour, at peak and mfu. */
struct training_budget training_budget_money(double budget, double price,
                                             double peak, double mfu);

/* A run to plan: what GET and POST /training ask of a model. */
struct training_question {
    uint64_t parameters;   /* the total: what memory holds, 1..10^18 */
    uint64_t active;       /* used for each token: 1..parameters */
    double tokens;         /* D; 0 for 20 x parameters */
    const struct gpu *gpu; /* borrowed */
    enum dtype_peak dtype; /* which of its peaks */
    uint64_t gpus;         /* data-parallel GPUs, 1..10^7 */
    double mfu;            /* (0, 1] */
    double price;          /* of a GPU-hour, above 0; 0 for none */
    int zero;              /* the ZeRO stage, 0..3 */
    double unique;         /* unique tokens U, 1..D; 0 for none */
};

/* Everything that follows from a question. */
struct training_plan {
    enum svc_status status; /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;      /* static; NULL if OK */
    const char *field;      /* the question's field at fault ("tokens") */
    double tokens;          /* D: given, or 20 x parameters */
    int tokens_default;     /* D is 20 x parameters */
    double peak;            /* FLOP/s of one GPU in the dtype */
    struct training_compute compute;
    struct training_time time;
    int priced;             /* a price was given: cost is set */
    struct training_cost cost;
    struct training_zero zero;
    struct scaling_prediction loss[SCALING_FITS]; /* L(N, D) */
    int repeated;           /* unique tokens were given: repeat is set */
    struct training_repeat repeat;
    struct training_repeat_loss repeat_loss[SCALING_FITS];
};

/* Plans q into *out: compute, time, cost, the ZeRO state per GPU, the
 * loss by each fit and, with unique tokens, what repeating is worth.
 * On a fault, out->field names the input at fault and the rest of out
 * is unspecified.  @unittest check_training.c "plan" */
void training_plan(const struct training_question *q,
                   struct training_plan *out);

/* A budget the other way round: gpus for days, or money at a price. */
struct training_budget_question {
    const struct gpu *gpu; /* borrowed */
    enum dtype_peak dtype;
    double mfu;            /* (0, 1] */
    uint64_t gpus;         /* needed with days; 0 for none */
    double days;           /* above 0 for a budget of time, else 0 */
    double budget;         /* above 0 for a budget of money, else 0 */
    double price;          /* of a GPU-hour: needed with a budget */
};

struct training_budget_plan {
    enum svc_status status;
    const char *fault;
    const char *field;
    double peak;
    struct training_budget bought; /* GPU-hours and C */
    double days; /* wall-clock: given, or GPU-hours / gpus / 24; 0
                    for money without gpus */
    struct scaling_prediction optimal[SCALING_FITS]; /* of C */
};

/* The compute q buys and its compute-optimal split by each fit.  Days
 * and a budget are exclusive; C must be at least scaling_compute_min().
 * @unittest check_training.c "budget" */
void training_budget_plan(const struct training_budget_question *q,
                          struct training_budget_plan *out);

#endif
