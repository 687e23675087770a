/* check_catalog_file.c - unit tests of catalog_file.c and
 * catalog_doc.c: a valid file, architectures named in it, the built-in
 * reference catalog, and one clear line for each kind of bad file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/assets.h"
#include "cli/catalog_file.h"
#include "suites.h"
#include "temp_file.h"

static struct catalog_doc cf;
static char err[512];
static char path[64];

static const char *write_file(const char *text)
{
    return temp_file(text, path, sizeof(path));
}

static void teardown(void)
{
    catalog_doc_cleanup(&cf);
    unlink(path);
}

START_TEST(loads)
{
    const char *file = write_file("{\"models\": {\"tiny\": 3, \"gpt-3\": "
                                  "\"175B\"}, \"sort\": \"desc\"}");

    ck_assert_int_eq(catalog_file_load(&cf, file, 10, err, sizeof(err)),
                     SVC_OK);
    ck_assert_uint_eq(cf.req.count, 2);
    ck_assert_str_eq(cf.req.models[1].name, "gpt-3");
    ck_assert_uint_eq(cf.req.models[1].parameters, 175000000000ULL);
    ck_assert_int_eq(cf.req.options.sort, COMPARE_SORT_DESC);
}
END_TEST

/* A model may name a built-in architecture: its count is exact. */
START_TEST(loads_architectures)
{
    const char *file = write_file(
        "{\"models\": [{\"name\": \"l\", \"architecture\": \"llama-2-7b\", "
        "\"published\": \"7B\"}, {\"name\": \"m\", \"architecture\": "
        "\"mixtral-8x7b\"}, {\"name\": \"g\", \"parameters\": \"175B\"}]}");
    const struct compare_model *m;

    ck_assert_int_eq(catalog_file_load(&cf, file, 10, err, sizeof(err)),
                     SVC_OK);
    m = cf.req.models;
    ck_assert_uint_eq(m[0].parameters, 6738415616ULL);
    ck_assert_uint_eq(m[0].published, 7000000000ULL);
    ck_assert_int_eq(m[0].basis, COMPARE_BASIS_EXACT);
    ck_assert_int_eq(m[0].kind, COMPARE_KIND_DENSE);
    ck_assert_uint_eq(m[1].parameters, 46702792704ULL);
    ck_assert_uint_eq(m[1].active_parameters, 12879925248ULL);
    ck_assert_int_eq(m[1].kind, COMPARE_KIND_MOE);
    ck_assert_int_eq(m[2].basis, COMPARE_BASIS_UNSAID);
}
END_TEST

/* Published training tokens, as a count or as text, and where they are
 * stated when the model's source does not. */
START_TEST(loads_tokens)
{
    const char *file = write_file(
        "{\"models\": [{\"name\": \"c\", \"parameters\": \"70B\", "
        "\"tokens\": \"1.4T\"}, {\"name\": \"t\", \"architecture\": "
        "\"tinyllama-1.1b\", \"tokens\": 3000000000000, "
        "\"tokens_source\": \"https://example.org/t\"}, {\"name\": \"n\", "
        "\"parameters\": 9}]}");
    const struct compare_model *m;

    ck_assert_int_eq(catalog_file_load(&cf, file, 10, err, sizeof(err)),
                     SVC_OK);
    m = cf.req.models;
    ck_assert_uint_eq(m[0].tokens, 1400000000000ULL);
    ck_assert_ptr_null(m[0].tokens_source);
    ck_assert_uint_eq(m[1].tokens, 3000000000000ULL);
    ck_assert_str_eq(m[1].tokens_source, "https://example.org/t");
    ck_assert_int_eq(m[1].basis, COMPARE_BASIS_EXACT);
    ck_assert_uint_eq(m[2].tokens, 0);
}
END_TEST

/* The reference catalog: at least 25 models from the MNIST MLP to
 * DeepSeek-V3, each exact or published, each with its figure. */
START_TEST(reference_catalog)
{
    size_t exact = 0, tokens = 0;
    const struct compare_model *m;

    ck_assert_int_eq(catalog_doc_parse(
                         &cf, "reference",
                         (const char *)asset_reference_catalog.data,
                         asset_reference_catalog.len, 100, err,
                         sizeof(err)),
                     SVC_OK);
    m = cf.req.models;
    ck_assert_uint_ge(cf.req.count, 25);
    ck_assert_str_eq(m[0].name, "mnist-mlp");
    ck_assert_uint_eq(m[0].parameters, 101770);
    ck_assert_str_eq(m[cf.req.count - 1].name, "deepseek-v3");
    ck_assert_uint_eq(m[cf.req.count - 1].parameters, 671026404352ULL);
    ck_assert_uint_eq(m[cf.req.count - 1].active_parameters,
                      37552282624ULL);
    for (size_t i = 0; i < cf.req.count; i++) {
        ck_assert_int_ne(m[i].basis, COMPARE_BASIS_UNSAID);
        ck_assert_uint_gt(m[i].published, 0);
        ck_assert_ptr_nonnull(m[i].source);
        ck_assert_int_gt(m[i].year, 0);
        if (m[i].basis == COMPARE_BASIS_PUBLISHED)
            ck_assert_uint_eq(m[i].parameters, m[i].published);
        exact += m[i].basis == COMPARE_BASIS_EXACT;
        tokens += m[i].tokens != 0;
        if (strcmp(m[i].name, "chinchilla") == 0)
            ck_assert_uint_eq(m[i].tokens, 1400000000000ULL);
        if (strcmp(m[i].name, "llama-3.1-405b") == 0)
            ck_assert_uint_eq(m[i].tokens, 15600000000000ULL);
        /* Only language models trained on counted tokens have them. */
        if (strncmp(m[i].name, "vit-", 4) == 0 ||
            strncmp(m[i].name, "bert-", 5) == 0 ||
            strcmp(m[i].name, "resnet-50") == 0)
            ck_assert_uint_eq(m[i].tokens, 0);
        if (strcmp(m[i].name, "llama-2-7b") == 0) {
            ck_assert_uint_eq(m[i].parameters, 6738415616ULL);
            ck_assert_uint_eq(m[i].published, 7000000000ULL);
            ck_assert_str_eq(m[i].source, "https://arxiv.org/abs/2307.09288");
        }
    }
    /* Every built-in architecture is in the catalog once. */
    ck_assert_uint_eq(exact, asset_architectures_count);
    ck_assert_uint_ge(tokens, 15);
}
END_TEST

static const struct {
    const char *text; /* NULL: the file does not exist */
    const char *line;
} bad[] = {
    {NULL, "cannot open"},
    {"{\"models\": {\"a\": 1,}}", "not valid JSON"},
    {"{\"models\": {}}", "models is empty"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1}, {\"name\": \"a\", "
     "\"parameters\": 2}]}",
     "\"a\" is given more than once (at JSON pointer \"/models/1/name\")"},
    {"{\"models\": {\"a\": 1}, \"baseline\": \"b\"}", "names no model"},
    {"{\"models\": {\"a\": 1, \"b\": 2, \"c\": 3}}", "at most 2"},
    {"{\"models\": [{\"name\": \"a\", \"architecture\": \"llama-9\"}]}",
     "architecture \"llama-9\" names no built-in config (those of "
     "config/architectures/, without .json) (at JSON pointer "
     "\"/models/0/architecture\")"},
    {"{\"models\": [{\"name\": \"a\", \"architecture\": 7}]}",
     "architecture 7 names no built-in config"},
    {"{\"models\": [{\"name\": \"a\", \"architecture\": \"gpt2\", "
     "\"config\": {}}]}", "\"architecture\" or \"config\", not both"},
    {"{\"models\": [{\"name\": \"a\", \"architecture\": \"gpt2\", "
     "\"parameters\": 5}]}", "\"parameters\" or \"config\", not both"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"tokens\": "
     "\"0\"}]}",
     "tokens \"0\" of model \"a\" is zero (at JSON pointer "
     "\"/models/0/tokens\")"},
    {"{\"models\": [{\"name\": \"a\", \"parameters\": 1, \"tokens\": "
     "\"2000000T\"}]}",
     "tokens \"2000000T\" of model \"a\" is above 10^18 (at JSON pointer "
     "\"/models/0/tokens\")"},
};

START_TEST(refuses)
{
    const char *file = bad[_i].text != NULL ? write_file(bad[_i].text)
                                            : "/nonexistent/catalog.json";

    ck_assert_int_ne(catalog_file_load(&cf, file, 2, err, sizeof(err)),
                     SVC_OK);
    ck_assert_ptr_nonnull(strstr(err, file));
    ck_assert_msg(strstr(err, bad[_i].line) != NULL,
                  "error \"%s\" lacks \"%s\"", err, bad[_i].line);
    ck_assert_ptr_null(cf.doc);
    ck_assert_ptr_null(cf.req.models);
}
END_TEST

Suite *catalog_file_suite(void)
{
    Suite *s = suite_create("catalog_file");
    TCase *tc = tcase_create("load");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, loads);
    tcase_add_test(tc, loads_architectures);
    tcase_add_test(tc, loads_tokens);
    tcase_add_test(tc, reference_catalog);
    tcase_add_loop_test(tc, refuses, 0, sizeof(bad) / sizeof(bad[0]));
    suite_add_tcase(s, tc);
    return s;
}
