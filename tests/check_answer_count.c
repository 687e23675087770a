/* check_answer_count.c - unit tests of answer_count.c: the answer of
 * POST /count for the built-in architectures (the MLP's arithmetic,
 * Llama's breakdown, DeepSeek-V3's layer kinds and MTP, ViT's class),
 * and the listing of GET /architectures. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "api/answer_count.h"
#include "api/arch_reader.h"
#include "api/assets.h"
#include "api/handlers.h"
#include "suites.h"

static cJSON *resp; /* the last answer, parsed */

static void teardown(void)
{
    cJSON_Delete(resp);
    resp = NULL;
}

static const cJSON *at(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    ck_assert_msg(v != NULL, "no \"%s\"", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    return at(o, key)->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(at(o, key));
}

/* Counts text and answers it into resp. */
static void answer_text(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    struct text_buf out;
    struct arch a;
    struct arch_count c;
    struct problem pb;

    ck_assert_ptr_nonnull(doc);
    ck_assert_msg(arch_reader_count(doc, "", &a, &c, &pb) == SVC_OK, "%s",
                  pb.detail);
    text_buf_init(&out);
    ck_assert_int_eq(answer_count(&a, &c, &out), SVC_OK);
    ck_assert_uint_eq(strlen(out.text), out.len);
    cJSON_Delete(resp);
    resp = cJSON_Parse(out.text);
    ck_assert_ptr_nonnull(resp);
    text_buf_cleanup(&out);
    cJSON_Delete(doc);
}

/* Answers the built-in architecture name. */
static void answer_builtin(const char *name)
{
    for (size_t i = 0; i < asset_architectures_count; i++) {
        if (strcmp(asset_architectures[i].name, name) == 0) {
            answer_text((const char *)asset_architectures[i].asset.data);
            return;
        }
    }
    ck_abort_msg("no built-in %s", name);
}

/* The components add up to the total, and their percents (each
 * rounded to two decimals) to 100. */
static void check_breakdown(void)
{
    const cJSON *part;
    double sum = 0, percents = 0, n = 0;

    cJSON_ArrayForEach(part, at(resp, "breakdown")) {
        double exact = 100 * num(part, "parameters") /
                       num(resp, "parameters");

        sum += num(part, "parameters");
        percents += num(part, "percent");
        ck_assert_double_eq_tol(num(part, "percent"), exact, 0.005);
        n++;
    }
    ck_assert_double_eq(sum, num(resp, "parameters"));
    ck_assert_double_eq_tol(percents, 100, 0.005 * n);
}

/* The guide's network: 784 x 128 + 128 + 128 x 10 + 10, every layer's
 * weights and biases apart. */
START_TEST(mlp)
{
    const cJSON *l;

    answer_builtin("mnist-mlp");
    ck_assert_str_eq(str(resp, "model_type"), "mlp");
    ck_assert_double_eq(num(resp, "parameters"), 101770);
    ck_assert_str_eq(str(resp, "formatted"), "101.8K");
    ck_assert_str_eq(str(resp, "arithmetic"),
                     "784 \xc3\x97 128 + 128 + 128 \xc3\x97 10 + 10 = "
                     "100,352 + 128 + 1,280 + 10 = 101,770");
    ck_assert_double_eq(num(at(at(resp, "breakdown"), "weights"),
                            "parameters"), 101632);
    ck_assert_double_eq(num(at(at(resp, "breakdown"), "biases"),
                            "parameters"), 138);
    check_breakdown();
    ck_assert_int_eq(cJSON_GetArraySize(at(resp, "layers")), 2);
    l = cJSON_GetArrayItem(at(resp, "layers"), 0);
    ck_assert_str_eq(str(l, "kind"), "linear");
    ck_assert_double_eq(num(l, "in"), 784);
    ck_assert_double_eq(num(l, "out"), 128);
    ck_assert_double_eq(num(l, "weights"), 100352);
    ck_assert_double_eq(num(l, "biases"), 128);
    ck_assert_double_eq(num(l, "parameters"), 100480);
    l = cJSON_GetArrayItem(at(resp, "layers"), 1);
    ck_assert_double_eq(num(l, "weights"), 1280);
    ck_assert_double_eq(num(l, "biases"), 10);
    ck_assert(!cJSON_HasObjectItem(resp, "active_parameters"));
    ck_assert_ptr_nonnull(strstr(str(at(resp, "assumptions"), "parameters"),
                                 "nn.Linear"));
    /* Without biases: no biases component, and no bias terms. */
    answer_text("{\"model_type\": \"mlp\", \"layers\": [3, 2], "
                "\"bias\": false}");
    ck_assert_str_eq(str(resp, "arithmetic"), "3 \xc3\x97 2 = 6");
    ck_assert(!cJSON_HasObjectItem(at(resp, "breakdown"), "biases"));
}
END_TEST

/* Llama-2-7B: 32 layers of 4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096,
 * embedding and head of 32000 x 4096 each, untied. */
START_TEST(llama)
{
    const cJSON *l, *b;

    answer_builtin("llama-2-7b");
    ck_assert_str_eq(str(resp, "counted"), "LlamaForCausalLM");
    ck_assert_double_eq(num(resp, "parameters"), 6738415616.0);
    ck_assert_str_eq(str(resp, "formatted"), "6.7B");
    ck_assert_str_eq(str(resp, "kind"), "dense");
    ck_assert(cJSON_IsFalse(at(resp, "tied_embeddings")));
    b = at(resp, "breakdown");
    ck_assert_double_eq(num(at(b, "attention"), "parameters"),
                        32.0 * 67108864);
    ck_assert_double_eq(num(at(b, "mlp"), "parameters"), 32.0 * 135266304);
    ck_assert_double_eq(num(at(b, "head"), "parameters"), 131072000);
    ck_assert_double_eq(num(at(b, "mlp"), "percent"), 64.24);
    ck_assert(!cJSON_HasObjectItem(b, "experts"));
    check_breakdown();
    l = cJSON_GetArrayItem(at(resp, "layers"), 0);
    ck_assert_int_eq(cJSON_GetArraySize(at(resp, "layers")), 1);
    ck_assert_str_eq(str(l, "kind"), "dense");
    ck_assert_double_eq(num(l, "count"), 32);
    ck_assert_double_eq(num(l, "per_layer"), 202383360);
    ck_assert_str_eq(str(l, "per_layer_formatted"), "202.4M");
    ck_assert_double_eq(num(l, "parameters"), 32.0 * 202383360);
    ck_assert(!cJSON_HasObjectItem(resp, "arithmetic"));
    ck_assert(!cJSON_HasObjectItem(resp, "mtp_parameters"));
    ck_assert_ptr_nonnull(strstr(str(at(resp, "assumptions"), "parameters"),
                                 "tied weights count once"));
}
END_TEST

/* DeepSeek-V3: 3 dense layers, 58 MoE ones of 256 experts (8 a token)
 * and one shared, the MTP layer apart. */
START_TEST(deepseek_v3)
{
    const cJSON *dense, *moe;

    answer_builtin("deepseek-v3");
    ck_assert_double_eq(num(resp, "parameters"), 671026404352.0);
    ck_assert_double_eq(num(resp, "active_parameters"), 37552282624.0);
    ck_assert_str_eq(str(resp, "active_formatted"), "37.6B");
    ck_assert_str_eq(str(resp, "kind"), "moe");
    ck_assert_double_eq(num(resp, "mtp_layers"), 1);
    ck_assert_double_eq(num(resp, "mtp_parameters"), 11610067968.0);
    ck_assert_str_eq(str(resp, "mtp_formatted"), "11.6B");
    check_breakdown();
    dense = cJSON_GetArrayItem(at(resp, "layers"), 0);
    moe = cJSON_GetArrayItem(at(resp, "layers"), 1);
    ck_assert_str_eq(str(dense, "kind"), "dense");
    ck_assert_double_eq(num(dense, "count"), 3);
    ck_assert_str_eq(str(moe, "kind"), "moe");
    ck_assert_double_eq(num(moe, "count"), 58);
    ck_assert_double_eq(num(moe, "per_layer"), 11507286016.0);
    ck_assert_double_eq(num(moe, "experts"), 256);
    ck_assert_double_eq(num(moe, "experts_per_token"), 8);
    ck_assert_double_eq(num(moe, "shared_experts"), 1);
    ck_assert_double_eq(num(moe, "per_expert"), 44040192);
    ck_assert_ptr_nonnull(
        strstr(str(at(resp, "assumptions"), "mtp_parameters"),
               "not in parameters"));
    ck_assert_ptr_nonnull(
        str(at(resp, "assumptions"), "active_parameters"));
}
END_TEST

START_TEST(tied_and_class)
{
    answer_builtin("gemma-2b");
    ck_assert(cJSON_IsTrue(at(resp, "tied_embeddings")));
    ck_assert(!cJSON_HasObjectItem(at(resp, "breakdown"), "head"));
    answer_builtin("vit-base-patch16-224");
    ck_assert_str_eq(str(resp, "counted"), "ViTForImageClassification");
    ck_assert_double_eq(num(at(at(resp, "breakdown"), "classifier"),
                            "parameters"), 768 * 1000 + 1000);
    answer_text("{\"model_type\": \"vit\", \"hidden_size\": 64, "
                "\"num_hidden_layers\": 1, \"num_attention_heads\": 4, "
                "\"intermediate_size\": 8, "
                "\"architectures\": [\"ViTModel\"]}");
    ck_assert_str_eq(str(resp, "counted"), "ViTModel");
    ck_assert_double_eq(num(at(at(resp, "breakdown"), "pooler"),
                            "parameters"), 64 * 64 + 64);
    check_breakdown();
}
END_TEST

START_TEST(architectures)
{
    struct text_buf out;
    const cJSON *t, *f, *llama_type = NULL;
    size_t n;
    const struct arch_reader_type *types = arch_reader_types(&n);
    int i = 0, kv = 0;

    text_buf_init(&out);
    ck_assert_int_eq(answer_architectures(&out), SVC_OK);
    resp = cJSON_Parse(out.text);
    text_buf_cleanup(&out);
    ck_assert_ptr_nonnull(resp);
    ck_assert_double_eq(num(resp, "count"), (double)n);
    ck_assert_int_eq(cJSON_GetArraySize(at(resp, "architectures")), (int)n);
    cJSON_ArrayForEach(t, at(resp, "architectures")) {
        ck_assert_str_eq(str(t, "model_type"), types[i].model_type);
        ck_assert_str_eq(str(t, "counted"), types[i].counted);
        ck_assert_int_eq(cJSON_GetArraySize(at(t, "fields")),
                         (int)types[i].field_count);
        if (strcmp(types[i].model_type, "llama") == 0)
            llama_type = t;
        i++;
    }
    ck_assert_ptr_nonnull(llama_type);
    cJSON_ArrayForEach(f, at(llama_type, "fields")) {
        ck_assert_int_eq(cJSON_IsTrue(at(f, "required")),
                         !cJSON_HasObjectItem(f, "default"));
        if (strcmp(str(f, "name"), "num_key_value_heads") == 0) {
            kv = 1;
            ck_assert_str_eq(str(f, "type"), "whole number or null");
            ck_assert_str_eq(str(f, "default"), "num_attention_heads");
        }
        if (strcmp(str(f, "name"), "hidden_size") == 0)
            ck_assert(cJSON_IsTrue(at(f, "required")));
    }
    ck_assert_int_eq(kv, 1);
    ck_assert_ptr_nonnull(str(at(resp, "assumptions"), "parameters"));
}
END_TEST

/* POST /count through its handler: every fault a problem, with a
 * pointer into the body unless the body is no object at all. */
static const struct {
    const char *body;
    enum svc_status status;
    const char *pointer; /* NULL: none */
    const char *detail;  /* a part of it */
} faults[] = {
    {"[]", SVC_EMALFORMED, NULL, "not a JSON object"},
    {"\"llama\"", SVC_EMALFORMED, NULL, "not a JSON object"},
    {"{}", SVC_EINVAL, "/model_type", "is missing; give one of: gpt2"},
    {"{\"model_type\": \"t5\"}", SVC_EINVAL, "/model_type",
     "\"t5\" is not supported; give one of: gpt2, bert, opt, gpt_neox, "
     "llama, mistral, mixtral, qwen2, gemma, phi, phi3, falcon, "
     "deepseek_v2, deepseek_v3, vit, mlp"},
    {"{\"model_type\": \"llama\", \"num_hidden_layers\": 2}", SVC_EINVAL,
     "/hidden_size", "hidden_size is missing"},
    {"{\"model_type\": \"llama\", \"hidden_size\": -64}", SVC_EINVAL,
     "/hidden_size", "not a whole number of at least 1"},
    {"{\"model_type\": \"gpt2\", \"n_embd\": 64, \"n_layer\": 1, "
     "\"n_head\": 5, \"vocab_size\": 9, \"n_positions\": 8}", SVC_EINVAL,
     "/n_head", "does not divide the hidden size"},
    {"{\"model_type\": \"mistral\", \"hidden_size\": 64, "
     "\"num_hidden_layers\": 1, \"num_attention_heads\": 8, "
     "\"num_key_value_heads\": 3, \"intermediate_size\": 8, "
     "\"vocab_size\": 9}", SVC_EINVAL, "/num_key_value_heads",
     "does not divide the attention heads"},
    {"{\"model_type\": \"mixtral\", \"hidden_size\": 64, "
     "\"num_hidden_layers\": 1, \"num_attention_heads\": 8, "
     "\"intermediate_size\": 8, \"vocab_size\": 9, "
     "\"num_local_experts\": 4, \"num_experts_per_tok\": 5}", SVC_EINVAL,
     "/num_experts_per_tok", "above the number of experts"},
    {"{\"model_type\": \"mlp\", \"layers\": [784]}", SVC_EINVAL,
     "/layers", "at least two sizes"},
    {"{\"model_type\": \"mlp\", \"layers\": [784, 1.5]}", SVC_EINVAL,
     "/layers/1", "not a whole number"},
    {"{\"model_type\": \"mlp\", \"layers\": [1e9, 1e9, 1e9]}",
     SVC_EINVAL, "", "more than 10^18 parameters"},
};

START_TEST(handler_faults)
{
    cJSON *body = cJSON_Parse(faults[_i].body);
    struct request rq = {NULL, 0, body, 0};
    struct app app = {0};
    struct text_buf out;
    struct problem pb;

    ck_assert_ptr_nonnull(body);
    text_buf_init(&out);
    memset(&pb, 0, sizeof(pb));
    ck_assert_int_eq(h_count(&app, &rq, &out, &pb), faults[_i].status);
    ck_assert_int_eq(pb.status, faults[_i].status);
    ck_assert_msg(strstr(pb.detail, faults[_i].detail) != NULL,
                  "detail \"%s\" lacks \"%s\"", pb.detail,
                  faults[_i].detail);
    ck_assert_int_eq(pb.has_pointer, faults[_i].pointer != NULL);
    if (faults[_i].pointer != NULL)
        ck_assert_str_eq(pb.pointer, faults[_i].pointer);
    text_buf_cleanup(&out);
    cJSON_Delete(body);
}
END_TEST

/* The handlers answer what the builders do. */
START_TEST(handlers_answer)
{
    cJSON *body = cJSON_Parse("{\"model_type\": \"mlp\", "
                              "\"layers\": [784, 128, 10], \"dropout\": 0.2}");
    struct request rq = {NULL, 0, body, 0};
    struct app app = {0};
    struct text_buf out;
    struct problem pb;

    text_buf_init(&out);
    ck_assert_int_eq(h_count(&app, &rq, &out, &pb), SVC_OK);
    resp = cJSON_Parse(out.text);
    ck_assert_double_eq(num(resp, "parameters"), 101770);
    text_buf_cleanup(&out);
    rq.body = NULL;
    ck_assert_int_eq(h_architectures(&app, &rq, &out, &pb), SVC_OK);
    ck_assert_ptr_nonnull(strstr(out.text, "\"model_type\":\"deepseek_v3\""));
    text_buf_cleanup(&out);
    cJSON_Delete(body);
}
END_TEST

Suite *answer_count_suite(void)
{
    Suite *s = suite_create("answer_count");
    TCase *tc = tcase_create("count");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, mlp);
    tcase_add_test(tc, llama);
    tcase_add_test(tc, deepseek_v3);
    tcase_add_test(tc, tied_and_class);
    suite_add_tcase(s, tc);
    tc = tcase_create("architectures");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, architectures);
    suite_add_tcase(s, tc);
    tc = tcase_create("handler");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, handler_faults, 0,
                        (int)(sizeof(faults) / sizeof(faults[0])));
    tcase_add_test(tc, handlers_answer);
    suite_add_tcase(s, tc);
    return s;
}
