/* training.c - the compute, time, money and memory of training, and
 * the worth of repeated data.  Pure: no I/O, no globals. */
#include "modelscale/training.h"

#include <math.h>
#include <stddef.h>

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
