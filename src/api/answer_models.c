/* answer_models.c - a model's line, a catalog, the catalogs. */
#include "api/answer_models.h"

#include <stdlib.h>
#include <string.h>

#include "modelscale/numfmt.h"

#define LINE_BYTES 512 /* a model's line, but for its name and sources */

void answer_model(struct answer *a, cJSON *obj, const struct compare_model *m,
                  const char *const formatted[MODEL_FIGURES])
{
    static const char *const kinds[] = {"", "dense", "moe"};

    answer_ref(a, obj, "name", m->name);
    answer_u64(a, obj, "parameters", m->parameters);
    answer_ref(a, obj, "formatted", formatted[0]);
    if (m->active_parameters != 0) {
        answer_u64(a, obj, "active_parameters", m->active_parameters);
        answer_ref(a, obj, "active_formatted", formatted[1]);
    }
    if (m->basis != COMPARE_BASIS_UNSAID)
        answer_bool(a, obj, "exact", m->basis == COMPARE_BASIS_EXACT);
    if (m->published != 0) {
        answer_u64(a, obj, "published", m->published);
        answer_ref(a, obj, "published_formatted", formatted[2]);
    }
    if (m->tokens != 0) {
        answer_u64(a, obj, "tokens", m->tokens);
        answer_ref(a, obj, "tokens_formatted", formatted[3]);
    }
    if (m->kind != COMPARE_KIND_UNSAID)
        answer_ref(a, obj, "kind", kinds[m->kind]);
    if (m->year != 0)
        answer_u64(a, obj, "year", (uint64_t)m->year);
    if (m->source != NULL)
        answer_ref(a, obj, "source", m->source);
    if (m->tokens_source != NULL)
        answer_ref(a, obj, "tokens_source", m->tokens_source);
}

size_t answer_model_size(const struct compare_model *m)
{
    size_t n = LINE_BYTES + 6 * m->name_len; /* "\u001f" for each byte */

    if (m->source != NULL)
        n += 6 * strlen(m->source);
    if (m->tokens_source != NULL)
        n += 6 * strlen(m->tokens_source);
    return n;
}

int answer_model_figures(const struct compare_model *m,
                         struct model_figures *f,
                         const char *out[MODEL_FIGURES])
{
    const uint64_t n[MODEL_FIGURES] = {m->parameters, m->active_parameters,
                                       m->published, m->tokens};

    for (int i = 0; i < MODEL_FIGURES; i++) {
        f->text[i][0] = '\0';
        out[i] = f->text[i];
        if (n[i] != 0 && numfmt_count(n[i], NUMFMT_PRECISION_DEFAULT,
                                      f->text[i], NUMFMT_MAX) < 0)
            return -1;
    }
    return 0;
}

enum svc_status answer_models(const struct catalog *c, struct text_buf *out)
{
    struct model_figures *f = calloc(c->count + 1, sizeof(*f));
    struct answer a;
    cJSON *models;
    size_t size = 256;
    enum svc_status st = SVC_EINTERNAL;

    answer_init(&a);
    if (f == NULL)
        a.failed = 1;
    answer_ref(&a, a.root, "catalog", c->name);
    models = answer_array(&a, a.root, "models");
    for (size_t i = 0; f != NULL && i < c->count; i++) {
        const struct compare_model *m = &c->models[i];
        const char *text[MODEL_FIGURES];

        if (answer_model_figures(m, &f[i], text) < 0)
            goto out;
        answer_model(&a, answer_object(&a, models, NULL), m, text);
        size += answer_model_size(m);
    }
    answer_u64(&a, a.root, "count", c->count);
    st = answer_print(&a, size, out);
out:
    answer_cleanup(&a);
    free(f);
    return st;
}

enum svc_status answer_catalogs(const struct catalog *catalogs, size_t n,
                                struct text_buf *out)
{
    struct answer a;
    cJSON *list;
    size_t size = 64;

    answer_init(&a);
    list = answer_array(&a, a.root, "catalogs");
    for (size_t i = 0; i < n; i++) {
        cJSON *c = answer_object(&a, list, NULL);

        answer_ref(&a, c, "name", catalogs[i].name);
        answer_ref(&a, c, "description", catalogs[i].description);
        answer_u64(&a, c, "count", catalogs[i].count);
        answer_bool(&a, c, "default", i == 0);
        size += 96 + 6 * (strlen(catalogs[i].name) +
                          strlen(catalogs[i].description));
    }
    answer_u64(&a, a.root, "count", n);
    return answer_print(&a, size, out);
}
