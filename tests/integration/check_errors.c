/* check_errors.c - every error status over real HTTP, each a problem+json
 * with its pointer and detail, after which a valid request still gets the
 * reference answer; and the limits: 10,000 and 10,001 models, a long name,
 * bodies over the limit with and without a Content-Length. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

/* One bad request per row, with the status, pointer (NULL: none) and a
 * part of the detail it must get back. */
static const struct {
    const char *method, *path, *type, *body;
    long status;
    const char *pointer, *detail;
} errors[] = {
    {"POST", "/compare", "application/json", "{\"models\": {\"a\": 1,", 400,
     NULL, "not valid JSON"},
    {"POST", "/compare", "application/json", "", 400, NULL, "empty"},
    {"GET", "/compare?limit=3", NULL, NULL, 400, NULL,
     "unknown query parameter \"limit\""},
    {"GET", "/compare?sort=asc&sort=desc", NULL, NULL, 400, NULL,
     "more than once"},
    {"GET", "/nope", NULL, NULL, 404, NULL, "no resource at \"/nope\""},
    {"GET", "/compare/", NULL, NULL, 404, NULL, "no resource"},
    {"GET", "/compare?models=simple_linear,gpt-9", NULL, NULL, 404, NULL,
     "unknown model \"gpt-9\""},
    {"DELETE", "/compare", NULL, NULL, 405, NULL, "\"DELETE\" is not allowed"},
    {"PUT", "/compare", "application/json", "{}", 405, NULL, "not allowed"},
    {"POST", "/models", "application/json", "{}", 405, NULL, "not allowed"},
    {"POST", "/compare", NULL, "{\"models\": {\"a\": 1}}", 415, NULL,
     "Content-Type: application/json"},
    {"POST", "/compare", "text/plain", "{\"models\": {\"a\": 1}}", 415, NULL,
     "Content-Type"},
    {"POST", "/compare", "application/jsonx", "{\"models\": {\"a\": 1}}",
     415, NULL, "Content-Type"},
    {"POST", "/compare", "application/json", "{\"models\": {}}", 422,
     "/models", "models is empty"},
    {"POST", "/compare", "application/json", "{\"models\": []}", 422,
     "/models", "models is empty"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": \"1.23456K\"}]}", 422,
     "/models/0/parameters", "\"1.23456K\" of model \"a\" is not a whole"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1, \"b\": 0}}", 422, "/models/b", "is zero"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"-5\"}}", 422, "/models/a", "negative"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"1e-9\"}}", 422, "/models/a", "not a count"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"99999999999999999999T\"}}", 422, "/models/a",
     "above 10^18"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": 1}, {\"name\": \"a\", "
     "\"parameters\": 2}]}",
     422, "/models/1/name", "\"a\" is given more than once"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"\", \"parameters\": 1}]}", 422,
     "/models/0/name", "is empty"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"\xc3\x28\", \"parameters\": 1}]}", 422,
     "/models/0/name", "not valid UTF-8"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\\u0000b\", \"parameters\": 1}]}", 422,
     NULL, "\\u0000"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"baseline\": \"b\"}", 422, "/baseline",
     "baseline \"b\" names no model"},
    {"GET", "/compare?baseline=gpt-9", NULL, NULL, 422, NULL,
     "names no model"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"precision\": 7}", 422, "/precision",
     "precision 7 must be an integer from 0 to 3"},
    {"GET", "/compare?precision=9", NULL, NULL, 422, NULL,
     "precision \"9\""},
    {"POST", "/compare", "application/json", "[1, 2]", 422, "",
     "must be a JSON object"},
    {"GET", "/compare?include=disk", NULL, NULL, 422, NULL,
     "include \"disk\""},
    {"GET", "/compare?catalog=nope", NULL, NULL, 404, NULL,
     "unknown catalog \"nope\""},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": \"7B\", "
     "\"active_parameters\": \"8B\"}]}",
     422, "/models/0/active_parameters", "above the model's total"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"include\": [\"disk\"]}", 422,
     "/include/0", "include \"disk\""},
    {"GET", "/catalogs?x=1", NULL, NULL, 400, NULL,
     "unknown query parameter \"x\""},
    {"GET", "/fit?memory=lots", NULL, NULL, 422, NULL,
     "memory \"lots\" is not an amount of memory"},
    {"GET", "/fit?memory=24GB&dtype=int3", NULL, NULL, 422, NULL,
     "dtype \"int3\""},
    {"GET", "/fit?dtype=int8", NULL, NULL, 422, NULL, "memory is required"},
    {"GET", "/fit?memory=80GB&mode=training&dtype=int4", NULL, NULL, 422,
     NULL, "does not go with mode training"},
    {"GET", "/fit?memory=80GB&catalog=nope", NULL, NULL, 404, NULL,
     "unknown catalog \"nope\""},
    {"POST", "/fit", "application/json", "{\"memory\": true}", 422,
     "/memory", "not a boolean"},
    {"DELETE", "/fit", NULL, NULL, 405, NULL, "not allowed"},
    {"GET", "/scaling", NULL, NULL, 422, NULL, "give parameters"},
    {"GET", "/scaling?parameters=7B&compute=1e23", NULL, NULL, 422, NULL,
     "not both"},
    {"GET", "/scaling?parameters=-7B", NULL, NULL, 422, NULL,
     "parameters \"-7B\" is negative"},
    {"POST", "/scaling", "application/json", "{\"tokens\": \"1T\"}", 422,
     "/parameters", "give parameters"},
    {"GET", "/scaling?compute=100", NULL, NULL, 422, NULL,
     "compute \"100\" FLOP is below 3.78e2"},
    {"POST", "/scaling", "application/json", "{\"parameters\": 0.5}", 422,
     "/parameters", "is below 1"},
};

START_TEST(error_statuses)
{
    const char *body = errors[_i].body;
    struct reply r;
    char allow[128];

    start_server();
    r = http(errors[_i].method, errors[_i].path, errors[_i].type, body,
             body != NULL ? strlen(body) : 0, 0);
    check_problem(&r, errors[_i].status, errors[_i].pointer,
                  errors[_i].detail);
    if (r.status == 405)
        ck_assert_ptr_nonnull(
            strstr(header(&r, "Allow", allow, sizeof(allow)), "GET, HEAD"));
    reply_free(&r);
    check_still_right();
}
END_TEST

/* A body of n models in the array shape, named m0, m1, ... */
static char *many_models(size_t n)
{
    size_t cap = 64 + n * 48, w = 0;
    char *body = malloc(cap);

    ck_assert_ptr_nonnull(body);
    w += (size_t)snprintf(body, cap, "{\"models\": [");
    for (size_t i = 0; i < n; i++)
        w += (size_t)snprintf(body + w, cap - w,
                              "%s{\"name\": \"m%zu\", \"parameters\": %zu}",
                              i ? ", " : "", i, i + 1);
    snprintf(body + w, cap - w, "]}");
    return body;
}

START_TEST(model_limit)
{
    char *body = many_models(10000);
    struct reply r;
    cJSON *doc;

    start_server();
    r = post(body);
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "count")->valueint, 10000);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         doc, "scale_difference_formatted")),
                     "10,000x");
    cJSON_Delete(doc);
    reply_free(&r);
    free(body);

    body = many_models(10001);
    r = post(body);
    check_problem(&r, 422, "/models", "has 10001 models; at most 10000");
    reply_free(&r);
    free(body);
    check_still_right();
}
END_TEST

START_TEST(long_name)
{
    char body[512];
    struct reply r;

    start_server();
    snprintf(body, sizeof(body), "{\"models\": {\"%0300d\": 5}}", 7);
    r = post(body);
    check_problem(&r, 422, "/models", "longer than 256 bytes");
    reply_free(&r);
}
END_TEST

START_TEST(body_too_large)
{
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n);
    struct reply r;

    start_server();
    memset(big, ' ', n);
    big[0] = '{';
    /* Announced by Content-Length: refused before it is read. */
    r = http("POST", "/compare", "application/json", big, n, 0);
    check_problem(&r, 413, NULL, "larger than the limit of 1048576 bytes");
    reply_free(&r);
    /* Chunked: no length is announced, so it is counted and dropped. */
    r = http("POST", "/compare", "application/json", big, n, 1);
    check_problem(&r, 413, NULL, "larger than the limit");
    reply_free(&r);
    /* Exactly at the limit is still read (and here, it is bad JSON). */
    r = http("POST", "/compare", "application/json", big, 1024 * 1024, 0);
    check_problem(&r, 400, NULL, "not valid JSON");
    reply_free(&r);
    free(big);
    check_still_right();
}
END_TEST

Suite *integration_errors_suite(void)
{
    Suite *s = suite_create("integration_errors");
    TCase *tc;

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, error_statuses, 0,
                        sizeof(errors) / sizeof(errors[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, model_limit);
    tcase_add_test(tc, long_name);
    tcase_add_test(tc, body_too_large);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
