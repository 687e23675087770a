/* metrics.h - what GET /metrics reports, in the Prometheus text format:
 * requests by route and status, their durations as a histogram,
 * requests in flight, answer bytes sent, the process start time and the
 * build.  Counters are atomics: every server thread updates them without
 * a lock, and /metrics reads them while they move. */
#ifndef MODELSCALE_METRICS_H
#define MODELSCALE_METRICS_H

#include <stdatomic.h>
#include <stddef.h>

#include "modelscale/status.h"
#include "api/text_buf.h"

#define METRICS_ROUTES_MAX 48 /* (method, path) pairs; one more for "none" */
#define METRICS_LABELS_MAX 64
#define METRICS_STATUSES 16   /* the statuses modelscale answers, and other */
#define METRICS_BUCKETS 16    /* request duration upper bounds, and +Inf */

struct metrics {
    double start_time; /* seconds since the Unix epoch */
    size_t nroutes;
    /* method="GET",route="/compare"; the last is route="none", for
     * requests that matched no route */
    char labels[METRICS_ROUTES_MAX + 1][METRICS_LABELS_MAX];
    atomic_ulong requests[METRICS_ROUTES_MAX + 1][METRICS_STATUSES];
    atomic_ulong durations[METRICS_ROUTES_MAX + 1][METRICS_BUCKETS];
    atomic_ulong duration_us[METRICS_ROUTES_MAX + 1]; /* their sum */
    atomic_ulong bytes_out;
    atomic_long in_flight;
};

/* Zeroes m for routes[0..nroutes) given as "METHOD PATH" pairs: method[i]
 * and path[i] are copied.  Returns SVC_EINTERNAL if nroutes passes
 * METRICS_ROUTES_MAX or a label does not fit. */
enum svc_status metrics_init(struct metrics *m, double start_time,
                             const char *const *method,
                             const char *const *path, size_t nroutes);

/* A request has begun. */
void metrics_begin(struct metrics *m);

/* A request has been answered: route is its index in the table given to
 * metrics_init, or nroutes when it matched none. */
void metrics_end(struct metrics *m, size_t route, unsigned status,
                 size_t bytes, double seconds);

/* Appends the exposition text.  Returns SVC_OK or SVC_ENOMEM.
 * @unittest check_metrics.c */
enum svc_status metrics_write(struct metrics *m, const char *version,
                              struct text_buf *out);

#endif
