/* fuzz_check.h - invariants the fuzz harnesses hold every output to. */
#ifndef MODELSCALE_FUZZ_CHECK_H
#define MODELSCALE_FUZZ_CHECK_H

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_codec.h"
#include "modelscale/params.h"

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

/* Checks what an encoder wrote into t (an encoder that ran out of
 * memory is allowed), then empties t. */
static inline void fuzz_check_encoded(enum svc_status st,
                                      struct text_buf *t)
{
    if (st == SVC_OK)
        fuzz_check_json_text(t->text);
    text_buf_cleanup(t);
}

#endif
