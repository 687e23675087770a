/* check_training.c - /training over real HTTP: the Llama 2
 * check, every input through both carriers (a catalog model, a config,
 * a count; gpu, gpus, mfu, dtype, price, ZeRO, unique tokens), the
 * budget by days and by money, and every refusal with its pointer. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

#define LLAMA "/training?model=llama-2-7b&gpu=a100-sxm-80gb"

static struct reply post_training(const char *body)
{
    return http("POST", "/training", "application/json", body,
                strlen(body), 0);
}

START_TEST(llama_2_check)
{
    cJSON *doc;

    start_server();
    /* The README's check: 6 x 6,738,415,616 x 2e12 = 8.0860987392e22
     * FLOP at 312 TFLOPS and mfu 1 is 71,991.62 A100-hours, and Meta's
     * 184,320 imply 71,991.62 / 184,320 = 0.3906. */
    doc = json_ok("GET", LLAMA "&tokens=2T&mfu=1", NULL);
    ck_assert_str_eq(text_at(doc, "question"), "cost");
    ck_assert_double_eq(number_at(doc, "model/parameters"), 6738415616.0);
    ck_assert_double_eq_tol(number_at(doc, "compute/training_flops"),
                            8.0860987392e22, 1e8);
    ck_assert_double_eq_tol(number_at(doc, "time/gpu_hours"), 71991.62,
                            0.01);
    ck_assert_double_eq_tol(number_at(doc, "time/gpu_hours") / 184320,
                            0.3906, 0.0001);
    ck_assert_double_eq(number_at(doc, "gpu/peak_flops"), 312e12);
    ck_assert(cJSON_IsNull(at(doc, "cost")));
    ck_assert(cJSON_IsNull(at(doc, "repeated_data")));
    /* 2T tokens lie above the fits' 500B: both say so. */
    ck_assert_ptr_nonnull(strstr(text_at(doc, "loss/0/extrapolation"),
                                 "2.0T tokens"));
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumptions/mfu"),
                                 "184,320"));
    cJSON_Delete(doc);

    /* The defaults: mfu 0.4, one GPU, 20 tokens a parameter. */
    doc = json_ok("GET", LLAMA, NULL);
    ck_assert_double_eq(number_at(doc, "mfu"), 0.4);
    ck_assert_double_eq(number_at(doc, "gpus"), 1);
    ck_assert_str_eq(text_at(doc, "dtype"), "bf16");
    ck_assert_double_eq(number_at(doc, "tokens"), 134768312320.0);
    ck_assert_double_eq(number_at(doc, "memory/zero"), 0);
    cJSON_Delete(doc);
}
END_TEST

/* Mixtral 8x7B from the catalog, every other input given: fp8 on
 * H100s, 64 of them, a price, ZeRO 3 and repeated data. */
static void check_mixtral(const cJSON *doc)
{
    /* FLOPs from the 12,879,925,248 active on 20 x 46,702,792,704 =
     * 934,055,854,080 tokens: 7.21834e22; / (1978.9e12 x 0.4) / 3600 =
     * 25,330.93 GPU-hours, 16.4915 days on 64; at 2.5, 63,327.32.  ZeRO
     * 3 of the total on 64: 2 x 46,702,792,704 / 64 = 1,459,462,272
     * twice and 12 x that / 64 = 8,756,773,632: 11,675,698,176. */
    ck_assert_str_eq(text_at(doc, "model/kind"), "moe");
    ck_assert_double_eq(number_at(doc, "model/active_parameters"),
                        12879925248.0);
    ck_assert_double_eq(number_at(doc, "tokens"), 934055854080.0);
    ck_assert_double_eq_tol(number_at(doc, "compute/training_flops"),
                            7.2183417468e22, 1e12);
    ck_assert_double_eq(number_at(doc, "gpu/peak_flops"), 1978.9e12);
    ck_assert_double_eq_tol(number_at(doc, "time/gpu_hours"), 25330.93,
                            0.01);
    ck_assert_double_eq_tol(number_at(doc, "time/days"), 16.4915, 0.0001);
    ck_assert_double_eq_tol(number_at(doc, "cost/total"), 63327.32, 0.01);
    ck_assert_double_eq(number_at(doc, "cost/price_per_gpu_hour"), 2.5);
    ck_assert_double_eq(number_at(doc, "memory/weights/per_gpu/bytes"),
                        1459462272.0);
    ck_assert_double_eq(number_at(doc, "memory/optimizer/per_gpu/bytes"),
                        8756773632.0);
    ck_assert_double_eq(number_at(doc, "memory/per_gpu/bytes"),
                        11675698176.0);
    ck_assert(cJSON_IsTrue(at(doc, "memory/optimizer/sharded")));
    ck_assert(cJSON_IsTrue(at(doc, "memory/fits")));
    /* 934,055,854,080 / 200e9 = 4.67 epochs: above 4, the first
     * warning; D' = U (1 + 15.4 (1 - e^(-3.6703/15.4))). */
    ck_assert_double_eq_tol(number_at(doc, "repeated_data/epochs"),
                            4.67028, 0.00001);
    ck_assert_double_eq_tol(number_at(doc, "repeated_data/effective_tokens")
                                / 200e9,
                            1 + 15.4 * (1 - exp(-3.67028 / 15.4)), 1e-5);
    ck_assert_ptr_nonnull(strstr(text_at(doc, "repeated_data/warning"),
                                 "above 4 epochs"));
    ck_assert(number_at(doc, "repeated_data/loss/0/difference") > 0);
    ck_assert(number_at(doc, "repeated_data/loss/1/difference") > 0);
}

START_TEST(every_input)
{
    cJSON *doc, *again;
    char *a, *b;

    start_server();
    doc = json_ok("GET",
                  "/training?model=mixtral-8x7b&catalog=reference"
                  "&gpu=h100-sxm&gpus=64&mfu=0.4&dtype=fp8"
                  "&price_per_gpu_hour=2.5&zero=3&unique_tokens=200B",
                  NULL);
    check_mixtral(doc);
    again = json_ok("POST", "/training",
                    "{\"model\": \"mixtral-8x7b\", \"catalog\": "
                    "\"reference\", \"gpu\": \"h100-sxm\", \"gpus\": 64, "
                    "\"mfu\": 0.4, \"dtype\": \"fp8\", "
                    "\"price_per_gpu_hour\": 2.5, \"zero\": 3, "
                    "\"unique_tokens\": 2e11}");
    a = cJSON_PrintUnformatted(doc);
    b = cJSON_PrintUnformatted(again);
    ck_assert_str_eq(a, b); /* the same answer from either carrier */
    cJSON_free(a);
    cJSON_free(b);
    cJSON_Delete(again);
    cJSON_Delete(doc);

    /* A count with its active share: the same FLOPs and state. */
    doc = json_ok("POST", "/training",
                  "{\"parameters\": 46702792704, \"active_parameters\": "
                  "\"12879925248\", \"tokens\": \"934055854080\", "
                  "\"gpu\": \"h100-sxm\", \"gpus\": 64, \"dtype\": "
                  "\"fp8\", \"zero\": 3}");
    ck_assert_str_eq(text_at(doc, "model/from"), "parameters");
    ck_assert(cJSON_IsNull(at(doc, "model/name")));
    ck_assert_double_eq_tol(number_at(doc, "compute/training_flops"),
                            7.2183417468e22, 1e12);
    ck_assert_double_eq(number_at(doc, "memory/per_gpu/bytes"),
                        11675698176.0);
    cJSON_Delete(doc);

    /* A config, counted: 784 x 128 + 128 + 128 x 10 + 10 = 101,770. */
    doc = json_ok("POST", "/training",
                  "{\"config\": {\"model_type\": \"mlp\", \"layers\": "
                  "[784, 128, 10]}, \"gpu\": \"l4\"}");
    ck_assert_str_eq(text_at(doc, "model/from"), "config");
    ck_assert_double_eq(number_at(doc, "model/parameters"), 101770);
    ck_assert(cJSON_IsTrue(at(doc, "model/exact")));
    cJSON_Delete(doc);
}
END_TEST

START_TEST(budgets)
{
    cJSON *doc;

    start_server();
    /* 1,024 H100s for 30 days at 0.4: 1,024 x 30 x 86,400 x 989.4e12 x
     * 0.4 = 1.05042935808e24 FLOP, split by each fit. */
    doc = json_ok("GET", "/training?days=30&gpus=1024&gpu=h100-sxm", NULL);
    ck_assert_str_eq(text_at(doc, "question"), "budget");
    ck_assert_str_eq(text_at(doc, "by"), "time");
    ck_assert_double_eq(number_at(doc, "gpu_hours"), 737280);
    ck_assert_double_eq_tol(number_at(doc, "compute"), 1.05042935808e24,
                            1e12);
    for (int i = 0; i < 2; i++) {
        char n[32], d[32];

        snprintf(n, sizeof(n), "predictions/%d/parameters", i);
        snprintf(d, sizeof(d), "predictions/%d/tokens", i);
        ck_assert_double_eq_tol(6 * number_at(doc, n) * number_at(doc, d),
                                1.05042935808e24, 1.05e24 * 1e-6);
    }
    ck_assert_ptr_nonnull(strstr(text_at(doc, "predictions/0/extrapolation"),
                                 "above"));
    cJSON_Delete(doc);

    /* A million at 2 an A100-hour: 500,000 GPU-hours, 2.2464e23 FLOP,
     * 208.33 days on 100 GPUs. */
    doc = json_ok("POST", "/training",
                  "{\"budget\": \"1M\", \"price_per_gpu_hour\": 2, "
                  "\"gpu\": \"a100-sxm-80gb\", \"gpus\": 100}");
    ck_assert_str_eq(text_at(doc, "by"), "money");
    ck_assert_double_eq(number_at(doc, "gpu_hours"), 500000);
    ck_assert_double_eq_tol(number_at(doc, "compute"), 2.2464e23, 1e11);
    ck_assert_double_eq_tol(number_at(doc, "days"), 208.3333, 0.0001);
    cJSON_Delete(doc);
}
END_TEST

/* One bad request per row: GET with a query (no pointer) or POST with a
 * body (the pointer), its status, and a part of its detail. */
static const struct {
    const char *target; /* a GET's query after "/training?", or NULL */
    const char *body;   /* a POST's, or NULL */
    long status;
    const char *pointer, *detail;
} refusals[] = {
    {"model=llama-2-7b&gpu=h100-sxm&mfu=0", NULL, 422, NULL,
     "mfu \"0\" must be above 0 and at most 1"},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"h100-sxm\", \"mfu\": "
           "1.5}",
     422, "/mfu", "mfu 1.5 must be above 0 and at most 1"},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"h100-sxm\", \"zero\": "
           "4}",
     422, "/zero", "zero 4 must be an integer from 0 to 3"},
    {"model=llama-2-7b&gpu=h100-sxm&unique_tokens=0.5", NULL, 422, NULL,
     "unique_tokens \"0.5\" is below 1"},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"h100-sxm\", "
           "\"tokens\": \"1T\", \"unique_tokens\": \"2T\"}",
     422, "/unique_tokens", "unique_tokens 2.0T is above tokens 1.0T"},
    {NULL, "{\"days\": 0, \"gpus\": 8, \"gpu\": \"h100-sxm\"}", 422,
     "/days", "days 0 must be above 0"},
    {"days=1&gpus=0&gpu=h100-sxm", NULL, 422, NULL,
     "gpus \"0\" must be an integer from 1 to 10000000"},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"h100-sxm\", "
           "\"price_per_gpu_hour\": -1}",
     422, "/price_per_gpu_hour", "price_per_gpu_hour -1 is negative"},
    {NULL, "{\"budget\": 0, \"price_per_gpu_hour\": 2, \"gpu\": "
           "\"h100-sxm\"}",
     422, "/budget", "budget 0 must be above 0"},
    {NULL, "{\"parameters\": \"1e18\", \"tokens\": \"1e23\", \"gpu\": "
           "\"h100-sxm\"}",
     422, "/tokens", "training FLOPs are above 10^40"},
    {NULL, "{\"config\": {\"model_type\": \"llama\"}, \"gpu\": "
           "\"h100-sxm\"}",
     422, "/config/hidden_size", "hidden_size is missing"},
    {NULL, "{\"parameters\": 0, \"gpu\": \"h100-sxm\"}", 422,
     "/parameters", "is zero"},
    {"model=gpt-9&gpu=h100-sxm", NULL, 404, NULL,
     "unknown model \"gpt-9\""},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"v100\"}", 404, "/gpu",
     "unknown gpu \"v100\"; GET /gpus lists them"},
    {"model=llama-2-7b", NULL, 422, NULL, "gpu is required"},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"a100-sxm-80gb\", "
           "\"dtype\": \"fp8\"}",
     422, "/dtype", "a100-sxm-80gb has none"},
    {"gpu=h100-sxm", NULL, 422, NULL, "say what to plan"},
    {NULL, "{\"model\": \"llama-2-7b\", \"days\": 3, \"gpus\": 8, "
           "\"gpu\": \"h100-sxm\"}",
     422, "/model", "model and days ask two questions"},
    {"days=1&gpu=h100-sxm", NULL, 422, NULL, "days needs gpus"},
    {NULL, "{\"budget\": 5, \"gpu\": \"h100-sxm\"}", 422,
     "/price_per_gpu_hour", "budget needs price_per_gpu_hour"},
    {"model=llama-2-7b&gpu=h100-sxm&batch=8", NULL, 400, NULL,
     "unknown query parameter \"batch\""},
    {NULL, "{\"model\": \"llama-2-7b\", \"gpu\": \"h100-sxm\", \"mfu\": "
           "[0.4]}",
     422, "/mfu", "mfu must be a string or a number, not an array"},
};

START_TEST(refuses)
{
    struct reply r;
    char target[256];

    start_server();
    if (refusals[_i].target != NULL) {
        snprintf(target, sizeof(target), "/training?%s",
                 refusals[_i].target);
        r = get(target);
    } else {
        r = post_training(refusals[_i].body);
    }
    check_problem(&r, refusals[_i].status, refusals[_i].pointer,
                  refusals[_i].detail);
    reply_free(&r);
}
END_TEST

START_TEST(methods_and_still_right)
{
    struct reply r;

    start_server();
    r = http("PUT", "/training", "application/json", "{}", 2, 0);
    check_problem(&r, 405, NULL, "not allowed");
    reply_free(&r);
    r = http("POST", "/training", "text/plain", "{}", 2, 0);
    check_problem(&r, 415, NULL, "Content-Type");
    reply_free(&r);
    check_still_right();
}
END_TEST

Suite *integration_training_suite(void)
{
    Suite *s = suite_create("integration_training");
    TCase *tc;

    tc = tcase_create("training");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, llama_2_check);
    tcase_add_test(tc, every_input);
    tcase_add_test(tc, budgets);
    tcase_add_loop_test(tc, refuses, 0,
                        sizeof(refusals) / sizeof(refusals[0]));
    tcase_add_test(tc, methods_and_still_right);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
