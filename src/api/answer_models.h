/* answer_models.h - models as answers show them, and the answers that
 * list them: GET /models (a catalog) and GET /catalogs. */
#ifndef MODELSCALE_ANSWER_MODELS_H
#define MODELSCALE_ANSWER_MODELS_H

#include "api/answer.h"
#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "modelscale/numfmt.h"

#define MODEL_FIGURES 4 /* parameters, active, published and tokens,
                          formatted */

/* Adds to obj a model's "name", "parameters" and "formatted"
 * (formatted[0], borrowed: it must live until the print), and where it
 * says them, its "active_parameters" with "active_formatted"
 * (formatted[1]), "exact" (whether parameters is counted from its
 * architecture), "published" with "published_formatted" (formatted[2]),
 * "tokens" with "tokens_formatted" (formatted[3]), "kind", "year",
 * "source" and "tokens_source". */
void answer_model(struct answer *a, cJSON *obj, const struct compare_model *m,
                  const char *const formatted[MODEL_FIGURES]);

/* A model's four counts formatted at the default precision, kept in f
 * until the print; out[i] points at each ("" where m has none).
 * Returns 0, or -1 for a count that cannot be printed. */
struct model_figures {
    char text[MODEL_FIGURES][NUMFMT_MAX];
};
int answer_model_figures(const struct compare_model *m,
                         struct model_figures *f,
                         const char *out[MODEL_FIGURES]);

/* The bytes a model's line may take in an answer, names and sources
 * escaped at their worst, to size the answer's buffer. */
size_t answer_model_size(const struct compare_model *m);

/* {"catalog": name, "models": [...], "count": n}, printed into out.
 * Returns SVC_OK, SVC_ENOMEM, or SVC_EINTERNAL for a count that cannot
 * be printed (catalogs are checked at start).
 * @unittest check_answer.c */
enum svc_status answer_models(const struct catalog *c, struct text_buf *out);

/* {"catalogs": [{"name", "description", "count", "default"}...],
 * "count": n}; catalogs[0] is the default.  @unittest check_answer.c */
enum svc_status answer_catalogs(const struct catalog *catalogs, size_t n,
                                struct text_buf *out);

#endif
