/* check_estimate.c - unit tests of estimate.c: every memory and compute
 * formula against figures worked by hand. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "modelscale/estimate.h"
#include "modelscale/params.h"
#include "modelscale/numfmt.h"
#include "suites.h"

#define B 1000000000ULL /* a billion */

START_TEST(weights_per_dtype)
{
    /* 7B: 4, 2, 2, 1, 1 and 0.5 bytes a parameter. */
    static const uint64_t want[ESTIMATE_DTYPES] = {
        28 * B, 14 * B, 14 * B, 7 * B, 7 * B, 7 * B / 2};

    for (int d = 0; d < ESTIMATE_DTYPES; d++)
        ck_assert_uint_eq(estimate_weight_bytes(7 * B, d), want[d]);
    ck_assert_uint_eq(estimate_weight_bytes(3, ESTIMATE_INT4), 2);
    ck_assert_uint_eq(estimate_weight_bytes(PARAMS_MAX, ESTIMATE_FP32),
                      4 * PARAMS_MAX);
}
END_TEST

START_TEST(seven_b_in_bf16)
{
    char gb[NUMFMT_MAX], gib[NUMFMT_MAX];
    uint64_t bytes = estimate_weight_bytes(7 * B, ESTIMATE_BF16);

    numfmt_bytes(bytes, 1, 0, gb, sizeof(gb));
    numfmt_bytes(bytes, 1, 1, gib, sizeof(gib));
    ck_assert_str_eq(gb, "14.0 GB");
    ck_assert_str_eq(gib, "13.0 GiB");
}
END_TEST

START_TEST(inference)
{
    /* The weights x 1.2: 14 GB -> 16.8 GB; Llama 2 70B in int8, 84 GB,
     * does not fit in 80 GB. */
    ck_assert_uint_eq(estimate_inference_bytes(7 * B, ESTIMATE_BF16),
                      16800000000ULL);
    ck_assert_uint_eq(estimate_inference_bytes(70 * B, ESTIMATE_INT8),
                      84 * B);
    ck_assert_uint_eq(estimate_inference_bytes(1, ESTIMATE_FP32), 5);
    ck_assert_uint_eq(estimate_inference_bytes(PARAMS_MAX, ESTIMATE_FP32),
                      4800000000000000000ULL);
    ck_assert_uint_eq(estimate_memory(70 * B, ESTIMATE_INT8,
                                      ESTIMATE_INFERENCE),
                      84 * B);
}
END_TEST

START_TEST(training)
{
    struct estimate_training t;

    estimate_training_bytes(7 * B, &t);
    ck_assert_uint_eq(t.weights, 14 * B);
    ck_assert_uint_eq(t.gradients, 14 * B);
    ck_assert_uint_eq(t.optimizer, 84 * B);
    ck_assert_uint_eq(t.total, 112 * B);
    estimate_training_bytes(PARAMS_MAX, &t); /* 1.6e19 still fits */
    ck_assert_uint_eq(t.total, 16000000000000000000ULL);
    ck_assert_uint_eq(estimate_memory(7 * B, ESTIMATE_INT4,
                                      ESTIMATE_TRAINING),
                      112 * B);
}
END_TEST

START_TEST(fit)
{
    /* 80 GB in int8 for inference: 70B needs 84 GB, 13B 15.6 GB. */
    const struct compare_model m[] = {
        {.name = "13b", .name_len = 3, .parameters = 13 * B},
        {.name = "70b", .name_len = 3, .parameters = 70 * B},
        {.name = "13b-too", .name_len = 7, .parameters = 13 * B},
        {.name = "66b", .name_len = 3, .parameters = 200 * B / 3}};
    struct estimate_need needs[4];
    size_t first = estimate_fit(m, 4, ESTIMATE_INT8, ESTIMATE_INFERENCE,
                                80 * B, needs);

    ck_assert_uint_eq(first, 1);
    ck_assert_ptr_eq(needs[0].model, &m[1]);
    ck_assert_uint_eq(needs[0].bytes, 84 * B);
    ck_assert_ptr_eq(needs[1].model, &m[3]); /* 80 GB exactly fits */
    ck_assert_uint_eq(needs[1].bytes, 80 * B);
    ck_assert_ptr_eq(needs[2].model, &m[0]); /* ties keep input order */
    ck_assert_ptr_eq(needs[3].model, &m[2]);
    ck_assert_uint_eq(needs[3].bytes, 15600000000ULL);
    ck_assert_uint_eq(estimate_fit(m, 4, ESTIMATE_INT8, ESTIMATE_TRAINING,
                                   1, needs),
                      4);
}
END_TEST

START_TEST(names)
{
    enum estimate_dtype d;
    enum estimate_mode m;

    for (int i = 0; i < ESTIMATE_DTYPES; i++) {
        const char *name = estimate_dtype_name(i);

        ck_assert_int_eq(estimate_dtype_parse(name, strlen(name), &d),
                         SVC_OK);
        ck_assert_int_eq(d, i);
    }
    for (int i = 0; i < ESTIMATE_MODES; i++) {
        const char *name = estimate_mode_name(i);

        ck_assert_int_eq(estimate_mode_parse(name, strlen(name), &m),
                         SVC_OK);
        ck_assert_int_eq(m, i);
    }
    ck_assert_int_eq(estimate_dtype_parse("BF16", 4, &d), SVC_EINVAL);
    ck_assert_int_eq(estimate_dtype_parse("int", 3, &d), SVC_EINVAL);
    ck_assert_int_eq(estimate_dtype_parse("int88", 5, &d), SVC_EINVAL);
    ck_assert_int_eq(estimate_mode_parse("train", 5, &m), SVC_EINVAL);
}
END_TEST

START_TEST(gpt3)
{
    /* GPT-3: 6 x 175e9 x 300e9 = 3.15e23 FLOP = 3,645.8 PF-days. */
    struct estimate_compute c;
    char buf[ESTIMATE_AMOUNT_MAX];

    estimate_compute(175 * B, 175 * B, 300e9, &c);
    ck_assert_double_eq_tol(c.training_flops, 3.15e23, 1e9);
    ck_assert_double_eq_tol(c.training_pf_days, 3645.833, 0.001);
    ck_assert_double_eq(c.tokens, 300e9);
    ck_assert_double_eq(c.flops_per_token, 350e9);
    estimate_format_flops(c.training_flops, buf, sizeof(buf));
    ck_assert_str_eq(buf, "3.15e23");
}
END_TEST

START_TEST(chinchilla_tokens)
{
    /* 70B: 20 x 70e9 = 1.4T tokens; 6 x 70e9 x 1.4e12 = 5.88e23. */
    struct estimate_compute c;
    char buf[ESTIMATE_AMOUNT_MAX];

    estimate_compute(70 * B, 70 * B, 0, &c);
    ck_assert_double_eq(c.optimal_tokens, 1.4e12);
    ck_assert_double_eq(c.tokens, 1.4e12);
    ck_assert_double_eq_tol(c.training_flops, 5.88e23, 1e9);
    estimate_format_amount(c.optimal_tokens, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1.4T");
}
END_TEST

START_TEST(mixture_of_experts)
{
    /* Mixtral 8x7B: 46.7B in memory, 12.9B at work for each token. */
    struct estimate_compute c;

    estimate_compute(46700000000ULL, 12900000000ULL, 0, &c);
    ck_assert_double_eq(c.flops_per_token, 25.8e9);
    ck_assert_double_eq(c.optimal_tokens, 934e9);
    ck_assert_double_eq_tol(c.training_flops, 6 * 12.9e9 * 934e9, 1e8);
    ck_assert_uint_eq(estimate_weight_bytes(46700000000ULL, ESTIMATE_BF16),
                      93400000000ULL);
}
END_TEST

START_TEST(formats)
{
    char buf[ESTIMATE_AMOUNT_MAX];

    estimate_format_flops(6, buf, sizeof(buf));
    ck_assert_str_eq(buf, "6.00e0");
    estimate_format_flops(1.234e-5, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1.23e-5");
    estimate_format_flops(9.999e99, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1.00e100");
    ck_assert_int_eq(estimate_format_flops(0, buf, sizeof(buf)), -1);
    ck_assert_int_eq(estimate_format_flops(INFINITY, buf, sizeof(buf)), -1);
    estimate_format_amount(2e19, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "2.00e19");
    estimate_format_amount(1e18, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1000000.0T");
    estimate_format_amount(32189859151.37, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "32.2B");
    estimate_format_amount(0.4, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "4.00e-1");
}
END_TEST

Suite *estimate_suite(void)
{
    Suite *s = suite_create("estimate");
    TCase *tc;

    tc = tcase_create("memory");
    tcase_add_test(tc, weights_per_dtype);
    tcase_add_test(tc, seven_b_in_bf16);
    tcase_add_test(tc, inference);
    tcase_add_test(tc, training);
    tcase_add_test(tc, fit);
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);

    tc = tcase_create("compute");
    tcase_add_test(tc, gpt3);
    tcase_add_test(tc, chinchilla_tokens);
    tcase_add_test(tc, mixture_of_experts);
    tcase_add_test(tc, formats);
    suite_add_tcase(s, tc);
    return s;
}
