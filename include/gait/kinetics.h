/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newton–Euler inverse dynamics of the foot: the internal (muscle) ankle moment from the ground
 * reaction under the foot, the foot's inertia (de Leva 1996) and its motion from markers.
 *
 * Frames and poses are those of gait/kinematics.h (rotation segment -> lab, row-major, column j =
 * segment axis j; foot x toward the toes, y left, z up from the sole). All vectors are in the lab
 * frame, SI units. The moment is the one the shank exerts on the foot at the ankle joint centre.
 *
 * Resolved components (gait_ankle_moment_resolve) use one sign convention on both sides:
 *   [0] plantarflexion + (about the medio-lateral axis; toes pushed down),
 *   [1] inversion + (about the anterior axis; sole turned medially),
 *   [2] internal rotation + (about the superior axis; toes turned medially),
 * the left side mirrored, as the angles of gait_ankle_angles(). */
#ifndef GAIT_KINETICS_H
#define GAIT_KINETICS_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Mass, centre of mass (in the foot frame, m) and inertia tensor about the centre of mass (foot
 * frame, row-major, kg m^2) of a foot. */
typedef struct gait_segment_inertia {
    double mass_kg;
    double com_local_m[3];
    double inertia_kgm2[9];
} gait_segment_inertia;

/* de Leva (1996) foot (male table): mass 1.37 % of body mass, centre of mass 44.15 % of the foot
 * length from the heel along the foot's x, radii of gyration 25.7 / 24.5 / 12.4 % of the foot
 * length about y / z / x. heel_local_m: the back of the heel at the sole in the foot frame (the
 * pternion). Placement of the centre of mass across and up (de Leva gives only heel -> toe):
 * com = (heel.x + 0.4415 L, heel.y, heel.z / 2), i.e. on the heel point's sagittal line, half way
 * between the sole and the ankle joint centre (the frame origin). The tensor is diagonal in the
 * foot frame (principal axes = foot axes). *inertia is caller-owned and fully written.
 * Errors: GAIT_E_INVALID_ARG (mass or length not positive and finite, heel not finite, NULL). */
GAIT_API gait_status gait_foot_inertia_de_leva(double body_mass_kg, double foot_length_m,
                                               const double heel_local_m[3],
                                               gait_segment_inertia *inertia);

/* The frame the moment is resolved in. */
typedef enum gait_moment_frame {
    GAIT_MOMENT_FOOT = 0,  /* foot (distal segment) axes: Plug-in Gait's choice; the default */
    GAIT_MOMENT_SHANK = 1, /* shank (proximal segment) axes */
    GAIT_MOMENT_JCS =
        2,              /* projections on the joint axes e1 (shank y), e2 (floating), e3 (foot z) */
    GAIT_MOMENT_LAB = 3 /* the lab's heading frame: progression, left, up */
} gait_moment_frame;

/* Stable name ("foot", "shank", "jcs", "lab"); NULL out of range. */
GAIT_API const char *gait_moment_frame_name(int frame);

/* One foot over a trial, sampled at the marker rate (all arrays caller-owned, 3 or 9 per frame). */
typedef struct gait_foot_dynamics_input {
    size_t n_frames;
    double rate_hz;
    const double *foot_rotation;  /* 9 n, already filtered markers */
    const double *ajc_m;          /* 3 n, ankle joint centre */
    const double *force_n;        /* 3 n, ground reaction on the foot (0 when not in contact) */
    const double *cop_m;          /* 3 n, centre of pressure, NaN when there is no contact */
    const double *free_moment_nm; /* 3 n, free moment vector (N·m); NULL = none */
    gait_segment_inertia inertia;
    double gravity_mps2[3]; /* gravity in the lab, e.g. {0, 0, -9.81} */
} gait_foot_dynamics_input;

/* Internal ankle moment (N·m, lab frame, 3 n) and joint force on the foot (N, may be NULL), per
 * frame. Linear and angular accelerations come from the poses by finite differences (2nd order,
 * gait_derivative). NaN where a pose or a needed neighbour is NaN. Errors: GAIT_E_INVALID_ARG.
 *
 * Details: omega = vee(skew(Rdot R^T)) with Rdot by element-wise first differences, alpha the
 * first difference of omega, the centre-of-mass acceleration the second difference of
 * ajc + R com_local. Frames with any non-finite rotation or ajc element split the trial into runs;
 * the ends of a run use one-sided differences (nothing is taken across a gap), and a run of fewer
 * than 4 frames gives NaN. A COP with a NaN component means no contact: force and free moment are
 * then ignored; in contact, a non-finite force or free moment gives NaN at that frame. Outputs are
 * caller-owned (3 n doubles each, not overlapping the inputs); one scratch buffer of 19 n doubles
 * is allocated per call. Also GAIT_E_NO_DATA (n_frames 0) and GAIT_E_NOMEM. */
GAIT_API gait_status gait_foot_inverse_dynamics(const gait_foot_dynamics_input *input,
                                                double *moment_lab_nm, double *joint_force_lab_n);

/* Components of the lab moments in `frame` with the side signs above (3 n out). shank_rotation is
 * needed for SHANK and JCS, foot_rotation for FOOT and JCS, heading (9 doubles, columns:
 * progression, left, up; constant over the trial) for LAB; the others may be NULL. Errors:
 * GAIT_E_INVALID_ARG (a needed input NULL, frame or side out of range).
 *
 * side: 0 right, 1 left. FOOT, SHANK, LAB: [0] = M.y, [1] = s M.x, [2] = s M.z with that frame's
 * axes (x, y, z = progression, left, up for LAB), s = +1 right, -1 left. JCS: orthogonal
 * projections on the joint axes, [0] = M.e1, [1] = -s M.e2, [2] = s M.e3, with e1 = shank y,
 * e3 = foot z, e2 = e3 x e1 / |e3 x e1| (which points backward, -x, when the segments are
 * aligned; hence the minus). The JCS axes are not mutually orthogonal, so these projections do
 * not add back up to M. All frames agree when foot, shank and heading coincide. NaN where a pose
 * or the moment is NaN, or where e1 is parallel to e3. n_frames 0 is allowed (nothing written). */
GAIT_API gait_status gait_ankle_moment_resolve(size_t n_frames, int side, gait_moment_frame frame,
                                               const double *moment_lab_nm,
                                               const double *shank_rotation,
                                               const double *foot_rotation, const double heading[9],
                                               double *components_nm);

#ifdef __cplusplus
}
#endif

#endif
