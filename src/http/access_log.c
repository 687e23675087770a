/* access_log.c - access log lines formatted without printf, kept in a
 * buffer per thread and written in batches of whole lines (see the
 * header for how buffers are found, flushed and stopped). */
#include "http/access_log.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "2026-11-23T02:17:41" and its NUL; a time_t's years have at most 12
 * digits. */
#define STAMP_MAX 32

/* The stamp, ".123Z", two spaces, three numbers of up to 20 digits,
 * their spaces and the newline, around the escaped method and path. */
_Static_assert(ACCESS_LOG_LINE_MAX >=
                   STAMP_MAX + 5 + 4 * (ACCESS_LOG_METHOD_MAX - 1) +
                       4 * (ACCESS_LOG_PATH_MAX - 1) + 2 + 3 * 21 + 1,
               "ACCESS_LOG_LINE_MAX holds the longest line");
_Static_assert(ACCESS_LOG_BUFFER >= 4 * ACCESS_LOG_LINE_MAX,
               "a buffer holds a batch of the longest lines");

/* One thread's lines not yet written. */
struct log_buffer {
    pthread_mutex_t lock; /* its thread, and the flusher or the stop */
    size_t len;
    unsigned long long stamp_secs; /* the second stamp was made for */
    size_t stamp_len;              /* 0 before the first line */
    char stamp[STAMP_MAX];
    char data[ACCESS_LOG_BUFFER];
};

struct access_log {
    int fd;                    /* borrowed */
    unsigned long period_ns;   /* between the flusher's rounds */
    unsigned long long generation; /* tells this log from an earlier one */
    pthread_mutex_t write_lock; /* one batch out at a time */
    pthread_mutex_t registry_lock; /* adding a buffer */
    struct log_buffer *buffers[ACCESS_LOG_THREADS_MAX];
    atomic_size_t count; /* buffers[0..count) are set and stay set */
    pthread_t flusher;
    pthread_mutex_t wake_lock; /* stopping and the flusher's sleep */
    pthread_cond_t wake;
    int stopping;    /* under wake_lock */
    atomic_int idle; /* the flusher sleeps until a line comes */
};

/* Each log gets a number no earlier log had, so that a thread's pointer
 * to its buffer in a log now freed is never taken for one in a new log
 * at the same address.  The only state shared across logs. */
static atomic_ullong generations;

/* The calling thread's buffer in the log whose generation it names. */
static _Thread_local struct {
    unsigned long long generation;
    struct log_buffer *buffer; /* NULL: this thread writes directly */
} mine;

static const char hex[] = "0123456789ABCDEF";

/* Writes v with at least width digits, zero-padded; returns the end. */
static char *put_digits(char *w, unsigned long long v, int width)
{
    char tmp[20];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < width)
        tmp[n++] = '0';
    while (n > 0)
        *w++ = tmp[--n];
    return w;
}

/* Writes text, at most max bytes of it, with bytes a reader could trip
 * on (controls, space, non-ASCII, backslash) as \xHH. */
static char *put_escaped(char *w, const char *text, size_t max)
{
    const unsigned char *p = (const unsigned char *)text;

    for (size_t i = 0; i < max && p[i] != '\0'; i++) {
        if (p[i] <= ' ' || p[i] >= 0x7f || p[i] == '\\') {
            *w++ = '\\';
            *w++ = 'x';
            *w++ = hex[p[i] >> 4];
            *w++ = hex[p[i] & 0xf];
        } else {
            *w++ = (char)p[i];
        }
    }
    return w;
}

/* Writes v, below 100, as two digits. */
static char *put2(char *w, unsigned v)
{
    w[0] = (char)('0' + v / 10);
    w[1] = (char)('0' + v % 10);
    return w + 2;
}

/* "2026-11-23T02:17:41" for secs since 1970, in UTC, into stamp; returns
 * its length.  Days to a civil date as in Howard Hinnant's
 * civil_from_days, without gmtime_r (which takes glibc's time zone lock,
 * shared by every thread). */
static size_t put_stamp(char *stamp, unsigned long long secs)
{
    unsigned long long days = secs / 86400 + 719468;
    unsigned long long era = days / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned month = mp < 10 ? mp + 3 : mp - 9;
    unsigned long long year = era * 400 + yoe + (month <= 2);
    unsigned sec = (unsigned)(secs % 86400);
    char *w = put_digits(stamp, year, 4);

    *w++ = '-';
    w = put2(w, month);
    *w++ = '-';
    w = put2(w, day);
    *w++ = 'T';
    w = put2(w, sec / 3600);
    *w++ = ':';
    w = put2(w, sec / 60 % 60);
    *w++ = ':';
    w = put2(w, sec % 60);
    return (size_t)(w - stamp);
}

/* The seconds of t, none before 1970. */
static unsigned long long seconds_of(const struct timespec *t)
{
    return t->tv_sec > 0 ? (unsigned long long)t->tv_sec : 0;
}

/* The line after its stamp (stamp_len bytes, for line->wall's second):
 * milliseconds, method, path and the numbers. */
static size_t format_line(const struct access_log_line *line,
                          const char *stamp, size_t stamp_len, char *out)
{
    long ms = line->wall.tv_sec >= 0 ? line->wall.tv_nsec / 1000000 : 0;
    char *w = out + stamp_len;

    memcpy(out, stamp, stamp_len);
    *w++ = '.';
    w = put_digits(w, ms > 0 && ms < 1000 ? (unsigned long long)ms : 0, 3);
    *w++ = 'Z';
    *w++ = ' ';
    w = put_escaped(w, line->method, ACCESS_LOG_METHOD_MAX - 1);
    *w++ = ' ';
    w = put_escaped(w, line->path, ACCESS_LOG_PATH_MAX - 1);
    *w++ = ' ';
    w = put_digits(w, line->status, 1);
    *w++ = ' ';
    w = put_digits(w, line->bytes, 1);
    *w++ = ' ';
    if (line->micros < 0) {
        *w++ = '-';
        w = put_digits(w, 0ULL - (unsigned long long)line->micros, 1);
    } else {
        w = put_digits(w, (unsigned long long)line->micros, 1);
    }
    *w++ = '\n';
    return (size_t)(w - out);
}

size_t access_log_format(const struct access_log_line *line, char *out)
{
    char stamp[STAMP_MAX];
    size_t n = put_stamp(stamp, seconds_of(&line->wall));

    return format_line(line, stamp, n, out);
}

/* Writes data[0..len) whole, then returns; one batch at a time, so that
 * the rest of a batch the kernel took in part goes out before any other.
 * Any other error drops what is left. */
static void write_all(struct access_log *log, const char *data, size_t len)
{
    pthread_mutex_lock(&log->write_lock);
    while (len > 0) {
        ssize_t n = write(log->fd, data, len);

        if (n > 0) {
            data += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {log->fd, POLLOUT, 0};

            (void)poll(&p, 1, -1); /* as a blocking fd would wait */
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    pthread_mutex_unlock(&log->write_lock);
}

/* Writes out b if it holds lines; returns whether it did. */
static int flush_buffer(struct access_log *log, struct log_buffer *b)
{
    int had;

    pthread_mutex_lock(&b->lock);
    had = b->len > 0;
    if (had)
        write_all(log, b->data, b->len);
    b->len = 0;
    pthread_mutex_unlock(&b->lock);
    return had;
}

/* Writes out every buffer; returns whether any held lines. */
static int flush_all(struct access_log *log)
{
    size_t n = atomic_load_explicit(&log->count, memory_order_acquire);
    int had = 0;

    for (size_t i = 0; i < n; i++)
        had |= flush_buffer(log, log->buffers[i]);
    return had;
}

void access_log_flush(struct access_log *log)
{
    flush_all(log);
}

/* The flusher: a round every period while lines come; when a round finds
 * every buffer empty, it sleeps until a line enters an empty buffer, and
 * the round after that comes a period later, so that a line waits at
 * most a period either way.  idle is set before the round looks, so that
 * a line added to a buffer the round has already looked at sees it and
 * wakes the flusher (access_log_write). */
static void *flusher_main(void *arg)
{
    struct access_log *log = arg;
    struct timespec until;

    pthread_mutex_lock(&log->wake_lock);
    while (!log->stopping) {
        if (atomic_load(&log->idle)) {
            pthread_cond_wait(&log->wake, &log->wake_lock);
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long)log->period_ns;
        until.tv_sec += until.tv_nsec / 1000000000;
        until.tv_nsec %= 1000000000;
        pthread_cond_timedwait(&log->wake, &log->wake_lock, &until);
        if (log->stopping)
            break;
        pthread_mutex_unlock(&log->wake_lock);
        atomic_store(&log->idle, 1);
        if (flush_all(log))
            atomic_store(&log->idle, 0);
        pthread_mutex_lock(&log->wake_lock);
    }
    pthread_mutex_unlock(&log->wake_lock);
    return NULL;
}

/* Makes the flusher's clock CLOCK_MONOTONIC, so that a change of the wall
 * clock cannot stretch a round.  Returns 0, or -1. */
static int init_wake(struct access_log *log)
{
    pthread_condattr_t attr;
    int failed;

    if (pthread_condattr_init(&attr) != 0)
        return -1;
    failed = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
             pthread_cond_init(&log->wake, &attr) != 0;
    pthread_condattr_destroy(&attr);
    return failed ? -1 : 0;
}

struct access_log *access_log_new(int fd, unsigned flush_ms)
{
    struct access_log *log = calloc(1, sizeof(*log));

    if (log == NULL)
        return NULL;
    log->fd = fd;
    log->period_ns = (flush_ms < 2 ? 2 : flush_ms) / 2 * 1000000UL;
    log->generation = atomic_fetch_add(&generations, 1) + 1;
    atomic_init(&log->count, 0);
    atomic_init(&log->idle, 1);
    pthread_mutex_init(&log->write_lock, NULL);
    pthread_mutex_init(&log->registry_lock, NULL);
    pthread_mutex_init(&log->wake_lock, NULL);
    if (init_wake(log) != 0)
        goto fail;
    if (pthread_create(&log->flusher, NULL, flusher_main, log) != 0) {
        pthread_cond_destroy(&log->wake);
        goto fail;
    }
    return log;
fail:
    pthread_mutex_destroy(&log->wake_lock);
    pthread_mutex_destroy(&log->registry_lock);
    pthread_mutex_destroy(&log->write_lock);
    free(log);
    return NULL;
}

/* The calling thread's buffer in log, made on its first line; NULL when
 * the registry is full or memory ran out (the thread writes each line
 * directly then, as before batching). */
static struct log_buffer *my_buffer(struct access_log *log)
{
    struct log_buffer *b;
    size_t n;

    if (mine.generation == log->generation)
        return mine.buffer;
    b = malloc(sizeof(*b));
    if (b != NULL) {
        b->len = 0;
        b->stamp_len = 0;
        pthread_mutex_init(&b->lock, NULL);
        pthread_mutex_lock(&log->registry_lock);
        n = atomic_load(&log->count);
        if (n < ACCESS_LOG_THREADS_MAX) {
            log->buffers[n] = b;
            atomic_store_explicit(&log->count, n + 1, memory_order_release);
        }
        pthread_mutex_unlock(&log->registry_lock);
        if (n >= ACCESS_LOG_THREADS_MAX) {
            pthread_mutex_destroy(&b->lock);
            free(b);
            b = NULL;
        }
    }
    mine.generation = log->generation;
    mine.buffer = b;
    return b;
}

/* Tells a sleeping flusher that a line waits. */
static void wake_flusher(struct access_log *log)
{
    if (!atomic_load(&log->idle))
        return;
    pthread_mutex_lock(&log->wake_lock);
    atomic_store(&log->idle, 0);
    pthread_cond_signal(&log->wake);
    pthread_mutex_unlock(&log->wake_lock);
}

void access_log_write(struct access_log *log,
                      const struct access_log_line *line)
{
    struct log_buffer *b = my_buffer(log);
    int was_empty;

    if (b == NULL) {
        char text[ACCESS_LOG_LINE_MAX];

        write_all(log, text, access_log_format(line, text));
        return;
    }
    pthread_mutex_lock(&b->lock);
    if (sizeof(b->data) - b->len < ACCESS_LOG_LINE_MAX) {
        write_all(log, b->data, b->len);
        b->len = 0;
    }
    was_empty = b->len == 0;
    if (b->stamp_len == 0 || b->stamp_secs != seconds_of(&line->wall)) {
        b->stamp_secs = seconds_of(&line->wall);
        b->stamp_len = put_stamp(b->stamp, b->stamp_secs);
    }
    b->len += format_line(line, b->stamp, b->stamp_len, b->data + b->len);
    pthread_mutex_unlock(&b->lock);
    if (was_empty)
        wake_flusher(log);
}

void access_log_free(struct access_log *log)
{
    size_t n;

    if (log == NULL)
        return;
    pthread_mutex_lock(&log->wake_lock);
    log->stopping = 1;
    pthread_cond_signal(&log->wake);
    pthread_mutex_unlock(&log->wake_lock);
    pthread_join(log->flusher, NULL);
    flush_all(log);
    n = atomic_load(&log->count);
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_destroy(&log->buffers[i]->lock);
        free(log->buffers[i]);
    }
    pthread_cond_destroy(&log->wake);
    pthread_mutex_destroy(&log->wake_lock);
    pthread_mutex_destroy(&log->registry_lock);
    pthread_mutex_destroy(&log->write_lock);
    free(log);
}
