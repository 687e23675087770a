/* check_dispatch.c - unit tests of dispatch.c on plain exchanges built
 * without a socket: the checks every route shares, in their order, and
 * the handler reached once they pass. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "http/dispatch.h"
#include "suites.h"

static struct app app;
static struct catalog catalog;
static struct dispatch_context ctx;
static struct exchange x;
static struct text_buf resp;
static struct problem pb;

static void setup(void)
{
    catalog.name = "default";
    catalog.description = "the built-in models";
    catalog.models = catalog_builtin(&catalog.count);
    app.max_models = 10;
    app.catalogs = &catalog;
    app.ncatalogs = 1;
    app.metrics = NULL;
    ctx.app = &app;
    ctx.body_limit = 1000;
    ctx.body_timeout = 7;
    ctx.draining = 0;
    memset(&x, 0, sizeof(x));
    memset(&pb, 0, sizeof(pb));
    text_buf_init(&resp);
}

static void teardown(void)
{
    text_buf_cleanup(&resp);
}

/* Fills x as the first call does from the request line. */
static void request(const char *method, const char *path)
{
    memset(&x, 0, sizeof(x));
    snprintf(x.method, sizeof(x.method), "%s", method);
    snprintf(x.path, sizeof(x.path), "%s", path);
    x.match = route_lookup(method, path, &x.route, x.allow, sizeof(x.allow));
}

/* Adds "key=value" (or a bare "key" when value is NULL) to x's query. */
static void arg(const char *key, const char *value)
{
    ck_assert_uint_lt(x.nargs, REQUEST_ARGS_MAX);
    x.args[x.nargs].key = key;
    x.args[x.nargs].value = value;
    x.args[x.nargs].value_len = value != NULL ? strlen(value) : 0;
    x.nargs++;
}

/* Gives x a JSON body (text is borrowed: x never frees it here). */
static void json_body(const char *text)
{
    x.content_type = "application/json";
    x.body.text = (char *)text;
    x.body.len = strlen(text);
}

static enum dispatch_result run(void)
{
    return dispatch_run(&ctx, &x, &resp, &pb);
}

/* Asserts that x was refused with st and detail, before any handler. */
static void refused(enum svc_status st, const char *detail)
{
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, st);
    ck_assert_str_eq(pb.detail, detail);
    ck_assert_ptr_null(resp.text); /* no handler wrote anything */
}

START_TEST(not_found_lists_every_route)
{
    static const char head[] = "no resource at \"/nope\"; the routes are ";
    size_t n;
    const struct route *table = route_table(&n);
    const char *at;

    request("GET", "/nope");
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, SVC_ENOTFOUND);
    ck_assert_int_eq(strncmp(pb.detail, head, sizeof(head) - 1), 0);
    /* Every path of the table, in its order: "/a, /b ... and /z". */
    at = pb.detail + sizeof(head) - 1;
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        size_t len = strlen(table[i].path);

        ck_assert_msg(strncmp(at, sep, strlen(sep)) == 0 &&
                          strncmp(at + strlen(sep), table[i].path, len) == 0,
                      "route %s missing at \"%s\"", table[i].path, at);
        at += strlen(sep) + len;
    }
    ck_assert_str_eq(at, "");
}
END_TEST

START_TEST(not_found_shows_the_path_safely)
{
    static const char head[] = "no resource at \"/a\\x0A\"; the routes";

    request("GET", "/a\n");
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, SVC_ENOTFOUND);
    ck_assert_int_eq(strncmp(pb.detail, head, sizeof(head) - 1), 0);
}
END_TEST

static const struct {
    const char *method, *path, *allow;
} bad_methods[] = {
    {"DELETE", "/compare", "GET, HEAD, POST, OPTIONS"},
    {"PUT", "/fit", "GET, HEAD, POST, OPTIONS"},
    {"POST", "/healthz", "GET, HEAD, OPTIONS"},
    {"POST", "/", "GET, HEAD, OPTIONS"},
    {"get", "/models", "GET, HEAD, OPTIONS"}, /* methods are exact */
};

START_TEST(method_not_allowed)
{
    char detail[256];

    request(bad_methods[_i].method, bad_methods[_i].path);
    snprintf(detail, sizeof(detail), "\"%s\" is not allowed on %s; "
             "allowed: %s", bad_methods[_i].method, bad_methods[_i].path,
             bad_methods[_i].allow);
    refused(SVC_EMETHOD, detail);
    ck_assert_str_eq(x.allow, bad_methods[_i].allow); /* the Allow header */
}
END_TEST

START_TEST(preflight)
{
    request("OPTIONS", "/compare");
    ck_assert_int_eq(run(), DISPATCH_PREFLIGHT);
    ck_assert_str_eq(x.allow, "GET, HEAD, POST, OPTIONS");
    request("OPTIONS", "/readyz");
    ck_assert_int_eq(run(), DISPATCH_PREFLIGHT);
    request("OPTIONS", "/nope"); /* no such path: no preflight */
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, SVC_ENOTFOUND);
    ck_assert_ptr_null(resp.text);
}
END_TEST

/* A body's fault is answered first, whatever else is wrong. */
static const struct {
    enum svc_status fault, status;
    const char *detail;
} faults[] = {
    {SVC_ETOOBIG, SVC_ETOOBIG,
     "the request body is larger than the limit of 1000 bytes"},
    {SVC_ETIMEDOUT, SVC_ETIMEDOUT,
     "the request body took longer than 7 s to arrive"},
    {SVC_ENOMEM, SVC_ENOMEM, "out of memory"},
};

START_TEST(body_faults_come_first)
{
    static const char *const targets[][2] = {
        {"POST", "/scaling"}, /* a request that would be answered */
        {"GET", "/nope"},     /* 404 */
        {"DELETE", "/fit"},   /* 405 */
        {"OPTIONS", "/fit"},  /* a preflight */
    };

    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        request(targets[i][0], targets[i][1]);
        json_body("{\"parameters\": \"1B\"}");
        x.body.fault = faults[_i].fault;
        refused(faults[_i].status, faults[_i].detail);
    }
}
END_TEST

START_TEST(query_on_a_route_without_fields)
{
    request("GET", "/healthz");
    arg("verbose", "1");
    refused(SVC_EMALFORMED,
            "unknown query parameter \"verbose\": /healthz takes none");
    request("HEAD", "/catalogs");
    arg("x", NULL);
    refused(SVC_EMALFORMED,
            "unknown query parameter \"x\": /catalogs takes none");
}
END_TEST

START_TEST(query_on_a_post)
{
    /* Even a name the GET reads: a POST's fields are in its body. */
    request("POST", "/scaling");
    json_body("{\"parameters\": \"1B\"}");
    arg("parameters", "1B");
    refused(SVC_EMALFORMED,
            "unknown query parameter \"parameters\": POST /scaling takes its "
            "fields in the JSON body, not the query");
    /* ... and before its Content-Type is looked at. */
    x.content_type = "text/plain";
    refused(SVC_EMALFORMED,
            "unknown query parameter \"parameters\": POST /scaling takes its "
            "fields in the JSON body, not the query");
}
END_TEST

START_TEST(too_many_arguments)
{
    request("GET", "/healthz");
    for (size_t i = 0; i < REQUEST_ARGS_MAX; i++)
        arg("a", "1");
    /* REQUEST_ARGS_MAX are looked at: the first is then refused. */
    refused(SVC_EMALFORMED,
            "unknown query parameter \"a\": /healthz takes none");
    x.nargs = REQUEST_ARGS_MAX + 1; /* one more was given */
    refused(SVC_EMALFORMED, "more than 32 query parameters");
    request("GET", "/scaling"); /* a route that reads its query too */
    x.nargs = 1000;
    refused(SVC_EMALFORMED, "more than 32 query parameters");
}
END_TEST

static const struct {
    const char *type; /* Content-Type; NULL: none */
    int json;
} types[] = {
    {NULL, 0},
    {"", 0},
    {"text/plain", 0},
    {"application/jsonx", 0},
    {"application/json-seq", 0},
    {"application/problem+json", 0},
    {"application/jso", 0},
    {"json", 0},
    {"application/json", 1},
    {"Application/JSON", 1},
    {"application/json; charset=utf-8", 1},
    {"application/json;charset=utf-8", 1},
};

START_TEST(post_needs_json)
{
    request("POST", "/scaling");
    json_body("{\"parameters\": \"1B\"}");
    x.content_type = types[_i].type;
    if (types[_i].json) {
        ck_assert_int_eq(run(), DISPATCH_ANSWER);
    } else {
        refused(SVC_EMEDIATYPE,
                "send the body as JSON, with Content-Type: "
                "application/json");
    }
}
END_TEST

START_TEST(post_needs_valid_json)
{
    request("POST", "/scaling");
    json_body("{\"parameters\": ");
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail, "is not valid JSON"));
    ck_assert_ptr_null(resp.text);
    /* No body at all. */
    request("POST", "/scaling");
    x.content_type = "application/json";
    refused(SVC_EMALFORMED, "the request body is empty; send a JSON object");
}
END_TEST

START_TEST(get_reaches_its_handler)
{
    request("GET", "/healthz");
    ck_assert_int_eq(run(), DISPATCH_ANSWER);
    ck_assert_str_eq(resp.text, "{\"status\":\"ok\"}");
}
END_TEST

START_TEST(get_with_query_reaches_its_handler)
{
    request("HEAD", "/scaling"); /* HEAD is served as GET */
    arg("parameters", "1B");
    ck_assert_int_eq(run(), DISPATCH_ANSWER);
    ck_assert_ptr_nonnull(strstr(resp.text, "\"question\":\"loss\""));
    ck_assert_ptr_nonnull(strstr(resp.text, "\"tokens\":20000000000"));
}
END_TEST

START_TEST(post_reaches_its_handler)
{
    request("POST", "/scaling");
    json_body("{\"parameters\": \"1B\"}");
    ck_assert_int_eq(run(), DISPATCH_ANSWER);
    ck_assert_ptr_nonnull(strstr(resp.text, "\"tokens\":20000000000"));
}
END_TEST

START_TEST(handler_refusal_passes_through)
{
    request("GET", "/scaling");
    arg("parameters", "0");
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_int_eq(pb.status, SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "parameters \"0\" is zero");
    /* A POST's body reaches the handler, pointer and all. */
    request("POST", "/scaling");
    json_body("{\"parameters\": 0}");
    ck_assert_int_eq(run(), DISPATCH_PROBLEM);
    ck_assert_str_eq(pb.detail, "parameters 0 is zero");
    ck_assert_str_eq(pb.pointer, "/parameters");
}
END_TEST

START_TEST(draining)
{
    request("GET", "/readyz");
    ck_assert_int_eq(run(), DISPATCH_ANSWER);
    ck_assert_str_eq(resp.text, "{\"status\":\"ready\"}");
    text_buf_cleanup(&resp);
    ctx.draining = 1;
    refused(SVC_EDRAINING, "the server is stopping; send new requests to "
                           "another replica");
    /* Alive all the same: liveness does not drain. */
    request("GET", "/healthz");
    ck_assert_int_eq(run(), DISPATCH_ANSWER);
}
END_TEST

Suite *dispatch_suite(void)
{
    Suite *s = suite_create("dispatch");
    TCase *tc;

    tc = tcase_create("route");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, not_found_lists_every_route);
    tcase_add_test(tc, not_found_shows_the_path_safely);
    tcase_add_loop_test(tc, method_not_allowed, 0,
                        sizeof(bad_methods) / sizeof(bad_methods[0]));
    tcase_add_test(tc, preflight);
    suite_add_tcase(s, tc);

    tc = tcase_create("body faults");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, body_faults_come_first, 0,
                        sizeof(faults) / sizeof(faults[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("carriers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, query_on_a_route_without_fields);
    tcase_add_test(tc, query_on_a_post);
    tcase_add_test(tc, too_many_arguments);
    tcase_add_loop_test(tc, post_needs_json, 0,
                        sizeof(types) / sizeof(types[0]));
    tcase_add_test(tc, post_needs_valid_json);
    suite_add_tcase(s, tc);

    tc = tcase_create("handler");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, get_reaches_its_handler);
    tcase_add_test(tc, get_with_query_reaches_its_handler);
    tcase_add_test(tc, post_reaches_its_handler);
    tcase_add_test(tc, handler_refusal_passes_through);
    tcase_add_test(tc, draining);
    suite_add_tcase(s, tc);
    return s;
}
