/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_fill_gaps(): exact on cubics (not-a-knot), lines and parabolas from short support, gaps
 * that must stay NaN, accuracy on a sinusoid, the signal wrapper and argument errors. */
#include <math.h>
#include <string.h>

#include "check_runner.h"
#include "gait/gapfill.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double cubic(double t)
{
    return 0.12 - 0.8 * t + 1.9 * t * t - 1.4 * t * t * t;
}

static void set_nan(double *x, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++)
        x[i] = NAN;
}

/* Gaps of 1, 2, 3, 5, 8 and 10 samples, some close together so that the support on one side is
 * short (2 samples between the 3- and 5-sample gaps): a not-a-knot spline through 4 or more
 * samples reproduces a cubic exactly. */
START_TEST(test_cubic_exact)
{
    enum { n = 120 };
    const double rate = 100.0;
    double truth[n], x[n];
    for (size_t i = 0; i < n; i++)
        truth[i] = x[i] = cubic((double)i / rate);
    const size_t gaps[][2] = {{5, 6}, {15, 17}, {30, 33}, {35, 40}, {60, 68}, {90, 100}};
    size_t expected_filled = 0;
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        set_nan(x, gaps[g][0], gaps[g][1]);
        expected_filled += gaps[g][1] - gaps[g][0];
    }
    size_t filled = 12345;
    ck_assert_int_eq(gait_fill_gaps(x, n, 10, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, expected_filled);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(x[i] - truth[i]) <= 1e-9, "sample %zu: %.17g vs %.17g", i, x[i],
                      truth[i]);
}
END_TEST

/* Cubic exactness with lopsided support: 1 sample on the left, 8 on the right, and 4 samples in
 * all (the smallest not-a-knot case, which is the interpolating cubic itself). */
START_TEST(test_cubic_lopsided_support)
{
    double x[14], truth[14];
    for (size_t i = 0; i < 14; i++)
        truth[i] = x[i] = cubic(0.3 * (double)i);
    x[1] = x[2] = x[3] = NAN; /* left support: sample 0 only */
    size_t filled = 0;
    ck_assert_int_eq(gait_fill_gaps(x, 14, 5, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 3);
    for (size_t i = 1; i < 4; i++)
        ck_assert_double_eq_tol(x[i], truth[i], 1e-9);

    double y[6];
    for (size_t i = 0; i < 6; i++)
        y[i] = cubic(0.5 * (double)i);
    double expected2 = y[2], expected3 = y[3];
    y[2] = y[3] = NAN; /* support: 0, 1 | 4, 5 */
    ck_assert_int_eq(gait_fill_gaps(y, 6, 2, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 2);
    ck_assert_double_eq_tol(y[2], expected2, 1e-9);
    ck_assert_double_eq_tol(y[3], expected3, 1e-9);
}
END_TEST

/* Two support samples in all: the straight line. Three: the parabola through them. */
START_TEST(test_line_and_parabola)
{
    double line[5] = {1.0, NAN, NAN, NAN, 3.0};
    size_t filled = 0;
    ck_assert_int_eq(gait_fill_gaps(line, 5, 3, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 3);
    ck_assert_double_eq_tol(line[1], 1.5, 1e-12);
    ck_assert_double_eq_tol(line[2], 2.0, 1e-12);
    ck_assert_double_eq_tol(line[3], 2.5, 1e-12);

    /* p(i) = 2 - i + 0.5 i^2 at i = 0, 3, 4; gap 1..2. */
    double parabola[5] = {2.0, NAN, NAN, 2.0 - 3.0 + 4.5, 2.0 - 4.0 + 8.0};
    ck_assert_int_eq(gait_fill_gaps(parabola, 5, 2, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 2);
    ck_assert_double_eq_tol(parabola[1], 2.0 - 1.0 + 0.5, 1e-12);
    ck_assert_double_eq_tol(parabola[2], 2.0 - 2.0 + 2.0, 1e-12);
}
END_TEST

/* Gaps longer than max_gap_samples and gaps touching either end stay NaN; a gap of exactly
 * max_gap_samples is filled; n_filled counts only what was filled. */
START_TEST(test_gaps_left_alone)
{
    enum { n = 60 };
    double x[n];
    for (size_t i = 0; i < n; i++)
        x[i] = cubic(0.02 * (double)i);
    set_nan(x, 0, 3);   /* leading */
    set_nan(x, 10, 15); /* 5 = max: filled */
    set_nan(x, 25, 31); /* 6 > max: stays */
    set_nan(x, 40, 41); /* 1: filled */
    set_nan(x, 55, 60); /* trailing */
    size_t filled = 0;
    ck_assert_int_eq(gait_fill_gaps(x, n, 5, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 6);
    for (size_t i = 0; i < n; i++) {
        int stays = i < 3 || (i >= 25 && i < 31) || i >= 55;
        if (stays)
            ck_assert_msg(isnan(x[i]), "sample %zu should stay NaN", i);
        else
            ck_assert_double_eq_tol(x[i], cubic(0.02 * (double)i), 1e-9);
    }

    /* max_gap_samples 0 fills nothing; all-NaN and gap-free series are left as they are. */
    double y[6] = {1.0, NAN, 3.0, 4.0, 5.0, 6.0};
    ck_assert_int_eq(gait_fill_gaps(y, 6, 0, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 0);
    ck_assert(isnan(y[1]));
    double all_nan[4] = {NAN, NAN, NAN, NAN};
    ck_assert_int_eq(gait_fill_gaps(all_nan, 4, 10, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 0);
    ck_assert(isnan(all_nan[0]) && isnan(all_nan[3]));
    double none[3] = {1.0, 2.0, 4.0};
    ck_assert_int_eq(gait_fill_gaps(none, 3, 10, NULL), GAIT_OK);
    ck_assert(none[0] == 1.0 && none[1] == 2.0 && none[2] == 4.0);
}
END_TEST

/* Support is at most GAIT_GAPFILL_SUPPORT_SAMPLES per side: a sample further away changes nothing.
 */
START_TEST(test_support_is_local)
{
    enum { n = 40 };
    double a[n], b[n];
    for (size_t i = 0; i < n; i++)
        a[i] = b[i] = sin(0.3 * (double)i) + 0.01 * (double)(i * i % 7);
    set_nan(a, 18, 22);
    set_nan(b, 18, 22);
    b[18 - GAIT_GAPFILL_SUPPORT_SAMPLES - 1] = 1e6;
    b[22 + GAIT_GAPFILL_SUPPORT_SAMPLES] = -1e6;
    ck_assert_int_eq(gait_fill_gaps(a, n, 4, NULL), GAIT_OK);
    ck_assert_int_eq(gait_fill_gaps(b, n, 4, NULL), GAIT_OK);
    for (size_t i = 18; i < 22; i++)
        ck_assert_double_eq_tol(a[i], b[i], 1e-12);

    /* ...whereas the nearest support sample does matter. */
    double c[n];
    memcpy(c, a, sizeof c);
    set_nan(c, 18, 22);
    c[18 - GAIT_GAPFILL_SUPPORT_SAMPLES] += 1.0;
    ck_assert_int_eq(gait_fill_gaps(c, n, 4, NULL), GAIT_OK);
    ck_assert(fabs(c[20] - a[20]) > 1e-6);
}
END_TEST

/* Support is the contiguous finite samples only: a gap already filled is not support for the next
 * one. Filling gap 2 after a 1-sample run must give what it gives with nothing before that run. */
START_TEST(test_support_contiguous)
{
    enum { n = 30 };
    double x[n], y[n];
    for (size_t i = 0; i < n; i++)
        x[i] = y[i] = cos(0.4 * (double)i) + 0.05 * (double)i;
    set_nan(x, 8, 11);  /* gap 1 */
    set_nan(x, 12, 14); /* gap 2, left support: sample 11 only */
    set_nan(y, 0, 11);  /* same right part, nothing usable before sample 11 */
    set_nan(y, 12, 14);
    size_t filled = 0;
    ck_assert_int_eq(gait_fill_gaps(x, n, 5, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 5);
    ck_assert_int_eq(gait_fill_gaps(y, n, 5, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 2);
    ck_assert_double_eq_tol(x[12], y[12], 1e-12);
    ck_assert_double_eq_tol(x[13], y[13], 1e-12);
}
END_TEST

/* A 1 Hz sinusoid at 100 Hz with a 10-sample gap: the bridge spans H = 11 sample intervals.
 * Cubic Hermite interpolation over H with exact end slopes errs by at most
 * H^4 max|x''''| / 384 = H^4 A w^4 / 384 (5.9e-4 A here). The spline's end slopes come from 8
 * samples a side and are not exact: over all phases that adds up to 17% (measured), so the
 * tolerance is 1.5 x the Hermite bound. Every phase in steps of 0.1 rad is checked. */
START_TEST(test_sinusoid_gap)
{
    enum { n = 200, gap_start = 95, gap_length = 10 };
    const double rate = 100.0, amplitude = 0.8, w = 2.0 * M_PI * 1.0;
    const double span = (gap_length + 1) / rate;
    const double bound = pow(span, 4) * amplitude * pow(w, 4) / 384.0;
    double worst = 0.0;
    for (double phase = 0.0; phase < 2.0 * M_PI; phase += 0.1) {
        double x[n];
        for (size_t i = 0; i < n; i++)
            x[i] = amplitude * sin(w * (double)i / rate + phase);
        set_nan(x, gap_start, gap_start + gap_length);
        size_t filled = 0;
        ck_assert_int_eq(gait_fill_gaps(x, n, gap_length, &filled), GAIT_OK);
        ck_assert_uint_eq(filled, gap_length);
        for (size_t i = gap_start; i < gap_start + gap_length; i++) {
            double error = fabs(x[i] - amplitude * sin(w * (double)i / rate + phase));
            worst = error > worst ? error : worst;
        }
    }
    ck_assert_msg(worst <= 1.5 * bound, "worst error %g, Hermite bound %g", worst, bound);
    ck_assert_msg(worst > 0.5 * bound, "suspiciously exact: %g vs bound %g", worst, bound);
}
END_TEST

START_TEST(test_signal_wrapper)
{
    gait_signal signal;
    ck_assert_int_eq(gait_signal_init(&signal, 100, 2, 100.0, 0.0), GAIT_OK);
    for (size_t i = 0; i < 100; i++) {
        signal.samples[i * 2 + 0] = cubic(0.01 * (double)i);
        signal.samples[i * 2 + 1] = cubic(0.01 * (double)i) + 1.0;
    }
    /* 0.29 s at 100 Hz is 29 samples (although 0.29 * 100 is 28.999999999999996 in doubles). */
    for (size_t i = 10; i < 39; i++)
        signal.samples[i * 2 + 0] = NAN; /* 29: filled */
    for (size_t i = 50; i < 80; i++)
        signal.samples[i * 2 + 1] = NAN; /* 30: stays */
    size_t filled = 0;
    ck_assert_int_eq(gait_signal_fill_gaps(&signal, 0.29, &filled), GAIT_OK);
    ck_assert_uint_eq(filled, 29);
    for (size_t i = 0; i < 100; i++) {
        ck_assert_double_eq_tol(signal.samples[i * 2 + 0], cubic(0.01 * (double)i), 1e-9);
        if (i >= 50 && i < 80)
            ck_assert(isnan(signal.samples[i * 2 + 1]));
        else
            ck_assert_double_eq_tol(signal.samples[i * 2 + 1], cubic(0.01 * (double)i) + 1.0,
                                    1e-12);
    }
    ck_assert_int_eq(gait_signal_fill_gaps(&signal, -0.1, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_fill_gaps(&signal, NAN, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_fill_gaps(NULL, 0.1, NULL), GAIT_E_INVALID_ARG);
    gait_signal_free(&signal);

    gait_signal empty;
    ck_assert_int_eq(gait_signal_init(&empty, 0, 1, 100.0, 0.0), GAIT_OK);
    ck_assert_int_eq(gait_signal_fill_gaps(&empty, 0.1, NULL), GAIT_E_NO_DATA);
    gait_signal_free(&empty);
}
END_TEST

START_TEST(test_errors)
{
    double x[3] = {1.0, NAN, 3.0};
    size_t filled = 99;
    ck_assert_int_eq(gait_fill_gaps(NULL, 3, 5, &filled), GAIT_E_INVALID_ARG);
    ck_assert_uint_eq(filled, 0);
    ck_assert_str_ne(gait_last_error_detail(), "");
    ck_assert_int_eq(gait_fill_gaps(x, 0, 5, &filled), GAIT_E_NO_DATA);
    ck_assert(isnan(x[1])); /* untouched */
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("gapfill");
    TCase *tc = tcase_create("gapfill");
    tcase_add_test(tc, test_cubic_exact);
    tcase_add_test(tc, test_cubic_lopsided_support);
    tcase_add_test(tc, test_line_and_parabola);
    tcase_add_test(tc, test_gaps_left_alone);
    tcase_add_test(tc, test_support_is_local);
    tcase_add_test(tc, test_support_contiguous);
    tcase_add_test(tc, test_sinusoid_gap);
    tcase_add_test(tc, test_signal_wrapper);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(suite, tc);
    return suite;
}
