/* handlers.c - the endpoints: decode, call the core, encode. */
#include "handlers.h"

#include <stdlib.h>

#include "assets.h"
#include "compare_request.h"
#include "json_codec.h"

/* Runs req and encodes the answer; shared by GET and POST /compare. */
static enum svc_status answer(const struct compare_request *req,
                              struct text_buf *resp, struct problem *pb)
{
    struct compare_result res;
    enum svc_status st = compare_request_run(req, &res, pb);

    if (st != SVC_OK)
        return st;
    st = json_codec_encode_compare(&res, resp);
    if (st != SVC_OK)
        problem_set(pb, st, "out of memory");
    free(res.entries);
    return st;
}

enum svc_status h_compare_get(const struct app *app,
                              const struct http_request *r, struct text_buf *resp,
                              struct problem *pb)
{
    struct compare_request req;
    enum svc_status st;

    compare_request_init(&req);
    st = query_decode_compare(r->args, r->nargs, app->catalog,
                              app->catalog_count, &req, pb);
    if (st == SVC_OK)
        st = answer(&req, resp, pb);
    compare_request_cleanup(&req);
    return st;
}

enum svc_status h_compare_post(const struct app *app,
                               const struct http_request *r, struct text_buf *resp,
                               struct problem *pb)
{
    struct compare_request req;
    enum svc_status st;

    compare_request_init(&req);
    st = json_codec_decode_compare(r->body, app->max_models, &req, pb);
    if (st == SVC_OK)
        st = answer(&req, resp, pb);
    compare_request_cleanup(&req);
    return st;
}

enum svc_status h_models(const struct app *app,
                         const struct http_request *r, struct text_buf *resp,
                         struct problem *pb)
{
    (void)r;
    if (json_codec_encode_models(app->catalog, app->catalog_count, resp) !=
        SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_health(const struct app *app,
                         const struct http_request *r, struct text_buf *resp,
                         struct problem *pb)
{
    (void)app;
    (void)r;
    if (json_codec_encode_status("ok", resp) != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_ready(const struct app *app,
                        const struct http_request *r, struct text_buf *resp,
                        struct problem *pb)
{
    (void)app;
    if (r->draining)
        return problem_set(pb, SVC_EDRAINING,
                           "the server is stopping; send new requests to "
                           "another replica");
    if (json_codec_encode_status("ready", resp) != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_metrics(const struct app *app,
                          const struct http_request *r, struct text_buf *resp,
                          struct problem *pb)
{
    (void)r;
    if (app->metrics == NULL)
        return problem_set(pb, SVC_EINTERNAL, "no metrics are kept");
    if (metrics_write(app->metrics, MODELSCALE_VERSION, resp) != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

/* Answers with a file built into the binary. */
static enum svc_status put_asset(const struct asset *a, struct text_buf *resp,
                                 struct problem *pb)
{
    text_buf_put(resp, (const char *)a->data, a->len);
    if (resp->failed)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_page(const struct app *app, const struct http_request *r,
                       struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)r;
    return put_asset(&asset_page, resp, pb);
}

enum svc_status h_page_script(const struct app *app,
                              const struct http_request *r,
                              struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)r;
    return put_asset(&asset_script, resp, pb);
}

enum svc_status h_page_style(const struct app *app,
                             const struct http_request *r,
                             struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)r;
    return put_asset(&asset_style, resp, pb);
}

enum svc_status h_openapi(const struct app *app, const struct http_request *r,
                          struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)r;
    return put_asset(&asset_openapi, resp, pb);
}
