/* params.c - reading, checking and printing parameter counts.
 * Pure: no I/O, no globals, no allocation. */
#include "params.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    uint64_t size;
    char suffix;
} units[] = {
    {1000ULL, 'K'},
    {1000000ULL, 'M'},
    {1000000000ULL, 'B'},
    {1000000000000ULL, 'T'},
};
#define NUNITS (sizeof(units) / sizeof(units[0]))

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

static uint64_t pow10u(int e)
{
    uint64_t p = 1;

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

enum svc_status params_parse_text(const char *s, size_t len,
                                  uint64_t *out, const char **why)
{
    const char *not_count =
        "is not a count (expected digits with an optional K, M, B or T "
        "suffix, e.g. \"6.7B\")";
    const char *frac = NULL;
    size_t frac_len = 0;
    size_t pos = 0;
    uint64_t whole, scale, frac_value = 0;
    int big, exponent = 0;

    assert(s != NULL || len == 0);
    *why = NULL;
    if (len == 0)
        *why = "is empty";
    else if (s[0] == '-')
        *why = "is negative";
    else if (!is_digit(s[0]))
        *why = not_count;
    else
        *why = read_integer(s, len, &pos, &whole, &big);
    if (*why != NULL)
        return SVC_EINVAL;

    if (pos < len && s[pos] == '.') {
        pos++;
        frac = s + pos;
        while (pos < len && is_digit(s[pos]))
            pos++;
        frac_len = (size_t)(s + pos - frac);
        if (frac_len == 0) {
            *why = not_count;
            return SVC_EINVAL;
        }
    }
    if (pos < len && suffix_exponent(s[pos]) >= 0)
        exponent = suffix_exponent(s[pos++]);
    if (pos != len) {
        *why = not_count;
        return SVC_EINVAL;
    }

    /* Trailing zeros of the fraction change nothing: "6.70B" is 6.7B. */
    while (frac_len > 0 && frac[frac_len - 1] == '0')
        frac_len--;
    if (frac_len > (size_t)exponent) {
        *why = "is not a whole number";
        return SVC_EINVAL;
    }
    for (size_t i = 0; i < frac_len; i++)
        frac_value = frac_value * 10 + (uint64_t)(frac[i] - '0');

    scale = pow10u(exponent);
    if (big || whole > PARAMS_MAX / scale) {
        *why = "is above 10^18";
        return SVC_EINVAL;
    }
    whole = whole * scale + frac_value * pow10u(exponent - (int)frac_len);
    if (whole > PARAMS_MAX) {
        *why = "is above 10^18";
        return SVC_EINVAL;
    }
    if (whole == 0) {
        *why = "is zero";
        return SVC_EINVAL;
    }
    *out = whole;
    return SVC_OK;
}

enum svc_status params_from_double(double d, uint64_t *out,
                                   const char **why)
{
    if (isnan(d))
        *why = "is not a number";
    else if (d < 0 || (d == 0 && signbit(d)))
        *why = "is negative";
    else if (d == 0)
        *why = "is zero";
    else if (d > (double)PARAMS_MAX) /* infinity too */
        *why = "is above 10^18";
    else if (d != floor(d))
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

int params_print_u64(uint64_t n, char *buf, size_t len)
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

int params_print_fixed(double x, int decimals, char *buf, size_t len)
{
    static const unsigned scale[] = {1, 10, 100, 1000};
    char digits[21];
    int n, whole, w = 0;

    assert(decimals >= 0 && decimals <= PARAMS_PRECISION_MAX);
#if LDBL_MANT_DIG >= 64
    /* x has 53 significant bits and 1000 needs 7 more, so the product is
     * exact in a 64-bit long double, and so is its fraction; it is
     * rounded half to even, as printf rounds the exact value.  (Not with
     * nearbyintl: saving the floating-point state made it a sixth of the
     * time of a 10,000-model comparison.) */
    long double scaled = (long double)x * scale[decimals];

    if (x >= 0 && scaled < 1e19L && len >= sizeof(digits)) {
        uint64_t v = (uint64_t)scaled;
        long double fraction = scaled - (long double)v;

        if (fraction > 0.5L || (fraction == 0.5L && v % 2 == 1))
            v++;
        n = params_print_u64(v, digits, sizeof(digits));
        whole = n > decimals ? n - decimals : 0;
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
#endif
    n = snprintf(buf, len, "%.*f", decimals, x);
    return n >= 0 && (size_t)n < len ? n : -1;
}

int params_format(uint64_t n, int precision, char *buf, size_t len)
{
    size_t u = 0;
    int w;

    if (precision < 0 || precision > PARAMS_PRECISION_MAX || n == 0 ||
        n > PARAMS_MAX || len < PARAMS_FORMAT_MAX)
        return -1;
    if (n < units[0].size)
        return params_print_u64(n, buf, len);

    while (u + 1 < NUNITS && n >= units[u + 1].size)
        u++;
    for (;;) {
        w = params_print_fixed((double)n / (double)units[u].size,
                               precision, buf, len);
        /* Rounding may reach 1000 ("1000.0K"): say 1.0M instead. */
        if (strcspn(buf, ".") < 4 || u + 1 == NUNITS)
            break;
        u++;
    }
    if (w < 0 || (size_t)w + 2 > len)
        return -1;
    buf[w++] = units[u].suffix;
    buf[w] = '\0';
    return w;
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

enum svc_status params_check_name(const char *name, size_t len,
                                  const char **why)
{
    const unsigned char *s = (const unsigned char *)name;

    *why = NULL;
    if (len == 0)
        *why = "is empty";
    else if (len > PARAMS_NAME_MAX)
        *why = "is longer than 256 bytes";
    for (size_t i = 0; *why == NULL && i < len;) {
        size_t n = params_utf8_seq(s + i, len - i);

        if (n == 0)
            *why = "is not valid UTF-8";
        i += n;
    }
    return *why == NULL ? SVC_OK : SVC_EINVAL;
}
