/* check_text_buf.c - unit tests of text_buf.c: growth, handing the text
 * out, a failed buffer that stays failed, cleanup. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/text_buf.h"
#include "suites.h"

static struct text_buf t;

static void setup(void)
{
    text_buf_init(&t);
}

static void teardown(void)
{
    text_buf_cleanup(&t);
}

/* Puts bytes until the buffer has grown several times: every byte is
 * kept, in order, and the text stays NUL-terminated. */
START_TEST(grows_and_keeps_every_byte)
{
    char want[5000];

    for (size_t i = 0; i < sizeof(want); i++) {
        char c = (char)('a' + i % 26);

        want[i] = c;
        text_buf_put(&t, &c, 1);
        ck_assert_uint_eq(t.len, i + 1);
        ck_assert_uint_gt(t.cap, t.len); /* room for the NUL */
        ck_assert_int_eq(t.text[t.len], '\0');
    }
    ck_assert_int_eq(t.failed, 0);
    ck_assert_int_eq(memcmp(t.text, want, sizeof(want)), 0);
}
END_TEST

/* Chunks larger than the first allocation, and chunks that end exactly
 * where the room does. */
static const size_t chunks[] = {0, 1, 255, 256, 257, 511, 1000, 70000};

START_TEST(puts_chunks)
{
    size_t n = chunks[_i], total = 0;
    char *s = malloc(n + 1);

    ck_assert_ptr_nonnull(s);
    memset(s, 'x', n);
    for (int round = 0; round < 3; round++) {
        text_buf_put(&t, s, n);
        total += n;
        ck_assert_uint_eq(t.len, total);
        ck_assert_ptr_nonnull(t.text); /* even a put of 0 bytes: "" */
        ck_assert_uint_eq(strlen(t.text), total);
        ck_assert_uint_gt(t.cap, total);
    }
    free(s);
}
END_TEST

START_TEST(reserve_makes_room)
{
    ck_assert_int_eq(text_buf_reserve(&t, 1000), 1);
    ck_assert_uint_gt(t.cap, 1000);
    ck_assert_uint_eq(t.len, 0); /* room, not text */
    text_buf_put(&t, "abc", 3);
    ck_assert_uint_ge(t.cap, 1001);
    ck_assert_str_eq(t.text, "abc");
}
END_TEST

START_TEST(release_hands_out_the_text)
{
    size_t len = 99;
    char *text;

    text_buf_put(&t, "hello, ", 7);
    text_buf_put(&t, "world", 5);
    text = text_buf_release(&t, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(len, 12);
    ck_assert_str_eq(text, "hello, world");
    /* The buffer is empty and no longer owns the text (ASan would see a
     * double free in teardown otherwise). */
    ck_assert_ptr_null(t.text);
    ck_assert_uint_eq(t.len, 0);
    ck_assert_uint_eq(t.cap, 0);
    ck_assert_int_eq(t.failed, 0);
    /* ... and can be written again. */
    text_buf_put(&t, "again", 5);
    ck_assert_str_eq(t.text, "again");
    free(text);
}
END_TEST

START_TEST(release_of_nothing)
{
    size_t len = 99;

    /* Nothing written: no text to hand out. */
    ck_assert_ptr_null(text_buf_release(&t, &len));
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* Makes t fail: a reservation no allocation can meet, refused before
 * any allocation is tried (so ASan's allocator is not asked either). */
static void fail_it(void)
{
    ck_assert_int_eq(text_buf_reserve(&t, SIZE_MAX - t.len), 0);
    ck_assert_int_eq(t.failed, 1);
}

START_TEST(failure_drops_the_text)
{
    text_buf_put(&t, "kept until now", 14);
    fail_it();
    ck_assert_ptr_null(t.text);
}
END_TEST

START_TEST(writes_after_failure_do_nothing)
{
    size_t len;

    text_buf_put(&t, "abc", 3);
    fail_it();
    text_buf_put(&t, "def", 3);
    ck_assert_ptr_null(t.text);
    ck_assert_int_eq(t.failed, 1);
    ck_assert_int_eq(text_buf_reserve(&t, 1), 0);
    ck_assert_ptr_null(t.text);
    ck_assert_ptr_null(text_buf_release(&t, &len));
    /* release empties even a failed buffer: it can start again */
    ck_assert_int_eq(t.failed, 0);
    text_buf_put(&t, "new", 3);
    ck_assert_str_eq(t.text, "new");
}
END_TEST

START_TEST(failure_of_an_empty_buffer)
{
    fail_it();
    text_buf_put(&t, "x", 1);
    ck_assert_ptr_null(t.text);
    ck_assert_uint_eq(t.len, 0);
}
END_TEST

START_TEST(cleanup_empties)
{
    text_buf_put(&t, "abc", 3);
    text_buf_cleanup(&t);
    ck_assert_ptr_null(t.text);
    ck_assert_uint_eq(t.len, 0);
    ck_assert_uint_eq(t.cap, 0);
    text_buf_cleanup(&t); /* twice is fine */
    text_buf_cleanup(NULL);
    fail_it();
    text_buf_cleanup(&t); /* and after a failure */
    ck_assert_int_eq(t.failed, 0);
}
END_TEST

/* Reserve once added t->len + n without checking for overflow, so on a
 * buffer that holds text a reservation of SIZE_MAX wrapped around to a
 * small number, "fitted", and returned 1 without any room; a put of that
 * size would then have written far past the buffer. */
START_TEST(reserve_does_not_wrap)
{
    text_buf_put(&t, "abcde", 5);
    ck_assert_int_eq(text_buf_reserve(&t, SIZE_MAX), 0);
    ck_assert_int_eq(t.failed, 1);
}
END_TEST

Suite *text_buf_suite(void)
{
    Suite *s = suite_create("text_buf");
    TCase *tc;

    tc = tcase_create("growth");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, grows_and_keeps_every_byte);
    tcase_add_loop_test(tc, puts_chunks, 0,
                        sizeof(chunks) / sizeof(chunks[0]));
    tcase_add_test(tc, reserve_makes_room);
    suite_add_tcase(s, tc);

    tc = tcase_create("release");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, release_hands_out_the_text);
    tcase_add_test(tc, release_of_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("failure");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, failure_drops_the_text);
    tcase_add_test(tc, writes_after_failure_do_nothing);
    tcase_add_test(tc, failure_of_an_empty_buffer);
    tcase_add_test(tc, reserve_does_not_wrap);
    suite_add_tcase(s, tc);

    tc = tcase_create("cleanup");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, cleanup_empties);
    suite_add_tcase(s, tc);
    return s;
}
