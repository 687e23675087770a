/* params.h - parameter counts: reading them in every accepted form,
 * checking model names, and printing counts as 101.8K / 6.0B / 1.8T.
 * Pure: no I/O, no globals, no allocation. */
#ifndef MODELSCALE_PARAMS_H
#define MODELSCALE_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define PARAMS_MAX 1000000000000000000ULL /* 10^18, the largest count */
#define PARAMS_JSON_EXACT_MAX 9007199254740991.0 /* 2^53 - 1 */
#define PARAMS_NAME_MAX 256           /* bytes in a model name */
#define PARAMS_PRECISION_MAX 3
#define PARAMS_PRECISION_DEFAULT 1
#define PARAMS_FORMAT_MAX 24 /* "1000000.000T" and its NUL fit */
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

/* Reads a count given as a JSON number.  It must be a whole number
 * from 1 to 2^53 - 1: above that a double no longer tells which integer
 * the client wrote, so larger counts must be sent as text.
 * Returns SVC_OK and sets *out, or SVC_EINVAL and sets *why. */
enum svc_status params_from_double(double d, uint64_t *out,
                                   const char **why);

/* Prints n into buf: below 1,000 as the plain integer; otherwise as the
 * quotient by the largest of K, M, B, T not above n, with `precision`
 * decimals rounded as printf("%.*f") rounds the double, moving to the
 * next unit when rounding reaches 1000 (999,950 is "1.0M").
 * Returns the length written (without the NUL), or -1 when precision is
 * outside 0..PARAMS_PRECISION_MAX or n is 0 or above PARAMS_MAX; buf
 * must hold PARAMS_FORMAT_MAX bytes.  @unittest check_params.c "format" */
int params_format(uint64_t n, int precision, char *buf, size_t len);

/* Prints a number of bytes as params_format prints counts, in decimal
 * units (" B", " kB", " MB", " GB", " TB", " PB", " EB": powers of
 * 1000) or, with binary set, in binary ones (" KiB" ... " EiB": powers
 * of 1024): 14000000000 is "14.0 GB" or "13.0 GiB".  Returns the
 * length, or -1 for a precision outside 0..3; buf must hold
 * PARAMS_FORMAT_MAX bytes.  @unittest check_params.c "bytes" */
int params_format_bytes(uint64_t n, int precision, int binary, char *buf,
                        size_t len);

/* Prints x (at least 0) with `decimals` decimals (0 to 3) exactly as
 * printf("%.*f") prints it, without printf below 10^19 / 10^decimals.
 * Returns the length, or -1 if buf is too small; buf should hold 21
 * bytes.  @unittest check_params.c "fixed" */
int params_print_fixed(double x, int decimals, char *buf, size_t len);

/* Prints n in decimal without separators ("685000000000").  buf must
 * hold 21 bytes.  Returns the length. */
int params_print_u64(uint64_t n, char *buf, size_t len);

/* Checks a model name: 1 to PARAMS_NAME_MAX bytes of valid UTF-8.
 * Returns SVC_OK, or SVC_EINVAL with *why set. */
enum svc_status params_check_name(const char *name, size_t len,
                                  const char **why);

/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 when
 * s[0..len) does not start with one (overlong forms, surrogates and
 * code points above U+10FFFF are invalid).  len must be at least 1. */
size_t params_utf8_seq(const unsigned char *s, size_t len);

#endif
