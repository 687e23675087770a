/* routes.c - the route table. */
#include "api/routes.h"

#include <string.h>

#define JSON "application/json"

static const struct route routes[] = {
    {"GET", "/compare", h_compare_get, ROUTE_BODY_NONE, 1, JSON},
    {"POST", "/compare", h_compare_post, ROUTE_BODY_JSON, 0, JSON},
    {"GET", "/models", h_models, ROUTE_BODY_NONE, 1, JSON},
    {"GET", "/catalogs", h_catalogs, ROUTE_BODY_NONE, 1, JSON},
    {"GET", "/fit", h_fit_get, ROUTE_BODY_NONE, 1, JSON},
    {"POST", "/fit", h_fit_post, ROUTE_BODY_JSON, 0, JSON},
    {"GET", "/scaling", h_scaling_get, ROUTE_BODY_NONE, 1, JSON},
    {"POST", "/scaling", h_scaling_post, ROUTE_BODY_JSON, 0, JSON},
    {"GET", "/healthz", h_health, ROUTE_BODY_NONE, 1, JSON},
    {"GET", "/readyz", h_ready, ROUTE_BODY_NONE, 0, JSON}, /* drains */
    {"GET", "/metrics", h_metrics, ROUTE_BODY_NONE, 0,
     "text/plain; version=0.0.4; charset=utf-8"},
    {"GET", "/openapi.json", h_openapi, ROUTE_BODY_NONE, 1, JSON},
    {"GET", "/", h_page, ROUTE_BODY_NONE, 1, "text/html; charset=utf-8"},
    {"GET", "/app.js", h_page_script, ROUTE_BODY_NONE, 1,
     "text/javascript; charset=utf-8"},
    {"GET", "/app.css", h_page_style, ROUTE_BODY_NONE, 1,
     "text/css; charset=utf-8"},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static void allow_add(char *allow, size_t len, const char *method)
{
    size_t used = strlen(allow);

    if (used + strlen(method) + 3 > len)
        return;
    if (used > 0) {
        memcpy(allow + used, ", ", 2);
        used += 2;
    }
    strcpy(allow + used, method);
}

enum route_match route_lookup(const char *method, const char *path,
                              const struct route **found, char *allow,
                              size_t allow_len)
{
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    enum route_match match = ROUTE_NO_PATH;

    allow[0] = '\0';
    for (size_t i = 0; i < NROUTES; i++) {
        if (strcmp(routes[i].path, path) != 0)
            continue;
        allow_add(allow, allow_len, routes[i].method);
        if (strcmp(routes[i].method, "GET") == 0)
            allow_add(allow, allow_len, "HEAD");
        if (match != ROUTE_FOUND)
            match = ROUTE_BAD_METHOD;
        if (strcmp(routes[i].method, want) == 0) {
            *found = &routes[i];
            match = ROUTE_FOUND;
        }
    }
    if (match != ROUTE_NO_PATH)
        allow_add(allow, allow_len, "OPTIONS");
    return match;
}

const struct route *route_table(size_t *count)
{
    *count = NROUTES;
    return routes;
}
