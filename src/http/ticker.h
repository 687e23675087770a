/* ticker.h - a thread that does the server's periodic work: every
 * period it calls one function, until stopped.  What it does must be
 * quick and thread-safe; the body budget's tick is. */
#ifndef MODELSCALE_TICKER_H
#define MODELSCALE_TICKER_H

#include <pthread.h>

struct ticker {
    pthread_t thread;
    pthread_mutex_t lock; /* guards stop */
    pthread_cond_t wake;
    int stop;
    int running;
    long period_ms;
    void (*fn)(void *arg); /* called with arg, on the ticker's thread */
    void *arg;
};

/* Starts calling fn(arg) every period_ms.  Returns 0, or an errno value
 * (nothing is left running then). */
int ticker_start(struct ticker *t, long period_ms, void (*fn)(void *arg),
                 void *arg);

/* Stops the thread and waits for it; fn is not called again.  Accepts a
 * ticker that never started. */
void ticker_stop(struct ticker *t);

#endif
