/* cli_count.h - `modelscale count FILE`: an architecture's exact count
 * and where its parameters live, as a text table in the style of
 * `modelscale table`. */
#ifndef MODELSCALE_CLI_COUNT_H
#define MODELSCALE_CLI_COUNT_H

#include <stddef.h>
#include <stdio.h>

#include "api/problem.h"
#include "modelscale/status.h"

/* Counts the architecture in text[0..len), with text[len] == '\0' (a
 * config.json as published, or {"model_type": "mlp", "layers": [...]}),
 * and prints its table to out: a line per component with its formatted
 * count, its share and its exact count, the total (and the active
 * parameters of a mixture of experts), the layers and, for an MLP, the
 * arithmetic.  Returns SVC_OK, or the failure with pb saying what is
 * wrong and, where it can, pointing at it; nothing is printed then.
 * text is borrowed, not kept.  @unittest check_cli_count.c */
enum svc_status cli_count_print(FILE *out, const char *text, size_t len,
                                struct problem *pb);

/* Reads the file at path, or standard input when path is "-", into a
 * new NUL-terminated buffer of at most CONFIG_FILE_MAX bytes that the
 * caller frees.  Returns SVC_OK, or an error with one line in err.
 * @unittest check_cli_count.c */
enum svc_status cli_count_read(const char *path, char **text, size_t *len,
                               char *err, size_t errlen);

/* `modelscale count FILE`: reads it, prints its table to out, and
 * writes any error to errout as one line.  Returns the exit status: 0,
 * 1 for an architecture that cannot be counted, 2 for a file that
 * cannot be read. */
int cli_count_run(const char *path, FILE *out, FILE *errout);

#endif
