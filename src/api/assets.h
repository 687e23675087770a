/* assets.h - files built into the binary (cmake/embed.cmake): the
 * comparison page, the OpenAPI contract and the reference catalog, so
 * that the server needs no
 * files and makes no requests elsewhere. */
#ifndef MODELSCALE_ASSETS_H
#define MODELSCALE_ASSETS_H

#include <stddef.h>

struct asset {
    const unsigned char *data; /* followed by a NUL */
    size_t len;
};

extern const struct asset asset_page;     /* src/web/index.html */
extern const struct asset asset_script;   /* src/web/app.js */
extern const struct asset asset_style;    /* src/web/app.css */
extern const struct asset asset_openapi;  /* docs/openapi.json */
extern const struct asset asset_reference_catalog; /* config/catalogs/ */

#endif
