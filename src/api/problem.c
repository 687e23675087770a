/* problem.c - filling in a problem: detail, pointer, safe quoting. */
#include "api/problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "modelscale/params.h"

#define QUOTE_CHARS 48

/* The one table of HTTP statuses: what each result code answers. */
static const struct {
    enum svc_status st;
    unsigned code;
    const char *title;
} statuses[] = {
    {SVC_OK, 200, "OK"},
    {SVC_EMALFORMED, 400, "Bad Request"},
    {SVC_ENOTFOUND, 404, "Not Found"},
    {SVC_EMETHOD, 405, "Method Not Allowed"},
    {SVC_ETIMEDOUT, 408, "Request Timeout"},
    {SVC_ETOOBIG, 413, "Content Too Large"},
    {SVC_ETOOLONG, 414, "URI Too Long"},
    {SVC_EHEADERS, 431,
     "Request Header Fields Too Large"},
    {SVC_EMEDIATYPE, 415,
     "Unsupported Media Type"},
    {SVC_EINVAL, 422, "Unprocessable Content"},
    {SVC_EDRAINING, 503, "Service Unavailable"},
    {SVC_EBUSY, 503, "Service Unavailable"},
    {SVC_ENOTIMPL, 501, "Not Implemented"},
    {SVC_ENOMEM, 500, "Internal Server Error"},
    {SVC_EINTERNAL, 500,
     "Internal Server Error"},
};

unsigned problem_status(enum svc_status st, const char **title)
{
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        if (statuses[i].st == st) {
            *title = statuses[i].title;
            return statuses[i].code;
        }
    }
    *title = "Internal Server Error";
    return 500;
}

char *problem_line(char *buf, size_t size, const char *label,
                   const struct problem *pb)
{
    snprintf(buf, size, "%s: %s%s%s%s", label, pb->detail,
             pb->has_pointer ? " (at JSON pointer \"" : "",
             pb->has_pointer ? pb->pointer : "",
             pb->has_pointer ? "\")" : "");
    return buf;
}

enum svc_status problem_set(struct problem *pb, enum svc_status st,
                            const char *fmt, ...)
{
    va_list ap;

    pb->status = st;
    pb->has_pointer = 0;
    pb->pointer[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(pb->detail, sizeof(pb->detail), fmt, ap);
    va_end(ap);
    return st;
}

void problem_point(struct problem *pb, const char *fmt, ...)
{
    va_list ap;

    pb->has_pointer = 1;
    va_start(ap, fmt);
    vsnprintf(pb->pointer, sizeof(pb->pointer), fmt, ap);
    va_end(ap);
}

char *problem_escape(char *buf, size_t size, const char *s, size_t len)
{
    size_t w = 0;

    for (size_t i = 0; i < len && w + 3 <= size; i++) {
        if (s[i] == '~' || s[i] == '/') {
            buf[w++] = '~';
            buf[w++] = s[i] == '~' ? '0' : '1';
        } else {
            buf[w++] = s[i];
        }
    }
    buf[w] = '\0';
    return buf;
}

char *problem_quote(char *buf, size_t size, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0, shown = 0, i = 0;

    buf[w++] = '"';
    while (i < len && shown < QUOTE_CHARS && w + 8 < size) {
        size_t n = params_utf8_seq(u + i, len - i);

        /* Invalid UTF-8 and control characters (a newline would split
         * a log or error line) are shown as \xHH. */
        if (n == 0 || u[i] < 0x20 || u[i] == 0x7f) {
            w += (size_t)snprintf(buf + w, size - w, "\\x%02X", u[i]);
            i++;
        } else if (u[i] == '"' || u[i] == '\\') {
            /* so that the quote ends where it seems to, and \x is ours */
            buf[w++] = '\\';
            buf[w++] = s[i++];
        } else {
            memcpy(buf + w, s + i, n);
            w += n;
            i += n;
        }
        shown++;
    }
    if (i < len && w + 5 <= size) {
        memcpy(buf + w, "...", 3);
        w += 3;
    }
    buf[w++] = '"';
    buf[w] = '\0';
    return buf;
}
