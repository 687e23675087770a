/* fuzz_check.h - invariants the fuzz harnesses hold every output to. */
#ifndef MODELSCALE_FUZZ_CHECK_H
#define MODELSCALE_FUZZ_CHECK_H

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

/* Aborts unless text is valid UTF-8 that parses back as JSON: what a
 * client receives must always be readable. */
static inline void fuzz_check_json_text(const char *text)
{
    size_t len = strlen(text);
    cJSON *back;

    for (size_t i = 0; i < len;) {
        size_t n = params_utf8_seq((const unsigned char *)text + i, len - i);

        if (n == 0)
            abort();
        i += n;
    }
    back = cJSON_Parse(text);
    if (back == NULL)
        abort();
    cJSON_Delete(back);
}

/* Prints tree, checks the text, frees both. */
static inline void fuzz_check_tree(cJSON *tree)
{
    char *text;

    if (tree == NULL)
        return; /* out of memory: allowed */
    text = cJSON_PrintUnformatted(tree);
    if (text != NULL)
        fuzz_check_json_text(text);
    cJSON_free(text);
    cJSON_Delete(tree);
}

#endif
