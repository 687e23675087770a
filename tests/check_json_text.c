/* check_json_text.c - unit tests of json_text.c: what a body must be to
 * be read as JSON at all. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_text.h"
#include "suites.h"

static cJSON *doc;
static struct problem pb;

static void setup(void)
{
    doc = NULL;
    memset(&pb, 0, sizeof(pb));
}

static void teardown(void)
{
    cJSON_Delete(doc);
}

/* Parses text (a C string) the way the server does. */
static enum svc_status parse(const char *text)
{
    return json_text_parse(text, strlen(text), &doc, &pb);
}

START_TEST(parse_errors)
{
    const char with_nul[] = "{\"models\":{}}\0{}";

    ck_assert_int_eq(parse(""), SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail, "empty"));
    ck_assert_int_eq(parse("{\"models\":\n {\"a\": 1,}"), SVC_EMALFORMED);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(pb.detail, "line 2, column 10") != NULL, "%s",
                  pb.detail); /* the '}' where a name was expected */
    ck_assert_int_eq(parse("{} x"), SVC_EMALFORMED); /* trailing text */
    ck_assert_int_eq(json_text_parse(with_nul, sizeof(with_nul) - 1, &doc,
                                     &pb),
                     SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail, "NUL byte at offset 13"));
    ck_assert_int_eq(parse("{\"models\":{\"a\\u0000b\":1}}"), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "\\u0000"));
}
END_TEST

START_TEST(parse_accepts)
{
    /* An escaped backslash followed by "u0000" is no NUL escape. */
    ck_assert_int_eq(parse("{\"a\\\\u0000\":1}"), SVC_OK);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(doc, "a\\u0000"));
    cJSON_Delete(doc);
    ck_assert_int_eq(parse(" {\"models\": []} \n"), SVC_OK);
}
END_TEST

START_TEST(parse_deep)
{
    size_t n = 100000;
    char *deep = malloc(n + 1);

    memset(deep, '[', n);
    deep[n] = '\0';
    ck_assert_int_eq(json_text_parse(deep, n, &doc, &pb), SVC_EMALFORMED);
    free(deep);
}
END_TEST

/* Not JSON by RFC 8259, though cJSON 1.7 takes some of them: each is a
 * 400 that says what is wrong and at which byte (issue 14, item 18). */
static const struct {
    const char *text;
    size_t offset;    /* byte offset the detail gives */
    const char *what; /* a part of the detail */
} not_json[] = {
    {"007", 0, "leading zero"},
    {"{\"models\": {\"a\": 007}}", 17, "leading zero"},
    {"-01", 0, "leading zero"},
    {"{\"a\": 1.}", 8, "digit after the decimal point"},
    {"{\"a\": 1.e3}", 8, "digit after the decimal point"},
    {"[1.5e]", 5, "digit in the exponent"},
    {"[1E+]", 4, "digit in the exponent"},
    {"[-]", 2, "digit after the minus sign"},
    {"[-x]", 2, "digit after the minus sign"},
    {"[+1]", 1, "expected a value"},
    {"[.5]", 1, "expected a value"},
    {"{\"a\x01\": 1}", 3, "raw control character U+0001"},
    {"[\"a\tb\"]", 3, "raw control character U+0009"},
    {"[\"a\nb\"]", 3, "raw control character U+000A"},
    {"[\"\x1f\"]", 2, "raw control character U+001F"},
    {"{\"a\":\x0c 1}", 5, "U+000C is not JSON whitespace"},
    {"\x0b{}", 0, "U+000B is not JSON whitespace"},
    {"{}\x1c", 2, "U+001C is not JSON whitespace"},
    {"[1,\x01 2]", 3, "U+0001 is not JSON whitespace"},
    {"\\u0000", 0, "expected a value"},
    {"[\"\\q\"]", 2, "unknown escape"},
    {"[\"\\u12\"]", 2, "four hexadecimal digits"},
    {"[\"\\u12G4\"]", 2, "four hexadecimal digits"},
    {"[\"\\ud800\"]", 2, "lone UTF-16 surrogate"},
    {"[\"\\ud800\\u0041\"]", 2, "lone UTF-16 surrogate"},
    {"[\"\\udc00\\ud800\"]", 2, "lone UTF-16 surrogate"},
    {"[tru]", 1, "expected a value"},
    {"[nulll]", 5, "expected ',' or ']'"},
    {"[1,]", 3, "expected a value"},
    {"{\"a\": 1,}", 8, "expected a member name"},
    {"{\"a\" 1}", 5, "expected ':'"},
    {"{'a': 1}", 1, "expected a member name"},
    {"[1 2]", 3, "expected ',' or ']'"},
    {"{\"a\": 1]", 7, "expected ',' or '}'"},
    {"{} x", 3, "after the JSON value"},
    {"{}{}", 2, "after the JSON value"},
    {"[\"abc", 5, "ends inside a string"},
    {"{\"a\": [1, 2", 11, "ends early"},
    {"   \n", 4, "ends early"},
    {"\xef\xbb{}", 0, "expected a value"},
};

START_TEST(refuses_not_json)
{
    char where[64];

    snprintf(where, sizeof(where), "(byte offset %zu)", not_json[_i].offset);
    ck_assert_msg(parse(not_json[_i].text) == SVC_EMALFORMED,
                  "row %d: accepted, or a 422: %s", _i,
                  doc != NULL ? "(ok)" : pb.detail);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(pb.detail, "not valid JSON") != NULL &&
                      strstr(pb.detail, not_json[_i].what) != NULL &&
                      strstr(pb.detail, where) != NULL,
                  "row %d: %s", _i, pb.detail);
}
END_TEST

/* JSON by RFC 8259, every form of it. */
static const char *const json[] = {
    "{\"a\": [0, -0, 1, -1, 10, 0.5, -0.5e-3, 1e3, 1E+3, 1e-3, 12.50E07, "
    "true, false, null, {}, [], \"\", \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]}",
    " \t\r\n[ 1 , 2 ]\t\r\n ",
    "\"a string\"",
    "\"\\u0000\"", /* valid JSON; the caller wants an object, and says so */
    "3",
    "-0.0",
    "null",
    "[\"\\ud83e\\udd99\", \"\\u00e9\", \"\\uFFFF\", \"\x7f\"]",
    "{\"\xff\": 1}", /* UTF-8 is the readers' to check, with a pointer */
    "\xef\xbb\xbf{}", /* a byte order mark, which RFC 8259 lets us skip */
    "{\"a\": 1, \"a\": 2}",
};

START_TEST(accepts_json)
{
    ck_assert_msg(parse(json[_i]) == SVC_OK, "row %d: %s", _i, pb.detail);
    ck_assert_ptr_nonnull(doc);
}
END_TEST

START_TEST(nesting_limit)
{
    size_t n = CJSON_NESTING_LIMIT;
    char *deep = malloc(2 * n + 3);

    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    ck_assert_int_eq(json_text_parse(deep, 2 * n, &doc, &pb), SVC_OK);
    cJSON_Delete(doc);
    doc = NULL;
    memset(deep, '[', n + 1);
    memset(deep + n + 1, ']', n + 1);
    deep[2 * n + 2] = '\0';
    ck_assert_int_eq(json_text_parse(deep, 2 * n + 2, &doc, &pb),
                     SVC_EMALFORMED);
    ck_assert_msg(strstr(pb.detail, "deeper than 1000 levels") != NULL &&
                      strstr(pb.detail, "(byte offset 1000)") != NULL,
                  "%s", pb.detail);
    free(deep);
}
END_TEST

START_TEST(nul_escapes)
{
    /* Valid JSON that cJSON would cut: still the 422 it was. */
    ck_assert_int_eq(parse("[\"a\\u0000\"]"), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "\\u0000 escape at offset 3"));
    ck_assert_int_eq(parse("{\"models\": {\"\\u0000\": 1}}"), SVC_EINVAL);
    ck_assert_ptr_null(doc);
}
END_TEST

Suite *json_text_suite(void)
{
    Suite *s = suite_create("json_text");
    TCase *tc = tcase_create("parse");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_accepts);
    tcase_add_test(tc, parse_deep);
    suite_add_tcase(s, tc);

    tc = tcase_create("strict");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, refuses_not_json, 0,
                        sizeof(not_json) / sizeof(not_json[0]));
    tcase_add_loop_test(tc, accepts_json, 0, sizeof(json) / sizeof(json[0]));
    tcase_add_test(tc, nesting_limit);
    tcase_add_test(tc, nul_escapes);
    suite_add_tcase(s, tc);

    return s;
}
