/* routes.c - the route table, and what is made from it. */
#include "api/routes.h"

#include <stdio.h>
#include <string.h>

#define JSON "application/json"
#define BOTH (ROUTE_GET | ROUTE_POST)

static const struct route routes[] = {
    {"/compare", BOTH, 1, h_compare, 1, JSON,
     "the comparison of a catalog, a subset of it, or your models"},
    {"/models", ROUTE_GET, 1, h_models, 1, JSON, "a catalog's models"},
    {"/catalogs", ROUTE_GET, 0, h_catalogs, 1, JSON, "the catalogs"},
    {"/gpus", ROUTE_GET, 0, h_gpus, 1, JSON,
     "the GPUs: memory, bandwidth, dense peaks"},
    {"/fit", BOTH, 1, h_fit, 1, JSON,
     "the models of a catalog that fit in an amount of memory"},
    {"/scaling", BOTH, 1, h_scaling, 1, JSON,
     "the scaling laws' loss, or a compute budget's best split"},
    {"/training", BOTH, 1, h_training, 1, JSON,
     "what training a model costs, or what GPUs, days or money buy"},
    {"/count", ROUTE_POST, 0, h_count, 0, JSON,
     "the exact parameter count of an architecture, and where they live"},
    {"/architectures", ROUTE_GET, 0, h_architectures, 1, JSON,
     "the model_types /count reads, with their fields"},
    {"/healthz", ROUTE_GET, 0, h_health, 1, JSON, "alive (liveness)"},
    {"/readyz", ROUTE_GET, 0, h_ready, 0, JSON, /* 503 once draining */
     "alive and not stopping (readiness)"},
    {"/metrics", ROUTE_GET, 0, h_metrics, 0,
     "text/plain; version=0.0.4; charset=utf-8", "Prometheus text"},
    {"/openapi.json", ROUTE_GET, 0, h_openapi, 1, JSON,
     "the OpenAPI 3.1 contract"},
    {"/", ROUTE_GET, 0, h_page, 1, "text/html; charset=utf-8",
     "the comparison page"},
    {"/app.js", ROUTE_GET, 0, h_script, 1, "text/javascript; charset=utf-8",
     "the page's script"},
    {"/app.css", ROUTE_GET, 0, h_style, 1, "text/css; charset=utf-8",
     "the page's style sheet"},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))
_Static_assert(NROUTES <= ROUTES_MAX, "ROUTES_MAX bounds the table");
_Static_assert(ROUTE_ENDPOINTS_MAX <= METRICS_ROUTES_MAX,
               "metrics count every (method, path) pair");

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
    unsigned want = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0
                        ? ROUTE_GET
                    : strcmp(method, "POST") == 0 ? ROUTE_POST
                                                  : 0;

    allow[0] = '\0';
    for (size_t i = 0; i < NROUTES; i++) {
        if (strcmp(routes[i].path, path) != 0)
            continue;
        if (routes[i].methods & ROUTE_GET) {
            allow_add(allow, allow_len, "GET");
            allow_add(allow, allow_len, "HEAD");
        }
        if (routes[i].methods & ROUTE_POST)
            allow_add(allow, allow_len, "POST");
        allow_add(allow, allow_len, "OPTIONS");
        if ((routes[i].methods & want) == 0)
            return ROUTE_BAD_METHOD;
        *found = &routes[i];
        return ROUTE_FOUND;
    }
    return ROUTE_NO_PATH;
}

const struct route *route_table(size_t *count)
{
    *count = NROUTES;
    return routes;
}

size_t route_endpoint(const struct route *r, unsigned method)
{
    size_t n = 0;

    for (const struct route *t = routes; t < r; t++)
        n += (size_t)__builtin_popcount(t->methods);
    return n + (method == ROUTE_POST && (r->methods & ROUTE_GET) ? 1 : 0);
}

size_t route_endpoints(const char *method[ROUTE_ENDPOINTS_MAX],
                       const char *path[ROUTE_ENDPOINTS_MAX])
{
    size_t n = 0;

    for (size_t i = 0; i < NROUTES; i++) {
        if (routes[i].methods & ROUTE_GET) {
            method[n] = "GET";
            path[n++] = routes[i].path;
        }
        if (routes[i].methods & ROUTE_POST) {
            method[n] = "POST";
            path[n++] = routes[i].path;
        }
    }
    return n;
}

void route_paths(char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < NROUTES; i++) {
        int n = snprintf(buf + used, len - used, "%s%s",
                         i == 0               ? ""
                         : i + 1 == NROUTES ? " and "
                                              : ", ",
                         routes[i].path);

        if (n < 0 || used + (size_t)n >= len)
            return;
        used += (size_t)n;
    }
}
