/* etag.c - ETags and If-None-Match. */
#include "http/etag.h"

#include <string.h>

uint64_t etag_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void etag_make(const char *body, size_t len, char etag[ETAG_MAX])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = etag_hash(body, len);

    etag[0] = '"';
    for (int i = 0; i < 16; i++)
        etag[1 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
    etag[17] = '"';
    etag[18] = '\0';
}

int etag_matches(const char *if_none_match, const char *etag)
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
