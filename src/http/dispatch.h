/* dispatch.h - the checks every route shares, run once before any
 * handler, on a plain exchange that a test can build without a socket:
 * the body's faults, 404 and 405, the preflight, the query every route
 * and every POST refuses, Content-Type, the JSON body; then the route's
 * handler. */
#ifndef MODELSCALE_DISPATCH_H
#define MODELSCALE_DISPATCH_H

#include "api/handlers.h"
#include "api/problem.h"
#include "api/text_buf.h"
#include "http/exchange.h"

enum dispatch_result {
    DISPATCH_ANSWER = 0, /* 200: resp holds the answer */
    DISPATCH_PROBLEM,    /* pb says what was wrong */
    DISPATCH_PREFLIGHT   /* OPTIONS on a known path: 204 */
};

/* What dispatch needs to know of the server. */
struct dispatch_context {
    const struct app *app;
    unsigned long body_limit;   /* for the 413 detail */
    unsigned long body_timeout; /* for the 408 detail */
    int draining;               /* the server is stopping */
};

/* Checks x and runs its route.  resp must be initialised; the caller
 * frees it either way.  @unittest check_dispatch.c */
enum dispatch_result dispatch_run(const struct dispatch_context *ctx,
                                  const struct exchange *x,
                                  struct text_buf *resp, struct problem *pb);

#endif
