/* estimate.c - memory, compute and tokens from a parameter count.
 * Pure: no I/O, no globals. */
#include "modelscale/estimate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/params.h"
#include "modelscale/numfmt.h"

static const struct {
    const char *name;
    unsigned half_bytes; /* bytes a parameter, times 2 */
} dtypes[ESTIMATE_DTYPES] = {
    [ESTIMATE_FP32] = {"fp32", 8}, [ESTIMATE_BF16] = {"bf16", 4},
    [ESTIMATE_FP16] = {"fp16", 4}, [ESTIMATE_FP8] = {"fp8", 2},
    [ESTIMATE_INT8] = {"int8", 2}, [ESTIMATE_INT4] = {"int4", 1},
};

static const char *const modes[ESTIMATE_MODES] = {
    [ESTIMATE_WEIGHTS] = "weights",
    [ESTIMATE_INFERENCE] = "inference",
    [ESTIMATE_TRAINING] = "training",
};

const char *estimate_dtype_name(enum estimate_dtype d)
{
    return dtypes[d].name;
}

const char *estimate_mode_name(enum estimate_mode m)
{
    return modes[m];
}

static int name_is(const char *name, const char *s, size_t len)
{
    return strlen(name) == len && memcmp(name, s, len) == 0;
}

enum svc_status estimate_dtype_parse(const char *s, size_t len,
                                     enum estimate_dtype *out)
{
    for (int d = 0; d < ESTIMATE_DTYPES; d++) {
        if (name_is(dtypes[d].name, s, len)) {
            *out = (enum estimate_dtype)d;
            return SVC_OK;
        }
    }
    return SVC_EINVAL;
}

enum svc_status estimate_mode_parse(const char *s, size_t len,
                                    enum estimate_mode *out)
{
    for (int m = 0; m < ESTIMATE_MODES; m++) {
        if (name_is(modes[m], s, len)) {
            *out = (enum estimate_mode)m;
            return SVC_OK;
        }
    }
    return SVC_EINVAL;
}

uint64_t estimate_weight_bytes(uint64_t parameters, enum estimate_dtype d)
{
    return (parameters * dtypes[d].half_bytes + 1) / 2;
}

uint64_t estimate_inference_bytes(uint64_t parameters, enum estimate_dtype d)
{
    uint64_t w = estimate_weight_bytes(parameters, d);

    return w + (w + 4) / 5; /* x 1.2, rounded up, without overflow */
}

void estimate_training_bytes(uint64_t parameters,
                             struct estimate_training *out)
{
    out->weights = 2 * parameters;
    out->gradients = 2 * parameters;
    out->optimizer = 12 * parameters;
    out->total = out->weights + out->gradients + out->optimizer;
}

uint64_t estimate_memory(uint64_t parameters, enum estimate_dtype d,
                         enum estimate_mode m)
{
    struct estimate_training t;

    if (m == ESTIMATE_WEIGHTS)
        return estimate_weight_bytes(parameters, d);
    if (m == ESTIMATE_INFERENCE)
        return estimate_inference_bytes(parameters, d);
    estimate_training_bytes(parameters, &t);
    return t.total;
}

/* Largest first; equal needs keep the input order. */
static int by_need(const void *a, const void *b)
{
    const struct estimate_need *x = a, *y = b;

    if (x->bytes != y->bytes)
        return (x->bytes < y->bytes) - (x->bytes > y->bytes);
    return (x->model > y->model) - (x->model < y->model);
}

size_t estimate_fit(const struct compare_model *models, size_t count,
                    enum estimate_dtype d, enum estimate_mode m,
                    uint64_t memory, struct estimate_need *needs)
{
    size_t first = 0;

    for (size_t i = 0; i < count; i++) {
        needs[i].model = &models[i];
        needs[i].bytes = estimate_memory(models[i].parameters, d, m);
    }
    qsort(needs, count, sizeof(*needs), by_need);
    while (first < count && needs[first].bytes > memory)
        first++;
    return first;
}

void estimate_compute(uint64_t parameters, uint64_t active, double tokens,
                      struct estimate_compute *out)
{
    out->flops_per_token = 2.0 * (double)active;
    out->optimal_tokens =
        (double)ESTIMATE_TOKENS_PER_PARAMETER * (double)parameters;
    out->tokens = tokens > 0 ? tokens : out->optimal_tokens;
    out->training_flops = 6.0 * (double)active * out->tokens;
    out->training_pf_days = out->training_flops / ESTIMATE_PF_DAY;
}

void estimate_model(const struct compare_model *m, double tokens,
                    struct estimate_model *out)
{
    for (int d = 0; d < ESTIMATE_DTYPES; d++) {
        out->weights[d] = estimate_weight_bytes(m->parameters, d);
        out->inference[d] = estimate_inference_bytes(m->parameters, d);
    }
    estimate_training_bytes(m->parameters, &out->training);
    estimate_compute(m->parameters, compare_active(m), tokens,
                     &out->compute);
}

int estimate_format_amount(double x, int precision, char *buf, size_t len)
{
    double whole = floor(x + 0.5);

    if (!(x > 0) || !isfinite(x) || len < ESTIMATE_AMOUNT_MAX)
        return -1;
    if (whole >= 1 && whole <= (double)PARAMS_MAX)
        return numfmt_count((uint64_t)whole, precision, buf, len);
    return estimate_format_flops(x, buf, len);
}

int estimate_format_flops(double flops, char *buf, size_t len)
{
    char e[32];
    char *exp;
    int n;

    if (!(flops > 0) || !isfinite(flops))
        return -1;
    snprintf(e, sizeof(e), "%.2e", flops); /* "3.15e+23", "1.00e-02" */
    exp = strchr(e, 'e') + 1;
    n = (int)(exp - e);
    if (*exp == '-')
        e[n++] = *exp++;
    else
        exp++; /* the '+' */
    while (exp[0] == '0' && exp[1] != '\0')
        exp++;
    memmove(e + n, exp, strlen(exp) + 1);
    n = (int)strlen(e);
    if ((size_t)n >= len)
        return -1;
    memcpy(buf, e, (size_t)n + 1);
    return n;
}
