/* check_gpu_doc.c - unit tests of gpu_doc.c: the built-in GPU catalog
 * reads and checks, and each kind of bad catalog gets one line naming
 * what is wrong and where. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "api/assets.h"
#include "api/gpu_doc.h"
#include "suites.h"

static struct gpu_doc gd;
static char err[512];

static void teardown(void)
{
    gpu_doc_cleanup(&gd);
}

static enum svc_status parse(const char *text)
{
    return gpu_doc_parse(&gd, "GPU file t.json", text, strlen(text), err,
                         sizeof(err));
}

/* An L4 as the catalog gives it, one member to a row. */
static const char *const l4[][2] = {
    {"id", "\"l4\""},
    {"name", "\"NVIDIA L4\""},
    {"memory_bytes", "24000000000"},
    {"bandwidth_bytes_per_s", "300000000000"},
    {"bf16_tflops", "121"},
    {"fp8_tflops", "242.5"},
    {"source", "\"https://example.org/l4\""},
};
#define L4_MEMBERS (sizeof(l4) / sizeof(l4[0]))

/* The L4 as a JSON object, with member's value replaced by value, or
 * left out when value is NULL; member "" changes nothing. */
static const char *l4_with(char *buf, size_t size, const char *member,
                           const char *value)
{
    size_t used = 0;

    used += (size_t)snprintf(buf, size, "{");
    for (size_t i = 0; i < L4_MEMBERS; i++) {
        int same = strcmp(l4[i][0], member) == 0;

        if (same && value == NULL)
            continue;
        used += (size_t)snprintf(buf + used, size - used, "%s\"%s\": %s",
                                 used > 1 ? ", " : "", l4[i][0],
                                 same ? value : l4[i][1]);
    }
    snprintf(buf + used, size - used, "}");
    return buf;
}

/* The built-in catalog: every GPU read, in file order, with its
 * figures scaled from TFLOPS to FLOP/s. */
START_TEST(built_in)
{
    const struct gpu *h100, *a100;

    ck_assert_int_eq(gpu_doc_parse(&gd, "built in",
                                   (const char *)asset_gpu_catalog.data,
                                   asset_gpu_catalog.len, err,
                                   sizeof(err)),
                     SVC_OK);
    ck_assert_uint_ge(gd.count, 10);
    ck_assert_str_eq(gd.gpus[0].id, "h100-sxm");
    h100 = gpu_find(gd.gpus, gd.count, "h100-sxm", 8);
    ck_assert_ptr_nonnull(h100);
    ck_assert_uint_eq(h100->memory_bytes, 80000000000ULL);
    ck_assert_uint_eq(h100->bandwidth_bytes_per_s, 3350000000000ULL);
    ck_assert_double_eq_tol(h100->bf16_flops, 989.4e12, 1);
    ck_assert_double_eq_tol(h100->fp8_flops, 1978.9e12, 1);
    ck_assert_ptr_nonnull(h100->note);
    a100 = gpu_find(gd.gpus, gd.count, "a100-sxm-80gb", 13);
    ck_assert_ptr_nonnull(a100);
    ck_assert_double_eq(a100->fp8_flops, 0); /* null: no FP8 */
    for (size_t i = 0; i < gd.count; i++)
        ck_assert_ptr_null(gpu_check(&gd.gpus[i]));
}
END_TEST

/* "checked" and "note" may be left out; comments are skipped. */
START_TEST(optional_members)
{
    char gpu[512], text[600];

    snprintf(text, sizeof(text), "{\"// a\": 1, \"gpus\": [%s]}",
             l4_with(gpu, sizeof(gpu), "", ""));
    ck_assert_int_eq(parse(text), SVC_OK);
    ck_assert_uint_eq(gd.count, 1);
    ck_assert_ptr_null(gd.gpus[0].note);
    ck_assert_str_eq(gd.gpus[0].name, "NVIDIA L4");
    ck_assert_double_eq_tol(gd.gpus[0].fp8_flops, 242.5e12, 1);
}
END_TEST

/* Each bad catalog: the catalog around one GPU (each @), the member of
 * the L4 changed ("" for none) and its value (NULL: left out), the
 * words its error must hold, and where. */
static const struct {
    const char *around, *member, *value, *words, *where;
} bad[] = {
    {"[@]", "", "", "an object with \"gpus\"", ""},
    {"{\"gpus\": []}", "", "", "1 to 1000", ""},
    {"{\"gpus\": [@], \"cpus\": 1}", "", "", "unknown or repeated member "
     "\"cpus\"", ""},
    {"{\"gpus\": [@], \"gpus\": []}", "", "", "repeated member \"gpus\"",
     ""},
    {"{\"gpus\": [@, @]}", "", "", "\"l4\" is given more than once",
     "/gpus/1/id"},
    {"{\"gpus\": [@]", "", "", "JSON", ""},
    {"{\"gpus\": [@]}", "name", NULL, "each GPU needs \"name\"",
     "/gpus/0"},
    {"{\"gpus\": [@]}", "source", NULL, "each GPU needs \"source\"",
     "/gpus/0"},
    {"{\"gpus\": [@]}", "memory_bytes", "0", "memory_bytes", "/gpus/0"},
    {"{\"gpus\": [@]}", "memory_bytes", "1e16", "memory_bytes",
     "/gpus/0"},
    {"{\"gpus\": [@]}", "bf16_tflops", "\"fast\"", "bf16_tflops must be "
     "a number", "/gpus/0"},
    {"{\"gpus\": [@]}", "bf16_tflops", "null", "not null",
     "/gpus/0/bf16_tflops"},
    {"{\"gpus\": [@]}", "fp8_tflops", "-1", "fp8_tflops of GPU \"l4\" is "
     "not plausible", "/gpus/0/fp8_tflops"},
    {"{\"gpus\": [@]}", "id", "\"L 4\"", "id of GPU", "/gpus/0/id"},
    {"{\"gpus\": [@]}", "source", "\"\"", "source", "/gpus/0"},
};

/* around with each '@' replaced by gpu, into buf. */
static void around(char *buf, size_t size, const char *around,
                   const char *gpu)
{
    size_t used = 0, glen = strlen(gpu);

    for (const char *c = around; *c != '\0' && used + glen < size; c++) {
        if (*c == '@') {
            memcpy(buf + used, gpu, glen);
            used += glen;
        } else {
            buf[used++] = *c;
        }
    }
    buf[used] = '\0';
}

START_TEST(rejects)
{
    char gpu[512], text[1200];

    l4_with(gpu, sizeof(gpu), bad[_i].member, bad[_i].value);
    around(text, sizeof(text), bad[_i].around, gpu);
    ck_assert_int_ne(parse(text), SVC_OK);
    ck_assert_msg(strstr(err, bad[_i].words) != NULL, "case %d: \"%s\" "
                  "lacks \"%s\"", _i, err, bad[_i].words);
    ck_assert_msg(strncmp(err, "GPU file t.json", 15) == 0, "case %d: "
                  "\"%s\" does not name the file", _i, err);
    ck_assert_msg(strstr(err, bad[_i].where) != NULL, "case %d: \"%s\" "
                  "lacks the place %s", _i, err, bad[_i].where);
    ck_assert_uint_eq(gd.count, 0);
    ck_assert_ptr_null(gd.gpus);
}
END_TEST

Suite *gpu_doc_suite(void)
{
    Suite *s = suite_create("gpu_doc");
    TCase *tc = tcase_create("gpu_doc");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, built_in);
    tcase_add_test(tc, optional_members);
    tcase_add_loop_test(tc, rejects, 0, sizeof(bad) / sizeof(bad[0]));
    suite_add_tcase(s, tc);
    return s;
}
