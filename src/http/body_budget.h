/* body_budget.h - a bound on the request bodies held in memory, all
 * connections together.  A body is admitted whole, by its announced
 * Content-Length (a chunked body chunk by chunk, and always once begun,
 * so that no admitted body ever waits).  A request that does not fit
 * waits with its connection suspended, in arrival order, and is resumed
 * when admitted bodies are released.  When nothing is held, the next
 * body is admitted whatever its size, so no request waits forever.
 * Safe to use from every server thread. */
#ifndef MODELSCALE_BODY_BUDGET_H
#define MODELSCALE_BODY_BUDGET_H

#include <pthread.h>
#include <stddef.h>

struct MHD_Connection;

/* One request's place in the budget; zeroed by its owner before use. */
struct budget_ticket {
    struct MHD_Connection *conn;
    size_t held;                 /* bytes admitted so far */
    size_t want;                 /* bytes asked for while waiting */
    struct budget_ticket *next;  /* in the waiting queue */
    int queued;                  /* waiting in the queue */
    int suspending;              /* between queueing and suspending */
    int resume_asked;            /* taken off while still suspending */
};

struct body_budget {
    pthread_mutex_t lock; /* guards everything below */
    size_t limit;         /* bytes; 0: no bound */
    size_t held;
    int open;             /* stopping: everyone is admitted */
    struct budget_ticket *head, *tail; /* waiting, oldest first */
};

/* Returns 0, or an errno value if the lock cannot be made. */
int body_budget_init(struct body_budget *b, size_t limit);
void body_budget_cleanup(struct body_budget *b);

/* Asks for `bytes` more for t's request, on conn, from its access
 * handler.  Returns 1 if admitted; 0 if the request must wait: conn is
 * then suspended, the caller must leave the upload data unprocessed,
 * and libmicrohttpd calls the handler again with it once resumed. */
int body_budget_take(struct body_budget *b, struct budget_ticket *t,
                     struct MHD_Connection *conn, size_t bytes);

/* Gives back what t holds, takes t out of the queue if it is there, and
 * resumes the waiting requests that now fit. */
void body_budget_release(struct body_budget *b, struct budget_ticket *t);

/* Admits every request from now on and resumes all that wait: for a
 * stop, since libmicrohttpd must not be stopped with connections
 * suspended. */
void body_budget_open(struct body_budget *b);

#endif
