/* respond.c - answers on the wire: headers, problems, preflights and
 * answers kept by URL. */
#include "http/respond.h"

#include <stdlib.h>
#include <string.h>

#include "api/answer.h"
#include "http/answer_cache.h"
#include "http/cors.h"
#include "http/prebuilt.h"
#include "http/server.h"

#define PROBLEM_TYPE "application/problem+json"
/* The page and its files are all this server's own: nothing else may
 * load, run or frame it. */
#define PAGE_POLICY                                                        \
    "default-src 'none'; script-src 'self'; style-src 'self'; "           \
    "connect-src 'self'; img-src 'self'; base-uri 'none'; "               \
    "form-action 'none'; frame-ancestors 'none'"

/* Answered when even building the answer ran out of memory. */
static const char out_of_memory[] =
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"out of memory\"}";

static int add(struct MHD_Response *resp, const char *name,
               const char *value)
{
    return MHD_add_response_header(resp, name, value) == MHD_YES;
}

int respond_headers(const struct http_server *srv, struct MHD_Response *resp,
                    const struct answer_meta *meta)
{
    int ok = add(resp, "X-Content-Type-Options", "nosniff");

    if (meta->type != NULL) {
        ok = ok && add(resp, MHD_HTTP_HEADER_CONTENT_TYPE, meta->type);
        if (strncmp(meta->type, "text/html", 9) == 0)
            ok = ok && add(resp, "Content-Security-Policy", PAGE_POLICY);
    }
    if (cors_varies(srv->cors_origins))
        ok = ok && add(resp, MHD_HTTP_HEADER_VARY, "Origin");
    if (meta->allow_origin != NULL)
        ok = ok &&
             add(resp, "Access-Control-Allow-Origin", meta->allow_origin) &&
             add(resp, "Access-Control-Expose-Headers", "ETag");
    if (meta->etag != NULL)
        ok = ok && add(resp, MHD_HTTP_HEADER_ETAG, meta->etag) &&
             add(resp, MHD_HTTP_HEADER_CACHE_CONTROL, srv->cache_control);
    return ok;
}

/* Adds meta's headers and the status's own, queues resp with code, and
 * frees our reference to it (libmicrohttpd keeps its own). */
static enum MHD_Result queue(struct http_server *srv,
                             struct MHD_Connection *conn,
                             struct exchange *x, unsigned code,
                             struct MHD_Response *resp, size_t len,
                             const struct answer_meta *meta)
{
    enum MHD_Result ret = MHD_NO;

    if (resp == NULL)
        return MHD_NO;
    if (!respond_headers(srv, resp, meta))
        goto out;
    if ((code == MHD_HTTP_METHOD_NOT_ALLOWED ||
         code == MHD_HTTP_NO_CONTENT) &&
        !add(resp, MHD_HTTP_HEADER_ALLOW, x->allow))
        goto out;
    /* The one 503 that is over soon: memory for bodies or answers. */
    if (code == MHD_HTTP_SERVICE_UNAVAILABLE && !atomic_load(&srv->draining)
        && !add(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1"))
        goto out;
    if ((x->close || atomic_load(&srv->draining)) &&
        !add(resp, MHD_HTTP_HEADER_CONNECTION, "close"))
        goto out;
    ret = MHD_queue_response(conn, code, resp);
    x->status = code;
    x->bytes = len;
out:
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result respond_out_of_memory(struct http_server *srv,
                                             struct MHD_Connection *conn,
                                             struct exchange *x)
{
    size_t len = sizeof(out_of_memory) - 1;
    struct answer_meta meta = {PROBLEM_TYPE, x->allow_origin, NULL};

    return queue(srv, conn, x, MHD_HTTP_INTERNAL_SERVER_ERROR,
                 MHD_create_response_from_buffer(len, (void *)out_of_memory,
                                                 MHD_RESPMEM_PERSISTENT),
                 len, &meta);
}

/* An answer's text and its share of answer_memory, given back when
 * libmicrohttpd is done with it. */
struct held {
    struct answer_budget *budget;
    char *text;
    size_t len;
};

static void free_held(void *cls)
{
    struct held *h = cls;

    answer_budget_give(h->budget, h->len);
    free(h->text);
    free(h);
}

/* A response that holds its share of answer_memory until it is freed,
 * or NULL (text is freed then; *busy says if the budget refused). */
static struct MHD_Response *held_response(struct http_server *srv,
                                          char *text, size_t len, int *busy)
{
    struct held *h;
    struct MHD_Response *resp;

    *busy = !answer_budget_take(&srv->answers, len);
    h = *busy ? NULL : malloc(sizeof(*h));
    if (h == NULL) {
        if (!*busy)
            answer_budget_give(&srv->answers, len);
        free(text);
        return NULL;
    }
    *h = (struct held){&srv->answers, text, len};
    resp = MHD_create_response_from_buffer_with_free_callback_cls(
        len, text, free_held, h);
    if (resp == NULL)
        free_held(h);
    return resp;
}

enum MHD_Result respond_text(struct http_server *srv,
                             struct MHD_Connection *conn, struct exchange *x,
                             unsigned code, struct text_buf *body,
                             const struct answer_meta *meta)
{
    struct MHD_Response *resp;
    struct problem pb;
    size_t len;
    char *text = text_buf_release(body, &len);
    int busy = 0;

    if (text == NULL)
        return respond_out_of_memory(srv, conn, x);
    /* Problems are small, and always sent; answers are counted. */
    if (code == MHD_HTTP_OK)
        resp = held_response(srv, text, len, &busy);
    else
        resp = MHD_create_response_from_buffer_with_free_callback(
            len, text, &free);
    if (busy) {
        problem_set(&pb, SVC_EBUSY,
                    "answers not yet read by their clients take all of "
                    "answer_memory (%zu bytes); retry", srv->answers.limit);
        return respond_problem(srv, conn, x, &pb);
    }
    if (resp == NULL) {
        if (code != MHD_HTTP_OK)
            free(text);
        return MHD_NO;
    }
    return queue(srv, conn, x, code, resp, len, meta);
}

enum MHD_Result respond_problem(struct http_server *srv,
                                struct MHD_Connection *conn,
                                struct exchange *x, const struct problem *pb)
{
    const char *title;
    unsigned code = problem_status(pb->status, &title);
    struct answer_meta meta = {PROBLEM_TYPE, x->allow_origin, NULL};
    struct text_buf json;

    text_buf_init(&json);
    answer_problem(pb, code, title, &json);
    return respond_text(srv, conn, x, code, &json, &meta);
}

enum MHD_Result respond_preflight(struct http_server *srv,
                                  struct MHD_Connection *conn,
                                  struct exchange *x)
{
    struct answer_meta meta = {NULL, x->allow_origin, NULL};
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);

    if (resp != NULL && x->allow_origin != NULL &&
        (!add(resp, "Access-Control-Allow-Methods", x->allow) ||
         !add(resp, "Access-Control-Allow-Headers",
              "Content-Type, If-None-Match") ||
         !add(resp, "Access-Control-Max-Age", srv->cors_max_age))) {
        MHD_destroy_response(resp);
        return MHD_NO;
    }
    return queue(srv, conn, x, MHD_HTTP_NO_CONTENT, resp, 0, &meta);
}

enum MHD_Result respond_by_url(struct http_server *srv,
                               struct MHD_Connection *conn,
                               struct exchange *x, struct text_buf *body,
                               const char *key, size_t key_len)
{
    struct answer_meta meta = {x->route->type, x->allow_origin, NULL};
    int closing = x->close || atomic_load(&srv->draining);
    struct prebuilt p;
    size_t len;
    char *text = text_buf_release(body, &len);
    enum MHD_Result ret;

    if (text == NULL || !prebuilt_make(srv, &p, text, len, &meta, closing))
        return respond_out_of_memory(srv, conn, x);
    ret = (enum MHD_Result)prebuilt_queue(&p, x->if_none_match, conn,
                                          &x->status, &x->bytes);
    if (ret == MHD_YES && key_len > 0 && !closing)
        answer_cache_put(srv->cache, key, key_len, &p);
    else
        prebuilt_release(&p);
    return ret;
}
