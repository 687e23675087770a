/* respond.h - queuing answers on a connection: the headers every answer
 * carries (nosniff, CORS, Vary, the page's CSP, ETag and Cache-Control,
 * Allow, Connection: close while draining), problems, preflights, and
 * answers that depend only on the URL, which are kept in the cache. */
#ifndef MODELSCALE_RESPOND_H
#define MODELSCALE_RESPOND_H

#include <microhttpd.h>
#include <stddef.h>

#include "api/problem.h"
#include "api/text_buf.h"
#include "http/exchange.h"

struct http_server;

/* What an answer says besides its status and body. */
struct answer_meta {
    const char *type;         /* Content-Type; NULL without a body */
    const char *allow_origin; /* Access-Control-Allow-Origin, or NULL */
    const char *etag;         /* answers that depend only on the URL */
};

/* Adds meta's headers and those every answer carries to resp.  Returns
 * 0 if one failed. */
int respond_headers(const struct http_server *srv, struct MHD_Response *resp,
                    const struct answer_meta *meta);

/* Queues code with the text in body (which is emptied: libmicrohttpd
 * frees it once sent) and meta's headers. */
enum MHD_Result respond_text(struct http_server *srv,
                             struct MHD_Connection *conn, struct exchange *x,
                             unsigned code, struct text_buf *body,
                             const struct answer_meta *meta);

/* Queues pb as an application/problem+json answer. */
enum MHD_Result respond_problem(struct http_server *srv,
                                struct MHD_Connection *conn,
                                struct exchange *x, const struct problem *pb);

/* Answers a preflight (OPTIONS on a known path): 204 with Allow, and for
 * an allowed origin what its browser asked leave for. */
enum MHD_Result respond_preflight(struct http_server *srv,
                                  struct MHD_Connection *conn,
                                  struct exchange *x);

/* Answers 200 with body, or 304 when the request's If-None-Match names
 * its ETag, for a route whose answer depends only on the URL; keeps both
 * in the answer cache when the request has a key (key_len > 0). */
enum MHD_Result respond_by_url(struct http_server *srv,
                               struct MHD_Connection *conn,
                               struct exchange *x, struct text_buf *body,
                               const char *key, size_t key_len);

#endif
