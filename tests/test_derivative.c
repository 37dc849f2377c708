/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_derivative(): exactness on polynomials, numpy.gradient reference, truncation error on a
 * sinusoid, NaN runs and argument errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check_runner.h"
#include "gait/derivative.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* x(t) = 0.7 - 1.3 t + 2.4 t^2 + c3 t^3 at t = i / rate. */
static double poly(double t, double c3)
{
    return 0.7 - 1.3 * t + 2.4 * t * t + c3 * t * t * t;
}

START_TEST(test_quadratic_first_exact)
{
    const double rate = 100.0;
    enum { n = 40 };
    double x[n], y[n];
    for (int i = 0; i < n; i++)
        x[i] = poly(i / rate, 0.0);
    ck_assert_int_eq(gait_derivative(x, n, rate, 1, y), GAIT_OK);
    for (int i = 0; i < n; i++) {
        double expected = -1.3 + 2.0 * 2.4 * (i / rate); /* edges included */
        ck_assert_double_eq_tol(y[i], expected, 1e-9);
    }
}
END_TEST

START_TEST(test_quadratic_second_exact)
{
    const double rate = 100.0;
    enum { n = 40 };
    double x[n], y[n];
    for (int i = 0; i < n; i++)
        x[i] = poly(i / rate, 0.0);
    ck_assert_int_eq(gait_derivative(x, n, rate, 2, y), GAIT_OK);
    for (int i = 0; i < n; i++)
        ck_assert_double_eq_tol(y[i], 4.8, 1e-7); /* x'' = 2 * 2.4; rounding ~ 1e-16 * rate^2 */
}
END_TEST

/* Both second-derivative formulas have no h^1 error term and their h^2 term is in x'''' (central:
 * h^2/12 x'''', edge: -11/12 h^2 x''''), so they are exact for cubics too. */
START_TEST(test_cubic_second_exact)
{
    const double rate = 50.0;
    const double c3 = -3.1;
    enum { n = 30 };
    double x[n], y[n];
    for (int i = 0; i < n; i++)
        x[i] = poly(i / rate, c3);
    ck_assert_int_eq(gait_derivative(x, n, rate, 2, y), GAIT_OK);
    for (int i = 0; i < n; i++)
        ck_assert_double_eq_tol(y[i], 4.8 + 6.0 * c3 * (i / rate), 1e-8);
}
END_TEST

/* Smallest runs the formulas accept: 3 samples (first), 4 samples (second). */
START_TEST(test_minimal_runs)
{
    const double rate = 10.0;
    double x[4], y[4];
    for (int i = 0; i < 4; i++)
        x[i] = poly(i / rate, 0.0);
    ck_assert_int_eq(gait_derivative(x, 3, rate, 1, y), GAIT_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(y[i], -1.3 + 4.8 * (i / rate), 1e-12);
    ck_assert_int_eq(gait_derivative(x, 4, rate, 2, y), GAIT_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq_tol(y[i], 4.8, 1e-10);
    /* One sample fewer: NaN, not an error. */
    ck_assert_int_eq(gait_derivative(x, 2, rate, 1, y), GAIT_OK);
    ck_assert(isnan(y[0]) && isnan(y[1]));
    ck_assert_int_eq(gait_derivative(x, 3, rate, 2, y), GAIT_OK);
    ck_assert(isnan(y[0]) && isnan(y[1]) && isnan(y[2]));
}
END_TEST

/* NaN splits the series: each run gets its own one-sided edges, so a quadratic stays exact right
 * next to the gaps; runs too short give NaN; the gaps stay NaN. */
START_TEST(test_runs_quadratic)
{
    const double rate = 100.0;
    enum { n = 30 };
    double x[n], y1[n], y2[n];
    for (int i = 0; i < n; i++)
        x[i] = poly(i / rate, 0.0);
    /* runs: [0,10) 10, [11,14) 3, [15,18) 3, [19,21) 2, [22,30) 8 */
    x[10] = NAN;
    x[14] = NAN;
    x[18] = INFINITY; /* non-finite counts as missing */
    x[21] = NAN;
    ck_assert_int_eq(gait_derivative(x, n, rate, 1, y1), GAIT_OK);
    ck_assert_int_eq(gait_derivative(x, n, rate, 2, y2), GAIT_OK);
    for (int i = 0; i < n; i++) {
        int gap = (i == 10 || i == 14 || i == 18 || i == 21);
        int short1 = (i == 19 || i == 20);
        int short2 = short1 || (i >= 11 && i < 14) || (i >= 15 && i < 18);
        if (gap || short1)
            ck_assert_msg(isnan(y1[i]), "first derivative at %d should be NaN", i);
        else
            ck_assert_double_eq_tol(y1[i], -1.3 + 4.8 * (i / rate), 1e-9);
        if (gap || short2)
            ck_assert_msg(isnan(y2[i]), "second derivative at %d should be NaN", i);
        else
            ck_assert_double_eq_tol(y2[i], 4.8, 1e-7);
    }
}
END_TEST

/* Truncation error on x = A sin(w t + phi): central first difference h^2/6 |x'''| <= h^2 A w^3 / 6,
 * the one-sided edge h^2/3 |x'''|; central second difference h^2/12 |x''''|, edge 11/12 h^2
 * |x''''|. Tolerances are those leading terms times 1.1 (the next terms are O(h^4), 1e-3 relative
 * here). */
START_TEST(test_sine_truncation_error)
{
    const double rate = 100.0, h = 1.0 / rate;
    const double amplitude = 0.05, w = 2.0 * M_PI * 1.5, phi = 0.4;
    enum { n = 101 };
    double x[n], y1[n], y2[n];
    for (int i = 0; i < n; i++)
        x[i] = amplitude * sin(w * i * h + phi);
    ck_assert_int_eq(gait_derivative(x, n, rate, 1, y1), GAIT_OK);
    ck_assert_int_eq(gait_derivative(x, n, rate, 2, y2), GAIT_OK);
    double w3 = amplitude * w * w * w, w4 = w3 * w;
    for (int i = 0; i < n; i++) {
        double t = i * h;
        int edge = (i == 0 || i == n - 1);
        double tol1 = 1.1 * h * h * w3 * (edge ? 1.0 / 3.0 : 1.0 / 6.0);
        double tol2 = 1.1 * h * h * w4 * (edge ? 11.0 / 12.0 : 1.0 / 12.0);
        ck_assert_double_eq_tol(y1[i], amplitude * w * cos(w * t + phi), tol1);
        ck_assert_double_eq_tol(y2[i], -amplitude * w * w * sin(w * t + phi), tol2);
    }
}
END_TEST

/* tests/ref/derivative_ref.txt from tests/ref/make_derivative_refs.py: numpy.gradient(run, dt,
 * edge_order=2) per finite run of a random walk with gaps. */
START_TEST(test_numpy_gradient_reference)
{
    FILE *file = test_open_ref("derivative_ref.txt");
    char line[512];
    double rate = 0.0;
    int n = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        if (line[0] == '#')
            continue;
        ck_assert_int_eq(sscanf(line, "%lf %d", &rate, &n), 2);
        break;
    }
    ck_assert(rate > 0.0 && n > 0 && n < 100000);
    double *x = malloc((size_t)n * sizeof *x);
    double *expected = malloc((size_t)n * sizeof *expected);
    double *y = malloc((size_t)n * sizeof *y);
    ck_assert(x != NULL && expected != NULL && y != NULL);
    for (int i = 0; i < n; i++) {
        char xs[64], ds[64];
        int index = -1;
        ck_assert(fgets(line, sizeof line, file) != NULL);
        ck_assert_int_eq(sscanf(line, "%d %63s %63s", &index, xs, ds), 3);
        ck_assert_int_eq(index, i);
        x[i] = strtod(xs, NULL); /* strtod reads "nan" */
        expected[i] = strtod(ds, NULL);
    }
    fclose(file);

    ck_assert_int_eq(gait_derivative(x, (size_t)n, rate, 1, y), GAIT_OK);
    int compared = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(expected[i])) {
            ck_assert_msg(isnan(y[i]), "sample %d: expected NaN, got %g", i, y[i]);
            continue;
        }
        /* Same formulas, different association: differences of ~0.5 m values carry ~1e-16
         * rounding, times rate 200 -> ~1e-13 m/s. */
        double error = fabs(y[i] - expected[i]);
        ck_assert_msg(error <= 1e-12, "sample %d: %.17g vs numpy %.17g", i, y[i], expected[i]);
        compared++;
    }
    ck_assert_int_ge(compared, 50);
    free(x);
    free(expected);
    free(y);
}
END_TEST

START_TEST(test_errors)
{
    double x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    double y[8];
    ck_assert_int_eq(gait_derivative(NULL, 8, 100.0, 1, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, 100.0, 1, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, 0.0, 1, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, -5.0, 1, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, NAN, 1, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, INFINITY, 1, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, 100.0, 0, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, 100.0, 3, y), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 8, 100.0, 1, x), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_derivative(x, 6, 100.0, 1, x + 2), GAIT_E_INVALID_ARG); /* overlap */
    ck_assert_str_ne(gait_last_error_detail(), "");
    ck_assert_int_eq(gait_derivative(x, 0, 100.0, 1, y), GAIT_E_NO_DATA);
    /* Adjacent but not overlapping is fine. */
    ck_assert_int_eq(gait_derivative(x, 4, 100.0, 1, x + 4), GAIT_OK);
    ck_assert_double_eq_tol(x[4], 100.0, 1e-12);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("derivative");
    TCase *tc = tcase_create("derivative");
    tcase_add_test(tc, test_quadratic_first_exact);
    tcase_add_test(tc, test_quadratic_second_exact);
    tcase_add_test(tc, test_cubic_second_exact);
    tcase_add_test(tc, test_minimal_runs);
    tcase_add_test(tc, test_runs_quadratic);
    tcase_add_test(tc, test_sine_truncation_error);
    tcase_add_test(tc, test_numpy_gradient_reference);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(suite, tc);
    return suite;
}
