/* estimate.h - what a model of a given size costs: the memory of its
 * weights per data type, of inference and of training with AdamW, and
 * the compute and tokens of inference and compute-optimal training.
 * Each estimate is a rule of thumb; ESTIMATE_ASSUMPTION_* says which, in
 * the words the answers carry.  Pure: no I/O, no globals. */
#ifndef MODELSCALE_ESTIMATE_H
#define MODELSCALE_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "modelscale/compare.h"
#include "modelscale/numfmt.h"
#include "modelscale/status.h"

enum estimate_dtype {
    ESTIMATE_FP32 = 0, /* 4 bytes a parameter */
    ESTIMATE_BF16,     /* 2 */
    ESTIMATE_FP16,     /* 2 */
    ESTIMATE_FP8,      /* 1 */
    ESTIMATE_INT8,     /* 1 */
    ESTIMATE_INT4,     /* 0.5 */
    ESTIMATE_DTYPES    /* how many there are */
};

enum estimate_mode {
    ESTIMATE_WEIGHTS = 0, /* the weights alone */
    ESTIMATE_INFERENCE,   /* the weights x 1.2 */
    ESTIMATE_TRAINING,    /* mixed-precision AdamW: 16 bytes a parameter */
    ESTIMATE_MODES
};

#define ESTIMATE_TOKENS_PER_PARAMETER 20 /* Chinchilla's rule of thumb */
#define ESTIMATE_PF_DAY 8.64e19          /* FLOP in a petaflop/s-day */
#define ESTIMATE_AMOUNT_MAX 24           /* "2.00e19" or "1000000.000T" */

#define ESTIMATE_ASSUMPTION_WEIGHTS                                        \
    "weights: the total parameters times the bytes of one parameter: "    \
    "fp32 4, bf16 2, fp16 2, fp8 1, int8 1, int4 0.5"
#define ESTIMATE_ASSUMPTION_INFERENCE                                      \
    "inference: the weights x 1.2, the rule of thumb of EleutherAI's "    \
    "Transformer Math 101 for the KV cache and activations of modest "    \
    "batches and contexts"
#define ESTIMATE_ASSUMPTION_TRAINING                                       \
    "training: mixed-precision AdamW, 16 bytes a parameter: weights 2 "   \
    "(bf16/fp16) + gradients 2 + optimizer 12 (fp32 master copy 4, "      \
    "momentum 4, variance 4); activations are excluded: they depend on "  \
    "batch size, context and checkpointing"
#define ESTIMATE_ASSUMPTION_INFERENCE_FLOPS                                \
    "inference FLOPs per token: 2 x the active parameters (one multiply " \
    "and one add per weight used)"
#define ESTIMATE_ASSUMPTION_TOKENS                                         \
    "compute-optimal tokens: 20 x the total parameters, the rule of "     \
    "thumb of Hoffmann et al. 2022 (Chinchilla), made for dense models"
#define ESTIMATE_ASSUMPTION_GIVEN_TOKENS                                   \
    "training FLOPs are for the tokens the request gave"
#define ESTIMATE_ASSUMPTION_TRAINING_FLOPS                                 \
    "training FLOPs: 6 x the active parameters x the tokens (forward 2, " \
    "backward 4); 1 PF-day = 8.64e19 FLOP"

/* The name of a data type ("bf16"), or of a mode ("inference"). */
const char *estimate_dtype_name(enum estimate_dtype d);
const char *estimate_mode_name(enum estimate_mode m);

/* Reads a data type or mode name, exactly as estimate_*_name writes it.
 * Returns SVC_OK and sets *out, or SVC_EINVAL. */
enum svc_status estimate_dtype_parse(const char *s, size_t len,
                                     enum estimate_dtype *out);
enum svc_status estimate_mode_parse(const char *s, size_t len,
                                    enum estimate_mode *out);

/* Bytes of the weights of `parameters` in data type d (half bytes are
 * rounded up).  parameters must be at most 10^18, so that every figure
 * here fits in 64 bits.  @unittest check_estimate.c "memory" */
uint64_t estimate_weight_bytes(uint64_t parameters, enum estimate_dtype d);

/* The weights x 1.2, rounded up. */
uint64_t estimate_inference_bytes(uint64_t parameters, enum estimate_dtype d);

/* Training with mixed-precision AdamW, by part. */
struct estimate_training {
    uint64_t weights;   /* 2 bytes a parameter */
    uint64_t gradients; /* 2 */
    uint64_t optimizer; /* 12: fp32 master copy, momentum, variance */
    uint64_t total;     /* 16 */
};

void estimate_training_bytes(uint64_t parameters,
                             struct estimate_training *out);

/* The bytes mode m needs in data type d; training is always the 16
 * bytes a parameter of estimate_training_bytes. */
uint64_t estimate_memory(uint64_t parameters, enum estimate_dtype d,
                         enum estimate_mode m);

/* One model's need, for picking the models that fit. */
struct estimate_need {
    const struct compare_model *model; /* points into the input array */
    uint64_t bytes;                    /* estimate_memory's figure */
};

/* Fills needs[0..count) with the need of each of models[0..count) in
 * data type d and mode m, largest first (ties keep the input order), and
 * returns the index of the first that fits in `memory` bytes: those
 * before it do not fit, it and those after do (count when none does).
 * @unittest check_estimate.c "memory" */
size_t estimate_fit(const struct compare_model *models, size_t count,
                    enum estimate_dtype d, enum estimate_mode m,
                    uint64_t memory, struct estimate_need *needs);

struct estimate_compute {
    double flops_per_token;  /* inference: 2 x active */
    double optimal_tokens;   /* 20 x parameters */
    double tokens;           /* the tokens of the training figures */
    double training_flops;   /* 6 x active x tokens */
    double training_pf_days; /* training_flops / 8.64e19 */
};

/* The compute of a model of `parameters` of which `active` are used for
 * each token (active == parameters for a dense model), trained on
 * `tokens` tokens, or on the compute-optimal number when tokens is 0.
 * @unittest check_estimate.c "compute" */
void estimate_compute(uint64_t parameters, uint64_t active, double tokens,
                      struct estimate_compute *out);

/* Everything /compare's include=memory,compute says of one model. */
struct estimate_model {
    uint64_t weights[ESTIMATE_DTYPES];   /* by data type */
    uint64_t inference[ESTIMATE_DTYPES]; /* the weights x 1.2 */
    struct estimate_training training;
    struct estimate_compute compute;
};

/* The memory and compute of model m, trained on `tokens` tokens (0: the
 * compute-optimal number).  @unittest check_estimate.c "model" */
void estimate_model(const struct compare_model *m, double tokens,
                    struct estimate_model *out);

/* Prints an amount of tokens or parameters that need not be whole: as a
 * count (numfmt_count) when it rounds to one from 1 to 10^18, else in
 * scientific notation with 3 significant digits ("2.00e19").  buf must
 * hold ESTIMATE_AMOUNT_MAX bytes.  Returns the length, or -1 for an
 * amount that is not finite and positive. */
int estimate_format_amount(double x, int precision, char *buf, size_t len);

/* Prints FLOPs with 3 significant digits: "3.15e23".  Returns the
 * length, or -1 for a figure that is not finite and positive. */
int estimate_format_flops(double flops, char *buf, size_t len);

#endif
