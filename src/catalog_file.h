/* catalog_file.h - a set of models read from a JSON file in the shape
 * of a POST /compare body: a replacement catalog, or `table FILE`. */
#ifndef MODELSCALE_CATALOG_FILE_H
#define MODELSCALE_CATALOG_FILE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "compare_request.h"
#include "status.h"

struct catalog_file {
    cJSON *doc;                 /* owns the names req borrows */
    struct compare_request req; /* its models and options */
};

/* Reads and checks path: it must be a body POST /compare would accept,
 * with at most max_models models.  Returns SVC_OK, or an error with one
 * line in err naming the file, the problem and where it is; cf is then
 * empty.  Free with catalog_file_cleanup either way. */
enum svc_status catalog_file_load(struct catalog_file *cf, const char *path,
                                  size_t max_models, char *err,
                                  size_t errlen);

/* Reads and checks a catalog already in memory: text[0..len), with
 * text[len] == '\0'; label names it in err ("catalog file x.json").
 * Otherwise as catalog_file_load.  cf borrows nothing from text. */
enum svc_status catalog_file_parse(struct catalog_file *cf, const char *label,
                                   const char *text, size_t len,
                                   size_t max_models, char *err,
                                   size_t errlen);

/* Frees what cf holds and leaves it empty.  Accepts NULL. */
void catalog_file_cleanup(struct catalog_file *cf);

#endif
