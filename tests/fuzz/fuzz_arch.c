/* fuzz_arch.c - any input as a POST /count body: parsed as the server
 * parses it, then counted and answered by /count, or refused with a
 * problem; and the same architecture as a /compare model's "config".
 * Every answer must be readable JSON, and every count must hold
 * together: its parts add up to the total, which is at most 10^18, and
 * the active parameters are at most the total (all of it when dense). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/arch_reader.h"
#include "api/json_text.h"
#include "fuzz_check.h"

static void check_count(const struct arch_count *c)
{
    uint64_t sum = 0;

    for (int k = 0; k < ARCH_PART_COUNT; k++)
        sum += c->parts[k];
    if (sum != c->parameters || c->parameters == 0 ||
        c->parameters > ARCH_TOTAL_MAX ||
        c->active_parameters > c->parameters ||
        (!c->moe && c->active_parameters != c->parameters))
        abort();
}

/* {"models": [{"name": "m", "config": doc}]}, doc borrowed. */
static void check_as_config(cJSON *doc)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *models = cJSON_AddArrayToObject(body, "models");
    cJSON *m = cJSON_CreateObject();
    struct request rq = {NULL, 0, body, 0};

    if (models != NULL && m != NULL && cJSON_AddItemToArray(models, m)) {
        if (cJSON_AddStringToObject(m, "name", "m") != NULL &&
            cJSON_AddItemReferenceToObject(m, "config", doc))
            fuzz_check_handler(h_compare, &rq);
    } else {
        cJSON_Delete(m);
    }
    cJSON_Delete(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct request rq = {NULL, 0, NULL, 0};
    struct problem pb;
    struct arch a;
    struct arch_count c;
    cJSON *doc = NULL;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (json_text_parse(text, size, &doc, &pb) == SVC_OK) {
        rq.body = doc;
        fuzz_check_handler(h_count, &rq);
        if (arch_reader_count(doc, "", &a, &c, &pb) == SVC_OK)
            check_count(&c);
        else if (pb.detail[0] == '\0')
            abort(); /* every refusal says why */
        check_as_config(doc);
    }
    cJSON_Delete(doc);
    free(text);
    return 0;
}
