/* answer_cache.h - answers that depend only on the URL (GET /compare with
 * a query; any of them for a listed CORS origin, which the key starts
 * with), kept after the first time as libmicrohttpd responses that can be
 * queued on many connections at once.  A bounded, direct-mapped
 * table: a new key takes its slot from whatever was there.  Safe to use
 * from every server thread. */
#ifndef MODELSCALE_ANSWER_CACHE_H
#define MODELSCALE_ANSWER_CACHE_H

#include <stddef.h>

#include "http/http_cache.h"

struct MHD_Connection;
struct MHD_Response;
struct answer_cache;

/* An answer built once, to be queued as it is on many connections: its
 * 200 response, and the 304 that answers an If-None-Match naming its
 * ETag.  Whoever holds it holds a reference to both responses. */
struct prebuilt {
    struct MHD_Response *ok;
    struct MHD_Response *not_modified;
    char etag[HTTP_CACHE_ETAG_MAX];
    size_t len; /* body bytes of ok */
};

/* Queues p's 304 on conn if if_none_match (NULL when the request has
 * none) names its ETag, else its 200.  Sets *status and *body_len to
 * what was queued.  Returns MHD's answer. */
int prebuilt_queue(const struct prebuilt *p, const char *if_none_match,
                   struct MHD_Connection *conn, unsigned *status,
                   size_t *body_len);

/* Drops the references p holds and empties it.  Accepts an empty p. */
void prebuilt_release(struct prebuilt *p);

#define ANSWER_CACHE_KEY_MAX 1024 /* longer keys are not cached */
#define ANSWER_CACHE_BODY_MAX 65536 /* nor larger answers: a full cache
                                     * holds at most 65 KiB a slot */

/* A cache of `slots` answers, or NULL when slots is 0 (caching off) or
 * memory ran out; every function below accepts NULL as an empty cache. */
struct answer_cache *answer_cache_new(size_t slots);

/* Frees the cache and drops its reference to every response (a response
 * still being sent lives until it is sent).  Accepts NULL. */
void answer_cache_free(struct answer_cache *c);

/* Queues the answer kept for key[0..len) on conn, as prebuilt_queue
 * does.  Returns 1 if there was one, 0 if not (nothing is queued). */
int answer_cache_queue(struct answer_cache *c, const char *key, size_t len,
                       const char *if_none_match,
                       struct MHD_Connection *conn, unsigned *status,
                       size_t *body_len);

/* Keeps p as the answer for key[0..len), unless the key or the body is
 * over its limit.  The cache takes over p's references, kept or not,
 * and empties p. */
void answer_cache_put(struct answer_cache *c, const char *key, size_t len,
                      struct prebuilt *p);

#endif
