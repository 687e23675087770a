/* field.c - one reader of fields for every route and both carriers,
 * and the readers of each kind of value. */
#include "api/field.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_text.h"
#include "modelscale/numfmt.h"
#include "modelscale/params.h"

#define FIELDS_MAX 16    /* in one field set */
#define LIST_MAX 240     /* the names a detail lists */
#define POINTER_WHERE 64 /* bytes of a prefix such as "/models/12345" */

const char *field_type_name(const cJSON *v)
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

const char *field_describe(const cJSON *v, char *buf, size_t len)
{
    const char *written = json_text_number(v);

    if (cJSON_IsString(v))
        return problem_quote(buf, len, v->valuestring,
                             strlen(v->valuestring));
    if (written != NULL) { /* digits, '.', 'e', '+' and '-' only */
        snprintf(buf, len, "%.48s%s", written,
                 strlen(written) > 48 ? "..." : "");
        return buf;
    }
    if (cJSON_IsNumber(v) && isinf(v->valuedouble))
        return v->valuedouble > 0 ? "(a number above 1e308)"
                                  : "(a number below -1e308)";
    if (cJSON_IsNumber(v) && len >= NUMFMT_DOUBLE_MAX) {
        numfmt_double(v->valuedouble, buf, len);
        return buf;
    }
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    return field_type_name(v);
}

const char *field_shown(const struct field_value *v)
{
    if (v->json != NULL)
        return field_describe(v->json, v->shown, PROBLEM_QUOTE_MAX);
    return problem_quote(v->shown, PROBLEM_QUOTE_MAX, v->text,
                         v->text != NULL ? strlen(v->text) : 0);
}

/* The names of the fields a carrier may bring, for a detail:
 * `models, sort` for a query, `"models", "sort"` for a body. */
static void list_names(const struct field_set *fs, unsigned carrier,
                       char *buf, size_t len)
{
    const char *quote = carrier == FIELD_BODY ? "\"" : "";
    size_t used = 0;

    snprintf(buf, len, "none");
    for (size_t k = 0; k < fs->count; k++) {
        int n;

        if (!(fs->fields[k].carriers & carrier))
            continue;
        n = snprintf(buf + used, len - used, "%s%s%s%s",
                     used > 0 ? ", " : "", quote, fs->fields[k].name,
                     quote);
        if (n > 0 && used + (size_t)n < len)
            used += (size_t)n;
    }
}

/* The one check that a field is known and given once: sets *k to the
 * index of key among the fields carrier may bring.  Fails in the
 * carrier's words: a 400 for a query, a 422 for a body. */
static enum svc_status place(const struct field_set *fs, unsigned carrier,
                             const char *key, const int *given, size_t *k,
                             struct problem *pb)
{
    const int query = carrier == FIELD_QUERY;
    const char *noun = query ? "query parameter"
                       : fs->noun != NULL ? fs->noun
                                          : "field";
    const char *of = !query && fs->of != NULL ? fs->of : "";
    enum svc_status st = query ? SVC_EMALFORMED : SVC_EINVAL;
    char q[PROBLEM_QUOTE_MAX], list[LIST_MAX];

    for (*k = 0; *k < fs->count; (*k)++) {
        if ((fs->fields[*k].carriers & carrier) &&
            strcmp(fs->fields[*k].name, key) == 0)
            break;
    }
    if (*k < fs->count && !given[*k])
        return SVC_OK;
    problem_quote(q, sizeof(q), key, strlen(key));
    if (*k == fs->count) {
        list_names(fs, carrier, list, sizeof(list));
        return problem_set(pb, st, "unknown %s %s%s (expected %s)", noun,
                           q, of, list);
    }
    return problem_set(pb, st, "%s %s%s is given more than once", noun,
                       query ? fs->fields[*k].name : q, of);
}

/* Points pb at where/key ("/" for the member named "", RFC 6901), or at
 * where alone when key cannot be written as a pointer (invalid UTF-8, or
 * too long). */
static void point_member(struct problem *pb, const char *where,
                         const char *key)
{
    char esc[PROBLEM_POINTER_MAX];
    const char *why;
    size_t len = strlen(key);

    if (len == 0 || params_check_name(key, len, &why) == SVC_OK)
        problem_point(pb, "%s/%s", where,
                      problem_escape(esc, sizeof(esc), key, len));
    else
        problem_point(pb, "%s", where);
}

static enum svc_status read_query(const struct field_set *fs,
                                  const struct query_arg *args, size_t nargs,
                                  void *req, struct problem *pb)
{
    const struct query_arg *at[FIELDS_MAX] = {NULL};
    int given[FIELDS_MAX] = {0};
    enum svc_status st = SVC_OK;

    for (size_t i = 0; i < nargs && st == SVC_OK; i++) {
        const struct query_arg *a = &args[i];
        size_t k;

        st = place(fs, FIELD_QUERY, a->key, given, &k, pb);
        if (st != SVC_OK)
            break;
        if (a->value == NULL || a->value[0] == '\0')
            st = problem_set(pb, SVC_EMALFORMED,
                             "query parameter %s is empty", a->key);
        else if (strlen(a->value) != a->value_len)
            st = problem_set(pb, SVC_EMALFORMED,
                             "query parameter %s contains a NUL byte",
                             a->key);
        given[k] = 1;
        at[k] = a;
    }
    for (size_t k = 0; k < fs->count && st == SVC_OK; k++) {
        char q[PROBLEM_QUOTE_MAX];
        struct field_value v = {NULL, 0, NULL, q, NULL};

        if (at[k] == NULL)
            continue;
        v.text = at[k]->value;
        st = fs->set(req, k, &v, pb);
    }
    return st;
}

/* where + "/" + name into buf, cut to fit: what snprintf's "%s/%s"
 * writes, without printf, since it runs for every member read. */
static void join_pointer(char *buf, size_t size, const char *where,
                         const char *name)
{
    size_t w = strnlen(where, size - 1), n;

    memcpy(buf, where, w);
    if (w + 1 < size)
        buf[w++] = '/';
    n = strnlen(name, size - 1 - w);
    memcpy(buf + w, name, n);
    buf[w + n] = '\0';
}

/* Calls the setter of field k with member c of the object at where. */
static enum svc_status set_member(const struct field_set *fs, size_t k,
                                  const cJSON *c, const char *where,
                                  void *req, struct problem *pb)
{
    char shown[PROBLEM_QUOTE_MAX], pointer[POINTER_WHERE + 32];
    struct field_value v = {NULL, 0, c, shown, pointer};
    enum svc_status st;

    join_pointer(pointer, sizeof(pointer), where, fs->fields[k].name);
    v.text = cJSON_GetStringValue(c);
    v.number = cJSON_IsNumber(c) ? c->valuedouble : 0;
    if (!fs->fields[k].any_json && !cJSON_IsString(c) &&
        !cJSON_IsNumber(c))
        st = problem_set(pb, SVC_EINVAL,
                         "%s must be a string or a number, not %s",
                         fs->fields[k].name, field_type_name(c));
    else
        st = fs->set(req, k, &v, pb);
    if (st != SVC_OK && !pb->has_pointer)
        problem_point(pb, "%s", pointer);
    return st;
}

enum svc_status field_read_object(const struct field_set *fs,
                                  const cJSON *obj, const char *where,
                                  void *req, struct problem *pb)
{
    const cJSON *at[FIELDS_MAX] = {NULL};
    int given[FIELDS_MAX] = {0};
    enum svc_status st = SVC_OK;

    if (fs->count > FIELDS_MAX)
        return problem_set(pb, SVC_EINTERNAL, "too many fields");
    if (!cJSON_IsObject(obj)) {
        problem_set(pb, SVC_EINVAL, "%s must be a JSON object, not %s",
                    *where ? where : "the request body",
                    field_type_name(obj));
        problem_point(pb, "%s", where);
        return pb->status;
    }
    for (const cJSON *c = obj->child; c != NULL; c = c->next) {
        size_t k;

        st = place(fs, FIELD_BODY, c->string, given, &k, pb);
        if (st != SVC_OK) {
            point_member(pb, where, c->string);
            return st;
        }
        given[k] = 1;
        at[k] = c;
    }
    for (size_t k = 0; k < fs->count && st == SVC_OK; k++) {
        if (at[k] != NULL)
            st = set_member(fs, k, at[k], where, req, pb);
    }
    return st;
}

enum svc_status field_read(const struct field_set *fs,
                           const struct request *rq, void *req,
                           struct problem *pb)
{
    if (fs->count > FIELDS_MAX)
        return problem_set(pb, SVC_EINTERNAL, "too many fields");
    if (rq->body != NULL)
        return field_read_object(fs, rq->body, "", req, pb);
    return read_query(fs, rq->args, rq->nargs, req, pb);
}

enum svc_status field_amount(const char *name, const struct field_value *v,
                             double *out, struct problem *pb)
{
    const char *why;

    if (v->text != NULL) {
        if (params_parse_amount(v->text, strlen(v->text), out, &why) ==
            SVC_OK)
            return SVC_OK;
    } else if ((why = params_check_amount(v->number)) == NULL) {
        *out = v->number;
        return SVC_OK;
    }
    return problem_set(pb, SVC_EINVAL, "%s %s %s", name, field_shown(v), why);
}

enum svc_status field_positive(const char *name,
                               const struct field_value *v, double max,
                               const char *range, double *out,
                               struct problem *pb)
{
    const char *why = NULL;
    double x = v->number;

    /* A JSON number is refused in the words its text would be. */
    if (v->text != NULL)
        params_parse_number(v->text, strlen(v->text), &x, &why);
    else if (isnan(x))
        why = "is not a number";
    else if (x < 0 || signbit(x))
        why = "is negative";
    else if (x > PARAMS_AMOUNT_MAX)
        why = "is above 10^40";
    if (why != NULL)
        return problem_set(pb, SVC_EINVAL, "%s %s %s", name,
                           field_shown(v), why);
    if (!(x > 0 && x <= max))
        return problem_set(pb, SVC_EINVAL, "%s %s must be %s", name,
                           field_shown(v), range);
    *out = x;
    return SVC_OK;
}

enum svc_status field_integer(const char *name, const struct field_value *v,
                              long min, long max, long *out,
                              struct problem *pb)
{
    double d = v->number;

    if (v->text != NULL) {
        size_t n = strspn(v->text, "0123456789");

        /* Digits only, without a leading zero: "2", never "02". */
        d = n > 0 && n < 16 && v->text[n] == '\0' && v->json == NULL &&
                    (n == 1 || v->text[0] != '0')
                ? strtod(v->text, NULL)
                : NAN;
    }
    if (d >= (double)min && d <= (double)max && d == floor(d) &&
        (!cJSON_IsNumber(v->json) || json_text_whole(v->json))) {
        *out = (long)d;
        return SVC_OK;
    }
    return problem_set(pb, SVC_EINVAL,
                       "%s %s must be an integer from %ld to %ld", name,
                       field_shown(v), min, max);
}

enum svc_status field_choice(const char *name, const struct field_value *v,
                             const char *const *choices, size_t n,
                             const char *list, size_t *out,
                             struct problem *pb)
{
    for (size_t i = 0; v->text != NULL && i < n; i++) {
        if (strcmp(v->text, choices[i]) == 0) {
            *out = i;
            return SVC_OK;
        }
    }
    return problem_set(pb, SVC_EINVAL, "%s %s must be %s", name,
                       field_shown(v), list);
}

enum svc_status field_text(const char *name, const struct field_value *v,
                           const char *expected, const char **out,
                           struct problem *pb)
{
    if (v->text == NULL)
        return problem_set(pb, SVC_EINVAL, "%s must be %s, not %s", name,
                           expected,
                           v->json != NULL ? field_type_name(v->json)
                                           : "a number");
    *out = v->text;
    return SVC_OK;
}

enum svc_status field_bytes(const char *name, const struct field_value *v,
                            uint64_t *out, struct problem *pb)
{
    char number[NUMFMT_DOUBLE_MAX];
    const char *text = v->text, *why;

    /* A number is read as the text the client wrote (or, without it, as
     * its double prints), by the same rules and in the same words as
     * text is. */
    if (text == NULL && isinf(v->number)) {
        why = v->number > 0 ? "is above 10^19 bytes (10 EB)"
                            : "is negative";
        return problem_set(pb, SVC_EINVAL, "%s %s %s", name,
                           field_shown(v), why);
    }
    if (text == NULL && v->json != NULL)
        text = json_text_number(v->json);
    if (text == NULL) {
        numfmt_double(v->number, number, sizeof(number));
        text = number;
    }
    if (params_parse_bytes(text, strlen(text), out, &why) == SVC_OK)
        return SVC_OK;
    return problem_set(pb, SVC_EINVAL, "%s %s %s", name, field_shown(v), why);
}

enum svc_status field_catalog(const char *name,
                              const struct catalog *catalogs, size_t n,
                              const struct catalog **out,
                              struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    *out = name == NULL ? &catalogs[0]
                        : catalog_find(catalogs, n, name, strlen(name));
    if (*out == NULL)
        return problem_set(pb, SVC_ENOTFOUND,
                           "unknown catalog %s; GET /catalogs lists them",
                           problem_quote(q, sizeof(q), name, strlen(name)));
    return SVC_OK;
}
