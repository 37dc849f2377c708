/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The batch API: the streaming detector over the whole recording, so that both agree. */
#include <stdlib.h>

#include "core/internal.h"
#include "gait/imu.h"

#define CHUNK 512

gait_status gait_imu_steps(const double *acc_mps2, const double *gyr_rad_s, size_t n,
                           const gait_imu_settings *settings, gait_step **steps, size_t *n_steps)
{
    if (steps == NULL || n_steps == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_steps: NULL output");
    *steps = NULL;
    *n_steps = 0;
    if (acc_mps2 == NULL || gyr_rad_s == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_steps: NULL input");
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_imu_steps: no samples");
    gait_stream *stream = NULL;
    gait_status status = gait_stream_create(settings, &stream);
    if (status != GAIT_OK)
        return status;
    gait_step *out = NULL;
    size_t count = 0, capacity = 0;
    double chunk[6 * CHUNK];
    for (size_t k = 0; status == GAIT_OK; k += CHUNK) {
        int last = k >= n;
        if (!last) {
            size_t m = n - k < CHUNK ? n - k : CHUNK;
            for (size_t j = 0; j < m; j++)
                for (size_t a = 0; a < 3; a++) {
                    chunk[6 * j + a] = acc_mps2[3 * (k + j) + a];
                    chunk[6 * j + 3 + a] = gyr_rad_s[3 * (k + j) + a];
                }
            status = gait_stream_push(stream, chunk, m);
        } else {
            status = gait_stream_finish(stream);
        }
        gait_step step;
        while (status == GAIT_OK && gait_stream_pop_step(stream, &step) == GAIT_OK) {
            if (count == capacity) {
                size_t grown = capacity ? 2 * capacity : 64;
                gait_step *bigger = realloc(out, grown * sizeof *bigger);
                if (bigger == NULL) {
                    status = gait_fail(GAIT_E_NOMEM, "gait_imu_steps: out of memory");
                    break;
                }
                out = bigger;
                capacity = grown;
            }
            out[count++] = step;
        }
        if (last)
            break;
    }
    gait_stream_destroy(stream);
    if (status != GAIT_OK) {
        free(out);
        return status;
    }
    *steps = out;
    *n_steps = count;
    return GAIT_OK;
}

void gait_imu_steps_free(gait_step *steps)
{
    free(steps);
}
