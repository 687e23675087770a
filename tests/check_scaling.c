/* check_scaling.c - unit tests of scaling.c: both fits' loss and
 * compute-optimal split against figures worked by hand. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "modelscale/scaling.h"
#include "suites.h"

static const struct scaling_fit *fit(const char *name)
{
    size_t n;
    const struct scaling_fit *f = scaling_fits(&n);

    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].name, name) == 0)
            return &f[i];
    }
    ck_abort_msg("no fit %s", name);
    return NULL;
}

START_TEST(the_published_constants)
{
    const struct scaling_fit *c = fit("chinchilla"), *e = fit("epoch-2024");

    ck_assert_double_eq(c->E, 1.69);
    ck_assert_double_eq(c->A, 406.4);
    ck_assert_double_eq(c->B, 410.7);
    ck_assert_double_eq(c->alpha, 0.34);
    ck_assert_double_eq(c->beta, 0.28);
    ck_assert_double_eq(e->E, 1.8172);
    ck_assert_double_eq(e->A, 482.01);
    ck_assert_double_eq(e->B, 2085.43);
    ck_assert_double_eq(e->alpha, 0.3478);
    ck_assert_double_eq(e->beta, 0.3658);
}
END_TEST

START_TEST(loss)
{
    /* Chinchilla, N 70e9, D 1.4e12: 406.4 / 70e9^0.34 = 406.4 / 4867.3
     * = 0.0835 and 410.7 / 1.4e12^0.28 = 410.7 / 2518.0 = 0.1631, so
     * 1.69 + 0.0835 + 0.1631 = 1.9366. */
    ck_assert_double_eq_tol(scaling_loss(fit("chinchilla"), 70e9, 1.4e12),
                            1.9366, 1e-4);
    /* Epoch: 482.01 / 70e9^0.3478 = 0.0795, 2085.43 / 1.4e12^0.3658 =
     * 0.0772: 1.8172 + 0.0795 + 0.0772 = 1.9739. */
    ck_assert_double_eq_tol(scaling_loss(fit("epoch-2024"), 70e9, 1.4e12),
                            1.9739, 1e-4);
    /* More of either lowers the loss, towards E. */
    ck_assert(scaling_loss(fit("chinchilla"), 1e15, 1e18) < 1.70);
    ck_assert(scaling_loss(fit("chinchilla"), 1e6, 1e6) > 5);
}
END_TEST

START_TEST(compute_optimal)
{
    /* Chinchilla's budget, 5.76e23 FLOP, C/6 = 9.6e22.  Chinchilla fit:
     * G = (0.34 x 406.4 / (0.28 x 410.7))^(1/0.62) = 1.2016^1.6129 =
     * 1.3447, a = 0.28/0.62 = 0.4516: N = 1.3447 x 9.6e22^0.4516 =
     * 32.2e9 and D = 9.6e22 / N = 2.98e12. */
    double n, d;

    scaling_optimal(fit("chinchilla"), 5.76e23, &n, &d);
    ck_assert_double_eq_tol(n / 1e9, 32.19, 0.01);
    ck_assert_double_eq_tol(d / 1e12, 2.982, 0.001);
    ck_assert_double_eq_tol(n * d / 9.6e22, 1, 1e-12);
    /* Epoch: G = (0.3478 x 482.01 / (0.3658 x 2085.43))^(1/0.7136) =
     * 0.2198^1.4013 = 0.1196: N = 72.2e9, D = 1.33e12. */
    scaling_optimal(fit("epoch-2024"), 5.76e23, &n, &d);
    ck_assert_double_eq_tol(n / 1e9, 72.25, 0.01);
    ck_assert_double_eq_tol(d / 1e12, 1.329, 0.001);
    ck_assert_double_eq_tol(n * d / 9.6e22, 1, 1e-12);
}
END_TEST

START_TEST(least_compute)
{
    /* Epoch's fit sets it: N_opt = 0.1196 (C/6)^0.5126 >= 1 needs
     * C/6 >= 8.361^1.9508 = 63.0, so C >= 378.  (Chinchilla's needs only
     * C/6 >= 1.3447^1.8235 = 1.72, for D_opt.) */
    double least = scaling_compute_min(), n, d;
    size_t count;
    const struct scaling_fit *f = scaling_fits(&count);

    ck_assert_double_eq_tol(least, 378, 1);
    for (size_t i = 0; i < count; i++) {
        scaling_optimal(&f[i], least, &n, &d);
        ck_assert_double_ge(n, 1 - 1e-9);
        ck_assert_double_ge(d, 1 - 1e-9);
    }
    scaling_optimal(fit("epoch-2024"), least * 0.9, &n, &d);
    ck_assert_double_lt(n, 1);
}
END_TEST

START_TEST(extrapolation)
{
    char buf[SCALING_WARNING_MAX];

    ck_assert_int_eq(scaling_extrapolation(1e9, 2e10, buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(scaling_extrapolation(7e7, 5e11, buf, sizeof(buf)), 0);
    ck_assert_int_gt(scaling_extrapolation(70e9, 1.4e12, buf, sizeof(buf)),
                     0);
    ck_assert_str_eq(buf,
                     "70.0B parameters is above the 16.0B of the fits' "
                     "range; 1.4T tokens is above the 500.0B of the fits' "
                     "range (70.0M to 16.0B parameters, 5.0B to 500.0B "
                     "tokens): an extrapolation, less certain than a "
                     "prediction inside it");
    ck_assert_int_gt(scaling_extrapolation(1e9, 1e9, buf, sizeof(buf)), 0);
    ck_assert_ptr_nonnull(strstr(buf, "1.0B tokens is below the 5.0B"));
    ck_assert_ptr_null(strstr(buf, "parameters is"));
    ck_assert_int_gt(scaling_extrapolation(6e7, 1e10, buf, sizeof(buf)), 0);
    ck_assert_ptr_nonnull(strstr(buf, "60.0M parameters is below"));
}
END_TEST

Suite *scaling_suite(void)
{
    Suite *s = suite_create("scaling");
    TCase *tc = tcase_create("fits");

    tcase_add_test(tc, the_published_constants);
    tcase_add_test(tc, loss);
    tcase_add_test(tc, compute_optimal);
    tcase_add_test(tc, least_compute);
    tcase_add_test(tc, extrapolation);
    suite_add_tcase(s, tc);
    return s;
}
