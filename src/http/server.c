/* server.c - the libmicrohttpd daemon.  Every request goes through
 * on_request in three phases: the headers (exchange_begin), the body's
 * chunks (body.c), and the final call, which answers from what was built
 * before (the fixed answers, the answer cache) or runs the shared checks
 * and the route (dispatch.c). */
#include "http/server.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/access_log.h"
#include "http/answer_cache.h"
#include "http/dispatch.h"
#include "http/exchange.h"
#include "http/respond.h"

/* libmicrohttpd's own limit is this much above ours: at its limit it
 * stops accepting and connections wait in the backlog, unanswered; below
 * it we accept and close the surplus at once, so that a client (or a
 * balancer) learns in a moment to try elsewhere. */
#define SURPLUS_MARGIN 64
/* Per connection.  Up to 32 KiB libmicrohttpd takes it with malloc; above,
 * with mmap and munmap for every connection, which made a new connection
 * 4 times as costly (measured: 3,989 against 16,818 requests/s with
 * Connection: close).  It holds headers well past EXCHANGE_HEADERS_MAX,
 * so that we answer most oversized requests; beyond it libmicrohttpd
 * answers 431. */
#define CONNECTION_POOL 32768


/* Whether x's route keeps its body (it takes JSON). */
static int keeps_body(const struct exchange *x)
{
    return x->match == ROUTE_FOUND && strcmp(x->method, "POST") == 0;
}

/* Asks the budget for the share of x's body, before any of it is read:
 * on the first call, and on each call while it waits.  A wait that
 * ended is answered at once (libmicrohttpd then skips the body and
 * closes the connection); a client that hung up gets nothing. */
static enum MHD_Result ask_budget(struct http_server *srv,
                                  struct MHD_Connection *conn,
                                  struct exchange *x)
{
    struct problem pb;
    size_t need = body_need(&srv->bodies, x->announced, x->chunked);

    switch (body_budget_take(&srv->budget, &x->body.ticket, conn, need)) {
    case BUDGET_ADMITTED:
        x->reading = 1;
        return MHD_YES;
    case BUDGET_WAITING:
        return MHD_YES;
    case BUDGET_GONE:
        return MHD_NO;
    case BUDGET_BUSY:
        problem_set(&pb, SVC_EBUSY,
                    "%zu requests already wait for room to hold their "
                    "bodies (body_memory); retry", srv->budget.waiters_max);
        break;
    default:
        problem_set(&pb, SVC_EBUSY,
                    "the server holds as many request bodies as "
                    "body_memory allows, and this one waited %lu s for "
                    "room; retry", srv->budget.wait_max);
        break;
    }
    x->close = 1; /* its body, if it comes, is not read */
    return respond_problem(srv, conn, x, &pb);
}

/* The first call: only the headers are known.  A request that cannot be
 * read safely is answered now, before any body is read: libmicrohttpd
 * then skips the body and closes the connection. */
static enum MHD_Result begin(struct http_server *srv,
                             struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version,
                             void **con_cls)
{
    struct exchange *x = calloc(1, sizeof(*x));
    struct problem pb;

    if (x == NULL)
        return MHD_NO; /* nothing can be answered without memory */
    *con_cls = x;
    atomic_fetch_add(&srv->in_flight, 1);
    if (srv->app->metrics != NULL)
        metrics_begin(srv->app->metrics);
    if (exchange_begin(x, conn, method, url, version, srv->cors_origins,
                       srv->bodies.limit, &pb) != SVC_OK) {
        x->close = 1; /* what follows on the connection cannot be read */
        return respond_problem(srv, conn, x, &pb);
    }
    if (keeps_body(x) && (x->announced > 0 || x->chunked))
        return ask_budget(srv, conn, x);
    x->reading = 1;
    return MHD_YES;
}

/* The answer built at start for this request, or NULL: only for a
 * fixed route, without a query, for the origins the answers were built
 * for (any, or none of the listed), and not while draining (an answer
 * then needs Connection: close, as it does after a body framed twice). */
static const struct prebuilt *fixed_answer(const struct http_server *srv,
                                           const struct exchange *x)
{
    size_t n, i;
    const struct route *table = route_table(&n);

    if (x->match != ROUTE_FOUND || x->nargs > 0 || keeps_body(x) ||
        x->body.fault != SVC_OK || x->close ||
        x->allow_origin != srv->fixed_allow_origin ||
        atomic_load(&srv->draining))
        return NULL;
    i = (size_t)(x->route - table);
    return srv->fixed[i].ok != NULL ? &srv->fixed[i] : NULL;
}

/* The answer cache's key for x, or 0 when its answer is not kept: only
 * a GET of a fixed route that has no answer built at start for it (it
 * has a query, or comes from a listed origin), not while draining. */
static size_t cache_key(const struct http_server *srv,
                        const struct exchange *x,
                        char key[ANSWER_CACHE_KEY_MAX])
{
    if (srv->cache == NULL || x->match != ROUTE_FOUND || !x->route->fixed ||
        keeps_body(x) || x->body.fault != SVC_OK || x->close ||
        x->nargs > REQUEST_ARGS_MAX || atomic_load(&srv->draining))
        return 0;
    return answer_cache_key(x->allow_origin, x->route->path, x->args,
                            x->nargs, key);
}

/* The final call: the whole request is in. */
static enum MHD_Result finish(struct http_server *srv,
                              struct MHD_Connection *conn,
                              struct exchange *x)
{
    const struct prebuilt *fixed = fixed_answer(srv, x);
    struct dispatch_context ctx = {srv->app, srv->bodies.limit,
                                   srv->bodies.timeout,
                                   atomic_load(&srv->draining)};
    char key[ANSWER_CACHE_KEY_MAX];
    size_t key_len;
    struct text_buf resp;
    struct problem pb;
    struct answer_meta meta = {NULL, x->allow_origin, NULL};
    enum dispatch_result result;
    enum MHD_Result ret;

    if (fixed != NULL)
        return (enum MHD_Result)prebuilt_queue(fixed, x->if_none_match, conn,
                                               &x->status, &x->bytes);
    key_len = cache_key(srv, x, key);
    if (key_len > 0 &&
        answer_cache_queue(srv->cache, key, key_len, x->if_none_match, conn,
                           &x->status, &x->bytes))
        return MHD_YES;
    text_buf_init(&resp);
    result = dispatch_run(&ctx, x, &resp, &pb);
    /* The body is read: its memory and its share go back now, not
     * when a slow reader has taken the whole answer. */
    body_cleanup(&x->body, &srv->bodies);
    switch (result) {
    case DISPATCH_PREFLIGHT:
        ret = respond_preflight(srv, conn, x);
        break;
    case DISPATCH_PROBLEM:
        ret = respond_problem(srv, conn, x, &pb);
        break;
    default:
        if (x->route->fixed && !keeps_body(x)) {
            ret = respond_by_url(srv, conn, x, &resp, key, key_len);
        } else {
            meta.type = x->route->type;
            ret = respond_text(srv, conn, x, MHD_HTTP_OK, &resp, &meta);
        }
        break;
    }
    text_buf_cleanup(&resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct exchange *x = *con_cls;
    size_t n = *upload_data_size;

    /* Even a GET is answered on a later call, not this first one: with
     * libmicrohttpd 0.9.75 a response queued here counts as an early
     * answer and closes the connection, killing keep-alive. */
    if (x == NULL)
        return begin(srv, conn, url, method, version, con_cls);
    if (x->status != 0) { /* answered early: drop what still arrives */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!x->reading)
        return ask_budget(srv, conn, x); /* resumed while it waits */
    if (n > 0) {
        body_take(&x->body, &srv->bodies, keeps_body(x), upload_data, n);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return finish(srv, conn, x);
}

/* One line on the access log (http/access_log.h): batched per thread. */
static void log_request(const struct http_server *srv,
                        const struct exchange *x)
{
    struct timespec now;
    struct access_log_line line = {x->method, x->path, x->status, x->bytes,
                                   0, {0, 0}};

    clock_gettime(CLOCK_MONOTONIC, &now);
    clock_gettime(CLOCK_REALTIME, &line.wall);
    line.micros = (long long)(now.tv_sec - x->start.tv_sec) * 1000000 +
                  (now.tv_nsec - x->start.tv_nsec) / 1000;
    access_log_write(srv->log, &line);
}

/* The index of the request's (method, path) pair, or the number of
 * pairs when it matched none (as metrics count it). */
static size_t endpoint_of(const struct exchange *x)
{
    const char *method[ROUTE_ENDPOINTS_MAX], *path[ROUTE_ENDPOINTS_MAX];

    if (x->match == ROUTE_FOUND)
        return route_endpoint(x->route, keeps_body(x) ? ROUTE_POST
                                                      : ROUTE_GET);
    return route_endpoints(method, path);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct exchange *x = *con_cls;

    (void)conn;
    (void)toe;
    if (x == NULL)
        return;
    if (srv->access_log)
        log_request(srv, x);
    if (srv->app->metrics != NULL)
        metrics_end(srv->app->metrics, endpoint_of(x), x->status, x->bytes,
                    exchange_seconds_since(&x->start));
    body_cleanup(&x->body, &srv->bodies);
    free(x);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    char *w = s;

    (void)cls;
    (void)conn;
    for (const char *r = s; *r != '\0'; r++) {
        int hi = r[1] != '\0' ? hex_value(r[1]) : -1;
        int lo = hi >= 0 ? hex_value(r[2]) : -1;

        if (*r == '%' && lo >= 0 && (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

#define TICK_MS 100 /* how often the budget's shares and waits are seen */

/* The ticker's work. */
static void tick(void *arg)
{
    struct http_server *srv = arg;
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    body_budget_tick(&srv->budget, &now);
    http_admission_tick(srv);
}

/* Frees the fixed answers, the answer cache and the body budget. */
static void free_fixed(struct http_server *srv)
{
    answer_cache_free(srv->cache);
    srv->cache = NULL;
    access_log_free(srv->log); /* after the daemon: writes out the rest */
    srv->log = NULL;
    body_budget_cleanup(&srv->budget);
    for (size_t i = 0; i < ROUTES_MAX; i++)
        prebuilt_release(&srv->fixed[i]);
}

/* Sets srv up from cfg, all but the daemon: the settings it keeps, the
 * budgets, the cache, the log and the fixed answers.  Returns 0, or -1
 * with one line in err (srv is then to be freed with free_fixed). */
static int set_up(struct http_server *srv, const struct app *app,
                  const struct http_settings *cfg, char *err, size_t errlen)
{
    memset(srv, 0, sizeof(*srv));
    srv->app = app;
    srv->bodies.budget = &srv->budget;
    srv->bodies.limit = cfg->body_limit;
    srv->bodies.timeout = cfg->body_timeout;
    srv->cors_origins = cfg->cors_origins;
    snprintf(srv->cache_control, sizeof(srv->cache_control),
             "public, max-age=%lu", cfg->cache_max_age);
    snprintf(srv->cors_max_age, sizeof(srv->cors_max_age), "%lu",
             cfg->cors_max_age);
    srv->access_log = cfg->access_log;
    atomic_init(&srv->in_flight, 0);
    atomic_init(&srv->connections, 0);
    atomic_init(&srv->accepting, 0);
    srv->connection_limit = (unsigned)cfg->connection_limit;
    atomic_init(&srv->draining, 0);
    if (body_budget_init(&srv->budget, &body_budget_mhd, cfg->body_memory,
                         cfg->connection_limit / 2 + 1, cfg->body_timeout,
                         cfg->connection_timeout) != 0) {
        snprintf(err, errlen, "cannot make a lock");
        return -1;
    }
    srv->cache = answer_cache_new(cfg->answer_cache);
    answer_budget_init(&srv->answers, cfg->answer_memory);
    srv->log = srv->access_log
                   ? access_log_new(STDOUT_FILENO, ACCESS_LOG_FLUSH_MS)
                   : NULL;
    if (srv->access_log && srv->log == NULL) {
        snprintf(err, errlen, "cannot start the access log");
        return -1;
    }
    return prebuilt_build_fixed(srv, err, errlen);
}

/* Starts libmicrohttpd on the listening socket fd with cfg's threads
 * and limits.  Returns the daemon, or NULL. */
static struct MHD_Daemon *start_daemon(struct http_server *srv,
                                       const struct http_settings *cfg,
                                       int fd, int ipv6)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads
                       : cores > 0      ? (unsigned)cores
                                        : 1;
    /* poll, never epoll, with or without a pool: 0.9.75's single-thread
     * epoll stalls when 128 connections are ready at once, and with a
     * pool, MHD_quiesce_daemon races the workers' own removal of the
     * listening socket from their epoll sets and aborts the process
     * ("Failed to remove listen FD from epoll set"), an open
     * libmicrohttpd defect seen here once at SIGTERM.  poll measured
     * the same throughput (docs/PERFORMANCE.md). */
    unsigned flags = MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | (ipv6 ? MHD_USE_IPv6 : 0) |
                     MHD_USE_POLL_INTERNAL_THREAD;
    struct MHD_OptionItem options[] = {
#if MHD_VERSION >= 0x00097701
        /* libmicrohttpd 1.0's strict parser, at the level its manual
         * gives for public servers: it refuses obs-folds, bare LFs, NULs
         * and broken Content-Lengths, which 0.9.75 lets through
         * (docs/RELIABILITY.md) */
        {MHD_OPTION_CLIENT_DISCIPLINE_LVL, 1, NULL},
#endif
        /* the pool size only when there is a pool: 0 draws a warning */
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
         (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL}};

    return MHD_start_daemon(
        flags, 0, &http_accept_or_close, srv, &on_request, srv,
        MHD_OPTION_NOTIFY_CONNECTION, &http_on_connection, srv,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, &unescape, NULL,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_POOL,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)cfg->connection_limit + SURPLUS_MARGIN,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout,
        MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

enum svc_status http_server_start(struct http_server *srv,
                                  const struct app *app,
                                  const struct http_settings *cfg, char *err,
                                  size_t errlen)
{
    int ipv6, fd = -1, ticking = 0;

    if (set_up(srv, app, cfg, err, errlen) != 0)
        goto fail;
    fd = http_listen(cfg, &ipv6, &srv->port, err, errlen);
    if (fd < 0)
        goto fail;
    if (ticker_start(&srv->ticker, TICK_MS, tick, srv) != 0) {
        snprintf(err, errlen, "cannot start a thread");
        goto fail;
    }
    ticking = 1;
    srv->daemon = start_daemon(srv, cfg, fd, ipv6);
    if (srv->daemon != NULL)
        return SVC_OK;
    snprintf(err, errlen, "cannot start the HTTP server on %s port %u",
             cfg->bind, srv->port);
fail:
    if (fd >= 0)
        close(fd);
    if (ticking)
        ticker_stop(&srv->ticker);
    free_fixed(srv);
    return SVC_EINTERNAL;
}

void http_server_stop(struct http_server *srv, unsigned grace_ms)
{
    struct timespec pause = {0, 5 * 1000 * 1000};
    MHD_socket fd;

    if (srv->daemon == NULL)
        return;
    /* New connections are refused from here on; open ones are told to
     * close after their current answer. */
    fd = MHD_quiesce_daemon(srv->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    atomic_store(&srv->draining, 1);
    body_budget_open(&srv->budget); /* none may stay suspended */
    for (unsigned waited = 0;
         atomic_load(&srv->in_flight) > 0 && waited < grace_ms; waited += 5)
        nanosleep(&pause, NULL);
    ticker_stop(&srv->ticker);
    MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
    free_fixed(srv);
}
