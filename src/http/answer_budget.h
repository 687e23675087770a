/* answer_budget.h - a bound on the answer text held for clients that
 * have not read it yet, all connections together: a client that never
 * reads cannot make the server hold more than answer_memory.  An answer
 * that does not fit is refused (503, Retry-After); when nothing is
 * held, the next answer is held whatever its size.  Answers built once
 * and shared (the fixed answers, the answer cache) are not counted:
 * the cache bounds those.  Lock-free; safe from every server thread. */
#ifndef MODELSCALE_ANSWER_BUDGET_H
#define MODELSCALE_ANSWER_BUDGET_H

#include <stdatomic.h>
#include <stddef.h>

struct answer_budget {
    atomic_size_t held;
    size_t limit; /* bytes; 0: no bound */
};

void answer_budget_init(struct answer_budget *b, size_t limit);

/* Holds n more bytes if they fit.  Returns 1 if held, 0 if not.
 * @unittest check_answer_budget.c */
int answer_budget_take(struct answer_budget *b, size_t n);

/* Gives back n bytes that answer_budget_take held. */
void answer_budget_give(struct answer_budget *b, size_t n);

#endif
