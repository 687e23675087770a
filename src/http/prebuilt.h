/* prebuilt.h - answers built once and queued as they are on many
 * connections: those of the fixed routes without a query, built at
 * start, and those the answer cache keeps.  Each is a 200 response with
 * its ETag and the 304 that answers an If-None-Match naming it. */
#ifndef MODELSCALE_PREBUILT_H
#define MODELSCALE_PREBUILT_H

#include <stddef.h>

#include "http/etag.h"

struct MHD_Connection;
struct MHD_Response;
struct http_server;
struct answer_meta;

/* Whoever holds one holds a reference to both responses. */
struct prebuilt {
    struct MHD_Response *ok;
    struct MHD_Response *not_modified;
    char etag[ETAG_MAX];
    size_t len; /* body bytes of ok */
};

/* Makes p from text[0..len), which it takes over (it is freed with the
 * response, or at once on failure), with meta's headers, the ETag of
 * the text, and when closing, Connection: close.  Returns 0 if memory
 * ran out; p is then empty. */
int prebuilt_make(const struct http_server *srv, struct prebuilt *p,
                  char *text, size_t len, const struct answer_meta *meta,
                  int closing);

/* Queues p's 304 on conn if if_none_match (NULL when the request has
 * none) names its ETag, else its 200.  Sets *status and *body_len to
 * what was queued.  Returns MHD's answer. */
int prebuilt_queue(const struct prebuilt *p, const char *if_none_match,
                   struct MHD_Connection *conn, unsigned *status,
                   size_t *body_len);

/* Drops the references p holds and empties it.  Accepts an empty p. */
void prebuilt_release(struct prebuilt *p);

/* Builds into srv->fixed the answer of every fixed route without a
 * query, for the origin most requests come from (with "*" allowed, any;
 * with a list, none of it).  A route that needs a query answers each
 * request instead.  Returns 0, or -1 with one line in err. */
int prebuilt_build_fixed(struct http_server *srv, char *err, size_t errlen);

#endif
