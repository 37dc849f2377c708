/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Landing impacts in an accelerometer signal: the onset of a spike.
 *
 * A landing decelerates the foot or shank within 10-20 ms, so its acceleration jumps up at once
 * and falls back soon; the swing's own accelerations change smoothly over tens of milliseconds.
 * The onset is the sample whose rise rate exceeds the mean rise rate of the ONSET_BEFORE_S
 * before it by the most, among samples where
 * - the rise over two samples is steeper than IMU_IMPACT_JERK (a lasting rise, not the end of a
 *   fall), and
 * - a spike starts there: the signal rises by at least IMU_IMPACT_MIN_RISE within SPIKE_S, then
 *   falls back by half of that rise within SPIKE_S more. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/internal.h"
#include "imu/imu_internal.h"

#define ONSET_BEFORE_S 0.005
#define SPIKE_S        0.020

static int is_spike(const double *a, size_t n, size_t start, size_t span)
{
    if (start == 0 || start + 2 * span >= n)
        return 0;
    double base = a[start - 1], peak = base;
    size_t peak_at = start;
    for (size_t k = start; k < start + span; k++)
        if (a[k] > peak) {
            peak = a[k];
            peak_at = k;
        }
    double rise = peak - base;
    if (!(rise > IMU_IMPACT_MIN_RISE))
        return 0;
    double low = peak;
    for (size_t k = peak_at; k < peak_at + span; k++)
        low = fmin(low, a[k]);
    return peak - low > 0.5 * rise;
}

size_t imu_impact_onset(const double *a, size_t n, size_t j0, size_t j1, double rate_hz)
{
    size_t before = (size_t)ceil(ONSET_BEFORE_S * rate_hz);
    if (before < 1)
        before = 1;
    if (j0 < before + 1)
        j0 = before + 1;
    const size_t span = (size_t)ceil(SPIKE_S * rate_hz);
    double best_score = 0.0;
    size_t at = IMU_NO_IMPACT;
    for (size_t j = j0; j + 1 <= j1 && j + 1 < n; j++) {
        double rise = (a[j] - a[j - 1]) * rate_hz, next = (a[j + 1] - a[j]) * rate_hz;
        if (!(0.5 * (rise + next) > IMU_IMPACT_JERK))
            continue;
        double baseline = (a[j - 1] - a[j - 1 - before]) * rate_hz / (double)before;
        double score = rise - baseline;
        if (score > best_score && is_spike(a, n, j, span)) {
            best_score = score;
            at = j;
        }
    }
    return at;
}

gait_status gait_imu_impacts(const double *acc_mps2, size_t n, double rate_hz, double t0_s,
                             double *times_s, size_t capacity, size_t *n_impacts)
{
    if (n_impacts != NULL)
        *n_impacts = 0;
    if (acc_mps2 == NULL || n_impacts == NULL || (times_s == NULL && capacity > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_impacts: NULL argument");
    if (!(rate_hz > 0.0) || !isfinite(rate_hz) || !isfinite(t0_s))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_impacts: rate_hz %g, t0_s %g", rate_hz,
                         t0_s);
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_imu_impacts: no samples");
    double *norm = n <= SIZE_MAX / sizeof(double) ? malloc(n * sizeof *norm) : NULL;
    if (norm == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_imu_impacts: out of memory");
    for (size_t k = 0; k < n; k++) {
        const double *x = acc_mps2 + 3 * k;
        norm[k] = sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    }
    /* one impact per IMU_IMPACT_REFRACTORY_S: search window by window */
    size_t step = (size_t)ceil(IMU_IMPACT_REFRACTORY_S * rate_hz), found = 0;
    for (size_t j = 1; j < n;) {
        size_t end = j + step < n ? j + step : n - 1;
        size_t at = imu_impact_onset(norm, n, j, end, rate_hz);
        if (at == IMU_NO_IMPACT) {
            j = end + 1;
            continue;
        }
        if (found < capacity)
            times_s[found] = t0_s + ((double)at - 0.5) / rate_hz;
        found++;
        j = at + step;
    }
    free(norm);
    *n_impacts = found;
    return GAIT_OK;
}
