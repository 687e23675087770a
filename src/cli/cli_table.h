/* cli_table.h - `modelscale table`: the reference program's text table,
 * byte for byte for the built-in catalog. */
#ifndef MODELSCALE_CLI_TABLE_H
#define MODELSCALE_CLI_TABLE_H

#include <stdio.h>

#include "api/request_compare.h"
#include "api/problem.h"

/* Compares req and prints the table to out.  Returns SVC_OK, or the
 * failure with pb saying what is wrong with req (nothing is printed).
 * @unittest check_cli_table.c */
enum svc_status cli_table_print(FILE *out,
                                const struct compare_request *req,
                                struct problem *pb);

#endif
