/* fuzz_body.c - a POST /compare body, all the way: parse, decode,
 * compare, encode; or the problem it gets.  The same document is then
 * read as a POST /scaling body, whose doubles must never reach the
 * answer as inf or nan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/compare_request.h"
#include "fuzz_check.h"
#include "api/json_codec.h"
#include "api/plan_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct compare_request req;
    struct compare_result res;
    struct problem pb;
    struct text_buf out;
    cJSON *doc = NULL;
    enum svc_status st;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    compare_request_init(&req);
    text_buf_init(&out);
    st = json_codec_parse(text, size, &doc, &pb);
    if (st == SVC_OK)
        st = json_codec_decode_compare(doc, 10000, &req, &pb);
    if (st == SVC_OK)
        st = compare_request_run(&req, &res, &pb);
    if (st == SVC_OK) {
        fuzz_check_encoded(json_codec_encode_compare(&res, &req, &out), &out);
        free(res.entries);
    } else {
        fuzz_check_encoded(
            json_codec_encode_problem(&pb, 422, "title", &out), &out);
    }
    compare_request_cleanup(&req);
    if (doc != NULL) {
        struct scaling_request sr;

        scaling_request_init(&sr);
        if (json_codec_decode_fields(doc, &scaling_fields, &sr, &pb) ==
                SVC_OK &&
            scaling_request_check(&sr, &pb) == SVC_OK)
            fuzz_check_encoded(json_codec_encode_scaling(&sr, &out), &out);
    }
    cJSON_Delete(doc);
    free(text);
    return 0;
}
