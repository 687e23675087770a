/* check_catalog_file.c - unit tests of catalog_file.c: a valid file,
 * and one clear line for each kind of bad file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    tcase_add_loop_test(tc, refuses, 0, sizeof(bad) / sizeof(bad[0]));
    suite_add_tcase(s, tc);
    return s;
}
