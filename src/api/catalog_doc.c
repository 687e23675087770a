/* catalog_doc.c - reading and checking a catalog document, with the
 * architectures it names resolved to the built-in configs. */
#include "api/catalog_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        return SVC_OK;
    }
    snprintf(err, errlen, "%s: %s%s%s%s", label, pb.detail,
             pb.has_pointer ? " (at JSON pointer \"" : "",
             pb.has_pointer ? pb.pointer : "", pb.has_pointer ? "\")" : "");
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
}
