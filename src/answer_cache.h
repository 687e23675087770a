/* answer_cache.h - answers that depend only on the URL (GET /compare with
 * a query), kept after the first time as libmicrohttpd responses that
 * can be queued on many connections at once.  A bounded, direct-mapped
 * table: a new key takes its slot from whatever was there.  Safe to use
 * from every server thread. */
#ifndef MODELSCALE_ANSWER_CACHE_H
#define MODELSCALE_ANSWER_CACHE_H

#include <stddef.h>

struct MHD_Connection;
struct MHD_Response;
struct answer_cache;

#define ANSWER_CACHE_KEY_MAX 1024 /* longer keys are not cached */
#define ANSWER_CACHE_BODY_MAX 65536 /* nor larger answers: a full cache
                                     * holds at most 65 KiB a slot */

/* A cache of `slots` answers, or NULL when slots is 0 (caching off) or
 * memory ran out; every function below accepts NULL as an empty cache. */
struct answer_cache *answer_cache_new(size_t slots);

/* Frees the cache and drops its reference to every response (a response
 * still being sent lives until it is sent).  Accepts NULL. */
void answer_cache_free(struct answer_cache *c);

/* Queues the answer kept for key[0..len) on conn with status 200.
 * Returns 1 and sets *body_len if there was one, 0 if not (nothing is
 * queued then). */
int answer_cache_queue(struct answer_cache *c, const char *key, size_t len,
                       struct MHD_Connection *conn, size_t *body_len);

/* Keeps resp, with its headers as they are, as the answer for
 * key[0..len), unless the key or the body is over its limit.  The cache takes over the caller's reference to resp:
 * the caller must not destroy it, whether or not it was kept. */
void answer_cache_put(struct answer_cache *c, const char *key, size_t len,
                      struct MHD_Response *resp, size_t body_len);

#endif
