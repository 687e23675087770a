/* training.c - the compute, time, money and memory of training, and
 * the worth of repeated data.  Pure: no I/O, no globals. */
#include "modelscale/training.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "modelscale/estimate.h"

#define PARAMETERS_MAX 1000000000000000000ULL /* PARAMS_MAX, 10^18 */
#define SECONDS_PER_HOUR 3600.0
#define HOURS_PER_DAY 24.0

static int positive(double x)
{
    return isfinite(x) && x > 0;
}

static int share_ok(double x)
{
    return x > 0 && x <= 1; /* false for NaN too */
}

/* Why a peak and an mfu cannot be used, or NULL. */
static const char *rate_fault(double peak, double mfu)
{
    if (!positive(peak) || peak > GPU_FLOPS_MAX)
        return "the GPU's peak is not above 0 and at most 10^18 FLOP/s";
    if (!share_ok(mfu))
        return "mfu is not above 0 and at most 1";
    return NULL;
}

struct training_compute training_compute(uint64_t active, double tokens)
{
    struct training_compute r = {.status = SVC_EINVAL};

    if (active == 0 || active > PARAMETERS_MAX) {
        r.fault = "parameters is not from 1 to 10^18";
        return r;
    }
    if (!isfinite(tokens) || tokens < 1) {
        r.fault = "tokens is not a finite number of at least 1";
        return r;
    }
    r.flops = 6 * (double)active * tokens;
    if (r.flops > TRAINING_FLOPS_MAX) {
        r.fault = "training FLOPs are above 10^40";
        return r;
    }
    r.pf_days = r.flops / TRAINING_PF_DAY;
    r.status = SVC_OK;
    return r;
}

double training_peak(const struct gpu *g, enum dtype_peak kind)
{
    return kind == DTYPE_PEAK_FP8 ? g->fp8_flops : g->bf16_flops;
}

struct training_time training_time(double flops, double peak, double mfu,
                                   uint64_t gpus)
{
    struct training_time r = {.status = SVC_EINVAL};

    r.fault = rate_fault(peak, mfu);
    if (r.fault == NULL && (!positive(flops) || flops > TRAINING_FLOPS_MAX))
        r.fault = "training FLOPs are not above 0 and at most 10^40";
    if (r.fault == NULL && (gpus == 0 || gpus > TRAINING_GPUS_MAX))
        r.fault = "gpus is not from 1 to 10^7";
    if (r.fault != NULL)
        return r;
    r.gpu_hours = flops / (peak * mfu) / SECONDS_PER_HOUR;
    r.hours = r.gpu_hours / (double)gpus;
    r.days = r.hours / HOURS_PER_DAY;
    r.status = SVC_OK;
    return r;
}

struct training_cost training_cost(double gpu_hours, double price)
{
    struct training_cost r = {.status = SVC_EINVAL};

    if (!positive(price)) {
        r.fault = "price_per_gpu_hour is not a number above 0";
        return r;
    }
    if (!positive(gpu_hours)) {
        r.fault = "GPU-hours are not above 0";
        return r;
    }
    r.cost = gpu_hours * price;
    r.status = isfinite(r.cost) ? SVC_OK : SVC_EINVAL;
    r.fault = r.status == SVC_OK ? NULL : "the cost is not finite";
    return r;
}

double training_implied_mfu(double flops, double peak, double gpu_hours)
{
    if (!positive(flops) || !positive(peak) || !positive(gpu_hours))
        return NAN;
    return flops / (peak * gpu_hours * SECONDS_PER_HOUR);
}

/* part bytes on one of n GPUs, split over them when `sharded`. */
static struct training_part part(uint64_t bytes, uint64_t n, int sharded)
{
    struct training_part p = {bytes, sharded};

    if (sharded)
        p.bytes = bytes / n + (bytes % n != 0);
    return p;
}

struct training_zero training_zero(uint64_t parameters, uint64_t gpus,
                                   int stage, uint64_t gpu_memory)
{
    struct training_zero z = {.status = SVC_EINVAL};

    if (parameters == 0 || parameters > PARAMETERS_MAX)
        z.fault = "parameters is not from 1 to 10^18";
    else if (stage < 0 || stage >= TRAINING_ZERO_STAGES)
        z.fault = "zero is not a ZeRO stage from 0 to 3";
    else if (gpus == 0 || gpus > TRAINING_GPUS_MAX)
        z.fault = "gpus is not from 1 to 10^7";
    else if (gpu_memory == 0)
        z.fault = "the GPU's memory is 0";
    if (z.fault != NULL)
        return z;
    /* 16 x 10^18 < 2^64: no part overflows */
    z.weights = part(2 * parameters, gpus, stage >= 3);
    z.gradients = part(2 * parameters, gpus, stage >= 2);
    z.optimizer = part(12 * parameters, gpus, stage >= 1);
    z.per_gpu = z.weights.bytes + z.gradients.bytes + z.optimizer.bytes;
    z.fits = z.per_gpu <= gpu_memory;
    if (z.fits)
        z.headroom = gpu_memory - z.per_gpu;
    else
        z.shortfall = z.per_gpu - gpu_memory;
    z.status = SVC_OK;
    return z;
}

struct training_repeat training_repeat(double tokens, double unique)
{
    struct training_repeat r = {.status = SVC_EINVAL};
    double decayed;

    if (!isfinite(tokens) || tokens < 1)
        r.fault = "tokens is not a finite number of at least 1";
    else if (!isfinite(unique) || unique < 1)
        r.fault = "unique_tokens is below 1";
    else if (unique > tokens)
        r.fault = "unique_tokens is above tokens";
    if (r.fault != NULL)
        return r;
    r.tokens = tokens;
    r.unique = unique;
    r.epochs = tokens / unique;
    r.repeats = r.epochs - 1;
    /* 1 - e^(-R/R*), accurate for small R */
    decayed = -expm1(-r.repeats / TRAINING_R_STAR);
    r.effective = unique + unique * TRAINING_R_STAR * decayed;
    if (r.epochs > TRAINING_EPOCHS_NEGLIGIBLE) {
        r.warning = 16;
        r.warning_text = TRAINING_WARNING_EPOCHS_16;
    } else if (r.epochs > TRAINING_EPOCHS_NOTICEABLE) {
        r.warning = 4;
        r.warning_text = TRAINING_WARNING_EPOCHS_4;
    }
    r.status = SVC_OK;
    return r;
}

struct training_repeat_loss
training_repeat_loss(const struct scaling_fit *f, double n,
                     const struct training_repeat *r)
{
    struct training_repeat_loss l;

    l.at_tokens = scaling_loss(f, n, r->tokens);
    l.at_effective = scaling_loss(f, n, r->effective);
    l.difference = l.at_effective - l.at_tokens;
    return l;
}

/* Fills b's compute from its GPU-hours, or its fault. */
static void buy(struct training_budget *b, double peak, double mfu)
{
    b->fault = rate_fault(peak, mfu);
    if (b->fault != NULL)
        return;
    b->flops = b->gpu_hours * SECONDS_PER_HOUR * peak * mfu;
    if (!(b->flops <= TRAINING_FLOPS_MAX)) {
        b->fault = "the compute bought is above 10^40 FLOP";
        return;
    }
    b->status = SVC_OK;
}

struct training_budget training_budget_time(uint64_t gpus, double peak,
                                            double days, double mfu)
{
    struct training_budget b = {.status = SVC_EINVAL};

    if (gpus == 0 || gpus > TRAINING_GPUS_MAX)
        b.fault = "gpus is not from 1 to 10^7";
    else if (!positive(days))
        b.fault = "days is not a number above 0";
    if (b.fault != NULL)
        return b;
    b.gpu_hours = (double)gpus * days * HOURS_PER_DAY;
    buy(&b, peak, mfu);
    return b;
}

struct training_budget training_budget_money(double budget, double price,
                                             double peak, double mfu)
{
    struct training_budget b = {.status = SVC_EINVAL};

    if (!positive(budget))
        b.fault = "budget is not a number above 0";
    else if (!positive(price))
        b.fault = "price_per_gpu_hour is not a number above 0";
    if (b.fault != NULL)
        return b;
    b.gpu_hours = budget / price;
    buy(&b, peak, mfu);
    return b;
}

/* Why q cannot be planned, with *field naming the input, or NULL. */
static const char *question_fault(const struct training_question *q,
                                  const char **field)
{
    *field = "parameters";
    if (q->parameters == 0 || q->parameters > PARAMETERS_MAX ||
        q->active == 0 || q->active > q->parameters)
        return "parameters is not from 1 to 10^18, or the active "
               "parameters are not from 1 to parameters";
    *field = "tokens";
    if (q->tokens != 0 && !(isfinite(q->tokens) && q->tokens >= 1))
        return "tokens is not a finite number of at least 1";
    *field = "gpu";
    if (q->gpu == NULL || q->gpu->memory_bytes == 0)
        return "no GPU is given";
    *field = "dtype";
    if (!(training_peak(q->gpu, q->dtype) > 0))
        return "the GPU has no dense FP8 peak";
    *field = "gpus";
    if (q->gpus == 0 || q->gpus > TRAINING_GPUS_MAX)
        return "gpus is not from 1 to 10^7";
    *field = "mfu";
    if (!share_ok(q->mfu))
        return "mfu is not above 0 and at most 1";
    *field = "price_per_gpu_hour";
    if (q->price != 0 && !positive(q->price))
        return "price_per_gpu_hour is not a number above 0";
    *field = "zero";
    if (q->zero < 0 || q->zero >= TRAINING_ZERO_STAGES)
        return "zero is not a ZeRO stage from 0 to 3";
    *field = "unique_tokens";
    if (q->unique != 0 && !(isfinite(q->unique) && q->unique >= 1))
        return "unique_tokens is below 1";
    *field = NULL;
    return NULL;
}

/* Records a part's fault, naming field; returns whether there was one. */
static int failed(struct training_plan *p, const char *fault,
                  const char *field)
{
    if (fault == NULL)
        return 0;
    p->status = SVC_EINVAL;
    p->fault = fault;
    p->field = field;
    return 1;
}

/* The parts after the compute and the time: cost, memory, losses. */
static void plan_rest(const struct training_question *q,
                      struct training_plan *p)
{
    size_t nfits;
    const struct scaling_fit *fits = scaling_fits(&nfits);
    double n = (double)q->parameters;

    p->priced = q->price != 0;
    if (p->priced) {
        p->cost = training_cost(p->time.gpu_hours, q->price);
        if (failed(p, p->cost.fault, "price_per_gpu_hour"))
            return;
    }
    p->zero = training_zero(q->parameters, q->gpus, q->zero,
                            q->gpu->memory_bytes);
    if (failed(p, p->zero.fault, "zero"))
        return;
    scaling_predict(n, p->tokens, 0, p->loss);
    p->repeated = q->unique != 0;
    if (!p->repeated)
        return;
    p->repeat = training_repeat(p->tokens, q->unique);
    if (failed(p, p->repeat.fault, "unique_tokens"))
        return;
    for (size_t i = 0; i < nfits && i < SCALING_FITS; i++)
        p->repeat_loss[i] = training_repeat_loss(&fits[i], n, &p->repeat);
}

void training_plan(const struct training_question *q,
                   struct training_plan *p)
{
    const char *field;
    const char *fault = question_fault(q, &field);

    memset(p, 0, sizeof(*p));
    if (failed(p, fault, field))
        return;
    p->tokens_default = q->tokens == 0;
    p->tokens = p->tokens_default ? ESTIMATE_TOKENS_PER_PARAMETER *
                                        (double)q->parameters
                                  : q->tokens;
    p->peak = training_peak(q->gpu, q->dtype);
    p->compute = training_compute(q->active, p->tokens);
    if (failed(p, p->compute.fault, "tokens"))
        return;
    p->time = training_time(p->compute.flops, p->peak, q->mfu, q->gpus);
    if (failed(p, p->time.fault, "tokens"))
        return;
    plan_rest(q, p);
    if (p->fault == NULL)
        p->status = SVC_OK;
}

/* Why a budget question cannot be answered, naming *field, or NULL. */
static const char *purse_fault(const struct training_budget_question *q,
                               const char **field)
{
    *field = "gpu";
    if (q->gpu == NULL)
        return "no GPU is given";
    *field = "dtype";
    if (!(training_peak(q->gpu, q->dtype) > 0))
        return "the GPU has no dense FP8 peak";
    *field = "mfu";
    if (!share_ok(q->mfu))
        return "mfu is not above 0 and at most 1";
    *field = "days";
    if ((q->days != 0) == (q->budget != 0))
        return "give days (with gpus) or a budget (with "
               "price_per_gpu_hour), one of them";
    if (q->days != 0 && !positive(q->days))
        return "days is not a number above 0";
    *field = "gpus";
    if (q->gpus > TRAINING_GPUS_MAX || (q->days != 0 && q->gpus == 0))
        return "gpus is not from 1 to 10^7";
    *field = "budget";
    if (q->budget != 0 && !positive(q->budget))
        return "budget is not a number above 0";
    *field = "price_per_gpu_hour";
    if (q->budget != 0 && !positive(q->price))
        return "price_per_gpu_hour is not a number above 0";
    *field = NULL;
    return NULL;
}

void training_budget_plan(const struct training_budget_question *q,
                          struct training_budget_plan *p)
{
    const char *field, *fault = purse_fault(q, &field);

    memset(p, 0, sizeof(*p));
    p->status = SVC_EINVAL;
    if (fault == NULL) {
        p->peak = training_peak(q->gpu, q->dtype);
        p->bought = q->days != 0
                        ? training_budget_time(q->gpus, p->peak, q->days,
                                               q->mfu)
                        : training_budget_money(q->budget, q->price,
                                                p->peak, q->mfu);
        fault = p->bought.fault; /* only the compute above 10^40 */
        field = q->days != 0 ? "days" : "budget";
    }
    if (fault == NULL && p->bought.flops < scaling_compute_min())
        fault = "the compute bought is below the least the fits split "
                "into one parameter and one token (about 378 FLOP)";
    p->fault = fault;
    p->field = fault != NULL ? field : NULL;
    if (fault != NULL)
        return;
    if (q->gpus > 0)
        p->days = p->bought.gpu_hours / (double)q->gpus / HOURS_PER_DAY;
    scaling_predict(0, 0, p->bought.flops, p->optimal);
    p->status = SVC_OK;
}
