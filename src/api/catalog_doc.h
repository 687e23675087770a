/* catalog_doc.h - a set of models read from a JSON document in the shape
 * of a POST /compare body: the built-in reference catalog, a replacement
 * catalog file, or the models of `table FILE`. */
#ifndef MODELSCALE_CATALOG_DOC_H
#define MODELSCALE_CATALOG_DOC_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "api/request_compare.h"
#include "modelscale/arch.h"
#include "modelscale/status.h"

struct catalog_doc {
    cJSON *doc;                 /* owns the names req borrows */
    struct compare_request req; /* its models and options */
    /* Owned: per model of req, in its order, the architecture it was
     * counted from or NULL (archs is what struct catalog borrows);
     * both NULL when no model has a config. */
    const struct arch **archs;
    struct arch *arch_store;
};

/* Reads and checks text[0..len), with text[len] == '\0': it must be a
 * body POST /compare would accept, with at most max_models models,
 * where a model of the array shape may also name a built-in
 * architecture ("architecture": "llama-2-7b", a file of
 * config/architectures/), which stands for its "config"; each model's
 * architecture is kept in cd->archs;
 * label names it in err ("catalog file x.json").  Returns SVC_OK, or an
 * error with one line in err naming the problem and where it is; cd is
 * then empty.  cd borrows nothing from text.  Free with
 * catalog_doc_cleanup either way.  @unittest check_catalog_file.c */
enum svc_status catalog_doc_parse(struct catalog_doc *cd, const char *label,
                                  const char *text, size_t len,
                                  size_t max_models, char *err,
                                  size_t errlen);

/* Frees what cd holds and leaves it empty.  Accepts NULL. */
void catalog_doc_cleanup(struct catalog_doc *cd);

#endif
