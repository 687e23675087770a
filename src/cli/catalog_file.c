/* catalog_file.c - loading a catalog file. */
#include "cli/catalog_file.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/config.h"

enum svc_status catalog_file_load(struct catalog_doc *cd, const char *path,
                                  size_t max_models, char *err,
                                  size_t errlen)
{
    char label[CONFIG_TEXT_MAX + 16];
    char *text = NULL;
    size_t len;
    enum svc_status st;

    cd->doc = NULL;
    cd->archs = NULL;
    cd->arch_store = NULL;
    compare_request_init(&cd->req);
    st = config_read_file(path, CONFIG_FILE_MAX, &text, &len, err, errlen);
    if (st != SVC_OK)
        return st;
    snprintf(label, sizeof(label), "catalog file %s", path);
    st = catalog_doc_parse(cd, label, text, len, max_models, err, errlen);
    free(text);
    return st;
}
