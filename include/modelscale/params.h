/* params.h - parameter counts: reading them in every accepted form,
 * amounts and bytes, and checking model names; numfmt.h prints them.
 * Pure: no I/O, no globals, no allocation. */
#ifndef MODELSCALE_PARAMS_H
#define MODELSCALE_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "modelscale/status.h"

#define PARAMS_MAX 1000000000000000000ULL /* 10^18, the largest count */
#define PARAMS_JSON_EXACT_MAX 9007199254740991.0 /* 2^53 - 1 */
#define PARAMS_NAME_MAX 256           /* bytes in a model name */
#define PARAMS_AMOUNT_MAX 1e40 /* the largest amount (of FLOP, say) */
#define PARAMS_BYTES_MAX 1e19  /* the largest amount of memory */

/* Reads a count written as text: "101770", "101,770", "101_770",
 * "6.7B", "1.8T", "86M", "120k" (suffix K, M, B or T in any case,
 * separators only between groups of three digits, and a fraction only
 * if the result is a whole number).  The whole of s[0..len) must be the
 * count; s need not be NUL-terminated.
 * An exponent may take the suffix's place: "7e9", "1.75E+11".
 * Returns SVC_OK and sets *out, or SVC_EINVAL and points *why at a
 * static phrase ("is zero", "is not a whole number", ...); *out is then
 * untouched.  @unittest check_params.c "parse" */
enum svc_status params_parse_text(const char *s, size_t len,
                                  uint64_t *out, const char **why);

/* Reads an amount that need not be whole, in the forms counts take
 * ("1.4T", "5.76e23", "2,000"), that params_check_amount accepts.
 * Returns SVC_OK and sets *out, or SVC_EINVAL and sets *why.
 * @unittest check_params.c "amount" */
enum svc_status params_parse_amount(const char *s, size_t len, double *out,
                                    const char **why);

/* Reads a number that may be below 1 or zero (a share, a price, a
 * number of days) in the forms amounts take ("0.4", "2.5", "1.5M",
 * "1e6"): at least 0, at most PARAMS_AMOUNT_MAX.  Returns SVC_OK and
 * sets *out, or SVC_EINVAL and sets *why.
 * @unittest check_params.c "amount" */
enum svc_status params_parse_number(const char *s, size_t len, double *out,
                                    const char **why);

/* Why x cannot be an amount of parameters, tokens or FLOP (NaN, 0,
 * negative, below 1 or above PARAMS_AMOUNT_MAX), or NULL when it can.
 * @unittest check_params.c "amount" */
const char *params_check_amount(double x);

/* Reads an amount of memory: a number, an optional space and a unit,
 * decimal (B, kB or KB, MB, GB, TB, PB, EB) or binary (KiB ... EiB), in
 * any case; no unit means bytes.  "24GB", "80 GiB", "1.5e9".  The bytes
 * are rounded to a whole number: at least 1, at most PARAMS_BYTES_MAX.
 * Returns SVC_OK and sets *out, or SVC_EINVAL and sets *why.
 * @unittest check_params.c "bytes" */
enum svc_status params_parse_bytes(const char *s, size_t len,
                                   uint64_t *out, const char **why);

/* Reads a count given as a JSON number: d is its double, and `whole`
 * says whether the number the client wrote is whole, which d cannot
 * always tell (2.9999999999999999 reads as 3.0; json_text_whole knows;
 * pass d == floor(d) where there is no text).  It must be a whole number
 * from 1 to 2^53 - 1: above that a double no longer tells which integer
 * the client wrote, so larger counts must be sent as text.
 * Returns SVC_OK and sets *out, or SVC_EINVAL and sets *why.
 * @unittest check_params.c "parse" */
enum svc_status params_from_double(double d, int whole, uint64_t *out,
                                   const char **why);





/* Checks a model name: 1 to PARAMS_NAME_MAX bytes of valid UTF-8.
 * Returns SVC_OK, or SVC_EINVAL with *why set. */
enum svc_status params_check_name(const char *name, size_t len,
                                  const char **why);

/* Why text[0..len) is not valid UTF-8, or NULL when it is. */
const char *params_check_utf8(const char *text, size_t len);

/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 when
 * s[0..len) does not start with one (overlong forms, surrogates and
 * code points above U+10FFFF are invalid).  len must be at least 1. */
size_t params_utf8_seq(const unsigned char *s, size_t len);

#endif
