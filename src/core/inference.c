/* inference.c - KV cache, memory fit, capacity and speed bounds of
 * serving a model on GPUs.  Pure: no I/O, no globals. */
#include "modelscale/inference.h"

#include <math.h>
#include <stddef.h>

#define PARAMETERS_MAX 1000000000000000000ULL /* PARAMS_MAX, 10^18 */

/* *out = a x b; 0 when that is above INFERENCE_BYTES_MAX. */
static int mul(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a != 0 && b > (uint64_t)INFERENCE_BYTES_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return a / b + (a % b != 0);
}

static int share_ok(double x)
{
    return x > 0 && x <= 1; /* false for NaN too */
}

const char *inference_check(const struct inference_in *in)
{
    if (in->parameters == 0 || in->parameters > PARAMETERS_MAX)
        return "parameters is not from 1 to 10^18";
    if (in->active == 0 || in->active > in->parameters)
        return "active parameters are not from 1 to the parameters";
    if ((unsigned)in->dtype >= DTYPE_COUNT)
        return "dtype is not a weight format";
    if ((unsigned)in->kv >= DTYPE_KV_COUNT)
        return "kv_dtype is not a KV-cache type";
    if (in->context == 0 || in->context > INFERENCE_CONTEXT_MAX)
        return "context is not from 1 to 10^7 tokens";
    if (in->batch == 0 || in->batch > INFERENCE_BATCH_MAX)
        return "batch is not from 1 to 10^6";
    if (in->gpu == NULL || gpu_check(in->gpu) != NULL)
        return "gpu is not a plausible GPU";
    if (in->gpus == 0 || in->gpus > INFERENCE_GPUS_MAX)
        return "gpus is not from 1 to 4096";
    if (!share_ok(in->utilization))
        return "utilization is not above 0 and at most 1";
    if (!share_ok(in->prefill_mfu))
        return "prefill utilization is not above 0 and at most 1";
    return NULL;
}

static int dim_ok(uint64_t x)
{
    return x >= 1 && x <= INFERENCE_DIM_MAX;
}

static int multihead(enum arch_kv_kind k)
{
    return k == ARCH_KV_MHA || k == ARCH_KV_GQA || k == ARCH_KV_MQA;
}

/* Why shape s cannot be cached, or NULL. */
static const char *shape_fault(const struct arch_kv_shape *s)
{
    if (s->kind == ARCH_KV_NONE)
        return NULL;
    if (!dim_ok(s->layers))
        return "layers is not from 1 to 10^6";
    if (s->sliding_layers > s->layers)
        return "sliding_layers is above the layers";
    if (s->kind == ARCH_KV_LATENT)
        return dim_ok(s->latent_dim) ? NULL
                                     : "latent_dim is not from 1 to 10^6";
    if (!multihead(s->kind))
        return "the attention kind is unknown";
    if (!dim_ok(s->kv_heads))
        return "kv_heads is not from 1 to 10^6";
    if (!dim_ok(s->key_dim))
        return "key_dim is not from 1 to 10^6";
    if (!dim_ok(s->value_dim))
        return "value_dim is not from 1 to 10^6";
    return NULL;
}

/* Bytes of one token of one sequence in one layer (each factor is at
 * most 10^6, so no product overflows before the check). */
static uint64_t layer_bytes(const struct arch_kv_shape *s, unsigned bytes)
{
    if (s->kind == ARCH_KV_NONE)
        return 0;
    if (s->kind == ARCH_KV_LATENT)
        return s->latent_dim * bytes;
    /* a key and a value a head: 2 x head_dim where the two are equal */
    return s->kv_heads * (s->key_dim + s->value_dim) * bytes;
}

static const char *formula(enum arch_kv_kind kind)
{
    if (kind == ARCH_KV_NONE)
        return INFERENCE_FORMULA_NONE;
    if (kind == ARCH_KV_LATENT)
        return INFERENCE_FORMULA_LATENT;
    return INFERENCE_FORMULA_MULTIHEAD;
}

/* The layers that keep a window: none without one. */
static uint64_t windowed_layers(const struct arch_kv_shape *s)
{
    return s->sliding_window != 0 ? s->sliding_layers : 0;
}

/* What a windowed layer keeps of the context: at most the window. */
static uint64_t cached(const struct arch_kv_shape *s, uint64_t context)
{
    if (windowed_layers(s) != 0 && s->sliding_window < context)
        return s->sliding_window;
    return context;
}

struct inference_kv inference_kv(const struct arch_kv_shape *s,
                                 uint64_t context, uint64_t batch,
                                 enum dtype_kv kv)
{
    struct inference_kv r = {.status = SVC_EINVAL};
    uint64_t layer, slid, tokens;

    r.fault = shape_fault(s);
    if (r.fault != NULL)
        return r;
    if (context == 0 || context > INFERENCE_CONTEXT_MAX) {
        r.fault = "context is not from 1 to 10^7 tokens";
        return r;
    }
    if (batch == 0 || batch > INFERENCE_BATCH_MAX) {
        r.fault = "batch is not from 1 to 10^6";
        return r;
    }
    if ((unsigned)kv >= DTYPE_KV_COUNT) {
        r.fault = "kv_dtype is not a KV-cache type";
        return r;
    }
    r.formula = formula(s->kind);
    layer = layer_bytes(s, dtype_kv_bytes(kv));
    r.bytes_per_token = s->kind == ARCH_KV_NONE ? 0 : layer * s->layers;
    r.cached_tokens = cached(s, context);
    r.windowed = r.cached_tokens < context;
    /* layer-tokens a sequence keeps: full layers hold the context,
     * windowed ones at most the window (at most 10^6 x 10^7 each) */
    slid = windowed_layers(s);
    tokens = (s->layers - slid) * context + slid * r.cached_tokens;
    if (s->kind == ARCH_KV_NONE)
        tokens = 0;
    if (!mul(layer, tokens, &r.sequence_bytes) ||
        !mul(r.sequence_bytes, batch, &r.bytes)) {
        r.fault = "the KV cache is above 10^19 bytes";
        return r;
    }
    r.status = SVC_OK;
    return r;
}

/* Fills the per-GPU split and the fit from weights and kv. */
static void fit(struct inference_memory *m, const struct inference_in *in)
{
    double usable = (double)in->gpu->memory_bytes * in->utilization;

    m->total = m->weights + m->kv;
    m->weights_per_gpu = ceil_div(m->weights, in->gpus);
    m->kv_per_gpu = ceil_div(m->kv, in->gpus);
    m->total_per_gpu = m->weights_per_gpu + m->kv_per_gpu;
    m->usable_per_gpu = (uint64_t)floor(usable + 0.5);
    m->usable = m->usable_per_gpu * in->gpus;
    m->fits = m->total_per_gpu <= m->usable_per_gpu;
    if (m->fits)
        m->headroom_per_gpu = m->usable_per_gpu - m->total_per_gpu;
    else
        m->shortfall_per_gpu = m->total_per_gpu - m->usable_per_gpu;
    m->headroom = m->headroom_per_gpu * in->gpus;
    m->shortfall = m->shortfall_per_gpu * in->gpus;
}

struct inference_memory inference_memory(const struct inference_in *in)
{
    struct inference_memory m = {.status = SVC_EINVAL};

    m.fault = inference_check(in);
    if (m.fault != NULL)
        return m;
    m.weights = dtype_weight_bytes(in->parameters, in->dtype);
    if (in->shape == NULL) {
        m.fallback = 1;
        m.kv = (m.weights + 4) / 5; /* x 1.2 in all, rounded up */
    } else {
        m.cache = inference_kv(in->shape, in->context, in->batch, in->kv);
        if (m.cache.status != SVC_OK) {
            m.fault = m.cache.fault;
            return m;
        }
        m.kv = m.cache.bytes;
    }
    fit(&m, in);
    m.status = SVC_OK;
    return m;
}

/* The largest context whose cache for `batch` sequences fits in
 * `budget` bytes over all GPUs, into c; `layer` is the bytes of a
 * token in one layer. */
static void context_max(struct inference_capacity *c,
                        const struct arch_kv_shape *s, uint64_t layer,
                        uint64_t budget, uint64_t batch)
{
    uint64_t units, most, slid = windowed_layers(s);

    if (layer == 0 || s->kind == ARCH_KV_NONE) {
        c->context_unbounded = 1;
        c->context_max = INFERENCE_CONTEXT_MAX;
        c->context_capped = 1;
        return;
    }
    /* floor(floor(x / a) / b) = floor(x / ab), without forming ab:
     * the layer-tokens one sequence may keep */
    units = budget / batch / layer;
    most = units / s->layers;
    if (slid != 0 && most >= s->sliding_window) {
        /* Past the window only the full layers grow; most >= window
         * means units >= layers x window, so nothing below wraps. */
        if (slid == s->layers)
            most = INFERENCE_CONTEXT_MAX + 1;
        else
            most = (units - slid * s->sliding_window) /
                   (s->layers - slid);
        c->context_unbounded = slid == s->layers;
    }
    c->context_capped = most > INFERENCE_CONTEXT_MAX;
    c->context_max = c->context_capped ? INFERENCE_CONTEXT_MAX : most;
}

struct inference_capacity
inference_capacity(const struct inference_in *in)
{
    struct inference_capacity c = {.status = SVC_EINVAL};
    struct inference_memory m = inference_memory(in);
    uint64_t budget;

    c.fault = m.fault;
    if (m.status != SVC_OK)
        return c;
    if (m.fallback) {
        c.fault = "capacity needs an architecture: the x 1.2 rule knows "
                  "no context or batch";
        return c;
    }
    c.status = SVC_OK;
    if (m.weights_per_gpu > m.usable_per_gpu)
        return c; /* the weights alone do not fit: nothing does */
    /* ceil(kv / gpus) <= usable - weights' share  <=>  kv <= budget */
    budget = (m.usable_per_gpu - m.weights_per_gpu) * in->gpus;
    c.batch_max = m.cache.sequence_bytes == 0
                      ? UINT64_MAX
                      : budget / m.cache.sequence_bytes;
    c.batch_capped = c.batch_max > INFERENCE_BATCH_MAX;
    if (c.batch_capped)
        c.batch_max = INFERENCE_BATCH_MAX;
    context_max(&c, in->shape,
                layer_bytes(in->shape, dtype_kv_bytes(in->kv)), budget,
                in->batch);
    c.beyond_positions = in->shape->max_positions != 0 &&
                         c.context_max > in->shape->max_positions;
    return c;
}

/* The peak a step runs at, in FLOP/s over all GPUs, into sp. */
static void peak(struct inference_speed *sp, const struct inference_in *in)
{
    const struct gpu *g = in->gpu;

    sp->peak_kind = dtype_peak_of(in->dtype);
    if (sp->peak_kind == DTYPE_PEAK_FP8 && g->fp8_flops == 0) {
        sp->no_fp8 = 1;
        sp->peak_kind = DTYPE_PEAK_BF16;
    }
    sp->peak = (double)in->gpus * (sp->peak_kind == DTYPE_PEAK_FP8
                                       ? g->fp8_flops
                                       : g->bf16_flops);
}

struct inference_speed inference_speed(const struct inference_in *in)
{
    struct inference_speed sp = {.status = SVC_EINVAL};
    struct inference_memory m = inference_memory(in);
    double active = (double)in->active, batch = (double)in->batch;

    sp.fault = m.fault;
    if (m.status != SVC_OK)
        return sp;
    sp.moe = in->active < in->parameters;
    sp.weight_bytes = dtype_weight_bytes(in->active, in->dtype);
    sp.kv_bytes = m.fallback ? 0 : m.cache.bytes;
    sp.step_bytes = sp.weight_bytes + sp.kv_bytes;
    sp.bandwidth =
        (double)in->gpus * (double)in->gpu->bandwidth_bytes_per_s;
    peak(&sp, in);
    sp.memory_time = (double)sp.step_bytes / sp.bandwidth;
    sp.compute_time = 2 * active * batch / sp.peak;
    sp.compute_bound = sp.compute_time > sp.memory_time;
    sp.step_time = fmax(sp.memory_time, sp.compute_time);
    sp.tokens_per_s = 1 / sp.step_time;
    sp.batch_tokens_per_s = batch / sp.step_time;
    sp.prefill_flops = 2 * active * (double)in->context * batch;
    sp.prefill_time = sp.prefill_flops / (sp.peak * in->prefill_mfu);
    sp.status = SVC_OK;
    return sp;
}
