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

/* Appends s[0..n) and a NUL to key at *len, if it fits. */
static int append(char *key, size_t *len, const char *s, size_t n)
{
    if (n + 1 > ANSWER_CACHE_KEY_MAX - *len)
        return 0;
    memcpy(key + *len, s, n);
    key[*len + n] = '\0';
    *len += n + 1;
    return 1;
}

size_t answer_cache_key(const char *origin, const char *path,
                        const struct query_arg *args, size_t nargs,
                        char key[ANSWER_CACHE_KEY_MAX])
{
    size_t len = 0;

    if (origin == NULL)
        origin = "";
    if (!append(key, &len, origin, strlen(origin)) ||
        !append(key, &len, path, strlen(path)))
        return 0;
    for (size_t i = 0; i < nargs; i++) {
        const struct query_arg *a = &args[i];

        /* The NUL ends the name, whatever it holds, "=" included; then
         * one byte says whether a value follows. */
        if (!append(key, &len, a->key, strlen(a->key)) ||
            !append(key, &len, a->value != NULL ? "v" : "n", 1) ||
            (a->value != NULL &&
             !append(key, &len, a->value, a->value_len)))
            return 0;
    }
    return len;
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
    s = &c->slots[etag_hash(key, len) % c->nslots];
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
    s = &c->slots[etag_hash(key, len) % c->nslots];
    pthread_mutex_lock(&c->lock);
    old = *s;
    s->key = copy;
    s->len = len;
    s->answer = *p;
    pthread_mutex_unlock(&c->lock);
    memset(p, 0, sizeof(*p));
    empty(&old); /* outside the lock: it may free a large answer */
}
