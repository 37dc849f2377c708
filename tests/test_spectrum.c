/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Welch PSD against scipy.signal.welch (tests/ref/welch_*.txt, from make_spectrum_refs.py), the
 * dominant frequency of noisy sinusoids, a Parseval check on white noise, and every named error. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"
#include "gait/spectrum.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ---- deterministic Gaussian noise: splitmix64 + Box-Muller ---- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1]. */
static double uniform01(uint64_t *state)
{
    return ((double)(splitmix64(state) >> 11) + 1.0) / 9007199254740992.0;
}

static void gaussian_noise(double *x, size_t n, double sd, uint64_t seed)
{
    uint64_t state = seed;
    for (size_t i = 0; i < n; i += 2) {
        double r = sqrt(-2.0 * log(uniform01(&state)));
        double phi = 2.0 * M_PI * uniform01(&state);
        x[i] = sd * r * cos(phi);
        if (i + 1 < n)
            x[i + 1] = sd * r * sin(phi);
    }
}

/* ---- scipy reference files ---- */

typedef struct welch_ref {
    double rate_hz;
    gait_welch_settings settings;
    size_t n, bins;
    double *x, *freq, *psd;
} welch_ref;

static void read_ref(const char *name, welch_ref *ref)
{
    char file_name[256];
    snprintf(file_name, sizeof file_name, "welch_%s.txt", name);
    FILE *file = test_open_ref(file_name);
    char line[512];
    for (;;) {
        ck_assert_msg(fgets(line, sizeof line, file) != NULL, "%s: no header line", file_name);
        if (line[0] != '#')
            break;
    }
    ck_assert_msg(sscanf(line, "welch %lf %zu %zu %zu %zu %zu", &ref->rate_hz,
                         &ref->settings.segment_length, &ref->settings.overlap,
                         &ref->settings.fft_length, &ref->n, &ref->bins) == 6,
                  "%s: bad header '%s'", file_name, line);
    ref->x = malloc(ref->n * sizeof *ref->x);
    ref->freq = malloc(ref->bins * sizeof *ref->freq);
    ref->psd = malloc(ref->bins * sizeof *ref->psd);
    ck_assert(ref->x != NULL && ref->freq != NULL && ref->psd != NULL);
    for (size_t i = 0; i < ref->n; i++)
        ck_assert_msg(fscanf(file, "%lf", &ref->x[i]) == 1, "%s: sample %zu", file_name, i);
    for (size_t b = 0; b < ref->bins; b++)
        ck_assert_msg(fscanf(file, "%lf %lf", &ref->freq[b], &ref->psd[b]) == 2, "%s: bin %zu",
                      file_name, b);
    fclose(file);
}

static void free_ref(welch_ref *ref)
{
    free(ref->x);
    free(ref->freq);
    free(ref->psd);
}

static const char *const welch_cases[] = {"sines_even", "white_odd", "trend_padded",
                                          "short_default"};

START_TEST(test_welch_matches_scipy)
{
    welch_ref ref;
    read_ref(welch_cases[_i], &ref);
    ck_assert_uint_eq(gait_welch_bins(&ref.settings, ref.n), ref.bins);
    double *freq = malloc(ref.bins * sizeof *freq);
    double *psd = malloc(ref.bins * sizeof *psd);
    ck_assert(freq != NULL && psd != NULL);
    gait_status status = gait_welch(ref.x, ref.n, ref.rate_hz, &ref.settings, freq, psd, ref.bins);
    ck_assert_msg(status == GAIT_OK, "%s: %s", welch_cases[_i], gait_last_error_detail());
    for (size_t b = 0; b < ref.bins; b++) {
        ck_assert_msg(fabs(freq[b] - ref.freq[b]) <= 1e-12 * ref.rate_hz,
                      "%s: bin %zu frequency %.17g, scipy %.17g", welch_cases[_i], b, freq[b],
                      ref.freq[b]);
        ck_assert_msg(ref.psd[b] > 0.0, "%s: reference bin %zu is not positive", welch_cases[_i],
                      b);
        double relative = fabs(psd[b] - ref.psd[b]) / ref.psd[b];
        ck_assert_msg(relative <= 1e-9, "%s: bin %zu psd %.17g, scipy %.17g (relative %.3g)",
                      welch_cases[_i], b, psd[b], ref.psd[b], relative);
    }
    free(freq);
    free(psd);
    free_ref(&ref);
}
END_TEST

START_TEST(test_welch_bins)
{
    gait_welch_settings s = gait_welch_settings_default();
    ck_assert_uint_eq(s.segment_length, 256);
    ck_assert_uint_eq(gait_welch_bins(&s, 0), 0);
    ck_assert_uint_eq(gait_welch_bins(&s, 1000), 129);
    ck_assert_uint_eq(gait_welch_bins(NULL, 1000), 129);
    ck_assert_uint_eq(gait_welch_bins(&s, 50), 26); /* segment cut to 50 */
    ck_assert_uint_eq(gait_welch_bins(&s, 1), 1);
    s.segment_length = 75;
    s.fft_length = 151;
    ck_assert_uint_eq(gait_welch_bins(&s, 1000), 76);
}
END_TEST

/* ---- dominant frequency ---- */

enum { SINE_RATE = 100, SINE_SECONDS = 30, SINE_N = SINE_RATE * SINE_SECONDS };

/* amplitude_1 sin(2 pi f1 t) + amplitude_2 sin(2 pi f2 t + 1) + Gaussian noise of SD noise_sd. */
static void two_sines(double *x, double f1, double amplitude_1, double f2, double amplitude_2,
                      double noise_sd, uint64_t seed)
{
    gaussian_noise(x, SINE_N, noise_sd, seed);
    for (size_t i = 0; i < SINE_N; i++) {
        double t = (double)i / SINE_RATE;
        x[i] +=
            amplitude_1 * sin(2.0 * M_PI * f1 * t) + amplitude_2 * sin(2.0 * M_PI * f2 * t + 1.0);
    }
}

START_TEST(test_dominant_noisy_sinusoid)
{
    /* Noise SD equal to the amplitude: SNR 0.5 per sample. Several seeds, none may miss. */
    static double x[SINE_N];
    for (uint64_t seed = 1; seed <= 5; seed++) {
        two_sines(x, 2.9, 1.0, 0.0, 0.0, 1.0, seed);
        double f = -1.0;
        gait_status status = gait_dominant_frequency(x, SINE_N, SINE_RATE, 0.5, 5.0, NULL, &f);
        ck_assert_msg(status == GAIT_OK, "%s", gait_last_error_detail());
        ck_assert_msg(fabs(f - 2.9) < 0.01, "seed %u: %.6f Hz, want 2.9 Hz", (unsigned)seed, f);
    }
}
END_TEST

START_TEST(test_dominant_refinement_between_bins)
{
    /* Noise-free: 2.9 Hz falls between the bins of the 32768-point FFT (spacing 0.00305 Hz; 2.9 Hz
     * is bin 950.27), so the log-parabola must do better than the nearest bin (0.0008 Hz off). */
    static double x[SINE_N];
    two_sines(x, 2.9, 1.0, 0.0, 0.0, 0.0, 1);
    double f = -1.0;
    ck_assert_int_eq(gait_dominant_frequency(x, SINE_N, SINE_RATE, 0.5, 5.0, NULL, &f), GAIT_OK);
    ck_assert_msg(fabs(f - 2.9) < 2e-4, "%.8f Hz, want 2.9 Hz", f);
}
END_TEST

START_TEST(test_dominant_band_selects_weaker_peak)
{
    /* The 2.9 Hz line is twice as strong, but outside the 8..15 Hz band. */
    static double x[SINE_N];
    two_sines(x, 2.9, 1.0, 11.0, 0.5, 0.5, 7);
    double f = -1.0;
    ck_assert_int_eq(gait_dominant_frequency(x, SINE_N, SINE_RATE, 8.0, 15.0, NULL, &f), GAIT_OK);
    ck_assert_msg(fabs(f - 11.0) < 0.01, "%.6f Hz, want 11 Hz", f);
    ck_assert_int_eq(gait_dominant_frequency(x, SINE_N, SINE_RATE, 0.5, 50.0, NULL, &f), GAIT_OK);
    ck_assert_msg(fabs(f - 2.9) < 0.01, "%.6f Hz, want 2.9 Hz", f);

    /* Welch settings: 1024-sample segments padded to 8192 (0.0122 Hz bins). */
    gait_welch_settings s = gait_welch_settings_default();
    s.segment_length = 1024;
    s.fft_length = 8192;
    ck_assert_int_eq(gait_dominant_frequency(x, SINE_N, SINE_RATE, 0.5, 5.0, &s, &f), GAIT_OK);
    ck_assert_msg(fabs(f - 2.9) < 0.02, "Welch: %.6f Hz, want 2.9 Hz", f);
}
END_TEST

/* ---- Parseval: the integral of the density is the variance ---- */

START_TEST(test_parseval_white_noise)
{
    enum { N = 100000 };
    const double rate = 200.0;
    const double sd = 1.7;
    double *x = malloc(N * sizeof *x);
    ck_assert(x != NULL);
    gaussian_noise(x, N, sd, 42);
    for (size_t i = 0; i < N; i++)
        x[i] += 5.0; /* an offset that the constant detrend must remove */

    double mean = 0.0;
    for (size_t i = 0; i < N; i++)
        mean += x[i];
    mean /= N;
    double variance = 0.0;
    for (size_t i = 0; i < N; i++)
        variance += (x[i] - mean) * (x[i] - mean);
    variance /= N;

    gait_welch_settings s = gait_welch_settings_default();
    size_t bins = gait_welch_bins(&s, N);
    ck_assert_uint_eq(bins, 129);
    double freq[129], psd[129];
    ck_assert_int_eq(gait_welch(x, N, rate, &s, freq, psd, bins), GAIT_OK);
    double df = freq[1] - freq[0];
    ck_assert_double_eq_tol(df, rate / 256.0, 1e-12);
    ck_assert_double_eq_tol(freq[128], rate / 2.0, 1e-12);
    double integral = 0.0;
    for (size_t b = 0; b < bins; b++)
        integral += psd[b] * df;
    ck_assert_msg(fabs(integral / variance - 1.0) < 0.03, "integral %.6f, variance %.6f", integral,
                  variance);
    /* White: the density is flat at variance / Nyquist; check the mid band on average. */
    double mid = 0.0;
    for (size_t b = 16; b < 112; b++)
        mid += psd[b];
    mid /= 96.0;
    ck_assert_msg(fabs(mid / (variance / (rate / 2.0)) - 1.0) < 0.03, "mid-band density %.6g", mid);
    free(x);
}
END_TEST

/* ---- errors ---- */

#define EXPECT_FAIL(call, expected)                                                                \
    do {                                                                                           \
        gait_clear_error();                                                                        \
        gait_status got_ = (call);                                                                 \
        ck_assert_msg(got_ == (expected), "%s: status %d, want %d", #call, (int)got_,              \
                      (int)(expected));                                                            \
        ck_assert_msg(gait_last_error_detail()[0] != '\0', "%s: empty detail", #call);             \
    } while (0)

START_TEST(test_errors)
{
    double x[64], freq[33], psd[33], f = 0.0;
    for (size_t i = 0; i < 64; i++)
        x[i] = sin(0.3 * (double)i);
    gait_welch_settings s = gait_welch_settings_default();
    s.segment_length = 64;
    ck_assert_uint_eq(gait_welch_bins(&s, 64), 33);
    ck_assert_int_eq(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_OK);

    /* rate */
    EXPECT_FAIL(gait_welch(x, 64, 0.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "rate_hz"));
    EXPECT_FAIL(gait_welch(x, 64, -100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_welch(x, 64, NAN, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_welch(x, 64, INFINITY, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 0.0, 1.0, 10.0, NULL, &f), GAIT_E_INVALID_ARG);

    /* empty input */
    EXPECT_FAIL(gait_welch(x, 0, 100.0, &s, freq, psd, 33), GAIT_E_NO_DATA);
    EXPECT_FAIL(gait_dominant_frequency(x, 0, 100.0, 1.0, 10.0, NULL, &f), GAIT_E_NO_DATA);

    /* NULL */
    EXPECT_FAIL(gait_welch(NULL, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, NULL, psd, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, NULL, 33), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 10.0, NULL, NULL), GAIT_E_INVALID_ARG);

    /* non-finite samples, named by index */
    x[7] = NAN;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    ck_assert_msg(strstr(gait_last_error_detail(), "sample 7 ") != NULL, "detail '%s'",
                  gait_last_error_detail());
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 10.0, NULL, &f), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "sample 7 "));
    x[7] = 0.0;
    x[63] = -INFINITY;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "sample 63 "));
    x[63] = 0.0;

    /* band */
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 60.0, NULL, &f), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "Nyquist"));
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 55.0, 60.0, NULL, &f), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, -1.0, 10.0, NULL, &f), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 10.0, 5.0, NULL, &f), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 5.0, 5.0, NULL, &f), GAIT_E_INVALID_ARG);
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, NAN, 10.0, NULL, &f), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_dominant_frequency(x, 64, 100.0, 0.0, 50.0, NULL, &f), GAIT_OK);

    /* overlap, FFT length, segment length */
    s.overlap = 64;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "overlap"));
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 10.0, &s, &f), GAIT_E_INVALID_ARG);
    s.overlap = 100;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    /* an overlap that fits the asked-for segment but not the segment cut to the series */
    s.segment_length = 128;
    s.overlap = 64;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    s = gait_welch_settings_default();
    s.segment_length = 64;
    s.fft_length = 32;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 17), GAIT_E_INVALID_ARG);
    s.fft_length = 0;
    s.segment_length = 0;
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 33), GAIT_E_INVALID_ARG);
    s.segment_length = 64;

    /* buffer size must match gait_welch_bins() */
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 32), GAIT_E_BUFFER_SIZE);
    EXPECT_FAIL(gait_welch(x, 64, 100.0, &s, freq, psd, 34), GAIT_E_BUFFER_SIZE);

    /* nothing in the band: 16-sample segments give 6.25 Hz bins, none in 1..2 Hz */
    s.segment_length = 16;
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 2.0, &s, &f), GAIT_E_NO_DATA);
    /* a constant has no power anywhere */
    for (size_t i = 0; i < 64; i++)
        x[i] = 0.1;
    EXPECT_FAIL(gait_dominant_frequency(x, 64, 100.0, 1.0, 10.0, NULL, &f), GAIT_E_NO_DATA);

    /* success leaves the thread's last detail alone, as documented */
    gait_clear_error();
    ck_assert_str_eq(gait_last_error_detail(), "");
}
END_TEST

START_TEST(test_single_sample)
{
    /* One sample: a 1-sample segment, detrended to zero, so the density is exactly 0. */
    double x = 3.0, freq = -1.0, psd = -1.0;
    ck_assert_uint_eq(gait_welch_bins(NULL, 1), 1);
    ck_assert_int_eq(gait_welch(&x, 1, 10.0, NULL, &freq, &psd, 1), GAIT_OK);
    ck_assert_double_eq(freq, 0.0);
    ck_assert_double_eq(psd, 0.0);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("spectrum");
    TCase *welch = tcase_create("welch");
    tcase_add_loop_test(welch, test_welch_matches_scipy, 0,
                        (int)(sizeof welch_cases / sizeof welch_cases[0]));
    tcase_add_test(welch, test_welch_bins);
    tcase_add_test(welch, test_parseval_white_noise);
    tcase_add_test(welch, test_single_sample);
    suite_add_tcase(suite, welch);

    TCase *dominant = tcase_create("dominant");
    tcase_add_test(dominant, test_dominant_noisy_sinusoid);
    tcase_add_test(dominant, test_dominant_refinement_between_bins);
    tcase_add_test(dominant, test_dominant_band_selects_weaker_peak);
    suite_add_tcase(suite, dominant);

    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_errors);
    suite_add_tcase(suite, errors);
    return suite;
}
