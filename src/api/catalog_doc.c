/* catalog_doc.c - reading and checking a catalog document, with the
 * architectures it names resolved to the built-in configs. */
#include "api/catalog_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/arch_reader.h"
#include "api/assets.h"
#include "api/field.h"
#include "api/json_text.h"

/* The built-in config named name, or NULL. */
static const struct asset *architecture(const char *name)
{
    for (size_t i = 0; i < asset_architectures_count; i++) {
        if (strcmp(asset_architectures[i].name, name) == 0)
            return &asset_architectures[i].asset;
    }
    return NULL;
}

/* Replaces model i's "architecture": "llama-2-7b" with "config": the
 * built-in config of that name, parsed into the document. */
static enum svc_status resolve_one(cJSON *model, size_t i,
                                   struct problem *pb)
{
    cJSON *named = cJSON_GetObjectItemCaseSensitive(model, "architecture");
    const char *name = cJSON_GetStringValue(named);
    const struct asset *as = name != NULL ? architecture(name) : NULL;
    cJSON *config = NULL;
    char q[PROBLEM_QUOTE_MAX];

    if (named == NULL)
        return SVC_OK;
    if (as == NULL)
        problem_set(pb, SVC_EINVAL,
                    "architecture %s names no built-in config (those of "
                    "config/architectures/, without .json)",
                    field_describe(named, q, sizeof(q)));
    else if (cJSON_HasObjectItem(model, "config"))
        problem_set(pb, SVC_EINVAL,
                    "give \"architecture\" or \"config\", not both");
    else if (json_text_parse((const char *)as->data, as->len, &config,
                             pb) != SVC_OK)
        return pb->status; /* check_arch_reader reads every one */
    if (config == NULL) {
        problem_point(pb, "/models/%zu/architecture", i);
        return pb->status;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(model, "architecture");
    if (!cJSON_AddItemToObject(model, "config", config)) {
        cJSON_Delete(config);
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    }
    return SVC_OK;
}

/* Every model of the array shape that names an architecture. */
static enum svc_status resolve(cJSON *doc, struct problem *pb)
{
    cJSON *models = cJSON_GetObjectItemCaseSensitive(doc, "models");
    cJSON *m;
    size_t i = 0;

    if (!cJSON_IsArray(models))
        return SVC_OK;
    cJSON_ArrayForEach(m, models) {
        if (cJSON_IsObject(m) && resolve_one(m, i, pb) != SVC_OK)
            return pb->status;
        i++;
    }
    return SVC_OK;
}

/* Keeps the architecture of every model of the array shape that has a
 * "config" (those named by "architecture" have one by now), read again:
 * the comparison counted it and kept only the counts. */
static enum svc_status keep_archs(struct catalog_doc *cd,
                                  struct problem *pb)
{
    const cJSON *models = cJSON_GetObjectItemCaseSensitive(cd->doc,
                                                           "models");
    const cJSON *m;
    char where[48];
    size_t i = 0;

    if (!cJSON_IsArray(models) || cd->req.count == 0)
        return SVC_OK;
    cd->archs = calloc(cd->req.count, sizeof(*cd->archs));
    cd->arch_store = calloc(cd->req.count, sizeof(*cd->arch_store));
    if (cd->archs == NULL || cd->arch_store == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    cJSON_ArrayForEach(m, models) {
        const cJSON *config = cJSON_GetObjectItemCaseSensitive(m, "config");

        if (i >= cd->req.count)
            break;
        snprintf(where, sizeof(where), "/models/%zu/config", i);
        if (config != NULL &&
            arch_reader_read(config, where, &cd->arch_store[i], pb) !=
                SVC_OK)
            return pb->status;
        if (config != NULL)
            cd->archs[i] = &cd->arch_store[i];
        i++;
    }
    return SVC_OK;
}

enum svc_status catalog_doc_parse(struct catalog_doc *cd, const char *label,
                                  const char *text, size_t len,
                                  size_t max_models, char *err,
                                  size_t errlen)
{
    struct compare_answer ans;
    struct request rq = {NULL, 0, NULL, 0};
    struct problem pb;
    enum svc_status st;

    cd->doc = NULL;
    cd->archs = NULL;
    cd->arch_store = NULL;
    compare_request_init(&cd->req);
    st = json_text_parse(text, len, &cd->doc, &pb);
    if (st == SVC_OK)
        st = resolve(cd->doc, &pb);
    rq.body = cd->doc;
    if (st == SVC_OK)
        st = compare_request_read(&rq, NULL, 0, max_models, &cd->req, &pb);
    /* Run it once, so a duplicate or an unknown baseline is found now
     * rather than by the first client. */
    if (st == SVC_OK)
        st = compare_request_run(&cd->req, &ans, &pb);
    if (st == SVC_OK) {
        compare_answer_cleanup(&ans);
        st = keep_archs(cd, &pb);
    }
    if (st == SVC_OK)
        return SVC_OK;
    problem_line(err, errlen, label, &pb);
    catalog_doc_cleanup(cd);
    return st;
}

void catalog_doc_cleanup(struct catalog_doc *cd)
{
    if (cd == NULL)
        return;
    compare_request_cleanup(&cd->req);
    cJSON_Delete(cd->doc);
    cd->doc = NULL;
    free(cd->archs);
    free(cd->arch_store);
    cd->archs = NULL;
    cd->arch_store = NULL;
}
