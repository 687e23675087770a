/* answer_fit.c - which models fit, as JSON. */
#include "api/answer_fit.h"

#include <stdlib.h>

#include "api/answer_models.h"
#include "modelscale/numfmt.h"

#define NEED_BYTES 512 /* required and headroom, beside the model */
#define GPU_NEED_BYTES 1024 /* and per GPU, the cache, the rule's note */

#define FIT_ASSUMPTION_GPUS                                                \
    "on GPUs: the weights in the format and, where a model has an "       \
    "architecture, its exact KV cache at the context and batch, split "   \
    "evenly over the GPUs and fitted in each GPU's memory x utilization; "\
    "a model without one keeps the x 1.2 rule, and its entry says so"

static void put_need(struct answer *a, cJSON *list,
                     const struct estimate_need *need, uint64_t memory,
                     struct model_figures *f)
{
    const struct compare_model *m = need->model;
    cJSON *o = answer_object(a, list, NULL);
    const char *text[MODEL_FIGURES];

    answer_model_figures(m, f, text); /* catalogs are checked at start */
    answer_model(a, o, m, text);
    answer_bytes(a, o, "required", need->bytes, NUMFMT_PRECISION_DEFAULT);
    if (need->bytes <= memory)
        answer_bytes(a, o, "headroom", memory - need->bytes,
                     NUMFMT_PRECISION_DEFAULT);
    else
        answer_bytes(a, o, "shortfall", need->bytes - memory,
                     NUMFMT_PRECISION_DEFAULT);
}

/* A model's line on GPUs: its needs in all and per GPU, and how its
 * cache was found. */
static void put_fitted(struct answer *a, cJSON *list,
                       const struct inference_fit *x,
                       struct model_figures *f)
{
    const struct inference_memory *m = &x->memory;
    cJSON *o = answer_object(a, list, NULL);
    const char *text[MODEL_FIGURES];

    answer_model_figures(x->model, f, text); /* checked at start */
    answer_model(a, o, x->model, text);
    answer_bytes(a, o, "required", m->total, NUMFMT_PRECISION_DEFAULT);
    answer_bytes(a, o, "required_per_gpu", m->total_per_gpu,
                 NUMFMT_PRECISION_DEFAULT);
    answer_bytes(a, o, "weights", m->weights, NUMFMT_PRECISION_DEFAULT);
    answer_bytes(a, o, "kv_cache", m->kv, NUMFMT_PRECISION_DEFAULT);
    answer_bool(a, o, "exact_cache", x->exact);
    if (!x->exact)
        answer_ref(a, o, "note", INFERENCE_ASSUMPTION_FALLBACK);
    if (m->fits)
        answer_bytes(a, o, "headroom", m->headroom,
                     NUMFMT_PRECISION_DEFAULT);
    else
        answer_bytes(a, o, "shortfall", m->shortfall,
                     NUMFMT_PRECISION_DEFAULT);
}

/* What a fit on GPUs was asked, and the sentences behind it. */
static void put_gpu_inputs(struct answer *a, const struct fit_answer *fit)
{
    const struct inference_in *in = &fit->in;
    cJSON *o;

    answer_ref(a, a->root, "dtype", dtype_layout(in->dtype)->name);
    answer_ref(a, a->root, "mode", estimate_mode_name(fit->mode));
    answer_ref(a, a->root, "assumption", FIT_ASSUMPTION_GPUS);
    answer_ref(a, a->root, "gpu", in->gpu->id);
    answer_u64(a, a->root, "gpus", in->gpus);
    answer_u64(a, a->root, "context", in->context);
    answer_u64(a, a->root, "batch", in->batch);
    answer_ref(a, a->root, "kv_dtype", dtype_kv_name(in->kv));
    answer_double(a, a->root, "utilization", in->utilization);
    o = answer_object(a, a->root, "assumptions");
    answer_ref(a, o, "weights", DTYPE_ASSUMPTION_WEIGHTS);
    answer_ref(a, o, "kv_cache_multihead", INFERENCE_FORMULA_MULTIHEAD);
    answer_ref(a, o, "kv_cache_latent", INFERENCE_FORMULA_LATENT);
    answer_ref(a, o, "window", INFERENCE_ASSUMPTION_WINDOW);
    answer_ref(a, o, "split", INFERENCE_ASSUMPTION_SPLIT);
    answer_ref(a, o, "utilization", INFERENCE_ASSUMPTION_UTILIZATION);
    answer_ref(a, o, "fallback", INFERENCE_ASSUMPTION_FALLBACK);
}

static enum svc_status answer_fit_gpus(const struct fit_answer *fit,
                                       struct text_buf *out)
{
    size_t n = fit->catalog->count, size = 4096;
    struct model_figures *f = calloc(n + 1, sizeof(*f));
    struct answer a;
    cJSON *fits, *large;
    enum svc_status st;

    answer_init(&a);
    if (f == NULL)
        a.failed = 1;
    answer_ref(&a, a.root, "catalog", fit->catalog->name);
    answer_bytes(&a, a.root, "memory", fit->memory,
                 NUMFMT_PRECISION_DEFAULT);
    put_gpu_inputs(&a, fit);
    fits = answer_array(&a, a.root, "fits");
    for (size_t i = fit->first_fit; f != NULL && i < n; i++)
        put_fitted(&a, fits, &fit->fitted[i], &f[i]);
    answer_u64(&a, a.root, "count", n - fit->first_fit);
    large = answer_array(&a, a.root, "too_large");
    for (size_t i = 0; f != NULL && i < fit->first_fit; i++)
        put_fitted(&a, large, &fit->fitted[i], &f[i]);
    for (size_t i = 0; i < n; i++)
        size += answer_model_size(fit->fitted[i].model) + GPU_NEED_BYTES;
    st = answer_print(&a, size, out);
    free(f);
    return st;
}

enum svc_status answer_fit(const struct fit_answer *fit,
                           struct text_buf *out)
{
    static const char *const assumption[ESTIMATE_MODES] = {
        ESTIMATE_ASSUMPTION_WEIGHTS, ESTIMATE_ASSUMPTION_INFERENCE,
        ESTIMATE_ASSUMPTION_TRAINING};
    size_t n = fit->catalog->count, size = 1024;
    struct model_figures *f;
    struct answer a;
    cJSON *fits, *large;
    enum svc_status st;

    if (fit->on_gpus)
        return answer_fit_gpus(fit, out);
    f = calloc(n + 1, sizeof(*f));
    answer_init(&a);
    if (f == NULL)
        a.failed = 1;
    answer_ref(&a, a.root, "catalog", fit->catalog->name);
    answer_bytes(&a, a.root, "memory", fit->memory,
                 NUMFMT_PRECISION_DEFAULT);
    answer_ref(&a, a.root, "dtype", estimate_dtype_name(fit->dtype));
    answer_ref(&a, a.root, "mode", estimate_mode_name(fit->mode));
    answer_ref(&a, a.root, "assumption", assumption[fit->mode]);
    fits = answer_array(&a, a.root, "fits");
    for (size_t i = fit->first_fit; f != NULL && i < n; i++)
        put_need(&a, fits, &fit->needs[i], fit->memory, &f[i]);
    answer_u64(&a, a.root, "count", n - fit->first_fit);
    large = answer_array(&a, a.root, "too_large");
    for (size_t i = 0; f != NULL && i < fit->first_fit; i++)
        put_need(&a, large, &fit->needs[i], fit->memory, &f[i]);
    for (size_t i = 0; i < n; i++)
        size += answer_model_size(fit->needs[i].model) + NEED_BYTES;
    st = answer_print(&a, size, out);
    free(f);
    return st;
}
