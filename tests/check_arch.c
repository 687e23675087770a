/* check_arch.c - unit tests of the core's arch.c: every family's
 * hand-worked breakdown (arch_cases.h), the MLP's weights and biases,
 * DeepSeek's layer kinds and MTP, faults, the KV-cache shape, names. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "arch_cases.h"
#include "modelscale/arch.h"
#include "suites.h"

#define N_CASES (sizeof(arch_cases) / sizeof(arch_cases[0]))

static struct arch_count out;
static struct arch_fault fault;

START_TEST(breakdown)
{
    const struct arch_case *c = &arch_cases[_i];
    uint64_t sum = 0;

    ck_assert_msg(arch_count(&c->a, &out, &fault) == SVC_OK, "%s: %s",
                  c->name, fault.reason);
    ck_assert_msg(out.parameters == c->parameters, "%s: %ju, not %ju",
                  c->name, (uintmax_t)out.parameters,
                  (uintmax_t)c->parameters);
    ck_assert_msg(out.active_parameters == c->active, "%s active: %ju",
                  c->name, (uintmax_t)out.active_parameters);
    for (int k = 0; k < ARCH_PART_COUNT; k++) {
        ck_assert_msg(out.parts[k] == c->parts[k], "%s %s: %ju, not %ju",
                      c->name, arch_part_name((enum arch_part)k),
                      (uintmax_t)out.parts[k], (uintmax_t)c->parts[k]);
        sum += out.parts[k];
    }
    ck_assert_uint_eq(sum, out.parameters);
    ck_assert_uint_eq(out.dense.parameters, c->dense.parameters);
    ck_assert_uint_eq(out.dense.count, c->dense.count);
    ck_assert_uint_eq(out.moe_layer.parameters, c->moe.parameters);
    ck_assert_uint_eq(out.moe_layer.count, c->moe.count);
    ck_assert_int_eq(out.moe, c->moe.count > 0);
}
END_TEST

START_TEST(tied_flag)
{
    struct arch a = arch_cases[0].a; /* gpt2, tied */

    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_int_eq(out.tied, 1);
    ck_assert_uint_eq(out.parts[ARCH_PART_HEAD], 0);
    a.tied = 0; /* an untied head adds 50257 x 768 = 38,597,376 */
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_int_eq(out.tied, 0);
    ck_assert_uint_eq(out.parts[ARCH_PART_HEAD], 38597376);
    ck_assert_uint_eq(out.parameters, 124439808 + 38597376);
}
END_TEST

/* The guide's "weights and biases": 784 x 128 = 100,352 and 128, then
 * 128 x 10 = 1,280 and 10; 101,770 in all. */
START_TEST(mlp_linears)
{
    struct arch a;

    arch_init(&a, ARCH_MLP);
    a.mlp_bias = 1;
    a.mlp_count = 3;
    a.mlp_sizes[0] = 784;
    a.mlp_sizes[1] = 128;
    a.mlp_sizes[2] = 10;
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.linear_count, 2);
    ck_assert_uint_eq(out.linears[0].in, 784);
    ck_assert_uint_eq(out.linears[0].out, 128);
    ck_assert_uint_eq(out.linears[0].weights, 100352);
    ck_assert_uint_eq(out.linears[0].biases, 128);
    ck_assert_uint_eq(out.linears[1].weights, 1280);
    ck_assert_uint_eq(out.linears[1].biases, 10);
    ck_assert_uint_eq(out.parameters, 101770);
    ck_assert_int_eq(out.tied, 0);
    a.mlp_bias = 0; /* weights alone: 100,352 + 1,280 */
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.linears[1].biases, 0);
    ck_assert_uint_eq(out.parameters, 101632);
}
END_TEST

/* The guide's arithmetic, spelled out; weights alone; the longest MLP
 * of the largest sizes fits ARCH_ARITHMETIC_MAX. */
START_TEST(mlp_arithmetic)
{
    struct arch a;
    char buf[ARCH_ARITHMETIC_MAX];
    static const char guide[] =
        "784 \xc3\x97 128 + 128 + 128 \xc3\x97 10 + 10 = "
        "100,352 + 128 + 1,280 + 10 = 101,770";

    arch_init(&a, ARCH_MLP);
    a.mlp_bias = 1;
    a.mlp_count = 3;
    a.mlp_sizes[0] = 784;
    a.mlp_sizes[1] = 128;
    a.mlp_sizes[2] = 10;
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_int_eq(arch_arithmetic(&out, buf, sizeof(buf)),
                     (int)strlen(guide));
    ck_assert_str_eq(buf, guide);
    ck_assert_int_eq(arch_arithmetic(&out, buf, strlen(guide)), -1);
    a.mlp_bias = 0;
    a.mlp_count = 2;
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    arch_arithmetic(&out, buf, sizeof(buf));
    ck_assert_str_eq(buf, "784 \xc3\x97 128 = 100,352");
    /* 63 layers of 10^9 x 15: each product is 1.5e10, the sum ~1e12. */
    a.mlp_bias = 1;
    a.mlp_count = ARCH_MLP_MAX;
    for (size_t i = 0; i < ARCH_MLP_MAX; i++)
        a.mlp_sizes[i] = i % 2 ? 15 : 999999999;
    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_int_gt(arch_arithmetic(&out, buf, sizeof(buf)), 0);
    out.linear_count = 0;
    ck_assert_int_eq(arch_arithmetic(&out, buf, sizeof(buf)), -1);
}
END_TEST

/* DeepSeek-V3's MTP module: enorm, hnorm, shared_head.norm 3 x 7168,
 * eh_proj 14336 x 7168 = 102,760,448 and one MoE layer 11,507,286,016:
 * 11,610,067,968, apart from the total. */
START_TEST(mtp_apart)
{
    const struct arch_case *v3 = NULL;

    for (size_t i = 0; i < N_CASES; i++) {
        if (strcmp(arch_cases[i].name, "deepseek_v3") == 0)
            v3 = &arch_cases[i];
    }
    ck_assert_ptr_nonnull(v3);
    ck_assert_int_eq(arch_count(&v3->a, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.mtp_layers, 1);
    ck_assert_uint_eq(out.mtp_parameters, 11610067968ULL);
    ck_assert_uint_eq(out.parameters, 671026404352ULL);
    ck_assert_uint_eq(out.expert, 44040192);
}
END_TEST

/* moe_layer_freq 2 after one dense layer, 6 layers: MoE at 2 and 4. */
START_TEST(moe_layer_freq)
{
    struct arch a = {.family = ARCH_DEEPSEEK_V2, .hidden = 64, .layers = 6,
                     .heads = 4, .kv_heads = 4, .intermediate = 128,
                     .vocab = 100, .experts = 4, .experts_per_token = 2,
                     .moe_intermediate = 32, .first_dense = 1,
                     .moe_layer_freq = 2, .kv_lora_rank = 16,
                     .qk_rope_head_dim = 8, .qk_nope_head_dim = 16,
                     .v_head_dim = 16};

    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.moe_layer.count, 2);
    ck_assert_uint_eq(out.dense.count, 4);
    /* 4 experts of 3 x 64 x 32 = 6,144 each; 2 idle per MoE layer. */
    ck_assert_uint_eq(out.expert, 6144);
    ck_assert_uint_eq(out.parameters - out.active_parameters,
                      2 * 2 * 6144);
}
END_TEST

static const struct {
    const char *name;
    struct arch a;
    enum arch_field field;
} faults[] = {
    {"heads do not divide hidden",
     {.family = ARCH_LLAMA, .hidden = 64, .layers = 1, .heads = 3,
      .kv_heads = 3, .intermediate = 8, .vocab = 10},
     ARCH_FIELD_HEADS},
    {"falcon heads do not divide hidden",
     {.family = ARCH_FALCON, .hidden = 64, .layers = 1, .heads = 3,
      .kv_heads = 3, .intermediate = 8, .vocab = 10},
     ARCH_FIELD_HEADS},
    {"zero heads",
     {.family = ARCH_GPT2, .hidden = 64, .layers = 1, .heads = 0,
      .vocab = 10},
     ARCH_FIELD_HEADS},
    {"kv heads do not divide heads",
     {.family = ARCH_MISTRAL, .hidden = 64, .layers = 1, .heads = 4,
      .kv_heads = 3, .intermediate = 8, .vocab = 10},
     ARCH_FIELD_KV_HEADS},
    {"new-decoder falcon kv heads",
     {.family = ARCH_FALCON, .hidden = 64, .layers = 1, .heads = 4,
      .kv_heads = 3, .intermediate = 8, .vocab = 10, .new_decoder = 1},
     ARCH_FIELD_KV_HEADS},
    {"more experts per token than experts",
     {.family = ARCH_MIXTRAL, .hidden = 64, .layers = 1, .heads = 4,
      .kv_heads = 4, .intermediate = 8, .vocab = 10, .experts = 8,
      .experts_per_token = 9, .moe_intermediate = 8},
     ARCH_FIELD_EXPERTS_PER_TOKEN},
    {"moe_layer_freq zero",
     {.family = ARCH_DEEPSEEK_V3, .hidden = 64, .layers = 1, .heads = 4,
      .intermediate = 8, .vocab = 10, .experts = 8,
      .experts_per_token = 2},
     ARCH_FIELD_MOE_LAYER_FREQ},
    {"mlp of one size",
     {.family = ARCH_MLP, .mlp_count = 1, .mlp_sizes = {784}},
     ARCH_FIELD_MLP_SIZES},
    {"mlp of no size", {.family = ARCH_MLP}, ARCH_FIELD_MLP_SIZES},
    {"mlp with a zero",
     {.family = ARCH_MLP, .mlp_count = 2, .mlp_sizes = {784, 0}},
     ARCH_FIELD_MLP_SIZES},
    {"patch larger than the image",
     {.family = ARCH_VIT, .hidden = 64, .layers = 1, .heads = 4,
      .image_size = 8, .patch_size = 16},
     ARCH_FIELD_PATCH_SIZE},
    {"overflow", /* 2^40 x 2^40 does not fit 64 bits */
     {.family = ARCH_LLAMA, .hidden = 1ULL << 40, .layers = 1,
      .heads = 1, .kv_heads = 1, .intermediate = 1,
      .vocab = 1ULL << 40},
     ARCH_FIELD_NONE},
    {"above 10^18", /* 10^9 x 10^9 + 10^9 biases, then more */
     {.family = ARCH_MLP, .mlp_bias = 1, .mlp_count = 3,
      .mlp_sizes = {1000000000, 1000000000, 2}},
     ARCH_FIELD_NONE},
    {"no such family", {.family = ARCH_FAMILY_COUNT}, ARCH_FIELD_NONE},
};

START_TEST(fault_table)
{
    fault.reason = NULL;
    ck_assert_msg(arch_count(&faults[_i].a, &out, &fault) == SVC_EINVAL,
                  "%s was counted", faults[_i].name);
    ck_assert_msg(fault.field == faults[_i].field, "%s: field %d",
                  faults[_i].name, (int)fault.field);
    ck_assert_ptr_nonnull(fault.reason);
}
END_TEST

START_TEST(fault_limits)
{
    /* Exactly 10^18 is allowed: 10^9 x 10^9 weights, no biases. */
    struct arch a = {.family = ARCH_MLP, .mlp_count = 2,
                     .mlp_sizes = {1000000000, 1000000000}};
    /* A head_dim makes heads that do not divide hidden fine: q 64 x 48,
     * k and v 2 x 64 x 48, o 48 x 64: 12,288. */
    struct arch b = {.family = ARCH_LLAMA, .hidden = 64, .layers = 1,
                     .heads = 3, .kv_heads = 3, .head_dim = 16,
                     .intermediate = 8, .vocab = 10, .tied = 1};

    ck_assert_int_eq(arch_count(&a, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.parameters, ARCH_TOTAL_MAX);
    ck_assert_int_eq(arch_count(&b, &out, &fault), SVC_OK);
    ck_assert_uint_eq(out.parts[ARCH_PART_ATTENTION], 12288);
}
END_TEST

static const struct {
    const char *name; /* a case of arch_cases.h */
    enum arch_kv_kind kind;
    uint64_t layers, heads, key_dim, value_dim, latent, window, windowed;
} kv[] = {
    {"llama", ARCH_KV_MHA, 32, 32, 128, 128, 0, 0, 0},
    {"mistral", ARCH_KV_GQA, 32, 8, 128, 128, 0, 4096, 32},
    {"qwen2", ARCH_KV_GQA, 28, 4, 128, 128, 0, 0, 0}, /* not in use */
    {"gemma", ARCH_KV_MQA, 18, 1, 256, 256, 0, 0, 0},
    {"falcon", ARCH_KV_MQA, 32, 1, 64, 64, 0, 0, 0},
    {"falcon-40b", ARCH_KV_GQA, 60, 8, 64, 64, 0, 0, 0},
    {"gpt2", ARCH_KV_MHA, 12, 12, 64, 64, 0, 0, 0},
    {"phi3", ARCH_KV_MHA, 32, 32, 96, 96, 0, 2047, 32},
    {"deepseek_v3", ARCH_KV_LATENT, 61, 128, 192, 128, 576, 0, 0},
    {"bert", ARCH_KV_NONE, 0, 0, 0, 0, 0, 0, 0},
    {"vit", ARCH_KV_NONE, 0, 0, 0, 0, 0, 0, 0},
    {"mlp", ARCH_KV_NONE, 0, 0, 0, 0, 0, 0, 0},
};

START_TEST(kv_table)
{
    const struct arch *a = NULL;
    struct arch_kv_shape s;

    for (size_t i = 0; i < N_CASES; i++) {
        if (strcmp(arch_cases[i].name, kv[_i].name) == 0)
            a = &arch_cases[i].a;
    }
    ck_assert_ptr_nonnull(a);
    arch_kv_shape(a, &s);
    ck_assert_int_eq(s.kind, kv[_i].kind);
    ck_assert_uint_eq(s.layers, kv[_i].layers);
    ck_assert_uint_eq(s.kv_heads, kv[_i].heads);
    ck_assert_uint_eq(s.key_dim, kv[_i].key_dim);
    ck_assert_uint_eq(s.value_dim, kv[_i].value_dim);
    ck_assert_uint_eq(s.latent_dim, kv[_i].latent);
    ck_assert_uint_eq(s.sliding_window, kv[_i].window);
    ck_assert_uint_eq(s.sliding_layers, kv[_i].windowed);
    ck_assert_uint_eq(s.max_positions, a->max_positions);
}
END_TEST

/* Qwen2 with use_sliding_window: layers from max_window_layers on. */
START_TEST(kv_window_layers)
{
    struct arch a = {.family = ARCH_QWEN2, .hidden = 64, .layers = 28,
                     .heads = 4, .kv_heads = 2, .intermediate = 8,
                     .vocab = 10, .sliding_window = 4096,
                     .sliding_in_use = 1, .sliding_from = 20};
    struct arch_kv_shape s;

    arch_kv_shape(&a, &s);
    ck_assert_uint_eq(s.sliding_window, 4096);
    ck_assert_uint_eq(s.sliding_layers, 8);
}
END_TEST

START_TEST(names)
{
    enum arch_family f;

    for (int i = 0; i < ARCH_FAMILY_COUNT; i++) {
        const char *n = arch_family_name((enum arch_family)i);

        ck_assert_ptr_nonnull(n);
        ck_assert_int_eq(arch_family_find(n, strlen(n), &f), SVC_OK);
        ck_assert_int_eq(f, i);
    }
    ck_assert_str_eq(arch_family_name(ARCH_GPT_NEOX), "gpt_neox");
    ck_assert_ptr_null(arch_family_name(ARCH_FAMILY_COUNT));
    ck_assert_int_eq(arch_family_find("llam", 4, &f), SVC_EINVAL);
    ck_assert_int_eq(arch_family_find("llamas", 6, &f), SVC_EINVAL);
    ck_assert_str_eq(arch_part_name(ARCH_PART_POSITIONS),
                     "position_embeddings");
    ck_assert_str_eq(arch_part_name(ARCH_PART_SHARED_EXPERTS),
                     "shared_experts");
    ck_assert_ptr_null(arch_part_name(ARCH_PART_COUNT));
}
END_TEST

Suite *arch_suite(void)
{
    Suite *s = suite_create("arch");
    TCase *tc = tcase_create("breakdowns");

    tcase_add_loop_test(tc, breakdown, 0, (int)N_CASES);
    tcase_add_test(tc, tied_flag);
    tcase_add_test(tc, mlp_linears);
    tcase_add_test(tc, mlp_arithmetic);
    tcase_add_test(tc, mtp_apart);
    tcase_add_test(tc, moe_layer_freq);
    suite_add_tcase(s, tc);
    tc = tcase_create("faults");
    tcase_add_loop_test(tc, fault_table, 0,
                        (int)(sizeof(faults) / sizeof(faults[0])));
    tcase_add_test(tc, fault_limits);
    suite_add_tcase(s, tc);
    tc = tcase_create("kv");
    tcase_add_loop_test(tc, kv_table, 0, (int)(sizeof(kv) / sizeof(kv[0])));
    tcase_add_test(tc, kv_window_layers);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);
    return s;
}
