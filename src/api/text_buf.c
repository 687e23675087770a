/* text_buf.c - one growing buffer for an answer's text. */
#include "api/text_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void text_buf_init(struct text_buf *t)
{
    t->text = NULL;
    t->len = 0;
    t->cap = 0;
    t->failed = 0;
}

void text_buf_cleanup(struct text_buf *t)
{
    if (t == NULL)
        return;
    free(t->text);
    text_buf_init(t);
}

char *text_buf_release(struct text_buf *t, size_t *len)
{
    char *text = t->failed ? NULL : t->text;

    *len = t->len;
    if (text == NULL)
        free(t->text);
    text_buf_init(t);
    return text;
}

int text_buf_reserve(struct text_buf *t, size_t n)
{
    size_t cap = t->cap > 0 ? t->cap : 256;
    char *grown;

    if (t->failed)
        return 0;
    if (n >= SIZE_MAX - t->len)
        goto fail;
    if (t->len + n < t->cap)
        return 1;
    while (cap <= t->len + n) {
        if (cap > SIZE_MAX / 2)
            goto fail;
        cap *= 2;
    }
    grown = realloc(t->text, cap);
    if (grown == NULL)
        goto fail;
    t->text = grown;
    t->cap = cap;
    return 1;
fail:
    free(t->text);
    t->text = NULL;
    t->failed = 1;
    return 0;
}

void text_buf_put(struct text_buf *t, const char *s, size_t n)
{
    if (!text_buf_reserve(t, n))
        return;
    memcpy(t->text + t->len, s, n);
    t->len += n;
    t->text[t->len] = '\0';
}
