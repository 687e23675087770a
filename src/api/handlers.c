/* handlers.c - the endpoints: decode, call the core, encode. */
#include "api/handlers.h"

#include <stdlib.h>

#include "api/assets.h"
#include "api/compare_request.h"
#include "modelscale/estimate.h"
#include "api/json_codec.h"
#include "api/plan_request.h"
#include "api/query.h"

/* Runs req and encodes the answer; shared by GET and POST /compare. */
static enum svc_status answer(const struct compare_request *req,
                              struct text_buf *resp, struct problem *pb)
{
    struct compare_result res;
    enum svc_status st = compare_request_run(req, &res, pb);

    if (st != SVC_OK)
        return st;
    st = json_codec_encode_compare(&res, req, resp);
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
    st = query_decode_compare(r->args, r->nargs, app->catalogs,
                              app->ncatalogs, &req, pb);
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
    static const char *const names[] = {"catalog"};
    const char *name;
    const struct catalog *c;
    enum svc_status st;

    st = query_collect(r->args, r->nargs, names, 1, &name, pb);
    if (st == SVC_OK)
        st = query_catalog(name, app->catalogs, app->ncatalogs, &c, pb);
    if (st != SVC_OK)
        return st;
    if (json_codec_encode_models(c, resp) != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_catalogs(const struct app *app,
                           const struct http_request *r,
                           struct text_buf *resp, struct problem *pb)
{
    enum svc_status st = query_collect(r->args, r->nargs, NULL, 0, NULL, pb);

    if (st != SVC_OK)
        return st;
    if (json_codec_encode_catalogs(app->catalogs, app->ncatalogs, resp) !=
        SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

/* Checks a fit request, finds the models that fit and encodes them;
 * shared by GET and POST /fit. */
static enum svc_status fit(const struct app *app,
                           const struct fit_request *req,
                           struct text_buf *resp, struct problem *pb)
{
    struct fit_answer a = {NULL, req->memory, req->dtype, req->mode, NULL,
                           0};
    enum svc_status st;

    st = fit_request_check(req, app->catalogs, app->ncatalogs, &a.catalog,
                           pb);
    if (st != SVC_OK)
        return st;
    a.needs = calloc(a.catalog->count + 1, sizeof(*a.needs));
    if (a.needs == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    a.first_fit = estimate_fit(a.catalog->models, a.catalog->count, a.dtype,
                               a.mode, a.memory, a.needs);
    st = json_codec_encode_fit(&a, resp);
    free(a.needs);
    if (st != SVC_OK)
        return problem_set(pb, st, "out of memory");
    return SVC_OK;
}

enum svc_status h_fit_get(const struct app *app, const struct http_request *r,
                          struct text_buf *resp, struct problem *pb)
{
    struct fit_request req;

    fit_request_init(&req);
    if (query_decode_fields(r->args, r->nargs, &fit_fields, &req, pb) !=
        SVC_OK)
        return pb->status;
    return fit(app, &req, resp, pb);
}

enum svc_status h_fit_post(const struct app *app,
                           const struct http_request *r,
                           struct text_buf *resp, struct problem *pb)
{
    struct fit_request req;

    fit_request_init(&req);
    if (json_codec_decode_fields(r->body, &fit_fields, &req, pb) != SVC_OK)
        return pb->status;
    return fit(app, &req, resp, pb);
}

/* Checks a scaling request and encodes its predictions; shared by GET
 * and POST /scaling. */
static enum svc_status scaling(struct scaling_request *req,
                               struct text_buf *resp, struct problem *pb)
{
    enum svc_status st = scaling_request_check(req, pb);

    if (st != SVC_OK)
        return st;
    if (json_codec_encode_scaling(req, resp) != SVC_OK)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    return SVC_OK;
}

enum svc_status h_scaling_get(const struct app *app,
                              const struct http_request *r,
                              struct text_buf *resp, struct problem *pb)
{
    struct scaling_request req;

    (void)app;
    scaling_request_init(&req);
    if (query_decode_fields(r->args, r->nargs, &scaling_fields, &req, pb) !=
        SVC_OK)
        return pb->status;
    return scaling(&req, resp, pb);
}

enum svc_status h_scaling_post(const struct app *app,
                               const struct http_request *r,
                               struct text_buf *resp, struct problem *pb)
{
    struct scaling_request req;

    (void)app;
    scaling_request_init(&req);
    if (json_codec_decode_fields(r->body, &scaling_fields, &req, pb) !=
        SVC_OK)
        return pb->status;
    return scaling(&req, resp, pb);
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
