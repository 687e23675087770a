/* catalog_file.c - loading and checking a catalog file. */
#include "catalog_file.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "json_codec.h"

enum svc_status catalog_file_load(struct catalog_file *cf, const char *path,
                                  size_t max_models, char *err,
                                  size_t errlen)
{
    struct compare_result res;
    struct problem pb;
    char *text = NULL;
    size_t len;
    enum svc_status st;

    cf->doc = NULL;
    compare_request_init(&cf->req);
    st = config_read_file(path, CONFIG_FILE_MAX, &text, &len, err, errlen);
    if (st != SVC_OK)
        goto out;
    st = json_codec_parse(text, len, &cf->doc, &pb);
    if (st == SVC_OK)
        st = json_codec_decode_compare(cf->doc, max_models, &cf->req, &pb);
    /* Run it once, so a duplicate or an unknown baseline is found now
     * rather than by the first client. */
    if (st == SVC_OK)
        st = compare_request_run(&cf->req, &res, &pb);
    if (st == SVC_OK)
        free(res.entries);
    if (st != SVC_OK)
        snprintf(err, errlen, "catalog file %s: %s%s%s%s", path,
                 pb.detail, pb.has_pointer ? " (at JSON pointer \"" : "",
                 pb.has_pointer ? pb.pointer : "",
                 pb.has_pointer ? "\")" : "");
out:
    if (st != SVC_OK)
        catalog_file_cleanup(cf);
    free(text);
    return st;
}

void catalog_file_cleanup(struct catalog_file *cf)
{
    if (cf == NULL)
        return;
    compare_request_cleanup(&cf->req);
    cJSON_Delete(cf->doc);
    cf->doc = NULL;
}
