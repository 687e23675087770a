/* request_models.h - the models of a comparison, read from what a
 * client wrote: "models" of a JSON body, in either of its shapes, or the
 * names of models= in a catalog.  Only request_compare.c uses it. */
#ifndef MODELSCALE_REQUEST_MODELS_H
#define MODELSCALE_REQUEST_MODELS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "api/problem.h"
#include "api/request_compare.h"
#include "modelscale/catalog.h"

/* Reads models, the "models" member of a body: an object of name: count
 * or an array of {"name", "parameters", "active_parameters", "kind",
 * "year", "source"}, of at most max_models.  Sets req->models (a new
 * array the caller frees through req), req->count and req->source.  The
 * names and sources are borrowed from models.  Counts are read here;
 * what each model says of itself is checked by the comparison (core
 * compare_check_model).  On failure pb points at the offending value.
 * @unittest check_request_compare.c */
enum svc_status request_models_read(const cJSON *models, size_t max_models,
                                    struct compare_request *req,
                                    struct problem *pb);

/* Copies into req the models of catalog named by list, a comma-separated
 * list of names ("a,b,c"), in its order; the names are borrowed from the
 * catalog.  SVC_ENOTFOUND names an unknown model; SVC_EMALFORMED an empty
 * name.  @unittest check_request_compare.c */
enum svc_status request_models_select(const char *list,
                                      const struct catalog *catalog,
                                      struct compare_request *req,
                                      struct problem *pb);

#endif
