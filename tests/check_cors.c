/* check_cors.c - unit tests of cors.c: which Origin gets which
 * Access-Control-Allow-Origin. */
#include <check.h>
#include <stddef.h>

#include "http/cors.h"
#include "suites.h"

static const struct {
    const char *allowed, *origin, *want; /* want NULL: no CORS header */
} cases[] = {
    {"*", "https://a.example", "*"},
    {"*", NULL, "*"},
    {"https://a.example", "https://a.example", "https://a.example"},
    {"https://a.example,http://b.example:8080", "http://b.example:8080",
     "http://b.example:8080"},
    {"https://a.example,http://b.example:8080", "http://b.example", NULL},
    {"https://a.example", "https://a.example.evil", NULL}, /* no prefix */
    {"https://a.example.evil", "https://a.example", NULL},
    {"https://a.example", "http://a.example", NULL},       /* scheme */
    {"https://a.example", "HTTPS://A.EXAMPLE", NULL},      /* exact only */
    {"https://a.example", "", NULL},
    {"https://a.example", NULL, NULL},
    {"https://a.example", "null", NULL},
    {"", "https://a.example", NULL},
};

START_TEST(allow_origin)
{
    const char *got = cors_allow_origin(cases[_i].allowed, cases[_i].origin);

    if (cases[_i].want == NULL)
        ck_assert_ptr_null(got);
    else
        ck_assert_str_eq(got, cases[_i].want);
}
END_TEST

START_TEST(varies)
{
    ck_assert_int_eq(cors_varies("*"), 0);
    ck_assert_int_eq(cors_varies("https://a.example"), 1);
}
END_TEST

Suite *cors_suite(void)
{
    Suite *s = suite_create("cors");
    TCase *tc = tcase_create("origin");

    tcase_add_loop_test(tc, allow_origin, 0,
                        sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, varies);
    suite_add_tcase(s, tc);
    return s;
}
