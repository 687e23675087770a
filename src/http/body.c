/* body.c - accumulating request bodies within their limits. */
#include "http/body.h"

#include <stdlib.h>
#include <string.h>

size_t body_need(const struct body_rules *r, size_t announced, int chunked)
{
    return chunked ? r->limit : announced;
}

/* Frees what the body holds, and answers `fault` once it has all come. */
static void drop(struct body *b, const struct body_rules *r,
                 enum svc_status fault)
{
    b->fault = fault;
    free(b->text);
    b->text = NULL;
    body_budget_release(r->budget, &b->ticket);
}

/* Makes room for n more bytes and the NUL.  Returns 0 if memory ran
 * out. */
static int grow(struct body *b, const struct body_rules *r, size_t n)
{
    size_t cap = b->cap ? b->cap * 2 : 4096;
    char *grown;

    if (b->len + n + 1 <= b->cap)
        return 1;
    if (cap < b->len + n + 1)
        cap = b->len + n + 1;
    if (cap > r->limit + 1)
        cap = r->limit + 1;
    grown = realloc(b->text, cap);
    if (grown == NULL)
        return 0;
    b->text = grown;
    b->cap = cap;
    return 1;
}

void body_take(struct body *b, const struct body_rules *r, int keep,
               const char *data, size_t n)
{
    if (b->fault != SVC_OK)
        return;
    if (n > r->limit - b->len) {
        drop(b, r, SVC_ETOOBIG);
        return;
    }
    if (keep && atomic_load(&b->ticket.state) == BUDGET_LATE) {
        /* It held its share of body_memory too long: others may wait. */
        drop(b, r, SVC_ETIMEDOUT);
        return;
    }
    if (keep && !grow(b, r, n)) {
        drop(b, r, SVC_ENOMEM);
        return;
    }
    if (keep) {
        memcpy(b->text + b->len, data, n);
        b->text[b->len + n] = '\0';
    }
    b->len += n;
}

void body_cleanup(struct body *b, const struct body_rules *r)
{
    body_budget_release(r->budget, &b->ticket);
    free(b->text);
    b->text = NULL;
}
