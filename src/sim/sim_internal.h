/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's internal model, shared by its parts:
 *   model.c      timeline (IC/TO of every step) and footprints on the ground
 *   motion.c     foot and shank poses with analytic velocities and accelerations, markers, IMUs
 *   grf.c        ground reaction force, COP path and free moment of a stance
 *   dynamics.c   de Leva foot inertia and the Newton–Euler ankle moment (the truth)
 *   simulate.c   sampling, noise, plates, C3D/IMU output and the public API
 * Everything here is in the canonical frame: x forward (progression), y left, z up, metres,
 * seconds, radians, newtons, for running overground at constant speed. simulate.c alone applies
 * the output lab frame, and the treadmill (a Galilean shift of every position by -speed x t along
 * x: accelerations, angular motion, forces and IMU signals are unchanged). */
#ifndef GAIT_SIM_INTERNAL_H
#define GAIT_SIM_INTERNAL_H

#include <stddef.h>

#include "gait/signal.h"
#include "gait/simulate.h"

#define SIM_GRAVITY_MPS2 9.81
#define SIM_RIGHT        0
#define SIM_LEFT         1

/* Where a stance puts the foot: its footprint on the ground (z = 0). */
typedef struct sim_stance {
    int side;          /* SIM_RIGHT or SIM_LEFT */
    double ic_s, to_s; /* initial contact and toe-off */
    gait_vec3 heel_m;  /* ground point under the heel (foot's rear end) */
    gait_vec3 forward; /* unit vector heel -> toe along the ground */
    gait_vec3 left;    /* unit vector, z x forward */
} sim_stance;

/* Foot geometry in the foot frame (origin at the ankle joint centre, x toward the toes along the
 * sole, y left, z up normal to the sole), derived from foot_length_m by fixed proportions. */
typedef struct sim_foot_geometry {
    double length_m;       /* heel to toe tip */
    gait_vec3 heel_m;      /* rear end of the sole, on the sole (z = -ankle height) */
    gait_vec3 toe_m;       /* tip of the sole */
    gait_vec3 mtp_m;       /* centre between the 1st and 5th metatarsal heads on the sole */
    double ankle_height_m; /* ankle joint centre above the sole */
} sim_foot_geometry;

typedef struct sim_model {
    gait_sim_settings settings;
    sim_foot_geometry foot;
    double step_period_s; /* 60 / cadence */
    double duration_s;    /* recording length, from t = 0 */
    size_t n_stances;
    sim_stance *stances; /* n_stances, in time order, sides alternating (right first) */
} sim_model;

/* Timeline and footprints from the settings (model.c). Errors: GAIT_E_INVALID_ARG, GAIT_E_NOMEM. */
gait_status sim_model_init(sim_model *model, const gait_sim_settings *settings);
void sim_model_free(sim_model *model);

/* The last stance of `side` with ic_s <= t, or -1 (binary search). */
long sim_last_ic_at_or_before(const sim_model *model, int side, double t);

/* Stance of `side` that contains t (ic_s <= t < to_s), or -1. */
long sim_stance_at(const sim_model *model, int side, double t);

/* A rigid segment at one instant: pose and analytic motion in the canonical frame. */
typedef struct sim_frame {
    double rotation[9];     /* segment -> lab, row-major; column j is segment axis j in the lab */
    gait_vec3 origin_m;     /* ankle joint centre for both foot and shank */
    gait_vec3 velocity_mps; /* of the origin */
    gait_vec3 acceleration_mps2;
    gait_vec3 omega_rad_s;  /* angular velocity, lab frame */
    gait_vec3 alpha_rad_s2; /* angular acceleration, lab frame */
} sim_frame;

/* Position, velocity and acceleration of the point `local_m` fixed in the segment. */
void sim_point_motion(const sim_frame *frame, gait_vec3 local_m, gait_vec3 *position_m,
                      gait_vec3 *velocity_mps, gait_vec3 *acceleration_mps2);

/* Foot and shank of `side` at time t (motion.c): continuous with continuous first and second
 * derivatives over the whole recording. */
void sim_foot_frame(const sim_model *model, int side, double t, sim_frame *foot);
void sim_shank_frame(const sim_model *model, int side, double t, sim_frame *shank);

/* The prescribed ankle joint angles of `side` at t (motion.c), radians: [0] dorsiflexion +,
 * [1] inversion +, [2] internal rotation + (ISB JCS, left mirrored). */
void sim_ankle_angles(const sim_model *model, int side, double t, double angles_rad[3]);

/* Sole angle of the foot relative to flat ground at t (+ toe up), radians (motion.c). */
double sim_sole_angle(const sim_model *model, int side, double t);

/* Every keyframe time of the motion of `side` (foot pose, sole pitch, ankle angles) within
 * [t0_s, t1_s] (motion.c), where one trajectory segment hands over to the next: writes up to
 * capacity of them to times_s (unsorted, possibly repeated) and returns how many there are. For
 * tests of the C2 continuity at every knot. */
size_t sim_motion_knots(const sim_model *model, int side, double t0_s, double t1_s, double *times_s,
                        size_t capacity);

/* Markers (motion.c): count, names ("RHEE", "RTOE", "RMT1", "RMT5", "RLMAL", "RMMAL", "RLKNE",
 * "RMKNE", "RTIB" and the same with L), segment and local position in that segment's frame. */
size_t sim_marker_count(void);
const char *sim_marker_name(size_t i, int side);
void sim_marker_position(const sim_model *model, size_t i, int side, double t,
                         gait_vec3 *position_m);

/* Upward specific force of the landing impact the IMUs of `side` feel at t (m/s², lab vertical;
 * 0 outside the first IMPACT_DURATION_S of a real stance; motion.c head comment). */
double sim_imu_impact_mps2(const sim_model *model, gait_sim_segment segment, int side, double t);

/* IMU signals of a segment of `side` at t, sensor frame = segment frame rotated by the mounting
 * rotation (motion.c): specific force (acceleration minus gravity) and angular velocity. */
void sim_imu_sample(const sim_model *model, gait_sim_segment segment, int side, double t,
                    gait_vec3 *acc_mps2, gait_vec3 *gyr_rad_s);

/* Ground reaction on the foot during stance `stance` at t (grf.c): force on the subject (N), COP
 * on the ground (m) and free moment about +z (N·m). Zero force and NaN COP outside the stance. */
void sim_grf(const sim_model *model, size_t stance, double t, gait_vec3 *force_n, gait_vec3 *cop_m,
             double *free_moment_nm);

/* COP position at IC as a fraction of foot length from the heel, by strike pattern (grf.c). */
double sim_strike_index(gait_strike_pattern pattern);

/* de Leva (1996) foot segment parameters (dynamics.c): mass, centre of mass in the foot frame and
 * inertia tensor about the centre of mass in the foot frame (row-major). */
typedef struct sim_segment_inertia {
    double mass_kg;
    gait_vec3 com_m;
    double inertia_kgm2[9];
} sim_segment_inertia;

void sim_foot_inertia(const sim_model *model, sim_segment_inertia *inertia);

/* Newton–Euler of one rigid foot (dynamics.c): given its inertia, its frame (pose, analytic
 * motion), the ground reaction on it (force on the subject, COP, free moment about +z) and gravity
 * -g z, the internal ankle moment and joint force acting on the foot at the frame origin, lab
 * frame. A pure function, so a static case can be checked in closed form. */
void sim_newton_euler(const sim_segment_inertia *inertia, const sim_frame *foot, gait_vec3 force_n,
                      gait_vec3 cop_m, double free_moment_nm, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n);

/* Internal ankle moment on the foot from the shank, lab frame, N·m, from Newton–Euler of the foot
 * with the GRF, COP and free moment of `stance` at t (dynamics.c). Also the joint force (may be
 * NULL). */
void sim_ankle_moment(const sim_model *model, size_t stance, double t, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n);

#endif
