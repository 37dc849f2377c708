/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes through the OpenSim MOT/STO reader, its columns and force sets. */
#include <stdint.h>
#include <stdlib.h>

#include <gait/gait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gait_mot *mot = NULL;
    if (gait_mot_open_memory(data, size, "fuzz.mot", &mot) != GAIT_OK)
        return 0;
    gait_mot_info info;
    gait_mot_get_info(mot, &info);
    double *a = malloc((3 * info.n_rows + 1) * sizeof *a);
    double *b = malloc((3 * info.n_rows + 1) * sizeof *b);
    double *c = malloc((3 * info.n_rows + 1) * sizeof *c);
    if (a != NULL && b != NULL && c != NULL) {
        for (size_t i = 0; i < info.n_columns; i++) {
            gait_mot_column_label(mot, i);
            gait_mot_get_column(mot, i, a);
        }
        gait_mot_get_times(mot, a);
        for (size_t g = 0; g < gait_mot_grf_count(mot); g++) {
            gait_mot_grf meta;
            gait_mot_get_grf(mot, g, &meta, a, b, c);
        }
    }
    free(a);
    free(b);
    free(c);
    gait_trial *trial = NULL;
    if (gait_analyze_mot(mot, NULL, &trial) == GAIT_OK)
        gait_trial_free(trial);
    gait_mot_close(mot);
    return 0;
}
