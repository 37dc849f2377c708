/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes through the TRC reader and its getters. */
#include <stdint.h>
#include <stdlib.h>

#include <gait/gait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gait_trc *trc = NULL;
    if (gait_trc_open_memory(data, size, "fuzz.trc", &trc) != GAIT_OK)
        return 0;
    gait_trc_info info;
    gait_trc_get_info(trc, &info);
    double *xyz = malloc((3 * info.n_frames + 1) * sizeof *xyz);
    long *frames = malloc((info.n_frames + 1) * sizeof *frames);
    if (xyz != NULL && frames != NULL) {
        for (size_t m = 0; m < info.n_markers; m++) {
            gait_trc_marker_label(trc, m);
            gait_trc_get_marker(trc, m, xyz);
        }
        gait_trc_get_times(trc, xyz);
        gait_trc_get_frame_numbers(trc, frames);
    }
    for (size_t w = 0; w < info.n_warnings; w++)
        gait_trc_warning(trc, w);
    free(xyz);
    free(frames);
    gait_trc_close(trc);
    return 0;
}
