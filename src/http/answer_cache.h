/* answer_cache.h - answers that depend only on the URL (GET /compare with
 * a query; any of them for a listed CORS origin, which the key starts
 * with), kept after the first time as libmicrohttpd responses that can be
 * queued on many connections at once.  A bounded, direct-mapped
 * table: a new key takes its slot from whatever was there.  Safe to use
 * from every server thread. */
#ifndef MODELSCALE_ANSWER_CACHE_H
#define MODELSCALE_ANSWER_CACHE_H

#include <stddef.h>

#include "api/request.h"
#include "http/prebuilt.h"

struct MHD_Connection;
struct answer_cache;

#define ANSWER_CACHE_KEY_MAX 1024 /* longer keys are not cached */
#define ANSWER_CACHE_BODY_MAX 65536 /* nor larger answers: a full cache
                                     * holds at most 65 KiB a slot */

/* Writes into key the cache's key for a GET of path with args[0..nargs)
 * answered for origin (NULL when it gets no CORS header): origin NUL
 * path NUL, then each argument as name NUL "n" NUL (a bare "?models")
 * or name NUL "v" NUL value NUL ("models=", "models=a").  No NUL can be
 * in a name or a value (%00 is left undecoded), so every part ends where
 * its NUL is, and an "=" in a name ("?a%3Db=c") or a value ("?a=b%3Dc")
 * cannot make two keys alike.  Returns its length, or 0 when it would
 * pass ANSWER_CACHE_KEY_MAX (such answers are not kept).
 * @unittest check_answer_cache.c */
size_t answer_cache_key(const char *origin, const char *path,
                        const struct query_arg *args, size_t nargs,
                        char key[ANSWER_CACHE_KEY_MAX]);

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
