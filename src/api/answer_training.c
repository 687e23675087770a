/* answer_training.c - what training costs, or what a budget buys, as
 * JSON: the answer only serializes what the core planned. */
#include "api/answer_training.h"

#include <stdio.h>

#include "api/answer_scaling.h"
#include "modelscale/estimate.h"
#include "modelscale/numfmt.h"
#include "modelscale/params.h"

#define ANSWER_BYTES 8192 /* both answers, but for the model's name */

static const char *const dtype_names[] = {"bf16", "fp8"};

/* A count and its text: "parameters": 6738415616 and
 * "parameters_formatted": "6.7B". */
static void put_count(struct answer *a, cJSON *o, const char *key,
                      const char *formatted_key, uint64_t n)
{
    char text[NUMFMT_MAX] = "";

    numfmt_count(n, NUMFMT_PRECISION_DEFAULT, text, sizeof(text));
    answer_u64(a, o, key, n);
    answer_copy(a, o, formatted_key, text);
}

/* The model asked about: where it came from, its counts, its kind. */
static void put_model(struct answer *a, const struct subject *s)
{
    cJSON *o = answer_object(a, a->root, "model");
    char name[PARAMS_NAME_MAX + 1];

    answer_ref(a, o, "from", s->carrier == SUBJECT_MODEL    ? "model"
                             : s->carrier == SUBJECT_CONFIG ? "config"
                                                            : "parameters");
    if (s->name != NULL) {
        snprintf(name, sizeof(name), "%.*s", (int)s->name_len, s->name);
        answer_copy(a, o, "name", name);
    } else {
        answer_null(a, o, "name");
    }
    if (s->catalog != NULL)
        answer_ref(a, o, "catalog", s->catalog->name);
    else
        answer_null(a, o, "catalog");
    put_count(a, o, "parameters", "parameters_formatted", s->parameters);
    put_count(a, o, "active_parameters", "active_parameters_formatted",
              s->active);
    answer_ref(a, o, "kind", s->kind == COMPARE_KIND_MOE ? "moe" : "dense");
    answer_bool(a, o, "exact", s->basis == COMPARE_BASIS_EXACT);
}

/* The GPU and the peak of one of them in the dtype. */
static void put_gpu(struct answer *a, const struct training_answer *t,
                    double peak)
{
    cJSON *o = answer_object(a, a->root, "gpu");

    answer_ref(a, o, "id", t->gpu->id);
    answer_ref(a, o, "name", t->gpu->name);
    answer_bytes(a, o, "memory", t->gpu->memory_bytes,
                 NUMFMT_PRECISION_DEFAULT);
    answer_double(a, o, "peak_flops", peak);
    answer_ref(a, a->root, "dtype", dtype_names[t->dtype]);
    answer_double(a, a->root, "mfu", t->mfu);
}

/* One part of the model state on each GPU, and whether it is split. */
static void put_part(struct answer *a, cJSON *obj, const char *key,
                     const struct training_part *p)
{
    cJSON *o = answer_object(a, obj, key);

    answer_bytes(a, o, "per_gpu", p->bytes, NUMFMT_PRECISION_DEFAULT);
    answer_bool(a, o, "sharded", p->sharded);
}

static void put_memory(struct answer *a, const struct training_answer *t)
{
    const struct training_zero *z = &t->plan.zero;
    cJSON *o = answer_object(a, a->root, "memory");

    answer_u64(a, o, "zero", (uint64_t)t->zero);
    answer_u64(a, o, "data_parallel_gpus", t->gpus);
    put_part(a, o, "weights", &z->weights);
    put_part(a, o, "gradients", &z->gradients);
    put_part(a, o, "optimizer", &z->optimizer);
    answer_bytes(a, o, "per_gpu", z->per_gpu, NUMFMT_PRECISION_DEFAULT);
    answer_bytes(a, o, "gpu_memory", t->gpu->memory_bytes,
                 NUMFMT_PRECISION_DEFAULT);
    answer_bool(a, o, "fits", z->fits);
    if (z->fits)
        answer_bytes(a, o, "headroom", z->headroom,
                     NUMFMT_PRECISION_DEFAULT);
    else
        answer_bytes(a, o, "shortfall", z->shortfall,
                     NUMFMT_PRECISION_DEFAULT);
    answer_ref(a, o, "activations", "excluded");
}

/* Compute, time and money. */
static void put_run(struct answer *a, const struct training_answer *t)
{
    const struct training_plan *p = &t->plan;
    cJSON *o = answer_object(a, a->root, "compute");

    answer_flops(a, o, "training_flops", "training_flops_formatted",
                 p->compute.flops);
    answer_double(a, o, "pf_days", p->compute.pf_days);
    o = answer_object(a, a->root, "time");
    answer_double(a, o, "gpu_hours", p->time.gpu_hours);
    answer_double(a, o, "hours", p->time.hours);
    answer_double(a, o, "days", p->time.days);
    if (!p->priced) {
        answer_null(a, a->root, "cost");
        return;
    }
    o = answer_object(a, a->root, "cost");
    answer_double(a, o, "price_per_gpu_hour", t->price);
    answer_double(a, o, "total", p->cost.cost);
}

/* The loss by each fit, and what repeating the data is worth. */
static void put_losses(struct answer *a, const struct training_plan *p)
{
    cJSON *list = answer_array(a, a->root, "loss"), *o, *r;

    for (size_t i = 0; i < SCALING_FITS; i++) {
        o = answer_object(a, list, NULL);
        answer_ref(a, o, "fit", p->loss[i].fit->name);
        answer_ref(a, o, "source", p->loss[i].fit->source);
        answer_double(a, o, "loss", p->loss[i].loss);
        if (p->loss[i].extrapolation[0] != '\0')
            answer_ref(a, o, "extrapolation", p->loss[i].extrapolation);
        else
            answer_null(a, o, "extrapolation");
    }
    if (!p->repeated) {
        answer_null(a, a->root, "repeated_data");
        return;
    }
    r = answer_object(a, a->root, "repeated_data");
    answer_amount(a, r, "unique_tokens", "unique_tokens_formatted",
                  p->repeat.unique, NUMFMT_PRECISION_DEFAULT);
    answer_double(a, r, "epochs", p->repeat.epochs);
    answer_double(a, r, "repetitions", p->repeat.repeats);
    answer_double(a, r, "r_star", TRAINING_R_STAR);
    answer_amount(a, r, "effective_tokens", "effective_tokens_formatted",
                  p->repeat.effective, NUMFMT_PRECISION_DEFAULT);
    list = answer_array(a, r, "loss");
    for (size_t i = 0; i < SCALING_FITS; i++) {
        o = answer_object(a, list, NULL);
        answer_ref(a, o, "fit", p->loss[i].fit->name);
        answer_double(a, o, "at_tokens", p->repeat_loss[i].at_tokens);
        answer_double(a, o, "at_effective_tokens",
                      p->repeat_loss[i].at_effective);
        answer_double(a, o, "difference", p->repeat_loss[i].difference);
    }
    if (p->repeat.warning_text != NULL)
        answer_ref(a, r, "warning", p->repeat.warning_text);
    else
        answer_null(a, r, "warning");
}

static void put_cost_assumptions(struct answer *a,
                                 const struct training_plan *p)
{
    cJSON *o = answer_object(a, a->root, "assumptions");

    answer_ref(a, o, "flops", TRAINING_ASSUMPTION_FLOPS);
    answer_ref(a, o, "tokens", p->tokens_default
                                   ? ESTIMATE_ASSUMPTION_TOKENS
                                   : ESTIMATE_ASSUMPTION_GIVEN_TOKENS);
    answer_ref(a, o, "time", TRAINING_ASSUMPTION_TIME);
    answer_ref(a, o, "mfu", TRAINING_ASSUMPTION_MFU);
    answer_ref(a, o, "peaks", GPU_ASSUMPTION_PEAKS);
    if (p->priced)
        answer_ref(a, o, "cost", TRAINING_ASSUMPTION_COST);
    answer_ref(a, o, "memory", TRAINING_ASSUMPTION_ZERO);
    answer_ref(a, o, "loss", TRAINING_ASSUMPTION_LOSS);
    if (p->repeated)
        answer_ref(a, o, "repeated_data", TRAINING_ASSUMPTION_REPEAT);
}

static void put_cost(struct answer *a, const struct training_answer *t)
{
    const struct training_plan *p = &t->plan;

    answer_ref(a, a->root, "question", "cost");
    put_model(a, &t->subject);
    answer_amount(a, a->root, "tokens", "tokens_formatted", p->tokens,
                  NUMFMT_PRECISION_DEFAULT);
    put_gpu(a, t, p->peak);
    answer_u64(a, a->root, "gpus", t->gpus);
    put_run(a, t);
    put_memory(a, t);
    put_losses(a, p);
    put_cost_assumptions(a, p);
}

/* A value of a budget's, or null where it was not given. */
static void put_given(struct answer *a, const char *key, double x)
{
    if (x > 0)
        answer_double(a, a->root, key, x);
    else
        answer_null(a, a->root, key);
}

static void put_budget(struct answer *a, const struct training_answer *t)
{
    const struct training_budget_plan *b = &t->bought;
    cJSON *list, *o;

    answer_ref(a, a->root, "question", "budget");
    answer_ref(a, a->root, "by", t->days > 0 ? "time" : "money");
    put_gpu(a, t, b->peak);
    put_given(a, "gpus", (double)t->gpus);
    put_given(a, "budget", t->budget);
    put_given(a, "price_per_gpu_hour", t->price);
    answer_double(a, a->root, "gpu_hours", b->bought.gpu_hours);
    answer_flops(a, a->root, "compute", "compute_formatted",
                 b->bought.flops);
    answer_double(a, a->root, "pf_days", b->bought.flops / TRAINING_PF_DAY);
    put_given(a, "days", b->days);
    list = answer_array(a, a->root, "predictions");
    for (size_t i = 0; i < SCALING_FITS; i++)
        answer_scaling_prediction(a, list, &b->optimal[i]);
    answer_scaling_range(a, a->root);
    o = answer_object(a, a->root, "assumptions");
    answer_ref(a, o, "budget", TRAINING_ASSUMPTION_BUDGET);
    answer_ref(a, o, "mfu", TRAINING_ASSUMPTION_MFU);
    answer_ref(a, o, "peaks", GPU_ASSUMPTION_PEAKS);
    answer_ref(a, o, "optimal", TRAINING_ASSUMPTION_OPTIMAL);
}

enum svc_status answer_training(const struct training_answer *t,
                                struct text_buf *out)
{
    struct answer a;

    answer_init(&a);
    if (t->ask == TRAINING_ASK_BUDGET)
        put_budget(&a, t);
    else
        put_cost(&a, t);
    return answer_print(&a, ANSWER_BYTES + 6 * t->subject.name_len, out);
}
