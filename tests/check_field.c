/* check_field.c - unit tests of field.c, on a field set of its own: the
 * "known fields, each once" check of each carrier, the order setters
 * run in, pointers, nested objects, and each value reader through both
 * carriers, where the same value must be refused in the same words. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/json_text.h"
#include "suites.h"

/* What the test set's setters fill in; log names each setter called,
 * in call order: "count,size,". */
struct record {
    char log[128];
    long count;
    double size;
    size_t order;
    const char *name;
    uint64_t memory;
    const struct catalog *catalog;
    long x, y;
    double share;
};

static const struct compare_model models[] = {
    {.name = "m", .name_len = 1, .parameters = 1},
};
static const struct catalog catalogs[] = {
    {"first", "the default", models, 1, NULL},
    {"second", "another", models, 1, NULL},
};
#define NCATALOGS (sizeof(catalogs) / sizeof(catalogs[0]))

static void log_call(struct record *r, const char *name)
{
    size_t used = strlen(r->log);

    snprintf(r->log + used, sizeof(r->log) - used, "%s,", name);
}

/* The set inside "inner": {"x": 0-9, "y": 0-9}, "member"s "of a thing". */
enum { I_X, I_Y, INNER };
static const struct field inner_fields[INNER] = {
    {"x", FIELD_BODY, 0},
    {"y", FIELD_BODY, 0},
};

static enum svc_status set_inner(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    struct record *r = to;

    log_call(r, inner_fields[k].name);
    return field_integer(inner_fields[k].name, v, 0, 9,
                         k == I_X ? &r->x : &r->y, pb);
}

static const struct field_set inner_set = {inner_fields, INNER, set_inner,
                                           "member", " of a thing"};

/* The test set: one field per value reader, a field only a query may
 * bring, and one only a body may, which may be any JSON. */
enum { F_COUNT, F_SIZE, F_ORDER, F_NAME, F_MEMORY, F_CATALOG, F_QONLY,
       F_INNER, F_SHARE, FIELDS };
static const struct field fields[FIELDS] = {
    {"count", FIELD_BOTH, 0},   {"size", FIELD_BOTH, 0},
    {"order", FIELD_BOTH, 0},   {"name", FIELD_BOTH, 0},
    {"memory", FIELD_BOTH, 0},  {"catalog", FIELD_BOTH, 0},
    {"qonly", FIELD_QUERY, 0},  {"inner", FIELD_BODY, 1},
    {"share", FIELD_BOTH, 0},
};

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    static const char *const orders[] = {"asc", "desc", "input"};
    struct record *r = to;
    const char *name = NULL;

    log_call(r, fields[k].name);
    switch (k) {
    case F_COUNT:
        return field_integer("count", v, 0, 99, &r->count, pb);
    case F_SIZE:
        return field_amount("size", v, &r->size, pb);
    case F_ORDER:
        return field_choice("order", v, orders, 3, "asc, desc or input",
                            &r->order, pb);
    case F_NAME:
        if (field_text("name", v, "a model name", &r->name, pb) != SVC_OK)
            return pb->status;
        /* A setter's own refusal, which points nowhere. */
        if (strcmp(r->name, "bad") == 0)
            return problem_set(pb, SVC_EINVAL, "name %s is refused",
                               field_shown(v));
        return SVC_OK;
    case F_MEMORY:
        return field_bytes("memory", v, &r->memory, pb);
    case F_CATALOG:
        if (field_text("catalog", v, "a catalog name", &name, pb) != SVC_OK)
            return pb->status;
        return field_catalog(name, catalogs, NCATALOGS, &r->catalog, pb);
    case F_QONLY:
        return SVC_OK;
    case F_SHARE:
        return field_positive("share", v, 1, "above 0 and at most 1",
                              &r->share, pb);
    default:
        return field_read_object(&inner_set, v->json, v->pointer, r, pb);
    }
}

static const struct field_set set = {fields, FIELDS, set_field, NULL, NULL};

static struct record rec;
static struct problem pb;
static cJSON *doc;

static void setup(void)
{
    memset(&rec, 0, sizeof(rec));
    memset(&pb, 0, sizeof(pb));
    doc = NULL;
}

static void teardown(void)
{
    cJSON_Delete(doc);
}

static enum svc_status read_query(const struct query_arg *args, size_t n)
{
    struct request rq = {args, n, NULL, 0};

    return field_read(&set, &rq, &rec, &pb);
}

/* Parses json into doc; fails the test if it is not valid JSON. */
static void parse(const char *json)
{
    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
}

static enum svc_status read_body(const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    parse(json);
    rq.body = doc;
    return field_read(&set, &rq, &rec, &pb);
}

#define QLIST "count, size, order, name, memory, catalog, qonly, share"
#define BLIST                                                              \
    "\"count\", \"size\", \"order\", \"name\", \"memory\", \"catalog\", "  \
    "\"inner\", \"share\""

/* Query strings: the check of every argument comes before any setter;
 * setters run in the set's order. */
static const struct {
    struct query_arg args[3];
    size_t n;
    enum svc_status status;
    const char *detail; /* exact; NULL on success */
    const char *log;    /* the setters called */
} queries[] = {
    {{{"count", "2", 1}, {"size", "3", 1}}, 2, SVC_OK, NULL, "count,size,"},
    {{{"size", "3", 1}, {"count", "2", 1}}, 2, SVC_OK, NULL, "count,size,"},
    {{{0}}, 0, SVC_OK, NULL, ""},
    {{{"zzz", "1", 1}}, 1, SVC_EMALFORMED,
     "unknown query parameter \"zzz\" (expected " QLIST ")", ""},
    {{{"inner", "1", 1}}, 1, SVC_EMALFORMED, /* a body's field */
     "unknown query parameter \"inner\" (expected " QLIST ")", ""},
    {{{"Count", "1", 1}}, 1, SVC_EMALFORMED, /* names are exact */
     "unknown query parameter \"Count\" (expected " QLIST ")", ""},
    {{{"a\x01", "1", 1}}, 1, SVC_EMALFORMED, /* shown safely */
     "unknown query parameter \"a\\x01\" (expected " QLIST ")", ""},
    {{{"count", "1", 1}, {"count", "1", 1}}, 2, SVC_EMALFORMED,
     "query parameter count is given more than once", ""},
    {{{"count", "", 0}}, 1, SVC_EMALFORMED,
     "query parameter count is empty", ""},
    {{{"count", NULL, 0}}, 1, SVC_EMALFORMED, /* a bare ?count */
     "query parameter count is empty", ""},
    {{{"name", "a\0b", 3}}, 1, SVC_EMALFORMED, /* ?name=a%00b */
     "query parameter name contains a NUL byte", ""},
    /* A bad value does not hide a later unknown or empty argument. */
    {{{"count", "x", 1}, {"zzz", "1", 1}}, 2, SVC_EMALFORMED,
     "unknown query parameter \"zzz\" (expected " QLIST ")", ""},
    {{{"count", "x", 1}, {"size", "", 0}}, 2, SVC_EMALFORMED,
     "query parameter size is empty", ""},
    /* The first failure in the set's order, not in the query's. */
    {{{"size", "0", 1}, {"count", "200", 3}}, 2, SVC_EINVAL,
     "count \"200\" must be an integer from 0 to 99", "count,"},
    {{{"name", "bad", 3}, {"size", "0", 1}}, 2, SVC_EINVAL,
     "size \"0\" is zero", "size,"},
    {{{"name", "bad", 3}}, 1, SVC_EINVAL, "name \"bad\" is refused",
     "name,"},
    {{{"qonly", "1", 1}}, 1, SVC_OK, NULL, "qonly,"},
};

START_TEST(query_table)
{
    enum svc_status st = read_query(queries[_i].args, queries[_i].n);

    ck_assert_int_eq(st, queries[_i].status);
    if (queries[_i].detail != NULL) {
        ck_assert_int_eq(pb.status, st);
        ck_assert_str_eq(pb.detail, queries[_i].detail);
        ck_assert_int_eq(pb.has_pointer, 0); /* a query has no pointer */
    }
    ck_assert_str_eq(rec.log, queries[_i].log);
}
END_TEST

/* JSON bodies, read with field_read. */
static const struct {
    const char *json;
    enum svc_status status;
    const char *detail; /* exact; NULL on success */
    const char *pointer;
    const char *log;
} bodies[] = {
    {"{}", SVC_OK, NULL, NULL, ""},
    {"{\"size\": 3, \"count\": 2}", SVC_OK, NULL, NULL, "count,size,"},
    {"[]", SVC_EINVAL,
     "the request body must be a JSON object, not an array", "", ""},
    {"\"count\"", SVC_EINVAL,
     "the request body must be a JSON object, not a string", "", ""},
    {"7", SVC_EINVAL, "the request body must be a JSON object, not a number",
     "", ""},
    {"{\"zzz\": 1}", SVC_EINVAL,
     "unknown field \"zzz\" (expected " BLIST ")", "/zzz", ""},
    {"{\"qonly\": 1}", SVC_EINVAL, /* a query's field */
     "unknown field \"qonly\" (expected " BLIST ")", "/qonly", ""},
    {"{\"a/b~\": 1}", SVC_EINVAL,
     "unknown field \"a/b~\" (expected " BLIST ")", "/a~1b~0", ""},
    /* A name that cannot be a pointer: the object is pointed at. */
    {"{\"\xff\": 1}", SVC_EINVAL,
     "unknown field \"\\xFF\" (expected " BLIST ")", "", ""},
    {"{\"count\": 1, \"count\": 1}", SVC_EINVAL,
     "field \"count\" is given more than once", "/count", ""},
    /* Anything but a string or a number, unless the field takes any. */
    {"{\"count\": [1]}", SVC_EINVAL,
     "count must be a string or a number, not an array", "/count", ""},
    {"{\"count\": {}}", SVC_EINVAL,
     "count must be a string or a number, not an object", "/count", ""},
    {"{\"count\": true}", SVC_EINVAL,
     "count must be a string or a number, not a boolean", "/count", ""},
    {"{\"count\": null}", SVC_EINVAL,
     "count must be a string or a number, not null", "/count", ""},
    {"{\"inner\": {\"x\": 1, \"y\": 2}}", SVC_OK, NULL, NULL, "inner,x,y,"},
    /* A bad value does not hide a later unknown or repeated member. */
    {"{\"count\": 200, \"zzz\": 1}", SVC_EINVAL,
     "unknown field \"zzz\" (expected " BLIST ")", "/zzz", ""},
    {"{\"count\": 200, \"size\": 1, \"size\": 1}", SVC_EINVAL,
     "field \"size\" is given more than once", "/size", ""},
    /* The first failure in the set's order. */
    {"{\"size\": 0, \"count\": 200}", SVC_EINVAL,
     "count 200 must be an integer from 0 to 99", "/count", "count,"},
    {"{\"size\": [], \"count\": 5}", SVC_EINVAL,
     "size must be a string or a number, not an array", "/size",
     "count,"},
    /* The setter's refusal gets the field's pointer ... */
    {"{\"name\": \"bad\"}", SVC_EINVAL, "name \"bad\" is refused", "/name",
     "name,"},
    {"{\"catalog\": \"nope\"}", SVC_ENOTFOUND,
     "unknown catalog \"nope\"; GET /catalogs lists them", "/catalog",
     "catalog,"},
    /* ... unless it pointed deeper. */
    {"{\"inner\": {\"y\": 1, \"x\": 10}}", SVC_EINVAL,
     "x 10 must be an integer from 0 to 9", "/inner/x", "inner,x,"},
    {"{\"inner\": {\"x\": []}}", SVC_EINVAL,
     "x must be a string or a number, not an array", "/inner/x",
     "inner,"},
    {"{\"inner\": {\"z\": 1}}", SVC_EINVAL,
     "unknown member \"z\" of a thing (expected \"x\", \"y\")", "/inner/z",
     "inner,"},
    {"{\"inner\": {\"x/\": 1}}", SVC_EINVAL,
     "unknown member \"x/\" of a thing (expected \"x\", \"y\")",
     "/inner/x~1", "inner,"},
    {"{\"inner\": {\"y\": 1, \"y\": 2}}", SVC_EINVAL,
     "member \"y\" of a thing is given more than once", "/inner/y",
     "inner,"},
    {"{\"inner\": [1]}", SVC_EINVAL,
     "/inner must be a JSON object, not an array", "/inner", "inner,"},
};

START_TEST(body_table)
{
    enum svc_status st = read_body(bodies[_i].json);

    ck_assert_msg(st == bodies[_i].status, "%s: status %d, detail \"%s\"",
                  bodies[_i].json, st, pb.detail);
    if (bodies[_i].detail != NULL) {
        ck_assert_int_eq(pb.status, st);
        ck_assert_str_eq(pb.detail, bodies[_i].detail);
        ck_assert_int_eq(pb.has_pointer, 1);
        ck_assert_str_eq(pb.pointer, bodies[_i].pointer);
    }
    ck_assert_str_eq(rec.log, bodies[_i].log);
}
END_TEST

/* What the setters were given, from each carrier. */
START_TEST(values_reach_the_setters)
{
    static const struct query_arg args[] = {
        {"count", "7", 1},         {"size", "1.4T", 4},
        {"order", "desc", 4},      {"name", "llama", 5},
        {"memory", "80 GiB", 6},   {"catalog", "second", 6},
    };

    ck_assert_int_eq(read_query(args, 6), SVC_OK);
    ck_assert_int_eq(rec.count, 7);
    ck_assert_double_eq(rec.size, 1.4e12);
    ck_assert_uint_eq(rec.order, 1);
    ck_assert_str_eq(rec.name, "llama");
    ck_assert_ptr_eq(rec.name, args[3].value); /* borrowed, not copied */
    ck_assert_uint_eq(rec.memory, 80ULL << 30);
    ck_assert_ptr_eq(rec.catalog, &catalogs[1]);

    memset(&rec, 0, sizeof(rec));
    ck_assert_int_eq(read_body("{\"catalog\": \"second\", \"memory\": "
                               "\"80 GiB\", \"name\": \"llama\", \"order\": "
                               "\"desc\", \"size\": 1.4e12, \"count\": 7, "
                               "\"inner\": {\"y\": 3, \"x\": 4}}"),
                     SVC_OK);
    ck_assert_str_eq(rec.log, "count,size,order,name,memory,catalog,inner,"
                              "x,y,");
    ck_assert_int_eq(rec.count, 7);
    ck_assert_double_eq(rec.size, 1.4e12);
    ck_assert_uint_eq(rec.order, 1);
    ck_assert_str_eq(rec.name, "llama");
    ck_assert_uint_eq(rec.memory, 80ULL << 30);
    ck_assert_ptr_eq(rec.catalog, &catalogs[1]);
    ck_assert_int_eq(rec.x, 4);
    ck_assert_int_eq(rec.y, 3);
}
END_TEST

/* A request with a body is read from the body alone. */
START_TEST(body_wins_over_query)
{
    static const struct query_arg args[] = {{"zzz", "1", 1}};
    struct request rq = {args, 1, NULL, 0};

    parse("{\"count\": 3}");
    rq.body = doc;
    ck_assert_int_eq(field_read(&set, &rq, &rec, &pb), SVC_OK);
    ck_assert_int_eq(rec.count, 3);
}
END_TEST

/* field_read_object at a member's pointer, in the set's own words. */
START_TEST(object_at_a_pointer)
{
    parse("[5, {\"x\": 1, \"q\": 2}, {\"y\": 12}, {\"x\": 3}]");
    ck_assert_int_eq(field_read_object(&inner_set, cJSON_GetArrayItem(doc, 0),
                                       "/models/12", &rec, &pb),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "/models/12 must be a JSON object, not a "
                                "number");
    ck_assert_str_eq(pb.pointer, "/models/12");
    ck_assert_int_eq(field_read_object(&inner_set, cJSON_GetArrayItem(doc, 1),
                                       "/models/12", &rec, &pb),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "unknown member \"q\" of a thing (expected "
                                "\"x\", \"y\")");
    ck_assert_str_eq(pb.pointer, "/models/12/q");
    ck_assert_int_eq(field_read_object(&inner_set, cJSON_GetArrayItem(doc, 2),
                                       "/models/12", &rec, &pb),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "y 12 must be an integer from 0 to 9");
    ck_assert_str_eq(pb.pointer, "/models/12/y");
    ck_assert_int_eq(field_read_object(&inner_set, cJSON_GetArrayItem(doc, 3),
                                       "/models/12", &rec, &pb),
                     SVC_OK);
    ck_assert_int_eq(rec.x, 3);
    ck_assert_str_eq(rec.log, "y,x,");
}
END_TEST

/* The plain words when a set names neither noun nor of. */
START_TEST(object_plain_words)
{
    static const struct field_set plain = {inner_fields, INNER, set_inner,
                                           NULL, NULL};

    parse("{\"x\": 1, \"x\": 2}");
    ck_assert_int_eq(field_read_object(&plain, doc, "/a", &rec, &pb),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "field \"x\" is given more than once");
    ck_assert_str_eq(pb.pointer, "/a/x");
}
END_TEST

START_TEST(too_many_fields)
{
    static const struct field many[17] = {{"a", FIELD_BOTH, 0}};
    static const struct field_set big = {many, 17, set_field, NULL, NULL};
    struct request rq = {NULL, 0, NULL, 0};

    ck_assert_int_eq(field_read(&big, &rq, &rec, &pb), SVC_EINTERNAL);
    ck_assert_str_eq(pb.detail, "too many fields");
}
END_TEST

/* Each value reader, given the same value by each carrier: the query
 * shows it quoted, a body number as JSON prints it; otherwise the words
 * are the same. */
static const struct {
    const char *field;
    const char *query;  /* the query's value; NULL: not asked */
    const char *qdetail; /* exact; NULL: accepted */
    const char *json;   /* the body's value; NULL: not asked */
    const char *bdetail;
} values[] = {
    /* field_integer: digits in a query, a whole number in a body */
    {"count", "7", NULL, "7", NULL},
    {"count", "0", NULL, "0", NULL},
    {"count", "99", NULL, "99", NULL},
    {"count", NULL, NULL, "2.0", NULL},
    {"count", NULL, NULL, "1e1", NULL},
    {"count", "100", "count \"100\" must be an integer from 0 to 99", "100",
     "count 100 must be an integer from 0 to 99"},
    {"count", "-1", "count \"-1\" must be an integer from 0 to 99", "-1",
     "count -1 must be an integer from 0 to 99"},
    {"count", "1.5", "count \"1.5\" must be an integer from 0 to 99", "1.5",
     "count 1.5 must be an integer from 0 to 99"},
    {"count", "02", "count \"02\" must be an integer from 0 to 99", NULL,
     NULL},
    {"count", "2.0", "count \"2.0\" must be an integer from 0 to 99", NULL,
     NULL},
    {"count", "+2", "count \"+2\" must be an integer from 0 to 99", NULL,
     NULL},
    {"count", " 2", "count \" 2\" must be an integer from 0 to 99", NULL,
     NULL},
    {"count", "1e1", "count \"1e1\" must be an integer from 0 to 99", NULL,
     NULL},
    {"count", "00000000000000000000000000000001",
     "count \"00000000000000000000000000000001\" must be an integer from "
     "0 to 99",
     NULL, NULL},
    {"count", NULL, NULL, "\"2\"",
     "count \"2\" must be an integer from 0 to 99"},
    /* field_amount */
    {"size", "1.4T", NULL, "\"1.4T\"", NULL},
    {"size", "5.76e23", NULL, "5.76e23", NULL},
    {"size", "1", NULL, "1", NULL},
    {"size", "0", "size \"0\" is zero", "0", "size 0 is zero"},
    {"size", "-5", "size \"-5\" is negative", "-5", "size -5 is negative"},
    {"size", "0.5", "size \"0.5\" is below 1", "0.5",
     "size 0.5 is below 1"},
    {"size", "1e41", "size \"1e41\" is above 10^40", "1e41",
     "size 1e41 is above 10^40"},
    {"size", "abc",
     "size \"abc\" is not a number (expected digits with an optional K, "
     "M, B or T suffix or an exponent, e.g. \"1.4T\" or \"5.76e23\")",
     "\"abc\"",
     "size \"abc\" is not a number (expected digits with an optional K, "
     "M, B or T suffix or an exponent, e.g. \"1.4T\" or \"5.76e23\")"},
    /* field_positive: a number in the forms of amounts, that may be
     * below 1; every refusal in the same words from both carriers */
    {"share", "0.4", NULL, "0.4", NULL},
    {"share", "1", NULL, "\"1\"", NULL},
    {"share", "0", "share \"0\" must be above 0 and at most 1", "0",
     "share 0 must be above 0 and at most 1"},
    {"share", "1.5", "share \"1.5\" must be above 0 and at most 1", "1.5",
     "share 1.5 must be above 0 and at most 1"},
    {"share", "-0.5", "share \"-0.5\" is negative", "-0.5",
     "share -0.5 is negative"},
    {"share", "1e41", "share \"1e41\" is above 10^40", "1e41",
     "share 1e41 is above 10^40"},
    {"share", "0.4x",
     "share \"0.4x\" is not a number (expected digits with an optional K, "
     "M, B or T suffix or an exponent, e.g. \"1.4T\" or \"5.76e23\")",
     NULL, NULL},
    {"share", NULL, NULL, "-0", "share -0 is negative"},
    {"share", NULL, NULL, "1e-400", "share 1e-400 must be above 0 and at "
                                    "most 1"},
    /* field_choice: exactly one of the names */
    {"order", "desc", NULL, "\"desc\"", NULL},
    {"order", "up", "order \"up\" must be asc, desc or input", "\"up\"",
     "order \"up\" must be asc, desc or input"},
    {"order", "DESC", "order \"DESC\" must be asc, desc or input",
     "\"DESC\"", "order \"DESC\" must be asc, desc or input"},
    {"order", "1", "order \"1\" must be asc, desc or input", "1",
     "order 1 must be asc, desc or input"},
    /* field_text */
    {"name", "7", NULL, "\"7\"", NULL},
    {"name", NULL, NULL, "7", "name must be a model name, not a number"},
    /* field_bytes */
    {"memory", "24GB", NULL, "\"24GB\"", NULL},
    {"memory", "24000000000", NULL, "24000000000", NULL},
    {"memory", "24 XB",
     "memory \"24 XB\" is not an amount of memory (expected a number and "
     "a unit: B, kB, MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB, PiB or EiB, "
     "e.g. \"24GB\")",
     "\"24 XB\"",
     "memory \"24 XB\" is not an amount of memory (expected a number and "
     "a unit: B, kB, MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB, PiB or EiB, "
     "e.g. \"24GB\")"},
    {"memory", "0.4B", "memory \"0.4B\" is less than one byte", "\"0.4B\"",
     "memory \"0.4B\" is less than one byte"},
    {"memory", "11EB", "memory \"11EB\" is above 10^19 bytes (10 EB)",
     "\"11EB\"", "memory \"11EB\" is above 10^19 bytes (10 EB)"},
    /* a number of bytes is rounded as text is, in both carriers */
    {"memory", "1.5", NULL, "1.5", NULL},
    {"memory", "0.4", "memory \"0.4\" is less than one byte", "0.4",
     "memory 0.4 is less than one byte"},
    {"memory", "-1", "memory \"-1\" is negative", "-1",
     "memory -1 is negative"},
    /* field_catalog, through its field */
    {"catalog", "first", NULL, "\"first\"", NULL},
    {"catalog", "firs", "unknown catalog \"firs\"; GET /catalogs lists them",
     "\"firs\"", "unknown catalog \"firs\"; GET /catalogs lists them"},
    {"catalog", NULL, NULL, "1", "catalog must be a catalog name, not a "
                                 "number"},
};

START_TEST(values_both_ways)
{
    const char *field = values[_i].field;

    if (values[_i].query != NULL) {
        struct query_arg arg = {field, values[_i].query,
                                strlen(values[_i].query)};
        enum svc_status st = read_query(&arg, 1);

        if (values[_i].qdetail == NULL) {
            ck_assert_msg(st == SVC_OK, "?%s=%s: %s", field,
                          values[_i].query, pb.detail);
        } else {
            ck_assert_int_ne(st, SVC_OK);
            ck_assert_str_eq(pb.detail, values[_i].qdetail);
            ck_assert_int_eq(pb.has_pointer, 0);
        }
    }
    if (values[_i].json != NULL) {
        char body[256], pointer[32];
        enum svc_status st;

        snprintf(body, sizeof(body), "{\"%s\": %s}", field, values[_i].json);
        snprintf(pointer, sizeof(pointer), "/%s", field);
        memset(&rec, 0, sizeof(rec));
        st = read_body(body);
        if (values[_i].bdetail == NULL) {
            ck_assert_msg(st == SVC_OK, "%s: %s", body, pb.detail);
        } else {
            ck_assert_int_ne(st, SVC_OK);
            ck_assert_str_eq(pb.detail, values[_i].bdetail);
            ck_assert_str_eq(pb.pointer, pointer);
        }
    }
}
END_TEST

/* What each accepted value reads as. */
START_TEST(values_read_as)
{
    static const struct query_arg q[] = {
        {"count", "0", 1}, {"size", "2,000", 5}, {"memory", "1.5", 3}};

    ck_assert_int_eq(read_query(q, 3), SVC_OK);
    ck_assert_int_eq(rec.count, 0);
    ck_assert_double_eq(rec.size, 2000);
    ck_assert_uint_eq(rec.memory, 2); /* text is rounded to whole bytes */
    memset(&rec, 0, sizeof(rec));
    ck_assert_int_eq(read_body("{\"count\": 2.0, \"size\": 5.5, "
                               "\"memory\": 10000000000000000000}"),
                     SVC_OK);
    ck_assert_int_eq(rec.count, 2);
    ck_assert_double_eq(rec.size, 5.5);
    ck_assert_uint_eq(rec.memory, 10000000000000000000ULL);
}
END_TEST

START_TEST(catalog_lookup)
{
    const struct catalog *c = NULL;

    ck_assert_int_eq(field_catalog(NULL, catalogs, NCATALOGS, &c, &pb),
                     SVC_OK);
    ck_assert_ptr_eq(c, &catalogs[0]);
    ck_assert_int_eq(field_catalog("second", catalogs, NCATALOGS, &c, &pb),
                     SVC_OK);
    ck_assert_ptr_eq(c, &catalogs[1]);
    ck_assert_int_eq(field_catalog("Second", catalogs, NCATALOGS, &c, &pb),
                     SVC_ENOTFOUND);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(pb.detail,
                     "unknown catalog \"Second\"; GET /catalogs lists them");
    ck_assert_int_eq(pb.has_pointer, 0);
}
END_TEST

/* How a detail shows a JSON value. */
static const struct {
    const char *json, *type, *shown;
} kinds[] = {
    {"\"a\\nb\"", "a string", "\"a\\x0Ab\""},
    {"1.5", "a number", "1.5"},
    /* a number is shown as the client wrote it, beyond a double too */
    {"1e400", "a number", "1e400"},
    {"-1e400", "a number", "-1e400"},
    {"true", "a boolean", "true"},
    {"false", "a boolean", "false"},
    {"null", "null", "null"},
    {"[]", "an array", "an array"},
    {"{}", "an object", "an object"},
};

START_TEST(describe)
{
    char buf[PROBLEM_QUOTE_MAX];

    parse(kinds[_i].json);
    ck_assert_str_eq(field_type_name(doc), kinds[_i].type);
    ck_assert_str_eq(field_describe(doc, buf, sizeof(buf)),
                     kinds[_i].shown);
}
END_TEST

/* A value is shown only when a detail asks: a query's text quoted and
 * made safe, a body's number as the client wrote it. */
START_TEST(shown_on_demand)
{
    char buf[PROBLEM_QUOTE_MAX];
    struct field_value q = {"7\nB", 0, NULL, buf, NULL};
    struct field_value b = {NULL, 0, NULL, buf, "/tokens"};

    ck_assert_str_eq(field_shown(&q), "\"7\\x0AB\"");
    parse("1.50e3");
    b.json = doc;
    b.number = doc->valuedouble;
    ck_assert_str_eq(field_shown(&b), "1.50e3");
    parse("\"x\"");
    b.json = doc;
    ck_assert_str_eq(field_shown(&b), "\"x\"");
}
END_TEST

/* field_bytes refuses a body's number in the words of the query's text:
 * it once said "0" "is less than one byte" but 0 "must be a whole number
 * of bytes from 1 to 10^19, or text such as ...".  The shared wording
 * is the point of the reader. */
START_TEST(bytes_same_words)
{
    static const struct query_arg arg = {"memory", "0", 1};

    ck_assert_int_eq(read_query(&arg, 1), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "memory \"0\" is less than one byte");
    ck_assert_int_eq(read_body("{\"memory\": 0}"), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "memory 0 is less than one byte");
}
END_TEST

/* An empty member name has a pointer, "/" (RFC 6901); it was once
 * pointed at as the whole object (""). */
START_TEST(empty_name_pointer)
{
    ck_assert_int_eq(read_body("{\"\": 1}"), SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/");
}
END_TEST

Suite *field_suite(void)
{
    Suite *s = suite_create("field");
    TCase *tc;

    tc = tcase_create("query");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, query_table, 0,
                        sizeof(queries) / sizeof(queries[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("body");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, body_table, 0,
                        sizeof(bodies) / sizeof(bodies[0]));
    tcase_add_test(tc, body_wins_over_query);
    tcase_add_test(tc, object_at_a_pointer);
    tcase_add_test(tc, object_plain_words);
    tcase_add_test(tc, too_many_fields);
    tcase_add_test(tc, empty_name_pointer);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, values_reach_the_setters);
    tcase_add_loop_test(tc, values_both_ways, 0,
                        sizeof(values) / sizeof(values[0]));
    tcase_add_test(tc, values_read_as);
    tcase_add_test(tc, catalog_lookup);
    tcase_add_loop_test(tc, describe, 0, sizeof(kinds) / sizeof(kinds[0]));
    tcase_add_test(tc, bytes_same_words);
    tcase_add_test(tc, shown_on_demand);
    suite_add_tcase(s, tc);
    return s;
}
