/* metrics.c - counting requests, and printing the counts for Prometheus. */
#include "api/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Every status modelscale answers with; any other counts as "other". */
static const unsigned statuses[] = {200, 204, 304, 400, 404, 405,
                                    408, 413, 414, 415, 422, 431,
                                    500, 501, 503};
#define NSTATUS_KNOWN (sizeof(statuses) / sizeof(statuses[0]))
_Static_assert(NSTATUS_KNOWN < METRICS_STATUSES, "room for \"other\"");

/* Upper bounds in seconds: 100 µs (a built answer) to 10 s (a queued
 * 10,000-model POST). */
static const double bounds[METRICS_BUCKETS - 1] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05,   0.1,     0.25,   0.5,   1,      2.5,   10};

enum svc_status metrics_init(struct metrics *m, double start_time,
                             const char *const *method,
                             const char *const *path, size_t nroutes)
{
    memset(m, 0, sizeof(*m));
    m->start_time = start_time;
    m->nroutes = nroutes;
    if (nroutes > METRICS_ROUTES_MAX)
        return SVC_EINTERNAL;
    for (size_t i = 0; i < nroutes; i++) {
        int n = snprintf(m->labels[i], sizeof(m->labels[i]),
                         "method=\"%s\",route=\"%s\"", method[i], path[i]);

        if (n < 0 || (size_t)n >= sizeof(m->labels[i]))
            return SVC_EINTERNAL;
    }
    strcpy(m->labels[nroutes], "method=\"\",route=\"none\"");
    return SVC_OK;
}

void metrics_begin(struct metrics *m)
{
    atomic_fetch_add_explicit(&m->in_flight, 1, memory_order_relaxed);
}

void metrics_end(struct metrics *m, size_t route, unsigned status,
                 size_t bytes, double seconds)
{
    size_t s = NSTATUS_KNOWN, b = 0;

    if (route > m->nroutes)
        route = m->nroutes;
    for (size_t i = 0; i < NSTATUS_KNOWN; i++)
        if (statuses[i] == status)
            s = i;
    while (b < METRICS_BUCKETS - 1 && seconds > bounds[b])
        b++;
    atomic_fetch_add_explicit(&m->requests[route][s], 1,
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->durations[route][b], 1,
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->duration_us[route],
                              (unsigned long)(seconds * 1e6 + 0.5),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->bytes_out, bytes, memory_order_relaxed);
    atomic_fetch_sub_explicit(&m->in_flight, 1, memory_order_relaxed);
}

/* Appends printf-style text; the exposition is small and not hot. */
static void put(struct text_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct text_buf *out, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0)
        text_buf_put(out, line, (size_t)n < sizeof(line) ? (size_t)n
                                                          : sizeof(line) - 1);
}

static void write_requests(struct metrics *m, struct text_buf *out)
{
    put(out, "# HELP modelscale_requests_total Requests answered, by route "
             "and HTTP status.\n"
             "# TYPE modelscale_requests_total counter\n");
    for (size_t r = 0; r <= m->nroutes; r++) {
        for (size_t s = 0; s <= NSTATUS_KNOWN; s++) {
            unsigned long n = atomic_load(&m->requests[r][s]);
            char code[8] = "other";

            if (n == 0)
                continue;
            if (s < NSTATUS_KNOWN)
                snprintf(code, sizeof(code), "%u", statuses[s]);
            put(out, "modelscale_requests_total{%s,status=\"%s\"} %lu\n",
                m->labels[r], code, n);
        }
    }
}

static void write_durations(struct metrics *m, struct text_buf *out)
{
    put(out, "# HELP modelscale_request_duration_seconds Time from a "
             "request's headers to its answer being sent.\n"
             "# TYPE modelscale_request_duration_seconds histogram\n");
    for (size_t r = 0; r <= m->nroutes; r++) {
        unsigned long counts[METRICS_BUCKETS], total = 0;

        for (size_t b = 0; b < METRICS_BUCKETS; b++) {
            counts[b] = atomic_load(&m->durations[r][b]);
            total += counts[b];
        }
        if (total == 0)
            continue;
        total = 0;
        for (size_t b = 0; b < METRICS_BUCKETS; b++) {
            total += counts[b]; /* buckets are cumulative */
            if (b < METRICS_BUCKETS - 1)
                put(out, "modelscale_request_duration_seconds_bucket"
                         "{%s,le=\"%g\"} %lu\n", m->labels[r], bounds[b],
                    total);
            else
                put(out, "modelscale_request_duration_seconds_bucket"
                         "{%s,le=\"+Inf\"} %lu\n", m->labels[r], total);
        }
        put(out, "modelscale_request_duration_seconds_sum{%s} %.6f\n",
            m->labels[r], (double)atomic_load(&m->duration_us[r]) / 1e6);
        put(out, "modelscale_request_duration_seconds_count{%s} %lu\n",
            m->labels[r], total);
    }
}

enum svc_status metrics_write(struct metrics *m, const char *version,
                              struct text_buf *out)
{
    write_requests(m, out);
    write_durations(m, out);
    put(out,
        "# HELP modelscale_requests_in_flight Requests begun and not yet "
        "answered.\n"
        "# TYPE modelscale_requests_in_flight gauge\n"
        "modelscale_requests_in_flight %ld\n",
        atomic_load(&m->in_flight));
    put(out,
        "# HELP modelscale_response_bytes_total Bytes of answer bodies "
        "sent.\n"
        "# TYPE modelscale_response_bytes_total counter\n"
        "modelscale_response_bytes_total %lu\n",
        atomic_load(&m->bytes_out));
    put(out,
        "# HELP process_start_time_seconds Start time of the process since "
        "unix epoch in seconds.\n"
        "# TYPE process_start_time_seconds gauge\n"
        "process_start_time_seconds %.3f\n",
        m->start_time);
    put(out,
        "# HELP modelscale_build_info The running build; always 1.\n"
        "# TYPE modelscale_build_info gauge\n"
        "modelscale_build_info{version=\"%s\"} 1\n",
        version);
    return out->failed ? SVC_ENOMEM : SVC_OK;
}
