/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sensor-to-segment alignment, found online from the data (the mounting is unknown):
 *
 * - Vertical (segment z, up): foot: the mean acceleration over still samples (the foot is flat on
 *   the ground, so its sole normal is vertical and the accelerometer reads gravity alone); shank,
 *   or a foot with too little still time: the mean acceleration over every sample (over whole
 *   strides the segment's own acceleration averages out).
 * - Medio-lateral axis: the principal axis (largest eigenvalue, by power iteration on the 3 x 3
 *   second moment: a closed loop of fixed length keeps push() free of allocation, which GSL's
 *   eigen workspace is not) of the angular velocity over swing samples (|gyr| above
 *   IMU_SWING_GYR_RAD_S), made orthogonal to the vertical: in gait the foot and shank turn mostly
 *   in the sagittal plane.
 * - Its sign, so that the sagittal angular velocity (about the segment's right axis, -y) is
 *   positive toes-up (foot) or distal-end-forward (shank), the same on both feet: no separate
 *   left/right mirroring is needed.
 *   Foot: after every still run the foot pitches toes-down at push-off, so the gyroscope
 *   integrated over IMU_VOTE_S after each still run points along the right axis with a negative
 *   sign; the votes are summed as vectors in sensor axes.
 *   Shank: from each landing impact on (|acc| rising faster than IMU_IMPACT_JERK), the shank's
 *   top rotates forward over the planted foot for the whole stance, i.e. distal-end-backward:
 *   the gyroscope integrated over IMU_VOTE_S after each impact points along -right.
 * - The alignment locks (and then stays) once it has IMU_LOCK_SWING_S of swing samples, and for
 *   the foot IMU_LOCK_STILL_S of still samples, and IMU_LOCK_VOTES votes. Segment x (anterior) =
 *   y x z. */
#include <math.h>
#include <string.h>

#include "imu/imu_internal.h"

#define POWER_ITERATIONS 60

void imu_alignment_init(imu_alignment *a, gait_imu_placement placement, double rate_hz)
{
    memset(a, 0, sizeof *a);
    a->placement = placement;
    a->rate_hz = rate_hz;
}

int imu_is_still(const double acc[3], const double gyr[3])
{
    /* squared comparisons: this runs on every sample */
    const double w2 = gyr[0] * gyr[0] + gyr[1] * gyr[1] + gyr[2] * gyr[2];
    const double f2 = acc[0] * acc[0] + acc[1] * acc[1] + acc[2] * acc[2];
    const double low = IMU_GRAVITY_MPS2 - IMU_STILL_ACC_MPS2,
                 high = IMU_GRAVITY_MPS2 + IMU_STILL_ACC_MPS2;
    return w2 < IMU_STILL_GYR_RAD_S * IMU_STILL_GYR_RAD_S && f2 > low * low && f2 < high * high;
}

static int normalise(double v[3])
{
    double n = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(n > 0.0) || !isfinite(n))
        return 0;
    for (int i = 0; i < 3; i++)
        v[i] /= n;
    return 1;
}

/* Unit principal axis of m (symmetric, row-major) projected orthogonally to up; 0 on failure. */
static int principal_axis(const double m[9], const double up[3], double axis[3])
{
    double p[9], q[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            p[3 * i + j] = (i == j) - up[i] * up[j];
    /* q = p m p */
    double pm[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            pm[3 * i + j] = 0.0;
            for (int k = 0; k < 3; k++)
                pm[3 * i + j] += p[3 * i + k] * m[3 * k + j];
        }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            q[3 * i + j] = 0.0;
            for (int k = 0; k < 3; k++)
                q[3 * i + j] += pm[3 * i + k] * p[3 * k + j];
        }
    /* start from q's longest column: never orthogonal to the dominant eigenvector */
    int best = 0;
    double best_norm = -1.0;
    for (int j = 0; j < 3; j++) {
        double n = q[j] * q[j] + q[3 + j] * q[3 + j] + q[6 + j] * q[6 + j];
        if (n > best_norm) {
            best_norm = n;
            best = j;
        }
    }
    double v[3] = {q[best], q[3 + best], q[6 + best]};
    if (!normalise(v))
        return 0;
    for (int it = 0; it < POWER_ITERATIONS; it++) {
        double w[3];
        for (int i = 0; i < 3; i++)
            w[i] = q[3 * i] * v[0] + q[3 * i + 1] * v[1] + q[3 * i + 2] * v[2];
        if (!normalise(w))
            return 0;
        memcpy(v, w, sizeof v);
    }
    memcpy(axis, v, sizeof v);
    return 1;
}

static double dot(const double a[3], const double b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Lock: build sensor_to_segment from up and the signed right axis. */
static int lock(imu_alignment *a, const double up_in[3], const double right_in[3])
{
    double up[3] = {up_in[0], up_in[1], up_in[2]}, right[3];
    for (int i = 0; i < 3; i++)
        right[i] = right_in[i] - dot(right_in, up) * up[i];
    if (!normalise(up) || !normalise(right))
        return 0;
    const double left[3] = {-right[0], -right[1], -right[2]};
    const double forward[3] = {left[1] * up[2] - left[2] * up[1], left[2] * up[0] - left[0] * up[2],
                               left[0] * up[1] - left[1] * up[0]};
    for (int i = 0; i < 3; i++) {
        a->sensor_to_segment[i] = forward[i];
        a->sensor_to_segment[3 + i] = left[i];
        a->sensor_to_segment[6 + i] = up[i];
    }
    a->locked = 1;
    return 1;
}

int imu_alignment_update(imu_alignment *a, const double acc[3], const double gyr[3])
{
    if (a->locked)
        return 0;
    for (int i = 0; i < 3; i++)
        if (!isfinite(acc[i]) || !isfinite(gyr[i]))
            return 0;
    const double dt = 1.0 / a->rate_hz;
    for (int i = 0; i < 3; i++)
        a->all_acc[i] += acc[i];
    a->n_all++;
    int still = imu_is_still(acc, gyr);
    const size_t min_run = (size_t)ceil(IMU_STILL_MIN_S * a->rate_hz);
    if (still) {
        a->still_run++;
        for (int i = 0; i < 3; i++)
            a->still_acc[i] += acc[i];
        a->n_still++;
    }
    /* what opens a vote window: the end of a still run (foot), a landing impact (shank) */
    double norm = sqrt(dot(acc, acc));
    int opens = 0;
    if (a->placement == GAIT_IMU_FOOT) {
        opens = !still && a->still_run >= min_run;
    } else {
        if (a->refractory > 0)
            a->refractory--;
        opens = a->n_all > 1 && (norm - a->last_norm) * a->rate_hz > IMU_IMPACT_JERK &&
                a->refractory == 0 && a->vote_left == 0;
        if (opens)
            a->refractory = (size_t)ceil(IMU_VOTE_S * a->rate_hz);
    }
    a->last_norm = norm;
    if (!still)
        a->still_run = 0;
    if (a->placement == GAIT_IMU_FOOT && still) {
        a->vote_left = 0; /* a window only counts when it runs its whole length in motion */
        memset(a->vote_window, 0, sizeof a->vote_window);
    }
    if (opens) {
        a->vote_left = (size_t)ceil(IMU_VOTE_S * a->rate_hz);
        memset(a->vote_window, 0, sizeof a->vote_window);
    }
    if (a->vote_left > 0) {
        for (int i = 0; i < 3; i++)
            a->vote_window[i] += gyr[i] * dt;
        if (--a->vote_left == 0) {
            for (int i = 0; i < 3; i++)
                a->vote[i] += a->vote_window[i];
            a->n_votes++;
        }
    }
    double w2 = dot(gyr, gyr);
    if (w2 > IMU_SWING_GYR_RAD_S * IMU_SWING_GYR_RAD_S) {
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                a->moment[3 * i + j] += gyr[i] * gyr[j];
        a->n_swing++;
    }
    const size_t still_needed = (size_t)ceil(IMU_LOCK_STILL_S * a->rate_hz);
    if (a->n_swing < (size_t)ceil(IMU_LOCK_SWING_S * a->rate_hz) || a->n_votes < IMU_LOCK_VOTES ||
        (a->placement == GAIT_IMU_FOOT && a->n_still < still_needed))
        return 0;
    double up[3];
    if (a->placement == GAIT_IMU_FOOT)
        memcpy(up, a->still_acc, sizeof up);
    else
        memcpy(up, a->all_acc, sizeof up);
    double axis[3];
    if (!normalise(up) || !principal_axis(a->moment, up, axis))
        return 0;
    /* the vote points along -right */
    if (dot(axis, a->vote) > 0.0)
        for (int i = 0; i < 3; i++)
            axis[i] = -axis[i];
    return lock(a, up, axis);
}
