/* etag.h - validators for answers that depend only on the URL: a
 * strong ETag made from the body, and If-None-Match against it.  Pure:
 * no I/O, no allocation. */
#ifndef MODELSCALE_ETAG_H
#define MODELSCALE_ETAG_H

#include <stddef.h>
#include <stdint.h>

#define ETAG_MAX 20 /* "\"" 16 hex digits "\"" and the NUL */

/* The 64-bit FNV-1a hash of s[0..len): the ETag's, and the answer
 * cache's slot.  @unittest check_etag.c */
uint64_t etag_hash(const char *s, size_t len);

/* Writes the ETag of body[0..len) into etag: a 64-bit FNV-1a hash in
 * hex, quoted ("\"8c3f0e1d2a4b5c6d\"").  The same bytes always give the
 * same tag; the answers it tags differ by more than a hash collision's
 * odds.  @unittest check_etag.c */
void etag_make(const char *body, size_t len, char etag[ETAG_MAX]);

/* Whether an If-None-Match header value (NULL when absent) matches etag
 * (RFC 9110 13.1.2: "*", or any listed tag, weak or strong, with the
 * same opaque value).  @unittest check_etag.c */
int etag_matches(const char *if_none_match, const char *etag);

#endif
