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
    {"GET", "/compare", ROUTE_FOUND, h_compare,
     "GET, HEAD, POST, OPTIONS"},
    {"HEAD", "/compare", ROUTE_FOUND, h_compare,
     "GET, HEAD, POST, OPTIONS"},
    {"POST", "/compare", ROUTE_FOUND, h_compare,
     "GET, HEAD, POST, OPTIONS"},
    {"GET", "/models", ROUTE_FOUND, h_models, "GET, HEAD, OPTIONS"},
    {"POST", "/count", ROUTE_FOUND, h_count, "POST, OPTIONS"},
    {"GET", "/count", ROUTE_BAD_METHOD, NULL, "POST, OPTIONS"},
    {"GET", "/architectures", ROUTE_FOUND, h_architectures,
     "GET, HEAD, OPTIONS"},
    {"POST", "/architectures", ROUTE_BAD_METHOD, NULL, "GET, HEAD, OPTIONS"},
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
    {"GET", "/app.js", ROUTE_FOUND, h_script, "GET, HEAD, OPTIONS"},
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

START_TEST(endpoints)
{
    /* Every (method, path) pair once, in table order, GET before POST,
     * at the index route_endpoint gives it. */
    const char *method[ROUTE_ENDPOINTS_MAX], *path[ROUTE_ENDPOINTS_MAX];
    size_t n = route_endpoints(method, path), count, seen = 0;
    const struct route *table = route_table(&count);

    for (size_t i = 0; i < count; i++) {
        for (unsigned m = ROUTE_GET; m <= ROUTE_POST; m <<= 1) {
            size_t e;

            if (!(table[i].methods & m))
                continue;
            e = route_endpoint(&table[i], m);
            ck_assert_uint_eq(e, seen++);
            ck_assert_str_eq(method[e], m == ROUTE_GET ? "GET" : "POST");
            ck_assert_str_eq(path[e], table[i].path);
        }
    }
    ck_assert_uint_eq(n, seen);
    ck_assert_uint_le(n, ROUTE_ENDPOINTS_MAX);
}
END_TEST

START_TEST(paths_listed)
{
    /* The 404 detail's list names every path of the table. */
    char list[ROUTE_LIST_MAX];
    size_t count;
    const struct route *table = route_table(&count);

    route_paths(list, sizeof(list));
    ck_assert_str_eq(strstr(list, "/compare, /models"), list);
    for (size_t i = 0; i < count; i++)
        ck_assert_ptr_nonnull(strstr(list, table[i].path));
    ck_assert_ptr_nonnull(strstr(list, " and /app.css"));
}
END_TEST

Suite *routes_suite(void)
{
    Suite *s = suite_create("routes");
    TCase *tc = tcase_create("routes");

    tcase_add_loop_test(tc, lookup, 0, sizeof(lookups) / sizeof(lookups[0]));
    tcase_add_test(tc, endpoints);
    tcase_add_test(tc, paths_listed);
    suite_add_tcase(s, tc);
    return s;
}
