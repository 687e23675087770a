/* query.h - reading query strings: GET /compare's into a comparison
 * request, and the checks every route's query gets. */
#ifndef MODELSCALE_QUERY_H
#define MODELSCALE_QUERY_H

#include <stddef.h>

#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "api/compare_request.h"
#include "api/field.h"
#include "api/problem.h"

#define QUERY_ARGS_MAX 32 /* more arguments than this are refused */

/* One decoded argument; both strings are borrowed from the server. */
struct query_arg {
    const char *key;
    const char *value; /* NULL for a bare "?key" */
    size_t value_len;  /* may be more than strlen(value): a %00 */
};

/* Checks args[0..nargs) against the names known[0..nknown): each may
 * be given once, not empty, without a NUL byte.  Sets values[k] to the
 * value of known[k], or NULL when it is not given.  Returns SVC_OK, or
 * SVC_EMALFORMED with pb naming the argument. */
enum svc_status query_collect(const struct query_arg *args, size_t nargs,
                              const char *const *known, size_t nknown,
                              const char **values, struct problem *pb);

/* Reads the fields of fs from args[0..nargs) into req through fs->set,
 * after query_collect's checks.  Returns SVC_OK or the first failure,
 * with pb set.  @unittest check_handlers.c "fit" */
enum svc_status query_decode_fields(const struct query_arg *args,
                                    size_t nargs, const struct field_set *fs,
                                    void *req, struct problem *pb);

/* Sets *out to the catalog named name, or to catalogs[0] when name is
 * NULL.  Returns SVC_OK, or SVC_ENOTFOUND with pb naming it. */
enum svc_status query_catalog(const char *name,
                              const struct catalog *catalogs, size_t n,
                              const struct catalog **out,
                              struct problem *pb);

/* Reads GET /compare's args[0..nargs): models, sort, precision,
 * baseline, include, tokens and catalog (one of catalogs[0..ncatalogs);
 * catalogs[0] when not given).  Without models= the whole catalog is
 * compared.  req must be initialised; on success it owns a models array
 * whose names point into the catalog and whose baseline points into
 * args, so both must outlive req.  On failure req is left empty and pb
 * is filled: SVC_EMALFORMED for an unknown, repeated or empty parameter,
 * SVC_ENOTFOUND for an unknown model or catalog name, SVC_EINVAL for a
 * bad sort, precision, include or tokens, SVC_ENOMEM.
 * @unittest check_handlers.c "query" */
enum svc_status query_decode_compare(const struct query_arg *args,
                                     size_t nargs,
                                     const struct catalog *catalogs,
                                     size_t ncatalogs,
                                     struct compare_request *req,
                                     struct problem *pb);

#endif
