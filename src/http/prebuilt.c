/* prebuilt.c - answers built once: made, queued, released, and those
 * of the fixed routes built at start. */
#include "http/prebuilt.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cors.h"
#include "http/respond.h"
#include "http/server.h"

int prebuilt_make(const struct http_server *srv, struct prebuilt *p,
                  char *text, size_t len, const struct answer_meta *meta,
                  int closing)
{
    struct answer_meta ok_meta = *meta, empty_meta = *meta;

    memset(p, 0, sizeof(*p));
    etag_make(text, len, p->etag);
    p->len = len;
    ok_meta.etag = empty_meta.etag = p->etag;
    empty_meta.type = NULL; /* a 304 has no body */
    p->ok = MHD_create_response_from_buffer_with_free_callback(len, text,
                                                               &free);
    if (p->ok == NULL) {
        free(text);
        return 0;
    }
    p->not_modified = MHD_create_response_from_buffer(
        0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (p->not_modified == NULL ||
        !respond_headers(srv, p->ok, &ok_meta) ||
        !respond_headers(srv, p->not_modified, &empty_meta) ||
        (closing && (MHD_add_response_header(p->ok, MHD_HTTP_HEADER_CONNECTION,
                                             "close") != MHD_YES ||
                     MHD_add_response_header(p->not_modified,
                                             MHD_HTTP_HEADER_CONNECTION,
                                             "close") != MHD_YES))) {
        prebuilt_release(p);
        return 0;
    }
    return 1;
}

int prebuilt_queue(const struct prebuilt *p, const char *if_none_match,
                   struct MHD_Connection *conn, unsigned *status,
                   size_t *body_len)
{
    int fresh = etag_matches(if_none_match, p->etag);

    *status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
    *body_len = fresh ? 0 : p->len;
    return MHD_queue_response(conn, *status,
                              fresh ? p->not_modified : p->ok);
}

void prebuilt_release(struct prebuilt *p)
{
    MHD_destroy_response(p->ok);
    MHD_destroy_response(p->not_modified);
    memset(p, 0, sizeof(*p));
}

int prebuilt_build_fixed(struct http_server *srv, char *err, size_t errlen)
{
    size_t n;
    const struct route *table = route_table(&n);

    srv->fixed_allow_origin = cors_allow_origin(srv->cors_origins, NULL);
    for (size_t i = 0; i < n; i++) {
        struct request rq = {NULL, 0, NULL, 0};
        struct answer_meta meta = {table[i].type, srv->fixed_allow_origin,
                                   NULL};
        struct problem pb;
        struct text_buf body;
        char *text;
        size_t len;
        const char *title;
        enum svc_status st;

        if (!table[i].fixed)
            continue;
        text_buf_init(&body);
        st = table[i].handler(srv->app, &rq, &body, &pb);
        text = st == SVC_OK ? text_buf_release(&body, &len) : NULL;
        text_buf_cleanup(&body);
        if (st != SVC_OK && problem_status(st, &title) < 500)
            continue; /* /fit without a query: each request says why */
        if (text == NULL ||
            !prebuilt_make(srv, &srv->fixed[i], text, len, &meta, 0)) {
            snprintf(err, errlen, "cannot build the answer of %s",
                     table[i].path);
            return -1;
        }
    }
    return 0;
}
