/* check_handlers.c - the endpoints as plain functions (no sockets): the
 * query string of GET /compare, POST bodies, /fit and /scaling read
 * both ways, statuses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assets.h"
#include "modelscale/catalog.h"
#include "api/catalog_doc.h"
#include "api/handlers.h"
#include "api/json_text.h"
#include "suites.h"

static struct app app;
static struct catalog catalogs[2];
static struct catalog_doc reference; /* the real one, built in */
static cJSON *resp, *body; /* resp: what the last handler wrote, parsed */
static struct text_buf out;
static struct problem pb;

static void setup(void)
{
    char err[256];

    ck_assert_int_eq(catalog_doc_parse(&reference, "reference",
                                        (const char *)
                                            asset_reference_catalog.data,
                                        asset_reference_catalog.len, 100,
                                        err, sizeof(err)),
                     SVC_OK);
    catalogs[0].name = "default";
    catalogs[0].description = "the seven";
    catalogs[0].models = catalog_builtin(&catalogs[0].count);
    catalogs[1].name = "reference";
    catalogs[1].description = "real models";
    catalogs[1].models = reference.req.models;
    catalogs[1].count = reference.req.count;
    app.max_models = 100;
    app.catalogs = catalogs;
    app.ncatalogs = 2;
    resp = body = NULL;
    text_buf_init(&out);
    memset(&pb, 0, sizeof(pb));
}

static void teardown(void)
{
    catalog_doc_cleanup(&reference);
    cJSON_Delete(resp);
    cJSON_Delete(body);
    text_buf_cleanup(&out);
}

/* Runs handler h; when it succeeds, parses what it wrote into resp. */
static enum svc_status call(handler_fn *h, const struct request *r)
{
    enum svc_status st;

    cJSON_Delete(resp);
    resp = NULL;
    text_buf_cleanup(&out);
    st = h(&app, r, &out, &pb);
    if (st == SVC_OK) {
        ck_assert_uint_eq(strlen(out.text), out.len);
        resp = cJSON_Parse(out.text);
        ck_assert_ptr_nonnull(resp);
    }
    return st;
}

#define ARG(k, v) {k, v, sizeof(v) - 1}

static enum svc_status get(const struct query_arg *args, size_t n)
{
    struct request r = {args, n, NULL, 0};

    return call(h_compare, &r);
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static const cJSON *model(size_t i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(resp, "models"), (int)i);
}

START_TEST(compare_catalog)
{
    ck_assert_int_eq(get(NULL, 0), SVC_OK);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(resp, "models")),
                     7);
    ck_assert_str_eq(str(model(6), "name"), "massive_multimodal_model");
    ck_assert_str_eq(str(resp, "summary"),
                     "Largest model is 228,333,333,333x bigger than "
                     "smallest");
}
END_TEST

START_TEST(query_subset)
{
    const struct query_arg args[] = {
        ARG("models", "medium_cnn,simple_linear,large_vision_model"),
        ARG("sort", "desc"), ARG("precision", "2"),
        ARG("baseline", "medium_cnn")};

    ck_assert_int_eq(get(args, 4), SVC_OK);
    ck_assert_str_eq(str(model(0), "name"), "large_vision_model");
    ck_assert_str_eq(str(model(0), "formatted"), "86.00M");
    ck_assert_str_eq(str(model(0), "ratio_to_baseline_formatted"), "86x");
    ck_assert_str_eq(str(model(2), "name"), "simple_linear");
    ck_assert_str_eq(str(cJSON_GetObjectItem(resp, "baseline"), "name"),
                     "medium_cnn");
}
END_TEST

/* Query strings that must be refused, with the status and a part of the
 * detail each must give. */
static const struct {
    struct query_arg args[2];
    size_t n;
    enum svc_status status;
    const char *detail;
} bad_queries[] = {
    {{ARG("models", "gpt-9")}, 1, SVC_ENOTFOUND, "unknown model \"gpt-9\""},
    {{ARG("models", "simple_linear,")}, 1, SVC_EMALFORMED,
     "empty name at position 2"},
    {{ARG("models", ",simple_linear")}, 1, SVC_EMALFORMED, "empty name"},
    {{ARG("models", "medium_cnn,medium_cnn")}, 1, SVC_EINVAL,
     "\"medium_cnn\" is given more than once"},
    {{ARG("models", "")}, 1, SVC_EMALFORMED, "models is empty"},
    {{{"models", NULL, 0}}, 1, SVC_EMALFORMED, "models is empty"},
    {{{"models", "medium_cnn", 12}}, 1, SVC_EMALFORMED, "NUL byte"},
    {{ARG("sort", "asc"), ARG("sort", "desc")}, 2, SVC_EMALFORMED,
     "sort is given more than once"},
    {{ARG("limit", "3")}, 1, SVC_EMALFORMED,
     "unknown query parameter \"limit\""},
    {{ARG("sort", "ASC")}, 1, SVC_EINVAL, "sort \"ASC\" must be"},
    {{ARG("precision", "4")}, 1, SVC_EINVAL, "precision \"4\" must be"},
    {{ARG("precision", "01")}, 1, SVC_EINVAL, "precision \"01\""},
    {{ARG("precision", "-1")}, 1, SVC_EINVAL, "precision \"-1\""},
    {{ARG("baseline", "gpt-9")}, 1, SVC_EINVAL,
     "baseline \"gpt-9\" names no model"},
    {{ARG("models", "medium_cnn"), ARG("baseline", "simple_linear")}, 2,
     SVC_EINVAL, "names no model of the set"},
};

START_TEST(query_refuses)
{
    ck_assert_int_eq(get(bad_queries[_i].args, bad_queries[_i].n),
                     bad_queries[_i].status);
    ck_assert_ptr_null(resp);
    ck_assert_msg(strstr(pb.detail, bad_queries[_i].detail) != NULL,
                  "detail \"%s\" lacks \"%s\"", pb.detail,
                  bad_queries[_i].detail);
    ck_assert_int_eq(pb.has_pointer, 0); /* not about a body */
}
END_TEST

static enum svc_status post(const char *text)
{
    struct request r = {NULL, 0, NULL, 0};

    ck_assert_int_eq(json_text_parse(text, strlen(text), &body, &pb),
                     SVC_OK);
    r.body = body;
    return call(h_compare, &r);
}

START_TEST(compare_post)
{
    ck_assert_int_eq(post("{\"models\": {\"gpt2\": \"1.5B\", \"bert\": "
                          "\"110M\"}, \"sort\": \"asc\"}"),
                     SVC_OK);
    ck_assert_str_eq(str(model(0), "name"), "bert");
    ck_assert_str_eq(str(resp, "scale_difference_formatted"), "14x");
}
END_TEST

START_TEST(post_refuses)
{
    ck_assert_int_eq(post("{\"models\": {\"a\": 1, \"a\": 2}}"), SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/models");
    ck_assert_ptr_nonnull(strstr(pb.detail, "given more than once (member 1"));
    cJSON_Delete(body);
    ck_assert_int_eq(post("{\"models\": [{\"name\": \"a\", \"parameters\": 1},"
                          " {\"name\": \"a\", \"parameters\": 2}]}"),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/models/1/name");
    cJSON_Delete(body);
    ck_assert_int_eq(post("{\"models\": []}"), SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/models");
    ck_assert_ptr_nonnull(strstr(pb.detail, "models is empty"));
    cJSON_Delete(body);
    ck_assert_int_eq(post("{\"models\": {\"a\": 1}, \"baseline\": \"b\"}"),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/baseline");
    cJSON_Delete(body);
    app.max_models = 1;
    ck_assert_int_eq(post("{\"models\": {\"a\": 1, \"b\": 2}}"), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "at most 1"));
}
END_TEST

START_TEST(models_and_health)
{
    struct request r = {NULL, 0, NULL, 0};

    ck_assert_int_eq(call(h_models, &r), SVC_OK);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(resp, "models")),
                     7);
    ck_assert_str_eq(str(model(1), "formatted"), "101.8K");
    ck_assert_ptr_nonnull(strstr(out.text, "],\"count\":7}"));
    ck_assert_int_eq(call(h_catalogs, &r), SVC_OK);
    ck_assert_str_eq(out.text,
                     "{\"catalogs\":[{\"name\":\"default\",\"description\":"
                     "\"the seven\",\"count\":7,\"default\":true},{\"name\":"
                     "\"reference\",\"description\":\"real models\","
                     "\"count\":37,\"default\":false}],\"count\":2}");
    ck_assert_int_eq(call(h_health, &r), SVC_OK);
    ck_assert_str_eq(str(resp, "status"), "ok");
}
END_TEST

START_TEST(ready_until_draining)
{
    struct request r = {NULL, 0, NULL, 0};

    ck_assert_int_eq(call(h_ready, &r), SVC_OK);
    ck_assert_str_eq(str(resp, "status"), "ready");
    r.draining = 1;
    ck_assert_int_eq(call(h_ready, &r), SVC_EDRAINING);
    ck_assert_ptr_null(resp);
    ck_assert_ptr_nonnull(strstr(pb.detail, "stopping"));
}
END_TEST

static enum svc_status post_to(handler_fn *h, const char *text)
{
    struct request r = {NULL, 0, NULL, 0};

    cJSON_Delete(body);
    ck_assert_int_eq(json_text_parse(text, strlen(text), &body, &pb),
                     SVC_OK);
    r.body = body;
    return call(h, &r);
}

static enum svc_status get_from(handler_fn *h, const struct query_arg *args,
                                size_t n)
{
    struct request r = {args, n, NULL, 0};

    return call(h, &r);
}

/* The name of the first model that fits, or NULL. */
static const char *first_fit(void)
{
    return str(cJSON_GetArrayItem(cJSON_GetObjectItem(resp, "fits"), 0),
               "name");
}

START_TEST(fit_defaults)
{
    /* bf16 inference, exact counts: Gemma 7B's 8,537,680,896 x 2 x 1.2 =
     * 20.5 GB fits in 24 GB, Llama 2 13B's 13,015,864,320 x 2.4 = 31.2
     * GB does not; the reference catalog unless named. */
    const struct query_arg args[] = {ARG("memory", "24GB")};

    ck_assert_int_eq(get_from(h_fit, args, 1), SVC_OK);
    ck_assert_str_eq(str(resp, "catalog"), "reference");
    ck_assert_str_eq(str(resp, "dtype"), "bf16");
    ck_assert_str_eq(str(resp, "mode"), "inference");
    ck_assert_str_eq(first_fit(), "gemma-7b");
    ck_assert_ptr_nonnull(strstr(out.text, "\"name\":\"llama-2-7b\","
                                           "\"parameters\":6738415616,"
                                           "\"formatted\":\"6.7B\","
                                           "\"exact\":true,"
                                           "\"published\":7000000000,"));
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(resp, "fits")) +
                         cJSON_GetArraySize(
                             cJSON_GetObjectItem(resp, "too_large")),
                     (int)catalogs[1].count);
}
END_TEST

START_TEST(fit_both_ways)
{
    /* The same question as a query and as a body gets the same bytes. */
    const struct query_arg args[] = {ARG("memory", "16GiB"),
                                     ARG("dtype", "int4"),
                                     ARG("mode", "weights"),
                                     ARG("catalog", "default")};
    char *from_query;

    ck_assert_int_eq(get_from(h_fit, args, 4), SVC_OK);
    from_query = strdup(out.text);
    ck_assert_int_eq(post_to(h_fit, "{\"memory\": 17179869184, "
                                         "\"dtype\": \"int4\", \"mode\": "
                                         "\"weights\", \"catalog\": "
                                         "\"default\"}"),
                     SVC_OK);
    ck_assert_str_eq(out.text, from_query);
    free(from_query);
    /* int4 weights alone: 6B x 0.5 = 3 GB fits, 175B's 87.5 GB not. */
    ck_assert_str_eq(first_fit(), "medium_language_model");
}
END_TEST

START_TEST(fit_refuses)
{
    const struct query_arg unknown[] = {ARG("memory", "1GB"),
                                        ARG("size", "2")};
    const struct query_arg none[] = {ARG("dtype", "int8")};
    const struct query_arg training[] = {ARG("memory", "1TB"),
                                         ARG("mode", "training"),
                                         ARG("dtype", "fp32")};
    const struct query_arg catalog[] = {ARG("memory", "1TB"),
                                        ARG("catalog", "mine")};

    ck_assert_int_eq(get_from(h_fit, unknown, 2), SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail,
                                 "\"size\" (expected memory, gpu, gpus, "
                                 "context, batch, kv_dtype, utilization, "
                                 "dtype, mode, catalog)"));
    ck_assert_int_eq(get_from(h_fit, none, 1), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "memory is required"));
    ck_assert_int_eq(get_from(h_fit, training, 3), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "dtype fp32 does not go with "
                                            "mode training"));
    ck_assert_int_eq(get_from(h_fit, catalog, 2), SVC_ENOTFOUND);
    ck_assert_int_eq(post_to(h_fit, "{\"memory\": \"24GB\", "
                                         "\"dtype\": 8}"),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/dtype");
    ck_assert_int_eq(post_to(h_fit, "{\"memory\": 0.4}"), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "memory 0.4 is less than one "
                                            "byte"));
    ck_assert_ptr_null(resp);
}
END_TEST

START_TEST(scaling_both_ways)
{
    /* tokens default to 20 x parameters: the same as giving 1.4T. */
    const struct query_arg given[] = {ARG("parameters", "70B"),
                                      ARG("tokens", "1.4T")};
    const struct query_arg implied[] = {ARG("parameters", "70e9")};
    char *from_query;

    ck_assert_int_eq(get_from(h_scaling, given, 2), SVC_OK);
    from_query = strdup(out.text);
    ck_assert_int_eq(get_from(h_scaling, implied, 1), SVC_OK);
    ck_assert_str_eq(out.text, from_query);
    ck_assert_int_eq(post_to(h_scaling, "{\"parameters\": 7e10}"),
                     SVC_OK);
    ck_assert_str_eq(out.text, from_query);
    free(from_query);
    ck_assert_str_eq(str(resp, "question"), "loss");
    ck_assert_int_eq(
        cJSON_GetArraySize(cJSON_GetObjectItem(resp, "predictions")), 2);
}
END_TEST

START_TEST(scaling_refuses)
{
    const struct query_arg both[] = {ARG("compute", "1e23"),
                                     ARG("tokens", "1T")};
    const struct query_arg small[] = {ARG("compute", "377")};
    const struct query_arg half[] = {ARG("parameters", "0.5")};

    ck_assert_int_eq(get_from(h_scaling, both, 2), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "not both"));
    ck_assert_int_eq(get_from(h_scaling, small, 1), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "compute \"377\" FLOP is below"));
    ck_assert_int_eq(get_from(h_scaling, half, 1), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "\"0.5\" is below 1"));
    ck_assert_int_eq(post_to(h_scaling, "{\"compute\": -1}"),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/compute");
    ck_assert_int_eq(post_to(h_scaling, "{\"compute\": 1e23, "
                                             "\"compute\": 1e24}"),
                     SVC_EINVAL);
    ck_assert_ptr_null(resp);
}
END_TEST

/* A number a body sends is echoed the same way by every route that
 * refuses it: as /compare shows it, not as printf's 17 digits. */
START_TEST(numbers_echoed_alike)
{
    static const char *const numbers[] = {"0.3", "1e999", "1e-5"};
    char text[80], compare_detail[sizeof(pb.detail)];

    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        snprintf(text, sizeof(text),
                 "{\"models\": {\"a\": 1}, \"tokens\": %s}", numbers[i]);
        ck_assert_int_eq(post_to(h_compare, text), SVC_EINVAL);
        memcpy(compare_detail, pb.detail, sizeof(pb.detail));
        snprintf(text, sizeof(text), "{\"tokens\": %s}", numbers[i]);
        ck_assert_int_eq(post_to(h_scaling, text), SVC_EINVAL);
        ck_assert_str_eq(pb.detail, compare_detail);
    }
    ck_assert_int_eq(post_to(h_fit, "{\"memory\": 0.3}"), SVC_EINVAL);
    ck_assert_ptr_nonnull(strstr(pb.detail, "memory 0.3 is less than one "
                                            "byte"));
}
END_TEST

START_TEST(statuses)
{
    static const struct {
        enum svc_status st;
        unsigned code;
    } want[] = {{SVC_OK, 200},         {SVC_EMALFORMED, 400},
                {SVC_ENOTFOUND, 404},  {SVC_EMETHOD, 405},
                {SVC_ETOOBIG, 413},    {SVC_EMEDIATYPE, 415},
                {SVC_EINVAL, 422},     {SVC_EDRAINING, 503},
                {SVC_ETOOLONG, 414},   {SVC_EHEADERS, 431},
                {SVC_ETIMEDOUT, 408},  {SVC_ENOMEM, 500},
                {SVC_EINTERNAL, 500}};
    const char *title = NULL;

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        ck_assert_uint_eq(problem_status(want[i].st, &title),
                          want[i].code);
        ck_assert_ptr_nonnull(title);
    }
    problem_status(SVC_ETOOBIG, &title);
    ck_assert_str_eq(title, "Content Too Large");
}
END_TEST

START_TEST(problem_as_a_line)
{
    char line[128];

    problem_set(&pb, SVC_EINVAL, "gpus must be a whole number");
    ck_assert_str_eq(problem_line(line, sizeof(line), "gpus.json", &pb),
                     "gpus.json: gpus must be a whole number");
    problem_point(&pb, "/gpus/%d/memory", 3);
    problem_line(line, sizeof(line), "f", &pb);
    ck_assert_str_eq(line, "f: gpus must be a whole number (at JSON "
                           "pointer \"/gpus/3/memory\")");
    problem_line(line, 8, "label", &pb); /* truncated, still a string */
    ck_assert_str_eq(line, "label: ");
}
END_TEST

Suite *handlers_suite(void)
{
    Suite *s = suite_create("handlers");
    TCase *tc;

    tc = tcase_create("query");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, compare_catalog);
    tcase_add_test(tc, query_subset);
    tcase_add_loop_test(tc, query_refuses, 0,
                        sizeof(bad_queries) / sizeof(bad_queries[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("body");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, compare_post);
    tcase_add_test(tc, post_refuses);
    suite_add_tcase(s, tc);

    tc = tcase_create("fit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fit_defaults);
    tcase_add_test(tc, fit_both_ways);
    tcase_add_test(tc, fit_refuses);
    suite_add_tcase(s, tc);

    tc = tcase_create("scaling");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, scaling_both_ways);
    tcase_add_test(tc, scaling_refuses);
    tcase_add_test(tc, numbers_echoed_alike);
    suite_add_tcase(s, tc);

    tc = tcase_create("others");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, models_and_health);
    tcase_add_test(tc, ready_until_draining);
    tcase_add_test(tc, statuses);
    tcase_add_test(tc, problem_as_a_line);
    suite_add_tcase(s, tc);
    return s;
}
