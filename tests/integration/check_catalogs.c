/* check_catalogs.c - the catalogs over real HTTP (/catalogs, /models
 * of another catalog, every model's kind, year and source) and a catalog
 * file given to the binary (table --catalog, and one it refuses). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

START_TEST(catalogs_listed)
{
    cJSON *doc, *models;
    const cJSON *m;

    start_server();
    doc = json_ok("GET", "/catalogs", NULL);
    ck_assert_int_eq(number_at(doc, "count"), 2);
    ck_assert_str_eq(text_at(doc, "catalogs/0/name"), "default");
    ck_assert(cJSON_IsTrue(at(doc, "catalogs/0/default")));
    ck_assert_str_eq(text_at(doc, "catalogs/1/name"), "reference");
    ck_assert_int_ge(number_at(doc, "catalogs/1/count"), 15);
    cJSON_Delete(doc);

    doc = json_ok("GET", "/models?catalog=reference", NULL);
    models = at(doc, "models");
    ck_assert_str_eq(text_at(doc, "catalog"), "reference");
    ck_assert_int_eq(number_at(doc, "count"), cJSON_GetArraySize(models));
    cJSON_ArrayForEach(m, models)
    {
        const char *kind = text_at(m, "kind");

        ck_assert(strcmp(kind, "dense") == 0 || strcmp(kind, "moe") == 0);
        ck_assert_int_eq(strcmp(kind, "moe") == 0,
                         cJSON_HasObjectItem(m, "active_parameters"));
        ck_assert_int_ge(number_at(m, "year"), 1950);
        ck_assert_int_eq(strncmp(text_at(m, "source"), "https://", 8), 0);
    }
    m = named(models, "mnist-mlp");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(text_at(m, "formatted"), "101.8K");
    m = named(models, "deepseek-v3");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "parameters"), 671026404352.0);
    ck_assert_str_eq(text_at(m, "formatted"), "671.0B");
    ck_assert_str_eq(text_at(m, "active_formatted"), "37.6B");
    ck_assert(cJSON_IsTrue(at(m, "exact")));
    ck_assert_double_eq(number_at(m, "published"), 671e9);
    m = named(models, "gpt-3");
    ck_assert_ptr_nonnull(m);
    ck_assert(cJSON_IsFalse(at(m, "exact")));
    ck_assert_double_eq(number_at(m, "parameters"), 175e9);
    /* Published training tokens, where known, for the scaling curve. */
    m = named(models, "chinchilla");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "tokens"), 1400000000000.0);
    ck_assert_str_eq(text_at(m, "tokens_formatted"), "1.4T");
    ck_assert(!cJSON_HasObjectItem(m, "tokens_source"));
    m = named(models, "deepseek-v2-lite");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "tokens"), 5.7e12);
    ck_assert_str_eq(text_at(m, "tokens_source"),
                     "https://huggingface.co/deepseek-ai/DeepSeek-V2-Lite");
    m = named(models, "mnist-mlp");
    ck_assert(!cJSON_HasObjectItem(m, "tokens"));
    ck_assert(!cJSON_HasObjectItem(m, "tokens_formatted"));
    cJSON_Delete(doc);
}
END_TEST

START_TEST(catalog_file)
{
    char good[] = "/tmp/check_catalog_good_XXXXXX";
    char bad[] = "/tmp/check_catalog_bad_XXXXXX";
    const char *good_text = "{\"models\": {\"bert-base\": \"110M\", "
                            "\"gpt-3\": \"175B\"}, \"sort\": \"desc\"}";
    const char *bad_text = "{\"models\": {\"a\": \"lots\"}}";
    char out[2048];
    char *table[] = {"modelscale", "table", "--catalog", good, NULL};
    char *refused[] = {"modelscale", "--catalog", bad, NULL};
    int fd;

    fd = mkstemp(good);
    ck_assert_int_eq(write(fd, good_text, strlen(good_text)),
                     (int)strlen(good_text));
    close(fd);
    fd = mkstemp(bad);
    ck_assert_int_eq(write(fd, bad_text, strlen(bad_text)),
                     (int)strlen(bad_text));
    close(fd);

    ck_assert_int_eq(run(table, out, sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "------\n"
                                      "gpt-3                    :   175.0B "
                                      "parameters\n"
                                      "bert-base                :   110.0M "
                                      "parameters\n"));
    ck_assert_ptr_nonnull(strstr(out, "Largest model is 1,591x bigger"));
    /* A bad catalog stops the server before it starts. */
    ck_assert_int_eq(run(refused, out, sizeof(out)), 2);
    ck_assert_ptr_nonnull(strstr(out, "catalog file "));
    ck_assert_ptr_nonnull(strstr(out, "\"lots\" of model \"a\" is not a "
                                      "count"));
    ck_assert_ptr_null(strstr(out, "listening"));
    unlink(good);
    unlink(bad);
}
END_TEST

Suite *integration_catalogs_suite(void)
{
    Suite *s = suite_create("integration_catalogs");
    TCase *tc;

    tc = tcase_create("catalogs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, catalogs_listed);
    tcase_add_test(tc, catalog_file);
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
