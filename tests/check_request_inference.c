/* check_request_inference.c - unit tests of request_inference.c,
 * request_serving.c and answer_inference.c: defaults, both carriers,
 * every refusal in the words of issue 16, and figures worked by hand
 * from the built-in architectures and GPUs (the architectures are fixed
 * files, so their counts do not change). */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/answer_inference.h"
#include "api/assets.h"
#include "api/catalog_doc.h"
#include "api/gpu_doc.h"
#include "api/json_text.h"
#include "api/request_inference.h"
#include "api/request_serving.h"
#include "request_fixture.h"
#include "suites.h"

#define LLAMA_2_7B 6738415616ULL
#define LLAMA_3_8B 8030261248ULL

static struct catalog_doc reference;
static struct gpu_doc gpus;
static struct catalog catalogs[2];
static struct inference_answer ans;
static struct problem pb;
static cJSON *doc, *out_json;
static struct text_buf out;

static void setup(void)
{
    char err[256];

    fixture_catalogs(&reference, catalogs);
    ck_assert_int_eq(gpu_doc_parse(&gpus, "gpus",
                                   (const char *)asset_gpu_catalog.data,
                                   asset_gpu_catalog.len, err, sizeof(err)),
                     SVC_OK);
    memset(&pb, 0, sizeof(pb));
    doc = out_json = NULL;
    text_buf_init(&out);
}

static void teardown(void)
{
    catalog_doc_cleanup(&reference);
    gpu_doc_cleanup(&gpus);
    cJSON_Delete(doc);
    cJSON_Delete(out_json);
    text_buf_cleanup(&out);
}

static enum svc_status answer(const struct request *rq)
{
    return inference_request_answer(rq, catalogs, 2, gpus.gpus, gpus.count,
                                    &ans, &pb);
}

/* A GET of "k=v&k=v...". */
static enum svc_status get(const char *query)
{
    struct request rq;

    fixture_query(query, &rq);
    return answer(&rq);
}

static enum svc_status post(const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    return answer(&rq);
}

/* Prints the answer of the last request and parses it into out_json. */
static void print_answer(void)
{
    cJSON_Delete(out_json);
    text_buf_cleanup(&out);
    text_buf_init(&out);
    ck_assert_int_eq(answer_inference(&ans, &out), SVC_OK);
    out_json = cJSON_Parse(out.text);
    ck_assert_ptr_nonnull(out_json);
}

/* The member of the answer at a path of keys: AT("memory", "fits"). */
#define AT(...) at(__VA_ARGS__, NULL)
static const cJSON *at(const char *first, ...)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(out_json, first);
    va_list ap;

    va_start(ap, first);
    for (const char *k = va_arg(ap, const char *); k != NULL;
         k = va_arg(ap, const char *))
        j = cJSON_GetObjectItemCaseSensitive(j, k);
    va_end(ap);
    ck_assert_msg(j != NULL, "no member %s...", first);
    return j;
}

START_TEST(readme_example)
{
    /* Llama 3 8B in fp8 on one L4 at 8,192 tokens: weights 8,030,261,248
     * bytes; a token's cache 2 x 32 x 8 x 128 x 2 (fp16, the default
     * for fp8 weights) = 131,072, a sequence's 1,073,741,824.  Usable
     * 24e9 x 0.9 = 21.6e9, 13,569,738,752 of it for the cache: 12
     * sequences (12.64), or 103,528 tokens for one (103,528.7).  A step
     * reads 9,104,003,072 bytes at 3e11 B/s: 30.3467 ms, 32.9525
     * tokens/s; its compute 2 x 8,030,261,248 / 242.5e12 = 66.229 us. */
    ck_assert_int_eq(get("model=llama-3-8b&gpu=l4&dtype=fp8&context=8192"),
                     SVC_OK);
    ck_assert_int_eq(ans.in.kv, DTYPE_KV_FP16);
    ck_assert_uint_eq(ans.memory.weights, LLAMA_3_8B);
    ck_assert_uint_eq(ans.memory.cache.bytes_per_token, 131072);
    ck_assert_uint_eq(ans.memory.kv, 1073741824ULL);
    ck_assert_uint_eq(ans.memory.usable, 21600000000ULL);
    ck_assert_uint_eq(ans.capacity.batch_max, 12);
    ck_assert_uint_eq(ans.capacity.context_max, 103528);
    ck_assert_double_eq_tol(ans.speed.tokens_per_s, 32.9525, 1e-4);
    ck_assert_double_eq_tol(ans.speed.compute_time, 66.229e-6, 1e-9);
    ck_assert_int_eq(ans.speed.peak_kind, DTYPE_PEAK_FP8);
    print_answer();
    ck_assert_uint_eq(AT("capacity", "max_batch")->valuedouble, 12);
    ck_assert_str_eq(AT("kv_cache", "attention")->valuestring,
                     "grouped-query");
    ck_assert_str_eq(AT("decode", "bound")->valuestring, "memory");
    ck_assert_str_eq(AT("model", "catalog")->valuestring, "reference");
    ck_assert_double_eq(AT("memory", "headroom", "bytes")->valuedouble,
                        21600000000.0 - 9104003072.0);
    ck_assert(cJSON_IsNull(AT("decode", "moe")));
}
END_TEST

START_TEST(issue_decode_bound)
{
    /* Llama-2-7B fp16 on one h100-sxm at a context of 1: (13,476,831,232
     * + 524,288) / 3.35e12 = 4.0231 ms, 248.565 tokens/s: "at most about
     * 248.6". */
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm&dtype=fp16&"
                         "context=1"),
                     SVC_OK);
    ck_assert_double_eq_tol(ans.speed.tokens_per_s, 248.565, 1e-3);
    ck_assert(ans.speed.tokens_per_s < 248.6);
    ck_assert_int_eq(ans.speed.compute_bound, 0);
}
END_TEST

START_TEST(defaults)
{
    /* bf16 weights and cache, 4,096 tokens, batch 1, 1 GPU, 0.9, 0.5:
     * Llama-2-7B's cache is 2^31 bytes. */
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm"), SVC_OK);
    ck_assert_int_eq(ans.in.dtype, DTYPE_BF16);
    ck_assert_int_eq(ans.in.kv, DTYPE_KV_BF16);
    ck_assert_uint_eq(ans.in.context, 4096);
    ck_assert_uint_eq(ans.in.batch, 1);
    ck_assert_uint_eq(ans.in.gpus, 1);
    ck_assert_double_eq(ans.in.utilization, 0.9);
    ck_assert_double_eq(ans.in.prefill_mfu, 0.5);
    ck_assert_uint_eq(ans.memory.kv, 2147483648ULL);
    /* fp16 weights keep an fp16 cache; q4_k ones an fp16 one. */
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm&dtype=fp16"),
                     SVC_OK);
    ck_assert_int_eq(ans.in.kv, DTYPE_KV_FP16);
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm&dtype=q4_k"),
                     SVC_OK);
    ck_assert_int_eq(ans.in.kv, DTYPE_KV_FP16);
    /* q4_k: 6,738,415,616 x 144 / 256 = 3,790,358,784 bytes */
    ck_assert_uint_eq(ans.memory.weights, 3790358784ULL);
}
END_TEST

START_TEST(both_carriers)
{
    struct inference_memory m;

    /* Two GPUs and three sequences: 13,476,831,232 / 2 + 3 x 2^31 / 2 =
     * 6,738,415,616 + 3,221,225,472 = 9,959,641,088 a GPU. */
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm&gpus=2&batch=3&"
                         "kv_dtype=fp16&utilization=0.8&"
                         "prefill_utilization=0.25&catalog=reference"),
                     SVC_OK);
    m = ans.memory;
    ck_assert_uint_eq(m.total_per_gpu, 9959641088ULL);
    ck_assert_uint_eq(m.usable_per_gpu, 64000000000ULL);
    ck_assert_int_eq(post("{\"model\": \"llama-2-7b\", \"gpu\": "
                          "\"h100-sxm\", \"gpus\": 2, \"batch\": 3, "
                          "\"kv_dtype\": \"fp16\", \"utilization\": 0.8, "
                          "\"prefill_utilization\": 0.25, \"catalog\": "
                          "\"reference\"}"),
                     SVC_OK);
    ck_assert_int_eq(memcmp(&m, &ans.memory, sizeof(m)), 0);
    ck_assert_double_eq(ans.in.prefill_mfu, 0.25);
}
END_TEST

START_TEST(config_moe)
{
    static char body[16384];
    const char *cfg = NULL;

    for (size_t i = 0; i < asset_architectures_count; i++) {
        if (strcmp(asset_architectures[i].name, "deepseek-v2-lite") == 0)
            cfg = (const char *)asset_architectures[i].asset.data;
    }
    ck_assert_ptr_nonnull(cfg);
    snprintf(body, sizeof(body),
             "{\"config\": %s, \"gpu\": \"a100-sxm-80gb\", \"dtype\": "
             "\"fp8\"}", cfg);
    /* 27 x (512 + 64) x 2 = 31,104 a token; a step reads only the
     * 2,661,150,208 active weights (fp8: as many bytes); the A100 has
     * no FP8, so its BF16 peak is used, and the answer says so. */
    ck_assert_int_eq(post(body), SVC_OK);
    ck_assert_uint_eq(ans.memory.cache.bytes_per_token, 31104);
    ck_assert_uint_eq(ans.speed.weight_bytes, 2661150208ULL);
    ck_assert_int_eq(ans.speed.no_fp8, 1);
    print_answer();
    ck_assert_str_eq(AT("model", "from")->valuestring, "config");
    ck_assert_str_eq(AT("model", "kind")->valuestring, "moe");
    ck_assert_str_eq(AT("architecture")->valuestring, "deepseek_v2");
    ck_assert_str_eq(AT("kv_cache", "attention")->valuestring, "latent");
    ck_assert_str_eq(AT("kv_cache", "formula")->valuestring,
                     INFERENCE_FORMULA_LATENT);
    ck_assert_str_eq(AT("decode", "moe")->valuestring,
                     INFERENCE_ASSUMPTION_MOE);
    ck_assert_str_eq(AT("assumptions", "no_fp8")->valuestring,
                     INFERENCE_ASSUMPTION_NO_FP8);
}
END_TEST

START_TEST(fallback)
{
    /* medium_language_model, 6e9 parameters and no architecture: bf16
     * weights 12e9, the rest ceil(12e9 / 5) = 2.4e9, 14.4e9 in all, of
     * 21.6e9 on an L4; a step reads the 12e9 weights at 3e11 B/s: 25
     * tokens/s.  No capacity, and a sentence that says why. */
    ck_assert_int_eq(get("model=medium_language_model&catalog=default&"
                         "gpu=l4"),
                     SVC_OK);
    ck_assert_int_eq(ans.memory.fallback, 1);
    ck_assert_uint_eq(ans.memory.kv, 2400000000ULL);
    ck_assert_uint_eq(ans.memory.headroom, 7200000000ULL);
    ck_assert_double_eq_tol(ans.speed.tokens_per_s, 25, 1e-9);
    print_answer();
    ck_assert(cJSON_IsNull(AT("capacity")));
    ck_assert(cJSON_IsNull(AT("kv_cache")));
    ck_assert(cJSON_IsNull(AT("architecture")));
    ck_assert_str_eq(AT("memory", "fallback")->valuestring,
                     INFERENCE_ASSUMPTION_FALLBACK);
    ck_assert_str_eq(AT("assumptions", "fallback")->valuestring,
                     INFERENCE_ASSUMPTION_FALLBACK);
}
END_TEST

START_TEST(warnings)
{
    /* 8,192 tokens are above Llama-2-7B's 4,096 positions; the largest
     * context that fits on an H100 (111,624 at bf16, check_inference.c)
     * is too.  Mistral's window shows its assumption: the cache stops
     * growing, so any context fits, which its positions do not. */
    ck_assert_int_eq(get("model=llama-2-7b&gpu=h100-sxm&context=8192"),
                     SVC_OK);
    print_answer();
    ck_assert_int_eq(cJSON_GetArraySize(AT("warnings")), 2);
    ck_assert_ptr_nonnull(strstr(
        cJSON_GetArrayItem(AT("warnings"), 0)->valuestring,
        "context 8192 is above the model's max_position_embeddings, "
        "4096"));
    ck_assert_int_eq(get("model=mistral-7b&gpu=h100-sxm&context=32768"),
                     SVC_OK);
    ck_assert_uint_eq(ans.memory.kv, 536870912ULL);
    print_answer();
    ck_assert_int_eq(cJSON_GetArraySize(AT("warnings")), 1);
    ck_assert_str_eq(cJSON_GetArrayItem(AT("warnings"), 0)->valuestring,
                     "any context fits in memory, since the cache stops "
                     "growing, but the model's max_position_embeddings is "
                     "32768");
    ck_assert_str_eq(AT("assumptions", "window")->valuestring,
                     INFERENCE_ASSUMPTION_WINDOW);
    ck_assert(cJSON_IsTrue(AT("kv_cache", "windowed")));
    ck_assert(cJSON_IsTrue(AT("capacity", "max_context_unbounded")));
}
END_TEST

/* Each refusal of issue 16, item 6 (and the model's): the status, a
 * part of the detail, and the pointer in a body. */
static const struct {
    const char *query, *body;
    enum svc_status st;
    const char *detail, *pointer;
} refusals[] = {
    {"model=llama-2-7b&gpu=x100", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"x100\"}", SVC_ENOTFOUND,
     "unknown gpu \"x100\"; GET /gpus lists", "/gpu"},
    {"model=llama-2-7b", "{\"model\": \"llama-2-7b\"}", SVC_EINVAL,
     "gpu is required", "/gpu"},
    {"model=llama-2-7b&gpu=l4&gpus=0", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"gpus\": 0}", SVC_EINVAL,
     "gpus", "/gpus"},
    {"model=llama-2-7b&gpu=l4&gpus=4097", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"gpus\": 4097}", SVC_EINVAL,
     "must be an integer from 1 to 4096", "/gpus"},
    {"model=llama-2-7b&gpu=l4&context=0", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"context\": 0}", SVC_EINVAL,
     "must be an integer from 1 to 10000000", "/context"},
    {"model=llama-2-7b&gpu=l4&context=10000001", "{\"model\": "
     "\"llama-2-7b\", \"gpu\": \"l4\", \"context\": 10000001}",
     SVC_EINVAL, "context", "/context"},
    {"model=llama-2-7b&gpu=l4&batch=1000001", "{\"model\": "
     "\"llama-2-7b\", \"gpu\": \"l4\", \"batch\": 1000001}", SVC_EINVAL,
     "batch", "/batch"},
    {"model=llama-2-7b&gpu=l4&dtype=q4_k_m", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"dtype\": \"q4_k_m\"}", SVC_EINVAL,
     "mixed file type", "/dtype"},
    {"model=llama-2-7b&gpu=l4&dtype=fp4", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"dtype\": 4}", SVC_EINVAL,
     "is not a weight format", "/dtype"},
    {"model=llama-2-7b&gpu=l4&kv_dtype=q8_0", "{\"model\": "
     "\"llama-2-7b\", \"gpu\": \"l4\", \"kv_dtype\": \"FP8\"}", SVC_EINVAL,
     "kv_dtype", "/kv_dtype"},
    {"model=llama-2-7b&gpu=l4&utilization=0", "{\"model\": "
     "\"llama-2-7b\", \"gpu\": \"l4\", \"utilization\": 1.01}", SVC_EINVAL,
     "must be above 0 and at most 1", "/utilization"},
    {"model=llama-2-7b&gpu=l4&prefill_utilization=-1", "{\"model\": "
     "\"llama-2-7b\", \"gpu\": \"l4\", \"prefill_utilization\": 0}",
     SVC_EINVAL, "prefill_utilization", "/prefill_utilization"},
    {"model=nope&gpu=l4", "{\"model\": \"nope\", \"gpu\": \"l4\"}",
     SVC_ENOTFOUND, "GET /models?catalog=reference", "/model"},
    {"gpu=l4", "{\"gpu\": \"l4\", \"config\": {\"model_type\": "
     "\"llama\"}}", SVC_EINVAL, "", "/config/hidden_size"},
    {"model=llama-2-7b&gpu=l4&parameters=7B", "{\"model\": \"llama-2-7b\", "
     "\"gpu\": \"l4\", \"parameters\": \"7B\"}", SVC_EMALFORMED,
     "unknown", "/parameters"},
};

START_TEST(refuses)
{
    enum svc_status st = get(refusals[_i].query);
    enum svc_status want = refusals[_i].st;

    ck_assert_int_eq(st, want);
    ck_assert_ptr_nonnull(strstr(pb.detail, refusals[_i].detail));
    ck_assert_int_eq(pb.has_pointer, 0);
    st = post(refusals[_i].body);
    /* a body's unknown field is a 422, a query's a 400 */
    want = refusals[_i].st == SVC_EMALFORMED ? SVC_EINVAL
                                              : refusals[_i].st;
    ck_assert_int_eq(st, want);
    ck_assert_ptr_nonnull(strstr(pb.detail, refusals[_i].detail));
    ck_assert_int_eq(pb.has_pointer, 1);
    ck_assert_str_eq(pb.pointer, refusals[_i].pointer);
}
END_TEST

START_TEST(accepts_the_bounds)
{
    /* The ends of each range are accepted: 10^7 tokens (the cache of
     * one sequence, 524,288 x 10^7 bytes, does not fit), 10^6
     * sequences, 4,096 GPUs, utilization 1. */
    ck_assert_int_eq(post("{\"model\": \"llama-2-7b\", \"gpu\": \"l4\", "
                          "\"context\": 1e7, \"gpus\": 4096, "
                          "\"utilization\": 1, \"batch\": 1}"),
                     SVC_OK);
    ck_assert_uint_eq(ans.memory.kv, 5242880000000ULL);
    ck_assert_int_eq(get("model=llama-2-7b&gpu=l4&context=1&"
                         "batch=1000000"),
                     SVC_OK);
    ck_assert_uint_eq(ans.in.batch, 1000000);
}
END_TEST

START_TEST(refuses_huge_cache)
{
    /* A config of 2,000,000 layers counts (its total is small), but its
     * cache is beyond the core's bounds: named, at /config. */
    ck_assert_int_eq(post("{\"gpu\": \"l4\", \"config\": {\"model_type\": "
                          "\"llama\", \"hidden_size\": 2, "
                          "\"num_hidden_layers\": 2000000, "
                          "\"num_attention_heads\": 1, "
                          "\"intermediate_size\": 1, \"vocab_size\": 2}}"),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/config");
    ck_assert_ptr_nonnull(strstr(pb.detail, "layers is not from 1 to "
                                            "10^6"));
}
END_TEST

Suite *request_inference_suite(void)
{
    Suite *s = suite_create("request_inference");
    TCase *tc = tcase_create("answers");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, readme_example);
    tcase_add_test(tc, issue_decode_bound);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, both_carriers);
    tcase_add_test(tc, config_moe);
    tcase_add_test(tc, fallback);
    tcase_add_test(tc, warnings);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, refuses, 0,
                        sizeof(refusals) / sizeof(refusals[0]));
    tcase_add_test(tc, accepts_the_bounds);
    tcase_add_test(tc, refuses_huge_cache);
    suite_add_tcase(s, tc);
    return s;
}
