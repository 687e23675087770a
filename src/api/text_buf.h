/* text_buf.h - an answer's text, written into one growing buffer and
 * then handed out whole: the JSON answers (json_codec.c) and the
 * Prometheus text of /metrics.  A write that runs out of memory drops
 * the text and marks the buffer failed; every later write does nothing,
 * so a writer checks once, at the end. */
#ifndef MODELSCALE_TEXT_BUF_H
#define MODELSCALE_TEXT_BUF_H

#include <stddef.h>

/* text[len] is '\0'.  Whoever holds it frees it with text_buf_cleanup,
 * or takes the text with text_buf_release. */
struct text_buf {
    char *text; /* owned; NULL until something is written */
    size_t len;
    size_t cap;
    int failed; /* memory ran out: text was freed, writes do nothing */
};

void text_buf_init(struct text_buf *t);

/* Frees the text and leaves t empty.  Accepts NULL. */
void text_buf_cleanup(struct text_buf *t);

/* Hands out the text, which the caller frees with free, and leaves t
 * empty.  Returns NULL if memory ran out while it was written. */
char *text_buf_release(struct text_buf *t, size_t *len);

/* Makes room for n more bytes.  Returns 0 if memory ran out (t is then
 * failed), else 1. */
int text_buf_reserve(struct text_buf *t, size_t n);

/* Appends s[0..n). */
void text_buf_put(struct text_buf *t, const char *s, size_t n);

#endif
