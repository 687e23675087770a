/* check_request_serving.c - unit tests of request_serving.c, the GPU
 * side of serving, and of /fit on GPUs, which reads it
 * (request_fit.c, answer_fit.c): each model with its exact cache or the
 * x 1.2 rule, both carriers, every refusal.  The catalog and the GPU are
 * this file's, so the figures do not move with the reference ones. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "api/answer_fit.h"
#include "api/json_text.h"
#include "api/request_fit.h"
#include "api/request_serving.h"
#include "request_fixture.h"
#include "suites.h"

/* An L4 as config/gpus.json gives it: 24e9 bytes, 21.6e9 usable. */
static const struct gpu l4[] = {
    {"l4", "NVIDIA L4", 24000000000ULL, 300000000000ULL, 121e12, 242.5e12,
     "https://example.org/l4", NULL},
};

/* Llama-2-7B's shape: 2 x 32 x 32 x 128 = 262,144 cache elements a
 * token (check_inference.c). */
static const struct arch llama = {
    .family = ARCH_LLAMA, .hidden = 4096, .layers = 32, .heads = 32,
    .kv_heads = 32, .intermediate = 11008, .vocab = 32000,
    .max_positions = 4096};

#define MODEL(n, p)                                                        \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = p,                \
     .kind = COMPARE_KIND_DENSE}

static const struct compare_model mine[] = {
    MODEL("three", 3),
    MODEL("seven", 7000000000ULL), /* with llama's shape */
    MODEL("big", 70000000000ULL),
    MODEL("tie", 7000000000ULL),
};
static const struct arch *const archs[] = {NULL, &llama, NULL, NULL};
static const struct catalog catalogs[] = {
    {"reference", "this test's", mine, 4, archs},
};

static struct fit_answer fit;
static struct problem pb;
static cJSON *doc, *json;
static struct text_buf out;

static void setup(void)
{
    memset(&fit, 0, sizeof(fit));
    memset(&pb, 0, sizeof(pb));
    doc = json = NULL;
    text_buf_init(&out);
}

static void teardown(void)
{
    fit_answer_cleanup(&fit);
    cJSON_Delete(doc);
    cJSON_Delete(json);
    text_buf_cleanup(&out);
}

/* GET /fit with "k=v" arguments joined by '&'. */
static enum svc_status get(const char *query)
{
    struct request rq;

    fixture_query(query, &rq);
    fit_answer_cleanup(&fit);
    return fit_request_answer(&rq, catalogs, 1, l4, 1, &fit, &pb);
}

static enum svc_status post(const char *body)
{
    struct request rq = {NULL, 0, NULL, 0};

    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(body, strlen(body), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    fit_answer_cleanup(&fit);
    return fit_request_answer(&rq, catalogs, 1, l4, 1, &fit, &pb);
}

static void is(size_t i, const char *name, uint64_t total, int exact)
{
    ck_assert_str_eq(fit.fitted[i].model->name, name);
    ck_assert_uint_eq(fit.fitted[i].memory.total, total);
    ck_assert_int_eq(fit.fitted[i].exact, exact);
}

START_TEST(fit_on_a_gpu)
{
    /* bf16 weights and cache at 4,096 tokens on one L4 (21.6e9):
     * big 140e9 + 28e9 (x 1.2) = 168e9, too large; tie 14e9 + 2.8e9 =
     * 16.8e9; seven, exact: 14e9 + 2 x 262,144 x 4,096 = 16,147,483,648;
     * three: 6 + ceil(6 / 5) = 8. */
    ck_assert_int_eq(get("gpu=l4"), SVC_OK);
    ck_assert_int_eq(fit.on_gpus, 1);
    ck_assert_uint_eq(fit.memory, 21600000000ULL);
    is(0, "big", 168000000000ULL, 0);
    is(1, "tie", 16800000000ULL, 0);
    is(2, "seven", 16147483648ULL, 1);
    is(3, "three", 8, 0);
    ck_assert_uint_eq(fit.first_fit, 1);
    ck_assert_int_eq(fit.in.kv, DTYPE_KV_BF16);
}
END_TEST

START_TEST(fit_context_and_batch)
{
    /* Two sequences of 8,192 tokens: seven's cache 2 x 2^32 bytes, in
     * all 14e9 + 8,589,934,592 = 22,589,934,592, 989,934,592 short; the
     * rule's models do not move. */
    ck_assert_int_eq(get("gpu=l4&context=8192&batch=2"), SVC_OK);
    is(0, "big", 168000000000ULL, 0);
    is(1, "seven", 22589934592ULL, 1);
    ck_assert_uint_eq(fit.fitted[1].memory.shortfall, 989934592ULL);
    ck_assert_uint_eq(fit.first_fit, 2);
    /* Eight GPUs at utilization 1 hold big: 168e9 / 8 = 21e9 each of
     * 24e9.  q4_k weights: 7e9 x 144 / 256 = 3,937,500,000. */
    ck_assert_int_eq(post("{\"gpu\": \"l4\", \"gpus\": 8, "
                          "\"utilization\": 1, \"dtype\": \"q4_k\", "
                          "\"kv_dtype\": \"fp8\", \"mode\": \"inference\"}"),
                     SVC_OK);
    ck_assert_uint_eq(fit.first_fit, 0);
    ck_assert_uint_eq(fit.memory, 8 * 24000000000ULL);
    /* seven: 3,937,500,000 + 262,144 x 4,096 (fp8) = 5,011,241,824 */
    is(1, "seven", 5011241824ULL, 1);
}
END_TEST

START_TEST(fit_answer_says_so)
{
    const cJSON *fits, *first;

    ck_assert_int_eq(get("gpu=l4"), SVC_OK);
    ck_assert_int_eq(answer_fit(&fit, &out), SVC_OK);
    json = cJSON_Parse(out.text);
    ck_assert_ptr_nonnull(json);
    ck_assert_str_eq(cJSON_GetObjectItem(json, "gpu")->valuestring, "l4");
    ck_assert_str_eq(cJSON_GetObjectItem(json, "mode")->valuestring,
                     "inference");
    ck_assert_int_eq(cJSON_GetObjectItem(json, "count")->valueint, 3);
    fits = cJSON_GetObjectItem(json, "fits");
    first = cJSON_GetArrayItem(fits, 0); /* tie: the rule, said */
    ck_assert_str_eq(cJSON_GetObjectItem(first, "note")->valuestring,
                     INFERENCE_ASSUMPTION_FALLBACK);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(first, "exact_cache")));
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(
        cJSON_GetArrayItem(fits, 1), "exact_cache")));
    ck_assert_ptr_null(cJSON_GetObjectItem(cJSON_GetArrayItem(fits, 1),
                                           "note"));
    ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(fits, 1),
                                         "headroom")
                         ->child->valuedouble,
                     21600000000.0 - 16147483648.0);
}
END_TEST

static const struct {
    const char *query, *body;
    enum svc_status st;
    const char *detail, *pointer;
} refusals[] = {
    {"memory=24GB&gpu=l4", "{\"memory\": \"24GB\", \"gpu\": \"l4\"}",
     SVC_EINVAL, "give memory or gpu, not both", "/gpu"},
    {"gpu=l4&mode=training", "{\"gpu\": \"l4\", \"mode\": \"training\"}",
     SVC_EINVAL, "mode training goes with memory", "/mode"},
    {"memory=24GB&context=8192", "{\"memory\": 1, \"context\": 8192}",
     SVC_EINVAL, "context goes with gpu", "/context"},
    {"gpus=2", "{\"gpus\": 2}", SVC_EINVAL, "memory is required", "/gpu"},
    {"gpu=h100", "{\"gpu\": \"h100\"}", SVC_ENOTFOUND,
     "unknown gpu \"h100\"; GET /gpus lists", "/gpu"},
    {"gpu=l4&gpus=4097", "{\"gpu\": \"l4\", \"gpus\": 0}", SVC_EINVAL,
     "must be an integer from 1 to 4096", "/gpus"},
    {"gpu=l4&context=0", "{\"gpu\": \"l4\", \"context\": 10000001}",
     SVC_EINVAL, "must be an integer from 1 to 10000000", "/context"},
    {"gpu=l4&batch=0", "{\"gpu\": \"l4\", \"batch\": 2.5}", SVC_EINVAL,
     "must be an integer from 1 to 1000000", "/batch"},
    {"gpu=l4&kv_dtype=int4", "{\"gpu\": \"l4\", \"kv_dtype\": \"bf8\"}",
     SVC_EINVAL, "is not a KV-cache type", "/kv_dtype"},
    {"gpu=l4&utilization=0", "{\"gpu\": \"l4\", \"utilization\": 2}",
     SVC_EINVAL, "must be above 0 and at most 1", "/utilization"},
    {"gpu=l4&utilization=nan", "{\"gpu\": \"l4\", \"utilization\": -1}",
     SVC_EINVAL, "utilization", "/utilization"},
    /* With gpu every weight format; mixed ones named as such. */
    {"gpu=l4&dtype=q4_k_m", "{\"gpu\": \"l4\", \"dtype\": \"Q5_K_S\"}",
     SVC_EINVAL, "mixed file type", "/dtype"},
    /* With memory the six of the rules of thumb, in their words. */
    {"memory=24GB&dtype=q4_k", "{\"memory\": 1, \"dtype\": \"q4_k\"}",
     SVC_EINVAL, "must be fp32, bf16, fp16, fp8, int8 or int4", "/dtype"},
};

START_TEST(fit_refuses)
{
    ck_assert_int_eq(get(refusals[_i].query), refusals[_i].st);
    ck_assert_ptr_nonnull(strstr(pb.detail, refusals[_i].detail));
    ck_assert_int_eq(pb.has_pointer, 0);
    ck_assert_int_eq(post(refusals[_i].body), refusals[_i].st);
    ck_assert_ptr_nonnull(strstr(pb.detail, refusals[_i].detail));
    ck_assert_str_eq(pb.pointer, refusals[_i].pointer);
}
END_TEST

START_TEST(serving_fields)
{
    struct serving_input in;
    struct inference_in res = {0};
    char shown[PROBLEM_QUOTE_MAX];
    struct field_value v = {"8", 0, NULL, shown, NULL};

    serving_input_init(&in);
    ck_assert_ptr_null(serving_first_given(&in));
    ck_assert_int_eq(serving_set(&in, "batch", &v, &pb), SVC_OK);
    ck_assert_str_eq(serving_first_given(&in), "batch");
    v.text = "l4";
    ck_assert_int_eq(serving_set(&in, "gpu", &v, &pb), SVC_OK);
    ck_assert_str_eq(serving_first_given(&in), "gpu");
    ck_assert_int_eq(serving_set(&in, "tokens", &v, &pb), SVC_EINTERNAL);
    /* Unset fields take their defaults; kv follows the weights. */
    ck_assert_int_eq(serving_resolve(&in, DTYPE_FP16, l4, 1, 0, &res, &pb),
                     SVC_OK);
    ck_assert_ptr_eq(res.gpu, &l4[0]);
    ck_assert_uint_eq(res.batch, 8);
    ck_assert_uint_eq(res.context, SERVING_CONTEXT_DEFAULT);
    ck_assert_uint_eq(res.gpus, 1);
    ck_assert_int_eq(res.kv, DTYPE_KV_FP16);
    ck_assert_double_eq(res.utilization, INFERENCE_UTILIZATION_DEFAULT);
    ck_assert_int_eq(serving_resolve(&in, DTYPE_Q8_0, l4, 1, 0, &res, &pb),
                     SVC_OK);
    ck_assert_int_eq(res.kv, DTYPE_KV_FP16);
    ck_assert_int_eq(serving_resolve(&in, DTYPE_BF16, l4, 1, 0, &res, &pb),
                     SVC_OK);
    ck_assert_int_eq(res.kv, DTYPE_KV_BF16);
}
END_TEST

Suite *request_serving_suite(void)
{
    Suite *s = suite_create("request_serving");
    TCase *tc = tcase_create("fit");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fit_on_a_gpu);
    tcase_add_test(tc, fit_context_and_batch);
    tcase_add_test(tc, fit_answer_says_so);
    tcase_add_loop_test(tc, fit_refuses, 0,
                        sizeof(refusals) / sizeof(refusals[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, serving_fields);
    suite_add_tcase(s, tc);
    return s;
}
