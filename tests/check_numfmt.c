/* check_numfmt.c - unit tests of numfmt.c: every printer against printf
 * (integers, fixed decimals, shortest doubles), and counts and bytes in
 * units. */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/numfmt.h"
#include "modelscale/params.h"
#include "suites.h"

/* The reference's seven counts and what it prints for each. */
static const struct {
    uint64_t n;
    const char *text;
} reference[] = {
    {3, "3"},
    {101770, "101.8K"},
    {1000000, "1.0M"},
    {86000000, "86.0M"},
    {6000000000ULL, "6.0B"},
    {175000000000ULL, "175.0B"},
    {685000000000ULL, "685.0B"},
};

START_TEST(format_reference)
{
    char buf[NUMFMT_MAX];
    int w = numfmt_count(reference[_i].n, 1, buf, sizeof(buf));

    ck_assert_str_eq(buf, reference[_i].text);
    ck_assert_int_eq(w, (int)strlen(reference[_i].text));
}
END_TEST

static const struct {
    uint64_t n;
    int precision;
    const char *text;
} formats[] = {
    /* below 1,000: the plain integer, whatever the precision */
    {1, 1, "1"},
    {999, 1, "999"},
    {999, 3, "999"},
    {1000, 1, "1.0K"},
    {1000, 0, "1K"},
    {1049, 1, "1.0K"},
    {1050, 1, "1.1K"}, /* 1.05 is 1.0500000000000000444 as a double */
    {1250, 1, "1.2K"}, /* exact tie: printf rounds half to even */
    {101770, 0, "102K"},
    {101770, 2, "101.77K"},
    {101770, 3, "101.770K"},
    /* rollover: rounding reaches 1000, so the next unit is used */
    {999949, 1, "999.9K"},
    {999950, 1, "1.0M"},
    {999999, 1, "1.0M"},
    {999500, 0, "1M"},
    {999499, 0, "999K"},
    {999999, 3, "999.999K"},
    {999999500ULL, 3, "1.000B"},
    {999950000ULL, 1, "1.0B"},
    {999950000000ULL, 1, "1.0T"},
    /* T, the largest unit, never rolls over */
    {1800000000000ULL, 1, "1.8T"},
    {1000000000000ULL, 1, "1.0T"},
    {999999999999999ULL, 1, "1000.0T"},
    {1000000000000000000ULL, 1, "1000000.0T"},
    {1000000000000000000ULL, 3, "1000000.000T"},
    /* above 2^53 the exact quotient is rounded, not the double of a
     * count already rounded to 53 bits (issue 14, item 15) */
    {910645815000000003ULL, 2, "910645.82T"},
    {10000150000000001ULL, 1, "10000.2T"},
    {10000150000000000ULL, 1, "10000.2T"}, /* exact tie: to even */
    {10000050000000000ULL, 1, "10000.0T"}, /* exact tie: to even */
    {9007199254740993ULL, 3, "9007.199T"},
    {123456789012345678ULL, 3, "123456.789T"},
    {99999999999999950ULL, 1, "100000.0T"},
    {999999999999999999ULL, 0, "1000000T"},
};

START_TEST(format_table)
{
    char buf[NUMFMT_MAX];

    numfmt_count(formats[_i].n, formats[_i].precision, buf, sizeof(buf));
    ck_assert_str_eq(buf, formats[_i].text);
}
END_TEST

/* n / 10^12 with `precision` decimals from n's own digits: the point
 * moved 12 places, then rounded half to even on the digits dropped. */
static void exact_tera(uint64_t n, int precision, char *buf, size_t len)
{
    char d[24];
    int w = snprintf(d, sizeof(d), "%" PRIu64, n), keep = w - 12 + precision;
    int up = d[keep] > '5';
    uint64_t v;

    if (d[keep] == '5') {
        up = 0;
        for (int i = keep + 1; i < w; i++)
            up |= d[i] != '0';
        if (!up) /* an exact tie: to even */
            up = (d[keep - 1] - '0') % 2 == 1;
    }
    d[keep] = '\0';
    v = strtoull(d, NULL, 10) + (uint64_t)up;
    snprintf(buf, len, "%" PRIu64, v);
    if (precision > 0) {
        size_t n_digits = strlen(buf);

        memmove(buf + n_digits - (size_t)precision + 1,
                buf + n_digits - (size_t)precision, (size_t)precision + 1);
        buf[n_digits - (size_t)precision] = '.';
    }
    strcat(buf, "T");
}

START_TEST(format_exact_above_2_53)
{
    unsigned long long x = 2463534242ULL; /* xorshift state */
    char want[NUMFMT_MAX + 8], got[NUMFMT_MAX];

    for (size_t i = 0; i < 200000; i++) {
        uint64_t n;
        int precision = (int)(i / 2 % 4);
        uint64_t half = 500000000000ULL; /* dropped: a half, at 0 */

        for (int p = 0; p < precision; p++)
            half /= 10;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = (1ULL << 53) + 1 + x % (PARAMS_MAX - (1ULL << 54));
        if (i % 2 == 0) /* a tie or next to one, half the time */
            n = n / (2 * half) * (2 * half) + half - 1 + x % 3;
        exact_tera(n, precision, want, sizeof(want));
        numfmt_count(n, precision, got, sizeof(got));
        ck_assert_msg(strcmp(got, want) == 0, "%" PRIu64 " at %d: %s, "
                      "want %s", n, precision, got, want);
    }
}
END_TEST

START_TEST(format_refuses)
{
    char buf[NUMFMT_MAX], small[8];

    ck_assert_int_eq(numfmt_count(5, -1, buf, sizeof(buf)), -1);
    ck_assert_int_eq(numfmt_count(5, 4, buf, sizeof(buf)), -1);
    ck_assert_int_eq(numfmt_count(0, 1, buf, sizeof(buf)), -1);
    ck_assert_int_eq(numfmt_count(PARAMS_MAX + 1, 1, buf, sizeof(buf)),
                     -1);
    ck_assert_int_eq(numfmt_count(5, 1, small, sizeof(small)), -1);
}
END_TEST

START_TEST(bytes_format)
{
    static const struct {
        uint64_t n;
        int binary;
        const char *want;
    } cases[] = {
        {14000000000ULL, 0, "14.0 GB"},  /* 7B in bf16 */
        {14000000000ULL, 1, "13.0 GiB"}, /* 14e9 / 2^30 = 13.04 */
        {0, 0, "0 B"},
        {999, 0, "999 B"},
        {1000, 0, "1.0 kB"},
        {1023, 1, "1023 B"},
        {1024, 1, "1.0 KiB"},
        {407080, 0, "407.1 kB"},
        {999950, 0, "1.0 MB"},            /* rounding reaches 1000 */
        {1048524, 1, "1023.9 KiB"},
        {1048525, 1, "1.0 MiB"},          /* 1023.95 rounds to 1024.0 */
        {16000000000000000000ULL, 0, "16.0 EB"},
        {16000000000000000000ULL, 1, "13.9 EiB"},
        {UINT64_MAX, 1, "16.0 EiB"},
        {1250000000000000001ULL, 0, "1.3 EB"}, /* not the double's tie */
        {1250000000000000000ULL, 0, "1.2 EB"}, /* an exact tie */
        {(5ULL << 58) + 1, 1, "1.3 EiB"},
    };
    char buf[NUMFMT_MAX];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int n = numfmt_bytes(cases[i].n, 1, cases[i].binary, buf,
                                    sizeof(buf));

        ck_assert_int_eq(n, (int)strlen(cases[i].want));
        ck_assert_str_eq(buf, cases[i].want);
    }
    ck_assert_int_eq(numfmt_bytes(1, 4, 0, buf, sizeof(buf)), -1);
    ck_assert_int_eq(numfmt_bytes(1, 1, 0, buf, 8), -1);
}
END_TEST

START_TEST(integers_like_printf)
{
    static const uint64_t edges[] = {0, 1, 9, 10, 99, 100, 999999,
                                     1000000000000000000ULL, UINT64_MAX};
    unsigned long long x = 2463534242ULL; /* xorshift state */
    char want[32], got[32];

    for (size_t i = 0; i < 100000; i++) {
        uint64_t n;

        if (i < sizeof(edges) / sizeof(edges[0])) {
            n = edges[i];
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            n = x >> (i % 64);
        }
        snprintf(want, sizeof(want), "%" PRIu64, n);
        ck_assert_int_eq(numfmt_u64(n, got, 21), (int)strlen(want));
        ck_assert_str_eq(got, want);
    }
}
END_TEST

START_TEST(integers_grouped)
{
    static const struct {
        uint64_t n;
        const char *want;
    } cases[] = {
        {0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"},
        {101770, "101,770"}, {100352, "100,352"}, {1280, "1,280"},
        {6738415616ULL, "6,738,415,616"},
        {UINT64_MAX, "18,446,744,073,709,551,615"},
    };
    char buf[NUMFMT_GROUPED_MAX];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_int_eq(numfmt_grouped(cases[i].n, buf, sizeof(buf)),
                         (int)strlen(cases[i].want));
        ck_assert_str_eq(buf, cases[i].want);
    }
    ck_assert_int_eq(numfmt_grouped(1000, buf, 5), -1); /* "1,000" + NUL */
    ck_assert_int_eq(numfmt_grouped(1000, buf, 6), 5);
}
END_TEST

START_TEST(fixed_like_printf)
{
    /* Exact halves (0.125 at 2 decimals, 2.5 at 0) are where rounding
     * shows; the quotients are what numfmt_count and ratios print. */
    static const double edges[] = {0,     0.5,    1.5,    2.5,  0.125,
                                   0.375, 1.0005, 999.95, 1e6,  9.95,
                                   1e18,  1.8e19, 1e23,   0.05, 999.9995};
    unsigned long long x = 2463534242ULL; /* xorshift state */
    char want[64], got[64];

    for (size_t i = 0; i < 400000; i++) {
        double d;
        int decimals = (int)(i % 4);

        if (i < 4 * sizeof(edges) / sizeof(edges[0])) {
            d = edges[i / 4];
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            d = i % 3 == 0   ? (double)(x % 10000000) / 8.0
                : i % 3 == 1 ? (double)(x % PARAMS_MAX + 1) / 1e9
                             : (double)(x % PARAMS_MAX + 1) /
                                   (double)(x % 1000003 + 1);
        }
        snprintf(want, sizeof(want), "%.*f", decimals, d);
        ck_assert_int_eq(numfmt_fixed(d, decimals, got, sizeof(got)),
                         (int)strlen(want));
        ck_assert_msg(strcmp(got, want) == 0, "%.17g at %d: %s, want %s", d,
                      decimals, got, want);
    }
}
END_TEST

/* The text of d as cJSON-free code has always printed it: the first of
 * %.15g, %.16g and %.17g that reads back as d. */
static void plain_double(double d, char *buf, size_t len)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

/* Doubles the shortest-form printer must get right: round and long
 * ratios, powers of ten where %g switches to exponents, the carry of
 * 9.99..., tiny and huge values. */
static const double doubles[] = {
    1, 10, 0.1, 1e-4, 1e-5, 1e14, 1e15, 1e16, 1e17, 1e22, 1e23,
    33923.333333333336, 58333333333.333336, 333333.3333333333,
    3.333333333333333e+17, 228333333333.33334, 0.0012, 1.5, 2.25,
    999999999999999.9, 9.999999999999999e22, 0.30000000000000004,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456.789,
};

START_TEST(doubles_like_printf)
{
    char want[64], got[NUMFMT_DOUBLE_MAX];
    unsigned long long x = 88172645463325252ULL; /* xorshift state */

    for (size_t i = 0; i < 200000; i++) {
        double d;

        if (i < sizeof(doubles) / sizeof(doubles[0])) {
            d = doubles[i];
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* Half ratios of two counts, half any finite double. */
            if (i % 2 == 0)
                d = (double)(x % PARAMS_MAX + 1) / (double)(x % 999983 + 1);
            else
                memcpy(&d, &x, sizeof(d));
            if (!isfinite(d))
                continue;
        }
        plain_double(d, want, sizeof(want));
        ck_assert_int_eq(numfmt_double(d, got, sizeof(got)),
                         (int)strlen(want));
        ck_assert_msg(strcmp(got, want) == 0, "%.17g: %s, want %s", d, got,
                      want);
    }
}
END_TEST

Suite *numfmt_suite(void)
{
    Suite *s = suite_create("numfmt");
    TCase *tc;

    tc = tcase_create("counts");
    tcase_add_loop_test(tc, format_reference, 0,
                        sizeof(reference) / sizeof(reference[0]));
    tcase_add_loop_test(tc, format_table, 0,
                        sizeof(formats) / sizeof(formats[0]));
    tcase_add_test(tc, format_exact_above_2_53);
    tcase_add_test(tc, format_refuses);
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_add_test(tc, bytes_format);
    suite_add_tcase(s, tc);

    tc = tcase_create("integers");
    tcase_add_test(tc, integers_like_printf);
    tcase_add_test(tc, integers_grouped);
    suite_add_tcase(s, tc);

    tc = tcase_create("fixed");
    tcase_set_timeout(tc, 120); /* 400,000 values, slow under ASan */
    tcase_add_test(tc, fixed_like_printf);
    suite_add_tcase(s, tc);

    tc = tcase_create("doubles");
    tcase_set_timeout(tc, 120); /* 200,000 doubles, slow under ASan */
    tcase_add_test(tc, doubles_like_printf);
    suite_add_tcase(s, tc);
    return s;
}
