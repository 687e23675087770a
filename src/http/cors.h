/* cors.h - which origins a browser may call the API from: the
 * cors_origins setting ("*", or origins separated by commas) against a
 * request's Origin header.  Pure: no I/O, no allocation. */
#ifndef MODELSCALE_CORS_H
#define MODELSCALE_CORS_H

/* The value of Access-Control-Allow-Origin for a request from origin
 * (NULL when the request has none): "*" when every origin is allowed;
 * origin itself when the list names it exactly; NULL otherwise, and then
 * the answer carries no CORS header at all.  The result points into
 * allowed or origin.  @unittest check_cors.c */
const char *cors_allow_origin(const char *allowed, const char *origin);

/* Whether answers depend on the Origin header (a list, not "*"), and
 * so must say Vary: Origin. */
int cors_varies(const char *allowed);

#endif
