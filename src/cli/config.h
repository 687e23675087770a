/* config.h - the settings: built-in defaults, overridden by a JSON file,
 * then by MODELSCALE_* environment variables, then by --flags.  The
 * result is one immutable struct. */
#ifndef MODELSCALE_CONFIG_H
#define MODELSCALE_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "http/server.h"
#include "modelscale/status.h"

#define CONFIG_TEXT_MAX 1024
#define CONFIG_ERROR_MAX 512
#define CONFIG_FILE_MAX (1024 * 1024) /* config and catalog files */

struct config {
    struct http_settings server;   /* the server's own settings */
    unsigned long max_models;      /* models in one request */
    char catalog[CONFIG_TEXT_MAX]; /* a catalog file; "" built-in */
    char gpus[CONFIG_TEXT_MAX];    /* a GPU catalog file; "" built-in */
};

/* Fills cfg with the built-in defaults. */
void config_defaults(struct config *cfg);

/* Builds cfg from the defaults, the config file (--config FILE, else
 * MODELSCALE_CONFIG), envp (a NULL-terminated "KEY=value" array, like
 * environ) and args[0..nargs) (flags only: "--port 8080" or
 * "--port=8080").  Returns SVC_OK, or SVC_EINVAL with one line in err
 * that names the source, the setting and the value; cfg is then
 * unspecified.  @unittest check_config.c */
enum svc_status config_load(struct config *cfg, int nargs,
                            char *const args[], char *const envp[],
                            char *err, size_t errlen);

/* Applies the settings of a config file's text[0..len) (text[len] must
 * be '\0') over what cfg holds.  source names the text in errors
 * ("config file x.json").  Returns SVC_OK, or SVC_EINVAL with one line in
 * err; cfg may then be partly changed.  @unittest check_config.c */
enum svc_status config_apply_json(struct config *cfg, const char *text,
                                  size_t len, const char *source, char *err,
                                  size_t errlen);

/* Prints one line per setting: flag, variable, default, meaning. */
void config_print_help(FILE *out);

/* Reads the whole file at path (at most max bytes) into a new
 * NUL-terminated buffer the caller frees.  Returns SVC_OK, or an error
 * with one line in err. */
enum svc_status config_read_file(const char *path, size_t max, char **text,
                                 size_t *len, char *err, size_t errlen);

#endif
