/* healthcheck.c - one GET /healthz over a plain socket. */
#include "cli/healthcheck.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char request[] =
    "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

enum svc_status healthcheck_run(const struct config *cfg,
                                unsigned timeout_ms, char *err,
                                size_t errlen)
{
    struct sockaddr_storage ss;
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    const char *host = cfg->server.bind;
    char reply[64] = {0};
    socklen_t len;
    ssize_t got = -1;
    int fd = -1;

    /* A server bound to every address is reached on loopback. */
    if (strcmp(host, "0.0.0.0") == 0)
        host = "127.0.0.1";
    else if (strcmp(host, "::") == 0)
        host = "::1";
    len = http_sockaddr(host, cfg->server.port, &ss);
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 &&
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0 &&
        connect(fd, (struct sockaddr *)&ss, len) == 0 &&
        send(fd, request, sizeof(request) - 1, MSG_NOSIGNAL) ==
            (ssize_t)sizeof(request) - 1)
        got = recv(fd, reply, sizeof(reply) - 1, 0);
    if (got < 0)
        snprintf(err, errlen, "healthcheck: no answer from %s port %lu: %s",
                 host, cfg->server.port, strerror(errno));
    if (fd >= 0)
        close(fd);
    if (got < 0)
        return SVC_EINTERNAL;
    if (strncmp(reply, "HTTP/1.1 200 ", 13) != 0) {
        snprintf(err, errlen, "healthcheck: %s port %lu answered \"%.*s\"",
                 host, cfg->server.port, (int)strcspn(reply, "\r\n"), reply);
        return SVC_EINTERNAL;
    }
    return SVC_OK;
}
