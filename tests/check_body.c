/* check_body.c - unit tests of body.c: what a body asks of the budget,
 * chunks kept and counted, and each fault (over the limit, a share taken
 * back for slowness) dropping what was held, with the budget given its
 * share back.  The budget's connections are fakes it never touches. */
#include <check.h>
#include <string.h>

#include "http/body.h"
#include "suites.h"

static int calls; /* of the fake operations: none is expected */

static void fake_conn(struct MHD_Connection *conn)
{
    (void)conn;
    calls++;
}

static int fake_gone(struct MHD_Connection *conn)
{
    (void)conn;
    calls++;
    return 0;
}

static void fake_now(struct timespec *now)
{
    now->tv_sec = 100;
    now->tv_nsec = 0;
}

static const struct budget_ops ops = {fake_conn, fake_conn, fake_gone,
                                      fake_now};
static struct body_budget budget;
static struct body_rules rules = {&budget, 10, 5};
static struct MHD_Connection *const conn = (struct MHD_Connection *)&calls;

static void setup(void)
{
    calls = 0;
    ck_assert_int_eq(body_budget_init(&budget, &ops, 100, 4, 5, 5), 0);
}

static void teardown(void)
{
    body_budget_cleanup(&budget);
}

START_TEST(need)
{
    ck_assert_uint_eq(body_need(&rules, 7, 0), 7);
    ck_assert_uint_eq(body_need(&rules, 0, 0), 0);
    ck_assert_uint_eq(body_need(&rules, 7, 1), 10); /* chunked: the limit */
}
END_TEST

START_TEST(kept_and_counted)
{
    struct body b = {0};
    struct body c = {0};

    body_take(&b, &rules, 1, "{\"a\"", 4);
    body_take(&b, &rules, 1, ": 1}", 4);
    ck_assert_int_eq(b.fault, SVC_OK);
    ck_assert_uint_eq(b.len, 8);
    ck_assert_str_eq(b.text, "{\"a\": 1}");
    body_take(&c, &rules, 0, "abcdefgh", 8); /* counted, not kept */
    ck_assert_ptr_null(c.text);
    ck_assert_uint_eq(c.len, 8);
    body_cleanup(&b, &rules);
    body_cleanup(&c, &rules);
    body_cleanup(&b, &rules); /* twice is harmless */
    ck_assert_ptr_null(b.text);
    ck_assert_int_eq(calls, 0);
}
END_TEST

START_TEST(limit_exact_and_past)
{
    struct body b = {0};

    body_take(&b, &rules, 1, "0123456789", 10); /* exactly the limit */
    ck_assert_int_eq(b.fault, SVC_OK);
    ck_assert_str_eq(b.text, "0123456789");
    body_take(&b, &rules, 1, "x", 1);
    ck_assert_int_eq(b.fault, SVC_ETOOBIG);
    ck_assert_ptr_null(b.text);
    body_take(&b, &rules, 1, "y", 1); /* the rest is dropped */
    ck_assert_int_eq(b.fault, SVC_ETOOBIG);
    ck_assert_uint_eq(b.len, 10);
    body_cleanup(&b, &rules);
}
END_TEST

/* A body not kept is held to the limit all the same. */
START_TEST(limit_counted_too)
{
    struct body b = {0};

    body_take(&b, &rules, 0, "0123456", 7);
    body_take(&b, &rules, 0, "0123", 4);
    ck_assert_int_eq(b.fault, SVC_ETOOBIG);
    body_cleanup(&b, &rules);
}
END_TEST

/* A share the budget's tick took back for slowness: the next chunk
 * drops the body, and the budget holds nothing for it. */
START_TEST(late_share_dropped)
{
    const struct timespec later = {106, 0}; /* past the 5 s timeout */
    struct body b = {0};

    ck_assert_int_eq(body_budget_take(&budget, &b.ticket, conn, 8),
                     BUDGET_ADMITTED);
    ck_assert_uint_eq(budget.held, 8);
    body_take(&b, &rules, 1, "{}", 2);
    ck_assert_int_eq(b.fault, SVC_OK);
    body_budget_tick(&budget, &later); /* the tick takes it back */
    ck_assert_int_eq(atomic_load(&b.ticket.state), BUDGET_LATE);
    ck_assert_uint_eq(budget.held, 0);
    body_take(&b, &rules, 1, "{}", 2);
    ck_assert_int_eq(b.fault, SVC_ETIMEDOUT);
    ck_assert_ptr_null(b.text);
    ck_assert_uint_eq(budget.held, 0);
    body_cleanup(&b, &rules);
    ck_assert_uint_eq(budget.held, 0);
    ck_assert_int_eq(calls, 0);
}
END_TEST

/* Cleaning up gives back a share still held. */
START_TEST(cleanup_gives_back)
{
    struct body b = {0};

    ck_assert_int_eq(body_budget_take(&budget, &b.ticket, conn, 6),
                     BUDGET_ADMITTED);
    body_take(&b, &rules, 1, "[1]", 3);
    body_cleanup(&b, &rules);
    ck_assert_uint_eq(budget.held, 0);
    ck_assert_ptr_null(b.text);
}
END_TEST

Suite *body_suite(void)
{
    Suite *s = suite_create("body");
    TCase *tc = tcase_create("body");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, need);
    tcase_add_test(tc, kept_and_counted);
    tcase_add_test(tc, limit_exact_and_past);
    tcase_add_test(tc, limit_counted_too);
    tcase_add_test(tc, late_share_dropped);
    tcase_add_test(tc, cleanup_gives_back);
    suite_add_tcase(s, tc);
    return s;
}
