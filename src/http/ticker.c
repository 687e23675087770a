/* ticker.c - the periodic thread: a timed wait on a condition, so that
 * a stop wakes it at once. */
#include "http/ticker.h"

#include <errno.h>
#include <time.h>

static void *run(void *arg)
{
    struct ticker *t = arg;
    struct timespec at;

    clock_gettime(CLOCK_REALTIME, &at);
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        at.tv_nsec += t->period_ms % 1000 * 1000000L;
        at.tv_sec += t->period_ms / 1000 + at.tv_nsec / 1000000000L;
        at.tv_nsec %= 1000000000L;
        if (pthread_cond_timedwait(&t->wake, &t->lock, &at) != ETIMEDOUT)
            continue; /* a stop, or a spurious wake */
        pthread_mutex_unlock(&t->lock);
        t->fn(t->arg);
        pthread_mutex_lock(&t->lock);
        clock_gettime(CLOCK_REALTIME, &at);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int ticker_start(struct ticker *t, long period_ms, void (*fn)(void *arg),
                 void *arg)
{
    int err;

    t->stop = 0;
    t->running = 0;
    t->period_ms = period_ms;
    t->fn = fn;
    t->arg = arg;
    err = pthread_mutex_init(&t->lock, NULL);
    if (err != 0)
        return err;
    err = pthread_cond_init(&t->wake, NULL);
    if (err == 0)
        err = pthread_create(&t->thread, NULL, run, t);
    if (err != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        return err;
    }
    t->running = 1;
    return 0;
}

void ticker_stop(struct ticker *t)
{
    if (!t->running)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    t->running = 0;
}
