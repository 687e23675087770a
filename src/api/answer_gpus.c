/* answer_gpus.c - the GPU catalog, as JSON. */
#include "api/answer_gpus.h"

#include <string.h>

#include "modelscale/numfmt.h"

#define GPU_BYTES 768 /* a GPU's entry, but for its strings */

static void put_gpu(struct answer *a, cJSON *list, const struct gpu *g)
{
    cJSON *o = answer_object(a, list, NULL);
    char text[NUMFMT_MAX + 2];
    int n;

    answer_ref(a, o, "id", g->id);
    answer_ref(a, o, "name", g->name);
    answer_u64(a, o, "memory_bytes", g->memory_bytes);
    numfmt_bytes(g->memory_bytes, 1, 0, text, sizeof(text));
    answer_copy(a, o, "memory", text);
    answer_u64(a, o, "bandwidth_bytes_per_s", g->bandwidth_bytes_per_s);
    n = numfmt_bytes(g->bandwidth_bytes_per_s, 2, 0, text, NUMFMT_MAX);
    if (n > 0)
        memcpy(text + n, "/s", 3);
    answer_copy(a, o, "bandwidth", text);
    answer_double(a, o, "bf16_tflops", g->bf16_flops / 1e12);
    if (g->fp8_flops > 0)
        answer_double(a, o, "fp8_tflops", g->fp8_flops / 1e12);
    else
        answer_null(a, o, "fp8_tflops");
    answer_ref(a, o, "source", g->source);
    if (g->note != NULL)
        answer_ref(a, o, "note", g->note);
}

enum svc_status answer_gpus(const struct gpu *gpus, size_t n,
                            struct text_buf *out)
{
    struct answer a;
    cJSON *list;
    size_t size = 512;

    answer_init(&a);
    list = answer_array(&a, a.root, "gpus");
    for (size_t i = 0; i < n; i++) {
        put_gpu(&a, list, &gpus[i]);
        size += GPU_BYTES + 6 * (strlen(gpus[i].name) +
                                 strlen(gpus[i].source) +
                                 (gpus[i].note ? strlen(gpus[i].note) : 0));
    }
    answer_u64(&a, a.root, "count", n);
    answer_ref(&a, a.root, "assumption", GPU_ASSUMPTION_PEAKS);
    return answer_print(&a, size, out);
}
