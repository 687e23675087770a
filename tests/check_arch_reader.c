/* check_arch_reader.c - unit tests of arch_reader.c: every file of
 * tests/data/architectures/ and config/architectures/ read from disk
 * gives the exact count its expected.json or more_expected.json
 * publishes; defaults of the config classes; errors and their pointers;
 * the table of model_types. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/arch_reader.h"
#include "api/assets.h"
#include "suites.h"

#define DATA MODELSCALE_SOURCE_DIR "/tests/data/architectures/"
#define CATALOG MODELSCALE_SOURCE_DIR "/config/architectures/"
#define SHARED_COUNT 15 /* entries of expected.json */
#define MORE_COUNT 15   /* entries of more_expected.json */

static struct arch arch;
static struct arch_count count;
static struct problem pb;

/* The bytes of the file at path, NUL-terminated, with *len set; the
 * caller frees them. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0)
        goto out;
    n = ftell(f);
    if (n < 0)
        goto out;
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[n] = '\0';
    *len = (size_t)n;
out:
    fclose(f);
    ck_assert_msg(buf != NULL, "cannot read %s", path);
    return buf;
}

/* The parsed JSON file at path; the caller deletes it. */
static cJSON *load(const char *path)
{
    size_t len;
    char *buf = slurp(path, &len);
    cJSON *json = cJSON_ParseWithLength(buf, len + 1);

    free(buf);
    ck_assert_msg(json != NULL, "cannot read %s", path);
    return json;
}

/* Counts dir/<id>.json for entry i of the expected file at list, and
 * checks it against the figures published there. */
static void check_entry(const char *list, int i, const char *dir)
{
    cJSON *expected = load(list);
    const cJSON *e = cJSON_GetArrayItem(expected, i);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));
    const cJSON *want = cJSON_GetObjectItem(e, "parameters");
    const cJSON *active = cJSON_GetObjectItem(e, "active_parameters");
    char path[512];
    cJSON *config;

    ck_assert_ptr_nonnull(id);
    ck_assert(cJSON_IsNumber(want));
    snprintf(path, sizeof(path), "%s%s.json", dir, id);
    config = load(path);
    ck_assert_msg(arch_reader_count(config, "", &arch, &count, &pb) ==
                      SVC_OK, "%s: %s", id, pb.detail);
    ck_assert_msg((double)count.parameters == want->valuedouble,
                  "%s: %ju parameters, not %.0f", id,
                  (uintmax_t)count.parameters, want->valuedouble);
    if (active != NULL)
        ck_assert_msg((double)count.active_parameters ==
                          active->valuedouble,
                      "%s: %ju active", id,
                      (uintmax_t)count.active_parameters);
    else if (!count.moe)
        ck_assert_uint_eq(count.active_parameters, count.parameters);
    cJSON_Delete(config);
    cJSON_Delete(expected);
}

START_TEST(shared_files)
{
    check_entry(DATA "expected.json", _i, DATA);
}
END_TEST

START_TEST(catalog_shared)
{
    check_entry(DATA "expected.json", _i, CATALOG);
}
END_TEST

START_TEST(catalog_more)
{
    check_entry(DATA "more_expected.json", _i, CATALOG);
}
END_TEST

/* Whether list has an entry whose id is name[0..len). */
static int listed(const cJSON *list, const char *name, size_t len)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, list) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));

        if (id != NULL && strlen(id) == len && memcmp(id, name, len) == 0)
            return 1;
    }
    return 0;
}

/* The lists hold what the loop tests cover, and every catalog file has
 * a published figure in one of them. */
START_TEST(catalog_complete)
{
    cJSON *shared = load(DATA "expected.json");
    cJSON *more = load(DATA "more_expected.json");
    DIR *d = opendir(CATALOG);
    struct dirent *ent;
    int files = 0;

    ck_assert_int_eq(cJSON_GetArraySize(shared), SHARED_COUNT);
    ck_assert_int_eq(cJSON_GetArraySize(more), MORE_COUNT);
    ck_assert_ptr_nonnull(d);
    for (ent = readdir(d); ent != NULL; ent = readdir(d)) {
        size_t n = strlen(ent->d_name);

        if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0)
            continue;
        files++;
        ck_assert_msg(listed(shared, ent->d_name, n - 5) ||
                          listed(more, ent->d_name, n - 5),
                      "%s has no published figure", ent->d_name);
    }
    closedir(d);
    ck_assert_int_eq(files, SHARED_COUNT + MORE_COUNT);
    cJSON_Delete(shared);
    cJSON_Delete(more);
}
END_TEST

/* Every file of config/architectures/ is built into the binary, byte
 * for byte, under its name (CMakeLists.txt lists them). */
START_TEST(catalog_built_in)
{
    DIR *d = opendir(CATALOG);
    struct dirent *ent;
    size_t files = 0;

    ck_assert_ptr_nonnull(d);
    for (ent = readdir(d); ent != NULL; ent = readdir(d)) {
        size_t n = strlen(ent->d_name), len, i;
        char path[512], *text;

        if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0)
            continue;
        files++;
        for (i = 0; i < asset_architectures_count; i++) {
            if (strlen(asset_architectures[i].name) == n - 5 &&
                memcmp(asset_architectures[i].name, ent->d_name, n - 5) == 0)
                break;
        }
        ck_assert_msg(i < asset_architectures_count,
                      "%s is not built in (CMakeLists.txt)", ent->d_name);
        snprintf(path, sizeof(path), "%s%s", CATALOG, ent->d_name);
        text = slurp(path, &len);
        ck_assert_uint_eq(asset_architectures[i].asset.len, len);
        ck_assert(memcmp(asset_architectures[i].asset.data, text, len) == 0);
        ck_assert_int_eq(asset_architectures[i].asset.data[len], '\0');
        free(text);
    }
    closedir(d);
    ck_assert_uint_eq(files, asset_architectures_count);
}
END_TEST

static enum svc_status read_text(const char *text, const char *pointer)
{
    cJSON *json = cJSON_Parse(text);
    enum svc_status st;

    ck_assert_msg(json != NULL, "bad test JSON %s", text);
    memset(&pb, 0, sizeof(pb));
    st = arch_reader_count(json, pointer, &arch, &count, &pb);
    cJSON_Delete(json);
    return st;
}

#define LLAMA_SIZES "\"num_hidden_layers\":2,\"intermediate_size\":128," \
                    "\"vocab_size\":100"
#define LLAMA "{\"model_type\":\"llama\",\"hidden_size\":64," \
              "\"num_attention_heads\":4," LLAMA_SIZES
#define LLAMA_NO_HIDDEN "{\"model_type\":\"llama\"," \
                        "\"num_attention_heads\":4," LLAMA_SIZES
#define MISTRAL "{\"model_type\":\"mistral\",\"hidden_size\":4096," \
                "\"num_hidden_layers\":1,\"num_attention_heads\":32," \
                "\"intermediate_size\":8,\"vocab_size\":10"
#define VIT "{\"model_type\":\"vit\",\"hidden_size\":64," \
            "\"num_hidden_layers\":1,\"num_attention_heads\":4," \
            "\"intermediate_size\":8"

START_TEST(defaults)
{
    ck_assert_int_eq(read_text(LLAMA "}", ""), SVC_OK);
    ck_assert_uint_eq(arch.kv_heads, 4);      /* = num_attention_heads */
    ck_assert_uint_eq(arch.head_dim, 0);      /* hidden / heads */
    ck_assert_int_eq(arch.tied, 0);           /* LlamaConfig: False */
    ck_assert_uint_eq(arch.max_positions, 2048);
    ck_assert_int_eq(read_text(LLAMA ",\"num_key_value_heads\":null}", ""),
                     SVC_OK);
    ck_assert_uint_eq(arch.kv_heads, 4);
    ck_assert_int_eq(read_text(MISTRAL "}", ""), SVC_OK);
    ck_assert_uint_eq(arch.kv_heads, 8);      /* MistralConfig: 8 */
    ck_assert_uint_eq(arch.sliding_window, 4096);
    ck_assert_int_eq(arch.sliding_in_use, 1);
    ck_assert_int_eq(read_text(MISTRAL ",\"sliding_window\":null}", ""),
                     SVC_OK);
    ck_assert_int_eq(arch.sliding_in_use, 0);
    ck_assert_int_eq(read_text("{\"model_type\":\"gemma\",\"hidden_size\":64,"
                               "\"num_hidden_layers\":1,"
                               "\"num_attention_heads\":16,"
                               "\"intermediate_size\":8,\"vocab_size\":10}",
                               ""), SVC_OK);
    ck_assert_int_eq(arch.tied, 1);           /* GemmaConfig: True */
    ck_assert_uint_eq(arch.head_dim, 256);
    ck_assert_uint_eq(arch.kv_heads, 16);
    ck_assert_int_eq(read_text("{\"model_type\":\"gpt2\",\"n_embd\":64,"
                               "\"n_layer\":1,\"n_head\":4,\"vocab_size\":10,"
                               "\"n_positions\":8,\"n_inner\":null}", ""),
                     SVC_OK);
    ck_assert_uint_eq(arch.intermediate, 256); /* 4 x n_embd */
    ck_assert_int_eq(arch.tied, 1);
}
END_TEST

START_TEST(defaults_more)
{
    ck_assert_int_eq(read_text(VIT "}", ""), SVC_OK);
    ck_assert_uint_eq(arch.labels, 2); /* PretrainedConfig's num_labels */
    ck_assert_uint_eq(arch.image_size, 224);
    ck_assert_uint_eq(arch.patch_size, 16);
    ck_assert_int_eq(read_text(VIT ",\"num_labels\":5,\"id2label\":"
                               "{\"0\":\"a\",\"1\":\"b\",\"2\":\"c\"}}", ""),
                     SVC_OK);
    ck_assert_uint_eq(arch.labels, 3); /* id2label wins */
    ck_assert_int_eq(read_text(VIT ",\"architectures\":[\"ViTModel\"]}", ""),
                     SVC_OK);
    ck_assert_int_eq(arch.pooler, 1);
    /* 64 x 64 + 64 = 4,160 for the pooler, and no classifier. */
    ck_assert_uint_eq(count.parts[ARCH_PART_POOLER], 4160);
    ck_assert_uint_eq(count.parts[ARCH_PART_CLASSIFIER], 0);
    ck_assert_int_eq(read_text("{\"model_type\":\"opt\",\"hidden_size\":64,"
                               "\"num_hidden_layers\":1,"
                               "\"num_attention_heads\":4,\"ffn_dim\":8,"
                               "\"vocab_size\":10,"
                               "\"max_position_embeddings\":8,"
                               "\"_remove_final_layer_norm\":true}", ""),
                     SVC_OK);
    ck_assert_int_eq(arch.final_norm, 0);
    ck_assert_uint_eq(arch.embed_dim, 0); /* = hidden_size */
    ck_assert_int_eq(read_text("{\"model_type\":\"qwen2\",\"hidden_size\":64,"
                               "\"num_hidden_layers\":30,"
                               "\"num_attention_heads\":32,"
                               "\"intermediate_size\":8,\"vocab_size\":10,"
                               "\"use_sliding_window\":true}", ""),
                     SVC_OK);
    ck_assert_int_eq(arch.sliding_in_use, 1);
    ck_assert_uint_eq(arch.sliding_from, 28);
    ck_assert_uint_eq(arch.kv_heads, 32); /* Qwen2Config: 32 */
    ck_assert_int_eq(read_text("{\"model_type\":\"mlp\",\"layers\":[3,2],"
                               "\"bias\":false}", ""), SVC_OK);
    ck_assert_uint_eq(count.parameters, 6);
}
END_TEST

static const struct {
    const char *body;
    const char *prefix;
    enum svc_status status;
    const char *pointer; /* NULL: none */
    const char *detail;  /* a part of it */
} errors[] = {
    {"[]", "", SVC_EMALFORMED, NULL, "not a JSON object"},
    {"[]", "/models/3/config", SVC_EINVAL, "/models/3/config", "object"},
    {"{}", "", SVC_EINVAL, "/model_type", "gpt2, bert, opt"},
    {"{\"model_type\":\"t5\"}", "", SVC_EINVAL, "/model_type",
     "\"t5\" is not supported; give one of: gpt2"},
    {"{\"model_type\":5}", "", SVC_EINVAL, "/model_type", "not a string"},
    {"{\"model_type\":\"llama\"}", "", SVC_EINVAL, "/hidden_size",
     "hidden_size is missing"},
    {LLAMA_NO_HIDDEN ",\"hidden_size\":0}", "", SVC_EINVAL,
     "/hidden_size", "at least 1"},
    {LLAMA_NO_HIDDEN ",\"hidden_size\":12.5}", "", SVC_EINVAL,
     "/hidden_size", "whole number"},
    {LLAMA_NO_HIDDEN ",\"hidden_size\":\"64\"}", "", SVC_EINVAL,
     "/hidden_size", "whole number"},
    {LLAMA ",\"tie_word_embeddings\":\"yes\"}", "", SVC_EINVAL,
     "/tie_word_embeddings", "true or false"},
    {"{\"model_type\":\"llama\",\"hidden_size\":64,"
     "\"num_attention_heads\":3," LLAMA_SIZES "}", "", SVC_EINVAL,
     "/num_attention_heads", "no head_dim"},
    {MISTRAL ",\"num_key_value_heads\":3}", "", SVC_EINVAL,
     "/num_key_value_heads", "does not divide"},
    {"{\"model_type\":\"mixtral\",\"hidden_size\":64,"
     "\"num_hidden_layers\":1,\"num_attention_heads\":8,"
     "\"intermediate_size\":8,\"vocab_size\":10,"
     "\"num_experts_per_tok\":9}", "", SVC_EINVAL,
     "/num_experts_per_tok", "above the number of experts"},
    {"{\"model_type\":\"falcon\",\"hidden_size\":64,"
     "\"num_hidden_layers\":1,\"num_attention_heads\":4,"
     "\"vocab_size\":10,\"new_decoder_architecture\":true,"
     "\"num_kv_heads\":3}", "", SVC_EINVAL, "/num_kv_heads",
     "does not divide"},
    {"{\"model_type\":\"gpt2\",\"n_embd\":768,\"n_layer\":1,\"n_head\":7,"
     "\"vocab_size\":10,\"n_positions\":8}", "", SVC_EINVAL, "/n_head",
     "does not divide the hidden size"},
    {"{\"model_type\":\"deepseek_v2\",\"hidden_size\":64,"
     "\"num_hidden_layers\":1,\"num_attention_heads\":4,"
     "\"intermediate_size\":8,\"vocab_size\":10}", "", SVC_EINVAL,
     "/num_experts_per_tok", "missing"},
    {"{\"model_type\":\"mlp\",\"layers\":[784]}", "", SVC_EINVAL,
     "/layers", "at least two sizes"},
    {"{\"model_type\":\"mlp\",\"layers\":[784]}", "/models/3/config",
     SVC_EINVAL, "/models/3/config/layers", "at least two sizes"},
    {"{\"model_type\":\"mlp\",\"layers\":[784,0,10]}", "", SVC_EINVAL,
     "/layers/1", "layers[1]"},
    {"{\"model_type\":\"mlp\",\"layers\":\"784\"}", "", SVC_EINVAL,
     "/layers", "not an array"},
    {"{\"model_type\":\"mlp\"}", "", SVC_EINVAL, "/layers", "missing"},
    {"{\"model_type\":\"mlp\",\"layers\":[1000000000,1000000000,1000]}",
     "/models/0/config", SVC_EINVAL, "/models/0/config", "10^18"},
    {VIT ",\"architectures\":[\"ViTForMaskedImageModeling\"]}", "",
     SVC_EINVAL, "/architectures", "ViTModel"},
    {VIT ",\"id2label\":[\"a\"]}", "", SVC_EINVAL, "/id2label",
     "not an object"},
    {VIT ",\"patch_size\":300}", "", SVC_EINVAL, "/patch_size",
     "larger than the image"},
    {"{\"model_type\":\"bert\",\"hidden_size\":64,\"num_hidden_layers\":1,"
     "\"num_attention_heads\":4,\"intermediate_size\":8,\"vocab_size\":10,"
     "\"max_position_embeddings\":8,\"position_embedding_type\":\"rope\"}",
     "", SVC_EINVAL, "/position_embedding_type", "\"absolute\""},
};

START_TEST(error_table)
{
    enum svc_status st = read_text(errors[_i].body, errors[_i].prefix);

    ck_assert_msg(st == errors[_i].status, "%s: status %d (%s)",
                  errors[_i].body, (int)st, pb.detail);
    ck_assert_int_eq(pb.status, errors[_i].status);
    if (errors[_i].pointer == NULL) {
        ck_assert_int_eq(pb.has_pointer, 0);
    } else {
        ck_assert_int_eq(pb.has_pointer, 1);
        ck_assert_str_eq(pb.pointer, errors[_i].pointer);
    }
    ck_assert_msg(strstr(pb.detail, errors[_i].detail) != NULL,
                  "detail \"%s\" lacks \"%s\"", pb.detail,
                  errors[_i].detail);
}
END_TEST

/* An MLP body of n sizes, all 1. */
static const char *mlp_of(char *body, size_t len, int n)
{
    snprintf(body, len, "{\"model_type\":\"mlp\",\"layers\":[1");
    for (int i = 1; i < n; i++)
        strncat(body, ",1", len - strlen(body) - 1);
    strncat(body, "]}", len - strlen(body) - 1);
    return body;
}

START_TEST(mlp_sizes_limit)
{
    char body[512];

    ck_assert_int_eq(read_text(mlp_of(body, sizeof(body), ARCH_MLP_MAX + 1),
                               ""), SVC_EINVAL);
    ck_assert_str_eq(pb.pointer, "/layers");
    ck_assert_int_eq(read_text(mlp_of(body, sizeof(body), ARCH_MLP_MAX),
                               ""), SVC_OK);
    ck_assert_uint_eq(count.linear_count, ARCH_MLP_MAX - 1);
    ck_assert_uint_eq(count.parameters, 2 * (ARCH_MLP_MAX - 1));
}
END_TEST

START_TEST(types)
{
    size_t n = 0;
    const struct arch_reader_type *t = arch_reader_types(&n);
    int llama_kv = 0;

    ck_assert_uint_eq(n, ARCH_FAMILY_COUNT);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(t[i].model_type,
                         arch_family_name((enum arch_family)i));
        ck_assert_ptr_nonnull(t[i].counted);
        ck_assert_uint_gt(t[i].field_count, 0);
        for (size_t k = 0; k < t[i].field_count; k++)
            ck_assert_ptr_nonnull(arch_reader_kind_name(t[i].fields[k].kind));
    }
    ck_assert_str_eq(t[ARCH_LLAMA].counted, "LlamaForCausalLM");
    ck_assert_ptr_null(t[ARCH_LLAMA].fields[0].fallback); /* required */
    for (size_t k = 0; k < t[ARCH_LLAMA].field_count; k++) {
        const struct arch_reader_field *f = &t[ARCH_LLAMA].fields[k];

        if (strcmp(f->name, "num_key_value_heads") == 0) {
            llama_kv = 1;
            ck_assert_str_eq(f->fallback, "num_attention_heads");
        }
    }
    ck_assert_int_eq(llama_kv, 1);
    ck_assert_str_eq(t[ARCH_MLP].fields[0].name, "layers");
    ck_assert_ptr_null(t[ARCH_MLP].fields[0].fallback);
}
END_TEST

Suite *arch_reader_suite(void)
{
    Suite *s = suite_create("arch_reader");
    TCase *tc = tcase_create("published");

    tcase_add_loop_test(tc, shared_files, 0, SHARED_COUNT);
    tcase_add_loop_test(tc, catalog_shared, 0, SHARED_COUNT);
    tcase_add_loop_test(tc, catalog_more, 0, MORE_COUNT);
    tcase_add_test(tc, catalog_complete);
    tcase_add_test(tc, catalog_built_in);
    suite_add_tcase(s, tc);
    tc = tcase_create("defaults");
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, defaults_more);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_loop_test(tc, error_table, 0,
                        (int)(sizeof(errors) / sizeof(errors[0])));
    tcase_add_test(tc, mlp_sizes_limit);
    suite_add_tcase(s, tc);
    tc = tcase_create("types");
    tcase_add_test(tc, types);
    suite_add_tcase(s, tc);
    return s;
}
