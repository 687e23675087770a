/* handlers.c - the routes: read the fields, call the core, answer. */
#include "api/handlers.h"

#include "api/answer.h"
#include "api/answer_compare.h"
#include "api/answer_count.h"
#include "api/answer_fit.h"
#include "api/answer_gpus.h"
#include "api/answer_models.h"
#include "api/answer_scaling.h"
#include "api/answer_training.h"
#include "api/arch_reader.h"
#include "api/assets.h"
#include "api/field.h"
#include "api/request_compare.h"
#include "api/request_fit.h"
#include "api/request_scaling.h"
#include "api/request_training.h"

/* Out of memory while answering: the one problem for it. */
static enum svc_status no_memory(enum svc_status st, struct problem *pb)
{
    if (st == SVC_OK)
        return SVC_OK;
    return problem_set(pb, st, st == SVC_ENOMEM ? "out of memory"
                                                : "the answer failed");
}

enum svc_status h_compare(const struct app *app, const struct request *rq,
                          struct text_buf *resp, struct problem *pb)
{
    struct compare_request req;
    struct compare_answer ans = {0};
    enum svc_status st;

    compare_request_init(&req);
    st = compare_request_read(rq, app->catalogs, app->ncatalogs,
                              app->max_models, &req, pb);
    if (st == SVC_OK)
        st = compare_request_run(&req, &ans, pb);
    if (st == SVC_OK)
        st = no_memory(answer_compare(&ans, &req, resp), pb);
    compare_answer_cleanup(&ans);
    compare_request_cleanup(&req);
    return st;
}

static const struct field models_field[] = {{"catalog", FIELD_QUERY, 0}};

static enum svc_status set_catalog(void *to, size_t k,
                                   const struct field_value *v,
                                   struct problem *pb)
{
    (void)k;
    return field_text("catalog", v, "a catalog name", to, pb);
}

static const struct field_set models_fields = {models_field, 1, set_catalog,
                                               NULL, NULL};

enum svc_status h_models(const struct app *app, const struct request *rq,
                         struct text_buf *resp, struct problem *pb)
{
    const char *name = NULL;
    const struct catalog *c;

    if (field_read(&models_fields, rq, &name, pb) != SVC_OK ||
        field_catalog(name, app->catalogs, app->ncatalogs, &c, pb) != SVC_OK)
        return pb->status;
    return no_memory(answer_models(c, resp), pb);
}

enum svc_status h_catalogs(const struct app *app, const struct request *rq,
                           struct text_buf *resp, struct problem *pb)
{
    (void)rq;
    return no_memory(answer_catalogs(app->catalogs, app->ncatalogs, resp),
                     pb);
}

enum svc_status h_gpus(const struct app *app, const struct request *rq,
                       struct text_buf *resp, struct problem *pb)
{
    (void)rq;
    return no_memory(answer_gpus(app->gpus, app->ngpus, resp), pb);
}

enum svc_status h_fit(const struct app *app, const struct request *rq,
                      struct text_buf *resp, struct problem *pb)
{
    struct fit_answer fit;
    enum svc_status st;

    st = fit_request_answer(rq, app->catalogs, app->ncatalogs, &fit, pb);
    if (st == SVC_OK)
        st = no_memory(answer_fit(&fit, resp), pb);
    fit_answer_cleanup(&fit);
    return st;
}

enum svc_status h_scaling(const struct app *app, const struct request *rq,
                          struct text_buf *resp, struct problem *pb)
{
    struct scaling_answer s;

    (void)app;
    if (scaling_request_answer(rq, &s, pb) != SVC_OK)
        return pb->status;
    return no_memory(answer_scaling(&s, resp), pb);
}

enum svc_status h_training(const struct app *app, const struct request *rq,
                           struct text_buf *resp, struct problem *pb)
{
    struct training_answer t;

    if (training_request_answer(rq, app->catalogs, app->ncatalogs,
                                app->gpus, app->ngpus, &t, pb) != SVC_OK)
        return pb->status;
    return no_memory(answer_training(&t, resp), pb);
}

enum svc_status h_count(const struct app *app, const struct request *rq,
                        struct text_buf *resp, struct problem *pb)
{
    struct arch a;
    struct arch_count c;

    (void)app;
    /* The body is the architecture: a config.json's members that the
     * count does not need are ignored, so no field set checks them. */
    if (arch_reader_count(rq->body, "", &a, &c, pb) != SVC_OK)
        return pb->status;
    return no_memory(answer_count(&a, &c, resp), pb);
}

enum svc_status h_architectures(const struct app *app,
                                const struct request *rq,
                                struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return no_memory(answer_architectures(resp), pb);
}

enum svc_status h_health(const struct app *app, const struct request *rq,
                         struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return no_memory(answer_status("ok", resp), pb);
}

enum svc_status h_ready(const struct app *app, const struct request *rq,
                        struct text_buf *resp, struct problem *pb)
{
    (void)app;
    if (rq->draining)
        return problem_set(pb, SVC_EDRAINING,
                           "the server is stopping; send new requests to "
                           "another replica");
    return no_memory(answer_status("ready", resp), pb);
}

enum svc_status h_metrics(const struct app *app, const struct request *rq,
                          struct text_buf *resp, struct problem *pb)
{
    (void)rq;
    if (app->metrics == NULL)
        return problem_set(pb, SVC_EINTERNAL, "no metrics are kept");
    return no_memory(metrics_write(app->metrics, MODELSCALE_VERSION, resp),
                     pb);
}

/* Answers with a file built into the binary. */
static enum svc_status put_asset(const struct asset *a,
                                 struct text_buf *resp, struct problem *pb)
{
    text_buf_put(resp, (const char *)a->data, a->len);
    return no_memory(resp->failed ? SVC_ENOMEM : SVC_OK, pb);
}

enum svc_status h_page(const struct app *app, const struct request *rq,
                       struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return put_asset(&asset_page, resp, pb);
}

enum svc_status h_script(const struct app *app, const struct request *rq,
                         struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return put_asset(&asset_script, resp, pb);
}

enum svc_status h_style(const struct app *app, const struct request *rq,
                        struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return put_asset(&asset_style, resp, pb);
}

enum svc_status h_openapi(const struct app *app, const struct request *rq,
                          struct text_buf *resp, struct problem *pb)
{
    (void)app;
    (void)rq;
    return put_asset(&asset_openapi, resp, pb);
}
