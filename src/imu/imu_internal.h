/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parts of the IMU detector (gait/imu.h):
 *   alignment.c  sensor -> segment axes from gravity and the gyroscope, online
 *   stream.c     the streaming detector (ring buffer, swing lobes, events, foot strike angle)
 *   batch.c      the batch API over the stream */
#ifndef GAIT_IMU_INTERNAL_H
#define GAIT_IMU_INTERNAL_H

#include <stddef.h>

#include "gait/imu.h"

/* Still: |gyr| below this and ||acc| - g| below IMU_STILL_ACC_MPS2 (per sample) ... */
#define IMU_STILL_GYR_RAD_S (30.0 * 3.14159265358979323846 / 180.0)
#define IMU_STILL_ACC_MPS2  1.0
/* ... for at least this long makes a still run. */
#define IMU_STILL_MIN_S 0.05
/* Swing samples for the medio-lateral axis: |gyr| above this. */
#define IMU_SWING_GYR_RAD_S (100.0 * 3.14159265358979323846 / 180.0)
/* The sign vote integrates the gyroscope over this long after each still run. */
#define IMU_VOTE_S 0.25
/* The alignment locks once it has this much swing, this many votes (foot) and this much still
 * time (foot; the shank takes gravity from the mean acceleration). */
#define IMU_LOCK_SWING_S 0.4
#define IMU_LOCK_VOTES   2
#define IMU_LOCK_STILL_S 0.1
#define IMU_GRAVITY_MPS2 9.81
/* A landing impact: |acc| rising faster than this (m/s^3, about 1.5 g per 10 ms) ... */
#define IMU_IMPACT_JERK 1500.0
/* ... by at least this much (m/s^2: 1 g) (impact.c). */
#define IMU_IMPACT_MIN_RISE 9.81
/* At most one impact per this long in gait_imu_impacts (s). */
#define IMU_IMPACT_REFRACTORY_S 0.25
#define IMU_NO_IMPACT           ((size_t)-1)

/* The onset (index) of a landing spike in a[j0..j1] (n samples at rate_hz), or IMU_NO_IMPACT
 * (impact.c). */
size_t imu_impact_onset(const double *a, size_t n, size_t j0, size_t j1, double rate_hz);

typedef struct imu_alignment {
    gait_imu_placement placement;
    double rate_hz;
    double still_acc[3], all_acc[3]; /* sums of acc over still samples / every sample */
    size_t n_still, n_all;
    size_t still_run;      /* consecutive still samples so far */
    size_t vote_left;      /* samples left in the running vote window (0: none) */
    double vote_window[3]; /* integral of gyr over it */
    double vote[3];        /* sum of the finished windows */
    size_t n_votes;
    double moment[9]; /* sum of gyr gyr^T over swing samples */
    size_t n_swing;
    double last_norm;  /* |acc| of the previous sample (shank impacts) */
    size_t refractory; /* samples before the next shank impact may count */
    int locked;
    double sensor_to_segment[9]; /* rows: segment x (anterior), y (left), z (up) in sensor axes */
} imu_alignment;

void imu_alignment_init(imu_alignment *a, gait_imu_placement placement, double rate_hz);
/* One sample (SI units). Returns 1 when this sample locked the alignment. */
int imu_alignment_update(imu_alignment *a, const double acc[3], const double gyr[3]);

/* 1 when the sample is still (see above). */
int imu_is_still(const double acc[3], const double gyr[3]);

#endif
