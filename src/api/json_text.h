/* json_text.h - reading a request body as one JSON document: RFC 8259's
 * grammar checked here, cJSON parses it, and each number keeps the text
 * the client wrote. */
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
 * On success *out is a tree the caller frees with cJSON_Delete; its
 * numbers keep their text (json_text_number).  On failure *out is NULL
 * and pb is set (SVC_ENOMEM when memory ran out).
 * @unittest check_json_text.c */
enum svc_status json_text_parse(const char *text, size_t len, cJSON **out,
                                struct problem *pb);

/* The text the client wrote for number item ("2.9999999999999999",
 * "1e400"), or NULL when that text is a plain integer of at most 15
 * digits (which the double holds and prints exactly) or when item is not
 * a number of a tree json_text_parse made.
 * The mechanism: json_text_parse walks the text again after cJSON, from
 * number token to number token, alongside the tree's number items in
 * document order (cJSON keeps that order, duplicate members included),
 * and stores each token's text in the item's valuestring.  cJSON leaves
 * valuestring NULL for numbers, prints them from valuedouble, frees
 * valuestring in cJSON_Delete whatever the type (hence cJSON_malloc) and
 * copies it in cJSON_Duplicate; cJSON_GetStringValue checks the type, so
 * it still returns NULL for them.  The text is borrowed from the tree.
 * @unittest check_json_text.c "numbers" */
const char *json_text_number(const cJSON *item);

/* Whether number item stands for a whole number: by the text the client
 * wrote when json_text_number has it, exactly ("2.9999999999999999" and
 * "4503599627370496.5" are not, though their doubles are; "1.5e1" is),
 * else by its double.  0 for an item that is not a number.
 * @unittest check_json_text.c "numbers" */
int json_text_whole(const cJSON *item);

#endif
