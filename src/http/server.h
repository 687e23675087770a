/* server.h - the libmicrohttpd daemon: its settings, the one access
 * handler and its three phases, the access log, a graceful stop. */
#ifndef MODELSCALE_SERVER_H
#define MODELSCALE_SERVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "api/handlers.h"
#include "api/routes.h"
#include "http/answer_budget.h"
#include "http/body.h"
#include "http/prebuilt.h"
#include "http/ticker.h"
#include "modelscale/status.h"

struct MHD_Daemon;
struct answer_cache;
struct access_log;

#define HTTP_TEXT_MAX 1024      /* an address or a list of origins */

/* What the server is told at start: where to listen, how many threads,
 * and every limit.  The command line fills it (cli/config.h). */
struct http_settings {
    char bind[HTTP_TEXT_MAX];         /* an IPv4 or IPv6 address */
    unsigned long port;               /* 0: any free port */
    unsigned long threads;            /* 0: one per core */
    unsigned long body_limit;         /* bytes */
    unsigned long body_memory;        /* bytes of bodies held at once */
    unsigned long body_timeout;       /* seconds for a body to arrive */
    unsigned long answer_memory;      /* bytes of answers held for
                                         clients still reading them */
    unsigned long connection_limit;   /* open connections */
    unsigned long connection_timeout; /* seconds a connection may idle */
    unsigned long answer_cache;       /* GET answers kept; 0: none */
    char cors_origins[HTTP_TEXT_MAX]; /* "*" or "https://a,https://b" */
    unsigned long cors_max_age;       /* seconds a preflight is reused */
    unsigned long cache_max_age;      /* Cache-Control max-age, seconds */
    int access_log;                   /* one stdout line per request */
};

/* Fills ss with address (an IPv4 or IPv6 literal) and port.  Returns the
 * length of the socket address, or 0 when address is neither.
 * (listen.c) */
socklen_t http_sockaddr(const char *address, unsigned long port,
                        struct sockaddr_storage *ss);

/* Opens a non-blocking listening socket on cfg's address and port, and
 * sets *ipv6 and *port (the bound one, when 0 was asked).  Returns the
 * socket, or -1 with one line in err.  (listen.c) */
int http_listen(const struct http_settings *cfg, int *ipv6, unsigned *port,
                char *err, size_t errlen);

struct http_server {
    struct MHD_Daemon *daemon;
    const struct app *app; /* borrowed; must outlive the server */
    int access_log;
    struct access_log *log; /* when access_log is set (http/access_log.h) */
    unsigned port;         /* the bound port, even when 0 was asked */
    atomic_uint in_flight; /* requests begun and not yet completed */
    atomic_uint connections; /* open now */
    atomic_uint accepting;   /* let in by accept_or_close, not yet
                                started: so that two pool threads cannot
                                both take the last slot */
    unsigned connection_limit; /* more are closed as soon as accepted */
    atomic_bool draining;  /* stopping: answer with Connection: close */
    const char *cors_origins; /* the setting, borrowed */
    char cache_control[48];   /* of answers that depend on the URL */
    char cors_max_age[24];    /* seconds a preflight may be reused */
    /* The answers of fixed routes (by route table index) without a query,
     * built at start for requests whose allowed origin is this one;
     * empty for other routes. */
    struct prebuilt fixed[ROUTES_MAX];
    const char *fixed_allow_origin;
    struct answer_cache *cache; /* the same routes' answers to queries */
    struct body_budget budget;  /* request bodies held at once */
    struct body_rules bodies;   /* every body's limits */
    struct answer_budget answers; /* answer text not yet read */
    struct ticker ticker;       /* the budget's tick, every 100 ms */
};

/* Who gets in (listen.c): libmicrohttpd's accept policy, its connection
 * notices and the ticker's sweep of places let in but never started. */
enum MHD_Result http_accept_or_close(void *cls, const struct sockaddr *addr,
                                     socklen_t addrlen);
void http_on_connection(void *cls, struct MHD_Connection *conn,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode toe);
void http_admission_tick(struct http_server *srv);

/* Binds cfg's address and port and starts serving app with cfg's
 * threads and limits.  Returns SVC_OK, or SVC_EINTERNAL with one line
 * in err (e.g. the port is in use or needs privilege); nothing is left
 * running then.  app and cfg are borrowed until http_server_stop. */
enum svc_status http_server_start(struct http_server *srv,
                                  const struct app *app,
                                  const struct http_settings *cfg, char *err,
                                  size_t errlen);

/* Stops accepting connections, lets requests in flight finish for up to
 * grace_ms milliseconds, then closes everything and frees the daemon. */
void http_server_stop(struct http_server *srv, unsigned grace_ms);


#endif
