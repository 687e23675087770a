/* dispatch.c - the shared checks, in the order a client can act on:
 * what went wrong with the body first, then the route, then the fields'
 * carriers, then the handler. */
#include "http/dispatch.h"

#include <string.h>
#include <strings.h>

#include "api/json_text.h"

/* "application/json", in any case, with or without parameters. */
static int is_json(const char *content_type)
{
    size_t n;

    if (content_type == NULL)
        return 0;
    n = strcspn(content_type, "; \t");
    return n == 16 && strncasecmp(content_type, "application/json", n) == 0;
}

/* A fault found before the route could run. */
static enum svc_status early_fault(const struct dispatch_context *ctx,
                                   const struct exchange *x,
                                   struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX], paths[ROUTE_LIST_MAX];

    if (x->body.fault == SVC_ETOOBIG)
        return exchange_too_big(ctx->body_limit, pb);
    if (x->body.fault == SVC_ETIMEDOUT)
        return problem_set(pb, SVC_ETIMEDOUT,
                           "the request body took longer than %lu s to "
                           "arrive", ctx->body_timeout);
    if (x->body.fault != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    if (x->match == ROUTE_NO_PATH) {
        route_paths(paths, sizeof(paths));
        return problem_set(pb, SVC_ENOTFOUND,
                           "no resource at %s; the routes are %s",
                           problem_quote(q, sizeof(q), x->path,
                                         strlen(x->path)),
                           paths);
    }
    if (x->match == ROUTE_BAD_METHOD)
        return problem_set(pb, SVC_EMETHOD,
                           "%s is not allowed on %s; allowed: %s",
                           problem_quote(q, sizeof(q), x->method,
                                         strlen(x->method)),
                           x->path, x->allow);
    return SVC_OK;
}

/* A query the route does not read: on a POST, whose fields come in the
 * body, or on a route without fields. */
static enum svc_status stray_query(const struct exchange *x, int post,
                                   struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    const char *key = x->args[0].key;

    if (x->nargs == 0 || (!post && x->route->query))
        return SVC_OK;
    problem_quote(q, sizeof(q), key, strlen(key));
    if (post)
        return problem_set(pb, SVC_EMALFORMED,
                           "unknown query parameter %s: POST %s takes its "
                           "fields in the JSON body, not the query",
                           q, x->route->path);
    return problem_set(pb, SVC_EMALFORMED,
                       "unknown query parameter %s: %s takes none", q,
                       x->route->path);
}

/* The request as its handler sees it; *body is the parsed body, which
 * the caller frees. */
static enum svc_status prepare(const struct dispatch_context *ctx,
                               const struct exchange *x, cJSON **body,
                               struct request *rq, struct problem *pb)
{
    int post = strcmp(x->method, "POST") == 0;
    enum svc_status st;

    if (x->nargs > REQUEST_ARGS_MAX)
        return problem_set(pb, SVC_EMALFORMED, "more than %d query "
                           "parameters", REQUEST_ARGS_MAX);
    st = stray_query(x, post, pb);
    if (st == SVC_OK && post && !is_json(x->content_type))
        st = problem_set(pb, SVC_EMEDIATYPE,
                         "send the body as JSON, with Content-Type: "
                         "application/json");
    if (st == SVC_OK && post)
        st = json_text_parse(x->body.text != NULL ? x->body.text : "",
                             x->body.len, body, pb);
    rq->args = x->args;
    rq->nargs = x->nargs;
    rq->body = *body;
    rq->draining = ctx->draining;
    return st;
}

enum dispatch_result dispatch_run(const struct dispatch_context *ctx,
                                  const struct exchange *x,
                                  struct text_buf *resp, struct problem *pb)
{
    struct request rq;
    cJSON *body = NULL;
    enum svc_status st = early_fault(ctx, x, pb);

    if (st == SVC_EMETHOD && strcmp(x->method, "OPTIONS") == 0)
        return DISPATCH_PREFLIGHT;
    if (st == SVC_OK)
        st = prepare(ctx, x, &body, &rq, pb);
    if (st == SVC_OK)
        st = x->route->handler(ctx->app, &rq, resp, pb);
    cJSON_Delete(body);
    return st == SVC_OK ? DISPATCH_ANSWER : DISPATCH_PROBLEM;
}
