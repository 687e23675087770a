/* answer_budget.c - answer bytes held at once, counted with one atomic. */
#include "http/answer_budget.h"

void answer_budget_init(struct answer_budget *b, size_t limit)
{
    atomic_init(&b->held, 0);
    b->limit = limit;
}

int answer_budget_take(struct answer_budget *b, size_t n)
{
    size_t held = atomic_load(&b->held);

    do {
        if (b->limit != 0 && held > 0 &&
            (held >= b->limit || n > b->limit - held))
            return 0;
    } while (!atomic_compare_exchange_weak(&b->held, &held, held + n));
    return 1;
}

void answer_budget_give(struct answer_budget *b, size_t n)
{
    atomic_fetch_sub(&b->held, n);
}
