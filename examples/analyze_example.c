/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Analyse a running trial and print, per step, the two study markers of the 4HAIE study (peak
 * ankle inversion moment, peak ankle external rotation) with the strike pattern, then cadence.
 * Usage: analyze_example FILE.c3d [FOOT_LENGTH_M]
 * Build against an installed libgait: cc analyze_example.c $(pkg-config --cflags --libs libgait) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gait/gait.h>

static const char *side_name(int side)
{
    return side == 0 ? "right" : side == 1 ? "left" : "?";
}

static const char *pattern_name(int pattern)
{
    static const char *const names[] = {"rearfoot", "midfoot", "forefoot"};
    return pattern >= 0 && pattern < 3 ? names[pattern] : "-";
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s FILE.c3d [FOOT_LENGTH_M]\n", argv[0]);
        return 2;
    }
    gait_analyze_settings settings = gait_analyze_settings_default();
    if (argc == 3)
        settings.foot_length_m = atof(argv[2]);
    gait_c3d *c3d = NULL;
    gait_trial *trial = NULL;
    gait_status status = gait_c3d_open(argv[1], &c3d);
    if (status == GAIT_OK)
        status = gait_analyze_c3d(c3d, &settings, &trial);
    gait_c3d_close(c3d); /* the trial keeps no pointer to the file */
    gait_trial_summary summary;
    if (status == GAIT_OK)
        status = gait_trial_get_summary(trial, &summary);
    if (status != GAIT_OK) {
        fprintf(stderr, "%s: %s: %s\n", argv[1], gait_strerror(status), gait_last_error_detail());
        gait_trial_free(trial);
        return 1;
    }
    printf("%-5s %8s %10s %16s %10s\n", "side", "IC s", "pattern", "INV moment Nm/kg", "ER deg");
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        gait_trial_get_step(trial, i, &step);
        /* NaN prints as "nan": the marker could not be computed for this step */
        printf("%-5s %8.3f %10s %16.3f %10.2f\n", side_name(step.side), step.ic_s,
               pattern_name(step.strike_pattern), step.ankle_inversion_moment_peak_nm_kg,
               step.ankle_external_rotation_peak_deg);
    }
    printf("cadence %.1f steps/min over %zu steps\n", summary.cadence_spm, summary.n_steps);
    gait_trial_free(trial);
    return 0;
}
