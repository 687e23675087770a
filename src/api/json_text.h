/* json_text.h - reading a request body as one JSON document: RFC 8259's
 * grammar checked here, then cJSON parses it. */
#ifndef MODELSCALE_JSON_TEXT_H
#define MODELSCALE_JSON_TEXT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "api/problem.h"

/* Parses text[0..len) as one JSON document.  text[len] must be '\0'
 * (the body buffer keeps one spare byte for it).  cJSON 1.7 is lenient
 * (it takes "007", "1.", "1.e3", raw control characters in strings and
 * any byte up to a space as whitespace), so the bytes are first checked
 * against RFC 8259's grammar here.  Refused:
 * - SVC_EMALFORMED (a 400), with a detail that says what is wrong and
 *   where (line, column and byte offset): an empty body, a NUL byte, any
 *   text that is not JSON, nesting deeper than CJSON_NESTING_LIMIT, and
 *   a \u escape of a lone UTF-16 surrogate (no character; cJSON cannot
 *   decode it either);
 * - SVC_EINVAL (a 422): a "\u0000" escape inside an object or an array,
 *   which is JSON, but cJSON would cut the string there.  A document that
 *   is a lone string is left to the caller, which wants an object and
 *   says so.
 * Not checked: that strings are valid UTF-8 (RFC 8259 section 8.1).  The
 * readers check names and say which one is at fault, with a pointer (a
 * 422), and every other string must match a known value anyway.  A UTF-8
 * byte order mark at the start is skipped, as section 8.1 allows.
 * On success *out is a tree the caller frees with cJSON_Delete.  On
 * failure *out is NULL and pb is set (SVC_ENOMEM when memory ran out).
 * @unittest check_json_text.c */
enum svc_status json_text_parse(const char *text, size_t len, cJSON **out,
                                struct problem *pb);

#endif
