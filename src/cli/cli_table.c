/* cli_table.c - the reference's text table.  Its layout, in Python's
 * words: f"{name:<25}: {formatted:>8} parameters", where widths count
 * characters, not bytes. */
#include "cli/cli_table.h"

#include <stdlib.h>
#include <string.h>

#define NAME_WIDTH 25
#define COUNT_WIDTH 8

static size_t characters(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

enum svc_status cli_table_print(FILE *out,
                                const struct compare_request *req,
                                struct problem *pb)
{
    struct compare_answer ans;
    const struct compare_result *res = &ans.result;
    enum svc_status st = compare_request_run(req, &ans, pb);

    if (st != SVC_OK)
        return st;
    fputs("AI Model Parameter Comparison:\n", out);
    fputs("--------------------------------------------------\n", out);
    for (size_t i = 0; i < res->count; i++) {
        const struct compare_model *m = res->entries[i].model;
        size_t width = characters(m->name, m->name_len);

        fwrite(m->name, 1, m->name_len, out);
        fprintf(out, "%*s: %*s parameters\n",
                width < NAME_WIDTH ? (int)(NAME_WIDTH - width) : 0, "",
                COUNT_WIDTH, res->entries[i].formatted);
    }
    fprintf(out, "\nScale difference:\n%s\n", res->summary);
    compare_answer_cleanup(&ans);
    return SVC_OK;
}
