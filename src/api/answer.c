/* answer.c - cJSON trees with constant keys, string references and raw
 * numbers from the core's printer, printed once into a sized buffer. */
#include "api/answer.h"

#include <limits.h>
#include <string.h>

#include "modelscale/estimate.h"
#include "modelscale/numfmt.h"

#define PROBLEM_ANSWER_MAX 1536 /* detail and pointer, escaped */

void answer_init(struct answer *a)
{
    a->root = cJSON_CreateObject();
    a->failed = a->root == NULL;
}

void answer_cleanup(struct answer *a)
{
    cJSON_Delete(a->root);
    a->root = NULL;
}

/* Attaches item to obj under key (or at the end of the array obj when
 * key is NULL), or frees it when it cannot be. */
static cJSON *attach(struct answer *a, cJSON *obj, const char *key,
                     cJSON *item)
{
    cJSON_bool ok;

    if (item == NULL || obj == NULL) {
        a->failed = 1;
        cJSON_Delete(item);
        return NULL;
    }
    ok = key != NULL ? cJSON_AddItemToObjectCS(obj, key, item)
                     : cJSON_AddItemToArray(obj, item);
    if (!ok) {
        a->failed = 1;
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

cJSON *answer_object(struct answer *a, cJSON *obj, const char *key)
{
    return a->failed ? NULL : attach(a, obj, key, cJSON_CreateObject());
}

cJSON *answer_array(struct answer *a, cJSON *obj, const char *key)
{
    return a->failed ? NULL : attach(a, obj, key, cJSON_CreateArray());
}

void answer_u64(struct answer *a, cJSON *obj, const char *key, uint64_t v)
{
    char buf[NUMFMT_DOUBLE_MAX];

    if (a->failed)
        return;
    numfmt_u64(v, buf, sizeof(buf));
    attach(a, obj, key, cJSON_CreateRaw(buf));
}

void answer_double(struct answer *a, cJSON *obj, const char *key, double v)
{
    char buf[NUMFMT_DOUBLE_MAX];

    if (a->failed)
        return;
    numfmt_double(v, buf, sizeof(buf));
    attach(a, obj, key, cJSON_CreateRaw(buf));
}

void answer_fixed(struct answer *a, cJSON *obj, const char *key, double x,
                  int decimals)
{
    char buf[NUMFMT_DOUBLE_MAX];

    if (a->failed)
        return;
    if (numfmt_fixed(x, decimals, buf, sizeof(buf)) < 0) {
        a->failed = 1; /* a caller's error: x out of range */
        return;
    }
    attach(a, obj, key, cJSON_CreateRaw(buf));
}

void answer_bool(struct answer *a, cJSON *obj, const char *key, int v)
{
    if (!a->failed)
        attach(a, obj, key, cJSON_CreateBool(v));
}

void answer_null(struct answer *a, cJSON *obj, const char *key)
{
    if (!a->failed)
        attach(a, obj, key, cJSON_CreateNull());
}

void answer_ref(struct answer *a, cJSON *obj, const char *key,
                const char *s)
{
    if (!a->failed)
        attach(a, obj, key, cJSON_CreateStringReference(s));
}

void answer_copy(struct answer *a, cJSON *obj, const char *key,
                 const char *s)
{
    if (!a->failed)
        attach(a, obj, key, cJSON_CreateString(s));
}

void answer_bytes(struct answer *a, cJSON *obj, const char *key, uint64_t n,
                  int precision)
{
    char text[NUMFMT_MAX];
    cJSON *b = answer_object(a, obj, key);

    answer_u64(a, b, "bytes", n);
    numfmt_bytes(n, precision, 0, text, sizeof(text));
    answer_copy(a, b, "decimal", text);
    numfmt_bytes(n, precision, 1, text, sizeof(text));
    answer_copy(a, b, "binary", text);
}

void answer_amount(struct answer *a, cJSON *obj, const char *key,
                   const char *formatted_key, double x, int precision)
{
    char text[ESTIMATE_AMOUNT_MAX] = "";

    estimate_format_amount(x, precision, text, sizeof(text));
    answer_double(a, obj, key, x);
    answer_copy(a, obj, formatted_key, text);
}

void answer_flops(struct answer *a, cJSON *obj, const char *key,
                  const char *formatted_key, double flops)
{
    char text[ESTIMATE_AMOUNT_MAX] = "";

    estimate_format_flops(flops, text, sizeof(text));
    answer_double(a, obj, key, flops);
    answer_copy(a, obj, formatted_key, text);
}

enum svc_status answer_print(struct answer *a, size_t size,
                             struct text_buf *out)
{
    enum svc_status st = SVC_ENOMEM;

    if (a->failed)
        goto out;
    for (;;) {
        size_t room;

        if (!text_buf_reserve(out, size))
            goto out;
        room = out->cap - out->len;
        if (room > INT_MAX)
            room = INT_MAX;
        if (cJSON_PrintPreallocated(a->root, out->text + out->len,
                                    (int)room, 0))
            break;
        if (room == INT_MAX)
            goto out; /* cJSON prints no more than this */
        size = room * 2; /* the estimate was short */
    }
    out->len += strlen(out->text + out->len);
    st = SVC_OK;
out:
    answer_cleanup(a);
    if (st != SVC_OK)
        text_buf_cleanup(out);
    return st;
}

enum svc_status answer_problem(const struct problem *pb, unsigned status,
                               const char *title, struct text_buf *out)
{
    struct answer a;

    answer_init(&a);
    answer_ref(&a, a.root, "type", "about:blank");
    answer_ref(&a, a.root, "title", title);
    answer_u64(&a, a.root, "status", status);
    answer_ref(&a, a.root, "detail", pb->detail);
    if (pb->has_pointer)
        answer_ref(&a, a.root, "pointer", pb->pointer);
    return answer_print(&a, PROBLEM_ANSWER_MAX, out);
}

enum svc_status answer_status(const char *status, struct text_buf *out)
{
    struct answer a;

    answer_init(&a);
    answer_ref(&a, a.root, "status", status);
    return answer_print(&a, 64, out);
}
