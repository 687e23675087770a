/* check_json_codec.c - unit tests of json_codec.c: parsing bodies,
 * decoding both body shapes with their errors, and exact encoding. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_codec.h"
#include "suites.h"

static cJSON *doc;
static struct compare_request req;
static struct problem pb;
static struct text_buf out;

#define MODEL(n, count)                                                    \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = count}

static void setup(void)
{
    doc = NULL;
    text_buf_init(&out);
    compare_request_init(&req);
    memset(&pb, 0, sizeof(pb));
}

static void teardown(void)
{
    compare_request_cleanup(&req);
    cJSON_Delete(doc);
    text_buf_cleanup(&out);
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

/* The text an encoder wrote into out, after checking that it succeeded;
 * the caller frees it.  out is left empty for the next encoder. */
static char *take(enum svc_status st)
{
    size_t len;
    char *text;

    ck_assert_int_eq(st, SVC_OK);
    text = text_buf_release(&out, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(strlen(text), len);
    return text;
}

/* What cJSON prints for tree, which is then freed. */
static char *cjson_print(cJSON *tree)
{
    char *text = cJSON_PrintUnformatted(tree);

    ck_assert_ptr_nonnull(text);
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

START_TEST(decode_catalog_details)
{
    /* What a catalog says of a model, and the estimates asked for. */
    ck_assert_int_eq(
        decode("{\"models\": [{\"name\": \"mixtral\", \"parameters\": "
               "\"46.7B\", \"active_parameters\": \"12.9B\", \"kind\": "
               "\"moe\", \"year\": 2023, \"source\": "
               "\"https://mistral.ai/\"}, {\"name\": \"d\", \"parameters\": "
               "7, \"kind\": \"dense\"}], \"include\": [\"compute\"], "
               "\"tokens\": \"2T\"}",
               10),
        SVC_OK);
    ck_assert_uint_eq(req.models[0].active_parameters, 12900000000ULL);
    ck_assert_int_eq(req.models[0].kind, COMPARE_KIND_MOE);
    ck_assert_int_eq(req.models[0].year, 2023);
    ck_assert_str_eq(req.models[0].source, "https://mistral.ai/");
    ck_assert_int_eq(req.models[1].kind, COMPARE_KIND_DENSE);
    ck_assert_uint_eq(req.models[1].active_parameters, 0);
    ck_assert_ptr_null(req.models[1].source);
    ck_assert_uint_eq(req.extras.include, COMPARE_COMPUTE);
    ck_assert_double_eq(req.extras.tokens, 2e12);
}
END_TEST

START_TEST(decode_fields)
{
    struct scaling_request sr;
    struct fit_request fr;

    scaling_request_init(&sr);
    ck_assert_int_eq(parse("{\"parameters\": \"70B\", \"tokens\": 1.4e12}"),
                     SVC_OK);
    ck_assert_int_eq(json_codec_decode_fields(doc, &scaling_fields, &sr, &pb),
                     SVC_OK);
    ck_assert_double_eq(sr.parameters, 7e10);
    ck_assert_double_eq(sr.tokens, 1.4e12);
    cJSON_Delete(doc);
    fit_request_init(&fr);
    ck_assert_int_eq(parse("{\"memory\": \"80 GiB\", \"dtype\": \"int8\"}"),
                     SVC_OK);
    ck_assert_int_eq(json_codec_decode_fields(doc, &fit_fields, &fr, &pb),
                     SVC_OK);
    ck_assert_uint_eq(fr.memory, 80ULL << 30);
    ck_assert_int_eq(fr.dtype, ESTIMATE_INT8);
}
END_TEST

/* Field bodies (of /fit and /scaling) that must be refused. */
static const struct {
    const char *body;
    const char *pointer, *detail;
} bad_fields[] = {
    {"[]", "", "must be a JSON object"},
    {"{\"memory\": \"1GB\", \"gpus\": 2}", "/gpus", "unknown field"},
    {"{\"memory\": \"1GB\", \"memory\": \"2GB\"}", "/memory",
     "more than once"},
    {"{\"memory\": [1]}", "/memory", "not an array"},
    {"{\"memory\": \"24 G\"}", "/memory", "not an amount of memory"},
    {"{\"dtype\": \"fp64\"}", "/dtype", "dtype \"fp64\" must be"},
    {"{\"mode\": \"serving\"}", "/mode", "mode \"serving\" must be"},
};

START_TEST(decode_fields_refuses)
{
    struct fit_request fr;

    fit_request_init(&fr);
    ck_assert_int_eq(parse(bad_fields[_i].body), SVC_OK);
    ck_assert_int_eq(json_codec_decode_fields(doc, &fit_fields, &fr, &pb),
                     SVC_EINVAL);
    ck_assert_msg(strstr(pb.detail, bad_fields[_i].detail) != NULL,
                  "detail \"%s\" lacks \"%s\"", pb.detail,
                  bad_fields[_i].detail);
    ck_assert_int_eq(pb.has_pointer, 1);
    ck_assert_str_eq(pb.pointer, bad_fields[_i].pointer);
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
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"kind\": "
     "\"sparse\"}]}",
     SVC_EINVAL, "/models/0/kind", "kind \"sparse\" must be"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 9, \"kind\": "
     "\"dense\", \"active_parameters\": 3}]}",
     SVC_EINVAL, "/models/0/active_parameters",
     "a dense model has no active_parameters"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 9, \"kind\": "
     "\"moe\"}]}",
     SVC_EINVAL, "/models/0/kind", "needs \"active_parameters\""},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 9, "
     "\"active_parameters\": 0}]}",
     SVC_EINVAL, "/models/0/active_parameters", "is zero"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"year\": "
     "1939}]}",
     SVC_EINVAL, "/models/0/year", "from 1940 to 2100"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"year\": "
     "2020.5}]}",
     SVC_EINVAL, "/models/0/year", "whole number"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"source\": "
     "\"ftp://x\"}]}",
     SVC_EINVAL, "/models/0/source", "http or https URL"},
    {"{\"models\": {\"a\": 1}, \"include\": \"memory\"}", SVC_EINVAL,
     "/include", "array"},
    {"{\"models\": {\"a\": 1}, \"include\": [\"memory\", 1]}",
     SVC_EINVAL, "/include/1", "must be \"memory\" or \"compute\""},
    {"{\"models\": {\"a\": 1}, \"tokens\": 0.5}", SVC_EINVAL, "/tokens",
     "is below 1"},
    {"{\"models\": {\"a\": 1}, \"tokens\": true}", SVC_EINVAL, "/tokens",
     "must be a number or text"},
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
    const struct compare_model m[] = {MODEL("big", PARAMS_MAX),
                                      MODEL("small", 3)};
    struct compare_entry entries[2];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    struct compare_request plain;
    char *text;

    compare_options_init(&o);
    o.baseline = "small";
    o.baseline_len = 5;
    ck_assert_int_eq(compare_run(m, 2, &o, entries, &res, &err), SVC_OK);
    compare_request_init(&plain);
    text = take(json_codec_encode_compare(&res, &plain, &out));
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
    free(text);
}
END_TEST

START_TEST(encode_estimates)
{
    /* 7B in bf16: 14,000,000,000 bytes, 14.0 GB, 13.04 GiB; inference
     * x 1.2 = 16.8 GB; training 16 B/param = 112 GB. */
    const struct compare_model m[] = {MODEL("seven", 7000000000ULL)};
    struct compare_entry entries[1];
    struct compare_result res;
    struct compare_error err;
    struct compare_request r;
    cJSON *back, *mem;
    char *text;

    compare_request_init(&r);
    r.extras.include = COMPARE_MEMORY | COMPARE_COMPUTE;
    ck_assert_int_eq(compare_run(m, 1, &r.options, entries, &res, &err),
                     SVC_OK);
    text = take(json_codec_encode_compare(&res, &r, &out));
    ck_assert_ptr_nonnull(strstr(text, "\"bf16\":{\"bytes\":14000000000,"
                                       "\"decimal\":\"14.0 GB\",\"binary\":"
                                       "\"13.0 GiB\"}"));
    back = cJSON_Parse(text);
    ck_assert_ptr_nonnull(back);
    mem = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(back,
                                                                     "models"),
                                                 0),
                              "memory");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetObjectItem(cJSON_GetObjectItem(mem,
                                                                 "inference"),
                                             "bf16"),
                         "decimal")),
                     "16.8 GB");
    ck_assert_double_eq(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(mem,
                                                                    "training"),
                                                "total"),
                            "bytes")
            ->valuedouble,
        112e9);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(
        cJSON_GetObjectItem(back, "assumptions"), "training_flops"));
    cJSON_Delete(back);
    free(text);
}
END_TEST

START_TEST(encode_round_trips)
{
    /* Every double printed reads back as the same double. */
    const struct compare_model m[] = {MODEL("a", 7), MODEL("b", 1000003),
                                      MODEL("c", 999999999989ULL)};
    struct compare_entry entries[3];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    struct compare_request plain;
    cJSON *back;
    char *text;

    compare_options_init(&o);
    ck_assert_int_eq(compare_run(m, 3, &o, entries, &res, &err), SVC_OK);
    compare_request_init(&plain);
    text = take(json_codec_encode_compare(&res, &plain, &out));
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
    free(text);
}
END_TEST

START_TEST(encode_others)
{
    const struct compare_model m[] = {MODEL("a\"b", 101770)};
    const struct catalog c = {"mine", "", m, 1};
    struct problem p;
    char *text;

    text = take(json_codec_encode_models(&c, &out));
    ck_assert_str_eq(text, "{\"catalog\":\"mine\",\"models\":[{\"name\":"
                           "\"a\\\"b\",\"parameters\":101770,\"formatted\":"
                           "\"101.8K\"}],\"count\":1}");
    free(text);
    text = take(json_codec_encode_status("ok", &out));
    ck_assert_str_eq(text, "{\"status\":\"ok\"}");
    free(text);

    problem_set(&p, SVC_EINVAL, "bad %s", "thing");
    text = take(json_codec_encode_problem(&p, 422, "Unprocessable", &out));
    ck_assert_str_eq(text, "{\"type\":\"about:blank\",\"title\":"
                           "\"Unprocessable\",\"status\":422,\"detail\":"
                           "\"bad thing\"}");
    free(text);
    problem_point(&p, "/models/%d", 2);
    text = take(json_codec_encode_problem(&p, 422, "Unprocessable", &out));
    ck_assert_ptr_nonnull(strstr(text, ",\"pointer\":\"/models/2\"}"));
    free(text);
}
END_TEST

START_TEST(encode_strings_like_cjson)
{
    /* Every byte, escaped or not, as cJSON would print it. */
    char all[256];
    cJSON *tree = cJSON_CreateObject();
    char *mine, *theirs;

    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    mine = take(json_codec_encode_status(all, &out));
    cJSON_AddStringToObject(tree, "status", all);
    theirs = cjson_print(tree);
    ck_assert_str_eq(mine, theirs);
    free(mine);
    free(theirs);
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
    tcase_add_test(tc, decode_catalog_details);
    tcase_add_test(tc, decode_fields);
    tcase_add_loop_test(tc, decode_fields_refuses, 0,
                        sizeof(bad_fields) / sizeof(bad_fields[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("encode");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, encode_compare);
    tcase_add_test(tc, encode_strings_like_cjson);
    tcase_add_test(tc, encode_round_trips);
    tcase_add_test(tc, encode_estimates);
    tcase_add_test(tc, encode_others);
    suite_add_tcase(s, tc);
    return s;
}
