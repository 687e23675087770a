/* check_json_text.c - unit tests of json_text.c: what a body must be to
 * be read as JSON at all. */
#include <check.h>
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
    ck_assert_ptr_nonnull(strstr(pb.detail, "line 2, column 11"));
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

Suite *json_text_suite(void)
{
    Suite *s = suite_create("json_text");
    TCase *tc = tcase_create("parse");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_accepts);
    tcase_add_test(tc, parse_deep);
    suite_add_tcase(s, tc);
    return s;
}
