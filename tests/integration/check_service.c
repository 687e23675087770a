/* check_service.c - the service routes and the process over real HTTP:
 * /models, /healthz, /readyz, HEAD and OPTIONS, keep-alive, refusing to
 * start (a bad flag, a port in use) and the healthcheck command. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

START_TEST(keep_alive)
{
    struct reply a, b;

    start_server();
    a = get("/compare");
    b = get("/healthz");
    ck_assert_int_eq(b.status, 200);
    ck_assert_int_eq(b.new_connections, 0); /* the first one was reused */
    reply_free(&a);
    reply_free(&b);
}
END_TEST

START_TEST(models_health_head_options)
{
    struct reply r;
    cJSON *doc;
    char allow[128], length[32];

    start_server();
    r = get("/models");
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "count")->valueint, 7);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(cJSON_GetObjectItem(doc,
                                                                "models"),
                                            4),
                         "formatted")),
                     "6.0B");
    cJSON_Delete(doc);
    reply_free(&r);

    r = get("/healthz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, "{\"status\":\"ok\"}");
    reply_free(&r);

    r = get("/readyz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, "{\"status\":\"ready\"}");
    reply_free(&r);

    r = http("HEAD", "/compare", NULL, NULL, 0, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(r.body.data);
    ck_assert_int_eq(atoi(header(&r, "Content-Length", length,
                                 sizeof(length))),
                     (int)strlen(reference));
    reply_free(&r);

    r = http("OPTIONS", "/compare", NULL, NULL, 0, 0);
    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(header(&r, "Allow", allow, sizeof(allow)),
                     "GET, HEAD, POST, OPTIONS");
    reply_free(&r);
}
END_TEST

START_TEST(refuses_to_start)
{
    char port_text[16], err[512];
    char *bad_flag[] = {"modelscale", "--port", "http", NULL};
    char *taken[] = {"modelscale", "--bind", "127.0.0.1", "--port",
                     port_text, NULL};

    start_server();
    ck_assert_int_eq(run(bad_flag, err, sizeof(err)), 2);
    ck_assert_str_eq(err, "modelscale: option --port: \"http\" is not an "
                          "integer from 0 to 65535\n");
    snprintf(port_text, sizeof(port_text), "%u", port);
    ck_assert_int_eq(run(taken, err, sizeof(err)), 1);
    ck_assert_ptr_nonnull(strstr(err, "cannot listen on 127.0.0.1 port"));
    ck_assert_ptr_nonnull(strstr(err, "Address already in use"));
}
END_TEST

START_TEST(healthcheck)
{
    char port_text[16], closed_text[16], out[512];
    char *up[] = {"modelscale", "healthcheck", "--port", port_text, NULL};
    char *down[] = {"modelscale", "healthcheck", "--port", closed_text,
                    NULL};

    start_server();
    snprintf(port_text, sizeof(port_text), "%u", port);
    ck_assert_int_eq(run(up, out, sizeof(out)), 0);
    requests_sent++; /* its GET /healthz is in the server's log too */
    ck_assert_str_eq(out, "");
    /* The port just below ours: nothing of ours listens there. */
    snprintf(closed_text, sizeof(closed_text), "%u", port - 1);
    ck_assert_int_eq(run(down, out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "modelscale: healthcheck: "));
}
END_TEST

Suite *integration_service_suite(void)
{
    Suite *s = suite_create("integration_service");
    TCase *tc;

    tc = tcase_create("routes");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, keep_alive);
    tcase_add_test(tc, models_health_head_options);
    suite_add_tcase(s, tc);

    tc = tcase_create("process");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, refuses_to_start);
    tcase_add_test(tc, healthcheck);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
