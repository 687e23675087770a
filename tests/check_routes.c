/* check_routes.c - unit tests of the route table lookup. */
#include <check.h>
#include <string.h>

#include "api/routes.h"
#include "suites.h"

static const struct {
    const char *method, *path;
    enum route_match match;
    handler_fn *handler; /* on ROUTE_FOUND */
    const char *allow;   /* unless ROUTE_NO_PATH */
} lookups[] = {
    {"GET", "/compare", ROUTE_FOUND, h_compare_get,
     "GET, HEAD, POST, OPTIONS"},
    {"HEAD", "/compare", ROUTE_FOUND, h_compare_get,
     "GET, HEAD, POST, OPTIONS"},
    {"POST", "/compare", ROUTE_FOUND, h_compare_post,
     "GET, HEAD, POST, OPTIONS"},
    {"GET", "/models", ROUTE_FOUND, h_models, "GET, HEAD, OPTIONS"},
    {"GET", "/healthz", ROUTE_FOUND, h_health, "GET, HEAD, OPTIONS"},
    {"GET", "/readyz", ROUTE_FOUND, h_ready, "GET, HEAD, OPTIONS"},
    {"DELETE", "/compare", ROUTE_BAD_METHOD, NULL,
     "GET, HEAD, POST, OPTIONS"},
    {"POST", "/models", ROUTE_BAD_METHOD, NULL, "GET, HEAD, OPTIONS"},
    {"OPTIONS", "/healthz", ROUTE_BAD_METHOD, NULL, "GET, HEAD, OPTIONS"},
    {"get", "/compare", ROUTE_BAD_METHOD, NULL, "GET, HEAD, POST, OPTIONS"},
    {"GET", "/", ROUTE_FOUND, h_page, "GET, HEAD, OPTIONS"},
    {"GET", "/metrics", ROUTE_FOUND, h_metrics, "GET, HEAD, OPTIONS"},
    {"GET", "/openapi.json", ROUTE_FOUND, h_openapi, "GET, HEAD, OPTIONS"},
    {"GET", "/app.js", ROUTE_FOUND, h_page_script, "GET, HEAD, OPTIONS"},
    {"GET", "/index.html", ROUTE_NO_PATH, NULL, NULL},
    {"GET", "/compare/", ROUTE_NO_PATH, NULL, NULL},
    {"GET", "/Compare", ROUTE_NO_PATH, NULL, NULL},
    {"GET", "/compare/../models", ROUTE_NO_PATH, NULL, NULL},
    {"GET", "", ROUTE_NO_PATH, NULL, NULL},
    {"DELETE", "/nope", ROUTE_NO_PATH, NULL, NULL},
};

START_TEST(lookup)
{
    const struct route *found = NULL;
    char allow[ROUTE_ALLOW_MAX];
    enum route_match m = route_lookup(lookups[_i].method, lookups[_i].path,
                                      &found, allow, sizeof(allow));

    ck_assert_int_eq(m, lookups[_i].match);
    if (m == ROUTE_FOUND)
        ck_assert_ptr_eq(found->handler, lookups[_i].handler);
    if (m != ROUTE_NO_PATH)
        ck_assert_str_eq(allow, lookups[_i].allow);
}
END_TEST

START_TEST(body_rules)
{
    const struct route *found = NULL;
    char allow[ROUTE_ALLOW_MAX];

    route_lookup("POST", "/compare", &found, allow, sizeof(allow));
    ck_assert_int_eq(found->body, ROUTE_BODY_JSON);
    route_lookup("GET", "/compare", &found, allow, sizeof(allow));
    ck_assert_int_eq(found->body, ROUTE_BODY_NONE);
}
END_TEST

Suite *routes_suite(void)
{
    Suite *s = suite_create("routes");
    TCase *tc = tcase_create("routes");

    tcase_add_loop_test(tc, lookup, 0, sizeof(lookups) / sizeof(lookups[0]));
    tcase_add_test(tc, body_rules);
    suite_add_tcase(s, tc);
    return s;
}
