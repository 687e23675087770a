/* check_answer_cache.c - unit tests of answer_cache.c without a socket:
 * the key's layout and limit, a cache of no slots, and what put does
 * with the responses it is given (kept, released, replaced), seen
 * through their free callbacks.  What queue sends needs a connection:
 * these tests only see which answer it picked (see `lookup`). */
#include <check.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/answer_cache.h"
#include "suites.h"

/* Key layout. */

#define ARG(k, v) {k, v, sizeof(v) - 1}

START_TEST(key_without_query)
{
    char key[ANSWER_CACHE_KEY_MAX];

    ck_assert_uint_eq(answer_cache_key(NULL, "/compare", NULL, 0, key), 10);
    ck_assert_int_eq(memcmp(key, "\0/compare\0", 10), 0);
    ck_assert_uint_eq(answer_cache_key("", "/compare", NULL, 0, key), 10);
}
END_TEST

START_TEST(key_layout)
{
    static const struct query_arg args[] = {ARG("catalog", "reference"),
                                            {"verbose", NULL, 0},
                                            ARG("sort", "")};
    static const char want[] = "https://a.example\0/models\0"
                               "catalog\0v\0reference\0verbose\0n\0"
                               "sort\0v\0";
    char key[ANSWER_CACHE_KEY_MAX];

    ck_assert_uint_eq(answer_cache_key("https://a.example", "/models", args,
                                       3, key),
                      sizeof(want));
    ck_assert_int_eq(memcmp(key, want, sizeof(want)), 0);
}
END_TEST

/* Requests that must not share a key. */
static const struct {
    const char *origin, *path;
    struct query_arg a[2];
    size_t n;
    const char *origin2, *path2;
    struct query_arg b[2];
    size_t n2;
} apart[] = {
    /* "models=" is not a bare "models" */
    {NULL, "/compare", {ARG("models", "")}, 1,
     NULL, "/compare", {{"models", NULL, 0}}, 1},
    /* the order of the arguments is kept */
    {NULL, "/compare", {ARG("a", "1"), ARG("b", "2")}, 2,
     NULL, "/compare", {ARG("b", "2"), ARG("a", "1")}, 2},
    /* the origin is part of it */
    {NULL, "/models", {{0}}, 0,
     "https://a.example", "/models", {{0}}, 0},
    /* and the origin ends where the path begins */
    {"https://a", "/x/models", {{0}}, 0,
     "https://a/x", "/models", {{0}}, 0},
    {NULL, "/models", {{0}}, 0, NULL, "/catalogs", {{0}}, 0},
    /* an argument is not part of the path */
    {NULL, "/models", {ARG("x", "1")}, 1, NULL, "/models", {{0}}, 0},
};

START_TEST(keys_apart)
{
    char k1[ANSWER_CACHE_KEY_MAX], k2[ANSWER_CACHE_KEY_MAX];
    size_t n1 = answer_cache_key(apart[_i].origin, apart[_i].path,
                                 apart[_i].a, apart[_i].n, k1);
    size_t n2 = answer_cache_key(apart[_i].origin2, apart[_i].path2,
                                 apart[_i].b, apart[_i].n2, k2);

    ck_assert_uint_gt(n1, 0);
    ck_assert_uint_gt(n2, 0);
    ck_assert_msg(n1 != n2 || memcmp(k1, k2, n1) != 0, "one key for both");
}
END_TEST

/* ANSWER_CACHE_KEY_MAX bytes is the longest key; one more is none.  The
 * key is written into a heap buffer of exactly ANSWER_CACHE_KEY_MAX
 * bytes, so that ASan sees a write past it. */
START_TEST(key_limit)
{
    /* NUL, "/p" NUL, "k" NUL "v" NUL, value NUL: 9 bytes and the value */
    size_t fits = ANSWER_CACHE_KEY_MAX - 9;
    char *text = malloc(ANSWER_CACHE_KEY_MAX + 2);
    char *key = malloc(ANSWER_CACHE_KEY_MAX);
    struct query_arg arg = {"k", text, fits};

    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(key);
    memset(text, 'v', ANSWER_CACHE_KEY_MAX + 1);
    text[ANSWER_CACHE_KEY_MAX + 1] = '\0';
    ck_assert_uint_eq(answer_cache_key(NULL, "/p", &arg, 1, key),
                      ANSWER_CACHE_KEY_MAX);
    ck_assert_int_eq(key[ANSWER_CACHE_KEY_MAX - 1], '\0');
    arg.value_len = fits + 1;
    ck_assert_uint_eq(answer_cache_key(NULL, "/p", &arg, 1, key), 0);
    /* too long in an argument's name, the path or the origin */
    arg.key = text;
    arg.value = NULL;
    ck_assert_uint_eq(answer_cache_key(NULL, "/p", &arg, 1, key), 0);
    ck_assert_uint_eq(answer_cache_key(NULL, text, NULL, 0, key), 0);
    ck_assert_uint_eq(answer_cache_key(text, "/p", NULL, 0, key), 0);
    free(key);
    free(text);
}
END_TEST

/* An "=" in an argument's name (?a%3Db=c, which libmicrohttpd decodes)
 * and one in its value (?a=b%3Dc) must give two keys.  They once gave
 * one, "a=b=c": with a catalog model named "x=y", GET
 * /compare?models%3Dx=y was a 400 until ?models=x=y had been answered,
 * then the cached 200. */
START_TEST(key_with_an_equals_in_a_name)
{
    static const struct query_arg in_name[] = {ARG("a=b", "c")};
    static const struct query_arg in_value[] = {ARG("a", "b=c")};
    char k1[ANSWER_CACHE_KEY_MAX], k2[ANSWER_CACHE_KEY_MAX];
    size_t n1 = answer_cache_key(NULL, "/fit", in_name, 1, k1);
    size_t n2 = answer_cache_key(NULL, "/fit", in_value, 1, k2);

    ck_assert_msg(n1 == 0 || n1 != n2 || memcmp(k1, k2, n1) != 0,
                  "one key for both");
}
END_TEST

/* Responses whose release is counted. */

static int freed; /* bodies freed by libmicrohttpd */

static void count_free(void *text)
{
    free(text);
    freed++;
}

static struct MHD_Response *counted(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    struct MHD_Response *r;

    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, len);
    r = MHD_create_response_from_buffer_with_free_callback(len, copy,
                                                           &count_free);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* A prebuilt answer of text, whose two responses count their release;
 * len is what it says of its body (which may be more than text). */
static void make(struct prebuilt *p, const char *text, size_t len)
{
    memset(p, 0, sizeof(*p));
    p->ok = counted(text, strlen(text));
    p->not_modified = counted("", 0);
    etag_make(text, strlen(text), p->etag);
    p->len = len;
}

static struct answer_cache *cache;

static void setup(void)
{
    freed = 0;
    cache = NULL;
}

static void teardown(void)
{
    answer_cache_free(cache);
}

/* Asks c for key as queue does, on no connection.  libmicrohttpd 0.9.75
 * refuses to queue on a NULL connection (MHD_NO) and leaves the
 * response alone; prebuilt_queue has by then said what it would send,
 * so *status is 200 or 304 on a hit and stays 0 on a miss. */
static unsigned lookup(struct answer_cache *c, const char *key,
                       const char *if_none_match, size_t *body_len)
{
    unsigned status = 0;

    *body_len = 0;
    ck_assert_int_eq(answer_cache_queue(c, key, strlen(key) + 1,
                                        if_none_match, NULL, &status,
                                        body_len),
                     0);
    return status;
}

static void put(struct answer_cache *c, const char *key, const char *text)
{
    struct prebuilt p;

    make(&p, text, strlen(text));
    answer_cache_put(c, key, strlen(key) + 1, &p);
    ck_assert_ptr_null(p.ok); /* the cache took them over */
    ck_assert_ptr_null(p.not_modified);
}

START_TEST(no_slots_no_cache)
{
    struct prebuilt p;
    size_t len;

    ck_assert_ptr_null(answer_cache_new(0));
    answer_cache_free(NULL);
    ck_assert_uint_eq(lookup(NULL, "k", NULL, &len), 0);
    /* A put into no cache releases what it was given. */
    make(&p, "{}", 2);
    answer_cache_put(NULL, "k", 2, &p);
    ck_assert_int_eq(freed, 2);
    ck_assert_ptr_null(p.ok);
    ck_assert_ptr_null(p.not_modified);
}
END_TEST

START_TEST(kept_until_freed)
{
    size_t len;
    char etag[ETAG_MAX];

    cache = answer_cache_new(4);
    ck_assert_ptr_nonnull(cache);
    ck_assert_uint_eq(lookup(cache, "k", NULL, &len), 0);
    put(cache, "k", "{\"a\":1}");
    ck_assert_int_eq(freed, 0);
    ck_assert_uint_eq(lookup(cache, "k", NULL, &len), MHD_HTTP_OK);
    ck_assert_uint_eq(len, 7);
    /* its ETag gets the 304 */
    etag_make("{\"a\":1}", 7, etag);
    ck_assert_uint_eq(lookup(cache, "k", etag, &len), MHD_HTTP_NOT_MODIFIED);
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(lookup(cache, "k", "\"other\"", &len), MHD_HTTP_OK);
    /* a key is matched whole */
    ck_assert_uint_eq(lookup(cache, "kk", NULL, &len), 0);
    ck_assert_uint_eq(lookup(cache, "", NULL, &len), 0);
    ck_assert_int_eq(freed, 0);
    answer_cache_free(cache);
    cache = NULL;
    ck_assert_int_eq(freed, 2);
}
END_TEST

START_TEST(body_over_the_limit)
{
    struct prebuilt p;
    size_t len;

    cache = answer_cache_new(4);
    make(&p, "{}", ANSWER_CACHE_BODY_MAX + 1);
    answer_cache_put(cache, "big", 4, &p);
    ck_assert_int_eq(freed, 2); /* released at once */
    ck_assert_ptr_null(p.ok);
    ck_assert_uint_eq(lookup(cache, "big", NULL, &len), 0);
    /* ANSWER_CACHE_BODY_MAX itself is kept */
    make(&p, "{}", ANSWER_CACHE_BODY_MAX);
    answer_cache_put(cache, "big", 4, &p);
    ck_assert_int_eq(freed, 2);
    ck_assert_uint_eq(lookup(cache, "big", NULL, &len), MHD_HTTP_OK);
    ck_assert_uint_eq(len, ANSWER_CACHE_BODY_MAX);
}
END_TEST

START_TEST(key_over_the_limit)
{
    char *key = calloc(1, ANSWER_CACHE_KEY_MAX + 1);
    struct prebuilt p;
    unsigned status = 0;
    size_t len = 0;

    ck_assert_ptr_nonnull(key);
    cache = answer_cache_new(1);
    make(&p, "{}", 2);
    answer_cache_put(cache, key, ANSWER_CACHE_KEY_MAX + 1, &p);
    ck_assert_int_eq(freed, 2);
    ck_assert_ptr_null(p.ok);
    /* ANSWER_CACHE_KEY_MAX itself is kept */
    make(&p, "{}", 2);
    answer_cache_put(cache, key, ANSWER_CACHE_KEY_MAX, &p);
    ck_assert_int_eq(freed, 2);
    answer_cache_queue(cache, key, ANSWER_CACHE_KEY_MAX, NULL, NULL,
                       &status, &len);
    ck_assert_uint_eq(status, MHD_HTTP_OK);
    free(key);
}
END_TEST

/* With one slot, every key takes it from the one before. */
START_TEST(slot_taken_by_another_key)
{
    size_t len;

    cache = answer_cache_new(1);
    put(cache, "first", "{\"n\":1}");
    put(cache, "second", "{\"n\":22}");
    ck_assert_int_eq(freed, 2); /* the first answer's two responses */
    ck_assert_uint_eq(lookup(cache, "first", NULL, &len), 0);
    ck_assert_uint_eq(lookup(cache, "second", NULL, &len), MHD_HTTP_OK);
    ck_assert_uint_eq(len, 8);
    /* The same key again: the new answer replaces the old. */
    put(cache, "second", "{\"n\":333}");
    ck_assert_int_eq(freed, 4);
    ck_assert_uint_eq(lookup(cache, "second", NULL, &len), MHD_HTTP_OK);
    ck_assert_uint_eq(len, 9);
    answer_cache_free(cache);
    cache = NULL;
    ck_assert_int_eq(freed, 6);
}
END_TEST

/* Keys of different slots are kept side by side. */
START_TEST(slots_side_by_side)
{
    enum { SLOTS = 8 };
    char keys[SLOTS][8];
    int used[SLOTS] = {0};
    size_t found = 0, len;

    cache = answer_cache_new(SLOTS);
    for (int i = 0; found < 3; i++) {
        char k[8];
        size_t slot;

        ck_assert_int_lt(i, 1000);
        snprintf(k, sizeof(k), "k%d", i);
        slot = etag_hash(k, strlen(k) + 1) % SLOTS;
        if (used[slot])
            continue;
        used[slot] = 1;
        memcpy(keys[found++], k, sizeof(k));
    }
    for (size_t i = 0; i < found; i++)
        put(cache, keys[i], keys[i]);
    ck_assert_int_eq(freed, 0);
    for (size_t i = 0; i < found; i++) {
        ck_assert_uint_eq(lookup(cache, keys[i], NULL, &len), MHD_HTTP_OK);
        ck_assert_uint_eq(len, strlen(keys[i]));
    }
}
END_TEST

Suite *answer_cache_suite(void)
{
    Suite *s = suite_create("answer_cache");
    TCase *tc;

    tc = tcase_create("key");
    tcase_add_test(tc, key_without_query);
    tcase_add_test(tc, key_layout);
    tcase_add_loop_test(tc, keys_apart, 0, sizeof(apart) / sizeof(apart[0]));
    tcase_add_test(tc, key_limit);
    tcase_add_test(tc, key_with_an_equals_in_a_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("keeping");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, no_slots_no_cache);
    tcase_add_test(tc, kept_until_freed);
    tcase_add_test(tc, body_over_the_limit);
    tcase_add_test(tc, key_over_the_limit);
    tcase_add_test(tc, slot_taken_by_another_key);
    tcase_add_test(tc, slots_side_by_side);
    suite_add_tcase(s, tc);
    return s;
}
