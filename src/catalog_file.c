/* catalog_file.c - loading and checking a catalog file. */
#include "catalog_file.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "json_codec.h"

enum svc_status catalog_file_parse(struct catalog_file *cf, const char *label,
                                   const char *text, size_t len,
                                   size_t max_models, char *err,
                                   size_t errlen)
{
    struct compare_result res;
    struct problem pb;
    enum svc_status st;

    cf->doc = NULL;
    compare_request_init(&cf->req);
    st = json_codec_parse(text, len, &cf->doc, &pb);
    if (st == SVC_OK)
        st = json_codec_decode_compare(cf->doc, max_models, &cf->req, &pb);
    /* Run it once, so a duplicate or an unknown baseline is found now
     * rather than by the first client. */
    if (st == SVC_OK)
        st = compare_request_run(&cf->req, &res, &pb);
    if (st == SVC_OK) {
        free(res.entries);
        return SVC_OK;
    }
    snprintf(err, errlen, "%s: %s%s%s%s", label, pb.detail,
             pb.has_pointer ? " (at JSON pointer \"" : "",
             pb.has_pointer ? pb.pointer : "", pb.has_pointer ? "\")" : "");
    catalog_file_cleanup(cf);
    return st;
}

enum svc_status catalog_file_load(struct catalog_file *cf, const char *path,
                                  size_t max_models, char *err,
                                  size_t errlen)
{
    char label[CONFIG_TEXT_MAX + 16];
    char *text = NULL;
    size_t len;
    enum svc_status st;

    cf->doc = NULL;
    compare_request_init(&cf->req);
    st = config_read_file(path, CONFIG_FILE_MAX, &text, &len, err, errlen);
    if (st != SVC_OK)
        return st;
    snprintf(label, sizeof(label), "catalog file %s", path);
    st = catalog_file_parse(cf, label, text, len, max_models, err, errlen);
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
