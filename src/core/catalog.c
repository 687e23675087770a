/* catalog.c - the built-in catalog, as ModelScaleComparison holds it. */
#include "modelscale/catalog.h"

#include <stdint.h>
#include <string.h>

#define MODEL(n, count)                                                    \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = count}

static const struct compare_model builtin[] = {
    MODEL("simple_linear", 3),
    MODEL("small_neural_net", 101770),
    MODEL("medium_cnn", 1000000),
    MODEL("large_vision_model", 86000000),
    MODEL("medium_language_model", 6000000000ULL),
    MODEL("large_language_model", 175000000000ULL),
    MODEL("massive_multimodal_model", 685000000000ULL),
};

const struct compare_model *catalog_builtin(size_t *count)
{
    *count = sizeof(builtin) / sizeof(builtin[0]);
    return builtin;
}

const struct catalog *catalog_find(const struct catalog *catalogs, size_t n,
                                   const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(catalogs[i].name) == len &&
            memcmp(catalogs[i].name, name, len) == 0)
            return &catalogs[i];
    }
    return NULL;
}

const struct compare_model *catalog_model(const struct catalog *c,
                                          const char *name, size_t len)
{
    for (size_t i = 0; i < c->count; i++) {
        if (c->models[i].name_len == len &&
            memcmp(c->models[i].name, name, len) == 0)
            return &c->models[i];
    }
    return NULL;
}

const struct arch *catalog_arch(const struct catalog *c,
                                const struct compare_model *m)
{
    /* As integers: comparing pointers into different arrays is
     * undefined, and a caller's copy of a model is not in this one. */
    uintptr_t at = (uintptr_t)m, first = (uintptr_t)c->models;

    if (c->archs == NULL || at < first ||
        at >= first + c->count * sizeof(*m))
        return NULL;
    return c->archs[(at - first) / sizeof(*m)];
}
