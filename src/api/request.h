/* request.h - a request as every handler sees it, whichever carrier
 * brought its fields: the query string of a GET, or the JSON body of a
 * POST.  The HTTP layer fills it; nothing here knows libmicrohttpd. */
#ifndef MODELSCALE_REQUEST_H
#define MODELSCALE_REQUEST_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define REQUEST_ARGS_MAX 32 /* query arguments; more are refused */

/* One decoded query argument; both strings are borrowed. */
struct query_arg {
    const char *key;
    const char *value; /* NULL for a bare "?key" */
    size_t value_len;  /* may be more than strlen(value): a %00 */
};

/* Everything is borrowed for the duration of a handler's call. */
struct request {
    const struct query_arg *args; /* a GET's fields */
    size_t nargs;
    const cJSON *body; /* a POST's fields: its parsed body; NULL on GET */
    int draining;      /* the server is stopping */
};

#endif
