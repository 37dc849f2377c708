/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes through the C3D reader and everything that reads from a handle. */
#include <stdint.h>
#include <stdlib.h>

#include <gait/gait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gait_c3d *c3d = NULL;
    if (gait_c3d_open_memory(data, size, "fuzz.c3d", &c3d) != GAIT_OK)
        return 0;
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n_analog = info.n_frames * info.analog_samples_per_frame;
    size_t longest = 3 * (info.n_frames > n_analog ? info.n_frames : n_analog) + 1;
    double *buffer = malloc(longest * sizeof *buffer);
    double *extra = malloc(longest * sizeof *extra);
    if (buffer != NULL && extra != NULL) {
        for (size_t p = 0; p < info.n_points; p++) {
            gait_c3d_point_label(c3d, p);
            gait_c3d_get_point(c3d, p, buffer, extra);
        }
        for (size_t a = 0; a < info.n_analog_channels; a++)
            gait_c3d_get_analog(c3d, a, buffer);
        for (size_t p = 0; p < info.n_force_platforms && p < 16; p++)
            gait_c3d_plate_wrench(c3d, p, NULL, buffer, NULL, extra, NULL);
    }
    for (size_t e = 0; e < info.n_events; e++) {
        gait_c3d_event event;
        gait_c3d_get_event(c3d, e, &event);
    }
    size_t index;
    gait_c3d_find_point(c3d, "LHEE", &index);
    /* The whole analysis runs on whatever the reader accepted. */
    gait_trial *trial = NULL;
    if (gait_analyze_c3d(c3d, NULL, &trial) == GAIT_OK) {
        gait_trial_summary summary;
        gait_trial_get_summary(trial, &summary);
        gait_trial_free(trial);
    }
    free(buffer);
    free(extra);
    gait_c3d_close(c3d);
    return 0;
}
