/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trial object shared by the analyses that build one (trial.c: force plates and markers;
 * imu_trial.c: IMUs). */
#ifndef GAIT_MARKERS_TRIAL_INTERNAL_H
#define GAIT_MARKERS_TRIAL_INTERNAL_H

#include "core/warnings.h"
#include "gait/analyze.h"
#include "gait/kinematics.h"

struct gait_trial {
    gait_step *steps;
    size_t n_steps;
    gait_trial_summary summary;
    double mass_kg;
    gait_mass_source mass_source;
    int vertical_axis, vertical_sign;
    double progression[3];
    char frame[256];
    gait_warnings warnings;
    double (*curves)[6][GAIT_CURVE_POINTS]; /* n_steps, or NULL */
    gait_moment_frame moment_frame;
    int plugin_gait;
    char marker_set[GAIT_MARKER_SET_NAME_CAPACITY];
    char ankle_problem[2][160];
    gait_trial_sensor sensors[GAIT_TRIAL_MAX_SENSORS]; /* IMU trials */
    size_t n_sensors;
};

/* Append a step to a growing array (*steps may be NULL; grows by doubling). GAIT_E_NOMEM. */
gait_status gait_trial_append_step(gait_step **steps, size_t *n_steps, const gait_step *step);

/* Per-side means, SDs and symmetry of the complete steps, with the given cadence. */
void gait_trial_summarise(gait_trial *t, double cadence);

/* Add a warning (printf format); returns GAIT_OK (a warning that cannot be stored is dropped). */
gait_status gait_trial_warn(gait_trial *trial, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
