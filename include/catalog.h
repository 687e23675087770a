/* catalog.h - the built-in catalog: the reference's seven models, in
 * the reference's order. */
#ifndef MODELSCALE_CATALOG_H
#define MODELSCALE_CATALOG_H

#include <stddef.h>

#include "compare.h"

/* Returns the built-in models and sets *count.  The array is static and
 * read-only: nothing to free. */
const struct compare_model *catalog_builtin(size_t *count);

#endif
