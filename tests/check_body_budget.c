/* check_body_budget.c - unit tests of body_budget.c without a socket or
 * a thread: the budget is driven through its budget_ops with a fake
 * connection and a fake clock, and every suspend and resume is logged.
 * A fake connection is an address in a page that may not be read or
 * written, so the budget dereferencing one would crash the test. */
#define _DEFAULT_SOURCE 1 /* mmap's MAP_ANONYMOUS */

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "http/body_budget.h"
#include "suites.h"

#define CONNS 128 /* more than the budget resumes in one batch (64) */
#define LOG_MAX 1024

/* One call of the fake ops, with the ticket as the call found it. */
struct call {
    char op;      /* 's' suspend, 'r' resume */
    int conn;     /* its index */
    int state;    /* the ticket's state then */
    size_t held;  /* the ticket's held bytes then */
};

static char *page; /* PROT_NONE: conn i is page + i */
static size_t page_size;
static struct body_budget b;
static int started;
static struct budget_ticket tk[CONNS];
static struct timespec clock_now;
static int suspends[CONNS], resumes[CONNS], gone[CONNS], gone_asked[CONNS];
static struct call calls[LOG_MAX];
static size_t ncalls;
static void (*on_suspend)(int conn); /* run once, inside a suspend */

static struct MHD_Connection *conn(int i)
{
    return (struct MHD_Connection *)(page + i);
}

static int id(struct MHD_Connection *c)
{
    ptrdiff_t i = (char *)c - page;

    ck_assert(i >= 0 && i < CONNS);
    return (int)i;
}

static void note(char op, int i)
{
    ck_assert_uint_lt(ncalls, LOG_MAX);
    calls[ncalls].op = op;
    calls[ncalls].conn = i;
    calls[ncalls].state = atomic_load(&tk[i].state);
    calls[ncalls].held = tk[i].held;
    ncalls++;
}

static void fake_suspend(struct MHD_Connection *c)
{
    int i = id(c);
    void (*hook)(int) = on_suspend;

    note('s', i);
    suspends[i]++;
    on_suspend = NULL;
    if (hook != NULL)
        hook(i);
}

static void fake_resume(struct MHD_Connection *c)
{
    int i = id(c);

    note('r', i);
    resumes[i]++;
}

static int fake_gone(struct MHD_Connection *c)
{
    int i = id(c);

    gone_asked[i]++;
    return gone[i];
}

static void fake_now(struct timespec *now)
{
    *now = clock_now;
}

static const struct budget_ops fake = {fake_suspend, fake_resume,
                                       fake_gone, fake_now};

static void setup(void)
{
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    page = mmap(NULL, page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    ck_assert(page != MAP_FAILED);
    memset(tk, 0, sizeof(tk));
    memset(suspends, 0, sizeof(suspends));
    memset(resumes, 0, sizeof(resumes));
    memset(gone, 0, sizeof(gone));
    memset(gone_asked, 0, sizeof(gone_asked));
    ncalls = 0;
    on_suspend = NULL;
    clock_now.tv_sec = 1000;
    clock_now.tv_nsec = 0;
    started = 0;
}

static void teardown(void)
{
    if (started)
        body_budget_cleanup(&b);
    munmap(page, page_size);
}

static void start(size_t limit, size_t waiters_max, unsigned long timeout,
                  unsigned long wait_max)
{
    ck_assert_int_eq(body_budget_init(&b, &fake, limit, waiters_max,
                                      timeout, wait_max),
                     0);
    started = 1;
}

/* The fake clock, ms after the start of the test. */
static void at(long ms)
{
    clock_now.tv_sec = 1000 + ms / 1000;
    clock_now.tv_nsec = (ms % 1000) * 1000000L;
}

static void tick_at(long ms)
{
    at(ms);
    body_budget_tick(&b, &clock_now);
}

static enum budget_state take(int i, size_t bytes)
{
    return body_budget_take(&b, &tk[i], conn(i), bytes);
}

static void release(int i)
{
    body_budget_release(&b, &tk[i]);
}

static int state(int i)
{
    return atomic_load(&tk[i].state);
}

/* Admission and waiting. */

START_TEST(admit_when_it_fits)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 60), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 60);
    ck_assert_uint_eq(tk[0].held, 60);
    ck_assert_int_eq(take(1, 40), BUDGET_ADMITTED); /* exactly full */
    ck_assert_uint_eq(b.held, 100);
    ck_assert_uint_eq(tk[1].held, 40);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_uint_eq(ncalls, 0); /* nothing suspended or resumed */
    ck_assert_uint_eq(b.waiting, 0);
    /* an admitted ticket asking again gets what it has */
    ck_assert_int_eq(take(0, 60), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 100);
}
END_TEST

START_TEST(wait_when_it_does_not_fit)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 60), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 41), BUDGET_WAITING);
    ck_assert_int_eq(state(1), BUDGET_WAITING);
    ck_assert_int_eq(suspends[1], 1);
    ck_assert_int_eq(resumes[1], 0);
    ck_assert_int_eq(tk[1].suspended, 1);
    ck_assert_uint_eq(tk[1].held, 0);
    ck_assert_uint_eq(b.held, 60);
    ck_assert_uint_eq(b.waiting, 1);
    /* 10 bytes would fit, but someone older waits */
    ck_assert_int_eq(take(2, 10), BUDGET_WAITING);
    ck_assert_int_eq(suspends[2], 1);
    ck_assert_uint_eq(b.held, 60);
    ck_assert_uint_eq(b.waiting, 2);
    ck_assert_uint_eq(ncalls, 2);
}
END_TEST

START_TEST(release_resumes_the_oldest_that_fit)
{
    start(100, 8, 10, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(take(2, 40), BUDGET_WAITING);
    ck_assert_int_eq(take(3, 20), BUDGET_WAITING);
    ck_assert_int_eq(take(4, 5), BUDGET_WAITING);
    ncalls = 0;
    release(0);
    /* 1 and 2 fit (90); 3 does not, and 4, which would, is behind it */
    ck_assert_int_eq(state(0), BUDGET_NONE);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED);
    ck_assert_int_eq(state(3), BUDGET_WAITING);
    ck_assert_int_eq(state(4), BUDGET_WAITING);
    ck_assert_uint_eq(b.held, 90);
    ck_assert_uint_eq(b.waiting, 2);
    /* resumed oldest first, each with its share already held */
    ck_assert_uint_eq(ncalls, 2);
    ck_assert_int_eq(calls[0].op, 'r');
    ck_assert_int_eq(calls[0].conn, 1);
    ck_assert_int_eq(calls[0].state, BUDGET_ADMITTED);
    ck_assert_uint_eq(calls[0].held, 50);
    ck_assert_int_eq(calls[1].op, 'r');
    ck_assert_int_eq(calls[1].conn, 2);
    ck_assert_uint_eq(calls[1].held, 40);
    /* resumed, 1 asks again and is not suspended again */
    ck_assert_int_eq(take(1, 50), BUDGET_ADMITTED);
    ck_assert_int_eq(suspends[1], 1);
    ck_assert_int_eq(tk[1].suspended, 0);
    release(1); /* 40 held: 3 and 4 fit (65) */
    ck_assert_int_eq(state(3), BUDGET_ADMITTED);
    ck_assert_int_eq(state(4), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 65);
    ck_assert_int_eq(resumes[3], 1);
    ck_assert_int_eq(resumes[4], 1);
    ck_assert_int_eq(resumes[1], 1);
    ck_assert_int_eq(resumes[2], 1);
}
END_TEST

START_TEST(nothing_held_admits_any_size)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 500), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 500);
    ck_assert_int_eq(take(1, 1), BUDGET_WAITING); /* held over the limit */
    ck_assert_int_eq(take(2, 1000), BUDGET_WAITING);
    release(0);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_int_eq(state(2), BUDGET_WAITING); /* 1 byte is held */
    ck_assert_uint_eq(b.held, 1);
    release(1);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED); /* a waiter too */
    ck_assert_uint_eq(b.held, 1000);
    ck_assert_int_eq(resumes[2], 1);
}
END_TEST

/* The waiters_max = _i waiters that may wait, then the next is busy. */
START_TEST(busy_past_waiters_max)
{
    int n = _i;

    start(100, (size_t)n, 10, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    for (int i = 1; i <= n; i++)
        ck_assert_int_eq(take(i, 1), BUDGET_WAITING);
    ck_assert_int_eq(take(n + 1, 1), BUDGET_BUSY);
    ck_assert_int_eq(state(n + 1), BUDGET_BUSY);
    ck_assert_int_eq(suspends[n + 1], 0);
    ck_assert_uint_eq(b.waiting, (size_t)n);
    ck_assert_int_eq(take(n + 1, 1), BUDGET_BUSY); /* and stays busy */
    release(n + 1); /* gives nothing back */
    ck_assert_uint_eq(b.waiting, (size_t)n);
    ck_assert_uint_eq(b.held, 100);
    release(0);
    for (int i = 1; i <= n; i++)
        ck_assert_int_eq(state(i), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, (size_t)n);
    ck_assert_int_eq(resumes[n + 1], 0);
    ck_assert_int_eq(state(n + 1), BUDGET_BUSY);
}
END_TEST

START_TEST(limit_zero_is_no_bound)
{
    size_t big = SIZE_MAX / 4;

    start(0, 0, 10, 15); /* nobody may wait, and nobody has to */
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(take(i, big), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 3 * big);
    ck_assert_uint_eq(ncalls, 0);
}
END_TEST

/* Release. */

START_TEST(release_of_a_ticket_that_never_asked)
{
    start(100, 4, 10, 15);
    release(5);
    ck_assert_int_eq(state(5), BUDGET_NONE);
    ck_assert_uint_eq(b.held, 0);
    ck_assert_int_eq(take(0, 60), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 30), BUDGET_ADMITTED);
    release(5);
    ck_assert_uint_eq(b.held, 90);
    release(0);
    release(0); /* twice: given back once */
    ck_assert_uint_eq(b.held, 30);
    ck_assert_int_eq(state(0), BUDGET_NONE);
    ck_assert_uint_eq(ncalls, 0);
}
END_TEST

START_TEST(release_of_a_waiter)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(take(2, 50), BUDGET_WAITING);
    release(1); /* its connection closed while it waited */
    ck_assert_int_eq(state(1), BUDGET_NONE);
    ck_assert_uint_eq(b.waiting, 1);
    ck_assert_uint_eq(b.held, 100);
    ck_assert_int_eq(resumes[1], 0);
    release(0);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED);
    ck_assert_int_eq(state(1), BUDGET_NONE);
    ck_assert_uint_eq(b.held, 50);
    ck_assert_int_eq(resumes[1], 0);
    ck_assert_int_eq(resumes[2], 1);
}
END_TEST

/* More waiters than one batch of resumes, all let in by one release. */
START_TEST(release_past_one_batch)
{
    int n = CONNS - 1;

    start(1000, CONNS, 10, 15);
    ck_assert_int_eq(take(0, 1000), BUDGET_ADMITTED);
    for (int i = 1; i <= n; i++)
        ck_assert_int_eq(take(i, 1), BUDGET_WAITING);
    ncalls = 0;
    release(0);
    ck_assert_uint_eq(b.held, (size_t)n);
    ck_assert_uint_eq(b.waiting, 0);
    ck_assert_uint_eq(ncalls, (size_t)n);
    for (int i = 1; i <= n; i++) {
        ck_assert_int_eq(state(i), BUDGET_ADMITTED);
        ck_assert_int_eq(resumes[i], 1);
        ck_assert_int_eq(calls[i - 1].conn, i); /* oldest first */
    }
}
END_TEST

/* Time: shares and waits. */

START_TEST(late_share_taken_back)
{
    start(100, 4, 10, 60);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    at(1000);
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    tick_at(9999);
    ck_assert_int_eq(state(0), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 100);
    tick_at(10000); /* 0's 10 s are up: 1 goes in */
    ck_assert_int_eq(state(0), BUDGET_LATE);
    ck_assert_uint_eq(tk[0].held, 0);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 50);
    ck_assert_int_eq(resumes[1], 1);
    ck_assert_int_eq(resumes[0], 0);
    ck_assert_int_eq(take(0, 100), BUDGET_LATE);
    release(0); /* its share is back already */
    ck_assert_uint_eq(b.held, 50);
    ck_assert_int_eq(state(0), BUDGET_LATE);
    /* 1's share counts from its admission, not from its wait */
    tick_at(19999);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    tick_at(20000);
    ck_assert_int_eq(state(1), BUDGET_LATE);
    ck_assert_uint_eq(b.held, 0);
}
END_TEST

START_TEST(wait_longer_than_wait_max)
{
    start(100, 4, 60, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    at(500);
    ck_assert_int_eq(take(1, 1), BUDGET_WAITING);
    tick_at(15499);
    ck_assert_int_eq(state(1), BUDGET_WAITING);
    ck_assert_int_eq(resumes[1], 0);
    tick_at(15500);
    ck_assert_int_eq(state(1), BUDGET_TIMED_OUT);
    ck_assert_int_eq(resumes[1], 1);
    ck_assert_uint_eq(b.waiting, 0);
    ck_assert_uint_eq(b.held, 100);
    ck_assert_int_eq(take(1, 1), BUDGET_TIMED_OUT);
    ck_assert_int_eq(suspends[1], 1);
    release(1);
    release(0);
    ck_assert_uint_eq(b.held, 0);
    ck_assert_int_eq(state(1), BUDGET_TIMED_OUT);
    ck_assert_int_eq(resumes[1], 1);
}
END_TEST

START_TEST(gone_client)
{
    start(100, 4, 60, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(take(2, 50), BUDGET_WAITING);
    gone[1] = 1;
    tick_at(100);
    ck_assert_int_eq(state(1), BUDGET_GONE);
    ck_assert_int_eq(resumes[1], 1);
    ck_assert_int_eq(state(2), BUDGET_WAITING);
    ck_assert_int_eq(resumes[2], 0);
    ck_assert_int_eq(gone_asked[2], 1);
    ck_assert_uint_eq(b.waiting, 1);
    ck_assert_int_eq(take(1, 50), BUDGET_GONE);
    release(1);
    release(0);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 50);
}
END_TEST

/* Who goes first when 0's 100 bytes are given back at `ms`, with 1, 2
 * and 3 (60 bytes each) waiting since 0, 1 and 2 s; timeout 10 s. */
static const struct {
    long ms;
    int first, second; /* let in by the 1st release, then by the 2nd */
} order[] = {
    {4999, 1, 2}, /* oldest waited under timeout / 2: oldest first */
    {5000, 3, 2}, /* from timeout / 2 on: newest first */
    {9000, 3, 2},
};

START_TEST(adaptive_lifo)
{
    int first = order[_i].first, second = order[_i].second;
    int third = 6 - first - second;

    start(100, 8, 10, 60);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    for (int i = 1; i <= 3; i++) {
        at((i - 1) * 1000L);
        ck_assert_int_eq(take(i, 60), BUDGET_WAITING);
    }
    at(order[_i].ms);
    release(0);
    ck_assert_int_eq(state(first), BUDGET_ADMITTED);
    ck_assert_int_eq(state(second), BUDGET_WAITING);
    ck_assert_int_eq(state(third), BUDGET_WAITING);
    ck_assert_int_eq(resumes[first], 1);
    release(first);
    ck_assert_int_eq(state(second), BUDGET_ADMITTED);
    ck_assert_int_eq(state(third), BUDGET_WAITING);
    ck_assert_uint_eq(b.held, 60);
}
END_TEST

/* The same switch seen by the ticker: 0's share taken back at 10 s. */
START_TEST(adaptive_lifo_on_tick)
{
    start(100, 8, 10, 60);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 60), BUDGET_WAITING);
    at(1000);
    ck_assert_int_eq(take(2, 60), BUDGET_WAITING);
    tick_at(10000);
    ck_assert_int_eq(state(0), BUDGET_LATE);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED);
    ck_assert_int_eq(state(1), BUDGET_WAITING);
}
END_TEST

START_TEST(open_admits_everyone)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(take(2, 70), BUDGET_WAITING);
    body_budget_open(&b);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_int_eq(state(2), BUDGET_ADMITTED);
    ck_assert_int_eq(resumes[1], 1);
    ck_assert_int_eq(resumes[2], 1);
    ck_assert_uint_eq(b.held, 220);
    ck_assert_uint_eq(b.waiting, 0);
    ck_assert_int_eq(take(3, 1000), BUDGET_ADMITTED);
    ck_assert_int_eq(suspends[3], 0);
    tick_at(60000); /* no share is late while open */
    for (int i = 0; i <= 3; i++)
        ck_assert_int_eq(state(i), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 1220);
}
END_TEST

/* A resume that comes while the connection is being suspended. */

static void release_0(int conn_suspending)
{
    ck_assert_int_eq(tk[conn_suspending].suspending, 1);
    release(0);
}

START_TEST(admitted_while_suspending)
{
    start(100, 4, 10, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    on_suspend = release_0;
    /* waiting when it was queued; admitted before the suspend returned */
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(state(1), BUDGET_ADMITTED);
    ck_assert_uint_eq(b.held, 50);
    /* resumed once, and only after its suspend */
    ck_assert_uint_eq(ncalls, 2);
    ck_assert_int_eq(calls[0].op, 's');
    ck_assert_int_eq(calls[1].op, 'r');
    ck_assert_int_eq(calls[1].conn, 1);
    ck_assert_int_eq(tk[1].suspending, 0);
    ck_assert_int_eq(tk[1].suspended, 0);
    ck_assert_int_eq(take(1, 50), BUDGET_ADMITTED);
    release(1);
    tick_at(60000);
    ck_assert_int_eq(suspends[1], 1);
    ck_assert_int_eq(resumes[1], 1); /* owed one, paid one */
}
END_TEST

static void tick_15s(int conn_suspending)
{
    (void)conn_suspending;
    tick_at(15000);
}

START_TEST(timed_out_while_suspending)
{
    start(100, 4, 60, 15);
    ck_assert_int_eq(take(0, 100), BUDGET_ADMITTED);
    gone[1] = 1; /* asked only of a suspended connection */
    on_suspend = tick_15s;
    ck_assert_int_eq(take(1, 50), BUDGET_WAITING);
    ck_assert_int_eq(state(1), BUDGET_TIMED_OUT);
    ck_assert_int_eq(gone_asked[1], 0);
    ck_assert_uint_eq(ncalls, 2);
    ck_assert_int_eq(calls[0].op, 's');
    ck_assert_int_eq(calls[1].op, 'r');
    ck_assert_int_eq(tk[1].suspended, 0);
    ck_assert_uint_eq(b.waiting, 0);
    tick_at(16000);
    ck_assert_int_eq(resumes[1], 1);
}
END_TEST

Suite *body_budget_suite(void)
{
    Suite *s = suite_create("body_budget");
    TCase *tc;

    tc = tcase_create("admission");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, admit_when_it_fits);
    tcase_add_test(tc, wait_when_it_does_not_fit);
    tcase_add_test(tc, release_resumes_the_oldest_that_fit);
    tcase_add_test(tc, nothing_held_admits_any_size);
    tcase_add_loop_test(tc, busy_past_waiters_max, 0, 4);
    tcase_add_test(tc, limit_zero_is_no_bound);
    suite_add_tcase(s, tc);

    tc = tcase_create("release");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, release_of_a_ticket_that_never_asked);
    tcase_add_test(tc, release_of_a_waiter);
    tcase_add_test(tc, release_past_one_batch);
    suite_add_tcase(s, tc);

    tc = tcase_create("time");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, late_share_taken_back);
    tcase_add_test(tc, wait_longer_than_wait_max);
    tcase_add_test(tc, gone_client);
    tcase_add_loop_test(tc, adaptive_lifo, 0,
                        sizeof(order) / sizeof(order[0]));
    tcase_add_test(tc, adaptive_lifo_on_tick);
    suite_add_tcase(s, tc);

    tc = tcase_create("stop_and_races");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, open_admits_everyone);
    tcase_add_test(tc, admitted_while_suspending);
    tcase_add_test(tc, timed_out_while_suspending);
    suite_add_tcase(s, tc);
    return s;
}
