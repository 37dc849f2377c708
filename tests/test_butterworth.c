/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Butterworth design against scipy.signal.butter (tests/ref/butter_ref.txt) and against the
 * defining property |H(f_c)|^2 = 1/2. */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

/* Coefficients agree with scipy's to rounding: relative to the largest coefficient of the same
 * polynomial, a few hundred ulp covers the different order of complex products (numpy's
 * convolution may run through BLAS). */
#define COEFFICIENT_TOLERANCE 1e-13

static double max_abs(const double *v, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

START_TEST(coefficients_match_scipy)
{
    FILE *file = test_open_ref("butter_ref.txt");
    char line[4096];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, file));
    int n_cases = 0;
    double worst = 0.0;
    int order, type;
    double cutoff_hz, rate_hz;
    while (fscanf(file, "%d %lf %lf %d", &order, &cutoff_hz, &rate_hz, &type) == 4) {
        double b[GAIT_BUTTERWORTH_MAX_ORDER + 1], a[GAIT_BUTTERWORTH_MAX_ORDER + 1];
        for (int i = 0; i <= order; i++)
            ck_assert_int_eq(fscanf(file, "%lf", &b[i]), 1);
        for (int i = 0; i <= order; i++)
            ck_assert_int_eq(fscanf(file, "%lf", &a[i]), 1);
        gait_filter_settings settings = gait_filter_settings_default();
        settings.order = order;
        settings.cutoff_hz = cutoff_hz;
        settings.type = type ? GAIT_FILTER_HIGHPASS : GAIT_FILTER_LOWPASS;
        gait_butterworth f;
        ck_assert_int_eq(gait_butterworth_design(&settings, rate_hz, &f), GAIT_OK);
        double scale_b = max_abs(b, order + 1), scale_a = max_abs(a, order + 1);
        for (int i = 0; i <= order; i++) {
            double error_b = fabs(f.b[i] - b[i]) / scale_b, error_a = fabs(f.a[i] - a[i]) / scale_a;
            ck_assert_msg(error_b <= COEFFICIENT_TOLERANCE && error_a <= COEFFICIENT_TOLERANCE,
                          "order %d %g Hz @ %g Hz type %d coefficient %d: b err %g a err %g", order,
                          cutoff_hz, rate_hz, type, i, error_b, error_a);
            worst = fmax(worst, fmax(error_b, error_a));
        }
        n_cases++;
    }
    fclose(file);
    fprintf(stderr, "butterworth: %d designs, worst coefficient error %.2e\n", n_cases, worst);
    ck_assert_int_eq(n_cases, 64);
}
END_TEST

/* |H(e^{j 2 pi f / rate})|^2 of a design, evaluated from its coefficients. */
static double power_gain(const gait_butterworth *f, double frequency_hz)
{
    double complex z = cexp(-I * 2.0 * M_PI * frequency_hz / f->rate_hz);
    double complex numerator = 0.0, denominator = 0.0, zk = 1.0;
    for (int i = 0; i <= f->order; i++) {
        numerator += f->b[i] * zk;
        denominator += f->a[i] * zk;
        zk *= z;
    }
    double magnitude = cabs(numerator / denominator);
    return magnitude * magnitude;
}

START_TEST(half_power_at_cutoff)
{
    for (int order = 1; order <= 8; order++) {
        for (int type = 0; type <= 1; type++) {
            gait_filter_settings s = gait_filter_settings_default();
            s.order = order;
            s.cutoff_hz = 12.0;
            s.type = type ? GAIT_FILTER_HIGHPASS : GAIT_FILTER_LOWPASS;
            gait_butterworth f;
            ck_assert_int_eq(gait_butterworth_design(&s, 250.0, &f), GAIT_OK);
            ck_assert_double_eq_tol(power_gain(&f, 12.0), 0.5, 1e-9);
            /* Pass band: unity gain at DC (low-pass) or Nyquist (high-pass). */
            ck_assert_double_eq_tol(power_gain(&f, type ? 125.0 : 0.0), 1.0, 1e-9);
        }
    }
}
END_TEST

/* With Winter's correction, forward + backward (power gain squared) is -3 dB at the cutoff. */
START_TEST(winter_correction_puts_minus_3db_at_cutoff)
{
    ck_assert_double_eq_tol(gait_winter_correction(2, 2), 0.8022, 1e-4); /* Winter's 0.802 */
    ck_assert(isnan(gait_winter_correction(0, 2)));
    for (int order = 1; order <= 6; order++) {
        for (int type = 0; type <= 1; type++) {
            gait_filter_settings s = gait_filter_settings_default();
            s.order = order;
            s.cutoff_hz = 20.0;
            s.correct_for_passes = 1;
            s.type = type ? GAIT_FILTER_HIGHPASS : GAIT_FILTER_LOWPASS;
            gait_butterworth f;
            ck_assert_int_eq(gait_butterworth_design(&s, 200.0, &f), GAIT_OK);
            double two_pass = power_gain(&f, 20.0);
            ck_assert_double_eq_tol(two_pass * two_pass, 0.5, 1e-9);
            ck_assert(type ? f.design_cutoff_hz < 20.0 : f.design_cutoff_hz > 20.0);
        }
    }
}
END_TEST

static gait_status design(int order, double cutoff_hz, double rate_hz)
{
    gait_filter_settings s = gait_filter_settings_default();
    s.order = order;
    s.cutoff_hz = cutoff_hz;
    gait_butterworth f;
    gait_clear_error();
    gait_status status = gait_butterworth_design(&s, rate_hz, &f);
    if (status != GAIT_OK)
        ck_assert_str_ne(gait_last_error_detail(), "");
    return status;
}

START_TEST(bad_designs_are_named)
{
    ck_assert_int_eq(design(2, 10.0, 0.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(design(2, 10.0, -100.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(design(2, 10.0, NAN), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(design(2, 50.0, 100.0), GAIT_E_INVALID_ARG); /* at Nyquist */
    ck_assert_int_eq(design(2, 80.0, 100.0), GAIT_E_INVALID_ARG); /* above */
    ck_assert_int_eq(design(2, 0.0, 100.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(design(0, 10.0, 100.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(design(GAIT_BUTTERWORTH_MAX_ORDER + 1, 10.0, 100.0), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "order"));
    ck_assert_int_eq(design(12, 1.0, 2000.0), GAIT_E_NUMERIC);
    ck_assert_int_eq(design(12, 10.0, 100.0), GAIT_OK);
    gait_butterworth f;
    ck_assert_int_eq(gait_butterworth_design(NULL, 100.0, &f), GAIT_E_INVALID_ARG);
    gait_filter_settings s = gait_filter_settings_default();
    s.type = (gait_filter_type)7;
    ck_assert_int_eq(gait_butterworth_design(&s, 100.0, &f), GAIT_E_INVALID_ARG);
}
END_TEST

START_TEST(defaults_are_documented_values)
{
    gait_filter_settings s = gait_filter_settings_default();
    ck_assert_int_eq(s.type, GAIT_FILTER_LOWPASS);
    ck_assert_int_eq(s.order, 2);
    ck_assert_double_eq(s.cutoff_hz, 15.0);
    ck_assert_int_eq(s.correct_for_passes, 0);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("butterworth");
    TCase *tc = tcase_create("design");
    tcase_add_test(tc, coefficients_match_scipy);
    tcase_add_test(tc, half_power_at_cutoff);
    tcase_add_test(tc, winter_correction_puts_minus_3db_at_cutoff);
    tcase_add_test(tc, bad_designs_are_named);
    tcase_add_test(tc, defaults_are_documented_values);
    suite_add_tcase(suite, tc);
    return suite;
}
