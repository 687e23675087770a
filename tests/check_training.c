/* check_training.c - unit tests of training.c: FLOPs, GPU-hours, cost,
 * ZeRO memory, repeated data and budgets, against figures worked by
 * hand from the papers' own examples. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "modelscale/training.h"
#include "suites.h"

#define LLAMA_2_7B 6738415616ULL
#define A100_BF16 312e12
#define GB 1000000000ULL

START_TEST(llama_2_flops)
{
    /* 6 x 6,738,415,616 x 2e12 = 8.0860987392e22 FLOP = 935.89 PF-days */
    struct training_compute c = training_compute(LLAMA_2_7B, 2e12);

    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_double_eq_tol(c.flops, 8.0860987392e22, 1e8);
    ck_assert_double_eq_tol(c.pf_days, 935.891, 0.001);
}
END_TEST

START_TEST(llama_2_gpu_hours)
{
    /* On a100-sxm-80gb at 312 TFLOPS and mfu 1: 8.0860987392e22 /
     * 312e12 / 3600 = 71,991.62 GPU-hours; on 2,048 GPUs 35.152 hours,
     * 1.4647 days.  Meta's 184,320 A100-hours imply 71,991.62 /
     * 184,320 = 0.3906. */
    struct training_time t = training_time(8.0860987392e22, A100_BF16, 1,
                                           2048);

    ck_assert_int_eq(t.status, SVC_OK);
    ck_assert_double_eq_tol(t.gpu_hours, 71991.62, 0.01);
    ck_assert_double_eq_tol(t.hours, 35.1522, 0.0001);
    ck_assert_double_eq_tol(t.days, 1.46468, 0.00001);
    ck_assert_double_eq_tol(training_implied_mfu(8.0860987392e22,
                                                 A100_BF16, 184320),
                            0.3906, 0.0001);
    ck_assert(isnan(training_implied_mfu(0, A100_BF16, 184320)));
}
END_TEST

START_TEST(default_mfu_and_cost)
{
    /* At mfu 0.4: 71,991.62 / 0.4 = 179,979.05 GPU-hours; at 2.5 an
     * hour, 449,947.6. */
    struct training_time t = training_time(8.0860987392e22, A100_BF16,
                                           TRAINING_MFU_DEFAULT, 1);
    struct training_cost c = training_cost(t.gpu_hours, 2.5);

    ck_assert_double_eq_tol(t.gpu_hours, 179979.05, 0.01);
    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_double_eq_tol(c.cost, 449947.62, 0.01);
}
END_TEST

START_TEST(peaks)
{
    struct gpu h100 = {"h100-sxm", "H100", 80 * GB, 3350 * GB, 989.4e12,
                       1978.9e12, "x", NULL};

    ck_assert_double_eq(training_peak(&h100, DTYPE_PEAK_BF16), 989.4e12);
    ck_assert_double_eq(training_peak(&h100, DTYPE_PEAK_FP8), 1978.9e12);
    h100.fp8_flops = 0;
    ck_assert_double_eq(training_peak(&h100, DTYPE_PEAK_FP8), 0);
}
END_TEST

/* The ZeRO paper's example (Rajbhandari et al. 2020, figure 1): 7.5B
 * parameters on 64 GPUs.  Stage 0: 16 x 7.5e9 = 120 GB.  Stage 1: 4 x
 * 7.5e9 + 12 x 7.5e9 / 64 = 30 + 1.40625 = 31.40625 GB.  Stage 2: 15 +
 * 14 x 7.5e9 / 64 = 16.640625 GB.  Stage 3: 16 x 7.5e9 / 64 = 1.875 GB.
 * Every share divides exactly. */
static const struct {
    int stage;
    uint64_t weights, gradients, optimizer, per_gpu;
} zero_example[] = {
    {0, 15 * GB, 15 * GB, 90 * GB, 120 * GB},
    {1, 15 * GB, 15 * GB, 1406250000ULL, 31406250000ULL},
    {2, 15 * GB, 234375000ULL, 1406250000ULL, 16640625000ULL},
    {3, 234375000ULL, 234375000ULL, 1406250000ULL, 1875000000ULL},
};

START_TEST(zero_table)
{
    struct training_zero z = training_zero(7500000000ULL, 64,
                                           zero_example[_i].stage,
                                           80 * GB);
    int stage = zero_example[_i].stage;

    ck_assert_int_eq(z.status, SVC_OK);
    ck_assert_uint_eq(z.weights.bytes, zero_example[_i].weights);
    ck_assert_uint_eq(z.gradients.bytes, zero_example[_i].gradients);
    ck_assert_uint_eq(z.optimizer.bytes, zero_example[_i].optimizer);
    ck_assert_uint_eq(z.per_gpu, zero_example[_i].per_gpu);
    ck_assert_int_eq(z.weights.sharded, stage >= 3);
    ck_assert_int_eq(z.gradients.sharded, stage >= 2);
    ck_assert_int_eq(z.optimizer.sharded, stage >= 1);
    /* 120 GB does not fit in 80 GB (40 GB short); the rest do */
    ck_assert_int_eq(z.fits, stage != 0);
    if (stage == 0)
        ck_assert_uint_eq(z.shortfall, 40 * GB);
    else
        ck_assert_uint_eq(z.headroom, 80 * GB - z.per_gpu);
}
END_TEST

START_TEST(zero_rounding_and_limits)
{
    /* 1 parameter on 3 GPUs at stage 3: ceil(2/3) + ceil(2/3) +
     * ceil(12/3) = 1 + 1 + 4 = 6.  10^18 at stage 0: 1.6e19 fits. */
    struct training_zero z = training_zero(1, 3, 3, 1);

    ck_assert_uint_eq(z.per_gpu, 6);
    ck_assert_uint_eq(z.shortfall, 5);
    z = training_zero(1000000000000000000ULL, 1, 0, 1);
    ck_assert_uint_eq(z.per_gpu, 16000000000000000000ULL);
    ck_assert_str_eq(training_zero(1, 1, 4, 1).fault,
                     "zero is not a ZeRO stage from 0 to 3");
    ck_assert_int_eq(training_zero(1, 1, -1, 1).status, SVC_EINVAL);
    ck_assert_int_eq(training_zero(0, 1, 0, 1).status, SVC_EINVAL);
    ck_assert_int_eq(training_zero(1, 0, 0, 1).status, SVC_EINVAL);
    ck_assert_int_eq(training_zero(1, 1, 0, 0).status, SVC_EINVAL);
}
END_TEST

START_TEST(four_epochs)
{
    /* D = 4U: R = 3, D' = U (1 + 15.4 (1 - e^(-3/15.4))) = U (1 +
     * 15.4 x 0.177005) = 3.72588 U; no warning at exactly 4. */
    struct training_repeat r = training_repeat(4e11, 1e11);

    ck_assert_int_eq(r.status, SVC_OK);
    ck_assert_double_eq(r.epochs, 4);
    ck_assert_double_eq(r.repeats, 3);
    ck_assert_double_eq_tol(r.effective / r.unique, 3.72588, 0.00001);
    ck_assert_double_eq_tol(r.effective / r.unique, 3.73, 0.005);
    ck_assert_int_eq(r.warning, 0);
    ck_assert_ptr_null(r.warning_text);
}
END_TEST

START_TEST(repeat_warnings)
{
    /* One epoch is worth itself; 4.5 epochs warn at 4; 17 at 16, where
     * D' = U (1 + 15.4 (1 - e^(-16/15.4))) = U (1 + 15.4 x 0.646177)
     * = 10.9511 U. */
    struct training_repeat r = training_repeat(1e9, 1e9);

    ck_assert_double_eq(r.effective, 1e9);
    r = training_repeat(4.5e9, 1e9);
    ck_assert_int_eq(r.warning, 4);
    ck_assert_str_eq(r.warning_text, TRAINING_WARNING_EPOCHS_4);
    r = training_repeat(17e9, 1e9);
    ck_assert_int_eq(r.warning, 16);
    ck_assert_str_eq(r.warning_text, TRAINING_WARNING_EPOCHS_16);
    ck_assert_double_eq_tol(r.effective / 1e9, 10.9511, 0.0001);
}
END_TEST

START_TEST(repeat_loss)
{
    /* Chinchilla's fit, 1e9 parameters, 4e11 tokens of 1e11 unique:
     * L(N, D') - L(N, D) = 410.7 (D'^-0.28 - D^-0.28) > 0. */
    size_t count;
    const struct scaling_fit *f = scaling_fits(&count);
    struct training_repeat r = training_repeat(4e11, 1e11);
    struct training_repeat_loss l = training_repeat_loss(f, 1e9, &r);
    double want = 410.7 * (pow(r.effective, -0.28) - pow(4e11, -0.28));

    ck_assert_double_eq_tol(l.difference, want, 1e-12);
    ck_assert(l.difference > 0);
    ck_assert_double_eq(l.at_tokens, scaling_loss(f, 1e9, 4e11));
}
END_TEST

START_TEST(budgets)
{
    /* 1,024 H100s for 30 days at mfu 0.4: 1,024 x 30 x 86,400 x
     * 989.4e12 x 0.4 = 1.05043e24 FLOP.  A million at 2 an A100-hour:
     * 500,000 GPU-hours x 3,600 x 312e12 x 0.4 = 2.2464e23. */
    struct training_budget b = training_budget_time(1024, 989.4e12, 30,
                                                    0.4);

    ck_assert_int_eq(b.status, SVC_OK);
    ck_assert_double_eq(b.gpu_hours, 737280);
    ck_assert_double_eq_tol(b.flops, 1.05042935808e24, 1e12);
    b = training_budget_money(1e6, 2, A100_BF16, 0.4);
    ck_assert_double_eq(b.gpu_hours, 500000);
    ck_assert_double_eq_tol(b.flops, 2.2464e23, 1e11);
}
END_TEST

static const struct gpu a100 = {"a100-sxm-80gb", "A100", 80 * GB,
                                2039 * GB, A100_BF16, 0, "x", NULL};
static const struct gpu h100 = {"h100-sxm", "H100", 80 * GB, 3350 * GB,
                                989.4e12, 1978.9e12, "x", NULL};

/* The run: Llama-2-7B on 2T tokens, on 2,048 A100s at mfu 1. */
static struct training_question llama_2(void)
{
    struct training_question q = {LLAMA_2_7B, LLAMA_2_7B, 2e12, &a100,
                                  DTYPE_PEAK_BF16, 2048, 1, 0, 0, 0};
    return q;
}

START_TEST(plan_llama_2)
{
    /* The figures of llama_2_flops and llama_2_gpu_hours, together.
     * ZeRO 0 on 2,048 GPUs: 16 x 6,738,415,616 = 107,814,649,856 bytes
     * on each, 27,814,649,856 more than 80 GB.  Chinchilla's loss: 1.69
     * + 406.4 / N^0.34 + 410.7 / D^0.28 = 1.69 + 0.18503 + 0.14765 =
     * 2.02268; 2T tokens lie above the fits' 500B. */
    struct training_question q = llama_2();
    struct training_plan p;
    size_t n;
    const struct scaling_fit *f = scaling_fits(&n);

    training_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_ptr_null(p.fault);
    ck_assert_int_eq(p.tokens_default, 0);
    ck_assert_double_eq(p.peak, A100_BF16);
    ck_assert_double_eq_tol(p.compute.flops, 8.0860987392e22, 1e8);
    ck_assert_double_eq_tol(p.time.gpu_hours, 71991.62, 0.01);
    ck_assert_double_eq_tol(p.time.days, 1.46468, 0.00001);
    ck_assert_int_eq(p.priced, 0);
    ck_assert_uint_eq(p.zero.per_gpu, 107814649856ULL);
    ck_assert_int_eq(p.zero.fits, 0);
    ck_assert_uint_eq(p.zero.shortfall, 27814649856ULL);
    ck_assert_double_eq_tol(p.loss[0].loss, 2.02268, 0.00001);
    ck_assert_ptr_eq(p.loss[0].fit, &f[0]);
    ck_assert_ptr_eq(p.loss[1].fit, &f[1]);
    ck_assert_double_eq(p.loss[1].loss,
                        scaling_loss(&f[1], (double)LLAMA_2_7B, 2e12));
    ck_assert_ptr_nonnull(strstr(p.loss[0].extrapolation, "2.0T"));
    ck_assert_int_eq(p.repeated, 0);
}
END_TEST

START_TEST(plan_defaults_and_moe)
{
    /* Without tokens: 20 x 6,738,415,616 = 134,768,312,320. */
    struct training_question q = llama_2();
    struct training_plan p;

    q.tokens = 0;
    training_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_int_eq(p.tokens_default, 1);
    ck_assert_double_eq(p.tokens, 134768312320.0);

    /* A mixture of experts, 46.7B of which 12.9B active, on 1T tokens
     * on 64 H100s at mfu 0.4, at 2 a GPU-hour, ZeRO 3.  FLOPs from the
     * active: 6 x 12.9e9 x 1e12 = 7.74e22; / (989.4e12 x 0.4) / 3600 =
     * 54,325.854 GPU-hours, 35.368 days on 64; cost 108,651.71.  The
     * state from the total, all sharded: 2 x 46.7e9 / 64 = 1,459,375,000
     * twice and 12 x 46.7e9 / 64 = 8,756,250,000: 11,675,000,000. */
    q = (struct training_question){46700000000ULL, 12900000000ULL, 1e12,
                                   &h100, DTYPE_PEAK_BF16, 64, 0.4, 2,
                                   3, 0};
    training_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_double_eq_tol(p.compute.flops, 7.74e22, 1e8);
    ck_assert_double_eq_tol(p.time.gpu_hours, 54325.854, 0.001);
    ck_assert_double_eq_tol(p.time.days, 35.3684, 0.0001);
    ck_assert_int_eq(p.priced, 1);
    ck_assert_double_eq_tol(p.cost.cost, 108651.708, 0.001);
    ck_assert_uint_eq(p.zero.weights.bytes, 1459375000ULL);
    ck_assert_uint_eq(p.zero.optimizer.bytes, 8756250000ULL);
    ck_assert_uint_eq(p.zero.per_gpu, 11675000000ULL);
    ck_assert_int_eq(p.zero.fits, 1);

    /* fp8 on the H100 takes its FP8 peak. */
    q.dtype = DTYPE_PEAK_FP8;
    training_plan(&q, &p);
    ck_assert_double_eq(p.peak, 1978.9e12);
}
END_TEST

START_TEST(plan_repeats)
{
    /* 1B parameters, 400B tokens of 100B unique: 4 epochs, D' =
     * 3.72588 x 1e11, and by Chinchilla's fit the loss at D' is above
     * the loss at D by 410.7 (D'^-0.28 - D^-0.28). */
    struct training_question q = {1000000000ULL, 1000000000ULL, 4e11,
                                  &a100, DTYPE_PEAK_BF16, 8, 0.4, 0, 0,
                                  1e11};
    struct training_plan p;
    double d_eff;

    training_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_int_eq(p.repeated, 1);
    ck_assert_double_eq(p.repeat.epochs, 4);
    d_eff = p.repeat.effective;
    ck_assert_double_eq_tol(d_eff / 1e11, 3.72588, 0.00001);
    ck_assert_double_eq_tol(p.repeat_loss[0].difference,
                            410.7 * (pow(d_eff, -0.28) - pow(4e11, -0.28)),
                            1e-12);
    ck_assert(p.repeat_loss[1].difference > 0);
    ck_assert_double_eq(p.repeat_loss[0].at_tokens, p.loss[0].loss);
}
END_TEST

/* Each fault of a plan names its field. */
static const struct {
    const char *field, *fault;
} plan_faults[] = {
    {"dtype", "the GPU has no dense FP8 peak"},
    {"tokens", "training FLOPs are above 10^40"},
    {"unique_tokens", "unique_tokens is above tokens"},
    {"unique_tokens", "unique_tokens is below 1"},
    {"price_per_gpu_hour", "price_per_gpu_hour is not a number above 0"},
    {"zero", "zero is not a ZeRO stage from 0 to 3"},
    {"mfu", "mfu is not above 0 and at most 1"},
    {"gpus", "gpus is not from 1 to 10^7"},
    {"tokens", "tokens is not a finite number of at least 1"},
    {"parameters", "parameters is not from 1 to 10^18, or the active "
                   "parameters are not from 1 to parameters"},
};

START_TEST(plan_refuses)
{
    struct training_question q = llama_2();
    struct training_plan p;

    switch (_i) {
    case 0: q.dtype = DTYPE_PEAK_FP8; break;    /* the A100 has none */
    case 1: q.parameters = q.active = 1000000000000000000ULL;
            q.tokens = 1e23; break;             /* 6e41 FLOP */
    case 2: q.unique = 3e12; break;
    case 3: q.unique = 0.5; break;
    case 4: q.price = -1; break;
    case 5: q.zero = 4; break;
    case 6: q.mfu = 0; break;
    case 7: q.gpus = 0; break;
    case 8: q.tokens = NAN; break;
    default: q.active = q.parameters + 1; break;
    }
    training_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_EINVAL);
    ck_assert_str_eq(p.field, plan_faults[_i].field);
    ck_assert_str_eq(p.fault, plan_faults[_i].fault);
}
END_TEST

START_TEST(budget_plans)
{
    /* budgets' figures, split: each fit's N_opt x D_opt x 6 is C. */
    struct training_budget_question q = {&h100, DTYPE_PEAK_BF16, 0.4,
                                         1024, 30, 0, 0};
    struct training_budget_plan p;

    training_budget_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_double_eq_tol(p.bought.flops, 1.05042935808e24, 1e12);
    ck_assert_double_eq(p.days, 30);
    for (int i = 0; i < SCALING_FITS; i++)
        ck_assert_double_eq_tol(6 * p.optimal[i].parameters *
                                    p.optimal[i].tokens,
                                1.05042935808e24, 1.05e24 * 1e-6);
    ck_assert_double_eq(p.optimal[0].training_flops, p.bought.flops);
    /* A million at 2 an A100-hour: 500,000 GPU-hours, 2.2464e23 FLOP;
     * no wall-clock without gpus, and on 100 GPUs 500,000 / 100 / 24 =
     * 208.333 days. */
    q = (struct training_budget_question){&a100, DTYPE_PEAK_BF16, 0.4, 0,
                                          0, 1e6, 2};
    training_budget_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_OK);
    ck_assert_double_eq_tol(p.bought.flops, 2.2464e23, 1e11);
    ck_assert_double_eq(p.days, 0);
    q.gpus = 100;
    training_budget_plan(&q, &p);
    ck_assert_double_eq_tol(p.days, 208.3333, 0.0001);
}
END_TEST

static const struct {
    const char *field, *fault;
} budget_faults[] = {
    {"days", "give days (with gpus) or a budget (with "
             "price_per_gpu_hour), one of them"},
    {"days", "give days (with gpus) or a budget (with "
             "price_per_gpu_hour), one of them"},
    {"gpus", "gpus is not from 1 to 10^7"},
    {"price_per_gpu_hour", "price_per_gpu_hour is not a number above 0"},
    {"days", "the compute bought is below the least the fits split into "
             "one parameter and one token (about 378 FLOP)"},
    {"days", "the compute bought is above 10^40 FLOP"},
    {"dtype", "the GPU has no dense FP8 peak"},
    {"mfu", "mfu is not above 0 and at most 1"},
    {"budget", "budget is not a number above 0"},
    {"days", "days is not a number above 0"},
};

START_TEST(budget_refuses)
{
    struct training_budget_question q = {&a100, DTYPE_PEAK_BF16, 0.4, 8,
                                         30, 0, 0};
    struct training_budget_plan p;

    switch (_i) {
    case 0: q.budget = 1e6; q.price = 2; break; /* both */
    case 1: q.days = 0; break;                  /* neither */
    case 2: q.gpus = 0; break;
    case 3: q.days = 0; q.budget = 1e6; break;  /* no price */
    case 4: q.days = 1e-30; break;              /* 8.6e-12 FLOP */
    case 5: q.gpus = 10000000; q.days = 1e30; break;
    case 6: q.dtype = DTYPE_PEAK_FP8; break;
    case 7: q.mfu = 1.5; break;
    case 8: q.days = 0; q.budget = -1; q.price = 2; break;
    default: q.days = INFINITY; break;
    }
    training_budget_plan(&q, &p);
    ck_assert_int_eq(p.status, SVC_EINVAL);
    ck_assert_str_eq(p.field, budget_faults[_i].field);
    ck_assert_str_eq(p.fault, budget_faults[_i].fault);
}
END_TEST

static const struct {
    const char *what;
    const char *fault;
} faults[] = {
    {"mfu 0", "mfu is not above 0 and at most 1"},
    {"mfu 1.01", "mfu is not above 0 and at most 1"},
    {"mfu NaN", "mfu is not above 0 and at most 1"},
    {"gpus 0", "gpus is not from 1 to 10^7"},
    {"days 0", "days is not a number above 0"},
    {"days -1", "days is not a number above 0"},
    {"price 0", "price_per_gpu_hour is not a number above 0"},
    {"budget price -2", "price_per_gpu_hour is not a number above 0"},
    {"budget 0", "budget is not a number above 0"},
    {"flops 1e41", "training FLOPs are above 10^40"},
    {"tokens 0.5", "tokens is not a finite number of at least 1"},
    {"unique 0.5", "unique_tokens is below 1"},
    {"unique above", "unique_tokens is above tokens"},
    {"bought 1e41", "the compute bought is above 10^40 FLOP"},
};

/* The fault of the case faults[i] describes. */
static const char *fault_of(int i)
{
    switch (i) {
    case 0: return training_time(1e20, 1e12, 0, 1).fault;
    case 1: return training_time(1e20, 1e12, 1.01, 1).fault;
    case 2: return training_budget_time(1, 1e12, 1, NAN).fault;
    case 3: return training_time(1e20, 1e12, 0.4, 0).fault;
    case 4: return training_budget_time(8, 1e12, 0, 0.4).fault;
    case 5: return training_budget_time(8, 1e12, -1, 0.4).fault;
    case 6: return training_cost(100, 0).fault;
    case 7: return training_budget_money(1e6, -2, 1e12, 0.4).fault;
    case 8: return training_budget_money(0, 2, 1e12, 0.4).fault;
    case 9: return training_compute(1000000000000000000ULL, 1e23).fault;
    case 10: return training_compute(7, 0.5).fault;
    case 11: return training_repeat(1e9, 0.5).fault;
    case 12: return training_repeat(1e9, 2e9).fault;
    case 13: return training_budget_time(10000000, 1e18, 1e20, 1).fault;
    default: return NULL;
    }
}

START_TEST(refuses)
{
    const char *fault = fault_of(_i);

    ck_assert_msg(fault != NULL, "%s: no fault", faults[_i].what);
    ck_assert_str_eq(fault, faults[_i].fault);
}
END_TEST

Suite *training_suite(void)
{
    Suite *s = suite_create("training");
    TCase *tc;

    tc = tcase_create("compute");
    tcase_add_test(tc, llama_2_flops);
    tcase_add_test(tc, llama_2_gpu_hours);
    tcase_add_test(tc, default_mfu_and_cost);
    tcase_add_test(tc, peaks);
    suite_add_tcase(s, tc);

    tc = tcase_create("zero");
    tcase_add_loop_test(tc, zero_table, 0,
                        sizeof(zero_example) / sizeof(zero_example[0]));
    tcase_add_test(tc, zero_rounding_and_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("repeat");
    tcase_add_test(tc, four_epochs);
    tcase_add_test(tc, repeat_warnings);
    tcase_add_test(tc, repeat_loss);
    suite_add_tcase(s, tc);

    tc = tcase_create("plan");
    tcase_add_test(tc, plan_llama_2);
    tcase_add_test(tc, plan_defaults_and_moe);
    tcase_add_test(tc, plan_repeats);
    tcase_add_loop_test(tc, plan_refuses, 0,
                        sizeof(plan_faults) / sizeof(plan_faults[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("budget");
    tcase_add_test(tc, budgets);
    tcase_add_test(tc, budget_plans);
    tcase_add_loop_test(tc, budget_refuses, 0,
                        sizeof(budget_faults) / sizeof(budget_faults[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_loop_test(tc, refuses, 0, sizeof(faults) / sizeof(faults[0]));
    suite_add_tcase(s, tc);
    return s;
}
