/* body_budget.c - request bodies held in memory, bounded; the rest wait.
 * A waiter's bytes are reserved when it is taken off the queue, before
 * it is resumed: so a release resumes at once every waiter that fits,
 * oldest first, and a resumed request finds its share already held. */
#include "http/body_budget.h"

#include <microhttpd.h>

int body_budget_init(struct body_budget *b, size_t limit)
{
    b->limit = limit;
    b->held = 0;
    b->open = 0;
    b->head = b->tail = NULL;
    return pthread_mutex_init(&b->lock, NULL);
}

void body_budget_cleanup(struct body_budget *b)
{
    pthread_mutex_destroy(&b->lock);
}

/* Whether `bytes` more may be held now.  Called with the lock held. */
static int fits(const struct body_budget *b, size_t bytes)
{
    return b->open || b->limit == 0 || b->held == 0 ||
           (b->held < b->limit && bytes <= b->limit - b->held);
}

/* Takes the oldest waiter off the queue if its bytes fit, and holds
 * them for it.  Returns it if the caller must resume it; NULL if none
 * fits, or if it resumes itself (it is still between queueing and
 * suspending; *more then says to look again).  Lock held. */
static struct budget_ticket *pop_waiter(struct body_budget *b, int *more)
{
    struct budget_ticket *t = b->head;

    *more = 0;
    if (t == NULL || !fits(b, t->want))
        return NULL;
    b->head = t->next;
    if (b->head == NULL)
        b->tail = NULL;
    t->next = NULL;
    t->queued = 0;
    b->held += t->want;
    t->held += t->want;
    if (t->suspending) {
        t->resume_asked = 1;
        *more = 1;
        return NULL;
    }
    return t;
}

/* Resumes every waiter that fits now, oldest first. */
static void resume_waiters(struct body_budget *b)
{
    for (;;) {
        struct budget_ticket *t;
        int more;

        pthread_mutex_lock(&b->lock);
        t = pop_waiter(b, &more);
        pthread_mutex_unlock(&b->lock);
        if (t != NULL)
            MHD_resume_connection(t->conn);
        else if (!more)
            return;
    }
}

int body_budget_take(struct body_budget *b, struct budget_ticket *t,
                     struct MHD_Connection *conn, size_t bytes)
{
    int resume;

    pthread_mutex_lock(&b->lock);
    /* A begun body always goes on, so that none waits holding memory;
     * a new one goes if it fits and nobody older waits. */
    if (t->held > 0 || (b->head == NULL && fits(b, bytes))) {
        b->held += bytes;
        t->held += bytes;
        pthread_mutex_unlock(&b->lock);
        return 1;
    }
    t->conn = conn;
    t->want = bytes;
    t->queued = 1;
    t->suspending = 1;
    t->resume_asked = 0;
    t->next = NULL;
    if (b->tail != NULL)
        b->tail->next = t;
    else
        b->head = t;
    b->tail = t;
    pthread_mutex_unlock(&b->lock);

    /* No lock is held across a libmicrohttpd call.  A release that took
     * t off the queue meanwhile asked, through resume_asked, that t be
     * resumed here, once it is suspended. */
    MHD_suspend_connection(conn);
    pthread_mutex_lock(&b->lock);
    t->suspending = 0;
    resume = t->resume_asked;
    pthread_mutex_unlock(&b->lock);
    if (resume)
        MHD_resume_connection(conn);
    return 0;
}

void body_budget_release(struct body_budget *b, struct budget_ticket *t)
{
    pthread_mutex_lock(&b->lock);
    b->held -= t->held;
    t->held = 0;
    if (t->queued) { /* its connection closed while it waited */
        struct budget_ticket **p = &b->head, *prev = NULL;

        while (*p != t) {
            prev = *p;
            p = &(*p)->next;
        }
        *p = t->next;
        if (b->tail == t)
            b->tail = prev;
        t->queued = 0;
    }
    pthread_mutex_unlock(&b->lock);
    resume_waiters(b);
}

void body_budget_open(struct body_budget *b)
{
    pthread_mutex_lock(&b->lock);
    b->open = 1;
    pthread_mutex_unlock(&b->lock);
    resume_waiters(b);
}
