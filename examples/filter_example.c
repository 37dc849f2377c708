/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Smallest useful libgait program: zero-lag low-pass a noisy vertical force and find the step rate.
 * Build against an installed libgait with: cc filter_example.c $(pkg-config --cflags --libs
 * libgait) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gait/gait.h>

#define RATE_HZ   1000.0
#define N_SAMPLES 10000

int main(void)
{
    /* A stand-in for treadmill vertical force: 2.9 steps/s, 1.2 kN peaks, flight phases at 0 N. */
    static double force_n[N_SAMPLES], filtered_n[N_SAMPLES];
    for (size_t i = 0; i < N_SAMPLES; i++) {
        double t_s = (double)i / RATE_HZ;
        double wave = sin(2.0 * M_PI * 2.9 * t_s);
        force_n[i] = (wave > 0.0 ? 1200.0 * wave : 0.0) + 20.0 * sin(2.0 * M_PI * 180.0 * t_s);
    }

    gait_filter_settings settings = gait_filter_settings_default(); /* order 2, 15 Hz, zero lag */
    settings.cutoff_hz = 20.0;
    gait_butterworth filter;
    gait_status status = gait_butterworth_design(&settings, RATE_HZ, &filter);
    if (status == GAIT_OK)
        status = gait_filtfilt(&filter, force_n, filtered_n, N_SAMPLES);
    double step_hz = NAN;
    if (status == GAIT_OK)
        status = gait_dominant_frequency(filtered_n, N_SAMPLES, RATE_HZ, 2.0, 4.0, NULL, &step_hz);
    if (status != GAIT_OK) {
        fprintf(stderr, "libgait: %s: %s\n", gait_strerror(status), gait_last_error_detail());
        return EXIT_FAILURE;
    }
    printf("step frequency %.3f Hz = cadence %.1f steps/min\n", step_hz, 60.0 * step_hz);
    return EXIT_SUCCESS;
}
