/* body.h - a request body as it arrives: kept (on routes that take JSON)
 * up to body_limit and within body_timeout, its memory drawn from the
 * body budget; counted and dropped on the other routes. */
#ifndef MODELSCALE_BODY_H
#define MODELSCALE_BODY_H

#include <stddef.h>
#include <time.h>

#include "http/body_budget.h"
#include "modelscale/status.h"

struct MHD_Connection;

struct body {
    char *text;  /* owned; NUL-terminated; only when kept */
    size_t len;  /* bytes received, kept or not */
    size_t cap;
    /* SVC_ETOOBIG (over the limit), SVC_ETIMEDOUT (slower than the
     * timeout) or SVC_ENOMEM: the rest is dropped, then that answer */
    enum svc_status fault;
    struct timespec start;       /* when its first kept byte came */
    struct budget_ticket ticket; /* its share of body_memory */
};

/* The limits every body is held to. */
struct body_rules {
    struct body_budget *budget;
    unsigned long limit;   /* bytes */
    unsigned long timeout; /* seconds from its first byte to its last */
};

/* Whether a chunk of n bytes may be taken now.  A kept body holds its
 * share of the budget, asked for whole (by announced, its Content-Length)
 * with its first chunk.  Returns 0 when the request must wait: conn is
 * then suspended, and the chunk comes again once it is resumed.
 * @unittest check_body.c */
int body_admit(struct body *b, const struct body_rules *r,
               struct MHD_Connection *conn, int keep, size_t announced,
               size_t n);

/* Takes a chunk: keeps it when keep is set, counts it either way; once
 * the total passes the limit, or the body comes slower than the timeout,
 * drops what it holds and sets b->fault.  @unittest check_body.c */
void body_take(struct body *b, const struct body_rules *r, int keep,
               const char *data, size_t n);

/* Frees the body and gives back its share of the budget.  Accepts a
 * body that never took anything. */
void body_cleanup(struct body *b, const struct body_rules *r);

#endif
