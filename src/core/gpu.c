/* gpu.c - lookups and plausibility checks over a GPU catalog.
 * Pure: no I/O, no globals. */
#include "modelscale/gpu.h"

#include <math.h>
#include <string.h>

const struct gpu *gpu_find(const struct gpu *gpus, size_t count,
                           const char *s, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        const char *id = gpus[i].id;

        if (id != NULL && strlen(id) == len && memcmp(id, s, len) == 0)
            return &gpus[i];
    }
    return NULL;
}

static int id_ok(const char *id)
{
    size_t len;

    if (id == NULL)
        return 0;
    len = strlen(id);
    if (len == 0 || len > GPU_ID_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return 0;
    }
    return 1;
}

static int text_ok(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static int peak_ok(double flops)
{
    return isfinite(flops) && flops > 0 && flops <= GPU_FLOPS_MAX;
}

const char *gpu_check(const struct gpu *g)
{
    if (!id_ok(g->id))
        return "id";
    if (!text_ok(g->name))
        return "name";
    if (g->memory_bytes == 0 || (double)g->memory_bytes > GPU_MEMORY_MAX)
        return "memory_bytes";
    if (g->bandwidth_bytes_per_s == 0 ||
        (double)g->bandwidth_bytes_per_s > GPU_BANDWIDTH_MAX)
        return "bandwidth_bytes_per_s";
    if (!peak_ok(g->bf16_flops))
        return "bf16_tflops";
    if (g->fp8_flops != 0 && !peak_ok(g->fp8_flops))
        return "fp8_tflops";
    if (!text_ok(g->source))
        return "source";
    return NULL;
}

size_t gpu_duplicate(const struct gpu *gpus, size_t count)
{
    for (size_t i = 1; i < count; i++) {
        const char *id = gpus[i].id;

        if (id != NULL && gpu_find(gpus, i, id, strlen(id)) != NULL)
            return i;
    }
    return count;
}
