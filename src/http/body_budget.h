/* body_budget.h - a bound on the request bodies held in memory, all
 * connections together, and on how long each may hold its share.
 *
 * A body is admitted before any of it is read, by what it may need: its
 * Content-Length, or for a chunked body the whole body_limit, so that
 * the bound holds for every framing and no admitted body ever waits
 * again.  A request that does not fit waits with its connection
 * suspended, oldest first; at most `waiters` wait, and the next is
 * refused at once (503).  When nothing is held, the next body is
 * admitted whatever its size, so no request waits forever.
 *
 * Time bounds every share: body_budget_tick, called every ~100 ms by the
 * server, takes back the share of a body not in whole `timeout` seconds
 * after its admission (it gets 408).  Waiters are admitted oldest first
 * while the queue moves; once its oldest has waited timeout / 2, newest
 * first (adaptive LIFO): a wait cannot tell a slow client from a fast
 * one before its body is read, so when slow ones have stalled the queue
 * the requests that came last, behind them, go first, and are admitted
 * as soon as a slow share is taken back.  A wait lasts at most
 * `wait_max` seconds (503), and ends at once when its client hangs up
 * (seen with poll's POLLRDHUP on its socket, since libmicrohttpd does
 * not read a suspended connection).  Safe to use from every server
 * thread. */
#ifndef MODELSCALE_BODY_BUDGET_H
#define MODELSCALE_BODY_BUDGET_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

struct MHD_Connection;

/* Where a request stands with the budget. */
enum budget_state {
    BUDGET_NONE = 0,  /* has asked for nothing */
    BUDGET_WAITING,   /* in the queue, its connection suspended */
    BUDGET_ADMITTED,  /* holds its share */
    BUDGET_LATE,      /* its share was taken back: slower than timeout */
    BUDGET_TIMED_OUT, /* waited longer than wait_max: 503 */
    BUDGET_GONE,      /* its client hung up while it waited */
    BUDGET_BUSY       /* refused at once: too many wait already */
};

/* One request's place in the budget; zeroed by its owner before use.
 * Every field is the budget's, read and written under its lock, but
 * state, which the owner may read at any time. */
struct budget_ticket {
    struct MHD_Connection *conn;
    _Atomic int state;           /* enum budget_state */
    size_t held;                 /* bytes reserved */
    size_t want;                 /* bytes asked for */
    struct timespec since;       /* when it was queued, then admitted */
    struct budget_ticket *prev, *next; /* in the queue or the holders */
    int suspending; /* between queueing and MHD_suspend_connection */
    int suspended;  /* suspended, and owed one resume */
    int resume_asked; /* a resume came while it was suspending */
};

/* What the budget does to a connection: libmicrohttpd's suspend and
 * resume, and a look at whether its client hung up; and the clock it
 * reads, the one body_budget_tick's `now` must come from.  A test gives
 * its own. */
struct budget_ops {
    void (*suspend)(struct MHD_Connection *conn);
    void (*resume)(struct MHD_Connection *conn);
    int (*gone)(struct MHD_Connection *conn); /* 1: the client hung up */
    void (*now)(struct timespec *now); /* body_budget_mhd's: CLOCK_MONOTONIC */
};

struct body_budget {
    pthread_mutex_t lock; /* guards everything below */
    const struct budget_ops *ops;
    size_t limit;         /* bytes; 0: no bound */
    size_t held;
    size_t waiters_max;   /* requests that may wait at once */
    size_t waiting;
    unsigned long timeout;  /* seconds a share may last */
    unsigned long wait_max; /* seconds a wait may last */
    int open;              /* stopping: everyone is admitted */
    struct budget_ticket *head, *tail;       /* waiting, oldest first */
    struct budget_ticket *holders;           /* admitted, any order */
};

/* The operations of libmicrohttpd's connections. */
extern const struct budget_ops body_budget_mhd;

/* Sets b up with ops (borrowed).  Returns 0, or an errno value if the
 * lock cannot be made. */
int body_budget_init(struct body_budget *b, const struct budget_ops *ops,
                     size_t limit, size_t waiters_max, unsigned long timeout,
                     unsigned long wait_max);
void body_budget_cleanup(struct body_budget *b);

/* Asks for `bytes` for t's request, on conn, from its access handler,
 * before any of its body is read; asks again on each call while it
 * waits.  Returns the ticket's state: BUDGET_ADMITTED; BUDGET_WAITING,
 * when conn has been suspended (the caller returns MHD_YES and is called
 * again once it is resumed); or the end of a wait (BUDGET_TIMED_OUT,
 * BUDGET_GONE, BUDGET_BUSY), which the caller answers.
 * @unittest check_body_budget.c */
enum budget_state body_budget_take(struct body_budget *b,
                                   struct budget_ticket *t,
                                   struct MHD_Connection *conn,
                                   size_t bytes);

/* Gives back what t holds, takes t out of the queue if it is there, and
 * resumes the waiting requests that now fit.  Accepts a ticket that
 * never asked.  @unittest check_body_budget.c */
void body_budget_release(struct body_budget *b, struct budget_ticket *t);

/* The periodic work, at time now (by the ops clock): late shares taken
 * back, long and deserted waits ended, and the waiters that then fit
 * admitted and resumed.  @unittest check_body_budget.c */
void body_budget_tick(struct body_budget *b, const struct timespec *now);

/* Admits every request from now on and resumes all that wait: for a
 * stop, since libmicrohttpd must not be stopped with connections
 * suspended. */
void body_budget_open(struct body_budget *b);

#endif
