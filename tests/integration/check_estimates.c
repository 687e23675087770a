/* check_estimates.c - the estimates over real HTTP: memory and compute
 * on /compare, /fit (the Llama 2 70B question) and /scaling both ways. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

START_TEST(compare_with_estimates)
{
    cJSON *doc;
    const cJSON *m;

    start_server();
    /* 6B parameters: 12 GB of bf16 weights, 12e9 / 2^30 = 11.18 GiB;
     * 6 x 6e9 x 300e9 = 1.08e22 FLOP over 300B tokens. */
    doc = json_ok("GET",
                  "/compare?models=simple_linear,medium_language_model"
                  "&include=memory,compute&tokens=300B",
                  NULL);
    m = at(doc, "models/1");
    ck_assert_str_eq(text_at(m, "name"), "medium_language_model");
    ck_assert_double_eq(number_at(m, "memory/weights/bf16/bytes"), 12e9);
    ck_assert_str_eq(text_at(m, "memory/weights/bf16/decimal"), "12.0 GB");
    ck_assert_str_eq(text_at(m, "memory/weights/bf16/binary"), "11.2 GiB");
    ck_assert_double_eq(number_at(m, "memory/training/total/bytes"), 96e9);
    ck_assert_double_eq(number_at(m, "compute/training_flops"), 1.08e22);
    ck_assert_double_eq(number_at(m, "compute/optimal_tokens"), 120e9);
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumptions/inference"),
                                 "1.2"));
    cJSON_Delete(doc);

    /* A mixture of experts: memory from the total, FLOPs per token from
     * the active parameters (2 x 12.9B). */
    doc = json_ok("POST", "/compare",
                  "{\"models\": [{\"name\": \"mixtral\", \"parameters\": "
                  "\"46.7B\", \"active_parameters\": \"12.9B\", \"kind\": "
                  "\"moe\"}, {\"name\": \"dense\", \"parameters\": 7e9}], "
                  "\"include\": [\"compute\", \"memory\"]}");
    m = named(at(doc, "models"), "mixtral");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(text_at(m, "active_formatted"), "12.9B");
    ck_assert_double_eq(number_at(m, "memory/weights/bf16/bytes"), 93.4e9);
    ck_assert_double_eq(number_at(m, "compute/flops_per_token"), 25.8e9);
    cJSON_Delete(doc);

    /* Without include, none of it. */
    doc = json_ok("GET", "/compare?models=medium_cnn", NULL);
    ck_assert(!cJSON_HasObjectItem(at(doc, "models/0"), "memory"));
    ck_assert(!cJSON_HasObjectItem(doc, "assumptions"));
    cJSON_Delete(doc);
}
END_TEST

/* The README's question: does Llama 2 70B fit on one 80 GB GPU in
 * int8?  68,976,648,192 x 1 byte x 1.2 = 82.8 GB: no, 2.8 GB short. */
START_TEST(fit_picks_models)
{
    cJSON *doc;
    const cJSON *m, *fits;
    double memory, last = 1e300;

    start_server();
    doc = json_ok("GET", "/fit?memory=80GB&dtype=int8", NULL);
    memory = number_at(doc, "memory/bytes");
    ck_assert_double_eq(memory, 80e9);
    ck_assert_str_eq(text_at(doc, "mode"), "inference");
    m = named(at(doc, "too_large"), "llama-2-70b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 82771977831.0);
    ck_assert_double_eq(number_at(m, "shortfall/bytes"), 2771977831.0);
    ck_assert_str_eq(text_at(m, "shortfall/decimal"), "2.8 GB");
    ck_assert_double_eq(number_at(m, "published"), 70e9);
    fits = at(doc, "fits");
    ck_assert_int_eq(number_at(doc, "count"), cJSON_GetArraySize(fits));
    ck_assert_int_gt(cJSON_GetArraySize(fits), 0);
    cJSON_ArrayForEach(m, fits)
    {
        double required = number_at(m, "required/bytes");

        ck_assert_double_le(number_at(m, "parameters"), last);
        last = number_at(m, "parameters");
        ck_assert_double_le(required, memory);
        ck_assert_double_eq(number_at(m, "headroom/bytes"),
                            memory - required);
    }
    cJSON_Delete(doc);

    /* The same question in a body, in training: 16 bytes a parameter,
     * 6,738,415,616 x 16 = 107.8 GB does not fit in 80 GiB (85.9 GB). */
    doc = json_ok("POST", "/fit",
                  "{\"memory\": \"80GiB\", \"mode\": \"training\"}");
    ck_assert_double_eq(number_at(doc, "memory/bytes"), 80.0 * (1 << 30));
    m = named(at(doc, "too_large"), "llama-2-7b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 107814649856.0);
    cJSON_Delete(doc);
}
END_TEST

START_TEST(scaling_laws)
{
    cJSON *doc;

    start_server();
    /* Chinchilla: 70B parameters, 1.4T tokens, 6 x N x D = 5.88e23 FLOP;
     * L = 1.69 + 406.4 / 70e9^0.34 + 410.7 / 1.4e12^0.28 = 1.937. */
    doc = json_ok("GET", "/scaling?parameters=70B&tokens=1.4T", NULL);
    ck_assert_str_eq(text_at(doc, "question"), "loss");
    ck_assert_str_eq(text_at(doc, "predictions/0/fit"), "chinchilla");
    ck_assert_str_eq(text_at(doc, "predictions/1/fit"), "epoch-2024");
    ck_assert_double_eq_tol(number_at(doc, "predictions/0/loss"), 1.937,
                            0.001);
    ck_assert_double_eq_tol(number_at(doc, "predictions/0/training_flops"),
                            5.88e23, 1e20);
    ck_assert_double_eq(number_at(doc, "predictions/0/tokens_per_parameter"),
                        20);
    /* 70B parameters lie outside the fits' range. */
    ck_assert_ptr_nonnull(
        strstr(text_at(doc, "predictions/0/extrapolation"), "70.0B"));
    cJSON_Delete(doc);

    /* Inside the range: no warning; tokens default to 20 x parameters. */
    doc = json_ok("GET", "/scaling?parameters=1B", NULL);
    ck_assert(cJSON_IsNull(at(doc, "predictions/0/extrapolation")));
    ck_assert_double_eq(number_at(doc, "predictions/0/tokens"), 20e9);
    cJSON_Delete(doc);

    /* A compute budget: the compute-optimal N and D spend it all. */
    doc = json_ok("POST", "/scaling", "{\"compute\": \"5.76e23\"}");
    ck_assert_str_eq(text_at(doc, "question"), "compute-optimal");
    for (int i = 0; i < 2; i++) {
        char n[32], d[32];

        snprintf(n, sizeof(n), "predictions/%d/parameters", i);
        snprintf(d, sizeof(d), "predictions/%d/tokens", i);
        ck_assert_double_eq_tol(6 * number_at(doc, n) * number_at(doc, d),
                                5.76e23, 5.76e23 * 1e-6);
    }
    cJSON_Delete(doc);
}
END_TEST

Suite *integration_estimates_suite(void)
{
    Suite *s = suite_create("integration_estimates");
    TCase *tc;

    tc = tcase_create("estimates");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, compare_with_estimates);
    tcase_add_test(tc, fit_picks_models);
    tcase_add_test(tc, scaling_laws);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
