/* check_etag.c - unit tests of etag.c: ETags and
 * If-None-Match. */
#include <check.h>
#include <string.h>

#include "http/etag.h"
#include "suites.h"

START_TEST(etag)
{
    char a[ETAG_MAX], b[ETAG_MAX];

    etag_make("{\"x\":1}", 7, a);
    etag_make("{\"x\":1}", 7, b);
    ck_assert_str_eq(a, b);
    ck_assert_uint_eq(strlen(a), 18);
    ck_assert_int_eq(a[0], '"');
    ck_assert_int_eq(a[17], '"');
    etag_make("{\"x\":2}", 7, b); /* one byte differs */
    ck_assert_str_ne(a, b);
    etag_make("", 0, b);
    ck_assert_str_eq(b, "\"cbf29ce484222325\""); /* FNV-1a's offset */
    /* The published FNV-1a 64 value of "a". */
    ck_assert_uint_eq(etag_hash("a", 1), 0xaf63dc4c8601ec8cULL);
}
END_TEST

static const struct {
    const char *header;
    int match;
} headers[] = {
    {NULL, 0},
    {"", 0},
    {"\"abc\"", 1},
    {"W/\"abc\"", 1},
    {"*", 1},
    {"\"x\", \"abc\"", 1},
    {"\"x\",W/\"abc\" ", 1},
    {"\"x\"", 0},
    {"\"abcd\"", 0},
    {"abc", 0}, /* unquoted: not this tag */
    {"\"ab\"c\"", 0},
};

START_TEST(if_none_match)
{
    ck_assert_int_eq(etag_matches(headers[_i].header, "\"abc\""),
                     headers[_i].match);
}
END_TEST

Suite *etag_suite(void)
{
    Suite *s = suite_create("etag");
    TCase *tc = tcase_create("validators");

    tcase_add_test(tc, etag);
    tcase_add_loop_test(tc, if_none_match, 0,
                        sizeof(headers) / sizeof(headers[0]));
    suite_add_tcase(s, tc);
    return s;
}
