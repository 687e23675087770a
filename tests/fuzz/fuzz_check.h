/* fuzz_check.h - what the fuzz harnesses share: the app every handler
 * runs with (the built-in catalog and the reference one, the built-in
 * GPUs), and the invariants every output is held to. */
#ifndef MODELSCALE_FUZZ_CHECK_H
#define MODELSCALE_FUZZ_CHECK_H

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "api/answer.h"
#include "api/assets.h"
#include "api/catalog_doc.h"
#include "api/gpu_doc.h"
#include "api/handlers.h"
#include "modelscale/params.h"

/* The app of a server started without flags; built on first use. */
static inline const struct app *fuzz_app(void)
{
    static struct catalog catalogs[2];
    static struct catalog_doc reference;
    static struct gpu_doc gpus;
    static struct app app;
    char err[256];

    if (app.catalogs != NULL)
        return &app;
    if (catalog_doc_parse(&reference, "reference",
                          (const char *)asset_reference_catalog.data,
                          asset_reference_catalog.len, (size_t)-1, err,
                          sizeof(err)) != SVC_OK)
        abort();
    if (gpu_doc_parse(&gpus, "gpus", (const char *)asset_gpu_catalog.data,
                      asset_gpu_catalog.len, err, sizeof(err)) != SVC_OK)
        abort();
    catalogs[0].name = "default";
    catalogs[0].description = "";
    catalogs[0].models = catalog_builtin(&catalogs[0].count);
    catalogs[1].name = "reference";
    catalogs[1].description = "";
    catalogs[1].models = reference.req.models;
    catalogs[1].count = reference.req.count;
    app.max_models = 10000;
    app.catalogs = catalogs;
    app.ncatalogs = 2;
    app.gpus = gpus.gpus;
    app.ngpus = gpus.count;
    return &app;
}

/* Aborts unless text is valid UTF-8 that parses back as JSON: what a
 * client receives must always be readable. */
static inline void fuzz_check_json_text(const char *text)
{
    size_t len = strlen(text);
    cJSON *back;

    for (size_t i = 0; i < len;) {
        size_t n = params_utf8_seq((const unsigned char *)text + i, len - i);

        if (n == 0)
            abort();
        i += n;
    }
    back = cJSON_Parse(text);
    if (back == NULL)
        abort();
    cJSON_Delete(back);
}

/* Runs handler h on rq and checks what it answers: its JSON, or the
 * problem it gets (running out of memory is allowed). */
static inline void fuzz_check_handler(handler_fn *h, const struct request *rq)
{
    struct text_buf out;
    struct problem pb;
    const char *title;
    enum svc_status st;

    text_buf_init(&out);
    st = h(fuzz_app(), rq, &out, &pb);
    if (st != SVC_OK) {
        text_buf_cleanup(&out);
        st = answer_problem(&pb, problem_status(pb.status, &title), title,
                            &out);
    }
    if (st == SVC_OK)
        fuzz_check_json_text(out.text);
    text_buf_cleanup(&out);
}

#endif
