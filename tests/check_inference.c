/* check_inference.c - unit tests of inference.c: the KV cache of each
 * attention kind, the fit on GPUs, capacity and speed bounds, against
 * figures worked by hand (the shapes are those of the configs in
 * shared/architectures). */
#include <check.h>
#include <math.h>
#include <string.h>

#include "modelscale/inference.h"
#include "suites.h"

#define LLAMA_2_7B 6738415616ULL /* parameters */

/* As arch_kv_shape gives them (check_arch.c "kv" pins that). */
#define MULTIHEAD(k, l, h, d)                                              \
    .kind = k, .layers = l, .kv_heads = h, .key_dim = d, .value_dim = d
static const struct arch_kv_shape llama = {
    MULTIHEAD(ARCH_KV_MHA, 32, 32, 128), .max_positions = 4096};
static const struct arch_kv_shape gemma = {
    MULTIHEAD(ARCH_KV_MQA, 18, 1, 256), .max_positions = 8192};
static const struct arch_kv_shape mistral = {
    MULTIHEAD(ARCH_KV_GQA, 32, 8, 128), .sliding_window = 4096,
    .sliding_layers = 32, .max_positions = 32768};
/* DeepSeek-V2-Lite: 16 heads decompressed to 192-wide keys and 128-wide
 * values, cached as the 512 + 64 latent. */
static const struct arch_kv_shape deepseek = {
    .kind = ARCH_KV_LATENT, .layers = 27, .kv_heads = 16, .key_dim = 192,
    .value_dim = 128, .latent_dim = 512 + 64, .max_positions = 163840};
/* Qwen2 with use_sliding_window and max_window_layers 20: the last 8
 * of its 28 layers keep a 4,096-token window. */
static const struct arch_kv_shape qwen2 = {
    MULTIHEAD(ARCH_KV_GQA, 28, 4, 128), .sliding_window = 4096,
    .sliding_layers = 8, .max_positions = 32768};
static const struct arch_kv_shape bert = {.kind = ARCH_KV_NONE,
                                          .max_positions = 512};

/* h100-sxm and l4 as config/gpus.json gives them. */
static const struct gpu h100 = {
    "h100-sxm", "NVIDIA H100 SXM5 80GB", 80000000000ULL, 3350000000000ULL,
    989.4e12, 1978.9e12, "https://example.org/h100", NULL};
static const struct gpu a100 = {
    "a100-sxm-80gb", "NVIDIA A100 SXM4 80GB", 80000000000ULL,
    2039000000000ULL, 312e12, 0, "https://example.org/a100", NULL};
static const struct gpu l4 = {
    "l4", "NVIDIA L4", 24000000000ULL, 300000000000ULL, 121e12, 242.5e12,
    "https://example.org/l4", NULL};

/* Llama-2-7B in fp16 with an fp16 cache, 4,096 tokens, batch 1, on one
 * h100-sxm at utilization 0.9 and prefill utilization 0.5. */
static struct inference_in llama_in(void)
{
    struct inference_in in = {
        .parameters = LLAMA_2_7B, .active = LLAMA_2_7B,
        .dtype = DTYPE_FP16, .shape = &llama, .kv = DTYPE_KV_FP16,
        .context = 4096, .batch = 1, .gpu = &h100, .gpus = 1,
        .utilization = INFERENCE_UTILIZATION_DEFAULT,
        .prefill_mfu = INFERENCE_PREFILL_MFU_DEFAULT};

    return in;
}

static const struct {
    const struct arch_kv_shape *shape;
    uint64_t context, batch;
    enum dtype_kv kv;
    uint64_t per_token, bytes;
    int windowed;
} caches[] = {
    /* 2 x 32 x 32 x 128 x 2 = 524,288 a token; x 4,096 = 2^31 */
    {&llama, 4096, 1, DTYPE_KV_FP16, 524288, 2147483648ULL, 0},
    /* 2 x 18 x 1 x 256 x 2 = 18,432; x 4,096 = 75,497,472 */
    {&gemma, 4096, 1, DTYPE_KV_FP16, 18432, 75497472ULL, 0},
    /* 2 x 32 x 8 x 128 x 2 = 131,072; the window keeps 4,096 of
     * 32,768: 131,072 x 4,096 = 536,870,912 */
    {&mistral, 32768, 1, DTYPE_KV_FP16, 131072, 536870912ULL, 1},
    {&mistral, 4096, 1, DTYPE_KV_FP16, 131072, 536870912ULL, 0},
    {&mistral, 1000, 3, DTYPE_KV_FP16, 131072, 393216000ULL, 0},
    /* 27 x (512 + 64) x 2 = 31,104; x 4,096 = 127,401,984 */
    {&deepseek, 4096, 1, DTYPE_KV_BF16, 31104, 127401984ULL, 0},
    {&bert, 512, 8, DTYPE_KV_FP16, 0, 0, 0},
    /* 4 x (128 + 128) x 2 = 2,048 a token a layer, 57,344 in all 28;
     * at 32,768 tokens 20 layers keep them all and 8 the window:
     * (20 x 32,768 + 8 x 4,096) x 2,048 = 688,128 x 2,048 =
     * 1,409,286,144 */
    {&qwen2, 32768, 1, DTYPE_KV_FP16, 57344, 1409286144ULL, 1},
    /* below the window every layer keeps all: 57,344 x 1,000 */
    {&qwen2, 1000, 1, DTYPE_KV_FP16, 57344, 57344000ULL, 0},
    /* fp8: 262,144 a token x 4,096 x 8 sequences = 8,589,934,592 */
    {&llama, 4096, 8, DTYPE_KV_FP8, 262144, 8589934592ULL, 0},
    /* int8 at the largest context: 262,144 x 10^7 = 2,621,440,000,000 */
    {&llama, 10000000, 1, DTYPE_KV_INT8, 262144, 2621440000000ULL, 0},
};

START_TEST(kv_table)
{
    struct inference_kv k = inference_kv(caches[_i].shape,
                                         caches[_i].context,
                                         caches[_i].batch, caches[_i].kv);

    ck_assert_int_eq(k.status, SVC_OK);
    ck_assert_ptr_null(k.fault);
    ck_assert_uint_eq(k.bytes_per_token, caches[_i].per_token);
    ck_assert_uint_eq(k.bytes, caches[_i].bytes);
    ck_assert_int_eq(k.windowed, caches[_i].windowed);
}
END_TEST

START_TEST(kv_formulas)
{
    ck_assert_str_eq(inference_kv(&llama, 1, 1, DTYPE_KV_FP16).formula,
                     INFERENCE_FORMULA_MULTIHEAD);
    ck_assert_str_eq(inference_kv(&deepseek, 1, 1, DTYPE_KV_FP16).formula,
                     INFERENCE_FORMULA_LATENT);
    ck_assert_str_eq(inference_kv(&bert, 1, 1, DTYPE_KV_FP16).formula,
                     INFERENCE_FORMULA_NONE);
    ck_assert_uint_eq(inference_kv(&mistral, 32768, 1, DTYPE_KV_FP16)
                          .cached_tokens,
                      4096);
}
END_TEST

START_TEST(kv_refuses)
{
    struct arch_kv_shape s = llama;
    struct arch_kv_shape huge = {
        MULTIHEAD(ARCH_KV_GQA, 1000000, 1000000, 1000000)};

    ck_assert_int_eq(inference_kv(&llama, 0, 1, DTYPE_KV_FP16).status,
                     SVC_EINVAL);
    ck_assert_int_eq(inference_kv(&llama, 10000001, 1, DTYPE_KV_FP16)
                         .status,
                     SVC_EINVAL);
    ck_assert_int_eq(inference_kv(&llama, 1, 0, DTYPE_KV_FP16).status,
                     SVC_EINVAL);
    ck_assert_int_eq(inference_kv(&llama, 1, 1000001, DTYPE_KV_FP16)
                         .status,
                     SVC_EINVAL);
    ck_assert_int_eq(inference_kv(&llama, 1, 1, DTYPE_KV_COUNT).status,
                     SVC_EINVAL);
    s.key_dim = 0;
    ck_assert_str_eq(inference_kv(&s, 1, 1, DTYPE_KV_FP16).fault,
                     "key_dim is not from 1 to 10^6");
    s = llama;
    s.sliding_window = 10;
    s.sliding_layers = 33;
    ck_assert_str_eq(inference_kv(&s, 1, 1, DTYPE_KV_FP16).fault,
                     "sliding_layers is above the layers");
    s = deepseek;
    s.latent_dim = 0;
    ck_assert_int_eq(inference_kv(&s, 1, 1, DTYPE_KV_FP16).status,
                     SVC_EINVAL);
    /* 2 x 10^18 x 2 = 4 x 10^18 a token fits; x 3 tokens does not. */
    ck_assert_int_eq(inference_kv(&huge, 2, 1, DTYPE_KV_FP16).status,
                     SVC_OK);
    ck_assert_str_eq(inference_kv(&huge, 3, 1, DTYPE_KV_FP16).fault,
                     "the KV cache is above 10^19 bytes");
    huge.layers = 1000001;
    ck_assert_int_eq(inference_kv(&huge, 1, 1, DTYPE_KV_FP16).status,
                     SVC_EINVAL);
}
END_TEST

START_TEST(memory_one_gpu)
{
    /* weights 6,738,415,616 x 2 = 13,476,831,232; cache 2,147,483,648;
     * total 15,624,314,880 of 80e9 x 0.9 = 72e9: 56,375,685,120 left */
    struct inference_in in = llama_in();
    struct inference_memory m = inference_memory(&in);

    ck_assert_int_eq(m.status, SVC_OK);
    ck_assert_int_eq(m.fallback, 0);
    ck_assert_uint_eq(m.weights, 13476831232ULL);
    ck_assert_uint_eq(m.kv, 2147483648ULL);
    ck_assert_uint_eq(m.total, 15624314880ULL);
    ck_assert_uint_eq(m.usable_per_gpu, 72000000000ULL);
    ck_assert_int_eq(m.fits, 1);
    ck_assert_uint_eq(m.headroom, 56375685120ULL);
    ck_assert_uint_eq(m.shortfall, 0);
}
END_TEST

START_TEST(memory_split)
{
    /* Two GPUs: 6,738,415,616 + 1,073,741,824 = 7,812,157,440 each,
     * 72e9 - that = 64,187,842,560 left on each.  Three: the shares
     * round up, 13,476,831,232 / 3 -> 4,492,277,078 and 2^31 / 3 ->
     * 715,827,883. */
    struct inference_in in = llama_in();
    struct inference_memory m;

    in.gpus = 2;
    m = inference_memory(&in);
    ck_assert_uint_eq(m.weights_per_gpu, 6738415616ULL);
    ck_assert_uint_eq(m.kv_per_gpu, 1073741824ULL);
    ck_assert_uint_eq(m.usable, 144000000000ULL);
    ck_assert_uint_eq(m.headroom_per_gpu, 64187842560ULL);
    ck_assert_uint_eq(m.headroom, 2 * 64187842560ULL);
    in.gpus = 3;
    m = inference_memory(&in);
    ck_assert_uint_eq(m.weights_per_gpu, 4492277078ULL);
    ck_assert_uint_eq(m.kv_per_gpu, 715827883ULL);
}
END_TEST

START_TEST(memory_shortfall)
{
    /* 32 sequences: 2^31 x 32 = 68,719,476,736 of cache; with the
     * weights 82,196,307,968 > 72e9 by 10,196,307,968. */
    struct inference_in in = llama_in();
    struct inference_memory m;

    in.batch = 32;
    m = inference_memory(&in);
    ck_assert_int_eq(m.fits, 0);
    ck_assert_uint_eq(m.shortfall, 10196307968ULL);
    ck_assert_uint_eq(m.headroom, 0);
}
END_TEST

START_TEST(memory_fallback)
{
    /* No architecture: the rest is ceil(13,476,831,232 / 5) =
     * 2,695,366,247, in all 16,172,197,479, whatever the context. */
    struct inference_in in = llama_in();
    struct inference_memory m;

    in.shape = NULL;
    in.context = 10000000;
    m = inference_memory(&in);
    ck_assert_int_eq(m.status, SVC_OK);
    ck_assert_int_eq(m.fallback, 1);
    ck_assert_uint_eq(m.kv, 2695366247ULL);
    ck_assert_uint_eq(m.total, 16172197479ULL);
    ck_assert_uint_eq(m.cache.bytes, 0);
}
END_TEST

/* One field of llama_in spoiled; inference_check must refuse it. */
static void spoil(struct inference_in *in, int which)
{
    static struct gpu no_memory;

    switch (which) {
    case 0: in->parameters = 0; break;
    case 1: in->parameters = 1000000000000000001ULL; break;
    case 2: in->active = 0; break;
    case 3: in->active = in->parameters + 1; break;
    case 4: in->dtype = DTYPE_COUNT; break;
    case 5: in->kv = DTYPE_KV_COUNT; break;
    case 6: in->context = 0; break;
    case 7: in->batch = 1000001; break;
    case 8: in->gpu = NULL; break;
    case 9: no_memory = h100; no_memory.memory_bytes = 0;
            in->gpu = &no_memory; break;
    case 10: in->gpus = 0; break;
    case 11: in->gpus = 4097; break;
    case 12: in->utilization = 0; break;
    case 13: in->utilization = 1.01; break;
    case 14: in->utilization = NAN; break;
    case 15: in->prefill_mfu = -0.5; break;
    default: break;
    }
}

#define SPOILS 16

START_TEST(refuses)
{
    struct inference_in in = llama_in();

    spoil(&in, _i);
    ck_assert_ptr_nonnull(inference_check(&in));
    ck_assert_int_eq(inference_memory(&in).status, SVC_EINVAL);
    ck_assert_int_eq(inference_capacity(&in).status, SVC_EINVAL);
    ck_assert_int_eq(inference_speed(&in).status, SVC_EINVAL);
}
END_TEST

START_TEST(refuses_named)
{
    struct inference_in in = llama_in();

    ck_assert_ptr_null(inference_check(&in));
    in.gpus = 4097;
    ck_assert_str_eq(inference_check(&in), "gpus is not from 1 to 4096");
    in = llama_in();
    in.utilization = 1.5;
    ck_assert_str_eq(inference_memory(&in).fault,
                     "utilization is not above 0 and at most 1");
}
END_TEST

START_TEST(capacity_llama)
{
    /* 72e9 - 13,476,831,232 = 58,523,168,768 for the cache: at 4,096
     * tokens (2^31 a sequence) 27 fit (57,982,058,496; 28 need
     * 60,129,542,144); at batch 1, 58,523,168,768 / 524,288 =
     * 111,624.08: 111,624 tokens, above max_position_embeddings. */
    struct inference_in in = llama_in();
    struct inference_capacity c = inference_capacity(&in);

    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_uint_eq(c.batch_max, 27);
    ck_assert_int_eq(c.batch_capped, 0);
    ck_assert_uint_eq(c.context_max, 111624);
    ck_assert_int_eq(c.context_unbounded, 0);
    ck_assert_int_eq(c.beyond_positions, 1);
}
END_TEST

START_TEST(capacity_split)
{
    /* Two GPUs: (72e9 - 6,738,415,616) x 2 = 130,523,168,768 for the
     * cache, 60 sequences of 2^31 (60.78). */
    struct inference_in in = llama_in();

    in.gpus = 2;
    ck_assert_uint_eq(inference_capacity(&in).batch_max, 60);
}
END_TEST

START_TEST(capacity_window)
{
    /* Mistral-7B-v0.1: 7,241,732,096 x 2 = 14,483,464,192 of weights,
     * 57,516,535,808 left: 107 sequences of 536,870,912 (107.13); at
     * batch 1, 438,816 tokens of 131,072 would fit, above the window,
     * so any context fits: reported as 10^7. */
    struct inference_in in = llama_in();
    struct inference_capacity c;

    in.parameters = in.active = 7241732096ULL;
    in.shape = &mistral;
    in.context = 32768;
    c = inference_capacity(&in);
    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_uint_eq(c.batch_max, 107);
    ck_assert_int_eq(c.context_unbounded, 1);
    ck_assert_int_eq(c.context_capped, 1);
    ck_assert_uint_eq(c.context_max, INFERENCE_CONTEXT_MAX);
    ck_assert_int_eq(c.beyond_positions, 1);
}
END_TEST

START_TEST(capacity_partial_window)
{
    /* The Qwen2 shape, 10^9 parameters in fp16 (2e9 bytes): 70e9 for
     * the cache, 34,179,687 layer-tokens of 2,048 bytes.  At 32,768
     * tokens 49 sequences of 1,409,286,144 fit (49.67).  At batch 1,
     * 34,179,687 / 28 = 1,220,703 is past the window, where only the 20
     * full layers grow: (34,179,687 - 8 x 4,096) / 20 = 1,707,345.95,
     * so 1,707,345 tokens (34,179,668 layer-tokens; one more needs
     * 34,179,688). */
    struct inference_in in = llama_in();
    struct inference_capacity c;

    in.parameters = in.active = 1000000000ULL;
    in.shape = &qwen2;
    in.context = 32768;
    c = inference_capacity(&in);
    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_uint_eq(c.batch_max, 49);
    ck_assert_uint_eq(c.context_max, 1707345);
    ck_assert_int_eq(c.context_unbounded, 0);
    ck_assert_int_eq(c.context_capped, 0);
    ck_assert_int_eq(c.beyond_positions, 1);
}
END_TEST

START_TEST(capacity_no_cache)
{
    /* BERT: no cache, so batch and context are bounded only by the
     * limits. */
    struct inference_in in = llama_in();
    struct inference_capacity c;

    in.parameters = in.active = 109482240ULL;
    in.shape = &bert;
    in.context = 512;
    c = inference_capacity(&in);
    ck_assert_uint_eq(c.batch_max, INFERENCE_BATCH_MAX);
    ck_assert_int_eq(c.batch_capped, 1);
    ck_assert_uint_eq(c.context_max, INFERENCE_CONTEXT_MAX);
    ck_assert_int_eq(c.context_unbounded, 1);
}
END_TEST

START_TEST(capacity_none_fits)
{
    /* fp32 weights, 26,953,662,464 bytes, above an L4's 21.6e9: no
     * batch and no context fit.  Without an architecture: refused. */
    struct inference_in in = llama_in();
    struct inference_capacity c;

    in.dtype = DTYPE_FP32;
    in.gpu = &l4;
    c = inference_capacity(&in);
    ck_assert_int_eq(c.status, SVC_OK);
    ck_assert_uint_eq(c.batch_max, 0);
    ck_assert_uint_eq(c.context_max, 0);
    in = llama_in();
    in.shape = NULL;
    ck_assert_int_eq(inference_capacity(&in).status, SVC_EINVAL);
}
END_TEST

START_TEST(speed_context_1)
{
    /* One step reads 13,476,831,232 + 524,288 = 13,477,355,520 bytes
     * at 3.35e12 B/s: 4.0231e-3 s, 248.565 tokens/s.  Its compute,
     * 2 x 6,738,415,616 / 989.4e12 = 1.362e-5 s, does not bind. */
    struct inference_in in = llama_in();
    struct inference_speed s;

    in.context = 1;
    s = inference_speed(&in);
    ck_assert_int_eq(s.status, SVC_OK);
    ck_assert_uint_eq(s.step_bytes, 13477355520ULL);
    ck_assert_double_eq_tol(s.tokens_per_s, 248.565, 0.001);
    ck_assert(s.tokens_per_s < 248.6);
    ck_assert_double_eq_tol(s.compute_time, 1.362122e-5, 1e-10);
    ck_assert_int_eq(s.compute_bound, 0);
    ck_assert_int_eq(s.moe, 0);
    ck_assert_double_eq(s.batch_tokens_per_s, s.tokens_per_s);
}
END_TEST

START_TEST(speed_full_context)
{
    /* At 4,096 tokens: (13,476,831,232 + 2^31) / 3.35e12 -> 214.409
     * tokens/s.  Prefill: 2 x 6,738,415,616 x 4,096 / (989.4e12 x 0.5)
     * = 0.111585 s. */
    struct inference_in in = llama_in();
    struct inference_speed s = inference_speed(&in);

    ck_assert_double_eq_tol(s.tokens_per_s, 214.409, 0.001);
    ck_assert_double_eq_tol(s.prefill_time, 0.111585, 1e-6);
    ck_assert_double_eq_tol(s.prefill_flops, 2 * 6738415616.0 * 4096, 1);
}
END_TEST

START_TEST(speed_compute_bound)
{
    /* 512 sequences at context 1: compute 2 x 6,738,415,616 x 512 /
     * 989.4e12 = 6.97406e-3 s, above the memory time (13,476,831,232 +
     * 512 x 524,288) / 3.35e12 = 4.10306e-3 s: 73,414.9 tokens/s. */
    struct inference_in in = llama_in();
    struct inference_speed s;

    in.context = 1;
    in.batch = 512;
    s = inference_speed(&in);
    ck_assert_int_eq(s.compute_bound, 1);
    ck_assert_double_eq_tol(s.memory_time, 4.103065e-3, 1e-9);
    ck_assert_double_eq_tol(s.step_time, 6.974063e-3, 1e-9);
    ck_assert_double_eq_tol(s.batch_tokens_per_s, 73414.88, 0.01);
}
END_TEST

START_TEST(speed_peaks)
{
    /* fp8 weights on an H100 run at its FP8 peak; an A100 has none, so
     * its BF16 peak is used and the answer says so. */
    struct inference_in in = llama_in();
    struct inference_speed s;

    in.dtype = DTYPE_FP8;
    s = inference_speed(&in);
    ck_assert_int_eq(s.peak_kind, DTYPE_PEAK_FP8);
    ck_assert_double_eq(s.peak, 1978.9e12);
    ck_assert_int_eq(s.no_fp8, 0);
    in.gpu = &a100;
    in.gpus = 4;
    s = inference_speed(&in);
    ck_assert_int_eq(s.peak_kind, DTYPE_PEAK_BF16);
    ck_assert_int_eq(s.no_fp8, 1);
    ck_assert_double_eq(s.peak, 4 * 312e12);
    ck_assert_double_eq(s.bandwidth, 4 * 2039e9);
}
END_TEST

START_TEST(speed_moe_and_fallback)
{
    /* Mixtral-8x7B: a step reads the 12,879,925,248 active weights,
     * 25,759,850,496 bytes in fp16.  Without an architecture no cache
     * is read: 13,476,831,232 / 3.35e12 -> 248.575 tokens/s. */
    struct inference_in in = llama_in();
    struct inference_speed s;

    in.parameters = 46702792704ULL;
    in.active = 12879925248ULL;
    in.shape = NULL;
    s = inference_speed(&in);
    ck_assert_int_eq(s.moe, 1);
    ck_assert_uint_eq(s.weight_bytes, 25759850496ULL);
    ck_assert_uint_eq(s.kv_bytes, 0);
    in = llama_in();
    in.shape = NULL;
    s = inference_speed(&in);
    ck_assert_double_eq_tol(s.tokens_per_s, 248.575, 0.001);
}
END_TEST

Suite *inference_suite(void)
{
    Suite *s = suite_create("inference");
    TCase *tc;

    tc = tcase_create("kv");
    tcase_add_loop_test(tc, kv_table, 0,
                        sizeof(caches) / sizeof(caches[0]));
    tcase_add_test(tc, kv_formulas);
    tcase_add_test(tc, kv_refuses);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_test(tc, memory_one_gpu);
    tcase_add_test(tc, memory_split);
    tcase_add_test(tc, memory_shortfall);
    tcase_add_test(tc, memory_fallback);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_loop_test(tc, refuses, 0, SPOILS);
    tcase_add_test(tc, refuses_named);
    suite_add_tcase(s, tc);

    tc = tcase_create("capacity");
    tcase_add_test(tc, capacity_llama);
    tcase_add_test(tc, capacity_split);
    tcase_add_test(tc, capacity_window);
    tcase_add_test(tc, capacity_partial_window);
    tcase_add_test(tc, capacity_no_cache);
    tcase_add_test(tc, capacity_none_fits);
    suite_add_tcase(s, tc);

    tc = tcase_create("speed");
    tcase_add_test(tc, speed_context_1);
    tcase_add_test(tc, speed_full_context);
    tcase_add_test(tc, speed_compute_bound);
    tcase_add_test(tc, speed_peaks);
    tcase_add_test(tc, speed_moe_and_fallback);
    suite_add_tcase(s, tc);
    return s;
}
