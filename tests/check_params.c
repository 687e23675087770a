/* check_params.c - unit tests of params.c: formatting, parsing of every
 * accepted and rejected count form, names. */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
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
    char buf[PARAMS_FORMAT_MAX];
    int w = params_format(reference[_i].n, 1, buf, sizeof(buf));

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
};

START_TEST(format_table)
{
    char buf[PARAMS_FORMAT_MAX];

    params_format(formats[_i].n, formats[_i].precision, buf, sizeof(buf));
    ck_assert_str_eq(buf, formats[_i].text);
}
END_TEST

START_TEST(format_refuses)
{
    char buf[PARAMS_FORMAT_MAX], small[8];

    ck_assert_int_eq(params_format(5, -1, buf, sizeof(buf)), -1);
    ck_assert_int_eq(params_format(5, 4, buf, sizeof(buf)), -1);
    ck_assert_int_eq(params_format(0, 1, buf, sizeof(buf)), -1);
    ck_assert_int_eq(params_format(PARAMS_MAX + 1, 1, buf, sizeof(buf)),
                     -1);
    ck_assert_int_eq(params_format(5, 1, small, sizeof(small)), -1);
}
END_TEST

static const struct {
    const char *text;
    uint64_t n;
} accepted[] = {
    {"3", 3},
    {"101770", 101770},
    {"101,770", 101770},
    {"101_770", 101770},
    {"1,000,000", 1000000},
    {"685_000_000_000", 685000000000ULL},
    {"6.7B", 6700000000ULL},
    {"6.7b", 6700000000ULL},
    {"1.8T", 1800000000000ULL},
    {"86M", 86000000},
    {"120k", 120000},
    {"120K", 120000},
    {"1.23456M", 1234560},
    {"6.70B", 6700000000ULL},
    {"6.0", 6},
    {"1,000K", 1000000},
    {"0.5K", 500},
    {"007", 7},
    {"1000000T", 1000000000000000000ULL},
    {"1000000000000000000", 1000000000000000000ULL},
    {"1.000000000001T", 1000000000001ULL},
    {"1e9", 1000000000ULL},
    {"7E9", 7000000000ULL},
    {"1.75e11", 175000000000ULL},
    {"1.75e+11", 175000000000ULL},
    {"1,000e3", 1000000},
    {"0.000001e24", 1000000000000000000ULL},
    {"1e18", 1000000000000000000ULL},
    {"0.123456789012345678e18", 123456789012345678ULL},
};

START_TEST(parse_accepted)
{
    uint64_t n = 0;
    const char *why = "unset";
    const char *s = accepted[_i].text;

    ck_assert_int_eq(params_parse_text(s, strlen(s), &n, &why), SVC_OK);
    ck_assert_ptr_null(why);
    ck_assert_uint_eq(n, accepted[_i].n);
}
END_TEST

static const struct {
    const char *text;
    const char *why; /* a part of the reason */
} rejected[] = {
    {"", "empty"},
    {"0", "zero"},
    {"0.0K", "zero"},
    {"000", "zero"},
    {"-5", "negative"},
    {"-1.8T", "negative"},
    {"1.23456K", "not a whole number"},
    {"1.5", "not a whole number"},
    {"0.0001K", "not a whole number"},
    {"1.0000000000001T", "not a whole number"},
    {"1000000000000000001", "above 10^18"},
    {"99999999999999999999T", "above 10^18"},
    {"18446744073709551616", "above 10^18"},
    {"1000001T", "above 10^18"},
    {"NaN", "not a count"},
    {"Infinity", "not a count"},
    {"inf", "not a count"},
    {"1e-9", "not a count"},
    {"1e", "not a count"},
    {"1e9K", "not a count"},
    {"1K3", "not a count"},
    {"1.5e0", "not a whole number"},
    {"1e19", "above 10^18"},
    {"1e99999", "above 10^18"},
    {"0.1234567890123456789e19", "above 10^18"},
    {"0e5", "zero"},
    {" 5", "not a count"},
    {"5 ", "not a count"},
    {"+5", "not a count"},
    {"0x10", "not a count"},
    {"5KB", "not a count"},
    {"5.K", "not a count"},
    {".5K", "not a count"},
    {"5..0", "not a count"},
    {"K", "not a count"},
    {"abc", "not a count"},
    {"1,0", "separators"},
    {"1,0000", "separators"},
    {"1000,000", "separators"},
    {",100", "not a count"},
    {"100,", "separators"},
    {"1,,000", "separators"},
    {"1,000_000", "separators"},
    {"1_0", "separators"},
};

START_TEST(parse_rejected)
{
    uint64_t n = 42;
    const char *why = NULL;
    const char *s = rejected[_i].text;

    ck_assert_int_eq(params_parse_text(s, strlen(s), &n, &why),
                     SVC_EINVAL);
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strstr(why, rejected[_i].why) != NULL,
                  "\"%s\": reason \"%s\" lacks \"%s\"", s, why,
                  rejected[_i].why);
    ck_assert_uint_eq(n, 42); /* untouched on failure */
}
END_TEST

START_TEST(parse_bounded)
{
    /* Only len bytes are read: the rest of the buffer is not the count. */
    uint64_t n = 0;
    const char *why;

    ck_assert_int_eq(params_parse_text("12345", 2, &n, &why), SVC_OK);
    ck_assert_uint_eq(n, 12);
    ck_assert_int_eq(params_parse_text("6\0" "5", 3, &n, &why),
                     SVC_EINVAL);
}
END_TEST

START_TEST(json_numbers)
{
    uint64_t n = 0;
    const char *why;

    ck_assert_int_eq(params_from_double(6e9, &n, &why), SVC_OK);
    ck_assert_uint_eq(n, 6000000000ULL);
    ck_assert_int_eq(params_from_double(9007199254740991.0, &n, &why),
                     SVC_OK);
    ck_assert_uint_eq(n, 9007199254740991ULL);
    ck_assert_int_eq(params_from_double(9007199254740992.0, &n, &why),
                     SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "as a string"));
    ck_assert_int_eq(params_from_double(1e19, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "above 10^18"));
    ck_assert_int_eq(params_from_double(0.0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "zero"));
    ck_assert_int_eq(params_from_double(-0.0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "negative"));
    ck_assert_int_eq(params_from_double(-3, &n, &why), SVC_EINVAL);
    ck_assert_int_eq(params_from_double(2.5, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "whole"));
    ck_assert_int_eq(params_from_double(INFINITY, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "above 10^18"));
    ck_assert_int_eq(params_from_double(NAN, &n, &why), SVC_EINVAL);
}
END_TEST

START_TEST(names)
{
    char longest[PARAMS_NAME_MAX + 1];
    const char *why;

    memset(longest, 'a', sizeof(longest));
    ck_assert_int_eq(params_check_name("gpt", 3, &why), SVC_OK);
    ck_assert_int_eq(params_check_name("mod\xc3\xa8le", 7, &why), SVC_OK);
    ck_assert_int_eq(params_check_name("\xf0\x9f\xa6\x99", 4, &why),
                     SVC_OK);
    ck_assert_int_eq(params_check_name(longest, PARAMS_NAME_MAX, &why),
                     SVC_OK);
    ck_assert_int_eq(params_check_name(longest, PARAMS_NAME_MAX + 1,
                                       &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "256"));
    ck_assert_int_eq(params_check_name("", 0, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "empty"));
    ck_assert_int_eq(params_check_name("a\xff", 2, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
    ck_assert_int_eq(params_check_name("\xc0\xaf", 2, &why), SVC_EINVAL);
    ck_assert_int_eq(params_check_name("\xed\xa0\x80", 3, &why),
                     SVC_EINVAL); /* a UTF-16 surrogate */
    ck_assert_int_eq(params_check_name("\xf4\x90\x80\x80", 4, &why),
                     SVC_EINVAL); /* above U+10FFFF */
    ck_assert_int_eq(params_check_name("\xe2\x82", 2, &why), SVC_EINVAL);
}
END_TEST

START_TEST(fixed_like_printf)
{
    /* Exact halves (0.125 at 2 decimals, 2.5 at 0) are where rounding
     * shows; the quotients are what params_format and ratios print. */
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
        ck_assert_int_eq(params_print_fixed(d, decimals, got, sizeof(got)),
                         (int)strlen(want));
        ck_assert_msg(strcmp(got, want) == 0, "%.17g at %d: %s, want %s", d,
                      decimals, got, want);
    }
}
END_TEST

START_TEST(amounts)
{
    static const struct {
        const char *text;
        double want; /* 0: refused, and why holds the reason */
        const char *why;
    } cases[] = {
        {"5.76e23", 5.76e23, NULL},
        {"1.4T", 1.4e12, NULL},
        {"70B", 7e10, NULL},
        {"2,000", 2000, NULL},
        {"1.5", 1.5, NULL},
        {"0.5", 0, "below 1"},
        {"1000000000000000000000000", 1e24, NULL},
        {"1e40", 1e40, NULL},
        {"1.0000001e40", 0, "above 10^40"},
        {"1e99", 0, "above 10^40"},
        {"0", 0, "zero"},
        {"0.0e5", 0, "zero"},
        {"-1e9", 0, "negative"},
        {"1e-9", 0, "not a number"},
        {"e9", 0, "not a number"},
        {"", 0, "empty"},
        {"5.76e23 FLOP", 0, "not a number"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double got = -1;
        const char *why = NULL;
        enum svc_status st = params_parse_amount(
            cases[i].text, strlen(cases[i].text), &got, &why);

        if (cases[i].want > 0) {
            ck_assert_msg(st == SVC_OK, "%s: %s", cases[i].text, why);
            ck_assert_msg(got == cases[i].want, "%s: %.17g", cases[i].text,
                          got);
        } else {
            ck_assert_msg(st == SVC_EINVAL && strstr(why, cases[i].why),
                          "%s: %s", cases[i].text, why ? why : "(ok)");
            ck_assert(got == -1);
        }
    }
    /* JSON numbers take the same checks. */
    ck_assert_ptr_null(params_check_amount(1));
    ck_assert_ptr_null(params_check_amount(1e40));
    ck_assert_str_eq(params_check_amount(0.999), "is below 1");
    ck_assert_str_eq(params_check_amount(-0.0), "is zero");
    ck_assert_str_eq(params_check_amount(-2), "is negative");
    ck_assert_str_eq(params_check_amount(1.1e40), "is above 10^40");
    ck_assert_str_eq(params_check_amount(NAN), "is not a number");
}
END_TEST

START_TEST(bytes_parse)
{
    static const struct {
        const char *text;
        uint64_t want; /* 0: refused, and why holds the reason */
        const char *why;
    } cases[] = {
        {"24GB", 24000000000ULL, NULL},
        {"24 GB", 24000000000ULL, NULL},
        {"24gb", 24000000000ULL, NULL},
        {"80GiB", 80ULL << 30, NULL},
        {"1.5KiB", 1536, NULL},
        {"512", 512, NULL},
        {"512B", 512, NULL},
        {"1e9", 1000000000ULL, NULL},
        {"2EB", 2000000000000000000ULL, NULL},
        {"8EiB", 8ULL << 60, NULL},
        {"0.3KiB", 307, NULL},
        {"10,000,000,000,000,000,000", 10000000000000000000ULL, NULL},
        {"10000000000000000001", 0, "above 10^19"},
        {"9EiB", 0, "above 10^19"},
        {"0.4B", 0, "less than one byte"},
        {"0GB", 0, "less than one byte"},
        {"24G", 0, "not an amount of memory"},
        {"24 ", 0, "not an amount of memory"},
        {"24  GB", 0, "not an amount of memory"},
        {"24GBs", 0, "not an amount of memory"},
        {"GB", 0, "not an amount of memory"},
        {"-24GB", 0, "negative"},
        {"", 0, "empty"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t got = 42;
        const char *why = NULL;
        enum svc_status st = params_parse_bytes(
            cases[i].text, strlen(cases[i].text), &got, &why);

        if (cases[i].want > 0) {
            ck_assert_msg(st == SVC_OK, "%s: %s", cases[i].text, why);
            ck_assert_msg(got == cases[i].want, "%s: %" PRIu64,
                          cases[i].text, got);
        } else {
            ck_assert_msg(st == SVC_EINVAL && strstr(why, cases[i].why),
                          "%s: %s", cases[i].text, why ? why : "(ok)");
            ck_assert_uint_eq(got, 42);
        }
    }
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
    };
    char buf[PARAMS_FORMAT_MAX];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int n = params_format_bytes(cases[i].n, 1, cases[i].binary, buf,
                                    sizeof(buf));

        ck_assert_int_eq(n, (int)strlen(cases[i].want));
        ck_assert_str_eq(buf, cases[i].want);
    }
    ck_assert_int_eq(params_format_bytes(1, 4, 0, buf, sizeof(buf)), -1);
    ck_assert_int_eq(params_format_bytes(1, 1, 0, buf, 8), -1);
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc;

    tc = tcase_create("format");
    tcase_add_loop_test(tc, format_reference, 0,
                        sizeof(reference) / sizeof(reference[0]));
    tcase_add_loop_test(tc, format_table, 0,
                        sizeof(formats) / sizeof(formats[0]));
    tcase_add_test(tc, format_refuses);
    suite_add_tcase(s, tc);

    tc = tcase_create("fixed");
    tcase_set_timeout(tc, 120); /* 400,000 values, slow under ASan */
    tcase_add_test(tc, fixed_like_printf);
    suite_add_tcase(s, tc);

    tc = tcase_create("parse");
    tcase_add_loop_test(tc, parse_accepted, 0,
                        sizeof(accepted) / sizeof(accepted[0]));
    tcase_add_loop_test(tc, parse_rejected, 0,
                        sizeof(rejected) / sizeof(rejected[0]));
    tcase_add_test(tc, parse_bounded);
    tcase_add_test(tc, json_numbers);
    suite_add_tcase(s, tc);

    tc = tcase_create("amount");
    tcase_add_test(tc, amounts);
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_add_test(tc, bytes_parse);
    tcase_add_test(tc, bytes_format);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);
    return s;
}
