/* catalog_file.h - a catalog read from a file: a replacement for the
 * default catalog (--catalog), or the models of `table FILE`. */
#ifndef MODELSCALE_CATALOG_FILE_H
#define MODELSCALE_CATALOG_FILE_H

#include <stddef.h>

#include "api/catalog_doc.h"
#include "modelscale/status.h"

/* Reads path and checks it as catalog_doc_parse does.  Returns SVC_OK,
 * or an error with one line in err naming the file, the problem and
 * where it is; cd is then empty.  Free with catalog_doc_cleanup either
 * way.  @unittest check_catalog_file.c */
enum svc_status catalog_file_load(struct catalog_doc *cd, const char *path,
                                  size_t max_models, char *err,
                                  size_t errlen);

#endif
