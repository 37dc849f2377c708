/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_resample(): analytic sinusoids down (with the anti-alias filter) and up (spline only), the
 * length formula, NaN gaps, constants, the signal wrapper and argument errors. */
#include <math.h>
#include <stdlib.h>

#include "check_runner.h"
#include "gait/resample.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define AMPLITUDE 0.6
#define FREQ_HZ   2.0
#define PHASE     0.4

static double wave(double t)
{
    return AMPLITUDE * sin(2.0 * M_PI * FREQ_HZ * t + PHASE);
}

/* n samples of wave() at rate_hz, resampled to rate_out_hz; returns y (caller frees), *n_out. */
static double *resample_wave(size_t n, double rate_hz, double rate_out_hz, size_t *n_out)
{
    double *x = malloc(n * sizeof *x);
    ck_assert(x != NULL);
    for (size_t i = 0; i < n; i++)
        x[i] = wave((double)i / rate_hz);
    *n_out = gait_resample_length(n, rate_hz, rate_out_hz);
    double *y = malloc(*n_out * sizeof *y);
    ck_assert(y != NULL);
    ck_assert_int_eq(gait_resample(x, n, rate_hz, y, *n_out, rate_out_hz), GAIT_OK);
    free(x);
    return y;
}

/* 1500 Hz -> 250 Hz, 2 s of a 2 Hz wave. Every output sample lies on an input sample (ratio 6), so
 * the spline adds no error there; what is left is the anti-alias filter (order 4, 100 Hz, forward
 * and backward): in the pass band its gain is 1 / (1 + (f / fc)^8) = 1 - 2.6e-14 at 2 Hz, so 1e-9
 * covers the interior. Near the ends, filtfilt's edge padding (odd extension over 15 samples and
 * steady-state initial conditions, as scipy) leaves a start-up transient: 5.3e-4 x the amplitude at
 * worst (measured over all phases) in the end samples, decaying at the rate of the slowest filter
 * pole, sin(pi/8) 2 pi 100 Hz = 240 /s, i.e. by a factor e^-9.6 = 7e-5 every 40 ms (10 outputs).
 * Tolerances: 2e-3 A for the 10 outputs at each end, 1e-6 A for the next 15, 1e-9 beyond 100 ms. */
START_TEST(test_downsample_1500_to_250)
{
    size_t n_out = 0;
    double *y = resample_wave(3001, 1500.0, 250.0, &n_out);
    ck_assert_uint_eq(n_out, 501);
    for (size_t k = 0; k < n_out; k++) {
        double expected = wave((double)k / 250.0);
        size_t from_end = k < n_out - 1 - k ? k : n_out - 1 - k;
        double tol = from_end < 10 ? 2e-3 * AMPLITUDE : from_end < 25 ? 1e-6 * AMPLITUDE : 1e-9;
        ck_assert_msg(fabs(y[k] - expected) <= tol, "k %zu: %.12g vs %.12g", k, y[k], expected);
    }
    free(y);
}
END_TEST

/* 250 Hz -> 1500 Hz: no filter, the natural cubic spline alone (h = 4 ms).
 * Interior: |error| <= 5/384 h^4 max|x''''| = 5/384 h^4 A w^4 (= 5.0e-8 here).
 * Ends: the natural end condition forces x'' = 0 at the first and last sample; that moment error
 * decays by 2 - sqrt(3) per knot and costs at most h^2 |x''(end)| / 16 in the end interval
 * (<= h^2 A w^2 / 16 = 9.5e-5 here). So the interior tolerance applies 10 input samples (60
 * outputs) in from the ends, where 0.268^10 has made the end effect < 1e-9, and the end tolerance
 * elsewhere. */
START_TEST(test_upsample_250_to_1500)
{
    const double h = 1.0 / 250.0, w = 2.0 * M_PI * FREQ_HZ;
    const double interior_tol = 5.0 / 384.0 * pow(h, 4) * AMPLITUDE * pow(w, 4) + 1e-9;
    const double end_tol = h * h * AMPLITUDE * w * w / 16.0 + interior_tol;
    size_t n_out = 0;
    double *y = resample_wave(501, 250.0, 1500.0, &n_out);
    ck_assert_uint_eq(n_out, 3001);
    double worst_end = 0.0;
    for (size_t k = 0; k < n_out; k++) {
        double expected = wave((double)k / 1500.0);
        double error = fabs(y[k] - expected);
        int near_end = k < 60 || k + 60 >= n_out;
        ck_assert_msg(error <= (near_end ? end_tol : interior_tol), "k %zu: error %g", k, error);
        if (k % 6 == 0) /* output on an input sample: the spline interpolates */
            ck_assert_msg(error <= 1e-12, "k %zu on a knot: error %g", k, error);
        if (near_end && error > worst_end)
            worst_end = error;
    }
    /* The end effect is real (the bound is not vacuous). */
    ck_assert(worst_end > 0.1 * (end_tol - interior_tol));
    free(y);
}
END_TEST

/* A ratio that puts outputs between inputs while downsampling: 1000 Hz -> 240 Hz. Beyond the
 * filter's 100 ms start-up transient (see above) the error is the spline's 5/384 h^4 A w^4
 * (2e-10 with h = 1 ms) plus the filter's pass-band loss (1e-14): 1e-9 leaves room for rounding. */
START_TEST(test_downsample_noninteger_ratio)
{
    size_t n_out = 0;
    double *y = resample_wave(2001, 1000.0, 240.0, &n_out);
    ck_assert_uint_eq(n_out, 481);
    for (size_t k = 24; k + 24 < n_out; k++)
        ck_assert_double_eq_tol(y[k], wave((double)k / 240.0), 1e-9);
    free(y);
}
END_TEST

START_TEST(test_length)
{
    ck_assert_uint_eq(gait_resample_length(3001, 1500.0, 250.0), 501);
    ck_assert_uint_eq(gait_resample_length(501, 250.0, 1500.0), 3001);
    ck_assert_uint_eq(gait_resample_length(3000, 1500.0, 250.0), 500); /* last input 1.999333 s */
    ck_assert_uint_eq(gait_resample_length(10, 100.0, 30.0), 3);       /* 0, 33.3, 66.7 ms <= 90 */
    ck_assert_uint_eq(gait_resample_length(1, 100.0, 30.0), 1);
    ck_assert_uint_eq(gait_resample_length(7, 100.0, 100.0), 7);
    /* 2501 samples at 250 Hz span 10 s exactly; 0.3 Hz puts a sample at 10 s although
     * 2500 * (0.3 / 250) is 2.9999999999999996 in doubles. */
    ck_assert_uint_eq(gait_resample_length(2501, 250.0, 0.3), 4);
    ck_assert_uint_eq(gait_resample_length(0, 100.0, 30.0), 0);
    ck_assert_uint_eq(gait_resample_length(10, 0.0, 30.0), 0);
    ck_assert_uint_eq(gait_resample_length(10, 100.0, -1.0), 0);
    ck_assert_uint_eq(gait_resample_length(10, NAN, 30.0), 0);
    ck_assert_uint_eq(gait_resample_length(10, 100.0, INFINITY), 0);
}
END_TEST

/* Input 250 Hz with samples 100..119 missing (last finite at 0.396 s, next at 0.480 s). At 1000 Hz
 * outputs 397..479 fall in the gap and are NaN, outputs 396 and 480 sit on the finite samples. */
START_TEST(test_gap_upsample)
{
    enum { n = 251 };
    double x[n];
    for (size_t i = 0; i < n; i++)
        x[i] = (i >= 100 && i < 120) ? NAN : wave((double)i / 250.0);
    size_t n_out = gait_resample_length(n, 250.0, 1000.0);
    ck_assert_uint_eq(n_out, 1001);
    double *y = malloc(n_out * sizeof *y);
    ck_assert(y != NULL);
    ck_assert_int_eq(gait_resample(x, n, 250.0, y, n_out, 1000.0), GAIT_OK);
    for (size_t k = 0; k < n_out; k++) {
        if (k >= 397 && k <= 479)
            ck_assert_msg(isnan(y[k]), "k %zu in the gap is %g", k, y[k]);
        else
            ck_assert_msg(fabs(y[k] - wave((double)k / 1000.0)) < 1e-3, "k %zu: %g", k, y[k]);
    }
    ck_assert_double_eq_tol(y[396], x[99], 1e-12);
    ck_assert_double_eq_tol(y[480], x[120], 1e-12);
    free(y);
}
END_TEST

/* Downsampling 1500 Hz -> 250 Hz with input samples 700..759 (0.4667..0.5060 s) missing: outputs
 * at 0.468..0.504 s (k 117..126) are NaN; the anti-alias filter runs on each side separately. */
START_TEST(test_gap_downsample)
{
    enum { n = 1501 };
    double *x = malloc(n * sizeof *x);
    ck_assert(x != NULL);
    for (size_t i = 0; i < n; i++)
        x[i] = (i >= 700 && i < 760) ? NAN : wave((double)i / 1500.0);
    size_t n_out = gait_resample_length(n, 1500.0, 250.0);
    ck_assert_uint_eq(n_out, 251);
    double *y = malloc(n_out * sizeof *y);
    ck_assert(y != NULL);
    ck_assert_int_eq(gait_resample(x, n, 1500.0, y, n_out, 250.0), GAIT_OK);
    for (size_t k = 0; k < n_out; k++) {
        if (k >= 117 && k <= 126)
            ck_assert_msg(isnan(y[k]), "k %zu in the gap is %g", k, y[k]);
        else
            ck_assert_msg(fabs(y[k] - wave((double)k / 250.0)) < 2e-3 * AMPLITUDE, "k %zu: %g", k,
                          y[k]);
    }
    free(x);
    free(y);
}
END_TEST

/* Runs of 1 sample give NaN; a run of 2 is a straight line; a run of 3 or more is the spline. */
START_TEST(test_short_runs)
{
    /* 10 Hz -> 20 Hz: output k at input position k / 2. */
    double x[9] = {1.0, NAN, 2.0, 4.0, NAN, 5.0, 6.0, 8.0, NAN};
    size_t n_out = gait_resample_length(9, 10.0, 20.0);
    ck_assert_uint_eq(n_out, 17);
    double y[17];
    ck_assert_int_eq(gait_resample(x, 9, 10.0, y, n_out, 20.0), GAIT_OK);
    ck_assert(isnan(y[0])); /* 1-sample run */
    for (size_t k = 1; k < 4; k++)
        ck_assert(isnan(y[k]));
    ck_assert_double_eq_tol(y[4], 2.0, 1e-12);
    ck_assert_double_eq_tol(y[5], 3.0, 1e-12); /* line between 2 and 4 */
    ck_assert_double_eq_tol(y[6], 4.0, 1e-12);
    ck_assert(isnan(y[7]) && isnan(y[8]) && isnan(y[9]));
    ck_assert_double_eq_tol(y[10], 5.0, 1e-12);
    ck_assert_double_eq_tol(y[12], 6.0, 1e-12);
    ck_assert_double_eq_tol(y[14], 8.0, 1e-12);
    /* Natural spline through (0,5), (1,6), (2,8): end moments 0, middle moment M from
     * 4 M = 6 ((8 - 6) - (6 - 5)), M = 3/2. Mid-interval the spline is the chord minus
     * h^2 (M_left + M_right) / 16: 5.5 - 3/32 = 5.40625 and 7 - 3/32 = 6.90625. */
    ck_assert_double_eq_tol(y[11], 5.40625, 1e-12);
    ck_assert_double_eq_tol(y[13], 6.90625, 1e-12);
    ck_assert(isnan(y[15]) && isnan(y[16]));

    double single[1] = {3.0};
    double out[1] = {0.0};
    ck_assert_int_eq(gait_resample(single, 1, 100.0, out, 1, 50.0), GAIT_OK);
    ck_assert(isnan(out[0]));
}
END_TEST

START_TEST(test_constant)
{
    const double rates[][2] = {{1500.0, 250.0}, {250.0, 1500.0}, {200.0, 120.0}, {100.0, 100.0}};
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        enum { n = 700 };
        double x[n];
        for (size_t i = 0; i < n; i++)
            x[i] = -9.81;
        size_t n_out = gait_resample_length(n, rates[r][0], rates[r][1]);
        double *y = malloc(n_out * sizeof *y);
        ck_assert(y != NULL);
        ck_assert_int_eq(gait_resample(x, n, rates[r][0], y, n_out, rates[r][1]), GAIT_OK);
        for (size_t k = 0; k < n_out; k++)
            ck_assert_double_eq_tol(y[k], -9.81, 1e-12);
        free(y);
    }
}
END_TEST

START_TEST(test_signal_wrapper)
{
    gait_signal in;
    ck_assert_int_eq(gait_signal_init(&in, 3001, 2, 1500.0, 0.25), GAIT_OK);
    double *channel = malloc(3001 * sizeof *channel);
    ck_assert(channel != NULL);
    for (size_t i = 0; i < 3001; i++) {
        in.samples[2 * i + 0] = wave((double)i / 1500.0);
        in.samples[2 * i + 1] = i >= 1000 && i < 1100 ? NAN : -wave((double)i / 1500.0);
    }
    gait_signal out;
    ck_assert_int_eq(gait_signal_resample(&in, 250.0, &out), GAIT_OK);
    ck_assert_uint_eq(out.n_samples, 501);
    ck_assert_uint_eq(out.n_channels, 2);
    ck_assert_double_eq(out.rate_hz, 250.0);
    ck_assert_double_eq(out.start_time_s, 0.25);
    double expected[501];
    for (size_t c = 0; c < 2; c++) {
        ck_assert_int_eq(gait_signal_get_channel(&in, c, channel), GAIT_OK);
        ck_assert_int_eq(gait_resample(channel, 3001, 1500.0, expected, 501, 250.0), GAIT_OK);
        for (size_t k = 0; k < 501; k++) {
            double value = out.samples[2 * k + c];
            if (isnan(expected[k]))
                ck_assert(isnan(value));
            else
                ck_assert_double_eq(value, expected[k]);
        }
    }
    gait_signal_free(&out);

    ck_assert_int_eq(gait_signal_resample(&in, 0.0, &out), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_resample(NULL, 250.0, &out), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_resample(&in, 250.0, NULL), GAIT_E_INVALID_ARG);
    gait_signal_free(&in);
    free(channel);

    gait_signal empty;
    ck_assert_int_eq(gait_signal_init(&empty, 0, 1, 100.0, 0.0), GAIT_OK);
    ck_assert_int_eq(gait_signal_resample(&empty, 50.0, &out), GAIT_E_NO_DATA);
    gait_signal_free(&empty);
}
END_TEST

START_TEST(test_errors)
{
    double x[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    double y[10];
    size_t n_out = gait_resample_length(10, 100.0, 50.0);
    ck_assert_uint_eq(n_out, 5);
    ck_assert_int_eq(gait_resample(NULL, 10, 100.0, y, n_out, 50.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 10, 100.0, NULL, n_out, 50.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 10, 0.0, y, n_out, 50.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 10, 100.0, y, n_out, 0.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 10, NAN, y, n_out, 50.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 10, 100.0, y, n_out, -50.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_resample(x, 0, 100.0, y, n_out, 50.0), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_resample(x, 10, 100.0, y, n_out - 1, 50.0), GAIT_E_BUFFER_SIZE);
    ck_assert_int_eq(gait_resample(x, 10, 100.0, y, n_out + 1, 50.0), GAIT_E_BUFFER_SIZE);
    ck_assert_str_ne(gait_last_error_detail(), "");
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("resample");
    TCase *tc = tcase_create("resample");
    tcase_add_test(tc, test_downsample_1500_to_250);
    tcase_add_test(tc, test_upsample_250_to_1500);
    tcase_add_test(tc, test_downsample_noninteger_ratio);
    tcase_add_test(tc, test_length);
    tcase_add_test(tc, test_gap_upsample);
    tcase_add_test(tc, test_gap_downsample);
    tcase_add_test(tc, test_short_runs);
    tcase_add_test(tc, test_constant);
    tcase_add_test(tc, test_signal_wrapper);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(suite, tc);
    return suite;
}
