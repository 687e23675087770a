/* check_cli_table.c - unit tests of the text table. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/catalog.h"
#include "cli/cli_table.h"
#include "suites.h"

/* The reference program's output (shared/reference/seed_output.txt). */
static const char reference[] =
    "AI Model Parameter Comparison:\n"
    "--------------------------------------------------\n"
    "simple_linear            :        3 parameters\n"
    "small_neural_net         :   101.8K parameters\n"
    "medium_cnn               :     1.0M parameters\n"
    "large_vision_model       :    86.0M parameters\n"
    "medium_language_model    :     6.0B parameters\n"
    "large_language_model     :   175.0B parameters\n"
    "massive_multimodal_model :   685.0B parameters\n"
    "\n"
    "Scale difference:\n"
    "Largest model is 228,333,333,333x bigger than smallest\n";

static char out[4096];

/* Prints the table of models into out. */
static enum svc_status table(const struct compare_model *models, size_t n,
                             enum compare_sort sort, struct problem *pb)
{
    struct compare_request req;
    FILE *f = fmemopen(out, sizeof(out) - 1, "w");
    enum svc_status st;

    memset(out, 0, sizeof(out));
    compare_request_init(&req);
    req.models = (struct compare_model *)models;
    req.count = n;
    req.options.sort = sort;
    st = cli_table_print(f, &req, pb);
    fclose(f);
    return st;
}

START_TEST(builtin_is_reference)
{
    size_t n;
    const struct compare_model *cat = catalog_builtin(&n);
    struct problem pb;

    ck_assert_int_eq(table(cat, n, COMPARE_SORT_INPUT, &pb), SVC_OK);
    ck_assert_str_eq(out, reference);
}
END_TEST

START_TEST(pads_characters_not_bytes)
{
    const struct compare_model m[] = {
        /* 6 characters, 7 bytes */
        {.name = "mod\xc3\xa8le", .name_len = 7,
         .parameters = 1800000000000ULL},
        {.name = "a_name_longer_than_25_characters", .name_len = 32,
         .parameters = 999950}};
    struct problem pb;

    ck_assert_int_eq(table(m, 2, COMPARE_SORT_ASC, &pb), SVC_OK);
    ck_assert_ptr_nonnull(strstr(
        out, "--\na_name_longer_than_25_characters:     1.0M parameters\n"
             "mod\xc3\xa8le                   :     1.8T parameters\n"));
    ck_assert_ptr_nonnull(strstr(out, "Largest model is 1,800,090x"));
}
END_TEST

START_TEST(refuses_bad_sets)
{
    const struct compare_model m[] = {
        {.name = "a", .name_len = 1, .parameters = 5},
        {.name = "a", .name_len = 1, .parameters = 6}};
    struct problem pb;

    ck_assert_int_eq(table(m, 2, COMPARE_SORT_INPUT, &pb), SVC_EINVAL);
    ck_assert_str_eq(out, ""); /* nothing printed */
    ck_assert_ptr_nonnull(strstr(pb.detail, "more than once"));
}
END_TEST

Suite *cli_table_suite(void)
{
    Suite *s = suite_create("cli_table");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, builtin_is_reference);
    tcase_add_test(tc, pads_characters_not_bytes);
    tcase_add_test(tc, refuses_bad_sets);
    suite_add_tcase(s, tc);
    return s;
}
