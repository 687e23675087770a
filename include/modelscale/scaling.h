/* scaling.h - the Chinchilla scaling law, L(N, D) = E + A/N^a + B/D^b,
 * as two published fits: the loss a model of N parameters trained on D
 * tokens is predicted to reach, and the N and D that spend a compute
 * budget best.  Pure: no I/O, no globals. */
#ifndef MODELSCALE_SCALING_H
#define MODELSCALE_SCALING_H

#include <stddef.h>

struct scaling_fit {
    const char *name;   /* "chinchilla", "epoch-2024" */
    const char *source; /* who fitted it, and where */
    double E, A, B, alpha, beta;
};

/* The range of the runs both fits were made on, from Hoffmann et al.
 * 2022: about 70M to 16B parameters and 5B to 500B tokens.  Outside it a
 * prediction is an extrapolation. */
#define SCALING_PARAMETERS_MIN 7e7
#define SCALING_PARAMETERS_MAX 1.6e10
#define SCALING_TOKENS_MIN 5e9
#define SCALING_TOKENS_MAX 5e11
#define SCALING_RANGE_SOURCE                                               \
    "the runs of Hoffmann et al. 2022 (about 70M to 16B parameters, 5B "  \
    "to 500B tokens), which both fits were made on"
#define SCALING_WARNING_MAX 320 /* scaling_extrapolation's sentence */
#define SCALING_FITS 2          /* Chinchilla's, Epoch AI's */

/* The fits, Chinchilla's first; static and read-only. */
const struct scaling_fit *scaling_fits(size_t *count);

/* The loss L(N, D) for n parameters and d tokens, both above 0.
 * @unittest check_scaling.c */
double scaling_loss(const struct scaling_fit *f, double n, double d);

/* The compute-optimal split of `compute` FLOP, with C = 6ND:
 * N_opt = G (C/6)^a and D_opt = (C/6)^b / G, where
 * G = (alpha A / (beta B))^(1/(alpha+beta)), a = beta/(alpha+beta) and
 * b = alpha/(alpha+beta).  So N_opt D_opt = C/6. */
void scaling_optimal(const struct scaling_fit *f, double compute,
                     double *n, double *d);

/* The least budget, in FLOP, that every fit splits into at least one
 * parameter and one token (about 378, set by Epoch AI's fit).  Below it
 * scaling_optimal has no meaningful answer. */
double scaling_compute_min(void);

/* Writes into buf the sentence that warns that n parameters or d tokens
 * lie outside the fits' range, naming the range ("70.0B parameters is
 * above ..."), and returns its length; returns 0 and writes "" when
 * both are inside.  buf should hold SCALING_WARNING_MAX bytes. */
int scaling_extrapolation(double n, double d, char *buf, size_t len);

/* One fit's answer to a question: the parameters and tokens (given, or
 * the compute-optimal split of a budget, rounded to whole numbers), and
 * what follows from them. */
struct scaling_prediction {
    const struct scaling_fit *fit; /* static */
    double parameters, tokens;
    double tokens_per_parameter;
    double training_flops;   /* 6ND, or the budget itself */
    double training_pf_days;
    double loss;
    char extrapolation[SCALING_WARNING_MAX]; /* "" inside the range */
};

/* Fills out[0..SCALING_FITS) with each fit's prediction: with compute
 * above 0, of the compute-optimal split of it (at least
 * scaling_compute_min()); else of `parameters` trained on `tokens`, both
 * at least 1.  @unittest check_scaling.c "predict" */
void scaling_predict(double parameters, double tokens, double compute,
                     struct scaling_prediction out[SCALING_FITS]);

#endif
