/* fuzz_body.c - a POST body, all the way: parsed as the server parses
 * it, then read, computed and answered by every route that takes a body
 * (/compare, /fit, /scaling, /training), or refused with a problem;
 * every answer must be readable JSON, whose doubles never print as inf
 * or nan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_text.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct request rq = {NULL, 0, NULL, 0};
    struct problem pb;
    cJSON *doc = NULL;
    enum svc_status st;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    st = json_text_parse(text, size, &doc, &pb);
    /* The grammar check and cJSON must agree: cJSON failing after the
     * check passed is reported as out of memory, which here it is not
     * (libFuzzer stops on a large malloc rather than fail it). */
    if (st == SVC_ENOMEM)
        abort();
    if (st == SVC_OK) {
        rq.body = doc;
        fuzz_check_handler(h_compare, &rq);
        fuzz_check_handler(h_fit, &rq);
        fuzz_check_handler(h_scaling, &rq);
        fuzz_check_handler(h_training, &rq);
    }
    cJSON_Delete(doc);
    free(text);
    return 0;
}
