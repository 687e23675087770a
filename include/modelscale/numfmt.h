/* numfmt.h - printing numbers exactly: integers, fixed decimals as
 * printf("%.*f") prints them, doubles in their shortest form that reads
 * back the same, and counts and bytes in units (101.8K / 6.0B / 1.8T,
 * 14.0 GB / 13.0 GiB).  Every function writes into the caller's buffer
 * and returns the length written (without the NUL), or -1.  Pure: no
 * I/O, no globals, no allocation. */
#ifndef MODELSCALE_NUMFMT_H
#define MODELSCALE_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define NUMFMT_PRECISION_MAX 3     /* decimals of a count in units */
#define NUMFMT_PRECISION_DEFAULT 1
#define NUMFMT_MAX 24              /* "1000000.000T" and its NUL fit */
#define NUMFMT_DOUBLE_MAX 32       /* "-1.2345678901234567e+308" fits */
#define NUMFMT_DOUBLE_EXACT 9007199254740992ULL /* 2^53: up to here a
                                                   double holds any count */
#define NUMFMT_GROUPED_MAX 27      /* 20 digits, 6 commas and the NUL */

/* Prints n in decimal without separators ("685000000000").  buf must
 * hold 21 bytes.  @unittest check_numfmt.c "integers" */
int numfmt_u64(uint64_t n, char *buf, size_t len);

/* Prints n in decimal with a comma between groups of three digits
 * ("6,738,415,616"), as Python's f"{n:,}" does.  Returns the length, or
 * -1 if buf is too small; buf should hold NUMFMT_GROUPED_MAX bytes.
 * @unittest check_numfmt.c "integers" */
int numfmt_grouped(uint64_t n, char *buf, size_t len);

/* Prints x (at least 0) with `decimals` decimals (0 to 3) exactly as
 * printf("%.*f") prints it, without printf below 10^19 / 10^decimals.
 * Returns -1 if buf is too small; buf should hold 21 bytes.
 * @unittest check_numfmt.c "fixed" */
int numfmt_fixed(double x, int decimals, char *buf, size_t len);

/* Prints d as the first of printf's "%.15g", "%.16g" and "%.17g" that
 * reads back as d (Python's repr, but for the exponent's form), which
 * is how answers print every double: 0.30000000000000004, 1e+18.  NaN
 * and infinities print as printf prints them; answers never hold them.
 * buf must hold NUMFMT_DOUBLE_MAX bytes.
 * @unittest check_numfmt.c "doubles" */
int numfmt_double(double d, char *buf, size_t len);

/* Prints a count: below 1,000 as the plain integer; otherwise as the
 * quotient by the largest of K, M, B, T not above n, with `precision`
 * decimals, moving to the next unit when rounding reaches 1000 (999,950
 * is "1.0M").  The rounding rule:
 * - up to 2^53 (NUMFMT_DOUBLE_EXACT), where a double holds every count,
 *   the double n / unit is rounded as printf("%.*f") rounds it, which is
 *   what the reference's f"{n / 1e3:.1f}" prints: 1,250 is "1.2K" (an
 *   exact tie, to even) and 1,050 is "1.1K" (the double 1.05 is
 *   1.0500000000000000444);
 * - above 2^53, where the double would first round n itself to 53 bits,
 *   the exact quotient n / unit is rounded, half to even only on an
 *   exact tie: 910,645,815,000,000,003 at 2 is "910645.82T", and
 *   10,000,150,000,000,000 at 1 is "10000.2T".
 * Returns -1 when precision is outside 0..NUMFMT_PRECISION_MAX or n is 0
 * or above 10^18; buf must hold NUMFMT_MAX bytes.
 * @unittest check_numfmt.c "counts" */
int numfmt_count(uint64_t n, int precision, char *buf, size_t len);

/* Prints a number of bytes as numfmt_count prints counts (the same
 * rounding rule, the exact quotient above 2^53), in decimal
 * units (" B", " kB", " MB", " GB", " TB", " PB", " EB": powers of
 * 1000) or, with binary set, in binary ones (" KiB" ... " EiB": powers
 * of 1024): 14000000000 is "14.0 GB" or "13.0 GiB".  Returns -1 for a
 * precision outside 0..3; buf must hold NUMFMT_MAX bytes.
 * @unittest check_numfmt.c "bytes" */
int numfmt_bytes(uint64_t n, int precision, int binary, char *buf,
                 size_t len);

#endif
