/* params.c - reading, checking and printing parameter counts.
 * Pure: no I/O, no globals, no allocation. */
#include "modelscale/params.h"

#include <assert.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Power of ten a suffix letter stands for, or -1 if c is none. */
static int suffix_exponent(char c)
{
    switch (c) {
    case 'k': case 'K': return 3;
    case 'm': case 'M': return 6;
    case 'b': case 'B': return 9;
    case 't': case 'T': return 12;
    default: return -1;
    }
}

static uint64_t pow10u(size_t e)
{
    uint64_t p = 1;

    assert(e <= 19);
    while (e-- > 0)
        p *= 10;
    return p;
}

/* Reads the integer part at s[*pos..len): digits, optionally grouped in
 * threes by one kind of separator (',' or '_').  Saturates above
 * PARAMS_MAX and says so in *big.  Returns NULL or the reason. */
static const char *read_integer(const char *s, size_t len, size_t *pos,
                                uint64_t *value, int *big)
{
    const char *bad_groups =
        "has misplaced digit separators (use groups of three, "
        "e.g. \"101,770\")";
    char sep = 0;
    size_t group = 0; /* digits since the start or the last separator */
    int groups = 0;   /* separators seen */
    size_t i = *pos;

    *value = 0;
    *big = 0;
    for (; i < len; i++) {
        char c = s[i];

        if (is_digit(c)) {
            if (*value > PARAMS_MAX)
                *big = 1;
            else
                *value = *value * 10 + (uint64_t)(c - '0');
            group++;
        } else if (c == ',' || c == '_') {
            if (sep != 0 && c != sep)
                return bad_groups;
            if (group == 0 || group > 3 || (groups > 0 && group != 3))
                return bad_groups;
            sep = c;
            groups++;
            group = 0;
        } else {
            break;
        }
    }
    if (groups > 0 && group != 3)
        return bad_groups;
    if (*value > PARAMS_MAX)
        *big = 1;
    *pos = i;
    return NULL;
}

/* A number as a client writes one: digits (grouped or not), a
 * fraction, then a K/M/B/T suffix or an exponent ("7e9"), either of
 * which sets the power of ten. */
struct number_text {
    uint64_t whole;   /* the integer part, saturated: see big */
    int big;          /* the integer part is above PARAMS_MAX */
    const char *frac; /* the fraction's digits, trailing zeros dropped */
    size_t frac_len;
    size_t exponent; /* the suffix's or the exponent's: see EXPONENT_SLACK */
    size_t end;      /* where the number stopped in s */
};

/* An exponent is read exactly up to the text's length plus this, and
 * saturates there: the fraction has fewer digits than the text, so any
 * larger exponent still leaves a number with a digit 10^64 or more
 * (above every limit), or zero; so all mean the same. */
#define EXPONENT_SLACK 64

#define NOT_A_COUNT                                                       \
    "is not a count (expected digits with an optional K, M, B or T "     \
    "suffix, e.g. \"6.7B\")"
#define NOT_AN_AMOUNT                                                     \
    "is not a number (expected digits with an optional K, M, B or T "    \
    "suffix or an exponent, e.g. \"1.4T\" or \"5.76e23\")"
#define NOT_AN_AMOUNT_OF_MEMORY                                           \
    "is not an amount of memory (expected a number and a unit: B, kB, " \
    "MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB, PiB or EiB, e.g. \"24GB\")"

/* Reads a number at the start of s[0..len).  With suffixes, a letter
 * K/M/B/T may follow; an exponent "e9" or "E+9" always may.  Stops at
 * the first character that is none of these and sets nt->end.  Returns
 * NULL or the reason it is not a number. */
static const char *scan_number(const char *s, size_t len, int suffixes,
                               const char *not_number,
                               struct number_text *nt)
{
    size_t pos = 0;
    const char *why;

    memset(nt, 0, sizeof(*nt));
    if (len == 0)
        return "is empty";
    if (s[0] == '-')
        return "is negative";
    if (!is_digit(s[0]))
        return not_number;
    why = read_integer(s, len, &pos, &nt->whole, &nt->big);
    if (why != NULL)
        return why;
    if (pos < len && s[pos] == '.') {
        nt->frac = s + ++pos;
        while (pos < len && is_digit(s[pos]))
            pos++;
        nt->frac_len = (size_t)(s + pos - nt->frac);
        if (nt->frac_len == 0)
            return not_number;
    }
    if (suffixes && pos < len && suffix_exponent(s[pos]) >= 0) {
        nt->exponent = suffix_exponent(s[pos++]);
    } else if (pos < len && (s[pos] == 'e' || s[pos] == 'E')) {
        size_t p = pos + 1;

        if (p < len && s[p] == '+')
            p++;
        /* Not an exponent unless digits follow: "24EB" is 24 exabytes. */
        if (p < len && is_digit(s[p])) {
            size_t cap = len < SIZE_MAX / 16 ? len + EXPONENT_SLACK
                                             : SIZE_MAX / 16;

            for (pos = p; pos < len && is_digit(s[pos]); pos++) {
                if (nt->exponent <= cap)
                    nt->exponent = nt->exponent * 10 +
                                   (size_t)(s[pos] - '0');
            }
        }
    }
    /* Trailing zeros of the fraction change nothing: "6.70B" is 6.7B. */
    while (nt->frac_len > 0 && nt->frac[nt->frac_len - 1] == '0')
        nt->frac_len--;
    nt->end = pos;
    return NULL;
}

/* whole * 10^e + frac * 10^(e - frac_len), if it is a whole number no
 * larger than PARAMS_MAX. */
static const char *number_value(const struct number_text *nt,
                                uint64_t *out)
{
    const char *above = "is above 10^18";
    uint64_t frac_value = 0, sum = 0;
    size_t sig = 0; /* significant digits of the fraction */
    size_t shift;

    if (nt->frac_len > nt->exponent)
        return "is not a whole number";
    shift = nt->exponent - nt->frac_len;
    for (size_t i = 0; i < nt->frac_len; i++) {
        sig += sig > 0 || nt->frac[i] != '0';
        if (sig > 18)
            return above; /* 19 digits that end in 1-9: above 10^18 */
        frac_value = frac_value * 10 + (uint64_t)(nt->frac[i] - '0');
    }
    if (nt->big || (nt->whole > 0 && (nt->exponent > 18 ||
                                      nt->whole > PARAMS_MAX /
                                                      pow10u(nt->exponent))))
        return above;
    if (frac_value > 0 &&
        (shift > 18 || frac_value > PARAMS_MAX / pow10u(shift)))
        return above;
    if (nt->whole > 0)
        sum = nt->whole * pow10u(nt->exponent);
    if (frac_value > 0)
        sum += frac_value * pow10u(shift);
    if (sum > PARAMS_MAX)
        return above;
    if (sum == 0)
        return "is zero";
    *out = sum;
    return NULL;
}

enum svc_status params_parse_text(const char *s, size_t len,
                                  uint64_t *out, const char **why)
{
    struct number_text nt;
    uint64_t v;

    assert(s != NULL || len == 0);
    *why = scan_number(s, len, 1, NOT_A_COUNT, &nt);
    if (*why == NULL && nt.end != len)
        *why = NOT_A_COUNT;
    if (*why == NULL)
        *why = number_value(&nt, &v);
    if (*why != NULL)
        return SVC_EINVAL;
    *out = v;
    return SVC_OK;
}

/* The number nt stands for, as a long double: its first 40
 * significant digits, read by strtold with the power of ten that places
 * them, so that it is rounded once.  Leading zeros, of the fraction too
 * ("0.000...5e100"), move that power instead of taking digits' places. */
static long double number_real(const char *s, const struct number_text *nt)
{
    char text[96] = "0.";
    size_t w = 2;
    long long point = (long long)nt->exponent; /* of the first digit */

    for (size_t i = 0;
         i < nt->end && s[i] != '.' && !isalpha((unsigned char)s[i]); i++) {
        if (!is_digit(s[i]) || (w == 2 && s[i] == '0'))
            continue;
        if (w < 42)
            text[w++] = s[i];
        point++;
    }
    for (size_t i = 0; i < nt->frac_len; i++) {
        if (w == 2 && nt->frac[i] == '0')
            point--;
        else if (w < 42)
            text[w++] = nt->frac[i];
    }
    if (w == 2)
        return 0;
    /* Far below 1 all are alike, but none is zero, as a double too. */
    snprintf(text + w, sizeof(text) - w, "e%lld",
             point < -300 ? -300 : point);
    return strtold(text, NULL);
}

enum svc_status params_parse_number(const char *s, size_t len, double *out,
                                    const char **why)
{
    struct number_text nt;
    long double v = 0;

    assert(s != NULL || len == 0);
    *why = scan_number(s, len, 1, NOT_AN_AMOUNT, &nt);
    if (*why == NULL && nt.end != len)
        *why = NOT_AN_AMOUNT;
    if (*why == NULL) {
        v = number_real(s, &nt);
        *why = v > PARAMS_AMOUNT_MAX ? "is above 10^40" : NULL;
    }
    if (*why != NULL)
        return SVC_EINVAL;
    *out = (double)v;
    return SVC_OK;
}

enum svc_status params_parse_amount(const char *s, size_t len, double *out,
                                    const char **why)
{
    double v = 0;
    enum svc_status st = params_parse_number(s, len, &v, why);

    *why = st == SVC_OK ? params_check_amount(v) : *why;
    if (*why == NULL)
        *out = v;
    return *why == NULL ? SVC_OK : SVC_EINVAL;
}

const char *params_check_amount(double x)
{
    if (isnan(x))
        return "is not a number";
    if (x <= 0)
        return x == 0 ? "is zero" : "is negative";
    if (x < 1)
        return "is below 1";
    if (x > PARAMS_AMOUNT_MAX)
        return "is above 10^40";
    return NULL;
}

/* The number nt stands for times 10^shift, rounded half up to a whole
 * number exactly, from its digits; 0 when it is 10^19 or more.  (A long
 * double cannot round 24000000000.4999999999 right: it holds it as .5.)
 * Half up needs only the digit after the point: 0.4999... is below a
 * half whatever follows, 0.5... is not. */
static uint64_t round_digits(const char *s, const struct number_text *nt,
                             int shift)
{
    char d[24]; /* the digits up to the one after the point, at most */
    size_t n = 0, ints = 0;
    long long point;
    uint64_t v = 0;

    for (size_t i = 0; i < nt->end && s[i] != '.'; i++) {
        if (s[i] == ',' || s[i] == '_')
            continue;
        if (!is_digit(s[i]))
            break;
        if (n < sizeof(d))
            d[n++] = s[i];
        ints++;
    }
    for (size_t i = 0; i < nt->frac_len && n < sizeof(d); i++)
        d[n++] = nt->frac[i];
    point = (long long)ints + nt->exponent + shift;
    if (ints > sizeof(d) || point > 19)
        return 0;
    for (long long i = 0; i < point; i++) {
        int digit = (size_t)i < n ? d[i] - '0' : 0;

        if (v > (10000000000000000000ULL - (uint64_t)digit) / 10)
            return 0;
        v = v * 10 + (uint64_t)digit;
    }
    return v + (point >= 0 && (size_t)point < n && d[point] >= '5');
}

/* The power of ten that unit is (1, 1000, ...): 0, 3, ... */
static int decimal_places(uint64_t unit)
{
    int n = 0;

    while (unit >= 10) {
        unit /= 10;
        n++;
    }
    return n;
}

static const struct {
    const char *name;
    uint64_t size;
} byte_units[] = {
    {"B", 1},
    {"kB", 1000ULL},
    {"KB", 1000ULL},
    {"MB", 1000000ULL},
    {"GB", 1000000000ULL},
    {"TB", 1000000000000ULL},
    {"PB", 1000000000000000ULL},
    {"EB", 1000000000000000000ULL},
    {"KiB", 1ULL << 10},
    {"MiB", 1ULL << 20},
    {"GiB", 1ULL << 30},
    {"TiB", 1ULL << 40},
    {"PiB", 1ULL << 50},
    {"EiB", 1ULL << 60},
};
#define NBYTE_UNITS (sizeof(byte_units) / sizeof(byte_units[0]))

enum svc_status params_parse_bytes(const char *s, size_t len,
                                   uint64_t *out, const char **why)
{
    struct number_text nt;
    uint64_t unit = 1;
    size_t pos;
    long double v;

    assert(s != NULL || len == 0);
    *why = scan_number(s, len, 0, NOT_AN_AMOUNT_OF_MEMORY, &nt);
    if (*why != NULL)
        return SVC_EINVAL;
    pos = nt.end;
    if (pos + 1 < len && s[pos] == ' ')
        pos++; /* "24 GB"; but not "24 " */
    if (pos < len) {
        size_t u = 0;

        while (u < NBYTE_UNITS &&
               !(strlen(byte_units[u].name) == len - pos &&
                 strncasecmp(byte_units[u].name, s + pos, len - pos) == 0))
            u++;
        if (u == NBYTE_UNITS) {
            *why = NOT_AN_AMOUNT_OF_MEMORY;
            return SVC_EINVAL;
        }
        unit = byte_units[u].size;
    }
    v = number_real(s, &nt) * (long double)unit;
    if (v > PARAMS_BYTES_MAX)
        *why = "is above 10^19 bytes (10 EB)";
    else if (v < 0.5L)
        *why = "is less than one byte";
    if (*why != NULL)
        return SVC_EINVAL;
    /* A unit of a power of ten rounds exactly from the digits; a binary
     * one through the long double, which holds 64 bits of it. */
    *out = unit % 10 == 0 || unit == 1
               ? round_digits(s, &nt, decimal_places(unit))
               : (uint64_t)(v + 0.5L);
    if (*out == 0) /* rounds to nothing, or too large to say exactly */
        *out = v < 1.0L ? 1 : (uint64_t)(v + 0.5L);
    return SVC_OK;
}

enum svc_status params_from_double(double d, int whole, uint64_t *out,
                                   const char **why)
{
    if (isnan(d))
        *why = "is not a number";
    else if (d < 0 || (d == 0 && signbit(d)))
        *why = "is negative";
    else if (d == 0 && whole) /* not 1e-400 */
        *why = "is zero";
    else if (d > (double)PARAMS_MAX) /* infinity too */
        *why = "is above 10^18";
    else if (!whole || d != floor(d))
        *why = "is not a whole number";
    else if (d > PARAMS_JSON_EXACT_MAX)
        *why = "is above 2^53 - 1, where JSON numbers stop being exact; "
               "send it as a string, e.g. \"123456789012345678\"";
    else
        *why = NULL;
    if (*why != NULL)
        return SVC_EINVAL;
    *out = (uint64_t)d;
    return SVC_OK;
}

size_t params_utf8_seq(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t need;
    uint32_t cp, min;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

const char *params_check_utf8(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;

    for (size_t i = 0; i < len;) {
        size_t n = params_utf8_seq(s + i, len - i);

        if (n == 0)
            return "is not valid UTF-8";
        i += n;
    }
    return NULL;
}

enum svc_status params_check_name(const char *name, size_t len,
                                  const char **why)
{
    if (len == 0)
        *why = "is empty";
    else if (len > PARAMS_NAME_MAX)
        *why = "is longer than 256 bytes";
    else
        *why = params_check_utf8(name, len);
    return *why == NULL ? SVC_OK : SVC_EINVAL;
}
