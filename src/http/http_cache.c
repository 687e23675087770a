/* http_cache.c - ETags and If-None-Match. */
#include "http/http_cache.h"

#include <string.h>

uint64_t http_cache_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void http_cache_etag(const char *body, size_t len,
                     char etag[HTTP_CACHE_ETAG_MAX])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = http_cache_hash(body, len);

    etag[0] = '"';
    for (int i = 0; i < 16; i++)
        etag[1 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
    etag[17] = '"';
    etag[18] = '\0';
}

int http_cache_not_modified(const char *if_none_match, const char *etag)
{
    size_t len = strlen(etag);
    const char *p = if_none_match;

    if (p == NULL)
        return 0;
    while (*p != '\0') {
        size_t n;

        p += strspn(p, " \t,");
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0)
            p += 2; /* If-None-Match compares weakly */
        n = strcspn(p, ",");
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == len && memcmp(p, etag, len) == 0)
            return 1;
        p += strcspn(p, ",");
    }
    return 0;
}
