/* check_compare.c - /compare over real HTTP: the reference answer, a
 * query, both body shapes and a chunked body, and the answers built at
 * start or kept in the cache, byte for byte those of the plain path. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

START_TEST(compare_reference)
{
    struct reply r;
    char type[128], nosniff[64];

    start_server();
    r = get("/compare");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "Content-Type", type, sizeof(type)),
                     "application/json");
    ck_assert_str_eq(header(&r, "X-Content-Type-Options", nosniff,
                            sizeof(nosniff)),
                     "nosniff");
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}
END_TEST

START_TEST(compare_query)
{
    struct reply r;
    cJSON *doc, *models;

    start_server();
    r = get("/compare?models=medium_cnn,simple_linear,large_vision_model"
            "&sort=asc&precision=3&baseline=medium_cnn");
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    models = cJSON_GetObjectItem(doc, "models");
    ck_assert_int_eq(cJSON_GetArraySize(models), 3);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 0), "name")),
                     "simple_linear");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 2), "formatted")),
                     "86.000M");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 0),
                         "ratio_to_baseline_formatted")),
                     "0.0000030x");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(doc,
                                                              "summary")),
                     "Largest model is 28,666,667x bigger than smallest");
    cJSON_Delete(doc);
    reply_free(&r);
}
END_TEST

START_TEST(compare_post_shapes)
{
    const char *object = "{\"models\": {\"simple_linear\": 3, "
                         "\"small_neural_net\": \"101,770\", \"medium_cnn\": "
                         "\"1M\", \"large_vision_model\": \"86M\", "
                         "\"medium_language_model\": 6e9, "
                         "\"large_language_model\": \"175B\", "
                         "\"massive_multimodal_model\": \"685_000_000_000\"}}";
    const char *array = "{\"models\": [{\"name\": \"simple_linear\", "
                        "\"parameters\": 3}, {\"name\": \"small_neural_net\","
                        " \"parameters\": 101770}, {\"name\": \"medium_cnn\","
                        " \"parameters\": 1000000}, {\"name\": "
                        "\"large_vision_model\", \"parameters\": 86000000}, "
                        "{\"name\": \"medium_language_model\", "
                        "\"parameters\": \"6.0B\"}, {\"name\": "
                        "\"large_language_model\", \"parameters\": "
                        "175000000000}, {\"name\": "
                        "\"massive_multimodal_model\", \"parameters\": "
                        "\"0.685T\"}]}";
    struct reply r;

    start_server();
    /* The reference's own catalog, posted in either shape, gets the same
     * answer as GET /compare. */
    r = post(object);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
    r = post(array);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
    r = http("POST", "/compare", "Application/JSON; charset=utf-8", array,
             strlen(array), 1);
    ck_assert_int_eq(r.status, 200); /* chunked, parameters in the type */
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}
END_TEST

START_TEST(fixed_equals_plain)
{
    /* Without a query these answers are built once at start; a query
     * that changes nothing takes the plain path: the bytes must match. */
    static const char *pairs[][2] = {{"/compare", "/compare?sort=input"},
                                     {"/models", "/models?catalog=default"}};
    char type_a[128], type_b[128];

    start_server();
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        struct reply a = get(pairs[i][0]), b = get(pairs[i][1]);

        ck_assert_int_eq(a.status, 200);
        ck_assert_int_eq(b.status, 200);
        ck_assert_str_eq(a.body.data, b.body.data);
        ck_assert_str_eq(header(&a, "Content-Type", type_a, sizeof(type_a)),
                         header(&b, "Content-Type", type_b, sizeof(type_b)));
        ck_assert_str_eq(header(&a, "X-Content-Type-Options", type_a,
                                sizeof(type_a)),
                         "nosniff");
        reply_free(&a);
        reply_free(&b);
    }
    /* A route without fields refuses a query rather than ignore it. */
    {
        struct reply c = get("/healthz?x");

        ck_assert_int_eq(c.status, 400);
        reply_free(&c);
    }
}
END_TEST

START_TEST(cached_equals_plain)
{
    /* A query's first answer takes the plain path and is then kept; the
     * kept answers must be byte for byte the plain ones, each under its
     * own URL only (these differ by one character, or by order). */
    static const char *paths[] = {
        "/compare?precision=0",
        "/compare?precision=2",
        "/compare?precision=3",
        "/compare?sort=desc",
        "/compare?models=medium_cnn,simple_linear",
        "/compare?models=simple_linear,medium_cnn",
        "/compare?models=simple_linear,medium_cnn&baseline=medium_cnn",
        "/compare?baseline=medium_cnn&models=simple_linear,medium_cnn",
    };
    enum { N = sizeof(paths) / sizeof(paths[0]) };
    struct reply first[N];
    char type_a[128], type_b[128];

    start_server();
    for (size_t i = 0; i < N; i++) {
        first[i] = get(paths[i]);
        ck_assert_int_eq(first[i].status, 200);
        for (size_t j = 0; j < i; j++)
            if (i != 7 || j != 6) /* the same question, in another order */
                ck_assert_str_ne(first[i].body.data, first[j].body.data);
    }
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < N; i++) {
            struct reply again = get(paths[i]);

            ck_assert_int_eq(again.status, 200);
            ck_assert_str_eq(again.body.data, first[i].body.data);
            ck_assert_str_eq(
                header(&again, "Content-Type", type_a, sizeof(type_a)),
                header(&first[i], "Content-Type", type_b, sizeof(type_b)));
            reply_free(&again);
        }
    }
    for (size_t i = 0; i < N; i++)
        reply_free(&first[i]);
}
END_TEST

Suite *integration_compare_suite(void)
{
    Suite *s = suite_create("integration_compare");
    TCase *tc;

    tc = tcase_create("answers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, compare_reference);
    tcase_add_test(tc, compare_query);
    tcase_add_test(tc, compare_post_shapes);
    suite_add_tcase(s, tc);

    tc = tcase_create("prebuilt and cached");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fixed_equals_plain);
    tcase_add_test(tc, cached_equals_plain);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
