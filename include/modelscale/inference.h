/* inference.h - serving a model: its KV cache from the shape of its
 * attention, whether weights and cache fit on a number of GPUs, the
 * largest batch and context that do, and upper bounds on decode and
 * prefill speed.  Each formula and assumption is a sentence here that
 * the answers carry.  Pure: no I/O, no globals, no allocation. */
#ifndef MODELSCALE_INFERENCE_H
#define MODELSCALE_INFERENCE_H

#include <stdint.h>

#include "modelscale/arch.h"
#include "modelscale/dtype.h"
#include "modelscale/gpu.h"
#include "modelscale/status.h"

/* The shape a cache depends on is what the architecture gives,
 * struct arch_kv_shape (arch.h, filled by arch_kv_shape): one source of
 * truth for every attention kind, so no layer above converts it.
 * Multi-head kinds (MHA, GQA, MQA) use kv_heads, key_dim and value_dim;
 * latent attention uses latent_dim; sliding_layers of the layers keep
 * at most sliding_window tokens (0 and 0: no window). */

#define INFERENCE_CONTEXT_MAX 10000000ULL /* 10^7 tokens */
#define INFERENCE_BATCH_MAX 1000000ULL    /* 10^6 sequences */
#define INFERENCE_GPUS_MAX 4096ULL
#define INFERENCE_DIM_MAX 1000000ULL      /* layers, heads, dims */
#define INFERENCE_BYTES_MAX 1e19          /* a cache above it: refused */
#define INFERENCE_UTILIZATION_DEFAULT 0.9
#define INFERENCE_PREFILL_MFU_DEFAULT 0.5

#define INFERENCE_FORMULA_MULTIHEAD                                        \
    "KV cache: 2 x layers x kv_heads x head_dim x tokens x batch x "      \
    "bytes: a key and a value per KV head, so grouped-query and "         \
    "multi-query attention cache only their KV heads"
#define INFERENCE_FORMULA_LATENT                                           \
    "KV cache: layers x (kv_lora_rank + qk_rope_head_dim) x tokens x "    \
    "batch x bytes: DeepSeek's latent attention caches the compressed "   \
    "latent and the shared RoPE key, as DeepSeek's inference code does"
#define INFERENCE_FORMULA_NONE                                             \
    "KV cache: none; an encoder-only model reads its input at once"
#define INFERENCE_ASSUMPTION_WINDOW                                        \
    "sliding window: each layer that attends through it keeps at most "   \
    "the last sliding_window tokens as a rolling buffer (every layer of " \
    "Mistral; Qwen2's from max_window_layers on, when "                   \
    "use_sliding_window is true), so its cache stops growing there"
#define INFERENCE_ASSUMPTION_SPLIT                                         \
    "several GPUs split the weights and the cache evenly (tensor "        \
    "parallel): each holds ceil(bytes / gpus) of each"
#define INFERENCE_ASSUMPTION_UTILIZATION                                   \
    "it fits when each GPU's share is at most its memory x utilization "  \
    "(default 0.9, as vLLM's gpu_memory_utilization); activations and "   \
    "the engine's buffers live in the rest"
#define INFERENCE_ASSUMPTION_CAPACITY                                      \
    "capacity: the largest batch at the context, and the largest "        \
    "context at the batch, that fit, exactly; a cache that stops growing "\
    "(sliding window) or does not exist fits any context, reported as "   \
    "10^7 tokens, the most accepted"
#define INFERENCE_ASSUMPTION_DECODE                                        \
    "decode upper bound: a step reads the active weights once and the "   \
    "whole batch's KV cache at the full context, at gpus x bandwidth; "   \
    "tokens/s is 1 / step time per sequence, batch / step time in all"
#define INFERENCE_ASSUMPTION_MOE                                           \
    "mixture of experts: a step reads only the active parameters' "       \
    "weights, a batch-1 bound; a larger batch routes tokens to more "     \
    "experts and reads more, so the bound is optimistic"
#define INFERENCE_ASSUMPTION_COMPUTE                                       \
    "decode compute: 2 x active parameters x batch FLOP a step at gpus x "\
    "the dense peak of the weights' format; the longer time binds"
#define INFERENCE_ASSUMPTION_NO_FP8                                        \
    "this GPU has no FP8 tensor cores: fp8 weights are counted at its "   \
    "BF16 peak"
#define INFERENCE_ASSUMPTION_PREFILL                                       \
    "prefill: 2 x active parameters x context x batch FLOP at gpus x "    \
    "peak x prefill utilization (default 0.5); attention's score and "    \
    "value products, which grow with the square of the context, are "     \
    "excluded, so long prompts take longer"
#define INFERENCE_ASSUMPTION_FALLBACK                                      \
    "no architecture is known: the weights x 1.2, the rule of thumb of "  \
    "EleutherAI's Transformer Math 101, stands in for the KV cache and "  \
    "activations, whatever the context and batch"

/* Everything a serving estimate depends on; the caller owns it and the
 * things it points to, which are only read. */
struct inference_in {
    uint64_t parameters;          /* all weights, 1..10^18 */
    uint64_t active;              /* used per token, 1..parameters */
    enum dtype dtype;             /* the weights' format */
    const struct arch_kv_shape *shape; /* NULL: no architecture (x 1.2) */
    enum dtype_kv kv;             /* the cache's element type */
    uint64_t context;             /* tokens a sequence holds, 1..10^7 */
    uint64_t batch;               /* concurrent sequences, 1..10^6 */
    const struct gpu *gpu;        /* gpu_check must pass */
    uint64_t gpus;                /* 1..4096, tensor parallel */
    double utilization;           /* share of memory usable, (0, 1] */
    double prefill_mfu;           /* share of peak in prefill, (0, 1] */
};

/* The cache of one batch. */
struct inference_kv {
    enum svc_status status;   /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;        /* static, names the field; NULL if OK */
    const char *formula;      /* INFERENCE_FORMULA_* */
    uint64_t bytes_per_token; /* one token of one sequence, all layers */
    uint64_t cached_tokens;   /* a windowed layer's: the context, or the
                                 window when it is shorter */
    uint64_t sequence_bytes;  /* one sequence at the context */
    uint64_t bytes;           /* sequence_bytes x batch */
    int windowed;             /* the window is below the context */
};

struct inference_memory {
    enum svc_status status;     /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;          /* static; NULL when OK */
    int fallback;               /* no shape: kv is 0.2 x weights */
    struct inference_kv cache;  /* the cache (zeros for the fallback) */
    uint64_t weights;           /* all parameters in the format */
    uint64_t kv;                /* the cache, or the rest of x 1.2 */
    uint64_t total;             /* weights + kv */
    uint64_t weights_per_gpu;   /* ceil(weights / gpus) */
    uint64_t kv_per_gpu;        /* ceil(kv / gpus) */
    uint64_t total_per_gpu;     /* the two */
    uint64_t usable_per_gpu;    /* memory x utilization, to the byte */
    uint64_t usable;            /* usable_per_gpu x gpus */
    int fits;                   /* total_per_gpu <= usable_per_gpu */
    uint64_t headroom_per_gpu;  /* usable - total a GPU, when it fits */
    uint64_t shortfall_per_gpu; /* total - usable a GPU, when not */
    uint64_t headroom;          /* the same x gpus */
    uint64_t shortfall;
};

struct inference_capacity {
    enum svc_status status;  /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;       /* static; NULL when OK */
    uint64_t batch_max;      /* at the context; 0 when none fits */
    int batch_capped;        /* more would fit than BATCH_MAX */
    uint64_t context_max;    /* at the batch; 0 when none fits */
    int context_unbounded;   /* the cache stops growing: any fits */
    int context_capped;      /* reported as INFERENCE_CONTEXT_MAX */
    int beyond_positions;    /* context_max > max_positions */
};

struct inference_speed {
    enum svc_status status;    /* SVC_OK, or SVC_EINVAL and fault */
    const char *fault;         /* static; NULL when OK */
    int moe;                   /* active < parameters */
    uint64_t weight_bytes;     /* the active weights, read once a step */
    uint64_t kv_bytes;         /* the batch's cache at the context */
    uint64_t step_bytes;       /* the two */
    double bandwidth;          /* gpus x bandwidth, bytes/s */
    enum dtype_peak peak_kind; /* the peak used */
    int no_fp8;                /* fp8 weights, no FP8: BF16 used */
    double peak;               /* gpus x that peak, FLOP/s */
    double memory_time;        /* step_bytes / bandwidth, s */
    double compute_time;       /* 2 x active x batch / peak, s */
    int compute_bound;         /* compute_time > memory_time */
    double step_time;          /* the longer, s */
    double tokens_per_s;       /* a sequence's: 1 / step_time */
    double batch_tokens_per_s; /* batch / step_time */
    double prefill_flops;      /* 2 x active x context x batch */
    double prefill_time;       /* / (peak x prefill_mfu), s */
};

/* Why in cannot be estimated, naming the field ("gpus is not from 1
 * to 4096"), or NULL when it can; every function below checks it. */
const char *inference_check(const struct inference_in *in);

/* The KV cache of `batch` sequences of `context` tokens each, in KV
 * type kv.  Refuses a shape with a zero it needs or a field above
 * INFERENCE_DIM_MAX, and a cache above INFERENCE_BYTES_MAX.
 * @unittest check_inference.c "kv" */
struct inference_kv inference_kv(const struct arch_kv_shape *s,
                                 uint64_t context, uint64_t batch,
                                 enum dtype_kv kv);

/* Weights and cache, in all and per GPU, and whether they fit; without
 * a shape, the x 1.2 rule (fallback, INFERENCE_ASSUMPTION_FALLBACK).
 * @unittest check_inference.c "memory" */
struct inference_memory inference_memory(const struct inference_in *in);

/* The largest batch that fits at in->context and the largest context
 * at in->batch.  Needs a shape: without one, SVC_EINVAL.
 * @unittest check_inference.c "capacity" */
struct inference_capacity
inference_capacity(const struct inference_in *in);

/* Decode and prefill bounds; without a shape the cache is not read.
 * @unittest check_inference.c "speed" */
struct inference_speed inference_speed(const struct inference_in *in);

#endif
