/* json_text.c - a request body as one JSON document: RFC 8259's grammar
 * checked byte by byte, as cJSON 1.7 does not, then parsed by cJSON, and
 * each number given the text the client wrote for it. */
#include "api/json_text.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A walk over the text by RFC 8259's grammar. */
struct scan {
    const unsigned char *s;
    size_t len;
    size_t pos;        /* the next byte; where the text went wrong */
    int depth;         /* arrays and objects open at pos */
    const char *what;  /* why the text is not JSON, or NULL */
    char what_buf[128]; /* for a what that names a character */
    size_t nul_escape; /* offset of the first "\u0000", or len */
};

/* The reason the nesting limit gives; its detail is worded apart. */
static const char too_deep[] = "too deep";

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int fail(struct scan *sc, size_t at, const char *what)
{
    sc->pos = at;
    sc->what = what;
    return -1;
}

/* Fails at sc->pos, where `expected` should be: saying what is there
 * instead when the body ends or a control character is used as space. */
static int fail_expected(struct scan *sc, const char *expected)
{
    unsigned char c = sc->pos < sc->len ? sc->s[sc->pos] : 0;

    if (sc->pos >= sc->len)
        snprintf(sc->what_buf, sizeof(sc->what_buf),
                 "the body ends early (expected %s)", expected);
    else if (c < 0x20)
        snprintf(sc->what_buf, sizeof(sc->what_buf),
                 "U+%04X is not JSON whitespace (only space, tab, LF and "
                 "CR are)", c);
    else
        snprintf(sc->what_buf, sizeof(sc->what_buf), "expected %s",
                 expected);
    return fail(sc, sc->pos, sc->what_buf);
}

static void skip_space(struct scan *sc)
{
    while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' ||
                                 sc->s[sc->pos] == '\t' ||
                                 sc->s[sc->pos] == '\n' ||
                                 sc->s[sc->pos] == '\r'))
        sc->pos++;
}

/* The value of the four hexadecimal digits at s[0..4), or -1. */
static long hex4(const unsigned char *s, size_t avail)
{
    long v = 0;

    for (size_t i = 0; i < 4; i++) {
        unsigned char c = i < avail ? s[i] : 0;

        if (is_digit(c))
            v = v * 16 + (c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v = v * 16 + ((c | 0x20) - 'a' + 10);
        else
            return -1;
    }
    return v;
}

/* The escape at s[*at] (a backslash); moves *at past it.  A \u escape
 * of a UTF-16 surrogate must be half of a pair, as cJSON decodes them. */
static int scan_escape(struct scan *sc, size_t *at)
{
    const unsigned char *e = sc->s + *at;
    size_t avail = sc->len - *at;
    long cp, low = -1;

    if (avail < 2)
        return fail(sc, sc->len, "the body ends inside a string");
    if (e[1] != 'u') {
        if (e[1] != '\0' && strchr("\"\\/bfnrt", e[1])) {
            *at += 2;
            return 0;
        }
        if (e[1] <= 0x20 || e[1] >= 0x7f)
            return fail(sc, *at, "an unknown escape in a string");
        snprintf(sc->what_buf, sizeof(sc->what_buf),
                 "an unknown escape \\%c in a string", e[1]);
        return fail(sc, *at, sc->what_buf);
    }
    cp = hex4(e + 2, avail - 2);
    if (cp < 0)
        return fail(sc, *at, "\\u must be followed by four hexadecimal "
                             "digits");
    if (cp == 0 && sc->nul_escape == sc->len)
        sc->nul_escape = *at;
    if (cp >= 0xD800 && cp <= 0xDBFF && avail >= 12 && e[6] == '\\' &&
        e[7] == 'u')
        low = hex4(e + 8, avail - 8);
    if (cp >= 0xD800 && cp <= 0xDFFF && !(low >= 0xDC00 && low <= 0xDFFF)) {
        snprintf(sc->what_buf, sizeof(sc->what_buf),
                 "a lone UTF-16 surrogate \\u%.4s in a string (send a "
                 "surrogate pair, or the character itself)", e + 2);
        return fail(sc, *at, sc->what_buf);
    }
    *at += low >= 0 ? 12 : 6;
    return 0;
}

/* The string at sc->pos (a quote).  Its bytes from 0x80 are not checked
 * here: see json_text_parse. */
static int scan_string(struct scan *sc)
{
    size_t i = sc->pos + 1;

    for (;;) {
        unsigned char c = i < sc->len ? sc->s[i] : 0;

        if (i >= sc->len)
            return fail(sc, i, "the body ends inside a string");
        if (c == '"')
            break;
        if (c < 0x20) {
            snprintf(sc->what_buf, sizeof(sc->what_buf),
                     "a raw control character U+%04X in a string (escape "
                     "it, as \\u%04X)", c, c);
            return fail(sc, i, sc->what_buf);
        }
        if (c != '\\')
            i++;
        else if (scan_escape(sc, &i) != 0)
            return -1;
    }
    sc->pos = i + 1;
    return 0;
}

/* The number at sc->pos: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct scan *sc)
{
    const unsigned char *s = sc->s;
    size_t i = sc->pos, n = sc->len;

    if (s[i] == '-')
        i++;
    if (i >= n || !is_digit(s[i]))
        return fail(sc, i, "expected a digit after the minus sign");
    if (s[i] == '0' && i + 1 < n && is_digit(s[i + 1]))
        return fail(sc, sc->pos, "a number with a leading zero (JSON "
                                 "allows none: 7, not 007)");
    while (i < n && is_digit(s[i]))
        i++;
    if (i < n && s[i] == '.') {
        if (++i >= n || !is_digit(s[i]))
            return fail(sc, i, "expected a digit after the decimal point");
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return fail(sc, i, "expected a digit in the exponent");
        while (i < n && is_digit(s[i]))
            i++;
    }
    sc->pos = i;
    return 0;
}

static int scan_value(struct scan *sc);

/* Enters the array or object at sc->pos, within CJSON_NESTING_LIMIT. */
static int enter(struct scan *sc)
{
    if (sc->depth >= CJSON_NESTING_LIMIT)
        return fail(sc, sc->pos, too_deep);
    sc->depth++;
    sc->pos++;
    skip_space(sc);
    return 0;
}

/* The array (close ']') or object (close '}') at sc->pos. */
static int scan_container(struct scan *sc, unsigned char close)
{
    const char *after = close == ']' ? "',' or ']'" : "',' or '}'";

    if (enter(sc) != 0)
        return -1;
    if (sc->pos < sc->len && sc->s[sc->pos] == close) {
        sc->pos++;
        sc->depth--;
        return 0;
    }
    for (;;) {
        if (close == '}') {
            if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
                return fail_expected(sc, "a member name in double quotes");
            if (scan_string(sc) != 0)
                return -1;
            skip_space(sc);
            if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
                return fail_expected(sc, "':' after the member name");
            sc->pos++;
        }
        if (scan_value(sc) != 0)
            return -1;
        skip_space(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == close)
            break;
        if (sc->pos >= sc->len || sc->s[sc->pos] != ',')
            return fail_expected(sc, after);
        sc->pos++;
        skip_space(sc);
    }
    sc->pos++;
    sc->depth--;
    return 0;
}

static int scan_value(struct scan *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    unsigned char c;

    skip_space(sc);
    c = sc->pos < sc->len ? sc->s[sc->pos] : 0;
    if (c == '{' || c == '[')
        return scan_container(sc, c == '{' ? '}' : ']');
    if (c == '"')
        return scan_string(sc);
    if (c == '-' || is_digit(c))
        return scan_number(sc);
    for (size_t w = 0; w < 3; w++) {
        size_t n = strlen(words[w]);

        if (sc->len - sc->pos >= n &&
            memcmp(sc->s + sc->pos, words[w], n) == 0) {
            sc->pos += n;
            return 0;
        }
    }
    return fail_expected(sc, "a value");
}

/* One JSON text: an optional byte order mark (RFC 8259 section 8.1 lets
 * a reader ignore it, and cJSON does), then one value between spaces.
 * Sets *top to the value's first byte. */
static int scan_text(struct scan *sc, unsigned char *top)
{
    if (sc->len >= 3 && memcmp(sc->s, "\xEF\xBB\xBF", 3) == 0)
        sc->pos = 3;
    skip_space(sc);
    *top = sc->pos < sc->len ? sc->s[sc->pos] : 0;
    if (scan_value(sc) != 0)
        return -1;
    skip_space(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] < 0x20)
        return fail_expected(sc, "the end of the body");
    if (sc->pos < sc->len)
        return fail(sc, sc->pos, "unexpected text after the JSON value");
    return 0;
}

/* Refuses the body at byte `at`, by line, column and offset. */
static enum svc_status refuse_at(struct problem *pb, const char *text,
                                 size_t at, const char *what)
{
    size_t line = 1, column = 1;

    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    if (what == too_deep)
        return problem_set(pb, SVC_EMALFORMED,
                           "the request body is not valid JSON as "
                           "modelscale reads it: it nests deeper than %d "
                           "levels at line %zu, column %zu (byte offset "
                           "%zu)",
                           CJSON_NESTING_LIMIT, line, column, at);
    return problem_set(pb, SVC_EMALFORMED,
                       "the request body is not valid JSON: %s at line "
                       "%zu, column %zu (byte offset %zu)",
                       what, line, column, at);
}

/* The next number token in text at or after *pos, the text being valid
 * JSON: strings are skipped, and no literal has a digit or a '-'.  Sets
 * *pos past it and returns its start, or len when none is left. */
static size_t next_number(const char *text, size_t len, size_t *pos)
{
    size_t i = *pos, start;

    while (i < len && text[i] != '-' && !is_digit((unsigned char)text[i])) {
        if (text[i] == '"') {
            for (i++; i < len && text[i] != '"'; i++)
                i += text[i] == '\\';
        }
        i++;
    }
    start = i;
    while (i < len && text[i] != '\0' && strchr("0123456789+-.eE", text[i]))
        i++;
    *pos = i;
    return start;
}

/* Whether t[0..n) is an integer of at most 15 digits, which a double
 * holds exactly and numfmt_double prints as written. */
static int plain_integer(const char *t, size_t n)
{
    size_t sign = n > 0 && t[0] == '-';

    if (n - sign == 0 || n - sign > 15)
        return 0;
    return strspn(t + sign, "0123456789") == n - sign;
}

/* Gives each number item from item on (its siblings and what they hold,
 * in document order, which is the text's order) the text of its token,
 * when that is not a plain integer.  Returns 0, or -1 when memory runs
 * out.  Recursion is bounded by CJSON_NESTING_LIMIT. */
static int keep_numbers(cJSON *item, const char *text, size_t len,
                        size_t *pos)
{
    for (; item != NULL; item = item->next) {
        if (cJSON_IsNumber(item)) {
            size_t start = next_number(text, len, pos);
            size_t n = *pos - start;

            assert(start < len);
            if (start >= len || plain_integer(text + start, n))
                continue;
            item->valuestring = cJSON_malloc(n + 1);
            if (item->valuestring == NULL)
                return -1;
            memcpy(item->valuestring, text + start, n);
            item->valuestring[n] = '\0';
        } else if (item->child != NULL &&
                   keep_numbers(item->child, text, len, pos) != 0) {
            return -1;
        }
    }
    return 0;
}

enum svc_status json_text_parse(const char *text, size_t len, cJSON **out,
                                struct problem *pb)
{
    struct scan sc = {(const unsigned char *)text, len, 0, 0, NULL, "", len};
    const char *nul;
    unsigned char top = 0;
    size_t pos = 0;

    assert(text[len] == '\0');
    *out = NULL;
    if (len == 0)
        return problem_set(pb, SVC_EMALFORMED,
                           "the request body is empty; send a JSON object");
    nul = memchr(text, '\0', len);
    if (nul != NULL)
        return problem_set(pb, SVC_EMALFORMED,
                           "the request body has a NUL byte at offset %zu",
                           (size_t)(nul - text));
    if (scan_text(&sc, &top) != 0)
        return refuse_at(pb, text, sc.pos, sc.what);
    /* A document that is one string is no object, which its reader
     * says; inside one, cJSON would cut the string at the NUL. */
    if (sc.nul_escape < len && (top == '{' || top == '['))
        return problem_set(pb, SVC_EINVAL,
                           "the request body has a \\u0000 escape at "
                           "offset %zu; names may not contain NUL",
                           sc.nul_escape);
    /* The grammar held, so cJSON fails only when memory runs out. */
    *out = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    if (*out != NULL && keep_numbers(*out, text, len, &pos) == 0)
        return SVC_OK;
    cJSON_Delete(*out);
    *out = NULL;
    return problem_set(pb, SVC_ENOMEM, "out of memory reading the request "
                                       "body");
}

const char *json_text_number(const cJSON *item)
{
    return cJSON_IsNumber(item) ? item->valuestring : NULL;
}

/* Whether the JSON number t[0..n) stands for a whole number: its lowest
 * non-zero digit, moved by the exponent, stands at 10^0 or above.  No
 * digit is more than n places from the point, so the exponent saturates
 * beyond n + 16, where its sign alone decides. */
static int text_whole(const char *t, size_t n)
{
    long long cap = (long long)(n < 1000000000 ? n : 1000000000) + 16;
    long long digits = 0, whole_digits = 0, last = -1, exp = 0;
    int point = 0, negative = 0;
    size_t i = t[0] == '-';

    for (; i < n && (is_digit((unsigned char)t[i]) || t[i] == '.'); i++) {
        if (t[i] == '.') {
            point = 1;
            continue;
        }
        whole_digits += !point;
        if (t[i] != '0')
            last = digits; /* the lowest non-zero digit so far */
        digits++;
    }
    if (last < 0)
        return 1; /* zero */
    if (i < n) { /* the exponent */
        i++;
        negative = t[i] == '-';
        i += t[i] == '-' || t[i] == '+';
        for (; i < n; i++)
            exp = exp > cap ? exp : exp * 10 + (t[i] - '0');
    }
    /* The last non-zero digit stands at 10^(whole_digits - 1 - last). */
    return whole_digits - 1 - last + (negative ? -exp : exp) >= 0;
}

int json_text_whole(const cJSON *item)
{
    const char *t = json_text_number(item);

    if (t != NULL)
        return text_whole(t, strlen(t));
    return cJSON_IsNumber(item) &&
           item->valuedouble == floor(item->valuedouble);
}
