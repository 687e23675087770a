/* routes.h - the one route table: every path, the methods and carriers
 * it takes, its handler and how its answers may be kept; and a lookup
 * that tells an unknown path (404) from a known path with the wrong
 * method (405).  Every other list of routes is made from it: the 404
 * detail, --help, the answers built at start, the metrics labels. */
#ifndef MODELSCALE_ROUTES_H
#define MODELSCALE_ROUTES_H

#include <stddef.h>

#include "api/handlers.h"

#define ROUTES_MAX 24       /* rows of the table (routes.c checks) */
#define ROUTE_ENDPOINTS_MAX (2 * ROUTES_MAX) /* (method, path) pairs */
#define ROUTE_ALLOW_MAX 64  /* "GET, HEAD, POST, OPTIONS" */
#define ROUTE_LIST_MAX 320  /* route_paths' list */

enum route_methods {
    ROUTE_GET = 1 << 0, /* GET and HEAD: fields, if any, in the query */
    ROUTE_POST = 1 << 1 /* POST: fields in a JSON body, none in the query */
};

struct route {
    const char *path;
    unsigned methods;   /* enum route_methods bits */
    int query;          /* its GET reads query fields; else a query is
                           refused */
    handler_fn *handler;
    int fixed;          /* a GET's answer depends only on the URL:
                         * without a query it is built once at start;
                         * with one it is kept in the answer cache the
                         * first time; it has an ETag */
    const char *type;   /* the Content-Type of its 200 answer */
    const char *summary; /* for --help: what it answers */
};

enum route_match {
    ROUTE_FOUND = 0,
    ROUTE_NO_PATH,   /* no route has this path: 404 */
    ROUTE_BAD_METHOD /* the path exists, the method does not: 405 */
};

/* Finds the route of path for method (exact match; HEAD is served as
 * GET).  On ROUTE_FOUND sets *found.  Unless the result is
 * ROUTE_NO_PATH, writes into allow the methods the path takes, as an
 * Allow header lists them ("GET, HEAD, POST, OPTIONS").
 * @unittest check_routes.c */
enum route_match route_lookup(const char *method, const char *path,
                              const struct route **found, char *allow,
                              size_t allow_len);

/* The table; sets *count. */
const struct route *route_table(size_t *count);

/* The index of (r, method) among every (method, path) pair of the
 * table, in table order, GET before POST: what metrics count by.
 * method is ROUTE_GET or ROUTE_POST.  @unittest check_routes.c */
size_t route_endpoint(const struct route *r, unsigned method);

/* Fills method[] and path[] with every (method, path) pair, in
 * route_endpoint's order; returns how many (at most ROUTE_ENDPOINTS_MAX). */
size_t route_endpoints(const char *method[ROUTE_ENDPOINTS_MAX],
                       const char *path[ROUTE_ENDPOINTS_MAX]);

/* Writes every path into buf, "/compare, /models, ... and /app.css",
 * for the 404 detail.  buf should hold ROUTE_LIST_MAX bytes. */
void route_paths(char *buf, size_t len);

#endif
