/* check_compare.c - unit tests of compare.c: ratios, ties, order,
 * baseline, validation, and the ratio formatter. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "suites.h"

#define M(n, count) \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = count}

static struct compare_entry entries[16];
static struct compare_result res;
static struct compare_error err;

static enum svc_status run(const struct compare_model *models, size_t n,
                           const struct compare_options *opts)
{
    struct compare_options defaults;

    if (opts == NULL) {
        compare_options_init(&defaults);
        opts = &defaults;
    }
    return compare_run(models, n, opts, entries, &res, &err);
}

START_TEST(reference_catalog)
{
    size_t n;
    const struct compare_model *cat = catalog_builtin(&n);
    const char *ratios[] = {"1.0x", "33,923x", "333,333x", "28,666,667x",
                            "2,000,000,000x", "58,333,333,333x",
                            "228,333,333,333x"};

    ck_assert_uint_eq(n, 7);
    ck_assert_int_eq(run(cat, n, NULL), SVC_OK);
    ck_assert_uint_eq(res.count, 7);
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_eq(entries[i].model, &cat[i]);
        ck_assert_str_eq(entries[i].ratio_to_smallest_formatted, ratios[i]);
        ck_assert_double_eq(entries[i].ratio_to_smallest,
                            (double)cat[i].parameters / 3.0);
    }
    ck_assert_str_eq(entries[1].formatted, "101.8K");
    ck_assert_ptr_eq(res.largest.model, &cat[6]);
    ck_assert_str_eq(res.largest.formatted, "685.0B");
    ck_assert_ptr_eq(res.smallest.model, &cat[0]);
    ck_assert_str_eq(res.smallest.formatted, "3");
    ck_assert_ptr_null(res.baseline.model);
    ck_assert_double_eq(res.scale_difference, 685e9 / 3.0);
    ck_assert_str_eq(res.scale_difference_formatted, "228,333,333,333x");
    ck_assert_double_eq(res.orders_of_magnitude, 11.36);
    ck_assert_str_eq(res.summary,
                     "Largest model is 228,333,333,333x bigger than "
                     "smallest");
}
END_TEST

START_TEST(ties_go_to_first)
{
    const struct compare_model m[] = {M("a", 5), M("b", 9), M("c", 5),
                                      M("d", 9)};

    ck_assert_int_eq(run(m, 4, NULL), SVC_OK);
    ck_assert_ptr_eq(res.smallest.model, &m[0]);
    ck_assert_ptr_eq(res.largest.model, &m[1]);
    ck_assert_str_eq(res.scale_difference_formatted, "1.8x");
}
END_TEST

START_TEST(one_model)
{
    const struct compare_model m[] = {M("only", 7000)};

    ck_assert_int_eq(run(m, 1, NULL), SVC_OK);
    ck_assert_str_eq(res.summary,
                     "Largest model is 1.0x bigger than smallest");
    ck_assert_double_eq(res.orders_of_magnitude, 0);
}
END_TEST

START_TEST(sort_orders)
{
    const struct compare_model m[] = {M("a", 50), M("b", 7), M("c", 50),
                                      M("d", 1000)};
    struct compare_options o;
    const char *asc = "bacd", *desc = "dacb";

    compare_options_init(&o);
    o.sort = COMPARE_SORT_ASC;
    ck_assert_int_eq(run(m, 4, &o), SVC_OK);
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(entries[i].model->name[0], asc[i]);
    o.sort = COMPARE_SORT_DESC;
    ck_assert_int_eq(run(m, 4, &o), SVC_OK);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(entries[i].model->name[0], desc[i]);
        ck_assert_uint_eq(entries[i].index,
                          (size_t)(entries[i].model - m));
    }
    /* Sorting moves entries, not the largest and smallest picks. */
    ck_assert_ptr_eq(res.smallest.model, &m[1]);
    ck_assert_ptr_eq(res.largest.model, &m[3]);
}
END_TEST

START_TEST(baseline)
{
    const struct compare_model m[] = {M("small", 1000), M("mid", 6000),
                                      M("big", 2000000)};
    struct compare_options o;

    compare_options_init(&o);
    o.baseline = "mid";
    o.baseline_len = 3;
    ck_assert_int_eq(run(m, 3, &o), SVC_OK);
    ck_assert_ptr_eq(res.baseline.model, &m[1]);
    ck_assert_str_eq(res.baseline.formatted, "6.0K");
    ck_assert_double_eq(entries[0].ratio_to_baseline, 1000.0 / 6000.0);
    ck_assert_str_eq(entries[0].ratio_to_baseline_formatted, "0.17x");
    ck_assert_str_eq(entries[1].ratio_to_baseline_formatted, "1.0x");
    ck_assert_str_eq(entries[2].ratio_to_baseline_formatted, "333x");

    o.baseline = "mi"; /* a prefix of a name is not that name */
    o.baseline_len = 2;
    ck_assert_int_eq(run(m, 3, &o), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_BASELINE);
}
END_TEST

START_TEST(precision)
{
    const struct compare_model m[] = {M("x", 101770)};
    struct compare_options o;

    compare_options_init(&o);
    o.precision = 3;
    ck_assert_int_eq(run(m, 1, &o), SVC_OK);
    ck_assert_str_eq(entries[0].formatted, "101.770K");
    ck_assert_str_eq(res.largest.formatted, "101.770K");
    o.precision = 4;
    ck_assert_int_eq(run(m, 1, &o), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_PRECISION);
    o.precision = -1;
    ck_assert_int_eq(run(m, 1, &o), SVC_EINVAL);
}
END_TEST

START_TEST(faults)
{
    const struct compare_model dup[] = {M("a", 1), M("b", 2), M("c", 3),
                                        M("b", 4), M("a", 5)};
    const struct compare_model bad_name[] = {M("ok", 1), M("\xff", 2)};
    const struct compare_model empty_name[] = {M("", 1)};
    const struct compare_model zero[] = {M("a", 1), M("z", 0)};
    const struct compare_model huge[] = {M("h", PARAMS_MAX + 1)};

    ck_assert_int_eq(run(dup, 0, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_EMPTY);
    /* The first model whose name came before: "b" at 3, not "a" at 4. */
    ck_assert_int_eq(run(dup, 5, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_DUPLICATE);
    ck_assert_uint_eq(err.index, 3);
    ck_assert_int_eq(run(bad_name, 2, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_NAME);
    ck_assert_uint_eq(err.index, 1);
    ck_assert_int_eq(run(empty_name, 1, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_NAME);
    ck_assert_int_eq(run(zero, 2, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_PARAMETERS);
    ck_assert_uint_eq(err.index, 1);
    ck_assert_int_eq(run(huge, 1, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_PARAMETERS);
}
END_TEST

/* Published training tokens: formatted like any count, bounded like
 * one, and their source a URL. */
START_TEST(tokens)
{
    struct compare_model m[] = {M("c", 70000000000ULL), M("d", 5)};
    struct compare_options opts;

    m[0].tokens = 1400000000000ULL;
    m[0].tokens_source = "https://arxiv.org/abs/2203.15556";
    compare_options_init(&opts);
    opts.precision = 2;
    ck_assert_int_eq(run(m, 2, &opts), SVC_OK);
    ck_assert_str_eq(entries[0].tokens_formatted, "1.40T");
    ck_assert_str_eq(entries[1].tokens_formatted, "");
    m[1].tokens = PARAMS_MAX + 1;
    ck_assert_int_eq(run(m, 2, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_DETAIL);
    ck_assert_uint_eq(err.index, 1);
    ck_assert_str_eq(err.field, "tokens");
    ck_assert_str_eq(err.reason, "is above 10^18");
    m[1].tokens = PARAMS_MAX;
    ck_assert_int_eq(run(m, 2, NULL), SVC_OK);
    m[0].tokens_source = "ftp://x";
    ck_assert_int_eq(run(m, 2, NULL), SVC_EINVAL);
    ck_assert_uint_eq(err.index, 0);
    ck_assert_str_eq(err.field, "tokens_source");
    ck_assert_str_eq(err.reason, "must be an http or https URL of at most "
                                 "2048 bytes of valid UTF-8");
}
END_TEST

START_TEST(mixture_of_experts)
{
    /* Mixtral 8x7B: 46.7B in all, 12.9B at work for each token.  The
     * active count is shown beside the total; ratios use the total. */
    struct compare_model m[] = {M("mixtral", 46700000000ULL),
                                M("mistral", 7300000000ULL)};

    m[0].active_parameters = 12900000000ULL;
    m[0].kind = COMPARE_KIND_MOE;
    ck_assert_int_eq(run(m, 2, NULL), SVC_OK);
    ck_assert_str_eq(res.entries[0].formatted, "46.7B");
    ck_assert_str_eq(res.entries[0].active_formatted, "12.9B");
    ck_assert_str_eq(res.entries[1].active_formatted, "");
    ck_assert_str_eq(res.scale_difference_formatted, "6.4x");
    ck_assert_uint_eq(compare_active(&m[0]), 12900000000ULL);
    ck_assert_uint_eq(compare_active(&m[1]), 7300000000ULL);

    m[0].active_parameters = m[0].parameters + 1;
    ck_assert_int_eq(run(m, 2, NULL), SVC_EINVAL);
    ck_assert_int_eq(err.fault, COMPARE_FAULT_ACTIVE);
    ck_assert_uint_eq(err.index, 0);
}
END_TEST

START_TEST(extremes)
{
    const struct compare_model m[] = {M("tiny", 1),
                                      M("vast", PARAMS_MAX)};

    ck_assert_int_eq(run(m, 2, NULL), SVC_OK);
    ck_assert_str_eq(res.scale_difference_formatted,
                     "1,000,000,000,000,000,000x");
    ck_assert_double_eq(res.orders_of_magnitude, 18);
    ck_assert_str_eq(res.largest.formatted, "1000000.0T");
}
END_TEST

static const struct {
    double ratio;
    const char *text;
} ratios[] = {
    {1, "1.0x"},
    {1.2, "1.2x"},
    {1.25, "1.2x"},
    {9.94, "9.9x"},
    {9.96, "10x"},
    {10, "10x"},
    {10.5, "10x"}, /* printf rounds an exact half to even */
    {11.5, "12x"},
    {999.6, "1,000x"},
    {33923.333333333336, "33,923x"},
    {228333333333.33334, "228,333,333,333x"},
    {0.5, "0.50x"},
    {0.123456, "0.12x"},
    {0.0012345, "0.0012x"},
    {0.9996, "1.0x"},
    {1e-18, "0.0000000000000000010x"},
    /* rounding that carries to the next power of ten keeps two
     * significant digits (issue 14, item 16) */
    {0.00099960009996001, "0.0010x"},
    {0.0999, "0.10x"},
    {0.0996, "0.10x"},
    {0.00996, "0.010x"},
    {0.0000999, "0.00010x"},
    {9.99e-13, "0.0000000000010x"},
    {0.09949, "0.099x"}, /* no carry */
    {0.0995, "0.10x"},   /* 0.09950000000000000677 */
    {0.995, "0.99x"},    /* 0.99499999999999999556 */
    {0.996, "1.0x"},     /* to 1: one decimal, as from 1 up */
};

START_TEST(ratio_table)
{
    char buf[COMPARE_RATIO_MAX];
    int w = compare_format_ratio(ratios[_i].ratio, buf, sizeof(buf));

    ck_assert_str_eq(buf, ratios[_i].text);
    ck_assert_int_eq(w, (int)strlen(ratios[_i].text));
}
END_TEST

START_TEST(ratio_two_digits)
{
    unsigned long long x = 88172645463325252ULL; /* xorshift state */
    char buf[COMPARE_RATIO_MAX];

    /* Below 1, every ratio that does not round to 1 has two
     * significant digits: just below powers of ten most of all. */
    for (int i = 0; i < 100000; i++) {
        double r;
        size_t zeros;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r = pow(10, -(double)(x % 18) - 1) * (i % 2 == 0
                                      ? 1 - (double)(x % 1000) * 1e-6
                                      : (double)(x % 9000 + 1000) / 1e4);
        compare_format_ratio(r, buf, sizeof(buf));
        if (strcmp(buf, "1.0x") == 0)
            continue;
        zeros = strspn(buf, "0.");
        ck_assert_msg(strlen(buf + zeros) == 3, "%.17g: %s", r, buf);
        ck_assert_msg(fabs(strtod(buf, NULL) / r - 1) < 0.06, "%.17g: %s",
                      r, buf);
    }
}
END_TEST

START_TEST(ratio_refuses)
{
    char buf[COMPARE_RATIO_MAX];

    ck_assert_int_eq(compare_format_ratio(0, buf, sizeof(buf)), -1);
    ck_assert_int_eq(compare_format_ratio(-1, buf, sizeof(buf)), -1);
    ck_assert_int_eq(compare_format_ratio(NAN, buf, sizeof(buf)), -1);
    ck_assert_int_eq(compare_format_ratio(INFINITY, buf, sizeof(buf)), -1);
    ck_assert_int_eq(compare_format_ratio(1e24, buf, sizeof(buf)), -1);
    ck_assert_int_eq(compare_format_ratio(2, buf, 8), -1);
}
END_TEST

START_TEST(orders)
{
    ck_assert_double_eq(compare_orders_of_magnitude(1), 0);
    ck_assert_double_eq(compare_orders_of_magnitude(1000), 3);
    ck_assert_double_eq(compare_orders_of_magnitude(685e9 / 3), 11.36);
    ck_assert_double_eq(compare_orders_of_magnitude(2), 0.3);
}
END_TEST

Suite *compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc;

    tc = tcase_create("ratios");
    tcase_add_test(tc, reference_catalog);
    tcase_add_test(tc, one_model);
    tcase_add_test(tc, extremes);
    tcase_add_test(tc, orders);
    suite_add_tcase(s, tc);

    tc = tcase_create("ties");
    tcase_add_test(tc, ties_go_to_first);
    suite_add_tcase(s, tc);

    tc = tcase_create("sort");
    tcase_add_test(tc, sort_orders);
    suite_add_tcase(s, tc);

    tc = tcase_create("baseline");
    tcase_add_test(tc, baseline);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, precision);
    tcase_add_test(tc, faults);
    tcase_add_test(tc, tokens);
    tcase_add_test(tc, mixture_of_experts);
    suite_add_tcase(s, tc);

    tc = tcase_create("ratio");
    tcase_add_loop_test(tc, ratio_table, 0,
                        sizeof(ratios) / sizeof(ratios[0]));
    tcase_add_test(tc, ratio_two_digits);
    tcase_add_test(tc, ratio_refuses);
    suite_add_tcase(s, tc);
    return s;
}
