/* exchange.c - what the first call of a request learns, in one pass
 * over its query arguments. */
#include "http/exchange.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* What the one walk over the headers finds: their size, and what the
 * framing of the body depends on. */
struct headers {
    size_t bytes;          /* "name: value" and CRLF, each */
    unsigned hosts;        /* Host lines */
    unsigned lengths;      /* Content-Length lines */
    const char *length;    /* the first's value */
    int lengths_differ;    /* a later one says otherwise */
    unsigned codings;      /* Transfer-Encoding lines */
    const char *coding;    /* the last's value */
    const char *bad_name;  /* a name with white space in it */
};

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind,
                                  const char *key, size_t key_size,
                                  const char *value, size_t value_size)
{
    struct headers *h = cls;

    (void)kind;
    h->bytes += key_size + value_size + 4; /* ": " and CRLF */
    if (strcspn(key, " \t") != key_size && h->bad_name == NULL)
        h->bad_name = key;
    if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
        h->hosts++;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (h->lengths++ == 0)
            h->length = value;
        else if (strcmp(h->length, value) != 0)
            h->lengths_differ = 1;
    }
    if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        h->codings++;
        h->coding = value;
    }
    return MHD_YES;
}

/* The refusal of a Transfer-Encoding other than "chunked" alone: 400
 * when chunked is not the last coding (the body's end cannot be found),
 * 501 for a coding before it that is not decoded (RFC 9112 6.1, 6.3). */
static enum svc_status check_codings(const char *value, struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    const char *p = value, *last = NULL;
    size_t last_len = 0, n = 0;

    while (*p != '\0') {
        size_t len;

        p += strspn(p, " \t,");
        len = strcspn(p, " \t,");
        if (len > 0) {
            last = p;
            last_len = len;
            n++;
        }
        p += len;
    }
    problem_quote(q, sizeof(q), value, strlen(value));
    if (last == NULL || last_len != 7 || strncasecmp(last, "chunked", 7))
        return problem_set(pb, SVC_EMALFORMED,
                           "Transfer-Encoding %s does not end in chunked, "
                           "so the body's end cannot be found; send the "
                           "body with Content-Length, or chunked alone", q);
    if (n > 1)
        return problem_set(pb, SVC_ENOTIMPL,
                           "Transfer-Encoding %s: only chunked is decoded; "
                           "send the body as it is, chunked or with "
                           "Content-Length", q);
    return SVC_OK;
}

/* The refusals of a request whose framing cannot be trusted. */
static enum svc_status check_framing(struct exchange *x,
                                     const struct headers *h,
                                     const char *version,
                                     unsigned long body_limit,
                                     struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    unsigned long long announced;
    char *end;

    if (h->bad_name != NULL)
        return problem_set(pb, SVC_EMALFORMED,
                           "header name %s has white space in it (before "
                           "its colon, RFC 9112 5.1)",
                           problem_quote(q, sizeof(q), h->bad_name,
                                         strlen(h->bad_name)));
    if (h->hosts > 1 || (h->hosts == 0 && strcmp(version, "HTTP/1.1") == 0))
        return problem_set(pb, SVC_EMALFORMED,
                           "an HTTP/1.1 request needs exactly one Host "
                           "header; this one has %u", h->hosts);
    if (h->codings > 0) {
        x->chunked = 1;
        x->close = h->lengths > 0; /* a proxy may have read it otherwise */
        return check_codings(h->coding, pb);
    }
    if (h->lengths == 0)
        return SVC_OK;
    announced = strtoull(h->length, &end, 10);
    if (h->lengths_differ || *end != '\0' || h->length[0] < '0' ||
        h->length[0] > '9')
        return problem_set(pb, SVC_EMALFORMED,
                           "Content-Length must be one number of bytes; "
                           "this request says %s%s",
                           problem_quote(q, sizeof(q), h->length,
                                         strlen(h->length)),
                           h->lengths_differ ? " and something else" : "");
    if (announced > body_limit)
        return exchange_too_big(body_limit, pb);
    x->announced = (size_t)announced;
    return SVC_OK;
}

/* The path of an absolute-form target ("http://host:port/compare"), or
 * the target itself in origin form. */
static const char *origin_form(const char *url)
{
    const char *rest;

    if (strncasecmp(url, "http://", 7) == 0)
        rest = url + 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        rest = url + 8;
    else
        return url;
    rest += strcspn(rest, "/");
    return *rest != '\0' ? rest : "/";
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
                               const char *version, const char *cors_origins,
                               unsigned long body_limit, struct problem *pb)
{
    struct walk w = {x, strlen(url)};
    struct headers h;

    memset(&h, 0, sizeof(h));
    clock_gettime(CLOCK_MONOTONIC, &x->start);
    copy_cut(x->method, sizeof(x->method), method);
    copy_cut(x->path, sizeof(x->path), url);
    x->match = route_lookup(method, origin_form(url), &x->route, x->allow,
                            sizeof(x->allow));
    x->allow_origin = cors_allow_origin(
        cors_origins,
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin"));
    x->content_type = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    x->if_none_match = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_arg, &w);
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, add_header, &h);
    if (w.target > EXCHANGE_TARGET_MAX)
        return problem_set(pb, SVC_ETOOLONG,
                           "the path and query are longer than %d bytes",
                           EXCHANGE_TARGET_MAX);
    if (h.bytes > EXCHANGE_HEADERS_MAX)
        return problem_set(pb, SVC_EHEADERS,
                           "the request headers are larger than %d bytes",
                           EXCHANGE_HEADERS_MAX);
    return check_framing(x, &h, version, body_limit, pb);
}
