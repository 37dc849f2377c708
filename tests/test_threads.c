/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Eight threads at once run filtfilt, Welch and the dominant frequency on the same long signal and
 * must reproduce a serial run bit for bit; each thread's error detail must stay its own. Threads
 * only record what they saw: the Check assertions run in the main thread after the joins. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"
#include "gait/filter.h"
#include "gait/spectrum.h"
#include "gait/status.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

enum {
    N_THREADS = 8,
    N_ITERATIONS = 5,
    N_SAMPLES = 200000, /* 200 s at 1 kHz */
    N_CADENCE = 20000,  /* the first 20 s, for the zero-padded dominant frequency */
    N_BAD = 2000,       /* the short series each failing thread spoils with its own NaN */
    BAD_BASE = 1000,    /* thread t puts its NaN at sample BAD_BASE + t */
};

static const double RATE_HZ = 1000.0;

/* Inputs and the serial results, written by the main thread before any worker starts. */
static double *signal_x;
static double *serial_filtered;
static double *serial_freq, *serial_psd;
static size_t n_bins;
static double serial_dominant_whole, serial_dominant_welch;
static gait_butterworth filter;
static gait_welch_settings welch;
static pthread_barrier_t barrier;

typedef struct worker {
    int index;
    int fails_on_purpose; /* provokes its own error each iteration */
    int ok;
    char message[512]; /* the first mismatch, for the main thread to report */
} worker;

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A running-like test signal: 2.8 Hz stride rhythm, harmonics, a drift and uniform noise. */
static void make_signal(double *x, size_t n)
{
    uint64_t state = 2024;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE_HZ;
        double noise = (double)(splitmix64(&state) >> 11) / 9007199254740992.0 - 0.5;
        x[i] = 9.81 + 3.0 * sin(2.0 * M_PI * 2.8 * t) + 1.2 * sin(2.0 * M_PI * 5.6 * t + 0.4) +
               0.4 * sin(2.0 * M_PI * 37.0 * t) + 0.01 * t + 2.0 * noise;
    }
}

static void record_failure(worker *w, const char *what, int iteration)
{
    if (w->ok)
        snprintf(w->message, sizeof w->message, "thread %d iteration %d: %s (detail '%s')",
                 w->index, iteration, what, gait_last_error_detail());
    w->ok = 0;
}

/* The detail this thread must see: its own NaN index, or nothing. */
static void check_detail(worker *w, int iteration, const char *when)
{
    const char *detail = gait_last_error_detail();
    char expected[64];
    if (w->fails_on_purpose) {
        snprintf(expected, sizeof expected, "sample %d ", BAD_BASE + w->index);
        if (strstr(detail, expected) == NULL) {
            char what[128];
            snprintf(what, sizeof what, "%s: detail lost its own '%s'", when, expected);
            record_failure(w, what, iteration);
        }
    } else if (detail[0] != '\0') {
        char what[128];
        snprintf(what, sizeof what, "%s: another thread's detail leaked in", when);
        record_failure(w, what, iteration);
    }
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    gait_clear_error();
    double *filtered = malloc(N_SAMPLES * sizeof *filtered);
    double *freq = malloc(n_bins * sizeof *freq);
    double *psd = malloc(n_bins * sizeof *psd);
    double *bad = malloc(N_BAD * sizeof *bad);
    if (filtered == NULL || freq == NULL || psd == NULL || bad == NULL) {
        record_failure(w, "out of memory", -1);
        /* keep the barrier count right for the others */
        for (int i = 0; i < N_ITERATIONS; i++)
            pthread_barrier_wait(&barrier);
        goto done;
    }
    memcpy(bad, signal_x, N_BAD * sizeof *bad);
    bad[BAD_BASE + w->index] = NAN;

    for (int it = 0; it < N_ITERATIONS; it++) {
        if (w->fails_on_purpose) {
            double f;
            if (gait_dominant_frequency(bad, N_BAD, RATE_HZ, 0.5, 10.0, NULL, &f) !=
                GAIT_E_INVALID_ARG)
                record_failure(w, "NaN sample was not rejected", it);
        }
        /* Every thread has set (or not) its detail before any starts the heavy work. */
        pthread_barrier_wait(&barrier);
        check_detail(w, it, "after the barrier");

        memset(filtered, 0, N_SAMPLES * sizeof *filtered);
        if (gait_filtfilt(&filter, signal_x, filtered, N_SAMPLES) != GAIT_OK)
            record_failure(w, "gait_filtfilt failed", it);
        else if (memcmp(filtered, serial_filtered, N_SAMPLES * sizeof *filtered) != 0)
            record_failure(w, "filtfilt differs from the serial run", it);

        if (gait_welch(signal_x, N_SAMPLES, RATE_HZ, &welch, freq, psd, n_bins) != GAIT_OK)
            record_failure(w, "gait_welch failed", it);
        else if (memcmp(freq, serial_freq, n_bins * sizeof *freq) != 0 ||
                 memcmp(psd, serial_psd, n_bins * sizeof *psd) != 0)
            record_failure(w, "Welch PSD differs from the serial run", it);

        double f = 0.0;
        if (gait_dominant_frequency(signal_x, N_CADENCE, RATE_HZ, 0.5, 4.0, NULL, &f) != GAIT_OK)
            record_failure(w, "gait_dominant_frequency (whole series) failed", it);
        else if (memcmp(&f, &serial_dominant_whole, sizeof f) != 0)
            record_failure(w, "dominant frequency (whole series) differs from the serial run", it);
        if (gait_dominant_frequency(signal_x, N_SAMPLES, RATE_HZ, 0.5, 4.0, &welch, &f) != GAIT_OK)
            record_failure(w, "gait_dominant_frequency (Welch) failed", it);
        else if (memcmp(&f, &serial_dominant_welch, sizeof f) != 0)
            record_failure(w, "dominant frequency (Welch) differs from the serial run", it);

        check_detail(w, it, "after the work");
    }
done:
    free(filtered);
    free(freq);
    free(psd);
    free(bad);
    return NULL;
}

static void setup_serial(void)
{
    signal_x = malloc(N_SAMPLES * sizeof *signal_x);
    serial_filtered = malloc(N_SAMPLES * sizeof *serial_filtered);
    ck_assert(signal_x != NULL && serial_filtered != NULL);
    make_signal(signal_x, N_SAMPLES);

    gait_filter_settings settings = gait_filter_settings_default(); /* 2nd order, 15 Hz */
    ck_assert_int_eq(gait_butterworth_design(&settings, RATE_HZ, &filter), GAIT_OK);
    ck_assert_int_eq(gait_filtfilt(&filter, signal_x, serial_filtered, N_SAMPLES), GAIT_OK);

    welch = gait_welch_settings_default();
    welch.segment_length = 4096;
    welch.fft_length = 16384;
    n_bins = gait_welch_bins(&welch, N_SAMPLES);
    ck_assert_uint_eq(n_bins, 8193);
    serial_freq = malloc(n_bins * sizeof *serial_freq);
    serial_psd = malloc(n_bins * sizeof *serial_psd);
    ck_assert(serial_freq != NULL && serial_psd != NULL);
    ck_assert_int_eq(
        gait_welch(signal_x, N_SAMPLES, RATE_HZ, &welch, serial_freq, serial_psd, n_bins), GAIT_OK);
    ck_assert_int_eq(gait_dominant_frequency(signal_x, N_CADENCE, RATE_HZ, 0.5, 4.0, NULL,
                                             &serial_dominant_whole),
                     GAIT_OK);
    ck_assert_int_eq(gait_dominant_frequency(signal_x, N_SAMPLES, RATE_HZ, 0.5, 4.0, &welch,
                                             &serial_dominant_welch),
                     GAIT_OK);
    /* The serial results are themselves sane: the 2.8 Hz rhythm is found. */
    ck_assert_double_eq_tol(serial_dominant_whole, 2.8, 0.01);
    ck_assert_double_eq_tol(serial_dominant_welch, 2.8, 0.05);
}

static void free_serial(void)
{
    free(signal_x);
    free(serial_filtered);
    free(serial_freq);
    free(serial_psd);
}

START_TEST(test_parallel_bit_identical)
{
    setup_serial();
    gait_clear_error();
    ck_assert_int_eq(pthread_barrier_init(&barrier, NULL, N_THREADS), 0);
    worker workers[N_THREADS];
    pthread_t threads[N_THREADS];
    for (int t = 0; t < N_THREADS; t++) {
        workers[t] = (worker){.index = t, .fails_on_purpose = t < N_THREADS - 1, .ok = 1};
        ck_assert_int_eq(pthread_create(&threads[t], NULL, run_worker, &workers[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++)
        ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
    pthread_barrier_destroy(&barrier);
    for (int t = 0; t < N_THREADS; t++)
        ck_assert_msg(workers[t].ok, "%s", workers[t].message);
    /* The workers' failures never reached the main thread's detail. */
    ck_assert_str_eq(gait_last_error_detail(), "");
    free_serial();
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("threads");
    TCase *parallel = tcase_create("parallel");
    tcase_set_timeout(parallel, 240);
    tcase_add_test(parallel, test_parallel_bit_identical);
    suite_add_tcase(suite, parallel);
    return suite;
}
