/* query.h - reading GET /compare's query string (models, sort,
 * precision, baseline) into a comparison request. */
#ifndef MODELSCALE_QUERY_H
#define MODELSCALE_QUERY_H

#include <stddef.h>

#include "compare.h"
#include "compare_request.h"
#include "problem.h"

#define QUERY_ARGS_MAX 32 /* more arguments than this are refused */

/* One decoded argument; both strings are borrowed from the server. */
struct query_arg {
    const char *key;
    const char *value; /* NULL for a bare "?key" */
    size_t value_len;  /* may be more than strlen(value): a %00 */
};

/* Reads args[0..nargs) against catalog[0..catalog_count).  Without
 * models= the whole catalog is compared.  req must be initialised; on
 * success it owns a models array whose names point into catalog and
 * whose baseline points into args, so both must outlive req.  On
 * failure req is left empty and pb is filled: SVC_EMALFORMED for an
 * unknown, repeated or empty parameter, SVC_ENOTFOUND for an unknown
 * model name, SVC_EINVAL for a bad sort or precision, SVC_ENOMEM.
 * @unittest check_handlers.c "query" */
enum svc_status query_decode_compare(const struct query_arg *args,
                                     size_t nargs,
                                     const struct compare_model *catalog,
                                     size_t catalog_count,
                                     struct compare_request *req,
                                     struct problem *pb);

#endif
