/* body.h - a request body as it arrives: kept (on routes that take JSON)
 * up to body_limit, its memory drawn from the body budget before any of
 * it is read, and dropped if the budget takes its share back; counted
 * and dropped on the other routes. */
#ifndef MODELSCALE_BODY_H
#define MODELSCALE_BODY_H

#include <stddef.h>

#include "http/body_budget.h"
#include "modelscale/status.h"

struct body {
    char *text; /* owned; NUL-terminated; only when kept */
    size_t len; /* bytes received, kept or not */
    size_t cap;
    /* SVC_ETOOBIG (over the limit), SVC_ETIMEDOUT (slower than the
     * timeout) or SVC_ENOMEM: the rest is dropped, then that answer */
    enum svc_status fault;
    struct budget_ticket ticket; /* its share of body_memory */
};

/* The limits every body is held to. */
struct body_rules {
    struct body_budget *budget;
    unsigned long limit;   /* bytes */
    unsigned long timeout; /* seconds from its admission to its end */
};

/* The share of the budget a kept body asks for before it is read: its
 * Content-Length, or for a chunked one the whole limit.
 * @unittest check_body.c */
size_t body_need(const struct body_rules *r, size_t announced, int chunked);

/* Takes a chunk: keeps it when keep is set, counts it either way; once
 * the total passes the limit, or the budget has taken the body's share
 * back for its slowness, drops what it holds and sets b->fault.
 * @unittest check_body.c */
void body_take(struct body *b, const struct body_rules *r, int keep,
               const char *data, size_t n);

/* Frees the body and gives back its share of the budget.  Accepts a
 * body that never took anything, and one already cleaned up. */
void body_cleanup(struct body *b, const struct body_rules *r);

#endif
