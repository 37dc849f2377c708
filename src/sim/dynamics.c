/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's truth ankle moment: de Leva (1996) foot inertia and a plain Newton–Euler of the
 * rigid foot, written here and nowhere else, so that the truth never comes from the library
 * functions it is used to test.
 *
 * Foot segment parameters, de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment
 * inertia parameters. J Biomech 29:1223-1230, Table 4, male values (foot length measured from
 * the heel, pternion, to the tip of the longest toe, acropodion):
 *   mass                      1.37 % of body mass;
 *   centre of mass            44.15 % of foot length from the heel toward the toe tip;
 *   radii of gyration (% foot length) about the centre of mass:
 *     25.7 about the medio-lateral axis (foot y; de Leva's "sagittal" radius, rotation in the
 *          sagittal plane),
 *     24.5 about the vertical axis (foot z; de Leva's "transverse" radius),
 *     12.4 about the long axis (foot x; "longitudinal").
 * Placement in the foot frame (origin at the ankle joint centre, x toward the toes along the
 * sole, y left, z up): de Leva gives the position along heel -> toe only. The centre of mass is
 * put at 44.15 % of the way from model->foot.heel_m to model->foot.toe_m along the sole line, on
 * the foot's long axis (y = 0), and raised from the sole by half the ankle height (the foot's
 * mid-depth; z = -ankle_height / 2). The principal axes are the foot axes, so the inertia tensor
 * about the centre of mass is diagonal in the foot frame.
 *
 * Newton–Euler of the foot (all vectors in the canonical lab frame):
 *   forces on the foot:  ground reaction F at the COP p, joint force Fj at the ankle joint centre
 *                        o (the frame origin), weight m g at the centre of mass c (g = -9.81 z);
 *   moments on the foot: free moment T z, internal ankle moment M (from the shank).
 *   r = c - o = R com, the lab inertia I = R I_foot R^T, omega and alpha of the frame, and the
 *   acceleration of the centre of mass a_c = a_o + alpha x r + omega x (omega x r).
 *   Linear:  m a_c = F + Fj + m g                   =>  Fj = m a_c - F - m g
 *   Angular, about c:  I alpha + omega x (I omega) = M + T z + (p - c) x F + (o - c) x Fj
 *                                                   =>  M = I alpha + omega x (I omega)
 *                                                          - (p - c) x F - T z - (o - c) x Fj
 * M is the internal (muscle) moment the shank exerts on the foot, in the lab frame. Resolved in
 * the foot frame, +x (the foot's long axis) lifts the foot's left edge: that is INVERSION for the
 * right foot and eversion for the left, so the inversion moment is +M.x_foot on the right and
 * -M.x_foot on the left (the side mirroring of the ISB/GUIDE sign convention). Likewise +y
 * (left) turns the toes down: a plantarflexor moment on both sides.
 *
 * A NaN COP (sim_grf outside the stance) means no contact: the force and free moment are then
 * ignored, so sim_ankle_moment in the swing or flight gives the moment that moves the foot alone.
 * sim_ankle_moment with a stance index past the end gives NaN. */
#include <math.h>

#include "core/mat3.h"
#include "sim/sim_internal.h"

/* de Leva (1996), male foot. */
#define FOOT_MASS_FRACTION   0.0137
#define FOOT_COM_FRACTION    0.4415
#define FOOT_RADIUS_LONG     0.124 /* about foot x */
#define FOOT_RADIUS_ML       0.257 /* about foot y */
#define FOOT_RADIUS_VERTICAL 0.245 /* about foot z */
/* This model's choice: centre of mass height above the sole, as a fraction of the ankle height. */
#define FOOT_COM_HEIGHT_FRACTION 0.5

void sim_foot_inertia(const sim_model *model, sim_segment_inertia *inertia)
{
    const sim_foot_geometry *foot = &model->foot;
    const double length = foot->length_m;
    const double mass = FOOT_MASS_FRACTION * model->settings.body_mass_kg;
    inertia->mass_kg = mass;
    gait_vec3 heel_to_toe = gait_vec3_sub(foot->toe_m, foot->heel_m);
    inertia->com_m = gait_vec3_add(foot->heel_m, gait_vec3_scale(heel_to_toe, FOOT_COM_FRACTION));
    inertia->com_m.y = 0.0;
    inertia->com_m.z = foot->heel_m.z + FOOT_COM_HEIGHT_FRACTION * foot->ankle_height_m;
    const double radii[3] = {FOOT_RADIUS_LONG * length, FOOT_RADIUS_ML * length,
                             FOOT_RADIUS_VERTICAL * length};
    for (int i = 0; i < 9; i++)
        inertia->inertia_kgm2[i] = 0.0;
    for (int i = 0; i < 3; i++)
        inertia->inertia_kgm2[4 * i] = mass * radii[i] * radii[i];
}

void sim_newton_euler(const sim_segment_inertia *inertia, const sim_frame *foot, gait_vec3 force_n,
                      gait_vec3 cop_m, double free_moment_nm, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n)
{
    /* A NaN COP means no ground contact: there is then no ground reaction to apply. */
    if (isnan(cop_m.x) || isnan(cop_m.y) || isnan(cop_m.z)) {
        force_n = gait_vec3_make(0.0, 0.0, 0.0);
        free_moment_nm = 0.0;
        cop_m = foot->origin_m;
    }
    const double mass = inertia->mass_kg;
    const gait_vec3 weight = gait_vec3_make(0.0, 0.0, -mass * SIM_GRAVITY_MPS2);
    gait_vec3 com, com_acceleration;
    sim_point_motion(foot, inertia->com_m, &com, NULL, &com_acceleration);

    gait_vec3 joint_force =
        gait_vec3_sub(gait_vec3_sub(gait_vec3_scale(com_acceleration, mass), force_n), weight);

    /* The inertia tensor in the lab frame, R I_foot R^T. */
    double inertia_lab[9];
    gait_mat3_mul(foot->rotation, inertia->inertia_kgm2, inertia_lab);
    gait_mat3_mul_transpose(inertia_lab, foot->rotation, inertia_lab);
    gait_vec3 omega = foot->omega_rad_s;
    gait_vec3 rate_of_momentum =
        gait_vec3_add(gait_mat3_mul_vec(inertia_lab, foot->alpha_rad_s2),
                      gait_vec3_cross(omega, gait_mat3_mul_vec(inertia_lab, omega)));
    gait_vec3 grf_moment = gait_vec3_cross(gait_vec3_sub(cop_m, com), force_n);
    gait_vec3 joint_moment = gait_vec3_cross(gait_vec3_sub(foot->origin_m, com), joint_force);
    gait_vec3 moment = gait_vec3_sub(gait_vec3_sub(rate_of_momentum, grf_moment), joint_moment);
    moment.z -= free_moment_nm;

    *moment_nm = moment;
    if (joint_force_n != NULL)
        *joint_force_n = joint_force;
}

void sim_ankle_moment(const sim_model *model, size_t stance, double t, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n)
{
    sim_segment_inertia inertia;
    sim_foot_inertia(model, &inertia);
    gait_vec3 force, cop;
    double free_moment;
    sim_grf(model, stance, t, &force, &cop, &free_moment);
    if (stance >= model->n_stances) {
        *moment_nm = gait_vec3_make(NAN, NAN, NAN);
        if (joint_force_n != NULL)
            *joint_force_n = gait_vec3_make(NAN, NAN, NAN);
        return;
    }
    int side = model->stances[stance].side;
    sim_frame foot;
    sim_foot_frame(model, side, t, &foot);
    sim_newton_euler(&inertia, &foot, force, cop, free_moment, moment_nm, joint_force_n);
}
