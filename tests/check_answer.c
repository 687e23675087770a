/* check_answer.c - unit tests of the answer builders (answer*.c): exact
 * bytes of each answer, doubles that read back, and trees built with
 * answer.c against cJSON's own printing of the same random trees. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/answer.h"
#include "api/answer_compare.h"
#include "api/answer_models.h"
#include "modelscale/numfmt.h"
#include "suites.h"

static struct text_buf out;

#define MODEL(n, count)                                                    \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = count}

static void setup(void)
{
    text_buf_init(&out);
}

static void teardown(void)
{
    text_buf_cleanup(&out);
}

/* The text an encoder wrote into out, after checking that it succeeded;
 * the caller frees it.  out is left empty for the next encoder. */
static char *take(enum svc_status st)
{
    size_t len;
    char *text;

    ck_assert_int_eq(st, SVC_OK);
    text = text_buf_release(&out, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(strlen(text), len);
    return text;
}

/* What cJSON prints for tree, which is then freed. */
static char *cjson_print(cJSON *tree)
{
    char *text = cJSON_PrintUnformatted(tree);

    ck_assert_ptr_nonnull(text);
    cJSON_Delete(tree);
    return text;
}

START_TEST(encode_compare)
{
    /* 10^18 / 3 is 333333333333333312 as a double: the formatted ratio
     * rounds that double, as the reference's f"{r:,.0f}" does. */
    const struct compare_model m[] = {MODEL("big", PARAMS_MAX),
                                      MODEL("small", 3)};
    struct compare_entry entries[2];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    struct compare_request plain;
    struct compare_answer ans = {0};
    char *text;

    compare_options_init(&o);
    o.baseline = "small";
    o.baseline_len = 5;
    ck_assert_int_eq(compare_run(m, 2, &o, entries, &res, &err), SVC_OK);
    compare_request_init(&plain);
    ans.result = res;
    text = take(answer_compare(&ans, &plain, &out));
    ck_assert_str_eq(
        text,
        "{\"models\":[{\"name\":\"big\",\"parameters\":1000000000000000000,"
        "\"formatted\":\"1000000.0T\",\"ratio_to_smallest\":"
        "3.333333333333333e+17,\"ratio_to_smallest_formatted\":"
        "\"333,333,333,333,333,312x\",\"ratio_to_baseline\":"
        "3.333333333333333e+17,\"ratio_to_baseline_formatted\":"
        "\"333,333,333,333,333,312x\"},{\"name\":\"small\",\"parameters\":3,"
        "\"formatted\":\"3\",\"ratio_to_smallest\":1,"
        "\"ratio_to_smallest_formatted\":\"1.0x\",\"ratio_to_baseline\":1,"
        "\"ratio_to_baseline_formatted\":\"1.0x\"}],\"count\":2,"
        "\"largest\":{\"name\":\"big\",\"parameters\":1000000000000000000,"
        "\"formatted\":\"1000000.0T\"},\"smallest\":{\"name\":\"small\","
        "\"parameters\":3,\"formatted\":\"3\"},\"baseline\":{\"name\":"
        "\"small\",\"parameters\":3,\"formatted\":\"3\"},"
        "\"scale_difference\":3.333333333333333e+17,"
        "\"scale_difference_formatted\":\"333,333,333,333,333,312x\","
        "\"orders_of_magnitude\":17.52,\"summary\":\"Largest model is "
        "333,333,333,333,333,312x bigger than smallest\"}");
    free(text);
}
END_TEST

START_TEST(encode_estimates)
{
    /* 7B in bf16: 14,000,000,000 bytes, 14.0 GB, 13.04 GiB; inference
     * x 1.2 = 16.8 GB; training 16 B/param = 112 GB. */
    const struct compare_model m[] = {MODEL("seven", 7000000000ULL)};
    struct compare_entry entries[1];
    struct compare_result res;
    struct compare_error err;
    struct compare_request r;
    struct compare_answer ans = {0};
    struct estimate_model est;
    cJSON *back, *models, *mem, *part;
    char *text;

    compare_request_init(&r);
    r.extras.include = COMPARE_MEMORY | COMPARE_COMPUTE;
    ck_assert_int_eq(compare_run(m, 1, &r.options, entries, &res, &err),
                     SVC_OK);
    estimate_model(&m[0], 0, &est);
    ans.result = res;
    ans.estimates = &est;
    text = take(answer_compare(&ans, &r, &out));
    ck_assert_ptr_nonnull(strstr(text, "\"bf16\":{\"bytes\":14000000000,"
                                       "\"decimal\":\"14.0 GB\",\"binary\":"
                                       "\"13.0 GiB\"}"));
    back = cJSON_Parse(text);
    ck_assert_ptr_nonnull(back);
    models = cJSON_GetObjectItem(back, "models");
    mem = cJSON_GetObjectItem(cJSON_GetArrayItem(models, 0), "memory");
    part = cJSON_GetObjectItem(cJSON_GetObjectItem(mem, "inference"),
                               "bf16");
    ck_assert_str_eq(
        cJSON_GetStringValue(cJSON_GetObjectItem(part, "decimal")),
        "16.8 GB");
    part = cJSON_GetObjectItem(cJSON_GetObjectItem(mem, "training"),
                               "total");
    ck_assert_double_eq(cJSON_GetObjectItem(part, "bytes")->valuedouble,
                        112e9);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(
        cJSON_GetObjectItem(back, "assumptions"), "training_flops"));
    cJSON_Delete(back);
    free(text);
}
END_TEST

START_TEST(encode_round_trips)
{
    /* Every double printed reads back as the same double. */
    const struct compare_model m[] = {MODEL("a", 7), MODEL("b", 1000003),
                                      MODEL("c", 999999999989ULL)};
    struct compare_entry entries[3];
    struct compare_result res;
    struct compare_error err;
    struct compare_options o;
    struct compare_request plain;
    struct compare_answer ans = {0};
    cJSON *back;
    char *text;

    compare_options_init(&o);
    ck_assert_int_eq(compare_run(m, 3, &o, entries, &res, &err), SVC_OK);
    compare_request_init(&plain);
    ans.result = res;
    text = take(answer_compare(&ans, &plain, &out));
    back = cJSON_Parse(text);
    for (size_t i = 0; i < 3; i++) {
        cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(back, "models"),
                                      (int)i);

        ck_assert_double_eq(
            cJSON_GetObjectItem(e, "ratio_to_smallest")->valuedouble,
            entries[i].ratio_to_smallest);
    }
    ck_assert_double_eq(
        cJSON_GetObjectItem(back, "scale_difference")->valuedouble,
        res.scale_difference);
    cJSON_Delete(back);
    free(text);
}
END_TEST

START_TEST(encode_others)
{
    const struct compare_model m[] = {MODEL("a\"b", 101770)};
    const struct catalog c = {"mine", "", m, 1, NULL};
    /* Counted from an architecture, and a published figure alone. */
    const struct compare_model both[] = {
        {.name = "x", .name_len = 1, .parameters = 6738415616ULL,
         .published = 7000000000ULL, .basis = COMPARE_BASIS_EXACT},
        {.name = "y", .name_len = 1, .parameters = 175000000000ULL,
         .published = 175000000000ULL, .basis = COMPARE_BASIS_PUBLISHED}};
    const struct catalog c_exact = {"mine", "", both, 2, NULL};
    /* Published training tokens, with and without a source of their
     * own. */
    const struct compare_model toks[] = {
        {.name = "c", .name_len = 1, .parameters = 70000000000ULL,
         .source = "https://a.example/", .tokens = 1400000000000ULL,
         .tokens_source = "https://b.example/"},
        {.name = "p", .name_len = 1, .parameters = 3,
         .tokens = 299892736000ULL}};
    const struct catalog c_tokens = {"mine", "", toks, 2, NULL};
    struct problem p;
    char *text;

    text = take(answer_models(&c, &out));
    ck_assert_str_eq(text, "{\"catalog\":\"mine\",\"models\":[{\"name\":"
                           "\"a\\\"b\",\"parameters\":101770,\"formatted\":"
                           "\"101.8K\"}],\"count\":1}");
    free(text);
    text = take(answer_models(&c_exact, &out));
    ck_assert_str_eq(text, "{\"catalog\":\"mine\",\"models\":[{\"name\":"
                           "\"x\",\"parameters\":6738415616,\"formatted\":"
                           "\"6.7B\",\"exact\":true,\"published\":"
                           "7000000000,\"published_formatted\":\"7.0B\"},"
                           "{\"name\":\"y\",\"parameters\":175000000000,"
                           "\"formatted\":\"175.0B\",\"exact\":false,"
                           "\"published\":175000000000,"
                           "\"published_formatted\":\"175.0B\"}],"
                           "\"count\":2}");
    free(text);
    text = take(answer_models(&c_tokens, &out));
    ck_assert_str_eq(text, "{\"catalog\":\"mine\",\"models\":[{\"name\":"
                           "\"c\",\"parameters\":70000000000,\"formatted\":"
                           "\"70.0B\",\"tokens\":1400000000000,"
                           "\"tokens_formatted\":\"1.4T\",\"source\":"
                           "\"https://a.example/\",\"tokens_source\":"
                           "\"https://b.example/\"},{\"name\":\"p\","
                           "\"parameters\":3,\"formatted\":\"3\","
                           "\"tokens\":299892736000,\"tokens_formatted\":"
                           "\"299.9B\"}],\"count\":2}");
    free(text);
    text = take(answer_status("ok", &out));
    ck_assert_str_eq(text, "{\"status\":\"ok\"}");
    free(text);

    problem_set(&p, SVC_EINVAL, "bad %s", "thing");
    text = take(answer_problem(&p, 422, "Unprocessable", &out));
    ck_assert_str_eq(text, "{\"type\":\"about:blank\",\"title\":"
                           "\"Unprocessable\",\"status\":422,\"detail\":"
                           "\"bad thing\"}");
    free(text);
    problem_point(&p, "/models/%d", 2);
    text = take(answer_problem(&p, 422, "Unprocessable", &out));
    ck_assert_ptr_nonnull(strstr(text, ",\"pointer\":\"/models/2\"}"));
    free(text);
}
END_TEST

START_TEST(encode_strings_like_cjson)
{
    /* Every byte, escaped or not, as cJSON would print it. */
    char all[256];
    cJSON *tree = cJSON_CreateObject();
    char *mine, *theirs;

    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    mine = take(answer_status(all, &out));
    cJSON_AddStringToObject(tree, "status", all);
    theirs = cjson_print(tree);
    ck_assert_str_eq(mine, theirs);
    free(mine);
    free(theirs);
}
END_TEST

/* A random tree, built twice: with answer.c into a, and with cJSON's own
 * API into plain.  Integers stay below 10^15, which cJSON prints exactly
 * too; strings take every byte but NUL. */
static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const keys[] = {"a", "bb", "name", "x\"y", "\u00e9"};
static char strings[64][24];

static void grow(struct answer *a, cJSON *mine, cJSON *plain, int depth)
{
    size_t n = next() % 6;

    for (size_t i = 0; i < n; i++) {
        const char *key = cJSON_IsArray(mine) ? NULL : keys[i % 5];
        unsigned kind = (unsigned)(next() % (depth < 4 ? 6 : 4));
        uint64_t v = next() % 1000000000000000ULL;
        char *s = strings[next() % 64];
        cJSON *item = NULL, *sub;

        switch (kind) {
        case 0:
            answer_u64(a, mine, key, v);
            item = cJSON_CreateNumber((double)v);
            break;
        case 1:
            answer_ref(a, mine, key, s);
            item = cJSON_CreateString(s);
            break;
        case 2:
            answer_bool(a, mine, key, (int)(v % 2));
            item = cJSON_CreateBool(v % 2);
            break;
        case 3:
            answer_null(a, mine, key);
            item = cJSON_CreateNull();
            break;
        default:
            sub = kind == 4 ? answer_object(a, mine, key)
                            : answer_array(a, mine, key);
            item = kind == 4 ? cJSON_CreateObject() : cJSON_CreateArray();
            grow(a, sub, item, depth + 1);
            break;
        }
        if (key != NULL)
            cJSON_AddItemToObject(plain, key, item);
        else
            cJSON_AddItemToArray(plain, item);
    }
}

START_TEST(trees_like_cjson)
{
    for (size_t i = 0; i < 64; i++) {
        for (size_t j = 0; j < sizeof(strings[i]) - 1; j++)
            strings[i][j] = (char)(next() % 255 + 1);
        strings[i][next() % sizeof(strings[i])] = '\0';
    }
    for (int round = 0; round < 2000; round++) {
        struct answer a;
        cJSON *plain = cJSON_CreateObject();
        char *theirs;

        answer_init(&a);
        grow(&a, a.root, plain, 0);
        /* A size far too small: the print must grow it, not cut it. */
        ck_assert_int_eq(answer_print(&a, (size_t)round % 8, &out), SVC_OK);
        theirs = cjson_print(plain);
        ck_assert_str_eq(out.text, theirs);
        ck_assert_uint_eq(out.len, strlen(theirs));
        free(theirs);
        text_buf_cleanup(&out);
    }
}
END_TEST

START_TEST(doubles_read_back)
{
    /* A double that cJSON's %1.15g would print short reads back whole. */
    static const double d[] = {0.30000000000000004, 333333.3333333333,
                               1e18, 5e-324, 1.7976931348623157e308};
    char tail[2][NUMFMT_DOUBLE_MAX], want[160];
    struct answer a;
    cJSON *list, *back;

    answer_init(&a);
    list = answer_array(&a, a.root, "d");
    for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
        answer_double(&a, list, NULL, d[i]);
    ck_assert_int_eq(answer_print(&a, 16, &out), SVC_OK);
    numfmt_double(d[3], tail[0], sizeof(tail[0]));
    numfmt_double(d[4], tail[1], sizeof(tail[1]));
    snprintf(want, sizeof(want),
             "{\"d\":[0.30000000000000004,333333.3333333333,1e+18,%s,%s]}",
             tail[0], tail[1]);
    ck_assert_str_eq(out.text, want);
    back = cJSON_Parse(out.text);
    list = cJSON_GetObjectItem(back, "d");
    for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
        ck_assert(cJSON_GetArrayItem(list, (int)i)->valuedouble == d[i]);
    cJSON_Delete(back);
}
END_TEST

START_TEST(failed_stays_failed)
{
    /* A failed add makes the print fail, and frees everything. */
    struct answer a;

    answer_init(&a);
    answer_u64(&a, a.root, "n", 1);
    a.failed = 1; /* as if memory had run out */
    answer_ref(&a, a.root, "s", "x");
    ck_assert_ptr_null(answer_object(&a, a.root, "o"));
    ck_assert_int_eq(answer_print(&a, 64, &out), SVC_ENOMEM);
    ck_assert_ptr_null(a.root);
    ck_assert_ptr_null(out.text);
}
END_TEST

Suite *answer_suite(void)
{
    Suite *s = suite_create("answer");
    TCase *tc;

    tc = tcase_create("answers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, encode_compare);
    tcase_add_test(tc, encode_estimates);
    tcase_add_test(tc, encode_round_trips);
    tcase_add_test(tc, encode_others);
    tcase_add_test(tc, encode_strings_like_cjson);
    suite_add_tcase(s, tc);

    tc = tcase_create("trees");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, trees_like_cjson);
    tcase_add_test(tc, doubles_read_back);
    tcase_add_test(tc, failed_stays_failed);
    suite_add_tcase(s, tc);
    return s;
}
