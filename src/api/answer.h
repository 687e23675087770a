/* answer.h - building an answer as a cJSON tree and printing it once.
 * Keys are constants (cJSON_AddItemToObjectCS), strings are references
 * to text that lives until the print (cJSON_CreateStringReference) or
 * copies where it does not, and numbers are raw items printed by the
 * core's exact printer (integers exactly, doubles in their shortest
 * round-trip form; cJSON's own %1.15g would print 0.30000000000000004 as
 * 0.3).  The tree is printed with cJSON_PrintPreallocated into a buffer
 * sized from the request.
 *
 * A builder runs out of memory at most once: every add after a failed
 * one does nothing, and answer_print reports it, so a builder checks
 * once, at the end.  Every add attaches its item at once, so freeing the
 * root frees everything (answer_print does). */
#ifndef MODELSCALE_ANSWER_H
#define MODELSCALE_ANSWER_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "api/problem.h"
#include "api/text_buf.h"
#include "modelscale/status.h"

struct answer {
    cJSON *root; /* owned: an object */
    int failed;  /* memory ran out */
};

/* Starts an answer: an empty object. */
void answer_init(struct answer *a);

/* Frees the tree.  Accepts an answer already printed. */
void answer_cleanup(struct answer *a);

/* Each adds member `key` (a constant: it must outlive the answer) to
 * the object obj, or when key is NULL appends to the array obj.  Objects
 * and arrays are returned, to be filled; NULL once memory ran out (every
 * add accepts a NULL obj and does nothing). */
cJSON *answer_object(struct answer *a, cJSON *obj, const char *key);
cJSON *answer_array(struct answer *a, cJSON *obj, const char *key);
void answer_u64(struct answer *a, cJSON *obj, const char *key, uint64_t v);
void answer_double(struct answer *a, cJSON *obj, const char *key, double v);
/* x (at least 0) with `decimals` decimals (0 to 3), rounded as
 * printf("%.*f") rounds it: 31.87. */
void answer_fixed(struct answer *a, cJSON *obj, const char *key, double x,
                  int decimals);
void answer_bool(struct answer *a, cJSON *obj, const char *key, int v);
void answer_null(struct answer *a, cJSON *obj, const char *key);

/* A string that lives until the answer is printed: not copied. */
void answer_ref(struct answer *a, cJSON *obj, const char *key,
                const char *s);

/* A string that may not live that long: copied. */
void answer_copy(struct answer *a, cJSON *obj, const char *key,
                 const char *s);

/* {"bytes": n, "decimal": "14.0 GB", "binary": "13.0 GiB"} */
void answer_bytes(struct answer *a, cJSON *obj, const char *key, uint64_t n,
                  int precision);

/* An amount and its text: "tokens": 1400000000000 and
 * "tokens_formatted": "1.4T" (estimate_format_amount), or FLOPs:
 * "training_flops": 3.15e+23 and "..._formatted": "3.15e23"
 * (estimate_format_flops).  Both keys are constants. */
void answer_amount(struct answer *a, cJSON *obj, const char *key,
                   const char *formatted_key, double x, int precision);
void answer_flops(struct answer *a, cJSON *obj, const char *key,
                  const char *formatted_key, double flops);

/* Prints the answer into out (initialised by the caller), in a buffer of
 * `size` bytes, the builder's estimate from the request, grown only if
 * it was short; then frees the tree.  Returns SVC_OK, or SVC_ENOMEM when
 * memory ran out while building or printing (out is then empty).
 * @unittest check_answer.c */
enum svc_status answer_print(struct answer *a, size_t size,
                             struct text_buf *out);

/* An RFC 9457 problem, printed into out: type "about:blank", title,
 * status, detail and, where pb has one, pointer.  Returns SVC_OK or
 * SVC_ENOMEM.  @unittest check_answer.c */
enum svc_status answer_problem(const struct problem *pb, unsigned status,
                               const char *title, struct text_buf *out);

/* {"status": status}, printed into out. */
enum svc_status answer_status(const char *status, struct text_buf *out);

#endif
