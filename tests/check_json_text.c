/* check_json_text.c - unit tests of json_text.c: what a body must be to
 * be read as JSON at all. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_text.h"
#include "api/request_compare.h"
#include "api/request_fit.h"
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
    {"[\"a\\", 4, "ends inside a string"},
    {"[\"\\\x01\"]", 2, "an unknown escape in a string"},
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

/* Reads a compare request from text; SVC_OK or the refusal, in pb. */
static enum svc_status read_compare(const char *text)
{
    struct compare_request req;
    struct request rq = {NULL, 0, NULL, 0};
    enum svc_status st = parse(text);

    compare_request_init(&req);
    rq.body = doc;
    if (st == SVC_OK)
        st = compare_request_read(&rq, NULL, 0, 10, &req, &pb);
    compare_request_cleanup(&req);
    return st;
}

/* A count or an integer whose text has a fraction is refused, though
 * its double is whole; the detail shows the text as the client wrote it
 * (issue 14, item 17). */
static const struct {
    const char *text;
    const char *why; /* NULL: accepted */
} json_counts[] = {
    {"{\"models\": {\"a\": 2.9999999999999999}}",
     "parameters 2.9999999999999999 of model \"a\" is not a whole number"},
    {"{\"models\": {\"a\": 4503599627370496.5}}",
     "parameters 4503599627370496.5 of model \"a\" is not a whole number"},
    {"{\"models\": {\"a\": 1.0000000000000000001e2}}", "not a whole number"},
    {"{\"models\": {\"a\": 1e-400}}", "1e-400 of model \"a\" is not a whole"},
    {"{\"models\": {\"a\": 1234.5e-1}}", "not a whole number"},
    {"{\"models\": {\"a\": 0.5}}", "not a whole number"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 8, "
     "\"active_parameters\": 3.0000000000000001}]}",
     "active_parameters 3.0000000000000001 of model \"a\" is not a whole"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 8, "
     "\"year\": 2023.0000000000001}]}",
     "year 2023.0000000000001 must be a whole number"},
    {"{\"models\": {\"a\": 1}, \"precision\": 1.0000000000000001}",
     "precision 1.0000000000000001 must be an integer"},
    {"{\"models\": {\"a\": 1e400}}", "parameters 1e400 of model \"a\" is "
                                     "above 10^18"},
    {"{\"models\": {\"a\": 12345678901234567}}", "as a string"},
    {"{\"models\": {\"a\": 0.0}}", "is zero"},
    {"{\"models\": {\"a\": -0.0}}", "is negative"},
    {"{\"models\": {\"a\": 1.5e1, \"b\": 1.000e3, \"c\": 2.50E+1, "
     "\"d\": 10.0, \"e\": 7000000000, \"f\": 123456000000000e-3}}", NULL},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 8e0, "
     "\"active_parameters\": 2.0, \"year\": 2.023e3}], "
     "\"precision\": 2.0}", NULL},
};

START_TEST(json_counts_exact)
{
    enum svc_status st = read_compare(json_counts[_i].text);

    if (json_counts[_i].why == NULL) {
        ck_assert_msg(st == SVC_OK, "row %d: %s", _i, pb.detail);
    } else {
        ck_assert_msg(st == SVC_EINVAL &&
                          strstr(pb.detail, json_counts[_i].why) != NULL,
                      "row %d: %s", _i, st == SVC_OK ? "(ok)" : pb.detail);
    }
}
END_TEST

/* Each number's text, and whether it is whole, read from the text. */
static const struct {
    const char *number;
    const char *text; /* json_text_number: NULL for a plain integer */
    int whole;
} numbers[] = {
    {"7", NULL, 1},
    {"-12", NULL, 1},
    {"123456789012345", NULL, 1},
    {"1234567890123456", "1234567890123456", 1},
    {"-0", NULL, 1},
    {"0.0", "0.0", 1},
    {"0e-99999999999999999999", "0e-99999999999999999999", 1},
    {"2.9999999999999999", "2.9999999999999999", 0},
    {"4503599627370496.5", "4503599627370496.5", 0},
    {"1.5e1", "1.5e1", 1},
    {"1.55e1", "1.55e1", 0},
    {"1500e-2", "1500e-2", 1},
    {"1501e-2", "1501e-2", 0},
    {"10.000", "10.000", 1},
    {"1E+2", "1E+2", 1},
    {"1e-400", "1e-400", 0},
    {"1e400", "1e400", 1},
    {"-2.5", "-2.5", 0},
    {"1e99999999999999999999", "1e99999999999999999999", 1},
    {"1e-99999999999999999999", "1e-99999999999999999999", 0},
};

START_TEST(number_texts)
{
    char text[96];
    const cJSON *item;

    snprintf(text, sizeof(text), "{\"a\": [\"x1\", %s], \"b\": 1.5, "
             "\"-3\": -3}", numbers[_i].number);
    ck_assert_int_eq(parse(text), SVC_OK);
    item = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "a"), 1);
    if (numbers[_i].text == NULL)
        ck_assert_ptr_null(json_text_number(item));
    else
        ck_assert_str_eq(json_text_number(item), numbers[_i].text);
    ck_assert_int_eq(json_text_whole(item), numbers[_i].whole);
    /* The walk stays in step with the tree: strings are skipped. */
    ck_assert_str_eq(json_text_number(cJSON_GetObjectItem(doc, "b")),
                     "1.5");
    ck_assert_ptr_null(json_text_number(cJSON_GetObjectItem(doc, "-3")));
    ck_assert_ptr_null(cJSON_GetStringValue(item));
    ck_assert_ptr_null(json_text_number(cJSON_GetArrayItem(
        cJSON_GetObjectItem(doc, "a"), 0)));
}
END_TEST

START_TEST(number_texts_elsewhere)
{
    cJSON *made = cJSON_CreateNumber(3);
    char *printed;

    /* A number that json_text_parse did not make has no text. */
    ck_assert_ptr_null(json_text_number(made));
    ck_assert_int_eq(json_text_whole(made), 1);
    cJSON_Delete(made);
    ck_assert_int_eq(json_text_whole(NULL), 0);
    /* cJSON prints a number from its double, whatever its text. */
    ck_assert_int_eq(parse("[2.50, \"\\\"1.5\", 1e2]"), SVC_OK);
    printed = cJSON_PrintUnformatted(doc);
    ck_assert_str_eq(printed, "[2.5,\"\\\"1.5\",100]");
    cJSON_free(printed);
    ck_assert_str_eq(json_text_number(cJSON_GetArrayItem(doc, 2)), "1e2");
}
END_TEST

START_TEST(json_bytes_exact)
{
    /* A number of bytes is read from the text the client wrote, as text
     * is: the fraction its double loses is still rounded away exactly,
     * and one that reaches half a byte rounds up. */
    static const struct compare_model m = {.name = "m", .name_len = 1,
                                           .parameters = 1};
    static const struct catalog c = {FIT_DEFAULT_CATALOG, "", &m, 1, NULL};
    static const struct {
        const char *body;
        uint64_t bytes;
    } cases[] = {
        {"{\"memory\": 24000000000.000000001}", 24000000000ULL},
        {"{\"memory\": 24000000000.4999999999}", 24000000000ULL},
        {"{\"memory\": 24000000000.5}", 24000000001ULL},
        {"{\"memory\": 2.4e10}", 24000000000ULL},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct request rq = {NULL, 0, NULL, 0};
        struct fit_answer ans;

        cJSON_Delete(doc);
        ck_assert_int_eq(parse(cases[i].body), SVC_OK);
        rq.body = doc;
        ck_assert_int_eq(fit_request_answer(&rq, &c, 1, &ans, &pb), SVC_OK);
        ck_assert_msg(ans.memory == cases[i].bytes, "%s: %llu",
                      cases[i].body, (unsigned long long)ans.memory);
        fit_answer_cleanup(&ans);
    }
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

    tc = tcase_create("numbers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, json_counts_exact, 0,
                        sizeof(json_counts) / sizeof(json_counts[0]));
    tcase_add_test(tc, json_bytes_exact);
    tcase_add_loop_test(tc, number_texts, 0,
                        sizeof(numbers) / sizeof(numbers[0]));
    tcase_add_test(tc, number_texts_elsewhere);
    suite_add_tcase(s, tc);
    return s;
}
