/* check_inference.c - serving estimates over real HTTP: the GPU catalog
 * (GET /gpus), GET and POST /inference, /fit on GPUs, and every error
 * of issue 16, each followed by proof that nothing was left behind. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

/* The ids issue 16 makes a contract. */
static const char *const contract_ids[] = {
    "h100-sxm", "h100-pcie", "h200", "b200", "a100-sxm-80gb",
    "a100-sxm-40gb", "l40s", "l4", "a10g", "rtx-4090", "rtx-3090",
    "rtx-5090", "mi300x"};

static const cJSON *gpu_named(const cJSON *gpus, const char *id)
{
    const cJSON *g;

    cJSON_ArrayForEach(g, gpus) {
        if (strcmp(text_at(g, "id"), id) == 0)
            return g;
    }
    return NULL;
}

START_TEST(gpu_catalog)
{
    cJSON *doc;
    const cJSON *gpus, *g;

    start_server();
    doc = json_ok("GET", "/gpus", NULL);
    gpus = at(doc, "gpus");
    ck_assert_int_eq(number_at(doc, "count"), cJSON_GetArraySize(gpus));
    for (size_t i = 0; i < sizeof(contract_ids) / sizeof(*contract_ids);
         i++)
        ck_assert_msg(gpu_named(gpus, contract_ids[i]) != NULL, "no %s",
                      contract_ids[i]);
    /* Dense peaks, decimal memory: 80 GB, 3,350 GB/s, 989.4 and 1,978.9
     * TFLOPS; the A100 has no FP8. */
    g = gpu_named(gpus, "h100-sxm");
    ck_assert_double_eq(number_at(g, "memory_bytes"), 80e9);
    ck_assert_double_eq(number_at(g, "bandwidth_bytes_per_s"), 3350e9);
    ck_assert_double_eq(number_at(g, "bf16_tflops"), 989.4);
    ck_assert_double_eq(number_at(g, "fp8_tflops"), 1978.9);
    ck_assert(cJSON_IsNull(at(gpu_named(gpus, "a100-sxm-80gb"),
                              "fp8_tflops")));
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumption"), "sparsity"));
    cJSON_Delete(doc);
}
END_TEST

/* The README's question: how many concurrent 8K-token users can Llama 3
 * 8B serve on one L4 in fp8?  8,030,261,248 bytes of weights, 131,072
 * bytes a token of fp16 cache, 2^30 a user; 21.6e9 - 8,030,261,248 =
 * 13,569,738,752 left: 12 users (12.64). */
START_TEST(inference_get)
{
    cJSON *doc;

    start_server();
    doc = json_ok("GET", "/inference?model=llama-3-8b&gpu=l4&dtype=fp8&"
                         "context=8192", NULL);
    ck_assert_str_eq(text_at(doc, "model/name"), "llama-3-8b");
    ck_assert_str_eq(text_at(doc, "model/catalog"), "reference");
    ck_assert_str_eq(text_at(doc, "architecture"), "llama");
    ck_assert_str_eq(text_at(doc, "kv_dtype"), "fp16");
    ck_assert_double_eq(number_at(doc, "memory/weights/bytes"),
                        8030261248.0);
    ck_assert_double_eq(number_at(doc, "kv_cache/bytes_per_token"), 131072);
    ck_assert_double_eq(number_at(doc, "memory/kv_cache/bytes"),
                        1073741824.0);
    ck_assert_str_eq(text_at(doc, "memory/total/decimal"), "9.1 GB");
    ck_assert(cJSON_IsTrue(at(doc, "memory/fits")));
    ck_assert_double_eq(number_at(doc, "capacity/max_batch"), 12);
    ck_assert_double_eq(number_at(doc, "capacity/max_context"), 103528);
    /* 9,104,003,072 bytes a step at 3e11 B/s: 32.95 tokens/s */
    ck_assert_double_eq_tol(number_at(doc, "decode/tokens_per_s"),
                            32.9525, 1e-4);
    ck_assert_str_eq(text_at(doc, "decode/bound"), "memory");
    ck_assert_str_eq(text_at(doc, "decode/peak"), "fp8");
    ck_assert_ptr_nonnull(strstr(text_at(doc, "kv_cache/formula"),
                                 "kv_heads"));
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumptions/split"),
                                 "tensor parallel"));
    cJSON_Delete(doc);

    /* The bound: Llama-2-7B fp16 on one h100-sxm at a context
     * of 1, at most about 248.6 tokens/s (248.565). */
    doc = json_ok("GET", "/inference?model=llama-2-7b&gpu=h100-sxm&"
                         "dtype=fp16&context=1", NULL);
    ck_assert_double_eq_tol(number_at(doc, "decode/tokens_per_s"),
                            248.565, 1e-3);
    cJSON_Delete(doc);
}
END_TEST

#define MISTRAL                                                            \
    "{\"model_type\": \"mistral\", \"hidden_size\": 4096, "                \
    "\"intermediate_size\": 14336, \"max_position_embeddings\": 32768, "   \
    "\"num_attention_heads\": 32, \"num_hidden_layers\": 32, "             \
    "\"num_key_value_heads\": 8, \"sliding_window\": 4096, "               \
    "\"tie_word_embeddings\": false, \"vocab_size\": 32000}"

/* Mistral-7B-v0.1's config at 32,768 tokens on one h100-sxm: the
 * window keeps 4,096, so 131,072 x 4,096 = 536,870,912 bytes; with
 * 14,483,464,192 of bf16 weights a step reads 15,020,335,104 bytes at
 * 3.35e12 B/s: 223.031 tokens/s.  107 such sequences fit, and any
 * context. */
START_TEST(inference_post)
{
    cJSON *doc;

    start_server();
    doc = json_ok("POST", "/inference",
                  "{\"config\": " MISTRAL ", \"gpu\": \"h100-sxm\", "
                  "\"context\": 32768}");
    ck_assert_str_eq(text_at(doc, "model/from"), "config");
    ck_assert_str_eq(text_at(doc, "model/name"), "mistral");
    ck_assert_double_eq(number_at(doc, "model/parameters"), 7241732096.0);
    ck_assert_double_eq(number_at(doc, "memory/kv_cache/bytes"),
                        536870912.0);
    ck_assert(cJSON_IsTrue(at(doc, "kv_cache/windowed")));
    ck_assert_double_eq(number_at(doc, "capacity/max_batch"), 107);
    ck_assert(cJSON_IsTrue(at(doc, "capacity/max_context_unbounded")));
    ck_assert_double_eq_tol(number_at(doc, "decode/tokens_per_s"),
                            223.031, 1e-3);
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumptions/window"),
                                 "rolling buffer"));
    cJSON_Delete(doc);

    /* No architecture: the weights, the x 1.2 rule, and its sentence:
     * gpt-3's 175e9 in q4_k, 98,437,500,000 bytes, + 19,687,500,000. */
    doc = json_ok("POST", "/inference",
                  "{\"model\": \"gpt-3\", \"gpu\": \"h200\", "
                  "\"dtype\": \"q4_k\"}");
    ck_assert(cJSON_IsNull(at(doc, "capacity")));
    ck_assert(cJSON_IsNull(at(doc, "kv_cache")));
    ck_assert_double_eq(number_at(doc, "memory/kv_cache/bytes"),
                        19687500000.0);
    ck_assert_ptr_nonnull(strstr(text_at(doc, "memory/fallback"), "1.2"));
    cJSON_Delete(doc);
}
END_TEST

/* Llama 2 70B in fp8 on one h100-sxm, on GPUs with the exact cache:
 * 68,976,648,192 + 80 x 8 x 128 x 2 x 2 x 4,096 = 70,318,825,472 of
 * 72e9: it fits, 1,681,174,528 to spare.  gpt-3 has no architecture,
 * and says so. */
START_TEST(fit_on_gpus)
{
    cJSON *doc;
    const cJSON *m;

    start_server();
    doc = json_ok("GET", "/fit?gpu=h100-sxm&dtype=fp8", NULL);
    ck_assert_double_eq(number_at(doc, "memory/bytes"), 72e9);
    ck_assert_str_eq(text_at(doc, "gpu"), "h100-sxm");
    ck_assert_double_eq(number_at(doc, "context"), 4096);
    m = named(at(doc, "fits"), "llama-2-70b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 70318825472.0);
    ck_assert_double_eq(number_at(m, "headroom/bytes"), 1681174528.0);
    ck_assert(cJSON_IsTrue(at(m, "exact_cache")));
    m = named(at(doc, "too_large"), "gpt-3");
    ck_assert_ptr_nonnull(m);
    ck_assert(cJSON_IsFalse(at(m, "exact_cache")));
    ck_assert_ptr_nonnull(strstr(text_at(m, "note"), "1.2"));
    cJSON_Delete(doc);

    /* Two sequences still fit (68,976,648,192 + 2 x 1,342,177,280 =
     * 71,661,002,752); three do not: 73,003,180,032, 1,003,180,032
     * short. */
    doc = json_ok("POST", "/fit", "{\"gpu\": \"h100-sxm\", \"dtype\": "
                                  "\"fp8\", \"batch\": 3}");
    m = named(at(doc, "too_large"), "llama-2-70b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "shortfall/bytes"), 1003180032.0);
    cJSON_Delete(doc);
}
END_TEST

/* Every refusal of issue 16, item 6, and of the model, from a query
 * and from a body. */
static const struct {
    const char *method, *path, *body;
    long status;
    const char *pointer, *detail;
} errors[] = {
    {"GET", "/inference?model=llama-2-7b&gpu=tpu-v5", NULL, 404, NULL,
     "GET /gpus"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": 7}", 422,
     "/gpu", "gpu must be a GPU id of GET /gpus"},
    {"GET", "/inference?model=llama-2-7b", NULL, 422, NULL,
     "gpu is required"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&gpus=4097", NULL, 422, NULL,
     "from 1 to 4096"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
     "\"gpus\": 0}", 422, "/gpus", "from 1 to 4096"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&context=0", NULL, 422,
     NULL, "from 1 to 10000000"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
     "\"context\": 1e8}", 422, "/context", "from 1 to 10000000"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&batch=1000001", NULL, 422,
     NULL, "from 1 to 1000000"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
     "\"batch\": -1}", 422, "/batch", "from 1 to 1000000"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&dtype=q4_k_m", NULL, 422,
     NULL, "q8_0, q6_k, q5_k, q4_k, q4_0, q3_k or q2_k"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
     "\"dtype\": \"fp64\"}", 422, "/dtype", "is not a weight format"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&kv_dtype=int4", NULL, 422,
     NULL, "is not a KV-cache type"},
    {"POST", "/inference", "{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
     "\"utilization\": 0}", 422, "/utilization", "above 0 and at most 1"},
    {"GET", "/inference?model=llama-2-7b&gpu=l4&utilization=1.1", NULL,
     422, NULL, "above 0 and at most 1"},
    {"POST", "/inference", "{\"gpu\": \"l4\", \"config\": {\"model_type\": "
     "\"mistral\", \"hidden_size\": 4096}}", 422,
     "/config/num_hidden_layers", "num_hidden_layers is missing"},
    {"GET", "/inference?config=mistral&gpu=l4", NULL, 422, NULL,
     "POST body"},
    {"GET", "/inference?model=gpt-5&gpu=l4", NULL, 404, NULL,
     "GET /models?catalog=reference"},
    {"GET", "/inference?gpu=l4", NULL, 422, NULL, "give model or config"},
    {"POST", "/inference", "{\"model\": \"gpt-3\", \"config\": {}, "
     "\"gpu\": \"l4\"}", 422, "/config", "not more"},
    {"GET", "/fit?gpu=l4&memory=24GB", NULL, 422, NULL,
     "give memory or gpu, not both"},
    {"GET", "/fit?memory=24GB&batch=8", NULL, 422, NULL,
     "batch goes with gpu"},
    {"POST", "/fit", "{\"gpu\": \"l4\", \"mode\": \"training\"}", 422,
     "/mode", "goes with memory"},
    {"POST", "/fit", "{\"gpu\": \"l4\", \"kv_dtype\": \"fp4\"}", 422,
     "/kv_dtype", "is not a KV-cache type"},
    {"GET", "/fit?gpu=v100", NULL, 404, NULL, "GET /gpus"},
};

START_TEST(refusals)
{
    struct reply r;
    const char *b = errors[_i].body;

    start_server();
    r = http(errors[_i].method, errors[_i].path,
             b != NULL ? "application/json" : NULL, b,
             b != NULL ? strlen(b) : 0, 0);
    check_problem(&r, errors[_i].status, errors[_i].pointer,
                  errors[_i].detail);
    reply_free(&r);
    check_still_right();
}
END_TEST

Suite *integration_inference_suite(void)
{
    Suite *s = suite_create("integration_inference");
    TCase *tc;

    tc = tcase_create("inference");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, gpu_catalog);
    tcase_add_test(tc, inference_get);
    tcase_add_test(tc, inference_post);
    tcase_add_test(tc, fit_on_gpus);
    tcase_add_loop_test(tc, refusals, 0, sizeof(errors) / sizeof(*errors));
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
