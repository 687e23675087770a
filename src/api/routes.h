/* routes.h - the one route table, and a lookup that tells an
 * unknown path (404) from a known path with the wrong method (405). */
#ifndef MODELSCALE_ROUTES_H
#define MODELSCALE_ROUTES_H

#include <stddef.h>

#include "api/handlers.h"

#define ROUTE_ALLOW_MAX 64 /* "GET, HEAD, POST, OPTIONS" and more */

enum route_body {
    ROUTE_BODY_NONE = 0, /* a body, if any, is read and dropped */
    ROUTE_BODY_JSON      /* a JSON body is required and parsed first */
};

struct route {
    const char *method;
    const char *path;
    handler_fn *handler;
    enum route_body body;
    int fixed; /* the answer depends only on the URL: without a query
                * it is built once at start; with one it is kept in the
                * answer cache the first time; it has an ETag */
    const char *type; /* the Content-Type of its 200 answer */
};

enum route_match {
    ROUTE_FOUND = 0,
    ROUTE_NO_PATH,   /* no route has this path: 404 */
    ROUTE_BAD_METHOD /* the path exists, the method does not: 405 */
};

/* Finds the route for method and path (exact match; HEAD is served by
 * the GET route).  On ROUTE_FOUND sets *found.  Unless the result is
 * ROUTE_NO_PATH, writes into allow the methods the path takes, as an
 * Allow header lists them ("GET, HEAD, OPTIONS").
 * @unittest check_routes.c */
enum route_match route_lookup(const char *method, const char *path,
                              const struct route **found, char *allow,
                              size_t allow_len);

/* The route table, for building the fixed answers: sets *count. */
const struct route *route_table(size_t *count);

#endif
