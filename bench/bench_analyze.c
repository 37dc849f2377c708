/* SPDX-License-Identifier: GPL-3.0-or-later */
/* In-process `gait analyze` work per trial: bench_analyze REPEATS CUTOFF_HZ FILE.c3d
 * [ANKLE_WIDTH_M KNEE_WIDTH_M] prints the best of REPEATS wall times of open + stance detection +
 * per-step markers + ankle angles and inverse dynamics + summary, the number of steps found and
 * how many have both study markers, as "seconds S steps N ankle M". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gait/gait.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: %s REPEATS CUTOFF_HZ FILE.c3d [ANKLE_WIDTH_M KNEE_WIDTH_M]\n",
                argv[0]);
        return 2;
    }
    int repeats = atoi(argv[1]);
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.stance.cutoff_hz = atof(argv[2]);
    if (argc == 6) {
        settings.ankle_width_m = atof(argv[4]);
        settings.knee_width_m = atof(argv[5]);
    }
    double best_s = 1e300;
    size_t steps = 0, with_ankle = 0;
    for (int r = 0; r < repeats; r++) {
        double start = now_s();
        gait_c3d *c3d = NULL;
        gait_trial *trial = NULL;
        gait_status status = gait_c3d_open(argv[3], &c3d);
        if (status == GAIT_OK)
            status = gait_analyze_c3d(c3d, &settings, &trial);
        gait_trial_summary summary;
        if (status == GAIT_OK)
            status = gait_trial_get_summary(trial, &summary);
        if (status != GAIT_OK) {
            fprintf(stderr, "%s: %s\n", argv[3], gait_last_error_detail());
            return 1;
        }
        steps = gait_trial_step_count(trial);
        with_ankle = 0;
        for (size_t i = 0; i < steps; i++) {
            gait_step step;
            gait_trial_get_step(trial, i, &step);
            with_ankle +=
                step.ankle_inversion_moment_peak_nm_kg == step.ankle_inversion_moment_peak_nm_kg &&
                step.ankle_external_rotation_peak_deg == step.ankle_external_rotation_peak_deg;
        }
        gait_trial_free(trial);
        gait_c3d_close(c3d);
        double elapsed = now_s() - start;
        best_s = elapsed < best_s ? elapsed : best_s;
    }
    printf("seconds %.6f steps %zu ankle %zu\n", best_s, steps, with_ankle);
    return 0;
}
