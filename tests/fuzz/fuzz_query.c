/* fuzz_query.c - GET /compare's query parameters: the input is split on
 * '&' and '=' as the server splits a query string, NUL bytes included
 * (the server sees them as %00). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/catalog.h"
#include "api/compare_request.h"
#include "fuzz_check.h"
#include "api/json_codec.h"
#include "api/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct query_arg args[QUERY_ARGS_MAX];
    char *text = malloc(size + 1);
    struct compare_request req;
    struct compare_result res;
    struct problem pb;
    struct text_buf out;
    struct catalog cat = {.name = "default"};
    size_t nargs = 0, start = 0;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i <= size && nargs < QUERY_ARGS_MAX; i++) {
        if (i < size && text[i] != '&')
            continue;
        text[i] = '\0';
        char *eq = memchr(text + start, '=', i - start);

        args[nargs].key = text + start;
        args[nargs].value = eq != NULL ? eq + 1 : NULL;
        args[nargs].value_len = eq != NULL ? (size_t)(text + i - eq - 1) : 0;
        if (eq != NULL)
            *eq = '\0';
        nargs++;
        start = i + 1;
    }
    cat.models = catalog_builtin(&cat.count);
    compare_request_init(&req);
    text_buf_init(&out);
    if (query_decode_compare(args, nargs, &cat, 1, &req, &pb) == SVC_OK &&
        compare_request_run(&req, &res, &pb) == SVC_OK) {
        fuzz_check_encoded(json_codec_encode_compare(&res, &req, &out), &out);
        free(res.entries);
    } else {
        fuzz_check_encoded(
            json_codec_encode_problem(&pb, 400, "title", &out), &out);
    }
    compare_request_cleanup(&req);
    free(text);
    return 0;
}
