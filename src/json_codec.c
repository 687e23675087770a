/* json_codec.c - reading comparison bodies and building every JSON
 * answer.  Counts are printed as exact integers and doubles in their
 * shortest round-trip form, never through cJSON's own number printer
 * (which prints 10^18 as 1e+18 and may drop the last digit). */
#include "json_codec.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

#define NUMBER_MAX 32

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}

/* Writes d as printf("%.*g", precision) would, from its 17 significant
 * digits (digits[0..17), value 0.d0d1d2... x 10^(exp + 1)) rounded to
 * precision of them.  Returns the length, or -1 when the digits dropped
 * are exactly half a unit, where only the exact value can tell which way
 * printf rounds. */
static int format_g(int negative, const char *digits, int exp,
                    int precision, char *buf)
{
    char d[17];
    int n = 0, keep = precision, last, point;

    memcpy(d, digits, 17);
    if (precision < 17) {
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
            if (i == 0) { /* 9.99... rounds up to 10.0... */
                d[0] = '1';
                exp++;
            }
        }
    }
    for (last = keep - 1; last > 0 && d[last] == '0'; last--)
        ; /* %g drops trailing zeros */
    if (negative)
        buf[n++] = '-';
    if (exp < -4 || exp >= precision) {
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
    if (exp < 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = exp + 1; i < 0; i++)
            buf[n++] = '0';
        memcpy(buf + n, d, (size_t)last + 1);
        return n + last + 1;
    }
    point = exp + 1; /* digits before the point */
    for (int i = 0; i < point; i++)
        buf[n++] = i <= last ? d[i] : '0';
    if (last >= point) {
        buf[n++] = '.';
        memcpy(buf + n, d + point, (size_t)(last - point + 1));
        n += last - point + 1;
    }
    return n;
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
        n = params_print_u64(v, digits, sizeof(digits));
        memset(digits + n, '0', sizeof(digits) - (size_t)n);
        return format_g(0, digits, n - 1 - k, 15, buf);
    }
    return -1;
}

/* The text of d that printf("%.15g"), "%.16g" or "%.17g" gives, the
 * first of them that reads back as d (as Python's repr, %.15g first
 * because it drops trailing zeros).  printf runs once, for the 17
 * digits; the shorter forms are rounded from them.  Returns the length;
 * buf must hold NUMBER_MAX bytes. */
static int print_double(double d, char *buf, size_t len)
{
    char e[NUMBER_MAX], digits[17];
    int negative = d < 0, exp, n = 0;
    const char *p;

    assert(len >= NUMBER_MAX);
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

/* A client's value as a detail shows it: "6.7X", 1.5, true, an array. */
static const char *describe(const cJSON *v, char *buf, size_t len)
{
    if (cJSON_IsString(v))
        return problem_quote(buf, len, v->valuestring,
                             strlen(v->valuestring));
    if (cJSON_IsNumber(v) && isinf(v->valuedouble))
        return v->valuedouble > 0 ? "(a number above 1e308)"
                                  : "(a number below -1e308)";
    if (cJSON_IsNumber(v)) {
        print_double(v->valuedouble, buf, len);
        return buf;
    }
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    return type_name(v);
}

/* Points pb at prefix/key, or at prefix alone when key is not
 * printable as a pointer (invalid UTF-8, or too long). */
static void point_member(struct problem *pb, const char *prefix,
                         const char *key)
{
    char esc[PROBLEM_POINTER_MAX];
    const char *why;
    size_t len = strlen(key);

    if (params_check_name(key, len, &why) == SVC_OK)
        problem_point(pb, "%s/%s", prefix,
                      problem_escape(esc, sizeof(esc), key, len));
    else
        problem_point(pb, "%s", *prefix ? prefix : "");
}

/* Offset of the first "\u0000" escape in text, or len if none.  An
 * escape takes two characters, so "\\u0000" (an escaped backslash and
 * the letters u0000) is skipped as it should be. */
static size_t find_nul_escape(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == 'u' && i + 6 <= len &&
            memcmp(text + i + 2, "0000", 4) == 0)
            return i;
        i++;
    }
    return len;
}

enum svc_status json_codec_parse(const char *text, size_t len, cJSON **out,
                                 struct problem *pb)
{
    const char *end = NULL;
    const char *nul;
    size_t at, line = 1, column = 1;

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
    at = find_nul_escape(text, len);
    if (at < len)
        return problem_set(pb, SVC_EINVAL,
                           "the request body has a \\u0000 escape at "
                           "offset %zu; names may not contain NUL", at);

    *out = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (*out != NULL)
        return SVC_OK;
    at = end != NULL && end >= text ? (size_t)(end - text) : 0;
    for (size_t i = 0; i < at && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    return problem_set(pb, SVC_EMALFORMED,
                       "the request body is not valid JSON (or nests "
                       "deeper than %d levels): error at line %zu, "
                       "column %zu (byte offset %zu)",
                       CJSON_NESTING_LIMIT, line, column, at);
}

/* Reads a count in any accepted form.  On failure fills pb, naming the
 * value and the model; the caller points it at the field. */
static enum svc_status decode_count(const cJSON *v, const char *model,
                                    uint64_t *out, struct problem *pb)
{
    char value[PROBLEM_QUOTE_MAX], name[PROBLEM_QUOTE_MAX];
    const char *why = NULL;
    enum svc_status st;

    if (cJSON_IsNumber(v))
        st = params_from_double(v->valuedouble, out, &why);
    else if (cJSON_IsString(v))
        st = params_parse_text(v->valuestring, strlen(v->valuestring), out,
                               &why);
    else
        return problem_set(pb, SVC_EINVAL,
                           "parameters of model %s must be a count (a "
                           "positive integer, or text such as \"6.7B\"), "
                           "not %s",
                           problem_quote(name, sizeof(name), model,
                                         strlen(model)),
                           type_name(v));
    if (st != SVC_OK)
        problem_set(pb, st, "parameters %s of model %s %s",
                    describe(v, value, sizeof(value)),
                    problem_quote(name, sizeof(name), model,
                                  strlen(model)),
                    why);
    return st;
}

static enum svc_status check_name(const char *name, struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    const char *why;
    size_t len = strlen(name);

    if (params_check_name(name, len, &why) == SVC_OK)
        return SVC_OK;
    return problem_set(pb, SVC_EINVAL, "model name %s %s",
                       problem_quote(q, sizeof(q), name, len), why);
}

/* {"name": "...", "parameters": count}, the i-th of the array shape. */
static enum svc_status decode_array_model(const cJSON *item, size_t i,
                                          struct compare_model *m,
                                          struct problem *pb)
{
    const cJSON *name = NULL, *count = NULL;
    char q[PROBLEM_QUOTE_MAX], where[32];

    if (!cJSON_IsObject(item)) {
        problem_set(pb, SVC_EINVAL,
                    "each model must be an object with \"name\" and "
                    "\"parameters\", not %s", type_name(item));
        problem_point(pb, "/models/%zu", i);
        return pb->status;
    }
    for (const cJSON *f = item->child; f != NULL; f = f->next) {
        const cJSON **slot = NULL;

        if (strcmp(f->string, "name") == 0)
            slot = &name;
        else if (strcmp(f->string, "parameters") == 0)
            slot = &count;
        if (slot == NULL || *slot != NULL) {
            problem_set(pb, SVC_EINVAL,
                        slot == NULL ? "unknown member %s of a model "
                                       "(expected \"name\" and "
                                       "\"parameters\")"
                                     : "member %s is given more than once",
                        problem_quote(q, sizeof(q), f->string,
                                      strlen(f->string)));
            snprintf(where, sizeof(where), "/models/%zu", i);
            point_member(pb, where, f->string);
            return pb->status;
        }
        *slot = f;
    }
    if (name == NULL || count == NULL) {
        problem_set(pb, SVC_EINVAL, "each model needs \"%s\"",
                    name == NULL ? "name" : "parameters");
        problem_point(pb, "/models/%zu", i);
        return pb->status;
    }
    if (!cJSON_IsString(name)) {
        problem_set(pb, SVC_EINVAL, "a model name must be a string, not %s",
                    type_name(name));
        problem_point(pb, "/models/%zu/name", i);
        return pb->status;
    }
    if (check_name(name->valuestring, pb) != SVC_OK) {
        problem_point(pb, "/models/%zu/name", i);
        return pb->status;
    }
    m->name = name->valuestring;
    m->name_len = strlen(name->valuestring);
    if (decode_count(count, m->name, &m->parameters, pb) != SVC_OK) {
        problem_point(pb, "/models/%zu/parameters", i);
        return pb->status;
    }
    return SVC_OK;
}

/* "name": count, the i-th member of the object shape. */
static enum svc_status decode_member_model(const cJSON *item, size_t i,
                                           struct compare_model *m,
                                           struct problem *pb)
{
    if (check_name(item->string, pb) != SVC_OK) {
        /* The key cannot be pointed at safely: say where it is. */
        size_t used = strlen(pb->detail);

        snprintf(pb->detail + used, sizeof(pb->detail) - used,
                 " (member %zu of \"models\", counting from 0)", i);
        problem_point(pb, "/models");
        return pb->status;
    }
    m->name = item->string;
    m->name_len = strlen(item->string);
    if (decode_count(item, m->name, &m->parameters, pb) != SVC_OK) {
        point_member(pb, "/models", item->string);
        return pb->status;
    }
    return SVC_OK;
}

static enum svc_status decode_models(const cJSON *models, size_t max_models,
                                     struct compare_request *req,
                                     struct problem *pb)
{
    size_t n = 0, i = 0;
    enum svc_status st = SVC_OK;

    if (cJSON_IsObject(models)) {
        req->source = COMPARE_SOURCE_OBJECT;
    } else if (cJSON_IsArray(models)) {
        req->source = COMPARE_SOURCE_ARRAY;
    } else {
        problem_set(pb, SVC_EINVAL,
                    "\"models\" must be an object of name: count or an "
                    "array of {\"name\", \"parameters\"}, not %s",
                    type_name(models));
        problem_point(pb, "/models");
        return pb->status;
    }
    for (const cJSON *c = models->child; c != NULL; c = c->next)
        n++;
    if (n > max_models) {
        problem_set(pb, SVC_EINVAL,
                    "\"models\" has %zu models; at most %zu are allowed",
                    n, max_models);
        problem_point(pb, "/models");
        return pb->status;
    }
    if (n == 0)
        return SVC_OK; /* compare_request_run says it is empty */
    req->models = calloc(n, sizeof(*req->models));
    if (req->models == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    for (const cJSON *c = models->child; c != NULL && st == SVC_OK;
         c = c->next, i++) {
        if (req->source == COMPARE_SOURCE_ARRAY)
            st = decode_array_model(c, i, &req->models[i], pb);
        else
            st = decode_member_model(c, i, &req->models[i], pb);
    }
    req->count = n;
    return st;
}

static enum svc_status decode_options(const cJSON *sort,
                                      const cJSON *precision,
                                      const cJSON *baseline,
                                      struct compare_options *opts,
                                      struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    if (sort != NULL) {
        const char *s = cJSON_GetStringValue(sort);

        if (s != NULL && strcmp(s, "asc") == 0)
            opts->sort = COMPARE_SORT_ASC;
        else if (s != NULL && strcmp(s, "desc") == 0)
            opts->sort = COMPARE_SORT_DESC;
        else if (s != NULL && strcmp(s, "input") == 0)
            opts->sort = COMPARE_SORT_INPUT;
        else {
            problem_set(pb, SVC_EINVAL,
                        "sort %s must be \"asc\", \"desc\" or \"input\"",
                        describe(sort, q, sizeof(q)));
            problem_point(pb, "/sort");
            return pb->status;
        }
    }
    if (precision != NULL) {
        double d = cJSON_IsNumber(precision) ? precision->valuedouble : -1;

        if (!(d >= 0 && d <= PARAMS_PRECISION_MAX && d == floor(d))) {
            problem_set(pb, SVC_EINVAL,
                        "precision %s must be an integer from 0 to %d",
                        describe(precision, q, sizeof(q)),
                        PARAMS_PRECISION_MAX);
            problem_point(pb, "/precision");
            return pb->status;
        }
        opts->precision = (int)d;
    }
    if (baseline != NULL) {
        if (!cJSON_IsString(baseline)) {
            problem_set(pb, SVC_EINVAL,
                        "baseline must be a model name, not %s",
                        type_name(baseline));
            problem_point(pb, "/baseline");
            return pb->status;
        }
        opts->baseline = baseline->valuestring;
        opts->baseline_len = strlen(baseline->valuestring);
    }
    return SVC_OK;
}

enum svc_status json_codec_decode_compare(const cJSON *root,
                                          size_t max_models,
                                          struct compare_request *req,
                                          struct problem *pb)
{
    const cJSON *models = NULL, *sort = NULL, *precision = NULL;
    const cJSON *baseline = NULL;
    char q[PROBLEM_QUOTE_MAX];
    enum svc_status st;

    if (!cJSON_IsObject(root)) {
        problem_set(pb, SVC_EINVAL,
                    "the request body must be a JSON object, not %s",
                    type_name(root));
        problem_point(pb, "%s", "");
        return pb->status;
    }
    for (const cJSON *f = root->child; f != NULL; f = f->next) {
        const cJSON **slot = NULL;

        if (strcmp(f->string, "models") == 0)
            slot = &models;
        else if (strcmp(f->string, "sort") == 0)
            slot = &sort;
        else if (strcmp(f->string, "precision") == 0)
            slot = &precision;
        else if (strcmp(f->string, "baseline") == 0)
            slot = &baseline;
        if (slot == NULL || *slot != NULL) {
            problem_set(pb, SVC_EINVAL,
                        slot == NULL ? "unknown field %s (expected "
                                       "\"models\", \"sort\", "
                                       "\"precision\", \"baseline\")"
                                     : "field %s is given more than once",
                        problem_quote(q, sizeof(q), f->string,
                                      strlen(f->string)));
            point_member(pb, "", f->string);
            return pb->status;
        }
        *slot = f;
    }
    if (models == NULL) {
        problem_set(pb, SVC_EINVAL, "the field \"models\" is required");
        problem_point(pb, "/models");
        return pb->status;
    }
    st = decode_options(sort, precision, baseline, &req->options, pb);
    if (st == SVC_OK)
        st = decode_models(models, max_models, req, pb);
    if (st != SVC_OK)
        compare_request_cleanup(req);
    return st;
}

/* --- Writing: every answer is written straight into one buffer, with
 * no tree and no printf for counts, the way cJSON_PrintUnformatted would
 * print the same document (check_json_codec.c holds them equal). */

/* A fragment of JSON written as it is: put_raw(t, ",\"count\":").
 * Only for string literals, whose length sizeof knows. */
#define put_raw(t, literal) text_buf_put((t), (literal), sizeof(literal) - 1)

static void put_u64(struct text_buf *t, uint64_t v)
{
    char buf[NUMBER_MAX];

    text_buf_put(t, buf, (size_t)params_print_u64(v, buf, sizeof(buf)));
}

static void put_double(struct text_buf *t, double d)
{
    char buf[NUMBER_MAX];

    text_buf_put(t, buf, (size_t)print_double(d, buf, sizeof(buf)));
}

/* s[0..len) as a JSON string, escaped as cJSON escapes it: the quote,
 * the backslash and control characters; UTF-8 passes as it is. */
static void put_string(struct text_buf *t, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t from = 0;

    text_buf_put(t, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6] = {'\\', 0, '0', '0', 0, 0};
        size_t n = 2;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        text_buf_put(t, s + from, i - from);
        from = i + 1;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];
            n = 6;
            break;
        }
        text_buf_put(t, esc, n);
    }
    text_buf_put(t, s + from, len - from);
    text_buf_put(t, "\"", 1);
}

static void put_cstring(struct text_buf *t, const char *s)
{
    put_string(t, s, strlen(s));
}

static enum svc_status finish(const struct text_buf *t)
{
    return t->failed ? SVC_ENOMEM : SVC_OK;
}

/* "name":..,"parameters":..,"formatted":.. without the braces. */
static void put_model(struct text_buf *t, const struct compare_model *m,
                      const char *formatted)
{
    put_raw(t, "\"name\":");
    put_string(t, m->name, m->name_len);
    put_raw(t, ",\"parameters\":");
    put_u64(t, m->parameters);
    put_raw(t, ",\"formatted\":");
    put_cstring(t, formatted);
}

static void put_pick(struct text_buf *t, const char *key,
                     const struct compare_pick *p)
{
    text_buf_put(t, key, strlen(key));
    put_raw(t, "{");
    put_model(t, p->model, p->formatted);
    put_raw(t, "}");
}

static void put_entry(struct text_buf *t, const struct compare_entry *e,
                      int with_baseline)
{
    put_raw(t, "{");
    put_model(t, e->model, e->formatted);
    put_raw(t, ",\"ratio_to_smallest\":");
    put_double(t, e->ratio_to_smallest);
    put_raw(t, ",\"ratio_to_smallest_formatted\":");
    put_cstring(t, e->ratio_to_smallest_formatted);
    if (with_baseline) {
        put_raw(t, ",\"ratio_to_baseline\":");
        put_double(t, e->ratio_to_baseline);
        put_raw(t, ",\"ratio_to_baseline_formatted\":");
        put_cstring(t, e->ratio_to_baseline_formatted);
    }
    put_raw(t, "}");
}

/* Bytes of one model's line, names aside, with room to spare: reserved
 * up front so that a large answer grows its buffer once, not 20 times. */
#define ENTRY_BYTES 256

enum svc_status json_codec_encode_compare(const struct compare_result *res,
                                          struct text_buf *out)
{
    const int with_baseline = res->baseline.model != NULL;

    if (res->count < SIZE_MAX / ENTRY_BYTES)
        text_buf_reserve(out, (res->count + 2) * ENTRY_BYTES);
    put_raw(out, "{\"models\":[");
    for (size_t i = 0; i < res->count; i++) {
        if (i > 0)
            put_raw(out, ",");
        put_entry(out, &res->entries[i], with_baseline);
    }
    put_raw(out, "],\"count\":");
    put_u64(out, res->count);
    put_pick(out, ",\"largest\":", &res->largest);
    put_pick(out, ",\"smallest\":", &res->smallest);
    if (with_baseline)
        put_pick(out, ",\"baseline\":", &res->baseline);
    put_raw(out, ",\"scale_difference\":");
    put_double(out, res->scale_difference);
    put_raw(out, ",\"scale_difference_formatted\":");
    put_cstring(out, res->scale_difference_formatted);
    put_raw(out, ",\"orders_of_magnitude\":");
    put_double(out, res->orders_of_magnitude);
    put_raw(out, ",\"summary\":");
    put_cstring(out, res->summary);
    put_raw(out, "}");
    return finish(out);
}

enum svc_status json_codec_encode_models(const struct compare_model *models,
                                         size_t count,
                                         struct text_buf *out)
{
    char formatted[PARAMS_FORMAT_MAX];

    put_raw(out, "{\"models\":[");
    for (size_t i = 0; i < count; i++) {
        if (params_format(models[i].parameters, PARAMS_PRECISION_DEFAULT,
                          formatted, sizeof(formatted)) < 0)
            return SVC_EINTERNAL; /* the catalog was checked at start */
        if (i > 0)
            put_raw(out, ",");
        put_raw(out, "{");
        put_model(out, &models[i], formatted);
        put_raw(out, "}");
    }
    put_raw(out, "],\"count\":");
    put_u64(out, count);
    put_raw(out, "}");
    return finish(out);
}

enum svc_status json_codec_encode_status(const char *status,
                                         struct text_buf *out)
{
    put_raw(out, "{\"status\":");
    put_cstring(out, status);
    put_raw(out, "}");
    return finish(out);
}

enum svc_status json_codec_encode_problem(const struct problem *pb,
                                          unsigned http_status,
                                          const char *title,
                                          struct text_buf *out)
{
    put_raw(out, "{\"type\":\"about:blank\",\"title\":");
    put_cstring(out, title);
    put_raw(out, ",\"status\":");
    put_u64(out, http_status);
    put_raw(out, ",\"detail\":");
    put_cstring(out, pb->detail);
    if (pb->has_pointer) {
        put_raw(out, ",\"pointer\":");
        put_cstring(out, pb->pointer);
    }
    put_raw(out, "}");
    return finish(out);
}
