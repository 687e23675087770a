/* check_dtype.c - unit tests of dtype.c: every format's block layout,
 * bits per weight and bytes for 7B weights, against figures worked by
 * hand from llama.cpp's ggml-common.h. */
#include <check.h>
#include <string.h>

#include "modelscale/dtype.h"
#include "suites.h"

/* Bytes of 7,000,000,000 weights: 7e9 / block weights is whole for
 * every format (7e9 = 2^9 x 5^9 x 7, and 256 = 2^8), so each figure is
 * blocks x block bytes exactly. */
static const struct {
    const char *name;
    enum dtype d;
    unsigned block_bytes, block_weights;
    double bits;
    uint64_t seven_b;
} formats[] = {
    {"fp32", DTYPE_FP32, 4, 1, 32, 28000000000ULL},
    {"bf16", DTYPE_BF16, 2, 1, 16, 14000000000ULL},
    {"fp16", DTYPE_FP16, 2, 1, 16, 14000000000ULL},
    {"fp8", DTYPE_FP8, 1, 1, 8, 7000000000ULL},
    {"int8", DTYPE_INT8, 1, 1, 8, 7000000000ULL},
    {"int4", DTYPE_INT4, 1, 2, 4, 3500000000ULL},
    /* d 2 + qs 32 = 34 bytes / 32: 8.5; 218,750,000 blocks x 34 */
    {"q8_0", DTYPE_Q8_0, 34, 32, 8.5, 7437500000ULL},
    /* ql 128 + qh 64 + scales 16 + d 2 = 210 / 256: 6.5625;
     * 27,343,750 blocks x 210 */
    {"q6_k", DTYPE_Q6_K, 210, 256, 6.5625, 5742187500ULL},
    /* d 2 + dmin 2 + scales 12 + qh 32 + qs 128 = 176 / 256: 5.5 */
    {"q5_k", DTYPE_Q5_K, 176, 256, 5.5, 4812500000ULL},
    /* d 2 + dmin 2 + scales 12 + qs 128 = 144 / 256: 4.5 */
    {"q4_k", DTYPE_Q4_K, 144, 256, 4.5, 3937500000ULL},
    /* d 2 + qs 16 = 18 / 32: 4.5; 218,750,000 x 18 */
    {"q4_0", DTYPE_Q4_0, 18, 32, 4.5, 3937500000ULL},
    /* hmask 32 + qs 64 + scales 12 + d 2 = 110 / 256: 3.4375 */
    {"q3_k", DTYPE_Q3_K, 110, 256, 3.4375, 3007812500ULL},
    /* scales 16 + qs 64 + d 2 + dmin 2 = 84 / 256: 2.625 */
    {"q2_k", DTYPE_Q2_K, 84, 256, 2.625, 2296875000ULL},
};

START_TEST(layout_table)
{
    const struct dtype_layout *l = dtype_layout(formats[_i].d);
    enum dtype d = DTYPE_COUNT;

    ck_assert_str_eq(l->name, formats[_i].name);
    ck_assert_uint_eq(l->block_bytes, formats[_i].block_bytes);
    ck_assert_uint_eq(l->block_weights, formats[_i].block_weights);
    ck_assert_double_eq(dtype_bits_per_weight(formats[_i].d),
                        formats[_i].bits);
    ck_assert_uint_eq(dtype_weight_bytes(7000000000ULL, formats[_i].d),
                      formats[_i].seven_b);
    ck_assert_int_eq(dtype_parse(l->name, strlen(l->name), &d),
                     DTYPE_FAULT_NONE);
    ck_assert_int_eq(d, formats[_i].d);
    ck_assert_ptr_nonnull(l->layout);
}
END_TEST

START_TEST(every_format_listed)
{
    ck_assert_uint_eq(sizeof(formats) / sizeof(formats[0]), DTYPE_COUNT);
}
END_TEST

START_TEST(rounding_up)
{
    /* One weight of q4_k is 144/256 of a byte: 1.  Three int4: 1.5 ->
     * 2.  33 weights of q8_0: one block (34) + 34/32 -> 34 + 2 = 36. */
    ck_assert_uint_eq(dtype_weight_bytes(1, DTYPE_Q4_K), 1);
    ck_assert_uint_eq(dtype_weight_bytes(3, DTYPE_INT4), 2);
    ck_assert_uint_eq(dtype_weight_bytes(33, DTYPE_Q8_0), 36);
    ck_assert_uint_eq(dtype_weight_bytes(0, DTYPE_Q2_K), 0);
    /* Llama-2-7B in q4_k: 6,738,415,616 x 144 / 256 = 421,150,976 x 9 =
     * 3,790,358,784 (6,738,415,616 / 16 = 421,150,976 exactly). */
    ck_assert_uint_eq(dtype_weight_bytes(6738415616ULL, DTYPE_Q4_K),
                      3790358784ULL);
}
END_TEST

START_TEST(largest)
{
    /* 10^18 weights: fp32 4 x 10^18; q6_k 10^18 / 256 =
     * 3,906,250,000,000,000 blocks x 210 = 820,312,500,000,000,000,
     * though 10^18 x 210 would overflow 64 bits. */
    ck_assert_uint_eq(dtype_weight_bytes(1000000000000000000ULL,
                                         DTYPE_FP32),
                      4000000000000000000ULL);
    ck_assert_uint_eq(dtype_weight_bytes(1000000000000000000ULL,
                                         DTYPE_Q6_K),
                      820312500000000000ULL);
}
END_TEST

static const struct {
    const char *s;
    enum dtype_fault want;
} refused[] = {
    {"Q4_K", DTYPE_FAULT_CASE},   {"BF16", DTYPE_FAULT_CASE},
    {"q4_k_m", DTYPE_FAULT_MIXED}, {"Q4_K_M", DTYPE_FAULT_MIXED},
    {"q5_k_s", DTYPE_FAULT_MIXED}, {"Q3_K_L", DTYPE_FAULT_MIXED},
    {"q3_k_xs", DTYPE_FAULT_MIXED}, {"q2_k_s", DTYPE_FAULT_MIXED},
    {"q4_k_", DTYPE_FAULT_UNKNOWN}, {"q4_1", DTYPE_FAULT_UNKNOWN},
    {"iq4_xs", DTYPE_FAULT_UNKNOWN}, {"", DTYPE_FAULT_UNKNOWN},
    {"int", DTYPE_FAULT_UNKNOWN}, {"q4_k_q", DTYPE_FAULT_UNKNOWN},
    {"fp8 ", DTYPE_FAULT_UNKNOWN},
};

START_TEST(refuses)
{
    enum dtype d = DTYPE_COUNT;

    ck_assert_int_eq(dtype_parse(refused[_i].s, strlen(refused[_i].s), &d),
                     refused[_i].want);
    ck_assert_int_eq(d, DTYPE_COUNT); /* untouched */
}
END_TEST

START_TEST(messages)
{
    const char *mixed = dtype_fault_message(DTYPE_FAULT_MIXED);

    /* The mixed message names every uniform block format. */
    ck_assert_ptr_nonnull(strstr(mixed, "q8_0, q6_k, q5_k, q4_k, q4_0"));
    ck_assert_ptr_nonnull(strstr(mixed, "q3_k or q2_k"));
    ck_assert_ptr_nonnull(
        strstr(dtype_fault_message(DTYPE_FAULT_UNKNOWN), "q2_k"));
    ck_assert_ptr_nonnull(
        strstr(dtype_fault_message(DTYPE_FAULT_CASE), "lower case"));
    ck_assert_str_eq(dtype_fault_message(DTYPE_FAULT_NONE), "");
}
END_TEST

START_TEST(not_nul_terminated)
{
    enum dtype d;

    /* "q4_0" followed by more bytes that are not part of the name */
    ck_assert_int_eq(dtype_parse("q4_0xyz", 4, &d), DTYPE_FAULT_NONE);
    ck_assert_int_eq(d, DTYPE_Q4_0);
    ck_assert_int_eq(dtype_parse("q4_k_mx", 6, &d), DTYPE_FAULT_MIXED);
}
END_TEST

START_TEST(kv_types)
{
    static const struct {
        const char *s;
        enum dtype_kv k;
        unsigned bytes;
    } kv[] = {{"fp16", DTYPE_KV_FP16, 2},
              {"bf16", DTYPE_KV_BF16, 2},
              {"fp8", DTYPE_KV_FP8, 1},
              {"int8", DTYPE_KV_INT8, 1}};
    enum dtype_kv k;

    for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
        ck_assert_int_eq(dtype_kv_parse(kv[i].s, strlen(kv[i].s), &k),
                         DTYPE_FAULT_NONE);
        ck_assert_int_eq(k, kv[i].k);
        ck_assert_uint_eq(dtype_kv_bytes(k), kv[i].bytes);
        ck_assert_str_eq(dtype_kv_name(k), kv[i].s);
    }
    ck_assert_int_eq(dtype_kv_parse("FP16", 4, &k), DTYPE_FAULT_CASE);
    ck_assert_int_eq(dtype_kv_parse("int4", 4, &k), DTYPE_FAULT_UNKNOWN);
    ck_assert_int_eq(dtype_kv_parse("q8_0", 4, &k), DTYPE_FAULT_UNKNOWN);
    ck_assert_ptr_nonnull(strstr(dtype_kv_fault_message(DTYPE_FAULT_UNKNOWN),
                                 "fp16, bf16, fp8, int8"));
}
END_TEST

START_TEST(peaks_and_defaults)
{
    ck_assert_int_eq(dtype_peak_of(DTYPE_FP8), DTYPE_PEAK_FP8);
    ck_assert_int_eq(dtype_peak_of(DTYPE_INT8), DTYPE_PEAK_BF16);
    ck_assert_int_eq(dtype_peak_of(DTYPE_Q4_K), DTYPE_PEAK_BF16);
    ck_assert_int_eq(dtype_peak_of(DTYPE_FP32), DTYPE_PEAK_BF16);
    ck_assert_int_eq(dtype_kv_default(DTYPE_BF16), DTYPE_KV_BF16);
    ck_assert_int_eq(dtype_kv_default(DTYPE_FP16), DTYPE_KV_FP16);
    ck_assert_int_eq(dtype_kv_default(DTYPE_Q4_K), DTYPE_KV_FP16);
    ck_assert_int_eq(dtype_kv_default(DTYPE_FP8), DTYPE_KV_FP16);
}
END_TEST

Suite *dtype_suite(void)
{
    Suite *s = suite_create("dtype");
    TCase *tc;

    tc = tcase_create("layouts");
    tcase_add_loop_test(tc, layout_table, 0,
                        sizeof(formats) / sizeof(formats[0]));
    tcase_add_test(tc, every_format_listed);
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_add_test(tc, rounding_up);
    tcase_add_test(tc, largest);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_loop_test(tc, refuses, 0,
                        sizeof(refused) / sizeof(refused[0]));
    tcase_add_test(tc, messages);
    tcase_add_test(tc, not_nul_terminated);
    tcase_add_test(tc, kv_types);
    suite_add_tcase(s, tc);

    tc = tcase_create("peaks");
    tcase_add_test(tc, peaks_and_defaults);
    suite_add_tcase(s, tc);
    return s;
}
