/* handlers.h - one function per endpoint.  A handler never sees
 * libmicrohttpd: it gets the parsed request, returns a status, and on
 * success hands back the JSON answer. */
#ifndef MODELSCALE_HANDLERS_H
#define MODELSCALE_HANDLERS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "api/json_codec.h"
#include "api/metrics.h"
#include "api/problem.h"
#include "api/query.h"
#include "modelscale/status.h"

/* What every handler may read; built once at start-up, read-only after,
 * shared by all server threads. */
struct app {
    size_t max_models;              /* models in one request */
    const struct catalog *catalogs; /* borrowed; [0] is the default */
    size_t ncatalogs;
    struct metrics *metrics; /* borrowed; the server counts into it */
};

/* A request as a handler sees it; everything is borrowed for the
 * duration of the call. */
struct http_request {
    const struct query_arg *args;
    size_t nargs;
    const cJSON *body; /* the parsed body on routes that take JSON */
    int draining;      /* the server is stopping */
};

/* On SVC_OK the answer has been written into resp, which the caller
 * initialised and frees; otherwise pb says what was wrong, and resp may
 * hold a partial text the caller drops. */
typedef enum svc_status handler_fn(const struct app *app,
                                   const struct http_request *req,
                                   struct text_buf *resp, struct problem *pb);

handler_fn h_compare_get;  /* GET /compare: the catalog, or a subset */
handler_fn h_compare_post; /* POST /compare: the client's models */
handler_fn h_models;       /* GET /models: a catalog */
handler_fn h_catalogs;     /* GET /catalogs: the catalogs */
handler_fn h_fit_get;      /* GET /fit: the models that fit in memory */
handler_fn h_fit_post;     /* POST /fit: the same from a body */
handler_fn h_scaling_get;  /* GET /scaling: the scaling laws' answers */
handler_fn h_scaling_post; /* POST /scaling: the same from a body */
handler_fn h_health;       /* GET /healthz: alive */
handler_fn h_ready;        /* GET /readyz: alive and not stopping */
handler_fn h_metrics;      /* GET /metrics: Prometheus text */
handler_fn h_page;         /* GET /: the comparison page */
handler_fn h_page_script;  /* GET /app.js: its script */
handler_fn h_page_style;   /* GET /app.css: its style sheet */
handler_fn h_openapi;      /* GET /openapi.json: the API contract */

#endif
