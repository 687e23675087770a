/* field.h - a request's fields, whether a query string or a JSON body
 * carried them: one setter per kind of request reads them both ways. */
#ifndef MODELSCALE_FIELD_H
#define MODELSCALE_FIELD_H

#include <stddef.h>

#include "api/problem.h"
#include "modelscale/status.h"

/* One value a client gave: text (a query value or a JSON string,
 * NUL-terminated, borrowed) or a JSON number. */
struct field_value {
    const char *text;  /* NULL for a number */
    double number;
    const char *shown; /* borrowed: the value as a problem detail shows
                          it, quoted text or the number as JSON reads it */
};

/* Sets field k of req (k indexes the request's list of field names)
 * from v.  On failure fills pb with a detail that names the field and
 * the value; the caller adds where it was. */
typedef enum svc_status field_setter(void *req, size_t k,
                                     const struct field_value *v,
                                     struct problem *pb);

/* Reads v as an amount (text such as "1.4T", or a number) into *out.
 * Returns SVC_OK, or SVC_EINVAL with pb saying "<field> <shown> <why>".
 * @unittest check_handlers.c "scaling" */
enum svc_status field_read_amount(const char *field,
                                  const struct field_value *v, double *out,
                                  struct problem *pb);

/* The fields of one kind of request. */
struct field_set {
    const char *const *names;
    size_t count;
    field_setter *set;
};

#endif
