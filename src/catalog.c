/* catalog.c - the built-in catalog, as ModelScaleComparison holds it. */
#include "catalog.h"

#define MODEL(name, count) {name, sizeof(name) - 1, count}

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
