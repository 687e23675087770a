/* field.h - reading a request's fields the same way whichever carrier
 * brought them, a query string or a JSON object: one check that each
 * field is known and given once, in the carrier's words, then one setter
 * per kind of request, and one reader per kind of value, so that every
 * value is refused in the same words on every route. */
#ifndef MODELSCALE_FIELD_H
#define MODELSCALE_FIELD_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "api/problem.h"
#include "api/request.h"
#include "modelscale/catalog.h"
#include "modelscale/status.h"

enum field_carrier {
    FIELD_QUERY = 1 << 0, /* may come in a query string */
    FIELD_BODY = 1 << 1,  /* may come in a JSON object */
    FIELD_BOTH = FIELD_QUERY | FIELD_BODY
};

struct field {
    const char *name;
    unsigned carriers; /* enum field_carrier bits */
    int any_json;      /* in a body it may be any JSON value, which its
                          setter checks; else a string or a number */
};

/* One value a client gave.  Everything is borrowed. */
struct field_value {
    const char *text;    /* query value or JSON string; else NULL */
    double number;       /* a JSON number */
    const cJSON *json;   /* the JSON value; NULL from a query */
    char *shown;         /* PROBLEM_QUOTE_MAX bytes, owned by the reader,
                            where field_shown writes the value for a
                            detail: only a refusal pays for it */
    const char *pointer; /* where it is in the body ("/tokens"); NULL
                            from a query */
};

/* v as a detail shows it: quoted text, or a JSON value as the client
 * wrote it (field_describe), written into v->shown.  @unittest
 * check_field.c */
const char *field_shown(const struct field_value *v);

/* Sets field k (an index into the set's fields) of req from v.  On
 * failure fills pb with a detail that names the field and the value;
 * the reader points pb at the field unless the setter pointed deeper. */
typedef enum svc_status field_setter(void *req, size_t k,
                                     const struct field_value *v,
                                     struct problem *pb);

struct field_set {
    const struct field *fields;
    size_t count;
    field_setter *set;
    const char *noun; /* what a body calls a field: NULL for "field",
                         or "member" */
    const char *of;   /* after the noun in details: NULL, or " of a model" */
};

/* Reads fs's fields from rq: from its body when it has one, else from
 * its query.  In a query every argument must be one of the fields, once,
 * not empty and without a NUL byte (else SVC_EMALFORMED: a 400); in a
 * body the same holds for members (else SVC_EINVAL, with a pointer).
 * Then calls fs->set for each field given, in the order of fs->fields.
 * Returns SVC_OK or the first failure, with pb set.
 * @unittest check_field.c */
enum svc_status field_read(const struct field_set *fs,
                           const struct request *rq, void *req,
                           struct problem *pb);

/* Reads fs's fields from the JSON object obj, which is at pointer
 * `where` ("" for a whole body, "/models/3" for a member), as
 * field_read reads a body.  @unittest check_field.c */
enum svc_status field_read_object(const struct field_set *fs,
                                  const cJSON *obj, const char *where,
                                  void *req, struct problem *pb);

/* The value readers.  Each reads v as its kind of field `name` and
 * returns SVC_OK, or SVC_EINVAL with pb saying "<name> <shown> <why>". */

/* An amount that need not be whole: text such as "1.4T" or "5.76e23",
 * or a number; from 1 to 10^40. */
enum svc_status field_amount(const char *name, const struct field_value *v,
                             double *out, struct problem *pb);

/* A number above 0 and at most max, that need not be whole (a share, a
 * price, days): text in the forms of params_parse_number ("0.4", "2.5",
 * "1.5M"), or a JSON number.  `range` words the bounds for the detail:
 * "above 0 and at most 1".  @unittest check_field.c */
enum svc_status field_positive(const char *name,
                               const struct field_value *v, double max,
                               const char *range, double *out,
                               struct problem *pb);

/* A whole number from min to max: digits in a query, a whole JSON
 * number in a body. */
enum svc_status field_integer(const char *name, const struct field_value *v,
                              long min, long max, long *out,
                              struct problem *pb);

/* One of choices[0..n) (their list, "asc, desc or input", is `list`),
 * exactly; sets *out to its index. */
enum svc_status field_choice(const char *name, const struct field_value *v,
                             const char *const *choices, size_t n,
                             const char *list, size_t *out,
                             struct problem *pb);

/* Text, such as a name: *out points at it (NUL-terminated, borrowed).
 * `expected` says what it names ("a model name"). */
enum svc_status field_text(const char *name, const struct field_value *v,
                           const char *expected, const char **out,
                           struct problem *pb);

/* An amount of memory: text such as "24GB" or "80 GiB", or a whole
 * number of bytes. */
enum svc_status field_bytes(const char *name, const struct field_value *v,
                            uint64_t *out, struct problem *pb);

/* The catalog named name (catalogs[0] when name is NULL): SVC_OK, or
 * SVC_ENOTFOUND with pb naming it and where the catalogs are listed. */
enum svc_status field_catalog(const char *name,
                              const struct catalog *catalogs, size_t n,
                              const struct catalog **out,
                              struct problem *pb);

/* What a JSON value is, for details: "a string", "an array", ... */
const char *field_type_name(const cJSON *v);

/* v as a detail shows it, into buf (PROBLEM_QUOTE_MAX bytes): quoted
 * text, a number as JSON prints it, true, or its type.  Returns the
 * text, which may be buf or a static string. */
const char *field_describe(const cJSON *v, char *buf, size_t len);

#endif
