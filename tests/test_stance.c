/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stance segmentation of one vertical force trace (src/stance/stance.h) on synthetic traces whose
 * answers are known exactly: contacts, hysteresis, refinement to the noise level, minimum and
 * maximum duration, minimum peak, baseline offset, treadmill drift, noise, NaN, errors. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"
#include "stance/stance.h"

#define RATE_HZ 1000.0

/* A bump positive on exactly [start, start + length) and zero elsewhere: a half sine of `peak`. */
static void add_bump(double *f, size_t n, size_t start, size_t length, double peak)
{
    for (size_t i = start; i < start + length && i < n; i++)
        f[i] += peak * sin(M_PI * (double)(i - start + 1) / (double)(length + 1));
}

static double *zeros(size_t n)
{
    double *f = calloc(n, sizeof *f);
    ck_assert_ptr_nonnull(f);
    return f;
}

static gait_stance_result detect(const double *f, size_t n, const gait_stance_settings *s,
                                 gait_baseline_mode mode)
{
    gait_stance_result r;
    test_assert_ok(gait_stance_detect(f, n, RATE_HZ, s, mode, &r), "gait_stance_detect");
    return r;
}

/* Seeded Gaussian noise (LCG + Box-Muller), the same on every machine. */
static double gaussian(uint64_t *state)
{
    double u[2];
    for (int k = 0; k < 2; k++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        u[k] = ((double)(*state >> 11) + 1.0) / 9007199254740993.0;
    }
    return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

START_TEST(test_exact_contacts)
{
    const size_t n = 2000;
    double *f = zeros(n);
    add_bump(f, n, 300, 240, 1500.0);
    add_bump(f, n, 900, 251, 1800.0);
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 2);
    /* IC is the first non-zero sample, TO the first zero one again: exactly the bump. */
    ck_assert_uint_eq(r.contacts[0].start, 300);
    ck_assert_uint_eq(r.contacts[0].end, 540);
    ck_assert_uint_eq(r.contacts[1].start, 900);
    ck_assert_uint_eq(r.contacts[1].end, 1151);
    /* The threshold crossings lie inside. */
    for (size_t k = 0; k < 2; k++) {
        const gait_contact *c = &r.contacts[k];
        ck_assert(f[c->on] > 20.0 && f[c->on - 1] <= 20.0);
        ck_assert(f[c->off] < 20.0 && f[c->off - 1] >= 20.0);
        ck_assert(!c->touches_start && !c->touches_end);
    }
    ck_assert_uint_eq(r.contacts[0].peak, 300 + 119);
    ck_assert_double_eq_tol(r.contacts[0].peak_n, 1500.0 * sin(M_PI * 120.0 / 241.0), 1e-9);
    ck_assert_double_eq(r.baseline_n, 0.0);
    ck_assert_double_eq(r.noise_sd_n, 0.0);
    ck_assert_double_eq_tol(r.level_n, STANCE_LEVEL_FLOOR * 20.0, 1e-15);
    ck_assert_uint_eq(r.n_unloaded_periods, 3);
    /* The guard: no sample within 20 ms of a loaded stretch is unloaded. */
    ck_assert(!r.unloaded[r.contacts[0].on - 20] && r.unloaded[r.contacts[0].on - 21]);
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

/* The public gait_stance_find(): size query, a short buffer, the same contacts as the internal
 * detector, and its argument checks. */
START_TEST(test_public_find)
{
    const size_t n = 2000;
    double *f = zeros(n);
    add_bump(f, n, 300, 240, 1500.0);
    add_bump(f, n, 900, 251, 1800.0);
    size_t count = 99, start_end[4] = {0};
    test_assert_ok(gait_stance_find(f, n, RATE_HZ, NULL, NULL, 0, &count), "size query");
    ck_assert_uint_eq(count, 2);
    test_assert_ok(gait_stance_find(f, n, RATE_HZ, NULL, start_end, 1, &count), "short buffer");
    ck_assert_uint_eq(count, 2);
    ck_assert_uint_eq(start_end[0], 300);
    ck_assert_uint_eq(start_end[1], 540);
    ck_assert_uint_eq(start_end[2], 0); /* beyond capacity: untouched */
    gait_stance_settings s = gait_stance_settings_default();
    test_assert_ok(gait_stance_find(f, n, RATE_HZ, &s, start_end, 2, &count), "full buffer");
    ck_assert_uint_eq(start_end[2], 900);
    ck_assert_uint_eq(start_end[3], 1151);
    ck_assert_int_eq(gait_stance_find(NULL, n, RATE_HZ, NULL, NULL, 0, &count), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_find(f, n, RATE_HZ, NULL, NULL, 0, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_find(f, n, RATE_HZ, NULL, NULL, 2, &count), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_find(f, n, -1.0, NULL, NULL, 0, &count), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_find(f, 0, RATE_HZ, NULL, NULL, 0, &count), GAIT_E_NO_DATA);
    ck_assert_uint_eq(count, 0);
    free(f);
}
END_TEST

START_TEST(test_hysteresis)
{
    const size_t n = 1500;
    double *f = zeros(n);
    /* 0 -> 300 N plateau, a dip to 40 N (below on = 100, above off = 30), 300 N again, 0. */
    for (size_t i = 200; i < 500; i++)
        f[i] = (i >= 330 && i < 350) ? 40.0 : 300.0;
    gait_stance_settings s = gait_stance_settings_default();
    s.on_threshold_n = 100.0;
    s.off_threshold_n = 30.0;
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_NONE);
    ck_assert_uint_eq(r.n_contacts, 1);
    ck_assert_uint_eq(r.contacts[0].start, 200);
    ck_assert_uint_eq(r.contacts[0].end, 500);
    gait_stance_result_free(&r);

    /* Without hysteresis (on = off = 100 N) the dip ends the first contact at the threshold, but
     * the force never returns to the noise level before rising above on again: one contact. */
    s.off_threshold_n = 100.0;
    r = detect(f, n, &s, GAIT_BASELINE_NONE);
    ck_assert_uint_eq(r.n_contacts, 1);
    ck_assert_uint_eq(r.contacts[0].start, 200);
    ck_assert_uint_eq(r.contacts[0].end, 500);
    ck_assert_uint_eq(r.contacts[0].off, 500);
    gait_stance_result_free(&r);

    /* A dip to zero for 5 samples is a real return to baseline: two contacts. */
    for (size_t i = 330; i < 350; i++)
        f[i] = i < 335 ? 0.0 : 300.0;
    s = gait_stance_settings_default();
    r = detect(f, n, &s, GAIT_BASELINE_NONE);
    ck_assert_uint_eq(r.n_contacts, 2);
    ck_assert_uint_eq(r.contacts[0].end, 330);
    ck_assert_uint_eq(r.contacts[1].start, 335);
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

START_TEST(test_tail_below_threshold)
{
    /* A tail that falls below the off threshold, rises to 32 N (above on = off = 20 N) and
     * ends 4 samples later, as JA1Gait35's plate 4 does: one contact up to the last load. */
    const size_t n = 1000;
    double *f = zeros(n);
    add_bump(f, n, 100, 200, 2000.0);
    const double tail[] = {19.9, 32.1, 22.8, 16.6, 0.0, 16.0, 0.0};
    for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++)
        f[300 + k] = tail[k];
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 1);
    ck_assert_uint_eq(r.contacts[0].start, 100);
    ck_assert_uint_eq(r.contacts[0].end, 304);
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

START_TEST(test_durations_and_peak)
{
    const size_t n = 6000;
    double *f = zeros(n);
    add_bump(f, n, 0, 60, 1000.0);      /* cut by the start: kept although short */
    add_bump(f, n, 500, 50, 1000.0);    /* 50 ms: too short */
    add_bump(f, n, 1000, 80, 1000.0);   /* exactly the minimum: kept */
    add_bump(f, n, 1500, 2000, 1000.0); /* 2 s: too long */
    add_bump(f, n, 4000, 200, 150.0);   /* peak 150 N < 200 N */
    add_bump(f, n, 4500, 200, 1000.0);  /* kept */
    add_bump(f, n, 5960, 60, 1000.0);   /* cut by the end: kept */
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 4);
    ck_assert_uint_eq(r.contacts[0].start, 0);
    ck_assert(r.contacts[0].touches_start && !r.contacts[0].touches_end);
    ck_assert_uint_eq(r.contacts[1].start, 1000);
    ck_assert_uint_eq(r.contacts[1].end, 1080);
    ck_assert_uint_eq(r.contacts[2].start, 4500);
    ck_assert_uint_eq(r.contacts[3].start, 5960);
    ck_assert_uint_eq(r.contacts[3].end, n);
    ck_assert(r.contacts[3].touches_end && !r.contacts[3].touches_start);
    ck_assert_uint_eq(r.n_rejected_short, 1);
    ck_assert_uint_eq(r.n_rejected_long, 1);
    ck_assert_uint_eq(r.n_rejected_peak, 1);
    gait_stance_result_free(&r);

    /* min_peak 0 keeps the small one; a shorter maximum drops the 200 ms contacts. */
    s.min_peak_n = 0.0;
    s.max_duration_s = 0.15;
    r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 3);
    ck_assert_uint_eq(r.n_rejected_long, 3);
    ck_assert_uint_eq(r.n_rejected_peak, 0);
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

START_TEST(test_constant_offset)
{
    const size_t n = 3000;
    double *clean = zeros(n), *f = zeros(n);
    add_bump(clean, n, 400, 250, 1600.0);
    add_bump(clean, n, 1400, 250, 1600.0);
    const double offsets[] = {7.5, -12.0, -35.0, 19.0};
    gait_stance_settings s = gait_stance_settings_default();
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
        for (size_t i = 0; i < n; i++)
            f[i] = clean[i] + offsets[k];
        gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
        ck_assert_msg(r.n_contacts == 2, "offset %g: %zu contacts", offsets[k], r.n_contacts);
        ck_assert_uint_eq(r.contacts[0].start, 400);
        ck_assert_uint_eq(r.contacts[0].end, 650);
        ck_assert_uint_eq(r.contacts[1].start, 1400);
        ck_assert_uint_eq(r.contacts[1].end, 1650);
        ck_assert_double_eq_tol(r.baseline_n, offsets[k], 1e-12);
        ck_assert_double_eq_tol(r.corrected[100], 0.0, 1e-12);
        ck_assert_double_eq_tol(r.corrected[500], clean[500], 1e-9);
        gait_stance_result_free(&r);
    }
    /* Uncorrected, a -25 N offset shortens the contacts (the bump's first sample is 20 N). */
    for (size_t i = 0; i < n; i++)
        f[i] = clean[i] - 25.0;
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_NONE);
    ck_assert_uint_eq(r.n_contacts, 2);
    ck_assert_uint_gt(r.contacts[0].start, 400);
    ck_assert_uint_lt(r.contacts[0].end, 650);
    gait_stance_result_free(&r);
    free(clean);
    free(f);
}
END_TEST

START_TEST(test_treadmill_drift)
{
    /* Treadmill: a contact every 350 ms (240 ms long), flight phases of 110 ms, and a baseline
     * drifting linearly from -10 N to +15 N over the trial. */
    const size_t n = 4000;
    double *clean = zeros(n), *f = zeros(n);
    size_t n_bumps = 0;
    for (size_t start = 200; start + 240 < n - 100; start += 350, n_bumps++)
        add_bump(clean, n, start, 240, 1700.0);
    for (size_t i = 0; i < n; i++)
        f[i] = clean[i] - 10.0 + 25.0 * (double)i / (double)(n - 1);
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_DRIFT);
    ck_assert_uint_eq(r.n_contacts, n_bumps);
    ck_assert_uint_eq(r.n_unloaded_periods, n_bumps + 1);
    /* Between the first and the last knot the linear drift is removed exactly. */
    for (size_t k = 0; k < r.n_contacts; k++) {
        ck_assert_uint_eq(r.contacts[k].start, 200 + 350 * k);
        ck_assert_uint_eq(r.contacts[k].end, 440 + 350 * k);
    }
    ck_assert_double_eq_tol(r.corrected[200 + 350 + 300], 0.0, 1e-9);
    ck_assert_double_eq_tol(r.corrected[1300], clean[1300], 1e-9);
    ck_assert_double_eq_tol(r.baseline_n, 2.5, 0.5);
    gait_stance_result_free(&r);

    /* One constant offset cannot follow it: the contacts at the ends come out too long or too
     * short. */
    r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    int wrong = 0;
    for (size_t k = 0; k < r.n_contacts; k++)
        wrong += r.contacts[k].start != 200 + 350 * k || r.contacts[k].end != 440 + 350 * k;
    ck_assert_int_gt(wrong, 0);
    gait_stance_result_free(&r);

    /* The same mask removes a horizontal channel's baseline too. */
    r = detect(f, n, &s, GAIT_BASELINE_DRIFT);
    double *h = zeros(n);
    for (size_t i = 0; i < n; i++)
        h[i] = 3.0 + 0.001 * (double)i + (clean[i] > 0.0 ? 100.0 : 0.0);
    double mean = 0.0;
    test_assert_ok(
        gait_stance_remove_baseline(h, n, RATE_HZ, r.unloaded, GAIT_BASELINE_DRIFT, &mean),
        "gait_stance_remove_baseline");
    ck_assert_double_eq_tol(h[1300], 100.0, 1e-9);
    ck_assert(clean[1300] > 1000.0);
    ck_assert_double_eq_tol(h[200 + 350 + 300], 0.0, 1e-9);
    ck_assert_double_eq_tol(mean, 5.0, 0.5);
    gait_stance_result_free(&r);
    free(h);
    free(clean);
    free(f);
}
END_TEST

START_TEST(test_noise_level)
{
    const size_t n = 5000;
    double *f = zeros(n);
    uint64_t state = 20241121;
    for (size_t start = 300; start + 300 < n; start += 600)
        add_bump(f, n, start, 250, 1500.0);
    for (size_t i = 0; i < n; i++)
        f[i] += 4.0 + 2.0 * gaussian(&state);
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 8);
    ck_assert_double_eq_tol(r.baseline_n, 4.0, 0.1);
    ck_assert_double_eq_tol(r.noise_sd_n, 2.0, 0.1);
    ck_assert_double_eq_tol(r.level_n, 3.0 * r.noise_sd_n, 1e-12);
    for (size_t k = 0; k < r.n_contacts; k++) {
        /* The half sine reaches 3 sigma (6 N) in 1 ms; the walk back stops within 3 ms. */
        size_t true_start = 300 + 600 * k;
        ck_assert_uint_le(r.contacts[k].start, true_start + 3);
        ck_assert_uint_ge(r.contacts[k].start + 3, true_start);
        ck_assert_uint_le(r.contacts[k].end, true_start + 250 + 3);
        ck_assert_uint_ge(r.contacts[k].end + 3, true_start + 250);
    }
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

START_TEST(test_nan)
{
    const size_t n = 2000;
    double *f = zeros(n);
    add_bump(f, n, 200, 300, 1500.0);
    add_bump(f, n, 1000, 250, 1500.0);
    for (size_t i = 340; i < 360; i++)
        f[i] = NAN; /* a gap inside the first contact */
    f[0] = NAN;
    f[n - 1] = INFINITY;
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r = detect(f, n, &s, GAIT_BASELINE_CONSTANT);
    ck_assert_uint_eq(r.n_contacts, 3);
    ck_assert_uint_eq(r.contacts[0].start, 200);
    ck_assert_uint_eq(r.contacts[0].end, 340);
    ck_assert(!r.contacts[0].touches_start && r.contacts[0].touches_end);
    ck_assert_uint_eq(r.contacts[1].start, 360);
    ck_assert_uint_eq(r.contacts[1].end, 500);
    ck_assert(r.contacts[1].touches_start && !r.contacts[1].touches_end);
    ck_assert_uint_eq(r.contacts[2].start, 1000);
    ck_assert(isnan(r.corrected[345]) && isnan(r.corrected[0]) && !r.unloaded[0]);
    gait_stance_result_free(&r);

    for (size_t i = 0; i < n; i++)
        f[i] = NAN;
    r = detect(f, n, &s, GAIT_BASELINE_DRIFT);
    ck_assert_uint_eq(r.n_contacts, 0);
    ck_assert(isnan(r.noise_sd_n));
    ck_assert_uint_eq(r.n_unloaded, 0);
    gait_stance_result_free(&r);
    free(f);
}
END_TEST

START_TEST(test_errors)
{
    double f[4] = {0, 100, 300, 0};
    gait_stance_settings s = gait_stance_settings_default();
    gait_stance_result r;
    memset(&r, 0xAB, sizeof r);
    ck_assert_int_eq(gait_stance_detect(NULL, 4, RATE_HZ, &s, GAIT_BASELINE_NONE, &r),
                     GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(r.contacts);
    ck_assert_uint_eq(r.n_contacts, 0);
    ck_assert_int_eq(gait_stance_detect(f, 4, RATE_HZ, NULL, GAIT_BASELINE_NONE, &r),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_detect(f, 4, RATE_HZ, &s, GAIT_BASELINE_NONE, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_detect(f, 0, RATE_HZ, &s, GAIT_BASELINE_NONE, &r), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_stance_detect(f, 4, 0.0, &s, GAIT_BASELINE_NONE, &r), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_detect(f, 4, NAN, &s, GAIT_BASELINE_NONE, &r), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_detect(f, 4, RATE_HZ, &s, (gait_baseline_mode)7, &r),
                     GAIT_E_INVALID_ARG);
    const struct {
        double on, off, min_s, max_s, peak;
    } bad[] = {
        {20, 30, 0.08, 1.5, 200},                               /* off > on */
        {0, 0, 0.08, 1.5, 200},                                 /* on 0 */
        {NAN, 20, 0.08, 1.5, 200},                              /* NaN */
        {20, -1, 0.08, 1.5, 200},                               /* off < 0 */
        {20, 20, -0.1, 1.5, 200},                               /* min < 0 */
        {20, 20, 0.2, 0.2, 200},                                /* max <= min */
        {20, 20, 0.08, INFINITY, 200}, {20, 20, 0.08, 1.5, -1}, /* min peak < 0 */
        {20, 20, 0.08, 1.5, NAN},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        gait_stance_settings b = {bad[k].on,    bad[k].off,  bad[k].min_s,
                                  bad[k].max_s, bad[k].peak, 0.0};
        ck_assert_int_eq(gait_stance_detect(f, 4, RATE_HZ, &b, GAIT_BASELINE_NONE, &r),
                         GAIT_E_INVALID_ARG);
        ck_assert_str_ne(gait_last_error_detail(), "");
    }
    unsigned char mask[4] = {1, 0, 0, 1};
    ck_assert_int_eq(
        gait_stance_remove_baseline(NULL, 4, RATE_HZ, mask, GAIT_BASELINE_CONSTANT, NULL),
        GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_stance_remove_baseline(f, 4, RATE_HZ, NULL, GAIT_BASELINE_CONSTANT, NULL),
                     GAIT_E_INVALID_ARG);
    gait_stance_result_free(NULL);
}
END_TEST

START_TEST(test_median)
{
    const double odd[] = {5, NAN, 1, 3}, even[] = {4, 1, 3, 2};
    ck_assert_double_eq(gait_median(odd, 4, NULL), 3.0);
    ck_assert_double_eq(gait_median(even, 4, NULL), 2.5);
    const double none[] = {NAN, INFINITY};
    gait_status status;
    ck_assert(isnan(gait_median(none, 2, &status)));
    ck_assert_int_eq(status, GAIT_OK);
}
END_TEST

START_TEST(test_defaults)
{
    gait_stance_settings s = gait_stance_settings_default();
    ck_assert_double_eq(s.on_threshold_n, 20.0);
    ck_assert_double_eq(s.off_threshold_n, 20.0);
    ck_assert_double_eq(s.min_duration_s, 0.08);
    ck_assert_double_eq(s.max_duration_s, 1.5);
    ck_assert_double_eq(s.min_peak_n, 200.0);
    ck_assert_double_eq(s.cutoff_hz, 0.0);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("stance");
    TCase *tc = tcase_create("stance");
    tcase_add_test(tc, test_exact_contacts);
    tcase_add_test(tc, test_hysteresis);
    tcase_add_test(tc, test_public_find);
    tcase_add_test(tc, test_tail_below_threshold);
    tcase_add_test(tc, test_durations_and_peak);
    tcase_add_test(tc, test_constant_offset);
    tcase_add_test(tc, test_treadmill_drift);
    tcase_add_test(tc, test_noise_level);
    tcase_add_test(tc, test_nan);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_median);
    tcase_add_test(tc, test_defaults);
    suite_add_tcase(suite, tc);
    return suite;
}
