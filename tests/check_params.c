/* check_params.c - unit tests of params.c: reading every accepted and
 * rejected count form, amounts, bytes and names. */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/params.h"
#include "suites.h"


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

    ck_assert_int_eq(params_from_double(6e9, 1, &n, &why), SVC_OK);
    ck_assert_uint_eq(n, 6000000000ULL);
    ck_assert_int_eq(params_from_double(9007199254740991.0, 1, &n, &why),
                     SVC_OK);
    ck_assert_uint_eq(n, 9007199254740991ULL);
    ck_assert_int_eq(params_from_double(9007199254740992.0, 1, &n, &why),
                     SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "as a string"));
    ck_assert_int_eq(params_from_double(1e19, 1, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "above 10^18"));
    ck_assert_int_eq(params_from_double(0.0, 1, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "zero"));
    ck_assert_int_eq(params_from_double(-0.0, 1, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "negative"));
    ck_assert_int_eq(params_from_double(-3, 1, &n, &why), SVC_EINVAL);
    ck_assert_int_eq(params_from_double(2.5, 0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "whole"));
    ck_assert_int_eq(params_from_double(INFINITY, 1, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "above 10^18"));
    ck_assert_int_eq(params_from_double(NAN, 1, &n, &why), SVC_EINVAL);
    /* The text the client wrote was not whole, though its double is. */
    ck_assert_int_eq(params_from_double(3.0, 0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "not a whole number"));
    ck_assert_int_eq(params_from_double(0.0, 0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "not a whole number")); /* 1e-400 */
    ck_assert_int_eq(params_from_double(1e300, 0, &n, &why), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "above 10^18"));
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

/* Numbers that may be below 1: the forms of amounts, from 0 up. */
START_TEST(numbers)
{
    static const struct {
        const char *text;
        double want; /* -1: refused, and why holds the reason */
        const char *why;
    } cases[] = {
        {"0.4", 0.4, NULL},
        {"0", 0, NULL},
        {"2.5", 2.5, NULL},
        {"1.5M", 1.5e6, NULL},
        {"1e6", 1e6, NULL},
        {"0.000001", 1e-6, NULL},
        {"1e40", 1e40, NULL},
        {"1e41", -1, "above 10^40"},
        {"1e99999", -1, "above 10^40"}, /* inf from strtold */
        {"-0.4", -1, "negative"},
        {".4", -1, "not a number"},
        {"4e-1", -1, "not a number"},
        {"0.4 ", -1, "not a number"},
        {"", -1, "empty"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double got = -1;
        const char *why = NULL;
        enum svc_status st = params_parse_number(
            cases[i].text, strlen(cases[i].text), &got, &why);

        if (cases[i].want >= 0) {
            ck_assert_msg(st == SVC_OK, "%s: %s", cases[i].text, why);
            ck_assert_msg(got == cases[i].want, "%s: %.17g", cases[i].text,
                          got);
        } else {
            ck_assert_msg(st == SVC_EINVAL && strstr(why, cases[i].why),
                          "%s: %s", cases[i].text, why ? why : "(ok)");
            ck_assert(got == -1);
        }
    }
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
        /* decimal amounts round half up exactly, from their digits: a
         * long double holds the first as .5 */
        {"24000000000.4999999999", 24000000000ULL, NULL},
        {"24000000000.5", 24000000001ULL, NULL},
        {"1,000,000.5", 1000001, NULL},
        {"1.23456789e3", 1235, NULL},
        {"0.0015KB", 2, NULL},
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

/* A long number: head, `n` copies of fill, then tail.  The caller
 * frees it. */
static char *long_text(const char *head, size_t n, char fill,
                       const char *tail)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + n + t + 1);

    ck_assert_ptr_nonnull(s);
    memcpy(s, head, h);
    memset(s + h, fill, n);
    memcpy(s + h + n, tail, t + 1);
    return s;
}

enum { AS_COUNT, AS_AMOUNT, AS_BYTES };

/* Exponents of any length, read exactly, the fraction's length
 * offsetting them (issue 14, item 14). */
static const struct {
    const char *head;
    size_t n;
    char fill;
    const char *tail;
    int as;
    double want; /* 0: refused, and why holds the reason */
    const char *why;
} exponents[] = {
    {"0.", 98, '0', "5e100", AS_COUNT, 50, NULL},
    {"0.", 98, '0', "5e99", AS_COUNT, 5, NULL},
    {"0.", 98, '0', "5e98", AS_COUNT, 0, "not a whole number"},
    {"0.", 98, '0', "1e999", AS_COUNT, 0, "above 10^18"},
    {"0.", 98, '0', "1e117", AS_COUNT, 1e18, NULL},
    {"0.", 98, '0', "1e118", AS_COUNT, 0, "above 10^18"},
    {"0.", 9998, '0', "1e10000", AS_COUNT, 10, NULL},
    {"1e", 10000, '0', "7", AS_COUNT, 1e7, NULL},
    {"1e", 10000, '9', "", AS_COUNT, 0, "above 10^18"},
    {"0.", 10000, '0', "e99999999999999999999", AS_COUNT, 0, "zero"},
    {"1.", 10000, '0', "1e10000", AS_COUNT, 0, "not a whole number"},
    {"1.", 10000, '0', "1e10001", AS_COUNT, 0, "above 10^18"},
    {"0.", 98, '0', "5e100", AS_AMOUNT, 50, NULL},
    {"0.", 98, '0', "1e139", AS_AMOUNT, 1e40, NULL},
    {"0.", 98, '0', "1e140", AS_AMOUNT, 0, "above 10^40"},
    {"0.", 98, '0', "1e999", AS_AMOUNT, 0, "above 10^40"},
    {"0.", 98, '0', "5e98", AS_AMOUNT, 0, "below 1"},
    {"0.", 10000, '0', "1", AS_AMOUNT, 0, "below 1"},
    {"1e", 10000, '9', "", AS_AMOUNT, 0, "above 10^40"},
    {"0.", 98, '0', "5e100", AS_BYTES, 50, NULL},
    {"0.", 98, '0', "5e100KB", AS_BYTES, 50000, NULL},
    {"0.", 98, '0', "1e999", AS_BYTES, 0, "above 10^19 bytes"},
    {"1e", 10000, '9', " GiB", AS_BYTES, 0, "above 10^19 bytes"},
    {"0.", 98, '0', "4e98", AS_BYTES, 0, "less than one byte"},
};

START_TEST(exponent_read)
{
    char *s = long_text(exponents[_i].head, exponents[_i].n,
                        exponents[_i].fill, exponents[_i].tail);
    size_t len = strlen(s);
    const char *why = NULL;
    enum svc_status st;
    uint64_t n = 0;
    double d = 0;

    if (exponents[_i].as == AS_COUNT) {
        st = params_parse_text(s, len, &n, &why);
        d = (double)n;
    } else if (exponents[_i].as == AS_AMOUNT) {
        st = params_parse_amount(s, len, &d, &why);
    } else {
        st = params_parse_bytes(s, len, &n, &why);
        d = (double)n;
    }
    if (exponents[_i].want > 0) {
        ck_assert_msg(st == SVC_OK, "row %d: %s", _i, why);
        ck_assert_msg(d == exponents[_i].want, "row %d: %.17g", _i, d);
    } else {
        ck_assert_msg(st == SVC_EINVAL && strstr(why, exponents[_i].why),
                      "row %d: %s", _i, st == SVC_OK ? "(ok)" : why);
    }
    free(s);
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc;

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
    tcase_add_test(tc, numbers);
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_add_test(tc, bytes_parse);
    suite_add_tcase(s, tc);

    tc = tcase_create("exponents");
    tcase_add_loop_test(tc, exponent_read, 0,
                        sizeof(exponents) / sizeof(exponents[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);
    return s;
}
