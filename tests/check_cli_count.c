/* check_cli_count.c - unit tests of cli_count.c: the tables of the MNIST
 * MLP and Llama-2-7B byte for byte, a mixture of experts with MTP,
 * refusals that print nothing, and reading a file or standard input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/assets.h"
#include "cli/cli_count.h"
#include "suites.h"
#include "temp_file.h"

static char out[8192];
static struct problem pb;

/* Prints the count of text into out. */
static enum svc_status print(const char *text)
{
    FILE *f = fmemopen(out, sizeof(out) - 1, "w");
    enum svc_status st;

    memset(out, 0, sizeof(out));
    memset(&pb, 0, sizeof(pb));
    st = cli_count_print(f, text, strlen(text), &pb);
    fclose(f);
    return st;
}

static const char *builtin(const char *name)
{
    for (size_t i = 0; i < asset_architectures_count; i++) {
        if (strcmp(asset_architectures[i].name, name) == 0)
            return (const char *)asset_architectures[i].asset.data;
    }
    ck_abort_msg("no built-in %s", name);
    return NULL;
}

START_TEST(mlp_table)
{
    ck_assert_int_eq(print(builtin("mnist-mlp")), SVC_OK);
    ck_assert_str_eq(
        out,
        "Parameters of mlp (nn.Linear layers, one per pair of sizes):\n"
        "--------------------------------------------------\n"
        "weights                  :   101.6K parameters  99.9% (101,632)\n"
        "biases                   :      138 parameters   0.1% (138)\n"
        "--------------------------------------------------\n"
        "total                    :   101.8K parameters (101,770)\n"
        "\n"
        "Layers:\n"
        "784 \xc3\x97 128 + 128 = 100,480\n"
        "128 \xc3\x97 10 + 10 = 1,290\n"
        "\n"
        "784 \xc3\x97 128 + 128 + 128 \xc3\x97 10 + 10 = 100,352 + 128 + "
        "1,280 + 10 = 101,770\n");
}
END_TEST

START_TEST(llama_table)
{
    ck_assert_int_eq(print(builtin("llama-2-7b")), SVC_OK);
    ck_assert_str_eq(
        out,
        "Parameters of llama (LlamaForCausalLM):\n"
        "--------------------------------------------------\n"
        "embeddings               :   131.1M parameters   1.9% "
        "(131,072,000)\n"
        "attention                :     2.1B parameters  31.9% "
        "(2,147,483,648)\n"
        "mlp                      :     4.3B parameters  64.2% "
        "(4,328,521,728)\n"
        "norms                    :   266.2K parameters   0.0% (266,240)\n"
        "head                     :   131.1M parameters   1.9% "
        "(131,072,000)\n"
        "--------------------------------------------------\n"
        "total                    :     6.7B parameters (6,738,415,616)\n"
        "\n"
        "Layers:\n"
        "32 dense layers of 202,383,360 parameters each\n"
        "Tied embeddings: no\n");
}
END_TEST

START_TEST(moe_and_mtp)
{
    ck_assert_int_eq(print(builtin("deepseek-v3")), SVC_OK);
    ck_assert_ptr_nonnull(strstr(
        out, "total                    :   671.0B parameters "
             "(671,026,404,352)\n"
             "active                   :    37.6B parameters "
             "(37,552,282,624)\n"));
    ck_assert_ptr_nonnull(strstr(
        out, "3 dense layers of 583,483,392 parameters each\n"
             "58 MoE layers of 11,507,286,016 parameters each: 256 experts "
             "of 44,040,192, 8 a token, 1 shared\n"
             "1 MTP layer of 11,610,067,968 parameters in all, not in the "
             "total\n"));
    ck_assert_ptr_nonnull(strstr(out, "experts                  :   653.9B"));
    ck_assert_int_eq(print(builtin("gemma-2b")), SVC_OK);
    ck_assert_ptr_nonnull(strstr(out, "Tied embeddings: yes\n"));
    ck_assert_ptr_null(strstr(out, "head "));
}
END_TEST

START_TEST(refuses)
{
    ck_assert_int_eq(print("{\"model_type\": \"llama\"}"), SVC_EINVAL);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(pb.pointer, "/hidden_size");
    ck_assert_int_eq(print("[1]"), SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail, "not a JSON object"));
    ck_assert_int_eq(print("{\"model_type\": "), SVC_EMALFORMED);
    ck_assert_ptr_nonnull(strstr(pb.detail, "not valid JSON"));
    ck_assert_str_eq(out, "");
}
END_TEST

/* A file, or standard input for "-"; the exit statuses of a run. */
START_TEST(reads_files)
{
    char path[64], err[256], *text = NULL;
    size_t len = 0;
    FILE *sink = fopen("/dev/null", "w");
    FILE *saved = stdin;

    temp_file("{\"model_type\": \"mlp\", \"layers\": [3, 2]}", path,
              sizeof(path));
    ck_assert_int_eq(cli_count_read(path, &text, &len, err, sizeof(err)),
                     SVC_OK);
    ck_assert_uint_eq(len, strlen(text));
    free(text);
    stdin = fopen(path, "r");
    ck_assert_int_eq(cli_count_read("-", &text, &len, err, sizeof(err)),
                     SVC_OK);
    ck_assert_ptr_nonnull(strstr(text, "[3, 2]"));
    free(text);
    fclose(stdin);
    stdin = saved;
    ck_assert_int_eq(cli_count_run(path, sink, sink), 0);
    ck_assert_int_eq(cli_count_run("/nonexistent.json", sink, sink), 2);
    unlink(path);
    temp_file("{\"model_type\": \"mlp\", \"layers\": [3]}", path,
              sizeof(path));
    ck_assert_int_eq(cli_count_run(path, sink, sink), 1);
    unlink(path);
    fclose(sink);
}
END_TEST

Suite *cli_count_suite(void)
{
    Suite *s = suite_create("cli_count");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, mlp_table);
    tcase_add_test(tc, llama_table);
    tcase_add_test(tc, moe_and_mtp);
    tcase_add_test(tc, refuses);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_test(tc, reads_files);
    suite_add_tcase(s, tc);
    return s;
}
