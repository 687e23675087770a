/* check_answer_budget.c - unit tests of answer_budget.c: takes and gives
 * step by step against the bytes held, and two threads taking and giving
 * at once, bounded in iterations, which must leave nothing held and never
 * hold more than the limit but under the nothing-held rule. */
#include <check.h>
#include <pthread.h>
#include <stdint.h>

#include "http/answer_budget.h"
#include "suites.h"

#define STEPS 8

struct step {
    char op;     /* 't' take, 'g' give, 0 end */
    size_t n;
    int ok;      /* what take returns */
    size_t held; /* held after the step */
};

static const struct {
    const char *what;
    size_t limit;
    struct step s[STEPS];
} cases[] = {
    {"take and give", 100,
     {{'t', 30, 1, 30}, {'t', 70, 1, 100}, {'t', 1, 0, 100},
      {'g', 30, 0, 70}, {'t', 30, 1, 100}, {'g', 100, 0, 0},
      {'t', 100, 1, 100}, {'g', 100, 0, 0}}},
    {"the limit", 100,
     {{'t', 60, 1, 60}, {'t', 41, 0, 60}, {'t', 40, 1, 100},
      {'g', 40, 0, 60}, {'t', 41, 0, 60}, {'g', 60, 0, 0}}},
    {"nothing held: any size", 100,
     {{'t', 1000, 1, 1000}, {'t', 1, 0, 1000}, {'g', 1000, 0, 0},
      {'t', 101, 1, 101}, {'t', 1, 0, 101}, {'g', 101, 0, 0},
      {'t', SIZE_MAX, 1, SIZE_MAX}, {'g', SIZE_MAX, 0, 0}}},
    {"no wrap past SIZE_MAX", 100,
     {{'t', 50, 1, 50}, {'t', SIZE_MAX, 0, 50}, {'t', SIZE_MAX - 40, 0, 50},
      {'t', 51, 0, 50}, {'t', 50, 1, 100}}},
    {"limit 0: no bound", 0,
     {{'t', SIZE_MAX / 2, 1, SIZE_MAX / 2},
      {'t', SIZE_MAX / 4, 1, SIZE_MAX / 2 + SIZE_MAX / 4},
      {'g', SIZE_MAX / 2, 0, SIZE_MAX / 4}, {'g', SIZE_MAX / 4, 0, 0}}},
    {"limit 1", 1,
     {{'t', 1, 1, 1}, {'t', 1, 0, 1}, {'g', 1, 0, 0}, {'t', 1, 1, 1}}},
};

START_TEST(steps)
{
    struct answer_budget b;

    answer_budget_init(&b, cases[_i].limit);
    for (int k = 0; k < STEPS && cases[_i].s[k].op != 0; k++) {
        const struct step *s = &cases[_i].s[k];

        if (s->op == 't')
            ck_assert_msg(answer_budget_take(&b, s->n) == s->ok,
                          "%s, step %d: take %zu", cases[_i].what, k, s->n);
        else
            answer_budget_give(&b, s->n);
        ck_assert_msg(atomic_load(&b.held) == s->held,
                      "%s, step %d: %zu held, not %zu", cases[_i].what, k,
                      atomic_load(&b.held), s->held);
    }
}
END_TEST

/* The hammer: each thread holds up to SLOTS answers at once, of 1 to
 * 400 bytes, or BIG (over the limit) one time in 16. */
#define LIMIT 1000
#define BIG 5000
#define SLOTS 4
#define ITERATIONS 2000000
#define RUNS 4 /* one run missed a torn take 1 time in 4 (2 busy cores) */

struct hammer {
    struct answer_budget *b;
    pthread_barrier_t *start; /* both threads begin together */
    uint32_t seed;
    unsigned long taken, refused, bigs, over; /* over: a bound broken */
};

/* xorshift32 (Marsaglia): an LCG's low bits repeat too soon to mix the
 * choices below.  seed: not 0. */
static uint32_t next_rand(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    return *seed;
}

/* Whether h bytes held at once may be: up to the limit, or BIG alone
 * (held when nothing else was, and nothing may join it). */
static int allowed(size_t h)
{
    return h <= LIMIT || h == BIG;
}

static void *hammer_run(void *arg)
{
    struct hammer *w = arg;
    size_t held[SLOTS];
    size_t first = 0, n = 0;

    pthread_barrier_wait(w->start);
    for (long i = 0; i < ITERATIONS; i++) {
        uint32_t r = next_rand(&w->seed);
        size_t size = r >> 28 == 0 ? BIG : 1 + r % 400;
        if (n == SLOTS || (n > 0 && (r >> 27 & 1) != 0)) {
            answer_budget_give(w->b, held[first]);
            first = (first + 1) % SLOTS;
            n--;
        } else if (answer_budget_take(w->b, size)) {
            held[(first + n) % SLOTS] = size;
            n++;
            w->taken++;
            w->bigs += size == BIG;
            w->over += !allowed(atomic_load(&w->b->held));
        } else {
            w->refused++;
        }
    }
    for (; n > 0; n--, first = (first + 1) % SLOTS)
        answer_budget_give(w->b, held[first]);
    return NULL;
}

START_TEST(two_threads)
{
    struct answer_budget b;
    pthread_barrier_t start;
    struct hammer w[2] = {{&b, &start, 2 * _i + 1, 0, 0, 0, 0},
                          {&b, &start, 2 * _i + 2, 0, 0, 0, 0}};
    pthread_t th[2];
    size_t left;

    answer_budget_init(&b, LIMIT);
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, 2), 0);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, hammer_run, &w[i]),
                         0);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    left = atomic_load(&b.held);
    ck_assert_uint_eq(left, 0);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(w[i].over, 0);
        /* each thread both held and was refused */
        ck_assert_uint_gt(w[i].taken, 0);
        ck_assert_uint_gt(w[i].refused, 0);
    }
    /* the nothing-held rule was used (by one thread at least: the other
     * may run while the first, descheduled, holds some) */
    ck_assert_uint_gt(w[0].bigs + w[1].bigs, 0);
}
END_TEST

Suite *answer_budget_suite(void)
{
    Suite *s = suite_create("answer_budget");
    TCase *tc;

    tc = tcase_create("arithmetic");
    tcase_add_loop_test(tc, steps, 0, sizeof(cases) / sizeof(cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 60); /* slow under valgrind */
    tcase_add_loop_test(tc, two_threads, 0, RUNS);
    suite_add_tcase(s, tc);
    return s;
}
