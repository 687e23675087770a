/* assets.h - files built into the binary (cmake/embed.cmake): the
 * comparison page, the OpenAPI contract, the reference catalog and the
 * architectures its exact counts come from, so that the server needs no
 * files and makes no requests elsewhere. */
#ifndef MODELSCALE_ASSETS_H
#define MODELSCALE_ASSETS_H

#include <stddef.h>

struct asset {
    const unsigned char *data; /* followed by a NUL */
    size_t len;
};

/* A file of a folder, named by its file name without ".json". */
struct asset_named {
    const char *name; /* "llama-2-7b" */
    struct asset asset;
};

extern const struct asset asset_page;     /* src/web/index.html */
extern const struct asset asset_script;   /* src/web/app.js */
extern const struct asset asset_style;    /* src/web/app.css */
extern const struct asset asset_openapi;  /* docs/openapi.json */
extern const struct asset asset_reference_catalog; /* config/catalogs/ */
extern const struct asset asset_gpu_catalog;       /* config/gpus.json */

/* config/architectures/: one config.json per model, in file-name order.
 * Static: never freed. */
extern const struct asset_named asset_architectures[];
extern const size_t asset_architectures_count;

#endif
