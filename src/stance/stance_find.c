/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_stance_find(): the public face of gait_stance_detect() (src/stance/stance.h) with a
 * caller-provided output buffer and a size query, for bindings and callers without a trial. */
#include <stddef.h>

#include "core/internal.h"
#include "stance/stance.h"

gait_status gait_stance_find(const double *force_n, size_t n, double rate_hz,
                             const gait_stance_settings *settings, size_t *start_end,
                             size_t capacity, size_t *n_stances)
{
    if (force_n == NULL || n_stances == NULL || (start_end == NULL && capacity > 0))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_stance_find: force_n, n_stances (and start_end when capacity > 0) "
                         "must not be NULL");
    *n_stances = 0;
    gait_stance_settings defaults = gait_stance_settings_default();
    gait_stance_result result;
    gait_status status = gait_stance_detect(force_n, n, rate_hz, settings ? settings : &defaults,
                                            GAIT_BASELINE_CONSTANT, &result);
    if (status != GAIT_OK)
        return status;
    for (size_t i = 0; i < result.n_contacts && i < capacity; i++) {
        start_end[2 * i] = result.contacts[i].start;
        start_end[2 * i + 1] = result.contacts[i].end;
    }
    *n_stances = result.n_contacts;
    gait_stance_result_free(&result);
    return GAIT_OK;
}
