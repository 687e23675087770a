/* catalog_doc.c - reading and checking a catalog document. */
#include "api/catalog_doc.h"

#include <stdio.h>
#include <stdlib.h>

#include "api/json_text.h"

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
