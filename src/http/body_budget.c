/* body_budget.c - request bodies held in memory, bounded in bytes and
 * in time; the rest wait, and not forever.  A waiter's bytes are
 * reserved when it is taken off the queue, before it is resumed: so a
 * release resumes at once every waiter that fits, oldest first, and a
 * resumed request finds its share already held.  Every resume goes
 * through owed(), which pays the one resume a suspension is owed. */
#define _GNU_SOURCE 1 /* poll's POLLRDHUP, Linux's */

#include "http/body_budget.h"

#include <microhttpd.h>
#include <poll.h>

#define RESUME_BATCH 64 /* connections resumed per pass outside the lock */

static void mhd_suspend(struct MHD_Connection *conn)
{
    MHD_suspend_connection(conn);
}

static void mhd_resume(struct MHD_Connection *conn)
{
    MHD_resume_connection(conn);
}

/* Whether the peer has hung up (or shut its sending side), even with
 * bytes still unread: POLLRDHUP, Linux's. */
static int mhd_gone(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct pollfd p = {0, POLLRDHUP, 0};

    if (info == NULL)
        return 0;
    p.fd = info->connect_fd;
    return poll(&p, 1, 0) == 1 &&
           (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

static void monotonic(struct timespec *now)
{
    clock_gettime(CLOCK_MONOTONIC, now);
}

const struct budget_ops body_budget_mhd = {mhd_suspend, mhd_resume,
                                           mhd_gone, monotonic};

int body_budget_init(struct body_budget *b, const struct budget_ops *ops,
                     size_t limit, size_t waiters_max, unsigned long timeout,
                     unsigned long wait_max)
{
    b->ops = ops;
    b->limit = limit;
    b->held = 0;
    b->waiters_max = waiters_max;
    b->waiting = 0;
    b->timeout = timeout;
    b->wait_max = wait_max;
    b->open = 0;
    b->head = b->tail = b->holders = NULL;
    return pthread_mutex_init(&b->lock, NULL);
}

void body_budget_cleanup(struct body_budget *b)
{
    pthread_mutex_destroy(&b->lock);
}

/* The connections to resume once the lock is let go. */
struct resumes {
    struct MHD_Connection *conn[RESUME_BATCH];
    size_t n;
};

/* Whether `bytes` more may be held now.  Lock held. */
static int fits(const struct body_budget *b, size_t bytes)
{
    return b->open || b->limit == 0 || b->held == 0 ||
           (b->held < b->limit && bytes <= b->limit - b->held);
}

/* Whether t's suspension must be paid with a resume now: 0 while it is
 * still suspending (it will resume itself), and once paid.  Lock held. */
static int owed(struct budget_ticket *t)
{
    if (t->suspending) {
        t->resume_asked = 1;
        return 0;
    }
    if (!t->suspended)
        return 0;
    t->suspended = 0;
    return 1;
}

static void unqueue(struct body_budget *b, struct budget_ticket *t)
{
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        b->head = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    else
        b->tail = t->prev;
    t->prev = t->next = NULL;
    b->waiting--;
}

static void hold(struct body_budget *b, struct budget_ticket *t,
                 const struct timespec *now)
{
    b->held += t->want;
    t->held = t->want;
    t->since = *now;
    t->prev = NULL;
    t->next = b->holders;
    if (b->holders != NULL)
        b->holders->prev = t;
    b->holders = t;
    atomic_store(&t->state, BUDGET_ADMITTED);
}

static void unhold(struct body_budget *b, struct budget_ticket *t)
{
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        b->holders = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    t->prev = t->next = NULL;
    b->held -= t->held;
    t->held = 0;
}

/* Ends t's wait with state; its connection joins r.  Lock held. */
static void end_wait(struct body_budget *b, struct budget_ticket *t,
                     enum budget_state state, struct resumes *r)
{
    unqueue(b, t);
    atomic_store(&t->state, state);
    if (owed(t))
        r->conn[r->n++] = t->conn;
}

static int older(const struct timespec *since, const struct timespec *now,
                 double seconds)
{
    return (double)(now->tv_sec - since->tv_sec) +
               (double)(now->tv_nsec - since->tv_nsec) / 1e9 >=
           seconds;
}

/* The waiter to admit next: the oldest while the queue moves, the
 * newest once the oldest has waited half a share's time.  Lock held. */
static struct budget_ticket *next_in(const struct body_budget *b,
                                     const struct timespec *now)
{
    if (b->head != NULL && b->timeout > 0 &&
        older(&b->head->since, now, (double)b->timeout / 2))
        return b->tail;
    return b->head;
}

/* Admits waiters that fit, while r has room.  Lock held. */
static void admit_waiters(struct body_budget *b, const struct timespec *now,
                          struct resumes *r)
{
    struct budget_ticket *t;

    while ((t = next_in(b, now)) != NULL && r->n < RESUME_BATCH &&
           fits(b, t->want)) {
        unqueue(b, t);
        hold(b, t, now);
        if (owed(t))
            r->conn[r->n++] = t->conn;
    }
}

static void resume_all(const struct body_budget *b, const struct resumes *r)
{
    for (size_t i = 0; i < r->n; i++)
        b->ops->resume(r->conn[i]);
}

/* Admits what fits, resuming outside the lock, until nothing more does. */
static void wake_waiters(struct body_budget *b)
{
    struct resumes r;
    struct timespec now;

    b->ops->now(&now);
    do {
        r.n = 0;
        pthread_mutex_lock(&b->lock);
        admit_waiters(b, &now, &r);
        pthread_mutex_unlock(&b->lock);
        resume_all(b, &r);
    } while (r.n == RESUME_BATCH);
}

/* Puts t at the end of the queue and suspends its connection, or says
 * why it cannot wait.  Lock held on entry, not on return. */
static enum budget_state wait_in_queue(struct body_budget *b,
                                       struct budget_ticket *t,
                                       const struct timespec *now)
{
    int resume;

    if (atomic_load(&t->state) != BUDGET_WAITING) {
        if (b->waiting >= b->waiters_max) {
            atomic_store(&t->state, BUDGET_BUSY);
            pthread_mutex_unlock(&b->lock);
            return BUDGET_BUSY;
        }
        t->since = *now;
        t->prev = b->tail;
        t->next = NULL;
        if (b->tail != NULL)
            b->tail->next = t;
        else
            b->head = t;
        b->tail = t;
        b->waiting++;
        atomic_store(&t->state, BUDGET_WAITING);
    }
    t->suspending = 1;
    t->resume_asked = 0;
    pthread_mutex_unlock(&b->lock);
    /* No lock is held across a libmicrohttpd call.  A release or a tick
     * that ended the wait meanwhile asked, through resume_asked, that
     * the connection be resumed here, once it is suspended. */
    b->ops->suspend(t->conn);
    pthread_mutex_lock(&b->lock);
    t->suspending = 0;
    resume = t->resume_asked;
    t->suspended = !resume;
    pthread_mutex_unlock(&b->lock);
    if (resume)
        b->ops->resume(t->conn);
    return BUDGET_WAITING;
}

enum budget_state body_budget_take(struct body_budget *b,
                                   struct budget_ticket *t,
                                   struct MHD_Connection *conn,
                                   size_t bytes)
{
    enum budget_state state = atomic_load(&t->state);
    struct timespec now;

    if (state != BUDGET_NONE && state != BUDGET_WAITING)
        return state; /* admitted, or its wait ended */
    b->ops->now(&now);
    pthread_mutex_lock(&b->lock);
    state = atomic_load(&t->state);
    if (state == BUDGET_NONE) {
        t->conn = conn;
        t->want = bytes;
        /* A new body goes if it fits and nobody older waits. */
        if (b->head == NULL && fits(b, bytes)) {
            hold(b, t, &now);
            pthread_mutex_unlock(&b->lock);
            return BUDGET_ADMITTED;
        }
    } else if (state != BUDGET_WAITING) {
        pthread_mutex_unlock(&b->lock);
        return state; /* admitted, or ended, since the first look */
    }
    return wait_in_queue(b, t, &now);
}

void body_budget_release(struct body_budget *b, struct budget_ticket *t)
{
    enum budget_state state = atomic_load(&t->state);

    if (state != BUDGET_WAITING && state != BUDGET_ADMITTED)
        return; /* never asked, or already given back */
    pthread_mutex_lock(&b->lock);
    state = atomic_load(&t->state);
    if (state == BUDGET_WAITING)
        unqueue(b, t); /* its connection closed while it waited */
    else if (state == BUDGET_ADMITTED)
        unhold(b, t);
    atomic_store(&t->state, BUDGET_NONE);
    pthread_mutex_unlock(&b->lock);
    wake_waiters(b);
}

void body_budget_tick(struct body_budget *b, const struct timespec *now)
{
    struct resumes r = {{NULL}, 0};
    struct budget_ticket *t, *next;

    pthread_mutex_lock(&b->lock);
    for (t = b->holders; t != NULL; t = next) {
        next = t->next;
        if (!b->open && b->timeout > 0 &&
            older(&t->since, now, (double)b->timeout)) {
            unhold(b, t);
            atomic_store(&t->state, BUDGET_LATE);
        }
    }
    for (t = b->head; t != NULL && r.n < RESUME_BATCH; t = next) {
        next = t->next;
        /* A suspended connection is not closed under us: its fd is good
         * while we hold the lock and it waits. */
        if (t->suspended && b->ops->gone(t->conn))
            end_wait(b, t, BUDGET_GONE, &r);
        else if (b->wait_max > 0 &&
                 older(&t->since, now, (double)b->wait_max))
            end_wait(b, t, BUDGET_TIMED_OUT, &r);
    }
    admit_waiters(b, now, &r);
    pthread_mutex_unlock(&b->lock);
    resume_all(b, &r);
    wake_waiters(b);
}

void body_budget_open(struct body_budget *b)
{
    pthread_mutex_lock(&b->lock);
    b->open = 1;
    pthread_mutex_unlock(&b->lock);
    wake_waiters(b);
}
