/* check_count.c - exact counts over real HTTP: POST /count of every file
 * of tests/data/architectures/ gives its expected.json count, and so
 * does `modelscale count`; GET /architectures; /compare with a config;
 * the exact reference catalog; /count's errors as problems with
 * pointers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "suites.h"

#define DATA MODELSCALE_SOURCE_DIR "/tests/data/architectures/"
#define SHARED_COUNT 15 /* entries of expected.json */
#define JSON "application/json"

/* The "total" or "active" figure of `modelscale count path` (the digits
 * in the parentheses of its row), or -1 if it prints no such row. */
static double cli_figure(const char *path, const char *row)
{
    char out[8192], digits[32];
    char *args[] = {"modelscale", "count", (char *)path, NULL};
    double figure = -1;
    size_t len = strlen(row);

    ck_assert_int_eq(run(args, out, sizeof(out)), 0);
    for (char *line = out; *line != '\0';) {
        char *eol = strchr(line, '\n');
        char *open;
        size_t n = 0;

        if (eol != NULL)
            *eol = '\0';
        open = strrchr(line, '(');
        if (strncmp(line, row, len) == 0 && line[len] == ' ' &&
            open != NULL) {
            for (const char *c = open + 1;
                 *c != ')' && *c != '\0' && n + 1 < sizeof(digits); c++) {
                if (*c != ',')
                    digits[n++] = *c;
            }
            digits[n] = '\0';
            figure = strtod(digits, NULL);
        }
        if (eol == NULL)
            break;
        line = eol + 1;
    }
    return figure;
}

/* Every shared architecture through HTTP and the CLI. */
START_TEST(count_shared)
{
    cJSON *expected = file_json(DATA "expected.json");
    const cJSON *e = cJSON_GetArrayItem(expected, _i);
    const char *id = text_at(e, "id");
    const cJSON *active = cJSON_GetObjectItem(e, "active_parameters");
    char path[512], *body;
    cJSON *doc;

    start_server();
    snprintf(path, sizeof(path), DATA "%s.json", id);
    body = file_text(path);
    doc = json_ok("POST", "/count", body);
    ck_assert_str_eq(text_at(doc, "model_type"), text_at(e, "model_type"));
    ck_assert_msg(number_at(doc, "parameters") ==
                      number_at(e, "parameters"),
                  "%s: %.0f", id, number_at(doc, "parameters"));
    ck_assert_double_eq(cli_figure(path, "total"),
                        number_at(e, "parameters"));
    if (active != NULL) {
        ck_assert_double_eq(number_at(doc, "active_parameters"),
                            active->valuedouble);
        ck_assert_double_eq(cli_figure(path, "active"), active->valuedouble);
        ck_assert_str_eq(text_at(doc, "kind"), "moe");
    } else {
        ck_assert(!cJSON_HasObjectItem(doc, "active_parameters"));
        ck_assert_double_eq(cli_figure(path, "active"), -1);
    }
    cJSON_Delete(doc);
    free(body);
    cJSON_Delete(expected);
}
END_TEST

START_TEST(count_mlp)
{
    cJSON *doc;

    start_server();
    doc = json_ok("POST", "/count",
                  "{\"model_type\": \"mlp\", \"layers\": [784, 128, 10], "
                  "\"bias\": true}");
    ck_assert_str_eq(text_at(doc, "arithmetic"),
                     "784 \xc3\x97 128 + 128 + 128 \xc3\x97 10 + 10 = "
                     "100,352 + 128 + 1,280 + 10 = 101,770");
    ck_assert_double_eq(number_at(doc, "layers/0/weights"), 100352);
    ck_assert_double_eq(number_at(doc, "layers/0/biases"), 128);
    ck_assert_double_eq(number_at(doc, "layers/1/weights"), 1280);
    ck_assert_double_eq(number_at(doc, "layers/1/biases"), 10);
    ck_assert_double_eq(number_at(doc, "breakdown/weights/parameters"),
                        101632);
    cJSON_Delete(doc);
}
END_TEST

START_TEST(architectures_listed)
{
    cJSON *doc;

    start_server();
    doc = json_ok("GET", "/architectures", NULL);
    ck_assert_double_eq(number_at(doc, "count"), 16);
    ck_assert_str_eq(text_at(doc, "architectures/0/model_type"), "gpt2");
    ck_assert_str_eq(text_at(doc, "architectures/15/model_type"), "mlp");
    ck_assert_str_eq(text_at(doc, "architectures/4/counted"),
                     "LlamaForCausalLM");
    ck_assert(cJSON_IsTrue(at(doc, "architectures/4/fields/0/required")));
    cJSON_Delete(doc);
}
END_TEST

/* /compare with architectures: exact counts, MoE's active parameters
 * for the compute estimate, pointers into a bad config. */
START_TEST(compare_with_config)
{
    cJSON *body = cJSON_CreateObject(), *models, *m, *doc;
    char *text;
    struct reply r;

    start_server();
    models = cJSON_AddArrayToObject(body, "models");
    m = cJSON_CreateObject();
    cJSON_AddItemToArray(models, m);
    cJSON_AddStringToObject(m, "name", "llama");
    cJSON_AddItemToObject(m, "config", file_json(DATA "llama-2-7b.json"));
    m = cJSON_CreateObject();
    cJSON_AddItemToArray(models, m);
    cJSON_AddStringToObject(m, "name", "mixtral");
    cJSON_AddItemToObject(m, "config", file_json(DATA "mixtral-8x7b.json"));
    cJSON_AddStringToObject(m, "published", "46.7B");
    cJSON_AddItemToObject(body, "include",
                          cJSON_CreateStringArray(
                              (const char *const[]){"compute"}, 1));
    text = cJSON_PrintUnformatted(body);
    doc = json_ok("POST", "/compare", text);
    ck_assert_double_eq(number_at(doc, "models/0/parameters"), 6738415616.0);
    ck_assert(cJSON_IsTrue(at(doc, "models/0/exact")));
    ck_assert_str_eq(text_at(doc, "models/0/kind"), "dense");
    ck_assert_double_eq(number_at(doc, "models/1/active_parameters"),
                        12879925248.0);
    ck_assert_str_eq(text_at(doc, "models/1/kind"), "moe");
    ck_assert_double_eq(number_at(doc, "models/1/published"), 46.7e9);
    ck_assert_double_eq(number_at(doc, "models/1/compute/flops_per_token"),
                        2.0 * 12879925248.0);
    cJSON_Delete(doc);
    free(text);
    cJSON_DeleteItemFromObject(at(models, "1/config"), "hidden_size");
    text = cJSON_PrintUnformatted(body);
    r = post(text);
    ck_assert_int_eq(r.status, 422);
    doc = cJSON_Parse(r.body.data);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(text_at(doc, "pointer"), "/models/1/config/hidden_size");
    cJSON_Delete(doc);
    reply_free(&r);
    free(text);
    cJSON_Delete(body);
}
END_TEST

/* The reference catalog's answers carry exact counts, published beside. */
START_TEST(reference_exact)
{
    cJSON *doc;
    const cJSON *m;

    start_server();
    doc = json_ok("GET", "/models?catalog=reference", NULL);
    ck_assert_double_ge(number_at(doc, "count"), 25);
    m = named(at(doc, "models"), "llama-2-7b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "parameters"), 6738415616.0);
    ck_assert_double_eq(number_at(m, "published"), 7e9);
    ck_assert_str_eq(text_at(m, "published_formatted"), "7.0B");
    ck_assert_str_eq(text_at(m, "source"), "https://arxiv.org/abs/2307.09288");
    ck_assert(cJSON_IsTrue(at(m, "exact")));
    m = named(at(doc, "models"), "palm");
    ck_assert_ptr_nonnull(m);
    ck_assert(cJSON_IsFalse(at(m, "exact")));
    cJSON_Delete(doc);
    doc = json_ok("GET", "/compare?catalog=reference&models=mixtral-8x7b",
                  NULL);
    ck_assert_double_eq(number_at(doc, "models/0/parameters"),
                        46702792704.0);
    ck_assert_double_eq(number_at(doc, "models/0/published"), 46.7e9);
    cJSON_Delete(doc);
    doc = json_ok("GET", "/fit?memory=16GB&mode=weights", NULL);
    m = named(at(doc, "fits"), "llama-2-7b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 2 * 6738415616.0);
    ck_assert_double_eq(number_at(m, "published"), 7e9);
    cJSON_Delete(doc);
}
END_TEST

static const struct {
    const char *body;
    const char *type;
    long status;
    const char *pointer; /* NULL: none */
    const char *detail;
} errors[] = {
    {"[1, 2]", JSON, 400, NULL, "the body is not a JSON object"},
    {"{\"model_type\": \"t5\"}", JSON, 422, "/model_type",
     "give one of: gpt2, bert"},
    {"{\"model_type\": \"llama\", \"hidden_size\": 4096}", JSON, 422,
     "/num_hidden_layers", "is missing"},
    {"{\"model_type\": \"mlp\", \"layers\": [784, 0]}", JSON, 422,
     "/layers/1", "at least 1"},
    {"{\"model_type\": \"mlp\", \"layers\": [784]}", JSON, 422, "/layers",
     "at least two sizes"},
    {"{\"model_type\": \"mlp\", \"layers\": [1e9, 1e9, 1e9]}", JSON, 422, "",
     "more than 10^18"},
    {"{\"model_type\": \"mlp\", \"layers\": [3, 2]}", NULL, 415, NULL,
     "Content-Type"},
    {"{\"model_type\": ", JSON, 400, NULL, "not valid JSON"},
};

/* Each mistake gets its problem, and the next request is still served:
 * 3 x 2 + 2 = 8 parameters. */
START_TEST(count_errors)
{
    const char *body = errors[_i].body;
    struct reply r;
    cJSON *doc;

    start_server();
    r = http("POST", "/count", errors[_i].type, body, strlen(body), 0);
    check_problem(&r, errors[_i].status, errors[_i].pointer,
                  errors[_i].detail);
    reply_free(&r);
    doc = json_ok("POST", "/count", "{\"model_type\": \"mlp\", "
                                    "\"layers\": [3, 2]}");
    ck_assert_double_eq(number_at(doc, "parameters"), 8);
    cJSON_Delete(doc);
}
END_TEST

Suite *integration_count_suite(void)
{
    Suite *s = suite_create("integration_count");
    TCase *tc = tcase_create("count");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, count_shared, 0, SHARED_COUNT);
    tcase_add_test(tc, count_mlp);
    tcase_add_test(tc, architectures_listed);
    tcase_add_test(tc, compare_with_config);
    tcase_add_test(tc, reference_exact);
    tcase_add_loop_test(tc, count_errors, 0,
                        sizeof(errors) / sizeof(errors[0]));
    suite_add_tcase(s, tc);
    harness_add_stop(s); /* last: it stops the server */
    return s;
}
