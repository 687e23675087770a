/* listen.c - the listening socket, opened by the server itself so that
 * a failure can be told precisely (libmicrohttpd would only say that it
 * could not start), and who gets in: connections over connection_limit
 * are closed as soon as they are accepted. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTEN_BACKLOG 511

socklen_t http_sockaddr(const char *address, unsigned long port,
                        struct sockaddr_storage *ss)
{
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, address, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        return sizeof(*in4);
    }
    if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        return sizeof(*in6);
    }
    return 0;
}

int http_listen(const struct http_settings *cfg, int *ipv6, unsigned *port,
                char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    socklen_t len;
    int fd, on = 1, off = 0;

    len = http_sockaddr(cfg->bind, cfg->port, &ss);
    *ipv6 = ss.ss_family == AF_INET6;
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                0);
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        (*ipv6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
                             sizeof(off)) != 0) ||
        bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        listen(fd, LISTEN_BACKLOG) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        snprintf(err, errlen, "cannot listen on %s port %lu: %s",
                 cfg->bind, cfg->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(*ipv6 ? in6->sin6_port : in4->sin_port);
    return fd;
}

/* One connection let in by http_accept_or_close has started, or was refused
 * there after all; never below 0. */
static void accepted(struct http_server *srv)
{
    unsigned n = atomic_load(&srv->accepting);

    while (n > 0 &&
           !atomic_compare_exchange_weak(&srv->accepting, &n, n - 1))
        ;
}

/* Counts the connections open, for http_accept_or_close. */
void http_on_connection(void *cls, struct MHD_Connection *conn,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *srv = cls;

    (void)conn;
    (void)socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        atomic_fetch_add(&srv->connections, 1);
        accepted(srv);
    } else {
        atomic_fetch_sub(&srv->connections, 1);
    }
}

/* Accepts a connection while fewer than connection_limit are open or
 * being let in; libmicrohttpd closes the others as soon as they are
 * accepted.  A connection counts from here, not from its start: each
 * pool thread accepts on its own, and two that both saw one slot free
 * let in one too many (measured: 11 of 30 kept where 10 were free). */
enum MHD_Result http_accept_or_close(void *cls, const struct sockaddr *addr,
                                     socklen_t addrlen)
{
    struct http_server *srv = cls;
    unsigned ahead = atomic_fetch_add(&srv->accepting, 1);

    (void)addr;
    (void)addrlen;
    if (atomic_load(&srv->connections) + ahead < srv->connection_limit)
        return MHD_YES;
    accepted(srv);
    return MHD_NO;
}

/* A connection libmicrohttpd fails to start after http_accept_or_close
 * let it in (out of memory) never reports: its place is freed here, at
 * the latest a tick later.  A start takes microseconds. */
void http_admission_tick(struct http_server *srv)
{
    atomic_store(&srv->accepting, 0);
}
