/* answer_fit.c - which models fit, as JSON. */
#include "api/answer_fit.h"

#include <stdlib.h>

#include "api/answer_models.h"
#include "modelscale/numfmt.h"

#define NEED_BYTES 512 /* required and headroom, beside the model */

static void put_need(struct answer *a, cJSON *list,
                     const struct estimate_need *need, uint64_t memory,
                     struct model_figures *f)
{
    const struct compare_model *m = need->model;
    cJSON *o = answer_object(a, list, NULL);
    const char *text[MODEL_FIGURES];

    answer_model_figures(m, f, text); /* catalogs are checked at start */
    answer_model(a, o, m, text);
    answer_bytes(a, o, "required", need->bytes, NUMFMT_PRECISION_DEFAULT);
    if (need->bytes <= memory)
        answer_bytes(a, o, "headroom", memory - need->bytes,
                     NUMFMT_PRECISION_DEFAULT);
    else
        answer_bytes(a, o, "shortfall", need->bytes - memory,
                     NUMFMT_PRECISION_DEFAULT);
}

enum svc_status answer_fit(const struct fit_answer *fit,
                           struct text_buf *out)
{
    static const char *const assumption[ESTIMATE_MODES] = {
        ESTIMATE_ASSUMPTION_WEIGHTS, ESTIMATE_ASSUMPTION_INFERENCE,
        ESTIMATE_ASSUMPTION_TRAINING};
    size_t n = fit->catalog->count, size = 1024;
    struct model_figures *f = calloc(n + 1, sizeof(*f));
    struct answer a;
    cJSON *fits, *large;
    enum svc_status st;

    answer_init(&a);
    if (f == NULL)
        a.failed = 1;
    answer_ref(&a, a.root, "catalog", fit->catalog->name);
    answer_bytes(&a, a.root, "memory", fit->memory,
                 NUMFMT_PRECISION_DEFAULT);
    answer_ref(&a, a.root, "dtype", estimate_dtype_name(fit->dtype));
    answer_ref(&a, a.root, "mode", estimate_mode_name(fit->mode));
    answer_ref(&a, a.root, "assumption", assumption[fit->mode]);
    fits = answer_array(&a, a.root, "fits");
    for (size_t i = fit->first_fit; f != NULL && i < n; i++)
        put_need(&a, fits, &fit->needs[i], fit->memory, &f[i]);
    answer_u64(&a, a.root, "count", n - fit->first_fit);
    large = answer_array(&a, a.root, "too_large");
    for (size_t i = 0; f != NULL && i < fit->first_fit; i++)
        put_need(&a, large, &fit->needs[i], fit->memory, &f[i]);
    for (size_t i = 0; i < n; i++)
        size += answer_model_size(fit->needs[i].model) + NEED_BYTES;
    st = answer_print(&a, size, out);
    free(f);
    return st;
}
