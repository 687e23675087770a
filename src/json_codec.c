/* json_codec.c - reading comparison bodies and building every JSON
 * answer.  Counts are printed as exact integers and doubles in their
 * shortest round-trip form, never through cJSON's own number printer
 * (which prints 10^18 as 1e+18 and may drop the last digit). */
#include "json_codec.h"

#include <assert.h>
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

/* The shortest text that reads back as d (Python's repr does the
 * same); %.15g is tried first because it strips trailing zeros. */
static void print_double(double d, char *buf, size_t len)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            return;
    }
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

static cJSON *add_u64(cJSON *obj, const char *key, uint64_t v)
{
    char buf[NUMBER_MAX];

    params_print_u64(v, buf, sizeof(buf));
    return cJSON_AddRawToObject(obj, key, buf);
}

static cJSON *add_double(cJSON *obj, const char *key, double d)
{
    char buf[NUMBER_MAX];

    print_double(d, buf, sizeof(buf));
    return cJSON_AddRawToObject(obj, key, buf);
}

/* Adds a new object to array; NULL if memory ran out. */
static cJSON *append_object(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();

    if (o != NULL && !cJSON_AddItemToArray(array, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

/* Each add below returns NULL on failure and tolerates a NULL parent,
 * so a builder checks once, at the end, that nothing failed. */
static int add_model(cJSON *o, const struct compare_model *m,
                     const char *formatted)
{
    assert(m->name[m->name_len] == '\0');
    return cJSON_AddStringToObject(o, "name", m->name) != NULL &&
           add_u64(o, "parameters", m->parameters) != NULL &&
           cJSON_AddStringToObject(o, "formatted", formatted) != NULL;
}

static int add_pick(cJSON *root, const char *key,
                    const struct compare_pick *p)
{
    return add_model(cJSON_AddObjectToObject(root, key), p->model,
                     p->formatted);
}

static int add_entry(cJSON *array, const struct compare_entry *e,
                     int with_baseline)
{
    cJSON *o = append_object(array);
    int ok = add_model(o, e->model, e->formatted) &&
             add_double(o, "ratio_to_smallest", e->ratio_to_smallest) &&
             cJSON_AddStringToObject(o, "ratio_to_smallest_formatted",
                                     e->ratio_to_smallest_formatted);

    if (ok && with_baseline)
        ok = add_double(o, "ratio_to_baseline", e->ratio_to_baseline) &&
             cJSON_AddStringToObject(o, "ratio_to_baseline_formatted",
                                     e->ratio_to_baseline_formatted);
    return ok;
}

cJSON *json_codec_encode_compare(const struct compare_result *res)
{
    const int with_baseline = res->baseline.model != NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *models = cJSON_AddArrayToObject(root, "models");
    int ok = models != NULL;

    for (size_t i = 0; ok && i < res->count; i++)
        ok = add_entry(models, &res->entries[i], with_baseline);
    ok = ok && add_u64(root, "count", res->count) &&
         add_pick(root, "largest", &res->largest) &&
         add_pick(root, "smallest", &res->smallest) &&
         (!with_baseline || add_pick(root, "baseline", &res->baseline)) &&
         add_double(root, "scale_difference", res->scale_difference) &&
         cJSON_AddStringToObject(root, "scale_difference_formatted",
                                 res->scale_difference_formatted) &&
         add_double(root, "orders_of_magnitude",
                    res->orders_of_magnitude) &&
         cJSON_AddStringToObject(root, "summary", res->summary);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *json_codec_encode_models(const struct compare_model *models,
                                size_t count)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *array = cJSON_AddArrayToObject(root, "models");
    char formatted[PARAMS_FORMAT_MAX];
    int ok = array != NULL;

    for (size_t i = 0; ok && i < count; i++) {
        ok = params_format(models[i].parameters, PARAMS_PRECISION_DEFAULT,
                           formatted, sizeof(formatted)) >= 0 &&
             add_model(append_object(array), &models[i], formatted);
    }
    if (!ok || add_u64(root, "count", count) == NULL) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *json_codec_encode_status(const char *status)
{
    cJSON *root = cJSON_CreateObject();

    if (cJSON_AddStringToObject(root, "status", status) == NULL) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *json_codec_encode_problem(const struct problem *pb,
                                 unsigned http_status, const char *title)
{
    cJSON *root = cJSON_CreateObject();
    int ok = cJSON_AddStringToObject(root, "type", "about:blank") &&
             cJSON_AddStringToObject(root, "title", title) &&
             add_u64(root, "status", http_status) &&
             cJSON_AddStringToObject(root, "detail", pb->detail) &&
             (!pb->has_pointer ||
              cJSON_AddStringToObject(root, "pointer", pb->pointer));

    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}
