/* json_text.h - reading a request body as one JSON document: cJSON
 * parses it, after the checks cJSON does not make. */
#ifndef MODELSCALE_JSON_TEXT_H
#define MODELSCALE_JSON_TEXT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "api/problem.h"

/* Parses text[0..len) as one JSON document.  text[len] must be '\0'
 * (the body buffer keeps one spare byte for it).  NUL bytes inside the
 * text, and "\u0000" escapes (which cJSON would silently cut a string
 * at), are refused.  On success *out is a tree the caller frees with
 * cJSON_Delete.  On failure *out is NULL and pb says where the text
 * went wrong (SVC_EMALFORMED) or that memory ran out (SVC_ENOMEM).
 * @unittest check_json_text.c */
enum svc_status json_text_parse(const char *text, size_t len, cJSON **out,
                                struct problem *pb);

#endif
