/* check_json_codec.c - unit tests of json_codec.c: parsing bodies,
 * decoding both body shapes with their errors, and exact encoding. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_codec.h"
#include "suites.h"

static cJSON *doc;
static struct compare_request req;
static struct problem pb;

static void setup(void)
{
    doc = NULL;
    compare_request_init(&req);
    memset(&pb, 0, sizeof(pb));
}

static void teardown(void)
{
    compare_request_cleanup(&req);
    cJSON_Delete(doc);
}

/* Parses text (a C string) the way the server does. */
static enum svc_status parse(const char *text)
{
    return json_codec_parse(text, strlen(text), &doc, &pb);
}

/* Parses and decodes text; fails the test if it is not valid JSON. */
static enum svc_status decode(const char *text, size_t max_models)
{
    ck_assert_int_eq(parse(text), SVC_OK);
    return json_codec_decode_compare(doc, max_models, &req, &pb);
}

/* Prints a tree and frees it. */
static char *print(cJSON *tree)
{
    char *text;

    ck_assert_ptr_nonnull(tree);
    text = cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    return text;
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
    ck_assert_int_eq(json_codec_parse(with_nul, sizeof(with_nul) - 1, &doc,
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
    ck_assert_int_eq(json_codec_parse(deep, n, &doc, &pb), SVC_EMALFORMED);
    free(deep);
}
END_TEST

START_TEST(decode_object_shape)
{
    ck_assert_int_eq(decode("{\"models\": {\"b\": 6e9, \"a\": \"101,770\", "
                            "\"c\": \"1.8T\"}, \"sort\": \"desc\", "
                            "\"precision\": 2, \"baseline\": \"a\"}",
                            10),
                     SVC_OK);
    ck_assert_int_eq(req.source, COMPARE_SOURCE_OBJECT);
    ck_assert_uint_eq(req.count, 3);
    ck_assert_str_eq(req.models[0].name, "b"); /* input order is kept */
    ck_assert_uint_eq(req.models[0].parameters, 6000000000ULL);
    ck_assert_str_eq(req.models[1].name, "a");
    ck_assert_uint_eq(req.models[1].parameters, 101770);
    ck_assert_uint_eq(req.models[2].parameters, 1800000000000ULL);
    ck_assert_int_eq(req.options.sort, COMPARE_SORT_DESC);
    ck_assert_int_eq(req.options.precision, 2);
    ck_assert_str_eq(req.options.baseline, "a");
}
END_TEST

START_TEST(decode_array_shape)
{
    ck_assert_int_eq(decode("{\"models\": [{\"name\": \"x\", \"parameters\": "
                            "3}, {\"parameters\": \"86M\", \"name\": "
                            "\"y\"}]}",
                            10),
                     SVC_OK);
    ck_assert_int_eq(req.source, COMPARE_SOURCE_ARRAY);
    ck_assert_uint_eq(req.count, 2);
    ck_assert_str_eq(req.models[1].name, "y");
    ck_assert_uint_eq(req.models[1].parameters, 86000000);
    ck_assert_int_eq(req.options.sort, COMPARE_SORT_INPUT);
    ck_assert_int_eq(req.options.precision, 1);
    ck_assert_ptr_null(req.options.baseline);
}
END_TEST

/* Bodies that must be refused, with the pointer and a part of the
 * detail each must give. */
static const struct {
    const char *body;
    enum svc_status status;
    const char *pointer; /* NULL: no pointer expected */
    const char *detail;
} bad[] = {
    {"[]", SVC_EINVAL, "", "must be a JSON object, not an array"},
    {"{}", SVC_EINVAL, "/models", "\"models\" is required"},
    {"{\"models\": 5}", SVC_EINVAL, "/models", "not a number"},
    {"{\"models\": {}, \"extra\": 1}", SVC_EINVAL, "/extra",
     "unknown field \"extra\""},
    {"{\"models\": {}, \"a/b~\": 1}", SVC_EINVAL, "/a~1b~0",
     "unknown field"},
    {"{\"models\": {}, \"models\": {}}", SVC_EINVAL, "/models",
     "more than once"},
    {"{\"models\": {\"a\": 1}, \"sort\": \"up\"}", SVC_EINVAL, "/sort",
     "\"up\""},
    {"{\"models\": {\"a\": 1}, \"sort\": 1}", SVC_EINVAL, "/sort", "asc"},
    {"{\"models\": {\"a\": 1}, \"precision\": 4}", SVC_EINVAL,
     "/precision", "precision 4 must be an integer from 0 to 3"},
    {"{\"models\": {\"a\": 1}, \"precision\": 1.5}", SVC_EINVAL,
     "/precision", "1.5"},
    {"{\"models\": {\"a\": 1}, \"precision\": \"2\"}", SVC_EINVAL,
     "/precision", "\"2\""},
    {"{\"models\": {\"a\": 1}, \"baseline\": 3}", SVC_EINVAL, "/baseline",
     "not a number"},
    {"{\"models\": {\"a\": \"1.23456K\"}}", SVC_EINVAL, "/models/a",
     "\"1.23456K\" of model \"a\" is not a whole number"},
    {"{\"models\": {\"a/b\": 0}}", SVC_EINVAL, "/models/a~1b", "is zero"},
    {"{\"models\": {\"a\": -5}}", SVC_EINVAL, "/models/a", "negative"},
    {"{\"models\": {\"a\": -0}}", SVC_EINVAL, "/models/a", "negative"},
    {"{\"models\": {\"a\": 1e400}}", SVC_EINVAL, "/models/a",
     "above 10^18"},
    {"{\"models\": {\"a\": 18446744073709551616}}", SVC_EINVAL,
     "/models/a", "above 10^18"},
    {"{\"models\": {\"a\": 12345678901234567}}", SVC_EINVAL, "/models/a",
     "as a string"},
    {"{\"models\": {\"a\": true}}", SVC_EINVAL, "/models/a",
     "not a boolean"},
    {"{\"models\": {\"a\": null}}", SVC_EINVAL, "/models/a", "not null"},
    {"{\"models\": {\"a\": \"NaN\"}}", SVC_EINVAL, "/models/a",
     "not a count"},
    {"{\"models\": {\"\": 1}}", SVC_EINVAL, "/models",
     "\"\" is empty (member 0"},
    {"{\"models\": {\"ok\": 1, \"\xff\": 1}}", SVC_EINVAL, "/models",
     "\"\\xFF\" is not valid UTF-8 (member 1"},
    {"{\"models\": [1]}", SVC_EINVAL, "/models/0", "not a number"},
    {"{\"models\": [{\"name\": \"a\"}]}", SVC_EINVAL, "/models/0",
     "needs \"parameters\""},
    {"{\"models\": [{\"parameters\": 1}]}", SVC_EINVAL, "/models/0",
     "needs \"name\""},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"x\": 1}]}",
     SVC_EINVAL, "/models/0/x", "unknown member \"x\""},
    {"{\"models\": [{\"name\": \"a\", \"name\": \"b\", \"parameters\": 1}]}",
     SVC_EINVAL, "/models/0/name", "more than once"},
    {"{\"models\": [{\"name\": 7, \"parameters\": 1}]}", SVC_EINVAL,
     "/models/0/name", "must be a string"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1}, {\"name\": \"b\", "
     "\"parameters\": [2]}]}",
     SVC_EINVAL, "/models/1/parameters", "not an array"},
    {"{\"models\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}}", SVC_EINVAL,
     "/models", "has 4 models; at most 3"},
};

START_TEST(decode_refuses)
{
    ck_assert_int_eq(decode(bad[_i].body, 3), bad[_i].status);
    ck_assert_msg(strstr(pb.detail, bad[_i].detail) != NULL,
                  "%s: detail \"%s\" lacks \"%s\"", bad[_i].body, pb.detail,
                  bad[_i].detail);
    ck_assert_int_eq(pb.has_pointer, 1);
    ck_assert_str_eq(pb.pointer, bad[_i].pointer);
    ck_assert_ptr_null(req.models); /* nothing is left allocated */
}
END_TEST

START_TEST(decode_long_name)
{
    char body[600];

    snprintf(body, sizeof(body), "{\"models\": [{\"name\": \"%0300d\", "
             "\"parameters\": 1}]}", 0);
    ck_assert_int_eq(decode(body, 10), SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/models/0/name");
    ck_assert_ptr_nonnull(strstr(pb.detail, "longer than 256 bytes"));
    ck_assert_ptr_nonnull(strstr(pb.detail, "...")); /* shown cut short */
}
END_TEST

START_TEST(encode_compare)
{
    /* 10^18 / 3 is 333333333333333312 as a double: the formatted ratio
     * rounds that double, as the reference's f"{r:,.0f}" does. */
    const struct compare_model m[] = {{"big", 3, PARAMS_MAX},
                                      {"small", 5, 3}};
    struct compare_entry entries[2];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    char *text;

    compare_options_init(&o);
    o.baseline = "small";
    o.baseline_len = 5;
    ck_assert_int_eq(compare_run(m, 2, &o, entries, &res, &err), SVC_OK);
    text = print(json_codec_encode_compare(&res));
    ck_assert_str_eq(
        text,
        "{\"models\":[{\"name\":\"big\",\"parameters\":1000000000000000000,"
        "\"formatted\":\"1000000.0T\",\"ratio_to_smallest\":"
        "3.333333333333333e+17,\"ratio_to_smallest_formatted\":"
        "\"333,333,333,333,333,312x\",\"ratio_to_baseline\":"
        "3.333333333333333e+17,\"ratio_to_baseline_formatted\":"
        "\"333,333,333,333,333,312x\"},{\"name\":\"small\",\"parameters\":3,"
        "\"formatted\":\"3\",\"ratio_to_smallest\":1,"
        "\"ratio_to_smallest_formatted\":\"1.0x\",\"ratio_to_baseline\":1,"
        "\"ratio_to_baseline_formatted\":\"1.0x\"}],\"count\":2,"
        "\"largest\":{\"name\":\"big\",\"parameters\":1000000000000000000,"
        "\"formatted\":\"1000000.0T\"},\"smallest\":{\"name\":\"small\","
        "\"parameters\":3,\"formatted\":\"3\"},\"baseline\":{\"name\":"
        "\"small\",\"parameters\":3,\"formatted\":\"3\"},"
        "\"scale_difference\":3.333333333333333e+17,"
        "\"scale_difference_formatted\":\"333,333,333,333,333,312x\","
        "\"orders_of_magnitude\":17.52,\"summary\":\"Largest model is "
        "333,333,333,333,333,312x bigger than smallest\"}");
    cJSON_free(text);
}
END_TEST

START_TEST(encode_round_trips)
{
    /* Every double printed reads back as the same double. */
    const struct compare_model m[] = {{"a", 1, 7}, {"b", 1, 1000003},
                                      {"c", 1, 999999999989ULL}};
    struct compare_entry entries[3];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    cJSON *back;
    char *text;

    compare_options_init(&o);
    ck_assert_int_eq(compare_run(m, 3, &o, entries, &res, &err), SVC_OK);
    text = print(json_codec_encode_compare(&res));
    back = cJSON_Parse(text);
    for (size_t i = 0; i < 3; i++) {
        cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(back, "models"),
                                      (int)i);

        ck_assert_double_eq(
            cJSON_GetObjectItem(e, "ratio_to_smallest")->valuedouble,
            entries[i].ratio_to_smallest);
    }
    ck_assert_double_eq(
        cJSON_GetObjectItem(back, "scale_difference")->valuedouble,
        res.scale_difference);
    cJSON_Delete(back);
    cJSON_free(text);
}
END_TEST

START_TEST(encode_others)
{
    const struct compare_model m[] = {{"a\"b", 3, 101770}};
    struct problem p;
    char *text;

    text = print(json_codec_encode_models(m, 1));
    ck_assert_str_eq(text, "{\"models\":[{\"name\":\"a\\\"b\",\"parameters\":"
                           "101770,\"formatted\":\"101.8K\"}],\"count\":1}");
    cJSON_free(text);
    text = print(json_codec_encode_status("ok"));
    ck_assert_str_eq(text, "{\"status\":\"ok\"}");
    cJSON_free(text);

    problem_set(&p, SVC_EINVAL, "bad %s", "thing");
    text = print(json_codec_encode_problem(&p, 422, "Unprocessable"));
    ck_assert_str_eq(text, "{\"type\":\"about:blank\",\"title\":"
                           "\"Unprocessable\",\"status\":422,\"detail\":"
                           "\"bad thing\"}");
    cJSON_free(text);
    problem_point(&p, "/models/%d", 2);
    text = print(json_codec_encode_problem(&p, 422, "Unprocessable"));
    ck_assert_ptr_nonnull(strstr(text, ",\"pointer\":\"/models/2\"}"));
    cJSON_free(text);
}
END_TEST

Suite *json_codec_suite(void)
{
    Suite *s = suite_create("json_codec");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_accepts);
    tcase_add_test(tc, parse_deep);
    suite_add_tcase(s, tc);

    tc = tcase_create("decode");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, decode_object_shape);
    tcase_add_test(tc, decode_array_shape);
    tcase_add_loop_test(tc, decode_refuses, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, decode_long_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("encode");
    tcase_add_test(tc, encode_compare);
    tcase_add_test(tc, encode_round_trips);
    tcase_add_test(tc, encode_others);
    suite_add_tcase(s, tc);
    return s;
}
