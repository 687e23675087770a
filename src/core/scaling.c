/* scaling.c - the two fits of the Chinchilla loss and what follows from
 * them.  Pure: no I/O, no globals. */
#include "modelscale/scaling.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "modelscale/estimate.h"

static const struct scaling_fit fits[] = {
    {"chinchilla",
     "Hoffmann et al. 2022, Training Compute-Optimal Large Language "
     "Models, approach 3 (https://arxiv.org/abs/2203.15556)",
     1.69, 406.4, 410.7, 0.34, 0.28},
    {"epoch-2024",
     "Besiroglu et al. 2024 (Epoch AI), Chinchilla Scaling: A "
     "replication attempt (https://arxiv.org/abs/2404.10102)",
     1.8172, 482.01, 2085.43, 0.3478, 0.3658},
};

_Static_assert(sizeof(fits) / sizeof(fits[0]) == SCALING_FITS,
               "SCALING_FITS counts the fits");

const struct scaling_fit *scaling_fits(size_t *count)
{
    *count = sizeof(fits) / sizeof(fits[0]);
    return fits;
}

double scaling_loss(const struct scaling_fit *f, double n, double d)
{
    return f->E + f->A / pow(n, f->alpha) + f->B / pow(d, f->beta);
}

void scaling_optimal(const struct scaling_fit *f, double compute,
                     double *n, double *d)
{
    double sum = f->alpha + f->beta;
    double g = pow(f->alpha * f->A / (f->beta * f->B), 1 / sum);

    *n = g * pow(compute / 6, f->beta / sum);
    *d = pow(compute / 6, f->alpha / sum) / g;
}

double scaling_compute_min(void)
{
    double least = 0;

    for (size_t i = 0; i < sizeof(fits) / sizeof(fits[0]); i++) {
        const struct scaling_fit *f = &fits[i];
        double sum = f->alpha + f->beta;
        double g = pow(f->alpha * f->A / (f->beta * f->B), 1 / sum);
        /* N_opt >= 1 when (C/6)^a >= 1/G; D_opt >= 1 when (C/6)^b >= G */
        double for_n = pow(1 / g, sum / f->beta);
        double for_d = pow(g, sum / f->alpha);

        least = fmax(least, 6 * fmax(for_n, for_d));
    }
    return least;
}

/* Appends "70.0B parameters is above the 16.0B" to buf at *w. */
static void say_outside(char *buf, size_t len, size_t *w, double x,
                        const char *what, double min, double max)
{
    char have[ESTIMATE_AMOUNT_MAX], edge[ESTIMATE_AMOUNT_MAX];
    int n;

    if (x >= min && x <= max)
        return;
    estimate_format_amount(x, 1, have, sizeof(have));
    estimate_format_amount(x < min ? min : max, 1, edge, sizeof(edge));
    n = snprintf(buf + *w, len - *w, "%s%s %s is %s the %s of the fits' "
                 "range", *w > 0 ? "; " : "", have, what,
                 x < min ? "below" : "above", edge);
    if (n > 0)
        *w += (size_t)n < len - *w ? (size_t)n : len - *w - 1;
}

int scaling_extrapolation(double n, double d, char *buf, size_t len)
{
    char range[4][ESTIMATE_AMOUNT_MAX];
    const double edges[4] = {SCALING_PARAMETERS_MIN, SCALING_PARAMETERS_MAX,
                             SCALING_TOKENS_MIN, SCALING_TOKENS_MAX};
    size_t w = 0;

    buf[0] = '\0';
    say_outside(buf, len, &w, n, "parameters", SCALING_PARAMETERS_MIN,
                SCALING_PARAMETERS_MAX);
    say_outside(buf, len, &w, d, "tokens", SCALING_TOKENS_MIN,
                SCALING_TOKENS_MAX);
    if (w == 0)
        return 0;
    for (int i = 0; i < 4; i++)
        estimate_format_amount(edges[i], 1, range[i], sizeof(range[i]));
    snprintf(buf + w, len - w,
             " (%s to %s parameters, %s to %s tokens): an extrapolation, "
             "less certain than a prediction inside it",
             range[0], range[1], range[2], range[3]);
    return (int)strlen(buf);
}

void scaling_predict(double parameters, double tokens, double compute,
                     struct scaling_prediction out[SCALING_FITS])
{
    for (size_t i = 0; i < SCALING_FITS; i++) {
        struct scaling_prediction *p = &out[i];
        double n = parameters, d = tokens, flops = 6 * n * d;

        if (compute > 0) {
            scaling_optimal(&fits[i], compute, &n, &d);
            n = floor(n + 0.5);
            d = floor(d + 0.5);
            flops = compute;
        }
        p->fit = &fits[i];
        p->parameters = n;
        p->tokens = d;
        p->tokens_per_parameter = d / n;
        p->training_flops = flops;
        p->training_pf_days = flops / ESTIMATE_PF_DAY;
        p->loss = scaling_loss(&fits[i], n, d);
        scaling_extrapolation(n, d, p->extrapolation,
                              sizeof(p->extrapolation));
    }
}
