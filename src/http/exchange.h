/* exchange.h - one request's state between the access handler's calls:
 * what the first call learns from the request line and the headers
 * (route, origin, sizes, the query arguments, collected once), its body
 * as it arrives, and what was answered, for the log and the metrics. */
#ifndef MODELSCALE_EXCHANGE_H
#define MODELSCALE_EXCHANGE_H

#include <stddef.h>
#include <time.h>

#include "api/problem.h"
#include "api/request.h"
#include "api/routes.h"
#include "http/body.h"

#define EXCHANGE_METHOD_MAX 16
#define EXCHANGE_PATH_MAX 256 /* of the path kept for the log */
#define EXCHANGE_TARGET_MAX 8192  /* bytes of path and query: 414 */
#define EXCHANGE_HEADERS_MAX 8192 /* bytes of headers, not counting the
                                   * target: 431 */

struct MHD_Connection;

struct exchange {
    enum route_match match;
    const struct route *route; /* set when match is ROUTE_FOUND */
    char allow[ROUTE_ALLOW_MAX];
    /* Borrowed from libmicrohttpd, which keeps them for the request. */
    const char *allow_origin; /* Access-Control-Allow-Origin, or NULL;
                                 the setting's or the Origin header's */
    const char *content_type;
    const char *if_none_match;
    struct query_arg args[REQUEST_ARGS_MAX];
    size_t nargs;      /* arguments given; above REQUEST_ARGS_MAX only
                          the first REQUEST_ARGS_MAX are in args */
    size_t announced;  /* Content-Length; 0 when there is none */
    int chunked;       /* Transfer-Encoding: chunked */
    int close;         /* answer with Connection: close (Content-Length
                          and Transfer-Encoding both came) */
    int reading;       /* past the headers: its body, if any, is read */
    struct body body;
    unsigned status;   /* what was answered */
    size_t bytes;      /* answer body bytes */
    struct timespec start;
    char method[EXCHANGE_METHOD_MAX];
    char path[EXCHANGE_PATH_MAX];
};

/* Fills x, zeroed by the caller, from the first call's request line and
 * headers: the route (of the path alone for an absolute-form target,
 * "http://host/compare"), the CORS origin allowed by cors_origins, the
 * query arguments, the framing of the body.  Returns SVC_OK, or the
 * refusal of a request that cannot be read safely, with pb set; the
 * caller answers it at once, which closes the connection:
 *   414 and 431: a target or headers over their limits;
 *   413: a body announced above body_limit;
 *   400: a header name with a space before its colon, a Host missing
 *        (HTTP/1.1) or repeated, Content-Lengths that differ or do not
 *        read, "chunked" not the last transfer coding;
 *   501: a transfer coding other than chunked.
 * Both Content-Length and Transfer-Encoding: the body is read chunked
 * (RFC 9112 6.3) and x->close is set.  It reads libmicrohttpd's
 * connection, so it is tested over real sockets: every refusal by
 * tests/reliability/framing.py and hostile_requests.py. */
enum svc_status exchange_begin(struct exchange *x,
                               struct MHD_Connection *conn,
                               const char *method, const char *url,
                               const char *version, const char *cors_origins,
                               unsigned long body_limit, struct problem *pb);

/* The one 413 detail. */
enum svc_status exchange_too_big(unsigned long body_limit,
                                 struct problem *pb);

/* Seconds since t, on the monotonic clock. */
double exchange_seconds_since(const struct timespec *t);

#endif
