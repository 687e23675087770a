/* answer_cache.c - a bounded table of prebuilt answers, keyed by URL. */
#include "http/answer_cache.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    char *key; /* owned; NULL when the slot is empty */
    size_t len;
    struct prebuilt answer; /* the cache's references */
};

struct answer_cache {
    pthread_mutex_t lock; /* guards every slot */
    size_t nslots;
    struct slot slots[]; /* nslots of them */
};

struct answer_cache *answer_cache_new(size_t slots)
{
    struct answer_cache *c;

    if (slots == 0 || slots > SIZE_MAX / sizeof(struct slot))
        return NULL;
    c = calloc(1, sizeof(*c) + slots * sizeof(struct slot));
    if (c == NULL)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->nslots = slots;
    return c;
}

int prebuilt_queue(const struct prebuilt *p, const char *if_none_match,
                   struct MHD_Connection *conn, unsigned *status,
                   size_t *body_len)
{
    int fresh = http_cache_not_modified(if_none_match, p->etag);

    *status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
    *body_len = fresh ? 0 : p->len;
    return MHD_queue_response(conn, *status,
                              fresh ? p->not_modified : p->ok);
}

void prebuilt_release(struct prebuilt *p)
{
    MHD_destroy_response(p->ok);
    MHD_destroy_response(p->not_modified);
    memset(p, 0, sizeof(*p));
}

static void empty(struct slot *s)
{
    free(s->key);
    prebuilt_release(&s->answer);
    memset(s, 0, sizeof(*s));
}

void answer_cache_free(struct answer_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nslots; i++)
        empty(&c->slots[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int answer_cache_queue(struct answer_cache *c, const char *key, size_t len,
                       const char *if_none_match,
                       struct MHD_Connection *conn, unsigned *status,
                       size_t *body_len)
{
    struct slot *s;
    int found;

    if (c == NULL)
        return 0;
    s = &c->slots[http_cache_hash(key, len) % c->nslots];
    pthread_mutex_lock(&c->lock);
    found = s->key != NULL && s->len == len && memcmp(s->key, key, len) == 0;
    /* Queued under the lock, so that no put can destroy it first;
     * libmicrohttpd takes its own reference. */
    if (found)
        found = prebuilt_queue(&s->answer, if_none_match, conn, status,
                               body_len) == MHD_YES;
    pthread_mutex_unlock(&c->lock);
    return found;
}

void answer_cache_put(struct answer_cache *c, const char *key, size_t len,
                      struct prebuilt *p)
{
    struct slot *s, old;
    char *copy = NULL;

    if (c != NULL && len <= ANSWER_CACHE_KEY_MAX &&
        p->len <= ANSWER_CACHE_BODY_MAX)
        copy = malloc(len > 0 ? len : 1);
    if (copy == NULL) {
        prebuilt_release(p);
        return;
    }
    memcpy(copy, key, len);
    s = &c->slots[http_cache_hash(key, len) % c->nslots];
    pthread_mutex_lock(&c->lock);
    old = *s;
    s->key = copy;
    s->len = len;
    s->answer = *p;
    pthread_mutex_unlock(&c->lock);
    memset(p, 0, sizeof(*p));
    empty(&old); /* outside the lock: it may free a large answer */
}
