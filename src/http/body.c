/* body.c - accumulating request bodies within their limits. */
#include "http/body.h"

#include <stdlib.h>
#include <string.h>

#include "http/exchange.h"

int body_admit(struct body *b, const struct body_rules *r,
               struct MHD_Connection *conn, int keep, size_t announced,
               size_t n)
{
    size_t total;

    if (!keep || b->fault != SVC_OK || n > r->limit - b->len)
        return 1; /* nothing will be kept */
    total = b->len + n;
    if (b->ticket.held == 0 && announced > total)
        total = announced;
    if (total <= b->ticket.held)
        return 1;
    return body_budget_take(r->budget, &b->ticket, conn,
                            total - b->ticket.held);
}

/* Frees what the body holds, and answers `fault` once it has all come. */
static void drop(struct body *b, const struct body_rules *r,
                 enum svc_status fault)
{
    b->fault = fault;
    free(b->text);
    b->text = NULL;
    if (b->ticket.held > 0)
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
    if (keep && b->len == 0)
        clock_gettime(CLOCK_MONOTONIC, &b->start);
    if (keep && exchange_seconds_since(&b->start) > (double)r->timeout) {
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
    /* Only a request that ever drew on the budget or waited for it (its
     * own thread set these) takes the budget's lock. */
    if (b->ticket.held > 0 || b->ticket.conn != NULL)
        body_budget_release(r->budget, &b->ticket);
    free(b->text);
    b->text = NULL;
}
