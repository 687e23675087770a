/* fuzz_query.c - query parameters: the input is split on '&' and '=' as
 * the server splits a query string, NUL bytes included (the server sees
 * them as %00), and given to every route that reads a query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct query_arg args[REQUEST_ARGS_MAX];
    struct request rq = {args, 0, NULL, 0};
    char *text = malloc(size + 1);
    size_t start = 0;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i <= size && rq.nargs < REQUEST_ARGS_MAX; i++) {
        char *eq;

        if (i < size && text[i] != '&')
            continue;
        text[i] = '\0';
        eq = memchr(text + start, '=', i - start);
        args[rq.nargs].key = text + start;
        args[rq.nargs].value = eq != NULL ? eq + 1 : NULL;
        args[rq.nargs].value_len =
            eq != NULL ? (size_t)(text + i - eq - 1) : 0;
        if (eq != NULL)
            *eq = '\0';
        rq.nargs++;
        start = i + 1;
    }
    fuzz_check_handler(h_compare, &rq);
    fuzz_check_handler(h_models, &rq);
    fuzz_check_handler(h_fit, &rq);
    fuzz_check_handler(h_scaling, &rq);
    fuzz_check_handler(h_training, &rq);
    free(text);
    return 0;
}
