/* cors.c - matching a request's Origin against the allowed origins. */
#include "http/cors.h"

#include <string.h>

int cors_varies(const char *allowed)
{
    return strcmp(allowed, "*") != 0;
}

const char *cors_allow_origin(const char *allowed, const char *origin)
{
    size_t len;

    if (!cors_varies(allowed))
        return allowed;
    if (origin == NULL || origin[0] == '\0')
        return NULL;
    len = strlen(origin);
    for (const char *p = allowed; *p != '\0';) {
        size_t n = strcspn(p, ",");

        if (n == len && memcmp(p, origin, n) == 0)
            return origin;
        p += n + (p[n] == ',');
    }
    return NULL;
}
