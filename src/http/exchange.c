/* exchange.c - what the first call of a request learns, in one pass
 * over its query arguments. */
#include "http/exchange.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "http/cors.h"

/* Copies src into dst, cut to fit (for the log and error details). */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The one walk over the query: keeps each argument, and adds up the
 * target's length. */
struct walk {
    struct exchange *x;
    size_t target; /* bytes of path and query, decoded */
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
                               const char *key, size_t key_size,
                               const char *value, size_t value_size)
{
    struct walk *w = cls;
    struct exchange *x = w->x;

    (void)kind;
    w->target += key_size + value_size + 2; /* '&' or '?', and '=' */
    if (x->nargs < REQUEST_ARGS_MAX) {
        x->args[x->nargs].key = key;
        x->args[x->nargs].value = value;
        x->args[x->nargs].value_len = value_size;
    }
    x->nargs++;
    return MHD_YES;
}

enum svc_status exchange_too_big(unsigned long body_limit,
                                 struct problem *pb)
{
    return problem_set(pb, SVC_ETOOBIG,
                       "the request body is larger than the limit of %lu "
                       "bytes", body_limit);
}

double exchange_seconds_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

enum svc_status exchange_begin(struct exchange *x,
                               struct MHD_Connection *conn,
                               const char *method, const char *url,
                               const char *cors_origins,
                               unsigned long body_limit, struct problem *pb)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    const char *length = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    struct walk w = {x, strlen(url)};

    clock_gettime(CLOCK_MONOTONIC, &x->start);
    copy_cut(x->method, sizeof(x->method), method);
    copy_cut(x->path, sizeof(x->path), url);
    x->match = route_lookup(method, url, &x->route, x->allow,
                            sizeof(x->allow));
    x->allow_origin = cors_allow_origin(
        cors_origins,
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin"));
    x->content_type = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    x->if_none_match = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_arg, &w);
    if (w.target > EXCHANGE_TARGET_MAX)
        return problem_set(pb, SVC_ETOOLONG,
                           "the path and query are longer than %d bytes",
                           EXCHANGE_TARGET_MAX);
    if (info != NULL && info->header_size > w.target + EXCHANGE_HEADERS_MAX)
        return problem_set(pb, SVC_EHEADERS,
                           "the request headers are larger than %d bytes",
                           EXCHANGE_HEADERS_MAX);
    if (length != NULL) {
        unsigned long long announced = strtoull(length, NULL, 10);

        if (announced > body_limit)
            return exchange_too_big(body_limit, pb);
        x->announced = (size_t)announced;
    }
    return SVC_OK;
}
