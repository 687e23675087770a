/* ceiling.c - what this stack can do: libmicrohttpd answering every
 * request with one pre-built response of SIZE bytes, in the same daemon
 * mode as modelscale (epoll and a pool of one thread per core), answered
 * on the second call.  Usage: ceiling PORT SIZE; stops on SIGTERM. */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *data,
                              size_t *size, void **state)
{
    (void)url, (void)method, (void)version, (void)data;
    if (*state == NULL) { /* first call: headers only */
        *state = c;
        return MHD_YES;
    }
    if (*size > 0) { /* a body: read and drop */
        *size = 0;
        return MHD_YES;
    }
    return MHD_queue_response(c, MHD_HTTP_OK, cls);
}

int main(int argc, char **argv)
{
    size_t size = argc > 2 ? strtoul(argv[2], NULL, 10) : 1413;
    char *body = malloc(size);
    struct MHD_Response *r;
    struct MHD_Daemon *d;
    sigset_t stop;
    int sig;

    memset(body, 'x', size);
    r = MHD_create_response_from_buffer(size, body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    d = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
                         (uint16_t)atoi(argv[1]), NULL, NULL, answer, r,
                         MHD_OPTION_THREAD_POOL_SIZE,
                         (unsigned)sysconf(_SC_NPROCESSORS_ONLN),
                         MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_END);
    if (d == NULL)
        return 1;
    printf("ceiling listening on port %s\n", argv[1]);
    fflush(stdout);
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    MHD_destroy_response(r);
    free(body);
    return 0;
}
