/* check_gpu.c - unit tests of gpu.c: lookups by id and the checks a
 * catalog record must pass. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "modelscale/gpu.h"
#include "suites.h"

/* Three records as config/gpus.json gives them: GB and GB/s x 10^9,
 * TFLOPS x 10^12. */
static const struct gpu catalog[] = {
    {"h100-sxm", "NVIDIA H100 SXM5 80GB", 80000000000ULL,
     3350000000000ULL, 989.4e12, 1978.9e12, "https://example.org/h100", NULL},
    {"a100-sxm-80gb", "NVIDIA A100 SXM4 80GB", 80000000000ULL,
     2039000000000ULL, 312e12, 0, "https://example.org/a100", NULL},
    {"mi300x", "AMD Instinct MI300X", 192000000000ULL, 5300000000000ULL,
     1307.4e12, 2614.9e12, "https://example.org/mi300x", NULL},
};

#define COUNT (sizeof(catalog) / sizeof(catalog[0]))

START_TEST(finds)
{
    ck_assert_ptr_eq(gpu_find(catalog, COUNT, "h100-sxm", 8), &catalog[0]);
    ck_assert_ptr_eq(gpu_find(catalog, COUNT, "mi300x", 6), &catalog[2]);
    /* a prefix of the id read from a longer buffer */
    ck_assert_ptr_eq(gpu_find(catalog, COUNT, "a100-sxm-80gbXX", 13),
                     &catalog[1]);
}
END_TEST

START_TEST(misses)
{
    ck_assert_ptr_null(gpu_find(catalog, COUNT, "h100", 4));
    ck_assert_ptr_null(gpu_find(catalog, COUNT, "H100-SXM", 8));
    ck_assert_ptr_null(gpu_find(catalog, COUNT, "", 0));
    ck_assert_ptr_null(gpu_find(catalog, 0, "h100-sxm", 8));
}
END_TEST

START_TEST(duplicates)
{
    struct gpu twice[3] = {catalog[0], catalog[1], catalog[0]};

    ck_assert_uint_eq(gpu_duplicate(catalog, COUNT), COUNT);
    ck_assert_uint_eq(gpu_duplicate(twice, 3), 2);
}
END_TEST

START_TEST(plausible)
{
    for (size_t i = 0; i < COUNT; i++)
        ck_assert_ptr_null(gpu_check(&catalog[i]));
}
END_TEST

/* One field of h100-sxm spoiled, and the field gpu_check must name. */
static void spoil(struct gpu *g, int which)
{
    switch (which) {
    case 0: g->id = ""; break;
    case 1: g->id = "H100"; break;
    case 2: g->id = "h100 sxm"; break;
    case 3: g->id = "an-id-that-is-longer-than-32-bytes"; break;
    case 4: g->name = ""; break;
    case 5: g->name = NULL; break;
    case 6: g->memory_bytes = 0; break;
    case 7: g->memory_bytes = 2000000000000000ULL; break; /* 2 PB */
    case 8: g->bandwidth_bytes_per_s = 0; break;
    case 9: g->bf16_flops = 0; break;
    case 10: g->bf16_flops = -1; break;
    case 11: g->bf16_flops = NAN; break;
    case 12: g->bf16_flops = 2e18; break;
    case 13: g->fp8_flops = -1978.9e12; break;
    case 14: g->fp8_flops = INFINITY; break;
    case 15: g->source = ""; break;
    default: break;
    }
}

static const char *const spoiled_field[] = {
    "id", "id", "id", "id", "name", "name", "memory_bytes",
    "memory_bytes", "bandwidth_bytes_per_s", "bf16_tflops", "bf16_tflops",
    "bf16_tflops", "bf16_tflops", "fp8_tflops", "fp8_tflops", "source"};

START_TEST(implausible)
{
    struct gpu g = catalog[0];
    const char *field;

    spoil(&g, _i);
    field = gpu_check(&g);
    ck_assert_ptr_nonnull(field);
    ck_assert_str_eq(field, spoiled_field[_i]);
}
END_TEST

START_TEST(no_fp8_is_plausible)
{
    struct gpu g = catalog[0];

    g.fp8_flops = 0;
    ck_assert_ptr_null(gpu_check(&g));
}
END_TEST

Suite *gpu_suite(void)
{
    Suite *s = suite_create("gpu");
    TCase *tc;

    tc = tcase_create("lookup");
    tcase_add_test(tc, finds);
    tcase_add_test(tc, misses);
    tcase_add_test(tc, duplicates);
    suite_add_tcase(s, tc);

    tc = tcase_create("check");
    tcase_add_test(tc, plausible);
    tcase_add_loop_test(tc, implausible, 0,
                        sizeof(spoiled_field) / sizeof(spoiled_field[0]));
    tcase_add_test(tc, no_fp8_is_plausible);
    suite_add_tcase(s, tc);
    return s;
}
