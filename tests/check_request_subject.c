/* check_request_subject.c - unit tests of request_subject.c and of the
 * architectures catalogs keep (catalog_doc.c, catalog_arch): a model of
 * a catalog, a config and a count, from a query and from a body, every
 * refusal, and the KV caches from the real configs a subject
 * resolves to. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "api/assets.h"
#include "api/catalog_doc.h"
#include "api/json_text.h"
#include "api/request_subject.h"
#include "modelscale/inference.h"
#include "request_fixture.h"
#include "suites.h"

#define LLAMA_2_7B 6738415616ULL /* check_arch_reader.c's count */

enum { F_MODEL, F_CATALOG, F_CONFIG, F_PARAMETERS, F_ACTIVE, FIELDS };
static const struct field fields[FIELDS] = {
    SUBJECT_ROWS_MODEL, SUBJECT_ROWS_CONFIG, SUBJECT_ROWS_PARAMETERS};

static enum svc_status set(void *to, size_t k, const struct field_value *v,
                           struct problem *pb)
{
    return subject_set(to, fields[k].name, v, pb);
}

static const struct field_set subject_fields = {fields, FIELDS, set, NULL,
                                                NULL};

static struct catalog_doc reference; /* the real one, built in */
static struct catalog catalogs[2];
static struct subject who;
static struct problem pb;
static cJSON *doc;

static void setup(void)
{
    fixture_catalogs(&reference, catalogs);
    memset(&pb, 0, sizeof(pb));
    doc = NULL;
}

static void teardown(void)
{
    catalog_doc_cleanup(&reference);
    cJSON_Delete(doc);
}

/* Reads and resolves a subject from rq for a route of `carriers`. */
static enum svc_status run(const struct request *rq, unsigned carriers)
{
    struct subject_input in;

    subject_input_init(&in, carriers, rq->body != NULL);
    if (field_read(&subject_fields, rq, &in, &pb) != SVC_OK)
        return pb.status;
    return subject_resolve(&in, catalogs, 2, &who, &pb);
}

#define ALL (SUBJECT_MODEL | SUBJECT_CONFIG | SUBJECT_PARAMETERS)

/* A query of up to 3 key=value arguments (values borrowed). */
static enum svc_status query(unsigned carriers, const char *k1,
                             const char *v1, const char *k2,
                             const char *v2)
{
    struct query_arg args[2] = {{k1, v1, v1 ? strlen(v1) : 0},
                                {k2, v2, v2 ? strlen(v2) : 0}};
    struct request rq = {args, k2 != NULL ? 2 : 1, NULL, 0};

    return run(&rq, carriers);
}

static enum svc_status body(unsigned carriers, const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    return run(&rq, carriers);
}

/* A body {"config": <the built-in config named name>}. */
static enum svc_status config_body(const char *name)
{
    static char text[16384];

    for (size_t i = 0; i < asset_architectures_count; i++) {
        if (strcmp(asset_architectures[i].name, name) != 0)
            continue;
        ck_assert_int_lt(asset_architectures[i].asset.len + 16,
                         sizeof(text));
        snprintf(text, sizeof(text), "{\"config\": %s}",
                 (const char *)asset_architectures[i].asset.data);
        return body(ALL, text);
    }
    ck_abort_msg("no built-in config %s", name);
    return SVC_EINTERNAL;
}

static void problem_is(enum svc_status st, enum svc_status want,
                       const char *detail_part, const char *pointer)
{
    ck_assert_int_eq(st, want);
    ck_assert_msg(strstr(pb.detail, detail_part) != NULL,
                  "detail \"%s\" lacks \"%s\"", pb.detail, detail_part);
    if (pointer == NULL) {
        ck_assert_int_eq(pb.has_pointer, 0);
    } else {
        ck_assert_int_eq(pb.has_pointer, 1);
        ck_assert_str_eq(pb.pointer, pointer);
    }
}

START_TEST(catalog_keeps_archs)
{
    const struct compare_model *llama =
        catalog_model(&catalogs[1], "llama-2-7b", 10);
    const struct compare_model *resnet =
        catalog_model(&catalogs[1], "resnet-50", 9);
    const struct arch *a;
    struct compare_model copy;

    ck_assert_ptr_nonnull(llama);
    ck_assert_ptr_nonnull(resnet);
    a = catalog_arch(&catalogs[1], llama);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->family, ARCH_LLAMA);
    ck_assert_uint_eq(a->layers, 32);
    ck_assert_uint_eq(a->hidden, 4096);
    ck_assert_uint_eq(a->max_positions, 4096);
    /* resnet-50 is given by its count; the seven have no architectures;
     * a copy of a model is not in the catalog's array. */
    ck_assert_ptr_null(catalog_arch(&catalogs[1], resnet));
    ck_assert_ptr_null(catalog_arch(&catalogs[0], &catalogs[0].models[1]));
    copy = *llama;
    ck_assert_ptr_null(catalog_arch(&catalogs[1], &copy));
}
END_TEST

START_TEST(model_of_catalog)
{
    ck_assert_int_eq(query(SUBJECT_MODEL, "model", "llama-2-7b", "catalog",
                           "reference"),
                     SVC_OK);
    ck_assert_int_eq(who.carrier, SUBJECT_MODEL);
    ck_assert_ptr_eq(who.catalog, &catalogs[1]);
    ck_assert_uint_eq(who.name_len, 10);
    ck_assert_int_eq(memcmp(who.name, "llama-2-7b", 10), 0);
    ck_assert_uint_eq(who.parameters, LLAMA_2_7B);
    ck_assert_uint_eq(who.active, LLAMA_2_7B);
    ck_assert_int_eq(who.basis, COMPARE_BASIS_EXACT);
    ck_assert_ptr_nonnull(who.arch);
    ck_assert_int_eq(who.arch->family, ARCH_LLAMA);
    /* The reference catalog unless named; a mixture of experts has its
     * active count (Mixtral-8x7B: 46,702,792,704 and 12,879,925,248). */
    ck_assert_int_eq(query(SUBJECT_MODEL, "model", "mixtral-8x7b", NULL,
                           NULL),
                     SVC_OK);
    ck_assert_ptr_eq(who.catalog, &catalogs[1]);
    ck_assert_uint_eq(who.parameters, 46702792704ULL);
    ck_assert_uint_eq(who.active, 12879925248ULL);
    ck_assert_int_eq(who.kind, COMPARE_KIND_MOE);
}
END_TEST

START_TEST(model_without_arch)
{
    /* The seven have only counts: 6e9, no architecture. */
    ck_assert_int_eq(body(SUBJECT_MODEL,
                          "{\"model\": \"medium_language_model\", "
                          "\"catalog\": \"default\"}"),
                     SVC_OK);
    ck_assert_uint_eq(who.parameters, 6000000000ULL);
    ck_assert_uint_eq(who.active, 6000000000ULL);
    ck_assert_ptr_null(who.arch);
    ck_assert_ptr_eq(who.model, &catalogs[0].models[4]);
}
END_TEST

START_TEST(config_given)
{
    ck_assert_int_eq(config_body("llama-2-7b"), SVC_OK);
    ck_assert_int_eq(who.carrier, SUBJECT_CONFIG);
    ck_assert_str_eq(who.name, "llama");
    ck_assert_uint_eq(who.parameters, LLAMA_2_7B);
    ck_assert_int_eq(who.kind, COMPARE_KIND_DENSE);
    ck_assert_int_eq(who.basis, COMPARE_BASIS_EXACT);
    ck_assert_ptr_eq(who.arch, &who.own);
    ck_assert_ptr_null(who.catalog);
    ck_assert_ptr_null(who.model);
    ck_assert_int_eq(config_body("mixtral-8x7b"), SVC_OK);
    ck_assert_uint_eq(who.active, 12879925248ULL);
    ck_assert_int_eq(who.kind, COMPARE_KIND_MOE);
}
END_TEST

START_TEST(count_given)
{
    ck_assert_int_eq(query(SUBJECT_PARAMETERS, "parameters", "7B", NULL,
                           NULL),
                     SVC_OK);
    ck_assert_int_eq(who.carrier, SUBJECT_PARAMETERS);
    ck_assert_uint_eq(who.parameters, 7000000000ULL);
    ck_assert_uint_eq(who.active, 7000000000ULL);
    ck_assert_int_eq(who.kind, COMPARE_KIND_DENSE);
    ck_assert_int_eq(who.basis, COMPARE_BASIS_UNSAID);
    ck_assert_ptr_null(who.name);
    ck_assert_ptr_null(who.arch);
    ck_assert_int_eq(body(ALL, "{\"parameters\": 46700000000, "
                               "\"active_parameters\": \"12.9B\"}"),
                     SVC_OK);
    ck_assert_uint_eq(who.parameters, 46700000000ULL);
    ck_assert_uint_eq(who.active, 12900000000ULL);
    ck_assert_int_eq(who.kind, COMPARE_KIND_MOE);
}
END_TEST

START_TEST(refuses_none_or_many)
{
    problem_is(body(SUBJECT_MODEL | SUBJECT_CONFIG, "{}"), SVC_EINVAL,
               "give model or config", "/model");
    problem_is(body(SUBJECT_CONFIG, "{}"), SVC_EINVAL, "give config",
               "/config");
    problem_is(query(SUBJECT_PARAMETERS | SUBJECT_MODEL, "catalog",
                     "reference", NULL, NULL),
               SVC_EINVAL, "give model or parameters", NULL);
    problem_is(body(ALL, "{\"model\": \"gpt-2\", \"parameters\": 7}"),
               SVC_EINVAL, "give one of model, config or parameters",
               "/parameters");
    problem_is(body(ALL, "{\"config\": {}, \"model\": \"gpt-2\"}"),
               SVC_EINVAL, "not more", "/config");
    problem_is(query(ALL, "model", "gpt-2", "parameters", "1M"), SVC_EINVAL,
               "not more", NULL);
}
END_TEST

START_TEST(refuses_companions)
{
    problem_is(body(ALL, "{\"parameters\": 7, \"catalog\": \"default\"}"),
               SVC_EINVAL, "catalog says where model is found",
               "/catalog");
    problem_is(body(ALL, "{\"model\": \"gpt-2\", "
                         "\"active_parameters\": 7}"),
               SVC_EINVAL, "active_parameters go with parameters",
               "/active_parameters");
    problem_is(body(ALL, "{\"parameters\": 7, \"active_parameters\": 8}"),
               SVC_EINVAL, "active_parameters (8) are more than the "
                           "parameters (7)",
               "/active_parameters");
}
END_TEST

START_TEST(refuses_unknown)
{
    problem_is(query(SUBJECT_MODEL, "model", "llama-9", NULL, NULL),
               SVC_ENOTFOUND,
               "unknown model \"llama-9\" in catalog reference; GET "
               "/models?catalog=reference lists its models",
               NULL);
    problem_is(body(SUBJECT_MODEL, "{\"model\": \"gpt-2\", "
                                   "\"catalog\": \"default\"}"),
               SVC_ENOTFOUND, "GET /models?catalog=default", "/model");
    problem_is(body(SUBJECT_MODEL, "{\"model\": \"gpt-2\", "
                                   "\"catalog\": \"nope\"}"),
               SVC_ENOTFOUND, "unknown catalog \"nope\"; GET /catalogs",
               "/catalog");
    problem_is(body(SUBJECT_MODEL, "{\"model\": 7}"), SVC_EINVAL,
               "model must be a model name, not a number", "/model");
}
END_TEST

START_TEST(refuses_configs)
{
    problem_is(query(ALL, "config", "llama", NULL, NULL), SVC_EINVAL,
               "send it in a POST body", NULL);
    problem_is(body(ALL, "{\"config\": [1]}"), SVC_EINVAL,
               "config must be an object", "/config");
    problem_is(body(ALL, "{\"config\": {\"model_type\": \"llama\"}}"),
               SVC_EINVAL, "", "/config/hidden_size");
    problem_is(body(ALL, "{\"config\": {\"model_type\": \"nope\"}}"),
               SVC_EINVAL, "", "/config/model_type");
    problem_is(body(ALL, "{\"parameters\": \"7 B\"}"), SVC_EINVAL,
               "parameters \"7 B\"", "/parameters");
    problem_is(body(ALL, "{\"parameters\": 1.5}"), SVC_EINVAL,
               "parameters 1.5", "/parameters");
}
END_TEST

START_TEST(refuses_carrier_not_taken)
{
    struct subject_input in;
    char shown[PROBLEM_QUOTE_MAX];
    struct field_value v = {"7B", 0, NULL, shown, NULL};

    subject_input_init(&in, SUBJECT_MODEL | SUBJECT_CONFIG, 0);
    ck_assert_int_eq(subject_set(&in, "parameters", &v, &pb),
                     SVC_EINTERNAL);
    ck_assert_int_eq(subject_set(&in, "tokens", &v, &pb), SVC_EINTERNAL);
    ck_assert_str_eq(subject_carriers_text(ALL),
                     "model, config or parameters");
}
END_TEST

/* The caches, from the configs as a subject resolves them: the
 * architecture's shape goes to the core as it is. */
static const struct {
    const char *config;
    enum dtype_kv kv;
    uint64_t context, per_token, bytes;
} caches[] = {
    /* 2 x 32 layers x 32 heads x 128 x 2 bytes = 524,288; x 4,096 =
     * 2,147,483,648 */
    {"llama-2-7b", DTYPE_KV_FP16, 4096, 524288, 2147483648ULL},
    /* 2 x 18 x 1 x 256 x 2 = 18,432; x 8,192 = 150,994,944 */
    {"gemma-2b", DTYPE_KV_FP16, 8192, 18432, 150994944ULL},
    /* 2 x 32 x 8 x 128 x 2 = 131,072 a token, but only the 4,096 of
     * the window: 536,870,912 at 32,768 */
    {"mistral-7b-v0.1", DTYPE_KV_FP16, 32768, 131072, 536870912ULL},
    /* 27 x (512 + 64) x 2 = 31,104; x 4,096 = 127,401,984 */
    {"deepseek-v2-lite", DTYPE_KV_BF16, 4096, 31104, 127401984ULL},
    /* Qwen2.5-7B does not use its window: 2 x 28 x 4 x 128 x 2 =
     * 57,344; x 32,768 = 1,879,048,192 */
    {"qwen2.5-7b", DTYPE_KV_FP16, 32768, 57344, 1879048192ULL},
    {"bert-base-uncased", DTYPE_KV_FP16, 512, 0, 0},
};

START_TEST(caches_from_configs)
{
    struct arch_kv_shape s;
    struct inference_kv k;

    ck_assert_int_eq(config_body(caches[_i].config), SVC_OK);
    ck_assert_ptr_nonnull(who.arch);
    arch_kv_shape(who.arch, &s);
    k = inference_kv(&s, caches[_i].context, 1, caches[_i].kv);
    ck_assert_int_eq(k.status, SVC_OK);
    ck_assert_uint_eq(k.bytes_per_token, caches[_i].per_token);
    ck_assert_uint_eq(k.bytes, caches[_i].bytes);
}
END_TEST

Suite *request_subject_suite(void)
{
    Suite *s = suite_create("request_subject");
    TCase *tc = tcase_create("read");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, catalog_keeps_archs);
    tcase_add_test(tc, model_of_catalog);
    tcase_add_test(tc, model_without_arch);
    tcase_add_test(tc, config_given);
    tcase_add_test(tc, count_given);
    tcase_add_loop_test(tc, caches_from_configs, 0,
                        sizeof(caches) / sizeof(caches[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, refuses_none_or_many);
    tcase_add_test(tc, refuses_companions);
    tcase_add_test(tc, refuses_unknown);
    tcase_add_test(tc, refuses_configs);
    tcase_add_test(tc, refuses_carrier_not_taken);
    suite_add_tcase(s, tc);
    return s;
}
