/* json_text.c - a request body as one JSON document. */
#include "api/json_text.h"

#include <assert.h>
#include <string.h>

/* Offset of the first "\u0000" escape in text, or len if none.  An
 * escape takes two characters, so "\\u0000" (an escaped backslash and
 * the letters u0000) is skipped as it should be. */
static size_t find_nul_escape(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == 'u' && i + 6 <= len &&
            memcmp(text + i + 2, "0000", 4) == 0)
            return i;
        i++;
    }
    return len;
}

enum svc_status json_text_parse(const char *text, size_t len, cJSON **out,
                                struct problem *pb)
{
    const char *end = NULL;
    const char *nul;
    size_t at, line = 1, column = 1;

    assert(text[len] == '\0');
    *out = NULL;
    if (len == 0)
        return problem_set(pb, SVC_EMALFORMED,
                           "the request body is empty; send a JSON object");
    nul = memchr(text, '\0', len);
    if (nul != NULL)
        return problem_set(pb, SVC_EMALFORMED,
                           "the request body has a NUL byte at offset %zu",
                           (size_t)(nul - text));
    at = find_nul_escape(text, len);
    if (at < len)
        return problem_set(pb, SVC_EINVAL,
                           "the request body has a \\u0000 escape at "
                           "offset %zu; names may not contain NUL", at);

    *out = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (*out != NULL)
        return SVC_OK;
    at = end != NULL && end >= text ? (size_t)(end - text) : 0;
    for (size_t i = 0; i < at && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    return problem_set(pb, SVC_EMALFORMED,
                       "the request body is not valid JSON (or nests "
                       "deeper than %d levels): error at line %zu, "
                       "column %zu (byte offset %zu)",
                       CJSON_NESTING_LIMIT, line, column, at);
}
