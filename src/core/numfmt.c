/* numfmt.c - printing numbers exactly, without printf where it can:
 * integers, fixed decimals, doubles in their shortest round-trip form,
 * and counts and bytes in units (101.8K, 14.0 GB).  Pure: no I/O, no
 * globals, no allocation. */
#include "modelscale/numfmt.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/params.h"

int numfmt_u64(uint64_t n, char *buf, size_t len)
{
    char tmp[20];
    size_t i = 0;

    do {
        tmp[i++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    assert(len > i);
    if (len <= i)
        return -1;
    for (size_t j = 0; j < i; j++)
        buf[j] = tmp[i - 1 - j];
    buf[i] = '\0';
    return (int)i;
}

/* Writes v / 10^decimals with `decimals` decimals ("0.05" for 5 at 2);
 * buf must hold the digits, a point and a NUL: 22 bytes, or 21 below
 * 10^19. */
static int place_point(uint64_t v, int decimals, char *buf)
{
    char digits[21];
    int n = numfmt_u64(v, digits, sizeof(digits));
    int whole = n > decimals ? n - decimals : 0, w = 0;

    if (whole == 0)
        buf[w++] = '0';
    memcpy(buf + w, digits, (size_t)whole);
    w += whole;
    if (decimals > 0) {
        buf[w++] = '.';
        for (int i = n; i < decimals; i++)
            buf[w++] = '0'; /* 0.05: the fraction's leading zero */
        memcpy(buf + w, digits + whole, (size_t)(n - whole));
        w += n - whole;
    }
    buf[w] = '\0';
    return w;
}

int numfmt_grouped(uint64_t n, char *buf, size_t len)
{
    char digits[21];
    int d = numfmt_u64(n, digits, sizeof(digits)), w = 0;
    size_t need = (size_t)d + (size_t)(d - 1) / 3 + 1;

    if (len < need)
        return -1;
    for (int i = 0; i < d; i++) {
        if (i > 0 && (d - i) % 3 == 0)
            buf[w++] = ',';
        buf[w++] = digits[i];
    }
    buf[w] = '\0';
    return w;
}

int numfmt_fixed(double x, int decimals, char *buf, size_t len)
{
    static const unsigned scale[] = {1, 10, 100, 1000};
    int n;

    assert(decimals >= 0 && decimals <= NUMFMT_PRECISION_MAX);
#if LDBL_MANT_DIG >= 64
    /* x has 53 significant bits and 1000 needs 7 more, so the product is
     * exact in a 64-bit long double, and so is its fraction; it is
     * rounded half to even, as printf rounds the exact value.  (Not with
     * nearbyintl: saving the floating-point state made it a sixth of the
     * time of a 10,000-model comparison.) */
    long double scaled = (long double)x * scale[decimals];

    if (x >= 0 && scaled < 1e19L && len >= 21) {
        uint64_t v = (uint64_t)scaled;
        long double fraction = scaled - (long double)v;

        if (fraction > 0.5L || (fraction == 0.5L && v % 2 == 1))
            v++;
        return place_point(v, decimals, buf);
    }
#endif
    n = snprintf(buf, len, "%.*f", decimals, x);
    return n >= 0 && (size_t)n < len ? n : -1;
}

/* One step of a scale: 1000 for counts and decimal bytes, 1024 for
 * binary bytes. */
struct scale {
    uint64_t base;
    const char *const *suffix; /* after 1, base, base^2, ... */
    size_t steps;
};

static const char *const count_suffix[] = {"", "K", "M", "B", "T"};
static const char *const si_suffix[] = {" B",  " kB", " MB", " GB",
                                        " TB", " PB", " EB"};
static const char *const iec_suffix[] = {" B",   " KiB", " MiB", " GiB",
                                         " TiB", " PiB", " EiB"};
static const struct scale counts = {1000, count_suffix, 5};
static const struct scale si_bytes = {1000, si_suffix, 7};
static const struct scale iec_bytes = {1024, iec_suffix, 7};

/* Writes n / unit with `decimals` decimals, rounded from the exact
 * quotient: long division, then half to even on exactly half a unit of
 * the last decimal, as printf rounds an exact binary value.  unit is at
 * most 2^60, so the remainder times 10 fits; buf must hold 22 bytes. */
static int exact_quotient(uint64_t n, uint64_t unit, int decimals,
                          char *buf)
{
    uint64_t v = n / unit, r = n % unit;

    for (int i = 0; i < decimals; i++) {
        r *= 10;
        v = v * 10 + r / unit;
        r %= unit;
    }
    if (r > unit - r || (r == unit - r && v % 2 == 1))
        v++;
    return place_point(v, decimals, buf);
}

/* Prints n in the largest unit of sc not above it, below the first unit
 * as a plain integer, moving to the next unit when rounding reaches the
 * base ("1000.0K" is "1.0M"). */
static int format_scaled(uint64_t n, int precision, const struct scale *sc,
                         char *buf, size_t len)
{
    uint64_t unit = 1;
    size_t u = 0, suffix_len;
    int w;

    if (n < sc->base) {
        w = numfmt_u64(n, buf, len);
    } else {
        while (u + 1 < sc->steps && n / unit >= sc->base) {
            unit *= sc->base;
            u++;
        }
        for (;;) {
            /* Up to 2^53 the double holds n, and its quotient is what
             * the reference prints; above, it would round n first. */
            if (n > NUMFMT_DOUBLE_EXACT)
                w = exact_quotient(n, unit, precision, buf);
            else
                w = numfmt_fixed((double)n / (double)unit, precision,
                                 buf, len);
            if (w < 0 || u + 1 == sc->steps ||
                strtoull(buf, NULL, 10) < sc->base)
                break;
            unit *= sc->base; /* "1000.0K": say 1.0M instead */
            u++;
        }
    }
    suffix_len = strlen(sc->suffix[u]);
    if (w < 0 || (size_t)w + suffix_len + 1 > len)
        return -1;
    memcpy(buf + w, sc->suffix[u], suffix_len + 1);
    return w + (int)suffix_len;
}

int numfmt_count(uint64_t n, int precision, char *buf, size_t len)
{
    if (precision < 0 || precision > NUMFMT_PRECISION_MAX || n == 0 ||
        n > PARAMS_MAX || len < NUMFMT_MAX)
        return -1;
    return format_scaled(n, precision, &counts, buf, len);
}

int numfmt_bytes(uint64_t n, int precision, int binary, char *buf,
                 size_t len)
{
    if (precision < 0 || precision > NUMFMT_PRECISION_MAX ||
        len < NUMFMT_MAX)
        return -1;
    return format_scaled(n, precision, binary ? &iec_bytes : &si_bytes,
                         buf, len);
}

/* Rounds the 17 significant digits d (value 0.d0d1d2... x 10^(*exp +
 * 1)) to their first precision (15 to 17, so that the dropped digits
 * fit an int), half up, moving *exp when 9.99... carries to 10.0....
 * Returns 0, or -1 when the digits dropped are exactly half a unit,
 * where only the exact value can tell which way printf rounds. */
static int round_digits(char d[17], int precision, int *exp)
{
    int dropped = 0, half = 5;

    for (int i = precision; i < 17; i++) {
        dropped = dropped * 10 + (d[i] - '0');
        half *= i > precision ? 10 : 1;
    }
    if (dropped == half)
        return -1;
    for (int i = precision - 1; dropped > half && i >= 0; i--) {
        if (d[i] != '9') {
            d[i]++;
            break;
        }
        d[i] = '0';
        if (i == 0) {
            d[0] = '1';
            (*exp)++;
        }
    }
    return 0;
}

/* %g's exponent form of d[0..last] x 10^exp: "1.5e+20", "2e-07" (at
 * least two exponent digits).  Returns the length written to buf. */
static int put_exponent_form(const char *d, int last, int exp, char *buf)
{
    int n = 0;

    buf[n++] = d[0];
    if (last > 0) {
        buf[n++] = '.';
        memcpy(buf + n, d + 1, (size_t)last);
        n += last;
    }
    buf[n++] = 'e';
    buf[n++] = exp < 0 ? '-' : '+';
    exp = abs(exp);
    if (exp >= 100)
        buf[n++] = (char)('0' + exp / 100);
    buf[n++] = (char)('0' + exp / 10 % 10);
    buf[n++] = (char)('0' + exp % 10);
    return n;
}

/* %g's positional form of d[0..last] x 10^exp: "0.00015", "1500",
 * "15.25".  Returns the length written to buf. */
static int put_positional_form(const char *d, int last, int exp, char *buf)
{
    int n = 0, point = exp + 1; /* digits before the point */

    if (exp < 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = exp + 1; i < 0; i++)
            buf[n++] = '0';
        memcpy(buf + n, d, (size_t)last + 1);
        return n + last + 1;
    }
    for (int i = 0; i < point; i++)
        buf[n++] = i <= last ? d[i] : '0';
    if (last >= point) {
        buf[n++] = '.';
        memcpy(buf + n, d + point, (size_t)(last - point + 1));
        n += last - point + 1;
    }
    return n;
}

/* Writes d as printf("%.*g", precision) would, from its 17 significant
 * digits (digits[0..17), value 0.d0d1d2... x 10^(exp + 1)) rounded to
 * precision (15 to 17) of them.  Returns the length, or -1 on an exact
 * tie (see round_digits). */
static int format_g(int negative, const char *digits, int exp,
                    int precision, char *buf)
{
    char d[17];
    int n = 0, last;

    memcpy(d, digits, 17);
    if (round_digits(d, precision, &exp) < 0)
        return -1;
    for (last = precision - 1; last > 0 && d[last] == '0'; last--)
        ; /* %g drops trailing zeros */
    if (negative)
        buf[n++] = '-';
    /* %g's own rule for when to use the exponent form */
    if (exp < -4 || exp >= precision)
        return n + put_exponent_form(d, last, exp, buf + n);
    return n + put_positional_form(d, last, exp, buf + n);
}

/* Writes d as printf("%.15g") would, without printf, when d is m / 10^k
 * for a whole m below 10^15 and k from 0 to 22: then m and 10^k are
 * exact doubles, their quotient is rounded once, as strtod rounds "m e-k",
 * and no other text of 15 digits or fewer reads back as d.  Most ratios
 * of round counts are such numbers.  Returns the length, or -1. */
static int print_short_double(double d, char *buf)
{
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    char digits[17];

#if FLT_EVAL_METHOD != 0
    return -1; /* the division below must be rounded to double */
#endif
    for (int k = 0; k < 23 && d > 0 && d * pow10[k] < 1e15; k++) {
        double m = nearbyint(d * pow10[k]);
        uint64_t v;
        int n;

        if (m / pow10[k] != d)
            continue;
        v = (uint64_t)m;
        n = numfmt_u64(v, digits, sizeof(digits));
        memset(digits + n, '0', sizeof(digits) - (size_t)n);
        return format_g(0, digits, n - 1 - k, 15, buf);
    }
    return -1;
}

/* The text of d that printf("%.15g"), "%.16g" or "%.17g" gives, the
 * first of them that reads back as d (as Python's repr, %.15g first
 * because it drops trailing zeros).  printf runs once, for the 17
 * digits; the shorter forms are rounded from them.  Returns the length;
 * buf must hold NUMFMT_DOUBLE_MAX bytes. */
int numfmt_double(double d, char *buf, size_t len)
{
    char e[NUMFMT_DOUBLE_MAX], digits[17];
    int negative = d < 0, exp, n = 0;
    const char *p;

    assert(len >= NUMFMT_DOUBLE_MAX);
    n = print_short_double(d, buf);
    if (n >= 0) {
        buf[n] = '\0';
        return n;
    }
    if (d == 0 || !isfinite(d))
        return snprintf(buf, len, "%.15g", d);
    snprintf(e, sizeof(e), "%.16e", d); /* "-1.2345678901234567e+17" */
    p = e + negative;
    digits[0] = p[0];
    memcpy(digits + 1, p + 2, 16);
    exp = atoi(p + 19);
    for (int precision = 15; precision <= 17; precision++) {
        n = format_g(negative, digits, exp, precision, buf);
        if (n < 0)
            n = snprintf(buf, len, "%.*g", precision, d);
        buf[n] = '\0';
        if (precision == 17 || strtod(buf, NULL) == d)
            break;
    }
    return n;
}
