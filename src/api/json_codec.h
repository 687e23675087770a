/* json_codec.h - JSON <-> core structs: the only module that reads or
 * writes JSON documents.  Bodies are parsed with cJSON; answers are
 * written straight into one buffer. */
#ifndef MODELSCALE_JSON_CODEC_H
#define MODELSCALE_JSON_CODEC_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "modelscale/catalog.h"
#include "modelscale/compare.h"
#include "api/compare_request.h"
#include "api/field.h"
#include "api/plan_request.h"
#include "api/problem.h"
#include "api/text_buf.h"

/* Parses text[0..len) as one JSON document.  text[len] must be '\0'
 * (the body buffer keeps one spare byte for it).  NUL bytes inside the
 * text, and "\u0000" escapes (which cJSON would silently cut a string
 * at), are refused.  On success *out is a tree the caller frees with
 * cJSON_Delete.  On failure *out is NULL and pb says where the text
 * went wrong (SVC_EMALFORMED) or that memory ran out (SVC_ENOMEM).
 * @unittest check_json_codec.c "parse" */
enum svc_status json_codec_parse(const char *text, size_t len, cJSON **out,
                                 struct problem *pb);

/* Reads a comparison body: {"models": {...} | [...], "sort": ...,
 * "precision": ..., "baseline": ..., "include": [...], "tokens": ...}.
 * At most max_models models.
 * req must be initialised; on success it owns a models array whose
 * names are borrowed from root, so root must outlive req.  On failure
 * req is left empty and pb names the offending field (SVC_EINVAL) or
 * SVC_ENOMEM.  @unittest check_json_codec.c "decode" */
enum svc_status json_codec_decode_compare(const cJSON *root,
                                          size_t max_models,
                                          struct compare_request *req,
                                          struct problem *pb);

/* Reads the fields of fs from the JSON object root, each a string or a
 * number, into req through fs->set.  Unknown and repeated fields are
 * refused.  On failure pb names the field and points at it (SVC_EINVAL).
 * @unittest check_json_codec.c "decode" */
enum svc_status json_codec_decode_fields(const cJSON *root,
                                         const struct field_set *fs,
                                         void *req, struct problem *pb);

/* Each encoder appends one document to out, printed as
 * cJSON_PrintUnformatted would print it: no spaces, counts as exact
 * integers, doubles in their shortest form that reads back the same.
 * Returns SVC_OK, or SVC_ENOMEM when memory ran out.
 * @unittest check_json_codec.c "encode" */

/* The answer to a comparison.  Model names must be valid UTF-8.  With
 * req->extras.include, each model has its "memory" and "compute", and
 * the answer the "assumptions" behind them. */
enum svc_status json_codec_encode_compare(const struct compare_result *res,
                                          const struct compare_request *req,
                                          struct text_buf *out);

/* {"catalog": name, "models": [{"name", "parameters", "formatted", and
 * where known "active_parameters", "active_formatted", "kind", "year",
 * "source"}...], "count": n}.  SVC_EINTERNAL if a count cannot be
 * formatted (0 or above 10^18). */
enum svc_status json_codec_encode_models(const struct catalog *c,
                                         struct text_buf *out);

/* {"catalogs": [{"name", "description", "count", "default"}...],
 * "count": n}; catalogs[0] is the default. */
enum svc_status json_codec_encode_catalogs(const struct catalog *catalogs,
                                           size_t n, struct text_buf *out);

/* {"catalog", "memory", "dtype", "mode", "assumption", "fits": [...],
 * "count", "too_large": [...]}: each model with its "required" memory
 * and its "headroom" or "shortfall". */
enum svc_status json_codec_encode_fit(const struct fit_answer *a,
                                      struct text_buf *out);

/* {"question": "loss" | "compute-optimal", ["compute"...],
 * "predictions": [one for each fit], "range": {...}}. */
enum svc_status json_codec_encode_scaling(const struct scaling_request *r,
                                          struct text_buf *out);

/* {"status": status}. */
enum svc_status json_codec_encode_status(const char *status,
                                         struct text_buf *out);

/* An RFC 9457 problem: type "about:blank", title, status, detail and,
 * where pb has one, pointer. */
enum svc_status json_codec_encode_problem(const struct problem *pb,
                                          unsigned http_status,
                                          const char *title,
                                          struct text_buf *out);

#endif
