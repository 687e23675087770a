/* answer_compare.c - a comparison as JSON: only serializes what the core
 * computed (compare_run, estimate_model). */
#include "api/answer_compare.h"

#include "api/answer_models.h"

/* Bytes that memory and compute add to a model's line, at most. */
#define MEMORY_BYTES 1536
#define COMPUTE_BYTES 512

/* {"fp32": {..}, "bf16": {..}, ...}: bytes by data type. */
static void put_per_dtype(struct answer *a, cJSON *obj, const char *key,
                          const uint64_t *bytes, int precision)
{
    cJSON *o = answer_object(a, obj, key);

    for (int d = 0; d < ESTIMATE_DTYPES; d++)
        answer_bytes(a, o, estimate_dtype_name(d), bytes[d], precision);
}

static void put_memory(struct answer *a, cJSON *obj,
                       const struct estimate_model *e, int precision)
{
    cJSON *m = answer_object(a, obj, "memory"), *t;

    put_per_dtype(a, m, "weights", e->weights, precision);
    put_per_dtype(a, m, "inference", e->inference, precision);
    t = answer_object(a, m, "training");
    answer_bytes(a, t, "weights", e->training.weights, precision);
    answer_bytes(a, t, "gradients", e->training.gradients, precision);
    answer_bytes(a, t, "optimizer", e->training.optimizer, precision);
    answer_bytes(a, t, "total", e->training.total, precision);
}

static void put_compute(struct answer *a, cJSON *obj,
                        const struct estimate_compute *c, int precision)
{
    cJSON *o = answer_object(a, obj, "compute");

    answer_flops(a, o, "flops_per_token", "flops_per_token_formatted",
                 c->flops_per_token);
    answer_amount(a, o, "optimal_tokens", "optimal_tokens_formatted",
                  c->optimal_tokens, precision);
    answer_amount(a, o, "tokens", "tokens_formatted", c->tokens, precision);
    answer_flops(a, o, "training_flops", "training_flops_formatted",
                 c->training_flops);
    answer_double(a, o, "training_pf_days", c->training_pf_days);
}

/* The rules of thumb behind the parts an answer includes. */
static void put_assumptions(struct answer *a, unsigned include,
                            double tokens)
{
    cJSON *o = answer_object(a, a->root, "assumptions");

    if (include & COMPARE_MEMORY) {
        answer_ref(a, o, "weights", ESTIMATE_ASSUMPTION_WEIGHTS);
        answer_ref(a, o, "inference", ESTIMATE_ASSUMPTION_INFERENCE);
        answer_ref(a, o, "training", ESTIMATE_ASSUMPTION_TRAINING);
    }
    if (include & COMPARE_COMPUTE) {
        answer_ref(a, o, "inference_flops",
                   ESTIMATE_ASSUMPTION_INFERENCE_FLOPS);
        answer_ref(a, o, "tokens", ESTIMATE_ASSUMPTION_TOKENS);
        if (tokens > 0)
            answer_ref(a, o, "training_tokens",
                       ESTIMATE_ASSUMPTION_GIVEN_TOKENS);
        answer_ref(a, o, "training_flops",
                   ESTIMATE_ASSUMPTION_TRAINING_FLOPS);
    }
}

static void put_pick(struct answer *a, const char *key,
                     const struct compare_pick *p)
{
    cJSON *o = answer_object(a, a->root, key);

    answer_ref(a, o, "name", p->model->name);
    answer_u64(a, o, "parameters", p->model->parameters);
    answer_ref(a, o, "formatted", p->formatted);
}

/* One model's line; est is NULL without include. */
static void put_entry(struct answer *a, cJSON *list,
                      const struct compare_entry *e,
                      const struct estimate_model *est,
                      const struct compare_request *req, int baseline)
{
    cJSON *o = answer_object(a, list, NULL);
    int precision = req->options.precision;
    const char *const text[MODEL_FIGURES] = {
        e->formatted, e->active_formatted, e->published_formatted,
        e->tokens_formatted};

    answer_model(a, o, e->model, text);
    answer_double(a, o, "ratio_to_smallest", e->ratio_to_smallest);
    answer_ref(a, o, "ratio_to_smallest_formatted",
               e->ratio_to_smallest_formatted);
    if (baseline) {
        answer_double(a, o, "ratio_to_baseline", e->ratio_to_baseline);
        answer_ref(a, o, "ratio_to_baseline_formatted",
                   e->ratio_to_baseline_formatted);
    }
    if (req->extras.include & COMPARE_MEMORY)
        put_memory(a, o, est, precision);
    if (req->extras.include & COMPARE_COMPUTE)
        put_compute(a, o, &est->compute, precision);
}

enum svc_status answer_compare(const struct compare_answer *ans,
                               const struct compare_request *req,
                               struct text_buf *out)
{
    const struct compare_result *res = &ans->result;
    const int baseline = res->baseline.model != NULL;
    unsigned include = req->extras.include;
    size_t size = 2048;
    struct answer a;
    cJSON *list;

    answer_init(&a);
    list = answer_array(&a, a.root, "models");
    for (size_t i = 0; i < res->count; i++) {
        put_entry(&a, list, &res->entries[i],
                  ans->estimates ? &ans->estimates[i] : NULL, req,
                  baseline);
        size += answer_model_size(res->entries[i].model) +
                (include & COMPARE_MEMORY ? MEMORY_BYTES : 0) +
                (include & COMPARE_COMPUTE ? COMPUTE_BYTES : 0);
    }
    answer_u64(&a, a.root, "count", res->count);
    put_pick(&a, "largest", &res->largest);
    put_pick(&a, "smallest", &res->smallest);
    if (baseline)
        put_pick(&a, "baseline", &res->baseline);
    answer_double(&a, a.root, "scale_difference", res->scale_difference);
    answer_ref(&a, a.root, "scale_difference_formatted",
               res->scale_difference_formatted);
    answer_double(&a, a.root, "orders_of_magnitude",
                  res->orders_of_magnitude);
    answer_ref(&a, a.root, "summary", res->summary);
    if (include != 0)
        put_assumptions(&a, include, req->extras.tokens);
    return answer_print(&a, size, out);
}
