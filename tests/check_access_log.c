/* check_access_log.c - unit tests of access_log.c: lines byte for byte,
 * batches written whole, the flush after an idle spell, the stop, and
 * many threads at once; the log writes to a pipe or a socket here. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/access_log.h"
#include "suites.h"

#define NEVER_MS 600000 /* a flush period no test lives to see */

static const struct {
    const char *method, *path;
    unsigned status;
    size_t bytes;
    long long micros;
    long long sec;
    long nsec;
    const char *want;
} cases[] = {
    {"GET", "/compare", 200, 1413, 57, 1795400261, 123456789,
     "2026-11-23T02:17:41.123Z GET /compare 200 1413 57\n"},
    {"POST", "/compare?sort=desc", 413, 0, 0, 0, 0,
     "1970-01-01T00:00:00.000Z POST /compare?sort=desc 413 0 0\n"},
    {"GET", "/a b\\c\x01\x7f\xc3\xa9%20\"'", 404, 9, 1000000, 1709251199,
     999999999,
     "2024-02-29T23:59:59.999Z GET /a\\x20b\\x5Cc\\x01\\x7F\\xC3\\xA9%20\"'"
     " 404 9 1000000\n"},
    {"M\tX", "", 0, SIZE_MAX, -5, 951868800, 1000000,
     "2000-03-01T00:00:00.001Z M\\x09X  0 18446744073709551615 -5\n"},
    {"GET", "/\x1b[31m\n", 200, 1, 1, 253402300799, 0,
     "9999-12-31T23:59:59.000Z GET /\\x1B[31m\\x0A 200 1 1\n"},
    {"GET", "/", 200, 1, 1, -1, 500000000, /* before 1970: 1970 */
     "1970-01-01T00:00:00.000Z GET / 200 1 1\n"},
};

static struct access_log_line make(const char *method, const char *path,
                                   long long sec, long nsec)
{
    struct access_log_line l = {method, path, 200, 1413, 57, {0, 0}};

    l.wall.tv_sec = (time_t)sec;
    l.wall.tv_nsec = nsec;
    return l;
}

START_TEST(format_table)
{
    struct access_log_line l = make(cases[_i].method, cases[_i].path,
                                    cases[_i].sec, cases[_i].nsec);
    char out[ACCESS_LOG_LINE_MAX + 1];
    size_t n;

    l.status = cases[_i].status;
    l.bytes = cases[_i].bytes;
    l.micros = cases[_i].micros;
    n = access_log_format(&l, out);
    out[n] = '\0';
    ck_assert_str_eq(out, cases[_i].want);
    ck_assert_uint_eq(n, strlen(cases[_i].want));
}
END_TEST

/* The date and time against gmtime_r and printf, over 400 years and
 * beyond, at random seconds. */
START_TEST(format_time)
{
    uint64_t x = 88172645463325252ULL;
    char out[ACCESS_LOG_LINE_MAX], want[64];
    struct tm tm;

    for (int i = 0; i < 50000; i++) {
        struct access_log_line l;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        l = make("GET", "/", (long long)(x % 253402300800ULL),
                 (long)(x % 1000000000));
        gmtime_r(&l.wall.tv_sec, &tm);
        snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec, l.wall.tv_nsec / 1000000);
        access_log_format(&l, out);
        ck_assert_msg(memcmp(out, want, strlen(want)) == 0,
                      "%lld: %.25s, want %s", (long long)l.wall.tv_sec, out,
                      want);
    }
}
END_TEST

/* Paths are cut at 255 bytes, methods at 15, before escaping; the
 * longest line fits ACCESS_LOG_LINE_MAX. */
START_TEST(format_cut)
{
    char path[300 + 1], method[20 + 1], want[1400], out[ACCESS_LOG_LINE_MAX];
    struct access_log_line l;
    size_t n;

    memset(path, 'a', 300);
    path[300] = '\0';
    memset(method, 'M', 20);
    method[20] = '\0';
    l = make(method, path, 1795400261, 123456789);
    n = access_log_format(&l, out);
    snprintf(want, sizeof(want), "2026-11-23T02:17:41.123Z %.15s %.255s "
             "200 1413 57\n", method, path);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_int_eq(memcmp(out, want, n), 0);

    memset(path, ' ', 300); /* every byte escaped */
    memset(method, '\x7f', 20);
    l = make(method, path, 1795400261, 123456789);
    l.bytes = SIZE_MAX;
    l.micros = -9223372036854775807LL - 1;
    l.status = 4294967295U;
    n = access_log_format(&l, out);
    ck_assert_uint_eq(n, 24 + 1 + 15 * 4 + 1 + 255 * 4 + 1 + 10 + 1 + 20 +
                             1 + 20 + 1);
    ck_assert_uint_le(n, ACCESS_LOG_LINE_MAX);
    ck_assert_int_eq(memcmp(out + 25 + 60 + 1, "\\x20\\x20", 8), 0);
    ck_assert_int_eq(memcmp(out + n - 21, "-9223372036854775808\n", 21), 0);
}
END_TEST

/* Line number n, in l and formatted in out; path holds 32 bytes.  The
 * second changes every 7 lines, and the log's stamp of it with it. */
static size_t line_of(int n, char *path, char *out,
                      struct access_log_line *l)
{
    snprintf(path, 32, "/line/%d", n);
    *l = make("GET", path, 1795400261 + n / 7, 1000000L * (n % 1000));
    return access_log_format(l, out);
}

/* A batch that fits the buffer goes out in one write(): a SEQPACKET
 * socket keeps each write() as one message. */
START_TEST(batch_whole)
{
    int sv[2];
    struct access_log *log;
    char want[ACCESS_LOG_BUFFER], got[ACCESS_LOG_BUFFER * 2], path[32];
    size_t len = 0;
    ssize_t n;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
    log = access_log_new(sv[0], NEVER_MS);
    ck_assert_ptr_nonnull(log);
    for (int i = 0; i < 100; i++) {
        struct access_log_line l;

        len += line_of(i, path, want + len, &l);
        access_log_write(log, &l);
    }
    access_log_flush(log);
    n = recv(sv[1], got, sizeof(got), MSG_DONTWAIT);
    ck_assert_int_eq(n, (ssize_t)len);
    ck_assert_int_eq(memcmp(got, want, len), 0);
    ck_assert_int_lt(recv(sv[1], got, sizeof(got), MSG_DONTWAIT), 0);
    access_log_free(log);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

/* More lines than a buffer holds: each write() carries whole lines, at
 * most a buffer of them, and together they are every line in order. */
START_TEST(batch_full)
{
    enum { LINES = 4000 };
    int sv[2], messages = 0;
    struct access_log *log;
    char *want = malloc(LINES * 64), *all = malloc(LINES * 64);
    char got[ACCESS_LOG_BUFFER + 1], path[32];
    size_t len = 0, have = 0;
    ssize_t n;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
    log = access_log_new(sv[0], NEVER_MS);
    for (int i = 0; i < LINES; i++) {
        struct access_log_line l;

        len += line_of(i, path, want + len, &l);
        access_log_write(log, &l);
        while ((n = recv(sv[1], got, sizeof(got), MSG_DONTWAIT)) > 0) {
            ck_assert_int_le(n, ACCESS_LOG_BUFFER);
            ck_assert_int_eq(got[n - 1], '\n');
            memcpy(all + have, got, (size_t)n);
            have += (size_t)n;
            messages++;
        }
    }
    access_log_free(log);
    while ((n = recv(sv[1], got, sizeof(got), MSG_DONTWAIT)) > 0) {
        memcpy(all + have, got, (size_t)n);
        have += (size_t)n;
        messages++;
    }
    ck_assert_uint_eq(have, len);
    ck_assert_int_eq(memcmp(all, want, len), 0);
    ck_assert_int_le(messages, (int)(len / (ACCESS_LOG_BUFFER -
                                            ACCESS_LOG_LINE_MAX)) + 1);
    free(want);
    free(all);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

static double ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* After an idle spell (the flusher asleep with no deadline), a line
 * reaches the pipe within ACCESS_LOG_FLUSH_MS, and not at once. */
START_TEST(flush_after_idle)
{
    int fds[2];
    struct access_log *log;
    struct timespec t0, idle = {0, 300 * 1000 * 1000};
    char want[ACCESS_LOG_LINE_MAX], got[ACCESS_LOG_LINE_MAX], path[32];

    ck_assert_int_eq(pipe(fds), 0);
    log = access_log_new(fds[1], ACCESS_LOG_FLUSH_MS);
    for (int i = 0; i < 4; i++) {
        struct access_log_line l;
        struct pollfd p = {fds[0], POLLIN, 0};
        size_t len = line_of(i, path, want, &l);
        double took;

        nanosleep(&idle, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        access_log_write(log, &l);
        ck_assert_int_eq(poll(&p, 1, 2 * ACCESS_LOG_FLUSH_MS), 1);
        took = ms_since(&t0);
        ck_assert_msg(took < ACCESS_LOG_FLUSH_MS, "took %.1f ms", took);
        ck_assert_msg(took > 1.0, "written at once (%.3f ms)", took);
        ck_assert_int_eq(read(fds[0], got, sizeof(got)), (ssize_t)len);
        ck_assert_int_eq(memcmp(got, want, len), 0);
    }
    access_log_free(log);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

struct writer {
    struct access_log *log;
    int id, lines;
};

/* Writes w->lines lines of path /t<id>/<n>, some with escaped bytes so
 * that lengths vary. */
static void *write_lines(void *arg)
{
    const struct writer *w = arg;
    char path[64];

    for (int n = 0; n < w->lines; n++) {
        struct access_log_line l;

        snprintf(path, sizeof(path), "/t%d/%d%s", w->id, n,
                 n % 3 == 0 ? "/\xc3\xa9 x" : "");
        l = make("GET", path, 1795400261, 0);
        l.micros = n;
        access_log_write(w->log, &l);
    }
    return NULL;
}

static void run_writers(struct access_log *log, int threads, int lines)
{
    pthread_t *t = calloc((size_t)threads, sizeof(*t));
    struct writer *w = calloc((size_t)threads, sizeof(*w));

    for (int i = 0; i < threads; i++) {
        w[i] = (struct writer){log, i, lines};
        ck_assert_int_eq(pthread_create(&t[i], NULL, write_lines, &w[i]), 0);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    free(t);
    free(w);
}

/* Freeing the log writes what every thread's buffer holds, though no
 * flush came before (the flusher's period is never reached). */
START_TEST(stop_flushes)
{
    int fds[2];
    struct access_log *log;
    struct pollfd p;
    char got[65536];
    ssize_t n;
    int newlines = 0;

    ck_assert_int_eq(pipe(fds), 0);
    log = access_log_new(fds[1], NEVER_MS);
    run_writers(log, 4, 50);
    p = (struct pollfd){fds[0], POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 0); /* all still in the buffers */
    access_log_free(log);
    close(fds[1]);
    while ((n = read(fds[0], got, sizeof(got))) > 0)
        for (ssize_t i = 0; i < n; i++)
            newlines += got[i] == '\n';
    ck_assert_int_eq(newlines, 4 * 50);
    close(fds[0]);
}
END_TEST

struct drain {
    int fd;
    char *data;
    size_t len, cap;
};

/* Reads the pipe until its end, as a container runtime would. */
static void *drain_pipe(void *arg)
{
    struct drain *d = arg;
    ssize_t n;

    for (;;) {
        if (d->cap - d->len < 65536) {
            d->cap = d->cap * 2 + 65536;
            d->data = realloc(d->data, d->cap);
        }
        n = read(d->fd, d->data + d->len, d->cap - d->len);
        if (n <= 0)
            break;
        d->len += (size_t)n;
    }
    return NULL;
}

/* Every line parses, and each thread's lines come whole, once, in the
 * order it wrote them. */
static void check_lines(const struct drain *d, int threads, int lines)
{
    int *next = calloc((size_t)threads, sizeof(*next));
    char *text = malloc(d->len + 1), *save = NULL;

    memcpy(text, d->data, d->len);
    text[d->len] = '\0';
    ck_assert_msg(d->len > 0 && text[d->len - 1] == '\n', "cut last line");
    for (char *s = strtok_r(text, "\n", &save); s != NULL;
         s = strtok_r(NULL, "\n", &save)) {
        char path[64];
        int id, n, end = 0, rest = 0;
        long long micros;

        ck_assert_msg(sscanf(s, "2026-11-23T02:17:41.000Z GET %63s "
                             "200 1413 %lld%n", path, &micros, &end) == 2 &&
                          s[end] == '\0' &&
                          sscanf(path, "/t%d/%d%n", &id, &n, &rest) == 2,
                      "line \"%s\"", s);
        ck_assert_str_eq(path + rest,
                         n % 3 == 0 ? "/\\xC3\\xA9\\x20x" : "");
        ck_assert_int_lt(id, threads);
        ck_assert_int_eq(n, next[id]);
        ck_assert_int_eq(micros, n);
        next[id]++;
    }
    for (int i = 0; i < threads; i++)
        ck_assert_int_eq(next[i], lines);
    free(next);
    free(text);
}

static void threads_at_once(int threads, int lines)
{
    int fds[2];
    struct drain d = {0, NULL, 0, 0};
    pthread_t reader;
    struct access_log *log;

    ck_assert_int_eq(pipe(fds), 0);
    /* A pipe of one page takes each batch in parts, which would let
     * batches interleave were they not let out one at a time. */
    ck_assert_int_ge(fcntl(fds[1], F_SETPIPE_SZ, 4096), 4096);
    d.fd = fds[0];
    ck_assert_int_eq(pthread_create(&reader, NULL, drain_pipe, &d), 0);
    log = access_log_new(fds[1], ACCESS_LOG_FLUSH_MS);
    ck_assert_ptr_nonnull(log);
    run_writers(log, threads, lines);
    access_log_free(log);
    close(fds[1]);
    pthread_join(reader, NULL);
    close(fds[0]);
    check_lines(&d, threads, lines);
    free(d.data);
}

START_TEST(threads_never_interleave)
{
    threads_at_once(8, 5000);
}
END_TEST

/* More threads than buffers: the rest write each line directly. */
START_TEST(threads_beyond_registry)
{
    threads_at_once(ACCESS_LOG_THREADS_MAX + 16, 200);
}
END_TEST

Suite *access_log_suite(void)
{
    Suite *s = suite_create("access_log");
    TCase *tc;

    tc = tcase_create("format");
    tcase_add_loop_test(tc, format_table, 0,
                        (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, format_time);
    tcase_add_test(tc, format_cut);
    suite_add_tcase(s, tc);

    tc = tcase_create("batches");
    tcase_add_test(tc, batch_whole);
    tcase_add_test(tc, batch_full);
    suite_add_tcase(s, tc);

    tc = tcase_create("flush");
    tcase_add_test(tc, flush_after_idle);
    suite_add_tcase(s, tc);

    tc = tcase_create("stop");
    tcase_add_test(tc, stop_flushes);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, threads_never_interleave);
    tcase_add_test(tc, threads_beyond_registry);
    suite_add_tcase(s, tc);
    return s;
}
