/* cli_count.c - an architecture's count as a text table.  Its rows, in
 * Python's words: f"{component:<25}: {formatted:>8} parameters
 * {share:>5.1%} ({exact:,})", as `modelscale table` prints a model. */
#include "cli/cli_count.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/arch_reader.h"
#include "api/json_text.h"
#include "cli/config.h"
#include "modelscale/numfmt.h"

#define RULE "--------------------------------------------------\n"

/* "embeddings               :   131.1M parameters   1.9% (131,072,000)";
 * without the share when total is 0. */
static void row(FILE *out, const char *name, uint64_t n, uint64_t total)
{
    char formatted[NUMFMT_MAX] = "0", exact[NUMFMT_GROUPED_MAX];

    if (n > 0)
        numfmt_count(n, NUMFMT_PRECISION_DEFAULT, formatted,
                     sizeof(formatted));
    numfmt_grouped(n, exact, sizeof(exact));
    fprintf(out, "%-25s: %8s parameters", name, formatted);
    if (total > 0)
        fprintf(out, " %5.1f%%", 100.0 * (double)n / (double)total);
    fprintf(out, " (%s)\n", exact);
}

static void print_breakdown(FILE *out, const struct arch_count *c)
{
    uint64_t weights = 0, biases = 0;

    if (c->linear_count == 0) {
        for (int k = 0; k < ARCH_PART_COUNT; k++) {
            if (c->parts[k] > 0)
                row(out, arch_part_name((enum arch_part)k), c->parts[k],
                    c->parameters);
        }
        return;
    }
    for (size_t i = 0; i < c->linear_count; i++) {
        weights += c->linears[i].weights;
        biases += c->linears[i].biases;
    }
    row(out, "weights", weights, c->parameters);
    if (biases > 0)
        row(out, "biases", biases, c->parameters);
}

/* "32 dense layers of 202,383,360 parameters each" */
static void layer_kind(FILE *out, const char *kind,
                       const struct arch_layer *l)
{
    char each[NUMFMT_GROUPED_MAX];

    numfmt_grouped(l->parameters, each, sizeof(each));
    fprintf(out, "%" PRIu64 " %s layer%s of %s parameters each", l->count,
            kind, l->count == 1 ? "" : "s", each);
}

static void print_layers(FILE *out, const struct arch *a,
                         const struct arch_count *c)
{
    char text[NUMFMT_GROUPED_MAX];

    fputs("\nLayers:\n", out);
    for (size_t i = 0; i < c->linear_count; i++) {
        const struct arch_linear *l = &c->linears[i];

        numfmt_grouped(l->weights + l->biases, text, sizeof(text));
        fprintf(out, "%" PRIu64 " \xc3\x97 %" PRIu64, l->in, l->out);
        if (l->biases > 0)
            fprintf(out, " + %" PRIu64, l->biases);
        fprintf(out, " = %s\n", text);
    }
    if (c->dense.count > 0) {
        layer_kind(out, "dense", &c->dense);
        fputc('\n', out);
    }
    if (c->moe_layer.count > 0) {
        layer_kind(out, "MoE", &c->moe_layer);
        numfmt_grouped(c->expert, text, sizeof(text));
        fprintf(out, ": %" PRIu64 " experts of %s, %" PRIu64 " a token",
                a->experts, text, a->experts_per_token);
        if (a->shared_experts > 0)
            fprintf(out, ", %" PRIu64 " shared", a->shared_experts);
        fputc('\n', out);
    }
    if (c->mtp_layers > 0) {
        numfmt_grouped(c->mtp_parameters, text, sizeof(text));
        fprintf(out, "%" PRIu64 " MTP layer%s of %s parameters in all, "
                "not in the total\n", c->mtp_layers,
                c->mtp_layers == 1 ? "" : "s", text);
    }
}

enum svc_status cli_count_print(FILE *out, const char *text, size_t len,
                                struct problem *pb)
{
    char arithmetic[ARCH_ARITHMETIC_MAX];
    struct arch a;
    struct arch_count c;
    cJSON *doc = NULL;
    enum svc_status st = json_text_parse(text, len, &doc, pb);

    if (st == SVC_OK)
        st = arch_reader_count(doc, "", &a, &c, pb);
    cJSON_Delete(doc);
    if (st != SVC_OK)
        return st;
    fprintf(out, "Parameters of %s (%s):\n" RULE,
            arch_family_name(a.family), arch_reader_counted(&a));
    print_breakdown(out, &c);
    fputs(RULE, out);
    row(out, "total", c.parameters, 0);
    if (c.moe)
        row(out, "active", c.active_parameters, 0);
    print_layers(out, &a, &c);
    if (c.linear_count > 0 &&
        arch_arithmetic(&c, arithmetic, sizeof(arithmetic)) > 0)
        fprintf(out, "\n%s\n", arithmetic);
    else
        fprintf(out, "Tied embeddings: %s\n", c.tied ? "yes" : "no");
    return SVC_OK;
}

/* Standard input, whole, as config_read_file reads a file. */
static enum svc_status read_stdin(char **text, size_t *len, char *err,
                                  size_t errlen)
{
    char *buf = malloc(CONFIG_FILE_MAX + 2);
    size_t n;

    *text = NULL;
    if (buf == NULL) {
        snprintf(err, errlen, "out of memory reading standard input");
        return SVC_ENOMEM;
    }
    n = fread(buf, 1, CONFIG_FILE_MAX + 1, stdin);
    if (ferror(stdin) || n > CONFIG_FILE_MAX) {
        snprintf(err, errlen, n > CONFIG_FILE_MAX
                                  ? "standard input is larger than %d bytes"
                                  : "cannot read standard input",
                 CONFIG_FILE_MAX);
        free(buf);
        return SVC_EINVAL;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return SVC_OK;
}

enum svc_status cli_count_read(const char *path, char **text, size_t *len,
                               char *err, size_t errlen)
{
    if (strcmp(path, "-") == 0)
        return read_stdin(text, len, err, errlen);
    return config_read_file(path, CONFIG_FILE_MAX, text, len, err, errlen);
}

int cli_count_run(const char *path, FILE *out, FILE *errout)
{
    char err[CONFIG_ERROR_MAX];
    char line[PROBLEM_DETAIL_MAX + PROBLEM_POINTER_MAX + 4096]; /* a path */
    char *text = NULL;
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    struct problem pb;
    size_t len = 0;
    int status = 0;

    if (cli_count_read(path, &text, &len, err, sizeof(err)) != SVC_OK) {
        fprintf(errout, "modelscale: %s\n", err);
        return 2;
    }
    if (cli_count_print(out, text, len, &pb) != SVC_OK) {
        fprintf(errout, "modelscale: %s\n",
                problem_line(line, sizeof(line), name, &pb));
        status = 1;
    }
    free(text);
    return status;
}
