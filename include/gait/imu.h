/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Gait events and per-step markers from one foot- or shank-worn IMU (accelerometer + gyroscope),
 * in batch (whole recordings) or streaming (firmware: fixed memory, no allocation after creation).
 *
 * The batch functions run the streaming detector over the whole input, so both give the same
 * steps on the same data, whatever the chunk sizes pushed.
 *
 * Input samples: acc in m/s² (specific force, gravity included) and gyr in rad/s, in the sensor's
 * own axes, at a constant rate. Units are converted by the readers (gait/imu_csv.h), never
 * guessed here. The sensor's mounting is found automatically (vertical from gravity, medio-lateral
 * axis from the gyroscope in swing) unless settings.use_mount gives it. Segment axes: x anterior,
 * y left, z up (as gait/kinematics.h).
 *
 * Steps: each has ic_s, to_s, contact_time_s, stride_time_s, swing_time_s (to the next IC of the
 * same foot; NaN for the last), foot_strike_angle_deg and strike_pattern (foot IMU), side from
 * settings.side; the force- and marker-based fields are NaN. Times are on the input's clock:
 * sample k at t0_s + k / rate_hz. The methods, their constants and their references are in the
 * head of src/imu/ files. */
#ifndef GAIT_IMU_H
#define GAIT_IMU_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"
#include "gait/step.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gait_imu_placement {
    GAIT_IMU_FOOT = 0, /* on the foot (dorsum, heel or shoe) */
    GAIT_IMU_SHANK = 1 /* on the shank (tibia) */
} gait_imu_placement;

typedef enum gait_imu_activity {
    GAIT_IMU_UNKNOWN = 0,
    GAIT_IMU_WALKING = 1, /* no flight phase: contact longer than half the stride */
    GAIT_IMU_RUNNING = 2  /* flight phase: contact shorter than half the stride */
} gait_imu_activity;

/* Settings; start from gait_imu_settings_default(). */
typedef struct gait_imu_settings {
    double rate_hz;               /* sampling rate, required (> 0, at most 2000) */
    double t0_s;                  /* time of the first sample; default 0 */
    gait_imu_placement placement; /* default GAIT_IMU_FOOT */
    int side;                     /* 0 right, 1 left, -1 unknown (default) */
    int use_mount;                /* 0 (default): align automatically; 1: use sensor_to_segment */
    double sensor_to_segment[9];  /* row-major rotation taking sensor axes to segment axes (x
                                     anterior, y left, z up) when use_mount is 1 */
} gait_imu_settings;

GAIT_API gait_imu_settings gait_imu_settings_default(void);

/* ---- streaming ---- */

typedef struct gait_stream gait_stream;

/* Create a detector. All its memory is allocated here (see gait_stream_memory_bytes); push never
 * allocates. Errors: GAIT_E_INVALID_ARG (settings out of range, named in the detail),
 * GAIT_E_NOMEM. */
GAIT_API gait_status gait_stream_create(const gait_imu_settings *settings, gait_stream **stream);

/* Push n samples: samples[6 k + 0..2] acc (m/s²), [6 k + 3..5] gyr (rad/s). Finished steps queue
 * up for gait_stream_pop_step(); a step is finished at most one stride after its toe-off. A queue
 * that is not emptied keeps its oldest GAIT_STREAM_QUEUE steps and counts the dropped ones.
 * Non-finite samples end the current bout (a gap). Errors: GAIT_E_INVALID_ARG (NULL). */
#define GAIT_STREAM_QUEUE 32
GAIT_API gait_status gait_stream_push(gait_stream *stream, const double *samples, size_t n);

/* End of the data: finish what the remaining samples allow (the last step has no next IC, so its
 * stride and swing times are NaN). Further pushes start afresh in time after the last sample. */
GAIT_API gait_status gait_stream_finish(gait_stream *stream);

/* The oldest finished step into *step: GAIT_OK, or GAIT_E_NO_DATA when none is waiting. */
GAIT_API gait_status gait_stream_pop_step(gait_stream *stream, gait_step *step);

/* Bytes the stream holds (fixed at creation; at most 64 KiB at rates up to 2000 Hz). */
GAIT_API size_t gait_stream_memory_bytes(const gait_stream *stream);

/* Steps dropped because the queue was full. */
GAIT_API size_t gait_stream_dropped_steps(const gait_stream *stream);

/* What the stream found so far: the activity of the current (or last) bout, the mounting
 * (sensor_to_segment, row-major, may be NULL) and whether it is known. */
GAIT_API gait_imu_activity gait_stream_activity(const gait_stream *stream);
GAIT_API int gait_stream_alignment(const gait_stream *stream, double sensor_to_segment[9]);

GAIT_API void gait_stream_destroy(gait_stream *stream);

/* ---- batch ---- */

/* Every step of one sensor's recording: acc_mps2 and gyr_rad_s hold 3 n doubles ([3 k + axis]).
 * *steps is a new array of *n_steps steps (free with gait_imu_steps_free), in time order.
 * Errors: those of gait_stream_create, GAIT_E_NO_DATA (n == 0), GAIT_E_NOMEM. */
GAIT_API gait_status gait_imu_steps(const double *acc_mps2, const double *gyr_rad_s, size_t n,
                                    const gait_imu_settings *settings, gait_step **steps,
                                    size_t *n_steps);
GAIT_API void gait_imu_steps_free(gait_step *steps);

/* ---- accelerometer only ---- */

/* Landing impacts in an accelerometer alone (e.g. the accelerometers of EMG sensors): onset times
 * (s, t0_s + k / rate_hz for sample k) of the spikes of |acc| (the rule is at the head of
 * src/imu/impact.c), at most one per 0.25 s. Writes up to capacity times into times_s
 * (caller-owned) and the number found into *n_impacts (which may exceed capacity: call again
 * with more room). acc_mps2 holds 3 n doubles. Errors: GAIT_E_INVALID_ARG, GAIT_E_NO_DATA
 * (n == 0), GAIT_E_NOMEM. */
GAIT_API gait_status gait_imu_impacts(const double *acc_mps2, size_t n, double rate_hz, double t0_s,
                                      double *times_s, size_t capacity, size_t *n_impacts);

#ifdef __cplusplus
}
#endif

#endif
