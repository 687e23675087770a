/* problem.h - what went wrong with a request, in the words of RFC 9457:
 * a status, a detail naming the offending value, and for body errors a
 * JSON Pointer (RFC 6901) to the offending field. */
#ifndef MODELSCALE_PROBLEM_H
#define MODELSCALE_PROBLEM_H

#include <stddef.h>

#include "modelscale/status.h"

#define PROBLEM_DETAIL_MAX 512
#define PROBLEM_POINTER_MAX 600 /* "/models/" + a 256-byte name escaped */
#define PROBLEM_QUOTE_MAX 200   /* a quoted value as problem_quote makes */

struct problem {
    enum svc_status status;
    char detail[PROBLEM_DETAIL_MAX];
    int has_pointer;
    char pointer[PROBLEM_POINTER_MAX]; /* "" is the whole body */
};

/* Sets pb to status st with a printf-style detail (truncated to fit)
 * and no pointer.  Returns st, so that a caller can
 * `return problem_set(pb, SVC_EINVAL, ...);`. */
enum svc_status problem_set(struct problem *pb, enum svc_status st,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the pointer of pb from a printf-style format (truncated to fit).
 * Use problem_escape for the parts that are member names. */
void problem_point(struct problem *pb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes s[0..len) into buf escaped as one JSON Pointer reference token
 * ('~' as "~0", '/' as "~1"), truncated to fit and NUL-terminated.
 * Returns buf. */
char *problem_escape(char *buf, size_t size, const char *s, size_t len);

/* Writes s[0..len) into buf as a quoted string that is safe to show: at
 * most 48 characters of it (then "..."), with control characters and
 * bytes that are not valid UTF-8 shown as \xHH, and a quote or a
 * backslash after a backslash.  buf should hold PROBLEM_QUOTE_MAX
 * bytes.  Returns buf.  @unittest check_field.c */
char *problem_quote(char *buf, size_t size, const char *s, size_t len);

/* Writes "label: detail" into buf, with " (at JSON pointer \"...\")"
 * when pb has one: a problem as one line, for a file refused at start
 * or on the command line.  Truncated to fit.  Returns buf.
 * @unittest check_handlers.c */
char *problem_line(char *buf, size_t size, const char *label,
                   const struct problem *pb);

/* The HTTP status and title that answer result code st (200 "OK" for
 * SVC_OK; 500 for a code the table lacks).  @unittest check_handlers.c */
unsigned problem_status(enum svc_status st, const char **title);

#endif
