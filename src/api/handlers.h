/* handlers.h - one function per route.  A handler never sees
 * libmicrohttpd: it gets the request's fields (from whichever carrier),
 * reads them, calls the core, and writes the answer. */
#ifndef MODELSCALE_HANDLERS_H
#define MODELSCALE_HANDLERS_H

#include <stddef.h>

#include "api/metrics.h"
#include "api/problem.h"
#include "api/request.h"
#include "api/text_buf.h"
#include "modelscale/catalog.h"
#include "modelscale/gpu.h"
#include "modelscale/status.h"

/* What every handler may read; built once at start-up, read-only after,
 * shared by all server threads. */
struct app {
    size_t max_models;              /* models in one request */
    const struct catalog *catalogs; /* borrowed; [0] is the default */
    size_t ncatalogs;
    const struct gpu *gpus;  /* borrowed: the GPU catalog (GET /gpus) */
    size_t ngpus;
    struct metrics *metrics; /* borrowed; the server counts into it */
};

/* On SVC_OK the answer has been written into resp, which the caller
 * initialised and frees; otherwise pb says what was wrong, and resp may
 * hold a partial text the caller drops.
 * @unittest check_handlers.c */
typedef enum svc_status handler_fn(const struct app *app,
                                   const struct request *rq,
                                   struct text_buf *resp, struct problem *pb);

handler_fn h_compare;  /* /compare: the catalog, a subset, or yours */
handler_fn h_models;   /* /models: a catalog */
handler_fn h_catalogs; /* /catalogs: the catalogs */
handler_fn h_gpus;     /* /gpus: the GPU catalog */
handler_fn h_fit;      /* /fit: the models that fit in memory */
handler_fn h_scaling;  /* /scaling: the scaling laws' answers */
handler_fn h_training; /* /training: what training costs, or buys */
handler_fn h_count;    /* /count: an architecture's exact count */
handler_fn h_architectures; /* /architectures: the model_types read */
handler_fn h_health;   /* /healthz: alive */
handler_fn h_ready;    /* /readyz: alive and not stopping */
handler_fn h_metrics;  /* /metrics: Prometheus text */
handler_fn h_page;     /* /: the comparison page */
handler_fn h_script;   /* /app.js: its script */
handler_fn h_style;    /* /app.css: its style sheet */
handler_fn h_openapi;  /* /openapi.json: the API contract */

#endif
