/* access_log.h - the access log: one line per request, formatted without
 * printf into the writing thread's own buffer, and written a batch of
 * whole lines per write(): when the buffer is full, at the latest
 * flush_ms (ACCESS_LOG_FLUSH_MS in the server) after a line entered it,
 * and at stop (nginx's access_log buffer= and flush=).
 *
 * How it works, and why:
 * - Each thread that writes gets its own buffer on its first line; a
 *   _Thread_local pointer finds it again without a lock, and the log
 *   keeps a registry of every buffer so that the flusher and the stop
 *   can reach them all.  Each buffer has a mutex, taken by its own
 *   thread for each line and by the flusher or the stop only to write it
 *   out, so it is uncontended but at those moments.
 * - A flusher thread writes every buffer that holds lines, every
 *   flush_ms / 2, so a line waits at most that (plus the flusher's
 *   scheduling delay) when its thread goes idle.  When it finds
 *   every buffer empty it sleeps with no deadline until a line enters an
 *   empty buffer: an idle server is not woken up.
 * - Every write() holds whole lines, and one lock lets one batch out at a
 *   time: if the kernel takes a batch in parts (a full pipe, a signal),
 *   its rest goes out before any other batch, so lines never interleave.
 * - The stop comes after every writer has returned (the daemon stopped):
 *   it stops the flusher, then writes every buffer itself.  Nothing is
 *   lost at SIGTERM; only a crash loses what the buffers hold.
 * - A buffer outlives its thread until the stop: the registry holds one
 *   per thread that ever wrote (the daemon's pool), at most
 *   ACCESS_LOG_THREADS_MAX; a thread past that writes each line directly.
 */
#ifndef MODELSCALE_ACCESS_LOG_H
#define MODELSCALE_ACCESS_LOG_H

#include <stddef.h>
#include <time.h>

#define ACCESS_LOG_METHOD_MAX 16 /* bytes of method logged, NUL included */
#define ACCESS_LOG_PATH_MAX 256  /* bytes of path logged, NUL included */
/* The longest line: every byte of method and path escaped as \xHH. */
#define ACCESS_LOG_LINE_MAX                                               \
    (4 * (ACCESS_LOG_METHOD_MAX + ACCESS_LOG_PATH_MAX) + 96)
#define ACCESS_LOG_BUFFER 32768 /* bytes a thread holds before writing */
#define ACCESS_LOG_FLUSH_MS 100 /* the longest a line waits */
#define ACCESS_LOG_THREADS_MAX 64 /* buffers; more threads write directly */

/* What one line says.  The strings are borrowed, NUL-terminated, and
 * cut to ACCESS_LOG_METHOD_MAX - 1 and ACCESS_LOG_PATH_MAX - 1 bytes. */
struct access_log_line {
    const char *method;
    const char *path;     /* as requested, query included */
    unsigned status;      /* of the answer */
    size_t bytes;         /* of the answer's body */
    long long micros;     /* from the first byte to the answer */
    struct timespec wall; /* CLOCK_REALTIME at the end; before 1970: 1970 */
};

/* Formats line into out, which must hold ACCESS_LOG_LINE_MAX bytes:
 * "2026-11-23T02:17:41.123Z GET /compare 200 1413 57\n" (UTC with
 * milliseconds, method, path, status, body bytes, microseconds), with
 * bytes a reader could trip on (controls, space, non-ASCII, backslash)
 * in method and path written as \xHH.  Returns the length, newline
 * included; no NUL is written.  Pure.
 * @unittest check_access_log.c "format" */
size_t access_log_format(const struct access_log_line *line, char *out);

struct access_log;

/* Starts a log writing to fd (borrowed: it is not closed), flushed at
 * least every flush_ms milliseconds (at least 2).  Returns NULL when
 * out of memory or when the flusher thread cannot start. */
struct access_log *access_log_new(int fd, unsigned flush_ms);

/* Adds line to the calling thread's buffer, writing the buffer first
 * when the line would not fit.  Safe from any number of threads at once.
 * A write error (EPIPE, EBADF...) drops the batch: the log never stops
 * the server.  @unittest check_access_log.c "threads" */
void access_log_write(struct access_log *log,
                      const struct access_log_line *line);

/* Writes out every buffer now.  Safe from any thread at any time. */
void access_log_flush(struct access_log *log);

/* Stops the flusher, writes out every buffer and frees the log.  Call it
 * once no thread can write to log any more.  NULL is accepted.
 * @unittest check_access_log.c "stop" */
void access_log_free(struct access_log *log);

#endif
