/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One step: the per-stance record that every analysis fills (force plates and markers,
 * gait/analyze.h; IMUs, gait/imu.h), so that all sources give the same fields. */
#ifndef GAIT_STEP_H
#define GAIT_STEP_H

#ifdef __cplusplus
extern "C" {
#endif

/* One step (stance). Every double may be NaN when it cannot be computed. */
typedef struct gait_step {
    int side;       /* 0 right, 1 left, -1 unknown */
    int complete;   /* 0: touches the recording's start or end (ic_s or to_s is then NaN), or a
                       plate edge, or has events from markers only: kept out of summaries */
    int from_plate; /* 1: events from force plates; 0: from markers only */
    int plate;      /* first plate (0-based) that carried it, -1 for none */
    int sensor;     /* IMU analysis: the sensor (0-based, gait_trial_sensor_name()); else -1 */
    double ic_s, to_s;
    double contact_time_s;
    double flight_time_s; /* this TO to the next IC of the other foot */
    double step_time_s;   /* this IC to the next IC of the other foot */
    double stride_time_s; /* this IC to the next IC of the same foot */
    double swing_time_s;  /* this TO to the next IC of the same foot */
    double peak_vgrf_n, peak_vgrf_bw;
    double impact_peak_bw;                  /* NaN when there is no impact transient */
    double loading_rate_bw_s;               /* mean slope 20-80 % of the impact peak (or of the
                                               first local maximum) */
    double instantaneous_loading_rate_bw_s; /* largest sample-to-sample slope in that span */
    double braking_impulse_bw_s;            /* negative: impulse of the backward force */
    double propulsive_impulse_bw_s;
    double strike_index;          /* COP at IC along heel->toe / foot length */
    int strike_pattern;           /* gait_strike_pattern (gait/simulate.h), -1 unknown */
    double foot_strike_angle_deg; /* sole at IC relative to flat at mid-stance */
    /* Ankle (markers + the force under the foot; NaN without them). Moments are internal, at the
     * ankle joint centre, / body mass, in the trial's moment frame (gait_trial_ankle()); angles
     * are ISB joint angles (gait/kinematics.h). A peak is the largest value over the stance of
     * the signed component it names: negative when the moment never turns that way. */
    double ankle_inversion_moment_peak_nm_kg;
    double ankle_eversion_moment_peak_nm_kg;
    double ankle_plantarflexion_moment_peak_nm_kg;
    double ankle_external_rotation_peak_deg; /* largest external rotation (positive degrees) */
    double ankle_eversion_peak_deg;          /* largest eversion (positive degrees) */
    double ankle_dorsiflexion_ic_deg;        /* at initial contact (negative = plantarflexed) */
    /* Foot IMU: stride length and mean speed over the stride from this IC (zero-velocity-aided
     * integration); NaN when not computed. */
    double stride_length_m;
    double speed_m_s;
} gait_step;

#ifdef __cplusplus
}
#endif

#endif
