/* answer_inference.c - serving one model on GPUs, as JSON.  Every
 * figure is the core's; every sentence is one of its assumptions. */
#include "api/answer_inference.h"

#include <stdio.h>
#include <string.h>

#include "api/answer_models.h"
#include "modelscale/numfmt.h"

#define P NUMFMT_PRECISION_DEFAULT
#define WARNING_MAX 200 /* one warning sentence */

const char *answer_attention_name(enum arch_kv_kind k)
{
    static const char *const names[] = {"none", "multi-head",
                                        "grouped-query", "multi-query",
                                        "latent"};

    return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k]
                                                           : "unknown";
}

/* What the answer keeps until its print: the model's figures and the
 * warnings' text. */
struct kept {
    struct model_figures figures;
    struct compare_model config_model; /* a config's line */
    char warning[2][WARNING_MAX];
};

static void put_model(struct answer *a, const struct subject *w,
                      struct kept *k)
{
    cJSON *o = answer_object(a, a->root, "model");
    const struct compare_model *m = w->model;
    const char *text[MODEL_FIGURES];

    if (m == NULL) { /* a config: its counts, exact */
        k->config_model = (struct compare_model){
            .name = w->name, .name_len = w->name_len,
            .parameters = w->parameters,
            .active_parameters =
                w->kind == COMPARE_KIND_MOE ? w->active : 0,
            .kind = w->kind, .basis = w->basis};
        m = &k->config_model;
    }
    if (answer_model_figures(m, &k->figures, text) < 0)
        a->failed = 1; /* counts are at most 10^18: never */
    answer_model(a, o, m, text);
    if (w->catalog != NULL)
        answer_ref(a, o, "catalog", w->catalog->name);
    else
        answer_ref(a, o, "from", "config");
}

static void put_gpu(struct answer *a, const struct inference_in *in)
{
    cJSON *o = answer_object(a, a->root, "gpu");
    const struct gpu *g = in->gpu;

    answer_ref(a, o, "id", g->id);
    answer_ref(a, o, "name", g->name);
    answer_bytes(a, o, "memory", g->memory_bytes, P);
    answer_u64(a, o, "bandwidth_bytes_per_s", g->bandwidth_bytes_per_s);
    answer_double(a, o, "bf16_tflops", g->bf16_flops / 1e12);
    if (g->fp8_flops > 0)
        answer_double(a, o, "fp8_tflops", g->fp8_flops / 1e12);
    else
        answer_null(a, o, "fp8_tflops");
}

static void put_inputs(struct answer *a, const struct inference_answer *x)
{
    const struct inference_in *in = &x->in;

    if (x->has_shape)
        answer_ref(a, a->root, "architecture",
                   arch_family_name(x->who.arch->family));
    else
        answer_null(a, a->root, "architecture");
    answer_ref(a, a->root, "dtype", dtype_layout(in->dtype)->name);
    answer_double(a, a->root, "bits_per_weight",
                  dtype_bits_per_weight(in->dtype));
    answer_ref(a, a->root, "kv_dtype", dtype_kv_name(in->kv));
    answer_u64(a, a->root, "context", in->context);
    answer_u64(a, a->root, "batch", in->batch);
    put_gpu(a, in);
    answer_u64(a, a->root, "gpus", in->gpus);
    answer_double(a, a->root, "utilization", in->utilization);
    answer_double(a, a->root, "prefill_utilization", in->prefill_mfu);
}

static void put_cache(struct answer *a, const struct inference_answer *x)
{
    const struct inference_kv *kv = &x->memory.cache;
    const struct arch_kv_shape *s = &x->shape;
    cJSON *o;

    if (!x->has_shape) {
        answer_null(a, a->root, "kv_cache");
        return;
    }
    o = answer_object(a, a->root, "kv_cache");
    answer_ref(a, o, "attention", answer_attention_name(s->kind));
    answer_ref(a, o, "formula", kv->formula);
    answer_u64(a, o, "layers", s->layers);
    if (s->kind == ARCH_KV_LATENT) {
        answer_u64(a, o, "latent_dim", s->latent_dim);
    } else if (s->kind != ARCH_KV_NONE) {
        answer_u64(a, o, "kv_heads", s->kv_heads);
        answer_u64(a, o, "head_dim", s->key_dim);
    }
    answer_u64(a, o, "bytes_per_token", kv->bytes_per_token);
    if (s->sliding_window != 0) {
        answer_u64(a, o, "sliding_window", s->sliding_window);
        answer_u64(a, o, "sliding_layers", s->sliding_layers);
    } else {
        answer_null(a, o, "sliding_window");
    }
    answer_u64(a, o, "cached_tokens", kv->cached_tokens);
    answer_bool(a, o, "windowed", kv->windowed);
    answer_bytes(a, o, "per_sequence", kv->sequence_bytes, P);
    answer_bytes(a, o, "total", kv->bytes, P);
}

/* The headroom or the shortfall, in all and per GPU. */
static void put_margin(struct answer *a, cJSON *o,
                       const struct inference_memory *m)
{
    if (m->fits) {
        answer_bytes(a, o, "headroom", m->headroom, P);
        answer_bytes(a, o, "headroom_per_gpu", m->headroom_per_gpu, P);
    } else {
        answer_bytes(a, o, "shortfall", m->shortfall, P);
        answer_bytes(a, o, "shortfall_per_gpu", m->shortfall_per_gpu, P);
    }
}

static void put_memory(struct answer *a, const struct inference_answer *x)
{
    const struct inference_memory *m = &x->memory;
    cJSON *o = answer_object(a, a->root, "memory");
    cJSON *g;

    answer_bytes(a, o, "weights", m->weights, P);
    answer_bytes(a, o, "kv_cache", m->kv, P);
    answer_bytes(a, o, "total", m->total, P);
    g = answer_object(a, o, "per_gpu");
    answer_bytes(a, g, "weights", m->weights_per_gpu, P);
    answer_bytes(a, g, "kv_cache", m->kv_per_gpu, P);
    answer_bytes(a, g, "total", m->total_per_gpu, P);
    answer_bytes(a, o, "usable_per_gpu", m->usable_per_gpu, P);
    answer_bytes(a, o, "usable", m->usable, P);
    answer_bool(a, o, "fits", m->fits);
    put_margin(a, o, m);
    answer_ref(a, o, "split", INFERENCE_ASSUMPTION_SPLIT);
    if (m->fallback)
        answer_ref(a, o, "fallback", INFERENCE_ASSUMPTION_FALLBACK);
    else
        answer_null(a, o, "fallback");
}

static void put_capacity(struct answer *a, const struct inference_answer *x)
{
    const struct inference_capacity *c = &x->capacity;
    cJSON *o;

    if (!x->has_shape) {
        answer_null(a, a->root, "capacity");
        return;
    }
    o = answer_object(a, a->root, "capacity");
    answer_u64(a, o, "max_batch", c->batch_max);
    answer_u64(a, o, "at_context", x->in.context);
    answer_bool(a, o, "max_batch_capped", c->batch_capped);
    answer_u64(a, o, "max_context", c->context_max);
    answer_u64(a, o, "at_batch", x->in.batch);
    answer_bool(a, o, "max_context_unbounded", c->context_unbounded);
    answer_bool(a, o, "max_context_capped", c->context_capped);
}

static void put_decode(struct answer *a, const struct inference_answer *x)
{
    const struct inference_speed *s = &x->speed;
    cJSON *o = answer_object(a, a->root, "decode");

    answer_double(a, o, "tokens_per_s", s->tokens_per_s);
    answer_double(a, o, "batch_tokens_per_s", s->batch_tokens_per_s);
    answer_ref(a, o, "bound", s->compute_bound ? "compute" : "memory");
    answer_double(a, o, "step_seconds", s->step_time);
    answer_double(a, o, "memory_seconds", s->memory_time);
    answer_double(a, o, "compute_seconds", s->compute_time);
    answer_bytes(a, o, "weights_read", s->weight_bytes, P);
    answer_bytes(a, o, "kv_cache_read", s->kv_bytes, P);
    answer_bytes(a, o, "step_bytes", s->step_bytes, P);
    answer_double(a, o, "bandwidth_bytes_per_s", s->bandwidth);
    answer_ref(a, o, "peak", s->peak_kind == DTYPE_PEAK_FP8 ? "fp8"
                                                             : "bf16");
    answer_double(a, o, "peak_tflops", s->peak / 1e12);
    if (s->moe)
        answer_ref(a, o, "moe", INFERENCE_ASSUMPTION_MOE);
    else
        answer_null(a, o, "moe");
}

static void put_prefill(struct answer *a, const struct inference_answer *x)
{
    const struct inference_speed *s = &x->speed;
    cJSON *o = answer_object(a, a->root, "prefill");

    answer_double(a, o, "seconds", s->prefill_time);
    answer_flops(a, o, "flops", "flops_formatted", s->prefill_flops);
    answer_u64(a, o, "tokens", x->in.context * x->in.batch);
    answer_double(a, o, "prefill_utilization", x->in.prefill_mfu);
}

/* Contexts above what the model was trained for. */
static void put_warnings(struct answer *a, const struct inference_answer *x,
                         struct kept *k)
{
    cJSON *list = answer_array(a, a->root, "warnings");
    uint64_t most = x->has_shape ? x->shape.max_positions : 0;

    if (most != 0 && x->in.context > most) {
        snprintf(k->warning[0], WARNING_MAX,
                 "context %llu is above the model's "
                 "max_position_embeddings, %llu: it was not trained for "
                 "sequences that long, and may not work at all",
                 (unsigned long long)x->in.context,
                 (unsigned long long)most);
        answer_ref(a, list, NULL, k->warning[0]);
    }
    if (x->has_shape && x->capacity.context_unbounded && most != 0) {
        snprintf(k->warning[1], WARNING_MAX,
                 "any context fits in memory, since the cache stops "
                 "growing, but the model's max_position_embeddings is "
                 "%llu", (unsigned long long)most);
        answer_ref(a, list, NULL, k->warning[1]);
    } else if (x->has_shape && x->capacity.beyond_positions) {
        snprintf(k->warning[1], WARNING_MAX,
                 "the largest context that fits, %llu, is above the "
                 "model's max_position_embeddings, %llu",
                 (unsigned long long)x->capacity.context_max,
                 (unsigned long long)most);
        answer_ref(a, list, NULL, k->warning[1]);
    }
}

static void put_assumptions(struct answer *a,
                            const struct inference_answer *x)
{
    cJSON *o = answer_object(a, a->root, "assumptions");

    answer_ref(a, o, "weights", DTYPE_ASSUMPTION_WEIGHTS);
    answer_ref(a, o, "gpu_peaks", GPU_ASSUMPTION_PEAKS);
    answer_ref(a, o, "peak", DTYPE_ASSUMPTION_PEAK);
    if (x->speed.no_fp8)
        answer_ref(a, o, "no_fp8", INFERENCE_ASSUMPTION_NO_FP8);
    if (x->has_shape && x->shape.sliding_window != 0)
        answer_ref(a, o, "window", INFERENCE_ASSUMPTION_WINDOW);
    answer_ref(a, o, "split", INFERENCE_ASSUMPTION_SPLIT);
    answer_ref(a, o, "utilization", INFERENCE_ASSUMPTION_UTILIZATION);
    if (x->has_shape)
        answer_ref(a, o, "capacity", INFERENCE_ASSUMPTION_CAPACITY);
    else
        answer_ref(a, o, "fallback", INFERENCE_ASSUMPTION_FALLBACK);
    answer_ref(a, o, "decode", INFERENCE_ASSUMPTION_DECODE);
    if (x->speed.moe)
        answer_ref(a, o, "moe", INFERENCE_ASSUMPTION_MOE);
    answer_ref(a, o, "compute", INFERENCE_ASSUMPTION_COMPUTE);
    answer_ref(a, o, "prefill", INFERENCE_ASSUMPTION_PREFILL);
}

enum svc_status answer_inference(const struct inference_answer *ans,
                                 struct text_buf *out)
{
    struct answer a;
    struct kept k;
    size_t size = 12288;

    memset(&k, 0, sizeof(k));
    answer_init(&a);
    put_model(&a, &ans->who, &k);
    put_inputs(&a, ans);
    put_cache(&a, ans);
    put_memory(&a, ans);
    put_capacity(&a, ans);
    put_decode(&a, ans);
    put_prefill(&a, ans);
    put_warnings(&a, ans, &k);
    put_assumptions(&a, ans);
    if (ans->who.model != NULL)
        size += answer_model_size(ans->who.model);
    return answer_print(&a, size, out);
}
