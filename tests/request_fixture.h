/* request_fixture.h - what the api suites build their requests from: a
 * query "k=v&k=v..." split into arguments as the server splits it, and
 * the two built-in catalogs (the seven, and the real reference one with
 * its architectures). */
#ifndef MODELSCALE_REQUEST_FIXTURE_H
#define MODELSCALE_REQUEST_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "api/assets.h"
#include "api/catalog_doc.h"
#include "api/request.h"

#define FIXTURE_ARGS 12 /* arguments a test's query may have */

/* Sets rq to a GET of query: its arguments point into static storage,
 * which the next call overwrites. */
static inline void fixture_query(const char *query, struct request *rq)
{
    static char text[1024];
    static struct query_arg args[FIXTURE_ARGS];
    char *save = NULL;

    *rq = (struct request){args, 0, NULL, 0};
    ck_assert_uint_lt(strlen(query), sizeof(text));
    snprintf(text, sizeof(text), "%s", query);
    for (char *kv = strtok_r(text, "&", &save); kv != NULL;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');

        ck_assert_ptr_nonnull(eq);
        ck_assert_uint_lt(rq->nargs, FIXTURE_ARGS);
        *eq = '\0';
        args[rq->nargs++] = (struct query_arg){kv, eq + 1, strlen(eq + 1)};
    }
}

/* Parses the built-in reference catalog into *reference (the caller
 * cleans it up) and sets catalogs[0] to the seven, catalogs[1] to it. */
static inline void fixture_catalogs(struct catalog_doc *reference,
                                    struct catalog catalogs[2])
{
    char err[256];

    ck_assert_int_eq(
        catalog_doc_parse(reference, "reference",
                          (const char *)asset_reference_catalog.data,
                          asset_reference_catalog.len, 1000, err,
                          sizeof(err)),
        SVC_OK);
    catalogs[0] = (struct catalog){"default", "the seven", NULL, 0, NULL};
    catalogs[0].models = catalog_builtin(&catalogs[0].count);
    catalogs[1] = (struct catalog){"reference", "real models",
                                   reference->req.models,
                                   reference->req.count, reference->archs};
}

#endif
