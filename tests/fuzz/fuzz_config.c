/* fuzz_config.c - the config-file loader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char err[CONFIG_ERROR_MAX];
    struct config cfg;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    config_defaults(&cfg);
    err[0] = '\0';
    if (config_apply_json(&cfg, text, size, "fuzz", err, sizeof(err)) ==
        SVC_OK) {
        /* Whatever was accepted is within its documented range. */
        if (cfg.server.port > 65535 || cfg.server.body_limit < 64 ||
            cfg.max_models < 1 || cfg.server.connection_timeout < 1 ||
            cfg.server.threads > 256)
            abort();
    } else if (err[0] == '\0' || strchr(err, '\n') != NULL) {
        abort(); /* a refusal is one line */
    }
    free(text);
    return 0;
}
