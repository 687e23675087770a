/* json_codec.c - reading comparison bodies and building every JSON
 * answer.  Counts are printed as exact integers and doubles in their
 * shortest round-trip form, never through cJSON's own number printer
 * (which prints 10^18 as 1e+18 and may drop the last digit). */
#include "api/json_codec.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/estimate.h"
#include "modelscale/params.h"
#include "modelscale/numfmt.h"
#include "modelscale/scaling.h"

#define FIELDS_MAX 8 /* in a field_set */

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
        numfmt_double(v->valuedouble, buf, len);
        return buf;
    }
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    return type_name(v);
}

/* Reads a string or a number into *v, shown as describe shows it in
 * shown[PROBLEM_QUOTE_MAX]; SVC_EINVAL for another type (v->shown is
 * still set). */
static enum svc_status field_of(const cJSON *c, char *shown,
                                struct field_value *v)
{
    v->text = cJSON_GetStringValue(c);
    v->number = cJSON_IsNumber(c) ? c->valuedouble : 0;
    v->shown = describe(c, shown, PROBLEM_QUOTE_MAX);
    return cJSON_IsString(c) || cJSON_IsNumber(c) ? SVC_OK : SVC_EINVAL;
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
                                    const char *field, uint64_t *out,
                                    struct problem *pb)
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
                           "%s of model %s must be a count (a positive "
                           "integer, or text such as \"6.7B\"), not %s",
                           field,
                           problem_quote(name, sizeof(name), model,
                                         strlen(model)),
                           type_name(v));
    if (st != SVC_OK)
        problem_set(pb, st, "%s %s of model %s %s", field,
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

/* The members a model of the array shape may have. */
enum { MEMBER_NAME, MEMBER_PARAMETERS, MEMBER_ACTIVE, MEMBER_KIND,
       MEMBER_YEAR, MEMBER_SOURCE, MEMBERS };
static const char *const member_names[MEMBERS] = {
    "name", "parameters", "active_parameters", "kind", "year", "source"};
#define MEMBER_LIST                                                       \
    "\"name\", \"parameters\", \"active_parameters\", \"kind\", "         \
    "\"year\", \"source\""
#define SOURCE_MAX 2048
#define YEAR_MIN 1940
#define YEAR_MAX 2100

/* Fails with a detail, pointing at member k of the model at where. */
static enum svc_status member_fault(struct problem *pb, const char *where,
                                    size_t k)
{
    problem_point(pb, "%s/%s", where, member_names[k]);
    return pb->status;
}

/* kind, year and source: what a catalog says of a model. */
static enum svc_status decode_details(const cJSON *const *f,
                                      const char *where,
                                      struct compare_model *m,
                                      struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    const char *why;

    if (f[MEMBER_KIND] != NULL) {
        const char *k = cJSON_GetStringValue(f[MEMBER_KIND]);

        if (k != NULL && strcmp(k, "dense") == 0)
            m->kind = COMPARE_KIND_DENSE;
        else if (k != NULL && strcmp(k, "moe") == 0)
            m->kind = COMPARE_KIND_MOE;
        else {
            problem_set(pb, SVC_EINVAL,
                        "kind %s must be \"dense\" or \"moe\"",
                        describe(f[MEMBER_KIND], q, sizeof(q)));
            return member_fault(pb, where, MEMBER_KIND);
        }
    }
    if (m->kind == COMPARE_KIND_DENSE && m->active_parameters != 0) {
        problem_set(pb, SVC_EINVAL,
                    "a dense model has no active_parameters: all its "
                    "parameters are active (say \"kind\": \"moe\" for a "
                    "mixture of experts)");
        return member_fault(pb, where, MEMBER_ACTIVE);
    }
    if (m->kind == COMPARE_KIND_MOE && m->active_parameters == 0) {
        problem_set(pb, SVC_EINVAL, "a mixture of experts (\"kind\": "
                    "\"moe\") needs \"active_parameters\"");
        return member_fault(pb, where, MEMBER_KIND);
    }
    if (m->active_parameters != 0)
        m->kind = COMPARE_KIND_MOE;
    if (f[MEMBER_YEAR] != NULL) {
        const cJSON *y = f[MEMBER_YEAR];
        double d = cJSON_IsNumber(y) ? y->valuedouble : 0;

        if (!(d >= YEAR_MIN && d <= YEAR_MAX && d == floor(d))) {
            problem_set(pb, SVC_EINVAL,
                        "year %s must be a whole number from %d to %d",
                        describe(y, q, sizeof(q)), YEAR_MIN, YEAR_MAX);
            return member_fault(pb, where, MEMBER_YEAR);
        }
        m->year = (int)d;
    }
    if (f[MEMBER_SOURCE] != NULL) {
        const char *u = cJSON_GetStringValue(f[MEMBER_SOURCE]);

        if (u == NULL ||
            (strncmp(u, "https://", 8) != 0 &&
             strncmp(u, "http://", 7) != 0) ||
            strlen(u) > SOURCE_MAX ||
            params_check_name(u, strlen(u), &why) != SVC_OK) {
            problem_set(pb, SVC_EINVAL,
                        "source %s must be an http or https URL of at "
                        "most %d bytes",
                        describe(f[MEMBER_SOURCE], q, sizeof(q)),
                        SOURCE_MAX);
            return member_fault(pb, where, MEMBER_SOURCE);
        }
        m->source = u;
    }
    return SVC_OK;
}

/* {"name": "...", "parameters": count, ...}, the i-th of the array
 * shape. */
static enum svc_status decode_array_model(const cJSON *item, size_t i,
                                          struct compare_model *m,
                                          struct problem *pb)
{
    const cJSON *f[MEMBERS] = {NULL};
    char q[PROBLEM_QUOTE_MAX], where[32];

    snprintf(where, sizeof(where), "/models/%zu", i);
    if (!cJSON_IsObject(item)) {
        problem_set(pb, SVC_EINVAL,
                    "each model must be an object with \"name\" and "
                    "\"parameters\", not %s", type_name(item));
        problem_point(pb, "%s", where);
        return pb->status;
    }
    for (const cJSON *c = item->child; c != NULL; c = c->next) {
        size_t k = 0;

        while (k < MEMBERS && strcmp(c->string, member_names[k]) != 0)
            k++;
        if (k == MEMBERS || f[k] != NULL) {
            problem_set(pb, SVC_EINVAL,
                        k == MEMBERS ? "unknown member %s of a model "
                                       "(expected " MEMBER_LIST ")"
                                     : "member %s is given more than once",
                        problem_quote(q, sizeof(q), c->string,
                                      strlen(c->string)));
            point_member(pb, where, c->string);
            return pb->status;
        }
        f[k] = c;
    }
    if (f[MEMBER_NAME] == NULL || f[MEMBER_PARAMETERS] == NULL) {
        problem_set(pb, SVC_EINVAL, "each model needs \"%s\"",
                    f[MEMBER_NAME] == NULL ? "name" : "parameters");
        problem_point(pb, "%s", where);
        return pb->status;
    }
    if (!cJSON_IsString(f[MEMBER_NAME])) {
        problem_set(pb, SVC_EINVAL, "a model name must be a string, not %s",
                    type_name(f[MEMBER_NAME]));
        return member_fault(pb, where, MEMBER_NAME);
    }
    if (check_name(f[MEMBER_NAME]->valuestring, pb) != SVC_OK)
        return member_fault(pb, where, MEMBER_NAME);
    m->name = f[MEMBER_NAME]->valuestring;
    m->name_len = strlen(m->name);
    if (decode_count(f[MEMBER_PARAMETERS], m->name, "parameters",
                     &m->parameters, pb) != SVC_OK)
        return member_fault(pb, where, MEMBER_PARAMETERS);
    if (f[MEMBER_ACTIVE] != NULL &&
        decode_count(f[MEMBER_ACTIVE], m->name, "active_parameters",
                     &m->active_parameters, pb) != SVC_OK)
        return member_fault(pb, where, MEMBER_ACTIVE);
    return decode_details(f, where, m, pb);
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
    if (decode_count(item, m->name, "parameters", &m->parameters, pb) !=
        SVC_OK) {
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

        if (!(d >= 0 && d <= NUMFMT_PRECISION_MAX && d == floor(d))) {
            problem_set(pb, SVC_EINVAL,
                        "precision %s must be an integer from 0 to %d",
                        describe(precision, q, sizeof(q)),
                        NUMFMT_PRECISION_MAX);
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

/* Checks that root is an object whose members are all among
 * names[0..n), each once, and sets f[k] to the member names[k] (or
 * NULL).  expected lists the names for the detail. */
static enum svc_status collect_fields(const cJSON *root,
                                      const char *const *names, size_t n,
                                      const char *expected, const cJSON **f,
                                      struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    if (!cJSON_IsObject(root)) {
        problem_set(pb, SVC_EINVAL,
                    "the request body must be a JSON object, not %s",
                    type_name(root));
        problem_point(pb, "%s", "");
        return pb->status;
    }
    for (size_t k = 0; k < n; k++)
        f[k] = NULL;
    for (const cJSON *c = root->child; c != NULL; c = c->next) {
        size_t k = 0;

        while (k < n && strcmp(c->string, names[k]) != 0)
            k++;
        if (k == n || f[k] != NULL) {
            problem_set(pb, SVC_EINVAL,
                        k == n ? "unknown field %s (expected %s)"
                               : "field %s is given more than once",
                        problem_quote(q, sizeof(q), c->string,
                                      strlen(c->string)),
                        expected);
            point_member(pb, "", c->string);
            return pb->status;
        }
        f[k] = c;
    }
    return SVC_OK;
}

/* "include": ["memory", "compute"] and "tokens": 300e9 or "300B". */
static enum svc_status decode_extras(const cJSON *include,
                                     const cJSON *tokens,
                                     struct compare_extras *extras,
                                     struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];
    struct field_value v;
    size_t i = 0;

    if (include != NULL && !cJSON_IsArray(include)) {
        problem_set(pb, SVC_EINVAL, "include must be an array of "
                    "\"memory\" and \"compute\", not %s",
                    type_name(include));
        problem_point(pb, "/include");
        return pb->status;
    }
    for (const cJSON *c = include ? include->child : NULL; c != NULL;
         c = c->next, i++) {
        const char *part = cJSON_GetStringValue(c);

        if (part == NULL || compare_include(part, strlen(part),
                                            &extras->include) != SVC_OK) {
            problem_set(pb, SVC_EINVAL,
                        "include %s: each part must be \"memory\" or "
                        "\"compute\"", describe(c, q, sizeof(q)));
            problem_point(pb, "/include/%zu", i);
            return pb->status;
        }
    }
    if (tokens == NULL)
        return SVC_OK;
    if (field_of(tokens, q, &v) != SVC_OK)
        problem_set(pb, SVC_EINVAL, "tokens %s must be a number or text "
                    "such as \"300B\"", v.shown);
    else if (field_read_amount("tokens", &v, &extras->tokens, pb) == SVC_OK)
        return SVC_OK;
    problem_point(pb, "/tokens");
    return pb->status;
}

enum { BODY_MODELS, BODY_SORT, BODY_PRECISION, BODY_BASELINE, BODY_INCLUDE,
       BODY_TOKENS, BODY_FIELDS };
static const char *const body_names[BODY_FIELDS] = {
    "models", "sort", "precision", "baseline", "include", "tokens"};

enum svc_status json_codec_decode_compare(const cJSON *root,
                                          size_t max_models,
                                          struct compare_request *req,
                                          struct problem *pb)
{
    const cJSON *f[BODY_FIELDS];
    enum svc_status st;

    st = collect_fields(root, body_names, BODY_FIELDS,
                        "\"models\", \"sort\", \"precision\", \"baseline\", "
                        "\"include\", \"tokens\"",
                        f, pb);
    if (st != SVC_OK)
        return st;
    if (f[BODY_MODELS] == NULL) {
        problem_set(pb, SVC_EINVAL, "the field \"models\" is required");
        problem_point(pb, "/models");
        return pb->status;
    }
    st = decode_options(f[BODY_SORT], f[BODY_PRECISION], f[BODY_BASELINE],
                        &req->options, pb);
    if (st == SVC_OK)
        st = decode_extras(f[BODY_INCLUDE], f[BODY_TOKENS], &req->extras,
                           pb);
    if (st == SVC_OK)
        st = decode_models(f[BODY_MODELS], max_models, req, pb);
    if (st != SVC_OK)
        compare_request_cleanup(req);
    return st;
}

enum svc_status json_codec_decode_fields(const cJSON *root,
                                         const struct field_set *fs,
                                         void *req, struct problem *pb)
{
    const cJSON *f[FIELDS_MAX];
    char expected[160];
    size_t used = 0;
    enum svc_status st = SVC_OK;

    assert(fs->count <= FIELDS_MAX);
    for (size_t k = 0; k < fs->count; k++) {
        int n = snprintf(expected + used, sizeof(expected) - used,
                         "%s\"%s\"", k > 0 ? ", " : "", fs->names[k]);

        used = n > 0 && used + (size_t)n < sizeof(expected)
                   ? used + (size_t)n
                   : used;
    }
    st = collect_fields(root, fs->names, fs->count, expected, f, pb);
    for (size_t k = 0; k < fs->count && st == SVC_OK; k++) {
        char shown[PROBLEM_QUOTE_MAX];
        struct field_value v;

        if (f[k] == NULL)
            continue;
        if (field_of(f[k], shown, &v) != SVC_OK) {
            st = problem_set(pb, SVC_EINVAL,
                             "%s must be a string or a number, not %s",
                             fs->names[k], type_name(f[k]));
            problem_point(pb, "/%s", fs->names[k]);
            break;
        }
        st = fs->set(req, k, &v, pb);
        if (st != SVC_OK)
            problem_point(pb, "/%s", fs->names[k]);
    }
    return st;
}

/* --- Writing: every answer is written straight into one buffer, with
 * no tree and no printf for counts, the way cJSON_PrintUnformatted would
 * print the same document (check_json_codec.c holds them equal). */

/* A fragment of JSON written as it is: put_raw(t, ",\"count\":").
 * Only for string literals, whose length sizeof knows ("" literal does
 * not compile for anything else). */
#define put_raw(t, literal)                                               \
    text_buf_put((t), "" literal, sizeof(literal) - 1)

static void put_u64(struct text_buf *t, uint64_t v)
{
    char buf[NUMFMT_DOUBLE_MAX];

    text_buf_put(t, buf, (size_t)numfmt_u64(v, buf, sizeof(buf)));
}

static void put_double(struct text_buf *t, double d)
{
    char buf[NUMFMT_DOUBLE_MAX];

    text_buf_put(t, buf, (size_t)numfmt_double(d, buf, sizeof(buf)));
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

/* What a model says besides its count, where it says it: the active
 * count of a mixture of experts, its kind, year and source. */
static void put_details(struct text_buf *t, const struct compare_model *m,
                        const char *active_formatted)
{
    static const char *const kinds[] = {"", "dense", "moe"};

    if (m->active_parameters != 0) {
        put_raw(t, ",\"active_parameters\":");
        put_u64(t, m->active_parameters);
        put_raw(t, ",\"active_formatted\":");
        put_cstring(t, active_formatted);
    }
    if (m->kind != COMPARE_KIND_UNSAID) {
        put_raw(t, ",\"kind\":");
        put_cstring(t, kinds[m->kind]);
    }
    if (m->year != 0) {
        put_raw(t, ",\"year\":");
        put_u64(t, (uint64_t)m->year);
    }
    if (m->source != NULL) {
        put_raw(t, ",\"source\":");
        put_cstring(t, m->source);
    }
}

/* {"bytes":n,"decimal":"14.0 GB","binary":"13.0 GiB"} */
static void put_bytes(struct text_buf *t, uint64_t n, int precision)
{
    char buf[NUMFMT_MAX];

    put_raw(t, "{\"bytes\":");
    put_u64(t, n);
    put_raw(t, ",\"decimal\":");
    numfmt_bytes(n, precision, 0, buf, sizeof(buf));
    put_cstring(t, buf);
    put_raw(t, ",\"binary\":");
    numfmt_bytes(n, precision, 1, buf, sizeof(buf));
    put_cstring(t, buf);
    put_raw(t, "}");
}

/* {"fp32":{..},"bf16":{..},...}: the weights, or inference, for each
 * data type. */
static void put_per_dtype(struct text_buf *t, uint64_t parameters,
                          enum estimate_mode mode, int precision)
{
    for (int d = 0; d < ESTIMATE_DTYPES; d++) {
        const char *name = estimate_dtype_name(d);

        if (d > 0)
            put_raw(t, ",\"");
        else
            put_raw(t, "{\"");
        text_buf_put(t, name, strlen(name));
        put_raw(t, "\":");
        put_bytes(t, estimate_memory(parameters, d, mode), precision);
    }
    put_raw(t, "}");
}

/* "memory":{"weights":{..},"inference":{..},"training":{..}} */
static void put_memory(struct text_buf *t, uint64_t parameters,
                       int precision)
{
    struct estimate_training tr;

    estimate_training_bytes(parameters, &tr);
    put_raw(t, "\"memory\":{\"weights\":");
    put_per_dtype(t, parameters, ESTIMATE_WEIGHTS, precision);
    put_raw(t, ",\"inference\":");
    put_per_dtype(t, parameters, ESTIMATE_INFERENCE, precision);
    put_raw(t, ",\"training\":{\"weights\":");
    put_bytes(t, tr.weights, precision);
    put_raw(t, ",\"gradients\":");
    put_bytes(t, tr.gradients, precision);
    put_raw(t, ",\"optimizer\":");
    put_bytes(t, tr.optimizer, precision);
    put_raw(t, ",\"total\":");
    put_bytes(t, tr.total, precision);
    put_raw(t, "}}");
}

/* "name":x,"name_formatted":"text" */
static void put_figure(struct text_buf *t, const char *name, double x,
                       const char *text)
{
    put_string(t, name, strlen(name));
    put_raw(t, ":");
    put_double(t, x);
    put_raw(t, ",\"");
    text_buf_put(t, name, strlen(name));
    put_raw(t, "_formatted\":");
    put_cstring(t, text);
}

/* FLOPs: "training_flops":3.15e+23,"training_flops_formatted":"3.15e23" */
static void put_flops(struct text_buf *t, const char *name, double flops)
{
    char buf[ESTIMATE_AMOUNT_MAX] = "";

    estimate_format_flops(flops, buf, sizeof(buf));
    put_figure(t, name, flops, buf);
}

/* Tokens or parameters: "tokens":1400000000000,"tokens_formatted":"1.4T" */
static void put_amount(struct text_buf *t, const char *name, double x,
                       int precision)
{
    char buf[ESTIMATE_AMOUNT_MAX] = "";

    estimate_format_amount(x, precision, buf, sizeof(buf));
    put_figure(t, name, x, buf);
}

/* "compute":{"flops_per_token":..,"optimal_tokens":..,"tokens":..,
 * "training_flops":..,"training_pf_days":..}, each with its text. */
static void put_compute(struct text_buf *t, const struct compare_model *m,
                        double tokens, int precision)
{
    struct estimate_compute c;

    estimate_compute(m->parameters, compare_active(m), tokens, &c);
    put_raw(t, "\"compute\":{");
    put_flops(t, "flops_per_token", c.flops_per_token);
    put_raw(t, ",");
    put_amount(t, "optimal_tokens", c.optimal_tokens, precision);
    put_raw(t, ",");
    put_amount(t, "tokens", c.tokens, precision);
    put_raw(t, ",");
    put_flops(t, "training_flops", c.training_flops);
    put_raw(t, ",\"training_pf_days\":");
    put_double(t, c.training_pf_days);
    put_raw(t, "}");
}

/* The rules of thumb behind the parts an answer includes. */
static void put_assumptions(struct text_buf *t, unsigned include,
                            double tokens)
{
    put_raw(t, ",\"assumptions\":{");
    if (include & COMPARE_MEMORY)
        put_raw(t, "\"weights\":\"" ESTIMATE_ASSUMPTION_WEIGHTS
                   "\",\"inference\":\"" ESTIMATE_ASSUMPTION_INFERENCE
                   "\",\"training\":\"" ESTIMATE_ASSUMPTION_TRAINING "\"");
    if (include == (COMPARE_MEMORY | COMPARE_COMPUTE))
        put_raw(t, ",");
    if (include & COMPARE_COMPUTE) {
        put_raw(t, "\"inference_flops\":\""
                   ESTIMATE_ASSUMPTION_INFERENCE_FLOPS
                   "\",\"tokens\":\"" ESTIMATE_ASSUMPTION_TOKENS "\"");
        if (tokens > 0)
            put_raw(t, ",\"training_tokens\":\""
                       ESTIMATE_ASSUMPTION_GIVEN_TOKENS "\"");
        put_raw(t, ",\"training_flops\":\""
                   ESTIMATE_ASSUMPTION_TRAINING_FLOPS "\"");
    }
    put_raw(t, "}");
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
                      int with_baseline, const struct compare_request *req)
{
    put_raw(t, "{");
    put_model(t, e->model, e->formatted);
    put_details(t, e->model, e->active_formatted);
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
    if (req->extras.include & COMPARE_MEMORY) {
        put_raw(t, ",");
        put_memory(t, e->model->parameters, req->options.precision);
    }
    if (req->extras.include & COMPARE_COMPUTE) {
        put_raw(t, ",");
        put_compute(t, e->model, req->extras.tokens,
                    req->options.precision);
    }
    put_raw(t, "}");
}

/* Bytes of one model's line, names aside, with room to spare: reserved
 * up front so that a large answer grows its buffer once, not 20 times.
 * Memory and compute take about six times as much. */
#define ENTRY_BYTES 256

enum svc_status json_codec_encode_compare(const struct compare_result *res,
                                          const struct compare_request *req,
                                          struct text_buf *out)
{
    const int with_baseline = res->baseline.model != NULL;
    size_t entry = ENTRY_BYTES * (req->extras.include ? 7 : 1);

    if (res->count < SIZE_MAX / entry - 2)
        text_buf_reserve(out, (res->count + 2) * entry);
    put_raw(out, "{\"models\":[");
    for (size_t i = 0; i < res->count; i++) {
        if (i > 0)
            put_raw(out, ",");
        put_entry(out, &res->entries[i], with_baseline, req);
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
    if (req->extras.include != 0)
        put_assumptions(out, req->extras.include, req->extras.tokens);
    put_raw(out, "}");
    return finish(out);
}

enum svc_status json_codec_encode_models(const struct catalog *c,
                                         struct text_buf *out)
{
    char formatted[NUMFMT_MAX], active[NUMFMT_MAX];

    put_raw(out, "{\"catalog\":");
    put_cstring(out, c->name);
    put_raw(out, ",\"models\":[");
    for (size_t i = 0; i < c->count; i++) {
        const struct compare_model *m = &c->models[i];

        if (numfmt_count(m->parameters, NUMFMT_PRECISION_DEFAULT,
                          formatted, sizeof(formatted)) < 0 ||
            (m->active_parameters != 0 &&
             numfmt_count(m->active_parameters, NUMFMT_PRECISION_DEFAULT,
                           active, sizeof(active)) < 0))
            return SVC_EINTERNAL; /* the catalog was checked at start */
        if (i > 0)
            put_raw(out, ",");
        put_raw(out, "{");
        put_model(out, m, formatted);
        put_details(out, m, active);
        put_raw(out, "}");
    }
    put_raw(out, "],\"count\":");
    put_u64(out, c->count);
    put_raw(out, "}");
    return finish(out);
}

enum svc_status json_codec_encode_catalogs(const struct catalog *catalogs,
                                           size_t n, struct text_buf *out)
{
    put_raw(out, "{\"catalogs\":[");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            put_raw(out, ",");
        put_raw(out, "{\"name\":");
        put_cstring(out, catalogs[i].name);
        put_raw(out, ",\"description\":");
        put_cstring(out, catalogs[i].description);
        put_raw(out, ",\"count\":");
        put_u64(out, catalogs[i].count);
        put_raw(out, ",\"default\":");
        if (i == 0)
            put_raw(out, "true}");
        else
            put_raw(out, "false}");
    }
    put_raw(out, "],\"count\":");
    put_u64(out, n);
    put_raw(out, "}");
    return finish(out);
}

/* {"name":..,"parameters":..,"formatted":..,"required":{..},
 *  "headroom" or "shortfall":{..}} */
static void put_need(struct text_buf *t, const struct estimate_need *need,
                     uint64_t memory)
{
    char formatted[NUMFMT_MAX], active[NUMFMT_MAX] = "";
    const struct compare_model *m = need->model;

    numfmt_count(m->parameters, NUMFMT_PRECISION_DEFAULT, formatted,
                  sizeof(formatted));
    if (m->active_parameters != 0)
        numfmt_count(m->active_parameters, NUMFMT_PRECISION_DEFAULT,
                      active, sizeof(active));
    put_raw(t, "{");
    put_model(t, m, formatted);
    put_details(t, m, active);
    put_raw(t, ",\"required\":");
    put_bytes(t, need->bytes, NUMFMT_PRECISION_DEFAULT);
    if (need->bytes <= memory) {
        put_raw(t, ",\"headroom\":");
        put_bytes(t, memory - need->bytes, NUMFMT_PRECISION_DEFAULT);
    } else {
        put_raw(t, ",\"shortfall\":");
        put_bytes(t, need->bytes - memory, NUMFMT_PRECISION_DEFAULT);
    }
    put_raw(t, "}");
}

enum svc_status json_codec_encode_fit(const struct fit_answer *a,
                                      struct text_buf *out)
{
    static const char *const assumption[ESTIMATE_MODES] = {
        ESTIMATE_ASSUMPTION_WEIGHTS, ESTIMATE_ASSUMPTION_INFERENCE,
        ESTIMATE_ASSUMPTION_TRAINING};

    put_raw(out, "{\"catalog\":");
    put_cstring(out, a->catalog->name);
    put_raw(out, ",\"memory\":");
    put_bytes(out, a->memory, NUMFMT_PRECISION_DEFAULT);
    put_raw(out, ",\"dtype\":");
    put_cstring(out, estimate_dtype_name(a->dtype));
    put_raw(out, ",\"mode\":");
    put_cstring(out, estimate_mode_name(a->mode));
    put_raw(out, ",\"assumption\":");
    put_cstring(out, assumption[a->mode]);
    put_raw(out, ",\"fits\":[");
    for (size_t i = a->first_fit; i < a->catalog->count; i++) {
        if (i > a->first_fit)
            put_raw(out, ",");
        put_need(out, &a->needs[i], a->memory);
    }
    put_raw(out, "],\"count\":");
    put_u64(out, a->catalog->count - a->first_fit);
    put_raw(out, ",\"too_large\":[");
    for (size_t i = 0; i < a->first_fit; i++) {
        if (i > 0)
            put_raw(out, ",");
        put_need(out, &a->needs[i], a->memory);
    }
    put_raw(out, "]}");
    return finish(out);
}

/* One fit's prediction: its constants, N, D, their FLOPs and loss. */
static void put_prediction(struct text_buf *t, const struct scaling_fit *f,
                           double n, double d, double flops)
{
    char warning[SCALING_WARNING_MAX];

    put_raw(t, "{\"fit\":");
    put_cstring(t, f->name);
    put_raw(t, ",\"source\":");
    put_cstring(t, f->source);
    put_raw(t, ",\"E\":");
    put_double(t, f->E);
    put_raw(t, ",\"A\":");
    put_double(t, f->A);
    put_raw(t, ",\"B\":");
    put_double(t, f->B);
    put_raw(t, ",\"alpha\":");
    put_double(t, f->alpha);
    put_raw(t, ",\"beta\":");
    put_double(t, f->beta);
    put_raw(t, ",");
    put_amount(t, "parameters", n, NUMFMT_PRECISION_DEFAULT);
    put_raw(t, ",");
    put_amount(t, "tokens", d, NUMFMT_PRECISION_DEFAULT);
    put_raw(t, ",\"tokens_per_parameter\":");
    put_double(t, d / n);
    put_raw(t, ",");
    put_flops(t, "training_flops", flops);
    put_raw(t, ",\"training_pf_days\":");
    put_double(t, flops / ESTIMATE_PF_DAY);
    put_raw(t, ",\"loss\":");
    put_double(t, scaling_loss(f, n, d));
    put_raw(t, ",\"extrapolation\":");
    if (scaling_extrapolation(n, d, warning, sizeof(warning)) > 0)
        put_cstring(t, warning);
    else
        put_raw(t, "null");
    put_raw(t, "}");
}

enum svc_status json_codec_encode_scaling(const struct scaling_request *r,
                                          struct text_buf *out)
{
    size_t nfits;
    const struct scaling_fit *fits = scaling_fits(&nfits);

    put_raw(out, "{\"question\":");
    put_cstring(out, r->compute > 0 ? "compute-optimal" : "loss");
    if (r->compute > 0) {
        put_raw(out, ",");
        put_flops(out, "compute", r->compute);
    }
    put_raw(out, ",\"predictions\":[");
    for (size_t i = 0; i < nfits; i++) {
        double n = r->parameters, d = r->tokens, flops = 6 * n * d;

        if (r->compute > 0) {
            scaling_optimal(&fits[i], r->compute, &n, &d);
            n = floor(n + 0.5);
            d = floor(d + 0.5);
            flops = r->compute;
        }
        if (i > 0)
            put_raw(out, ",");
        put_prediction(out, &fits[i], n, d, flops);
    }
    put_raw(out, "],\"range\":{\"parameters\":{\"min\":");
    put_double(out, SCALING_PARAMETERS_MIN);
    put_raw(out, ",\"max\":");
    put_double(out, SCALING_PARAMETERS_MAX);
    put_raw(out, "},\"tokens\":{\"min\":");
    put_double(out, SCALING_TOKENS_MIN);
    put_raw(out, ",\"max\":");
    put_double(out, SCALING_TOKENS_MAX);
    put_raw(out, "},\"source\":\"" SCALING_RANGE_SOURCE "\"}}");
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
