/* server.c - libmicrohttpd glue.  Every request goes through
 * on_request in three phases (headers, body chunks, final call); the
 * checks all routes share run once in dispatch, before any handler. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/access_log.h"
#include "http/answer_cache.h"
#include "http/cors.h"
#include "http/http_cache.h"
#include "api/routes.h"
#include "api/json_codec.h"
#include "api/query.h"

#define LOG_PATH_MAX 256
#define LISTEN_BACKLOG 511
#define TARGET_MAX 8192  /* bytes of path and query, decoded: 414 */
#define HEADERS_MAX 8192 /* bytes of headers, not counting the target: 431 */
/* Per connection.  Up to 32 KiB libmicrohttpd takes it with malloc; above,
 * with mmap and munmap for every connection, which made a new connection
 * 4 times as costly (measured: 3,989 against 16,818 requests/s with
 * Connection: close).  It holds headers well past HEADERS_MAX, so that we
 * answer most oversized requests; beyond it libmicrohttpd answers 431. */
#define CONNECTION_POOL 32768
#define PROBLEM_TYPE "application/problem+json"
/* The page and its files are all this server's own: nothing else may
 * load, run or frame it. */
#define PAGE_POLICY                                                        \
    "default-src 'none'; script-src 'self'; style-src 'self'; "           \
    "connect-src 'self'; img-src 'self'; base-uri 'none'; "               \
    "form-action 'none'; frame-ancestors 'none'"

/* What one request carries between the access handler's calls. */
struct request_state {
    enum route_match match;
    const struct route *route; /* set when match is ROUTE_FOUND */
    char allow[ROUTE_ALLOW_MAX];
    /* Access-Control-Allow-Origin for its answers, or NULL; points into
     * the setting or into the request's Origin header */
    const char *allow_origin;
    char *body; /* NUL-terminated; only on routes that take JSON */
    size_t len; /* body bytes received, kept or not */
    size_t cap;
    /* SVC_ETOOBIG (over the limit) or SVC_ETIMEDOUT (slower than
     * body_timeout): the rest of the body is dropped, then that answer */
    enum svc_status body_fault;
    struct timespec body_start; /* when its first kept byte came */
    size_t announced;            /* Content-Length, once checked */
    struct budget_ticket ticket; /* its body's share of body_memory */
    int no_memory;
    size_t nargs;    /* query arguments, counted on the first call */
    unsigned status; /* what was answered, for the access log */
    size_t bytes;
    struct timespec start;
    char method[16];
    char path[LOG_PATH_MAX];
};


/* Answered when even building the answer ran out of memory. */
static const char out_of_memory[] =
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"out of memory\"}";

/* What an answer says besides its status and body. */
struct answer_meta {
    const char *type;         /* Content-Type; NULL without a body */
    const char *allow_origin; /* Access-Control-Allow-Origin, or NULL */
    const char *etag;         /* answers that depend only on the URL */
};

/* Adds the headers of meta, and those every answer carries.  Returns 0
 * if one failed. */
static int add_headers(const struct http_server *srv,
                       struct MHD_Response *resp,
                       const struct answer_meta *meta)
{
    int ok = MHD_add_response_header(resp, "X-Content-Type-Options",
                                     "nosniff") == MHD_YES;

    if (meta->type != NULL) {
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                           meta->type) == MHD_YES;
        if (strncmp(meta->type, "text/html", 9) == 0)
            ok = ok && MHD_add_response_header(
                           resp, "Content-Security-Policy",
                           PAGE_POLICY) == MHD_YES;
    }
    if (cors_varies(srv->cors_origins))
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                                           "Origin") == MHD_YES;
    if (meta->allow_origin != NULL)
        ok = ok &&
             MHD_add_response_header(resp, "Access-Control-Allow-Origin",
                                     meta->allow_origin) == MHD_YES &&
             MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                                     "ETag") == MHD_YES;
    if (meta->etag != NULL)
        ok = ok &&
             MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG,
                                     meta->etag) == MHD_YES &&
             MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                     srv->cache_control) == MHD_YES;
    return ok;
}

/* A GET's URL as the answer cache knows it; len 0 when the answer is
 * not to be cached. */
struct cache_key {
    char text[ANSWER_CACHE_KEY_MAX];
    size_t len;
};

/* Adds meta's headers and the status's own, queues resp with code, and
 * frees our reference to it (libmicrohttpd keeps its own). */
static enum MHD_Result queue(struct http_server *srv,
                             struct MHD_Connection *conn,
                             struct request_state *rs, unsigned code,
                             struct MHD_Response *resp, size_t len,
                             const struct answer_meta *meta)
{
    enum MHD_Result ret = MHD_NO;

    if (resp == NULL)
        return MHD_NO;
    if (!add_headers(srv, resp, meta))
        goto out;
    if ((code == MHD_HTTP_METHOD_NOT_ALLOWED ||
         code == MHD_HTTP_NO_CONTENT) &&
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow) !=
            MHD_YES)
        goto out;
    if (atomic_load(&srv->draining) &&
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION,
                                "close") != MHD_YES)
        goto out;
    ret = MHD_queue_response(conn, code, resp);
    rs->status = code;
    rs->bytes = len;
out:
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result respond_out_of_memory(struct http_server *srv,
                                             struct MHD_Connection *conn,
                                             struct request_state *rs)
{
    size_t len = sizeof(out_of_memory) - 1;
    struct answer_meta meta = {PROBLEM_TYPE, rs->allow_origin, NULL};

    return queue(srv, conn, rs, MHD_HTTP_INTERNAL_SERVER_ERROR,
                 MHD_create_response_from_buffer(len, (void *)out_of_memory,
                                                 MHD_RESPMEM_PERSISTENT),
                 len, &meta);
}

/* Queues code with the text in body (which is emptied: libmicrohttpd
 * frees the text once it is sent) and meta's headers, or with no body
 * when body is NULL. */
static enum MHD_Result respond(struct http_server *srv,
                               struct MHD_Connection *conn,
                               struct request_state *rs, unsigned code,
                               struct text_buf *body,
                               const struct answer_meta *meta)
{
    struct MHD_Response *resp;
    char *text;
    size_t len;

    if (body == NULL)
        return queue(srv, conn, rs, code,
                     MHD_create_response_from_buffer(
                         0, (void *)"", MHD_RESPMEM_PERSISTENT),
                     0, meta);
    text = text_buf_release(body, &len);
    if (text == NULL)
        return respond_out_of_memory(srv, conn, rs);
    resp = MHD_create_response_from_buffer_with_free_callback(len, text,
                                                              &free);
    if (resp == NULL) {
        free(text);
        return MHD_NO;
    }
    return queue(srv, conn, rs, code, resp, len, meta);
}

/* Makes p from text[0..len), which it takes over (it is freed with the
 * response), with meta's headers and the ETag of the text.  Returns 0 if
 * memory ran out; p is then empty. */
static int prebuild(const struct http_server *srv, struct prebuilt *p,
                    char *text, size_t len, const struct answer_meta *meta)
{
    struct answer_meta ok_meta = *meta, empty_meta = *meta;

    memset(p, 0, sizeof(*p));
    http_cache_etag(text, len, p->etag);
    p->len = len;
    ok_meta.etag = empty_meta.etag = p->etag;
    empty_meta.type = NULL; /* a 304 has no body */
    p->ok = MHD_create_response_from_buffer_with_free_callback(len, text,
                                                               &free);
    if (p->ok == NULL) {
        free(text);
        return 0;
    }
    p->not_modified = MHD_create_response_from_buffer(
        0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (p->not_modified == NULL || !add_headers(srv, p->ok, &ok_meta) ||
        !add_headers(srv, p->not_modified, &empty_meta)) {
        prebuilt_release(p);
        return 0;
    }
    return 1;
}

static enum MHD_Result respond_problem(struct http_server *srv,
                                       struct MHD_Connection *conn,
                                       struct request_state *rs,
                                       const struct problem *pb)
{
    const char *title;
    unsigned code = problem_status(pb->status, &title);
    struct answer_meta meta = {PROBLEM_TYPE, rs->allow_origin, NULL};
    struct text_buf json;

    text_buf_init(&json);
    json_codec_encode_problem(pb, code, title, &json);
    return respond(srv, conn, rs, code, &json, &meta);
}

/* The one 413: announced by Content-Length, or counted as it came. */
static enum svc_status body_too_big(const struct http_server *srv,
                                    struct problem *pb)
{
    return problem_set(pb, SVC_ETOOBIG,
                       "the request body is larger than the limit of %lu "
                       "bytes", srv->body_limit);
}

struct target {
    size_t bytes; /* path and query, decoded */
    size_t nargs;
};

static enum MHD_Result add_length(void *cls, enum MHD_ValueKind kind,
                                  const char *key, size_t key_size,
                                  const char *value, size_t value_size)
{
    struct target *t = cls;

    (void)kind;
    (void)key;
    (void)value;
    t->bytes += key_size + value_size + 2; /* '&' or '?', and '=' */
    t->nargs++;
    return MHD_YES;
}

/* Refuses what is too big to be read at all: a request target or
 * headers over their limits, or a body announced as over the limit.
 * Counts the query arguments into rs on the way.  Returns SVC_OK or
 * the refusal, with pb filled. */
static enum svc_status check_sizes(const struct http_server *srv,
                                   struct MHD_Connection *conn,
                                   const char *url, struct request_state *rs,
                                   struct problem *pb)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    const char *length = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    struct target t = {strlen(url), 0};
    size_t target;

    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_length,
                                &t);
    rs->nargs = t.nargs;
    target = t.bytes;
    if (target > TARGET_MAX)
        return problem_set(pb, SVC_ETOOLONG,
                           "the path and query are longer than %d bytes",
                           TARGET_MAX);
    if (info != NULL && info->header_size > target + HEADERS_MAX)
        return problem_set(pb, SVC_EHEADERS,
                           "the request headers are larger than %d bytes",
                           HEADERS_MAX);
    if (length != NULL) {
        unsigned long long announced = strtoull(length, NULL, 10);

        if (announced > srv->body_limit)
            return body_too_big(srv, pb);
        rs->announced = (size_t)announced;
    }
    return SVC_OK;
}

/* Copies src into dst, cut to fit (for the log and error details). */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The first call: only the headers are known. */
static enum MHD_Result begin(struct http_server *srv,
                             struct MHD_Connection *conn, const char *url,
                             const char *method, void **con_cls)
{
    struct request_state *rs = calloc(1, sizeof(*rs));
    struct problem pb;

    if (rs == NULL)
        return MHD_NO; /* nothing can be answered without memory */
    *con_cls = rs;
    atomic_fetch_add(&srv->in_flight, 1);
    if (srv->app->metrics != NULL)
        metrics_begin(srv->app->metrics);
    clock_gettime(CLOCK_MONOTONIC, &rs->start);
    copy_cut(rs->method, sizeof(rs->method), method);
    copy_cut(rs->path, sizeof(rs->path), url);
    rs->match = route_lookup(method, url, &rs->route, rs->allow,
                             sizeof(rs->allow));
    rs->allow_origin = cors_allow_origin(
        srv->cors_origins,
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin"));

    /* Answered now, before any body is read: libmicrohttpd then skips
     * the body and closes the connection. */
    if (check_sizes(srv, conn, url, rs, &pb) != SVC_OK)
        return respond_problem(srv, conn, rs, &pb);
    return MHD_YES;
}

/* Whether a chunk of n bytes may be taken now: a body that is kept
 * holds its share of body_memory, asked for whole (by Content-Length)
 * with its first chunk.  0 when the request must wait: its connection
 * is then suspended, and the chunk comes again once it is resumed. */
static int admit_body(struct http_server *srv, struct MHD_Connection *conn,
                      struct request_state *rs, size_t n)
{
    size_t total;

    if (rs->match != ROUTE_FOUND || rs->route->body != ROUTE_BODY_JSON ||
        rs->body_fault != SVC_OK || rs->no_memory || n > srv->body_limit - rs->len)
        return 1; /* nothing will be kept */
    total = rs->len + n;
    if (rs->ticket.held == 0 && rs->announced > total)
        total = rs->announced;
    if (total <= rs->ticket.held)
        return 1;
    return body_budget_take(&srv->budget, &rs->ticket, conn,
                            total - rs->ticket.held);
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Frees what the body holds, and answers `fault` once it has all come. */
static void drop_body(struct http_server *srv, struct request_state *rs,
                      enum svc_status fault)
{
    rs->body_fault = fault;
    free(rs->body);
    rs->body = NULL;
    if (rs->ticket.held > 0)
        body_budget_release(&srv->budget, &rs->ticket);
}

/* A chunk of body: kept on routes that take JSON, counted elsewhere,
 * dropped once the total passes the limit or it comes too slowly. */
static void take_body(struct http_server *srv, struct request_state *rs,
                      const char *data, size_t n)
{
    int keep = rs->match == ROUTE_FOUND &&
               rs->route->body == ROUTE_BODY_JSON;

    if (rs->body_fault != SVC_OK || rs->no_memory)
        return;
    if (n > srv->body_limit - rs->len) {
        drop_body(srv, rs, SVC_ETOOBIG);
        return;
    }
    if (keep && rs->len == 0)
        clock_gettime(CLOCK_MONOTONIC, &rs->body_start);
    if (keep && seconds_since(&rs->body_start) > srv->body_timeout) {
        /* It held its share of body_memory too long: others may wait. */
        drop_body(srv, rs, SVC_ETIMEDOUT);
        return;
    }
    if (keep && rs->len + n + 1 > rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 4096;
        char *grown;

        if (cap < rs->len + n + 1)
            cap = rs->len + n + 1;
        if (cap > srv->body_limit + 1)
            cap = srv->body_limit + 1;
        grown = realloc(rs->body, cap);
        if (grown == NULL) {
            rs->no_memory = 1;
            return;
        }
        rs->body = grown;
        rs->cap = cap;
    }
    if (keep) {
        memcpy(rs->body + rs->len, data, n);
        rs->body[rs->len + n] = '\0';
    }
    rs->len += n;
}

struct arg_list {
    struct query_arg *args;
    size_t n;
    int overflow;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
                               const char *key, size_t key_size,
                               const char *value, size_t value_size)
{
    struct arg_list *list = cls;

    (void)kind;
    (void)key_size;
    if (list->n == QUERY_ARGS_MAX) {
        list->overflow = 1;
        return MHD_NO;
    }
    list->args[list->n].key = key;
    list->args[list->n].value = value;
    list->args[list->n].value_len = value_size;
    list->n++;
    return MHD_YES;
}

/* "application/json", in any case, with or without parameters. */
static int is_json(const char *content_type)
{
    size_t n;

    if (content_type == NULL)
        return 0;
    n = strcspn(content_type, "; \t");
    return n == 16 && strncasecmp(content_type, "application/json", n) == 0;
}

/* The checks that every route shares, then the route's handler. */
static enum svc_status run_route(struct http_server *srv,
                                 struct MHD_Connection *conn,
                                 struct request_state *rs, cJSON **body,
                                 struct text_buf *resp, struct problem *pb)
{
    struct query_arg args[QUERY_ARGS_MAX];
    struct arg_list list = {args, 0, 0};
    struct http_request req = {args, 0, NULL, 0};
    char q[PROBLEM_QUOTE_MAX];
    enum svc_status st;

    if (rs->body_fault == SVC_ETOOBIG)
        return body_too_big(srv, pb);
    if (rs->body_fault == SVC_ETIMEDOUT)
        return problem_set(pb, SVC_ETIMEDOUT,
                           "the request body took longer than %lu s to "
                           "arrive", srv->body_timeout);
    if (rs->no_memory)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    if (rs->match == ROUTE_NO_PATH)
        return problem_set(pb, SVC_ENOTFOUND,
                           "no resource at %s; the API has /compare, "
                           "/models, /healthz, /readyz, /metrics and "
                           "/openapi.json, and the page is at /",
                           problem_quote(q, sizeof(q), rs->path,
                                         strlen(rs->path)));
    if (rs->match == ROUTE_BAD_METHOD)
        return problem_set(pb, SVC_EMETHOD,
                           "%s is not allowed on %s; allowed: %s",
                           problem_quote(q, sizeof(q), rs->method,
                                         strlen(rs->method)),
                           rs->path, rs->allow);

    if (rs->route->body == ROUTE_BODY_JSON) {
        if (!is_json(MHD_lookup_connection_value(
                conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE)))
            return problem_set(pb, SVC_EMEDIATYPE,
                               "send the body as JSON, with "
                               "Content-Type: application/json");
        st = json_codec_parse(rs->body != NULL ? rs->body : "", rs->len,
                              body, pb);
        if (st != SVC_OK)
            return st;
        req.body = *body;
    }
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_arg,
                                &list);
    if (list.overflow)
        return problem_set(pb, SVC_EMALFORMED,
                           "more than %d query parameters", QUERY_ARGS_MAX);
    req.nargs = list.n;
    req.draining = atomic_load(&srv->draining);
    return rs->route->handler(srv->app, &req, resp, pb);
}

/* The answer built at start for this request, or NULL: only for a
 * fixed route, without a query, for the origins the answers were built
 * for (any, or none of the listed), and not while draining (an answer
 * then needs Connection: close). */
static const struct prebuilt *fixed_answer(const struct http_server *srv,
                                           const struct request_state *rs)
{
    size_t n, i;
    const struct route *table = route_table(&n);

    if (rs->match != ROUTE_FOUND || rs->nargs > 0 ||
        rs->body_fault != SVC_OK || rs->no_memory ||
        rs->allow_origin != srv->fixed_allow_origin ||
        atomic_load(&srv->draining))
        return NULL;
    i = (size_t)(rs->route - table);
    if (i >= HTTP_SERVER_FIXED_MAX || srv->fixed[i].ok == NULL)
        return NULL;
    return &srv->fixed[i];
}

static enum MHD_Result add_to_key(void *cls, enum MHD_ValueKind kind,
                                  const char *key, size_t key_size,
                                  const char *value, size_t value_size)
{
    struct cache_key *k = cls;
    size_t need = key_size + 1 + (value != NULL ? 1 + value_size : 0) + 1;

    (void)kind;
    if (need > sizeof(k->text) - k->len) {
        k->len = 0;
        return MHD_NO;
    }
    /* key NUL [= value] NUL: no NUL can be in a key or a value (%00 is
     * left undecoded), and "=" tells "models=" from a bare "models". */
    memcpy(k->text + k->len, key, key_size + 1);
    k->len += key_size + 1;
    if (value != NULL) {
        k->text[k->len++] = '=';
        memcpy(k->text + k->len, value, value_size);
        k->len += value_size;
    }
    k->text[k->len++] = '\0';
    return MHD_YES;
}

/* Fills key for a request whose answer may be cached: a fixed route
 * that has no answer built at start for it (it has a query, or comes
 * from a listed origin; the caller has asked fixed_answer), not while
 * draining.  key->len is 0 otherwise, and when the key would pass
 * ANSWER_CACHE_KEY_MAX. */
static void cache_key_of(const struct http_server *srv,
                         struct MHD_Connection *conn,
                         const struct request_state *rs,
                         struct cache_key *key)
{
    const char *origin = rs->allow_origin != NULL ? rs->allow_origin : "";
    size_t olen = strlen(origin) + 1, plen;

    key->len = 0;
    if (srv->cache == NULL || rs->match != ROUTE_FOUND ||
        !rs->route->fixed || rs->body_fault != SVC_OK || rs->no_memory ||
        atomic_load(&srv->draining))
        return;
    /* origin NUL path NUL, then the arguments */
    plen = strlen(rs->route->path) + 1;
    if (olen + plen > sizeof(key->text))
        return;
    memcpy(key->text, origin, olen);
    memcpy(key->text + olen, rs->route->path, plen);
    key->len = olen + plen;
    if (MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_to_key,
                                    key) != (int)rs->nargs)
        key->len = 0;
}

/* Answers a preflight (OPTIONS on a known path): 204 with Allow, and
 * for an allowed origin what its browser asked leave for. */
static enum MHD_Result respond_preflight(struct http_server *srv,
                                         struct MHD_Connection *conn,
                                         struct request_state *rs)
{
    struct answer_meta meta = {NULL, rs->allow_origin, NULL};
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);

    if (resp != NULL && rs->allow_origin != NULL &&
        (MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                 rs->allow) != MHD_YES ||
         MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                 "Content-Type, If-None-Match") != MHD_YES ||
         MHD_add_response_header(resp, "Access-Control-Max-Age",
                                 srv->cors_max_age) != MHD_YES)) {
        MHD_destroy_response(resp);
        return MHD_NO;
    }
    return queue(srv, conn, rs, MHD_HTTP_NO_CONTENT, resp, 0, &meta);
}

/* Answers 200 with body, or 304 when If-None-Match names its ETag, for a
 * route whose answer depends only on the URL; keeps both in the answer
 * cache under key when there is one. */
static enum MHD_Result respond_by_url(struct http_server *srv,
                                      struct MHD_Connection *conn,
                                      struct request_state *rs,
                                      struct text_buf *body,
                                      const struct cache_key *key,
                                      const char *if_none_match)
{
    struct answer_meta meta = {rs->route->type, rs->allow_origin, NULL};
    const char *closing = atomic_load(&srv->draining) ? "close" : NULL;
    struct prebuilt p;
    size_t len;
    char *text = text_buf_release(body, &len);
    enum MHD_Result ret;

    if (text == NULL || !prebuild(srv, &p, text, len, &meta))
        return respond_out_of_memory(srv, conn, rs);
    if (closing != NULL &&
        (MHD_add_response_header(p.ok, MHD_HTTP_HEADER_CONNECTION,
                                 closing) != MHD_YES ||
         MHD_add_response_header(p.not_modified, MHD_HTTP_HEADER_CONNECTION,
                                 closing) != MHD_YES)) {
        prebuilt_release(&p);
        return MHD_NO;
    }
    ret = (enum MHD_Result)prebuilt_queue(&p, if_none_match, conn,
                                          &rs->status, &rs->bytes);
    if (ret == MHD_YES && key->len > 0 && closing == NULL)
        answer_cache_put(srv->cache, key->text, key->len, &p);
    else
        prebuilt_release(&p);
    return ret;
}

/* The final call: the whole request is in. */
static enum MHD_Result dispatch(struct http_server *srv,
                                struct MHD_Connection *conn,
                                struct request_state *rs)
{
    const char *if_none_match = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    const struct prebuilt *fixed = fixed_answer(srv, rs);
    cJSON *body = NULL;
    struct text_buf resp;
    struct cache_key key;
    struct problem pb;
    enum svc_status st;
    enum MHD_Result ret;

    if (fixed != NULL)
        return (enum MHD_Result)prebuilt_queue(fixed, if_none_match, conn,
                                               &rs->status, &rs->bytes);
    cache_key_of(srv, conn, rs, &key);
    if (key.len > 0 &&
        answer_cache_queue(srv->cache, key.text, key.len, if_none_match,
                           conn, &rs->status, &rs->bytes))
        return MHD_YES;

    if (rs->match == ROUTE_BAD_METHOD && rs->body_fault == SVC_OK &&
        strcmp(rs->method, MHD_HTTP_METHOD_OPTIONS) == 0)
        return respond_preflight(srv, conn, rs);
    text_buf_init(&resp);
    st = run_route(srv, conn, rs, &body, &resp, &pb);
    if (st == SVC_OK && rs->route->fixed) {
        ret = respond_by_url(srv, conn, rs, &resp, &key, if_none_match);
    } else if (st == SVC_OK) {
        struct answer_meta meta = {rs->route->type, rs->allow_origin, NULL};

        ret = respond(srv, conn, rs, MHD_HTTP_OK, &resp, &meta);
    } else {
        ret = respond_problem(srv, conn, rs, &pb);
    }
    text_buf_cleanup(&resp);
    cJSON_Delete(body);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct request_state *rs = *con_cls;

    (void)version;
    /* Even a GET is answered on a later call, not this first one: with
     * libmicrohttpd 0.9.75 a response queued here counts as an early
     * answer and closes the connection, killing keep-alive. */
    if (rs == NULL)
        return begin(srv, conn, url, method, con_cls);
    if (rs->status != 0) { /* answered early: drop what still arrives */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!admit_body(srv, conn, rs, *upload_data_size))
            return MHD_YES; /* suspended; left unread until resumed */
        take_body(srv, rs, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return dispatch(srv, conn, rs);
}

/* One line on the access log (http/access_log.h): batched per thread. */
static void log_request(const struct http_server *srv,
                        const struct request_state *rs)
{
    struct timespec now;
    struct access_log_line line = {rs->method, rs->path, rs->status,
                                   rs->bytes, 0, {0, 0}};

    clock_gettime(CLOCK_MONOTONIC, &now);
    clock_gettime(CLOCK_REALTIME, &line.wall);
    line.micros = (long long)(now.tv_sec - rs->start.tv_sec) * 1000000 +
                  (now.tv_nsec - rs->start.tv_nsec) / 1000;
    access_log_write(srv->log, &line);
}

/* The index of the request's route in the table, or the table's size
 * when it matched none (as metrics count it). */
static size_t route_index(const struct request_state *rs)
{
    size_t n;
    const struct route *table = route_table(&n);

    return rs->match == ROUTE_FOUND ? (size_t)(rs->route - table) : n;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct request_state *rs = *con_cls;

    (void)conn;
    (void)toe;
    if (rs == NULL)
        return;
    if (srv->access_log)
        log_request(srv, rs);
    if (srv->app->metrics != NULL)
        metrics_end(srv->app->metrics, route_index(rs), rs->status,
                    rs->bytes, seconds_since(&rs->start));
    /* Only a request that ever drew on the budget or waited for it (its
     * own thread set these) takes the budget's lock. */
    if (rs->ticket.held > 0 || rs->ticket.conn != NULL)
        body_budget_release(&srv->budget, &rs->ticket);
    free(rs->body);
    free(rs);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %HH in place, as libmicrohttpd's own decoder does, except
 * that "%00" stays as it is: a decoded NUL would silently cut the path
 * ("/compare%00x" would match /compare) or a name short. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    char *w = s;

    (void)cls;
    (void)conn;
    for (const char *r = s; *r != '\0'; r++) {
        int hi = r[1] != '\0' ? hex_value(r[1]) : -1;
        int lo = hi >= 0 ? hex_value(r[2]) : -1;

        if (*r == '%' && lo >= 0 && (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

socklen_t http_sockaddr(const char *address, unsigned long port,
                        struct sockaddr_storage *ss)
{
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, address, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        return sizeof(*in4);
    }
    if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        return sizeof(*in6);
    }
    return 0;
}

/* Opens the listening socket ourselves, so that a failure can be told
 * precisely (libmicrohttpd would only say that it could not start). */
static int listen_on(const struct http_settings *cfg, int *ipv6, unsigned *port,
                     char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    socklen_t len;
    int fd, on = 1, off = 0;

    len = http_sockaddr(cfg->bind, cfg->port, &ss);
    *ipv6 = ss.ss_family == AF_INET6;
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                0);
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        (*ipv6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
                             sizeof(off)) != 0) ||
        bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        listen(fd, LISTEN_BACKLOG) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        snprintf(err, errlen, "cannot listen on %s port %lu: %s",
                 cfg->bind, cfg->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(*ipv6 ? in6->sin6_port : in4->sin_port);
    return fd;
}

/* Builds the answer of every fixed route, without a query, once, for
 * the origins most requests come from: with "*" allowed, any; with a
 * list, none of it.  The handler runs as for any request; a route that
 * needs a query answers its error to each request instead. */
static enum svc_status build_fixed(struct http_server *srv, char *err,
                                   size_t errlen)
{
    size_t n;
    const struct route *table = route_table(&n);

    srv->fixed_allow_origin = cors_allow_origin(srv->cors_origins, NULL);
    for (size_t i = 0; i < n && i < HTTP_SERVER_FIXED_MAX; i++) {
        struct http_request req = {NULL, 0, NULL, 0};
        struct answer_meta meta = {table[i].type, srv->fixed_allow_origin,
                                   NULL};
        struct problem pb;
        struct text_buf body;
        char *text;
        size_t len;
        const char *title;
        enum svc_status st;

        if (!table[i].fixed)
            continue;
        text_buf_init(&body);
        st = table[i].handler(srv->app, &req, &body, &pb);
        text = st == SVC_OK ? text_buf_release(&body, &len) : NULL;
        text_buf_cleanup(&body);
        if (st != SVC_OK && problem_status(st, &title) < 500)
            continue; /* /fit without a query: each request says why */
        if (text == NULL ||
            !prebuild(srv, &srv->fixed[i], text, len, &meta)) {
            snprintf(err, errlen, "cannot build the answer of %s %s",
                     table[i].method, table[i].path);
            return SVC_EINTERNAL;
        }
    }
    return SVC_OK;
}

/* Frees the fixed answers, the answer cache and the body budget. */
static void free_fixed(struct http_server *srv)
{
    answer_cache_free(srv->cache);
    srv->cache = NULL;
    access_log_free(srv->log); /* after the daemon: writes out the rest */
    srv->log = NULL;
    body_budget_cleanup(&srv->budget);
    for (size_t i = 0; i < HTTP_SERVER_FIXED_MAX; i++)
        prebuilt_release(&srv->fixed[i]);
}

enum svc_status http_server_start(struct http_server *srv,
                                  const struct app *app,
                                  const struct http_settings *cfg, char *err,
                                  size_t errlen)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads
                       : cores > 0      ? (unsigned)cores
                                        : 1;
    unsigned flags =
        MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    int ipv6, fd;

    memset(srv, 0, sizeof(*srv));
    srv->app = app;
    srv->body_limit = cfg->body_limit;
    srv->body_timeout = cfg->body_timeout;
    srv->cors_origins = cfg->cors_origins;
    snprintf(srv->cache_control, sizeof(srv->cache_control),
             "public, max-age=%lu", cfg->cache_max_age);
    snprintf(srv->cors_max_age, sizeof(srv->cors_max_age), "%lu",
             cfg->cors_max_age);
    srv->access_log = cfg->access_log;
    atomic_init(&srv->in_flight, 0);
    atomic_init(&srv->draining, 0);
    if (body_budget_init(&srv->budget, cfg->body_memory) != 0) {
        snprintf(err, errlen, "cannot make a lock");
        return SVC_EINTERNAL;
    }
    srv->cache = answer_cache_new(cfg->answer_cache);
    srv->log = srv->access_log
                   ? access_log_new(STDOUT_FILENO, ACCESS_LOG_FLUSH_MS)
                   : NULL;
    if (srv->access_log && srv->log == NULL) {
        snprintf(err, errlen, "cannot start the access log");
        free_fixed(srv);
        return SVC_EINTERNAL;
    }
    if (build_fixed(srv, err, errlen) != SVC_OK) {
        free_fixed(srv);
        return SVC_EINTERNAL;
    }
    fd = listen_on(cfg, &ipv6, &srv->port, err, errlen);
    if (fd < 0) {
        free_fixed(srv);
        return SVC_EINTERNAL;
    }
    if (ipv6)
        flags |= MHD_USE_IPv6;
    /* One thread: poll, since 0.9.75's single-threaded epoll stalls when
     * 128 connections are ready at once.  More: epoll and a pool. */
    flags |= threads > 1 ? MHD_USE_AUTO_INTERNAL_THREAD
                         : MHD_USE_POLL_INTERNAL_THREAD;
    /* The pool size only when there is a pool: 0 draws a warning. */
    struct MHD_OptionItem pool[] = {
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
         (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL}};
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, &on_request, srv,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, &unescape, NULL,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_POOL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout,
        MHD_OPTION_ARRAY, pool,
        MHD_OPTION_END);
    if (srv->daemon == NULL) {
        snprintf(err, errlen, "cannot start the HTTP server on %s port %u",
                 cfg->bind, srv->port);
        close(fd);
        free_fixed(srv);
        return SVC_EINTERNAL;
    }
    return SVC_OK;
}

void http_server_stop(struct http_server *srv, unsigned grace_ms)
{
    struct timespec pause = {0, 5 * 1000 * 1000};
    MHD_socket fd;

    if (srv->daemon == NULL)
        return;
    /* New connections are refused from here on; open ones are told to
     * close after their current answer. */
    fd = MHD_quiesce_daemon(srv->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    atomic_store(&srv->draining, 1);
    body_budget_open(&srv->budget); /* none may stay suspended */
    for (unsigned waited = 0;
         atomic_load(&srv->in_flight) > 0 && waited < grace_ms; waited += 5)
        nanosleep(&pause, NULL);
    MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
    free_fixed(srv);
}
