/* catalog.h - catalogs: named sets of models a request may pick from,
 * and the built-in one, the reference's seven models in its order. */
#ifndef MODELSCALE_CATALOG_H
#define MODELSCALE_CATALOG_H

#include <stddef.h>

#include "modelscale/arch.h"
#include "modelscale/compare.h"

struct catalog {
    const char *name;        /* "default", "reference" */
    const char *description; /* one sentence for GET /catalogs */
    const struct compare_model *models; /* borrowed */
    size_t count;
    /* Borrowed: archs[i] is the architecture models[i] was counted
     * from, or NULL for a model given by its count.  NULL when no model
     * has one (the built-in seven).  Read it with catalog_arch. */
    const struct arch *const *archs;
};

/* Returns the built-in models and sets *count.  The array is static and
 * read-only: nothing to free. */
const struct compare_model *catalog_builtin(size_t *count);

/* The catalog of catalogs[0..n) named name[0..len), or NULL. */
const struct catalog *catalog_find(const struct catalog *catalogs, size_t n,
                                   const char *name, size_t len);

/* The model of c named name[0..len), or NULL. */
const struct compare_model *catalog_model(const struct catalog *c,
                                          const char *name, size_t len);

/* The architecture of m, a model of c (a pointer into c->models), or
 * NULL when it has none.  @unittest check_request_subject.c */
const struct arch *catalog_arch(const struct catalog *c,
                                const struct compare_model *m);

#endif
