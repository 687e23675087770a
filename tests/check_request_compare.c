/* check_request_compare.c - unit tests of request_compare.c and
 * request_models.c: reading both body shapes, what each model says of
 * itself, and every refusal with its pointer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_text.h"
#include "api/request_compare.h"
#include "suites.h"

static cJSON *doc;
static struct compare_request req;
static struct compare_answer ans;
static struct problem pb;

static void setup(void)
{
    doc = NULL;
    compare_request_init(&req);
    memset(&ans, 0, sizeof(ans));
    memset(&pb, 0, sizeof(pb));
}

static void teardown(void)
{
    compare_answer_cleanup(&ans);
    compare_request_cleanup(&req);
    cJSON_Delete(doc);
}

/* Reads text as a body with at most max_models models, then runs it, as
 * POST /compare does; fails the test if it is not valid JSON. */
static enum svc_status decode(const char *text, size_t max_models)
{
    struct request rq = {NULL, 0, NULL, 0};
    enum svc_status st;

    ck_assert_int_eq(json_text_parse(text, strlen(text), &doc, &pb), SVC_OK);
    rq.body = doc;
    st = compare_request_read(&rq, NULL, 0, max_models, &req, &pb);
    if (st == SVC_OK)
        st = compare_request_run(&req, &ans, &pb);
    if (st != SVC_OK)
        compare_request_cleanup(&req);
    return st;
}

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

#define MLP_CONFIG "{\"model_type\": \"mlp\", \"layers\": [784, 128, 10]}"
/* 1 layer: attention 4 x 64^2, router 4 x 64, 4 experts of 3 x 64 x 8,
 * 2 x 64 of norms; embedding, head 9 x 64 each, final norm 64. */
#define MOE_CONFIG "{\"model_type\": \"mixtral\", \"hidden_size\": 64, " \
                   "\"num_hidden_layers\": 1, \"num_attention_heads\": 8, " \
                   "\"num_key_value_heads\": 8, \"intermediate_size\": 8, " \
                   "\"vocab_size\": 9, \"num_local_experts\": 4}"

/* A model may give its architecture: its count is exact, and active
 * parameters and kind come from it; published rides along. */
START_TEST(decode_config)
{
    ck_assert_int_eq(
        decode("{\"models\": [{\"name\": \"mlp\", \"config\": " MLP_CONFIG
               ", \"published\": \"101,770\"}, {\"name\": \"moe\", "
               "\"config\": " MOE_CONFIG ", \"year\": 2024}, {\"name\": "
               "\"gpt-3\", \"parameters\": \"175B\", \"published\": "
               "\"175B\"}], \"include\": [\"compute\"]}",
               10),
        SVC_OK);
    ck_assert_uint_eq(req.models[0].parameters, 101770);
    ck_assert_uint_eq(req.models[0].published, 101770);
    ck_assert_uint_eq(req.models[0].active_parameters, 0);
    ck_assert_int_eq(req.models[0].kind, COMPARE_KIND_DENSE);
    ck_assert_int_eq(req.models[0].basis, COMPARE_BASIS_EXACT);
    ck_assert_uint_eq(req.models[1].parameters,
                      16384 + 256 + 4 * 1536 + 128 + 2 * 576 + 64);
    ck_assert_uint_eq(req.models[1].active_parameters,
                      req.models[1].parameters - 2 * 1536);
    ck_assert_int_eq(req.models[1].kind, COMPARE_KIND_MOE);
    ck_assert_int_eq(req.models[1].basis, COMPARE_BASIS_EXACT);
    ck_assert_uint_eq(req.models[1].published, 0);
    ck_assert_int_eq(req.models[2].basis, COMPARE_BASIS_PUBLISHED);
    /* FLOPs per token from the active parameters. */
    ck_assert_double_eq(ans.estimates[1].compute.flops_per_token,
                        2.0 * (double)req.models[1].active_parameters);
    ck_assert_str_eq(ans.result.entries[0].published_formatted, "101.8K");
}
END_TEST

/* A model's published training tokens are read as its counts are: a
 * number or text, with a source of their own beside. */
START_TEST(decode_tokens)
{
    ck_assert_int_eq(
        decode("{\"models\": [{\"name\": \"chinchilla\", \"parameters\": "
               "\"70B\", \"tokens\": \"1.4T\"}, {\"name\": \"gpt-3\", "
               "\"parameters\": \"175B\", \"tokens\": 300000000000, "
               "\"tokens_source\": \"https://arxiv.org/abs/2005.14165\"}, "
               "{\"name\": \"x\", \"parameters\": 5, \"tokens\": "
               "\"2,000\"}, {\"name\": \"y\", \"parameters\": 5}]}",
               10),
        SVC_OK);
    ck_assert_uint_eq(req.models[0].tokens, 1400000000000ULL);
    ck_assert_ptr_null(req.models[0].tokens_source);
    ck_assert_uint_eq(req.models[1].tokens, 300000000000ULL);
    ck_assert_str_eq(req.models[1].tokens_source,
                     "https://arxiv.org/abs/2005.14165");
    ck_assert_uint_eq(req.models[2].tokens, 2000);
    ck_assert_uint_eq(req.models[3].tokens, 0);
    /* Tokens say nothing of where the count came from. */
    ck_assert_int_eq(req.models[0].basis, COMPARE_BASIS_UNSAID);
    ck_assert_str_eq(ans.result.entries[0].tokens_formatted, "1.4T");
    ck_assert_str_eq(ans.result.entries[1].tokens_formatted, "300.0B");
    ck_assert_str_eq(ans.result.entries[3].tokens_formatted, "");
}
END_TEST

/* Tokens that must be refused, each with its whole detail. */
static const struct {
    const char *tokens; /* the member's JSON */
    const char *pointer;
    const char *detail;
} bad_tokens[] = {
    {"\"tokens\": 0", "/models/0/tokens",
     "tokens 0 of model \"a\" is zero"},
    {"\"tokens\": -3", "/models/0/tokens",
     "tokens -3 of model \"a\" is negative"},
    {"\"tokens\": 2.5", "/models/0/tokens",
     "tokens 2.5 of model \"a\" is not a whole number"},
    {"\"tokens\": \"2e18\"", "/models/0/tokens",
     "tokens \"2e18\" of model \"a\" is above 10^18"},
    {"\"tokens\": true", "/models/0/tokens",
     "tokens of model \"a\" must be a count (a positive integer, or text "
     "such as \"6.7B\"), not a boolean"},
    {"\"tokens_source\": 7", "/models/0/tokens_source",
     "tokens_source must be a URL, not a number"},
    {"\"tokens_source\": \"ftp://x\"", "/models/0/tokens_source",
     "tokens_source of model \"a\" must be an http or https URL of at "
     "most 2048 bytes of valid UTF-8"},
};

START_TEST(decode_refuses_tokens)
{
    char body[256];

    snprintf(body, sizeof(body), "{\"models\": [{\"name\": \"a\", "
             "\"parameters\": 1, %s}]}", bad_tokens[_i].tokens);
    ck_assert_int_eq(decode(body, 3), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, bad_tokens[_i].detail);
    ck_assert_int_eq(pb.has_pointer, 1);
    ck_assert_str_eq(pb.pointer, bad_tokens[_i].pointer);
    ck_assert_ptr_null(req.models);
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
     "must be a string or a number, not a boolean"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"config\": "
     MLP_CONFIG "}]}", SVC_EINVAL, "/models/0/parameters",
     "\"parameters\" or \"config\", not both"},
    {"{\"models\": [{\"name\": \"a\", \"kind\": \"dense\", \"config\": "
     MLP_CONFIG "}]}", SVC_EINVAL, "/models/0/kind", "read from \"config\""},
    {"{\"models\": [{\"name\": \"a\", \"active_parameters\": 5, "
     "\"config\": " MOE_CONFIG "}]}", SVC_EINVAL,
     "/models/0/active_parameters", "counted from \"config\""},
    {"{\"models\": [{\"name\": \"a\", \"config\": []}]}", SVC_EINVAL,
     "/models/0/config", "not an object"},
    {"{\"models\": [{\"name\": \"a\", \"config\": {\"model_type\": "
     "\"t5\"}}]}", SVC_EINVAL, "/models/0/config/model_type",
     "give one of: gpt2"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1}, {\"name\": "
     "\"b\", \"config\": {\"model_type\": \"mlp\", \"layers\": [3, 0]}}]}",
     SVC_EINVAL, "/models/1/config/layers/1", "layers[1]"},
    {"{\"models\": [{\"name\": \"a\", \"config\": {\"model_type\": "
     "\"mlp\", \"layers\": [1e9, 1e9, 1e9]}}]}", SVC_EINVAL,
     "/models/0/config", "10^18"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"published\": "
     "\"lots\"}]}", SVC_EINVAL, "/models/0/published",
     "published \"lots\" of model \"a\""},
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

Suite *request_compare_suite(void)
{
    Suite *s = suite_create("request_compare");
    TCase *tc = tcase_create("body");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, decode_object_shape);
    tcase_add_test(tc, decode_array_shape);
    tcase_add_loop_test(tc, decode_refuses, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, decode_long_name);
    tcase_add_test(tc, decode_catalog_details);
    tcase_add_test(tc, decode_config);
    tcase_add_test(tc, decode_tokens);
    tcase_add_loop_test(tc, decode_refuses_tokens, 0,
                        sizeof(bad_tokens) / sizeof(bad_tokens[0]));
    suite_add_tcase(s, tc);
    return s;
}
