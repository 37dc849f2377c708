/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newton–Euler inverse dynamics of the foot from sampled poses, and the resolution of the ankle
 * moment in a chosen frame.
 *
 * Motion from the poses (all by gait_derivative: central differences inside a run of valid
 * frames, second-order one-sided differences at its ends):
 *   omega: Rdot from the first derivative of each of the nine rotation elements, then
 *          omega = vee(skew(Rdot R^T)); taking the skew part discards the symmetric part that the
 *          difference error and a not-quite-orthonormal R put into Rdot R^T;
 *   alpha: the first derivative of omega (lab frame);
 *   a_c:   the second derivative of the centre of mass c = o + R com (o = ankle joint centre).
 * A frame is valid when its rotation and its ankle joint centre are all finite. Invalid frames
 * split the trial into runs, and a run too short for the formulas (3 frames for omega and alpha,
 * 4 for a_c) gives NaN: values are never extrapolated across a gap.
 *
 * Equations (lab frame; F, p, T: ground reaction force, COP, free moment; m g the weight):
 *   Fj = m a_c - F - m g
 *   M  = I alpha + omega x (I omega) - (p - c) x F - T - (o - c) x Fj,    I = R I_foot R^T
 * where Fj and M are the joint force and the internal ankle moment the shank exerts on the foot.
 * A COP with a NaN component means no contact: F and T are ignored in that frame. With contact,
 * a non-finite force or free moment gives NaN (nothing is invented). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/internal.h"
#include "core/mat3.h"
#include "gait/derivative.h"
#include "gait/kinetics.h"

/* Scratch doubles per frame: Rdot (9), omega (3), alpha (3), a_c (3), one input channel. */
#define SCRATCH_PER_FRAME 19

static int all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

static int vec3_finite(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

static gait_vec3 load3(const double *x)
{
    return gait_vec3_make(x[0], x[1], x[2]);
}

static void store3(double *x, gait_vec3 v)
{
    x[0] = v.x;
    x[1] = v.y;
    x[2] = v.z;
}

static gait_status check_input(const gait_foot_dynamics_input *in, const double *moment_lab_nm)
{
    static const char *fn = "gait_foot_inverse_dynamics";
    if (in == NULL || moment_lab_nm == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL input or moment_lab_nm", fn);
    if (in->foot_rotation == NULL || in->ajc_m == NULL || in->force_n == NULL || in->cop_m == NULL)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: foot_rotation, ajc_m, force_n and cop_m must not be NULL", fn);
    if (in->n_frames == 0)
        return gait_fail(GAIT_E_NO_DATA, "%s: no frames", fn);
    if (in->n_frames > SIZE_MAX / (SCRATCH_PER_FRAME * sizeof(double)))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: n_frames %zu too large", fn, in->n_frames);
    if (!gait_is_positive_finite(in->rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: rate_hz %g must be finite and > 0", fn,
                         in->rate_hz);
    if (!gait_is_positive_finite(in->inertia.mass_kg))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: inertia.mass_kg %g must be finite and > 0", fn,
                         in->inertia.mass_kg);
    if (!all_finite(in->inertia.com_local_m, 3) || !all_finite(in->inertia.inertia_kgm2, 9))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: inertia.com_local_m and inertia.inertia_kgm2 must be finite", fn);
    if (!all_finite(in->gravity_mps2, 3))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: gravity_mps2 must be finite", fn);
    return GAIT_OK;
}

/* Frame k's pose is usable: rotation and ankle joint centre finite. */
static int pose_valid(const gait_foot_dynamics_input *in, size_t k)
{
    return all_finite(in->foot_rotation + 9 * k, 9) && all_finite(in->ajc_m + 3 * k, 3);
}

/* The motion of the foot into the channel-major scratch arrays (channel c of frame k at
 * [c n + k]); NaN where it cannot be computed. */
static void foot_motion(const gait_foot_dynamics_input *in, double *rdot, double *omega,
                        double *alpha, double *acc, double *x)
{
    const size_t n = in->n_frames;
    const double rate = in->rate_hz;
    /* Every call below has valid arguments (checked), non-overlapping buffers and n > 0, so
     * gait_derivative cannot fail. */
    for (int e = 0; e < 9; e++) {
        for (size_t k = 0; k < n; k++)
            x[k] = pose_valid(in, k) ? in->foot_rotation[9 * k + e] : NAN;
        (void)gait_derivative(x, n, rate, 1, rdot + (size_t)e * n);
    }
    for (size_t k = 0; k < n; k++) {
        const double *r = in->foot_rotation + 9 * k;
        double rd[9], w[9];
        for (int e = 0; e < 9; e++)
            rd[e] = rdot[(size_t)e * n + k];
        gait_mat3_mul_transpose(rd, r, w); /* Rdot R^T = [omega]x for an exact rotation */
        omega[k] = 0.5 * (w[7] - w[5]);
        omega[n + k] = 0.5 * (w[2] - w[6]);
        omega[2 * n + k] = 0.5 * (w[3] - w[1]);
    }
    for (int c = 0; c < 3; c++)
        (void)gait_derivative(omega + (size_t)c * n, n, rate, 1, alpha + (size_t)c * n);

    const gait_vec3 com_local = load3(in->inertia.com_local_m);
    for (int c = 0; c < 3; c++) {
        for (size_t k = 0; k < n; k++) {
            if (!pose_valid(in, k)) {
                x[k] = NAN;
                continue;
            }
            gait_vec3 c_lab = gait_vec3_add(
                load3(in->ajc_m + 3 * k), gait_mat3_mul_vec(in->foot_rotation + 9 * k, com_local));
            x[k] = c == 0 ? c_lab.x : (c == 1 ? c_lab.y : c_lab.z);
        }
        (void)gait_derivative(x, n, rate, 2, acc + (size_t)c * n);
    }
}

static gait_vec3 channel3(const double *channels, size_t n, size_t k)
{
    return gait_vec3_make(channels[k], channels[n + k], channels[2 * n + k]);
}

gait_status gait_foot_inverse_dynamics(const gait_foot_dynamics_input *input, double *moment_lab_nm,
                                       double *joint_force_lab_n)
{
    gait_status status = check_input(input, moment_lab_nm);
    if (status != GAIT_OK)
        return status;
    const size_t n = input->n_frames;
    double *scratch = malloc(SCRATCH_PER_FRAME * n * sizeof *scratch);
    if (scratch == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_foot_inverse_dynamics: out of memory (%zu frames)", n);
    double *rdot = scratch, *omega = rdot + 9 * n, *alpha = omega + 3 * n, *acc = alpha + 3 * n;
    double *x = acc + 3 * n;
    foot_motion(input, rdot, omega, alpha, acc, x);

    const gait_segment_inertia *seg = &input->inertia;
    const double mass = seg->mass_kg;
    const gait_vec3 com_local = load3(seg->com_local_m);
    const gait_vec3 weight = gait_vec3_scale(load3(input->gravity_mps2), mass);
    const gait_vec3 nan3 = gait_vec3_make(NAN, NAN, NAN);
    for (size_t k = 0; k < n; k++) {
        const double *r = input->foot_rotation + 9 * k;
        gait_vec3 w = channel3(omega, n, k), a = channel3(alpha, n, k);
        gait_vec3 a_c = channel3(acc, n, k);
        gait_vec3 force = gait_vec3_make(0.0, 0.0, 0.0), cop = gait_vec3_make(0.0, 0.0, 0.0);
        gait_vec3 free_moment = gait_vec3_make(0.0, 0.0, 0.0);
        int ok = pose_valid(input, k) && vec3_finite(w) && vec3_finite(a) && vec3_finite(a_c);
        const double *p = input->cop_m + 3 * k;
        const int contact = !isnan(p[0]) && !isnan(p[1]) && !isnan(p[2]);
        if (ok && contact) {
            cop = load3(p);
            force = load3(input->force_n + 3 * k);
            if (input->free_moment_nm != NULL)
                free_moment = load3(input->free_moment_nm + 3 * k);
            /* Contact with an unknown load: no moment can be computed. */
            ok = vec3_finite(cop) && vec3_finite(force) && vec3_finite(free_moment);
        }
        if (!ok) {
            store3(moment_lab_nm + 3 * k, nan3);
            if (joint_force_lab_n != NULL)
                store3(joint_force_lab_n + 3 * k, nan3);
            continue;
        }
        const gait_vec3 o = load3(input->ajc_m + 3 * k);
        const gait_vec3 c = gait_vec3_add(o, gait_mat3_mul_vec(r, com_local));
        const gait_vec3 joint_force =
            gait_vec3_sub(gait_vec3_sub(gait_vec3_scale(a_c, mass), force), weight);
        double inertia_lab[9];
        gait_mat3_mul(r, seg->inertia_kgm2, inertia_lab);
        gait_mat3_mul_transpose(inertia_lab, r, inertia_lab);
        gait_vec3 moment = gait_vec3_add(gait_mat3_mul_vec(inertia_lab, a),
                                         gait_vec3_cross(w, gait_mat3_mul_vec(inertia_lab, w)));
        if (contact) {
            moment = gait_vec3_sub(moment, gait_vec3_cross(gait_vec3_sub(cop, c), force));
            moment = gait_vec3_sub(moment, free_moment);
        }
        moment = gait_vec3_sub(moment, gait_vec3_cross(gait_vec3_sub(o, c), joint_force));
        store3(moment_lab_nm + 3 * k, moment);
        if (joint_force_lab_n != NULL)
            store3(joint_force_lab_n + 3 * k, joint_force);
    }
    free(scratch);
    return GAIT_OK;
}

/* ---- resolution ---- */

const char *gait_moment_frame_name(int frame)
{
    switch (frame) {
    case GAIT_MOMENT_FOOT:
        return "foot";
    case GAIT_MOMENT_SHANK:
        return "shank";
    case GAIT_MOMENT_JCS:
        return "jcs";
    case GAIT_MOMENT_LAB:
        return "lab";
    default:
        return NULL;
    }
}

/* Unit axes (lab) giving the plantarflexion, inversion and internal rotation components of frame
 * k for the RIGHT side, before the left side's mirroring: [0] points left (+y turns the toes
 * down), [1] forward (+x lifts the left, medial, edge of a right foot), [2] up (+z turns the right
 * toes to the left, medially). NaN axes when the frame cannot be built. */
static void resolution_axes(gait_moment_frame frame, const double *shank, const double *foot,
                            const double heading[9], gait_vec3 axes[3])
{
    if (frame == GAIT_MOMENT_JCS) {
        /* ISB: e1 = shank y, e3 = foot z, e2 = e3 x e1 normalised. With y left and z up, e2 points
         * backward (-x when the segments are aligned), so the inversion axis is -e2. */
        gait_vec3 e1 = gait_mat3_column(shank, 1), e3 = gait_mat3_column(foot, 2);
        gait_vec3 e2 = gait_vec3_cross(e3, e1);
        double norm = gait_vec3_norm(e2);
        /* e1 parallel to e3 (gimbal lock of the JCS): the floating axis is undefined. */
        e2 = norm > 1e-12 ? gait_vec3_scale(e2, 1.0 / norm) : gait_vec3_make(NAN, NAN, NAN);
        axes[0] = e1;
        axes[1] = gait_vec3_scale(e2, -1.0);
        axes[2] = e3;
        return;
    }
    const double *m = frame == GAIT_MOMENT_FOOT    ? foot
                      : frame == GAIT_MOMENT_SHANK ? shank
                                                   : heading;
    axes[0] = gait_mat3_column(m, 1);
    axes[1] = gait_mat3_column(m, 0);
    axes[2] = gait_mat3_column(m, 2);
}

gait_status gait_ankle_moment_resolve(size_t n_frames, int side, gait_moment_frame frame,
                                      const double *moment_lab_nm, const double *shank_rotation,
                                      const double *foot_rotation, const double heading[9],
                                      double *components_nm)
{
    static const char *fn = "gait_ankle_moment_resolve";
    if (moment_lab_nm == NULL || components_nm == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL moment_lab_nm or components_nm", fn);
    if (side != 0 && side != 1)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: side %d must be 0 (right) or 1 (left)", fn, side);
    if (gait_moment_frame_name((int)frame) == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: frame %d out of range", fn, (int)frame);
    if ((frame == GAIT_MOMENT_FOOT || frame == GAIT_MOMENT_JCS) && foot_rotation == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: the %s frame needs foot_rotation", fn,
                         gait_moment_frame_name((int)frame));
    if ((frame == GAIT_MOMENT_SHANK || frame == GAIT_MOMENT_JCS) && shank_rotation == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: the %s frame needs shank_rotation", fn,
                         gait_moment_frame_name((int)frame));
    if (frame == GAIT_MOMENT_LAB && heading == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: the lab frame needs heading", fn);

    /* The left side mirrors inversion and internal rotation (about the anterior and superior
     * axes); plantarflexion is +y on both sides. */
    const double mirror = side == 0 ? 1.0 : -1.0;
    const double signs[3] = {1.0, mirror, mirror};
    for (size_t k = 0; k < n_frames; k++) {
        gait_vec3 axes[3];
        resolution_axes(frame, shank_rotation == NULL ? NULL : shank_rotation + 9 * k,
                        foot_rotation == NULL ? NULL : foot_rotation + 9 * k, heading, axes);
        const gait_vec3 moment = load3(moment_lab_nm + 3 * k);
        for (int i = 0; i < 3; i++)
            components_nm[3 * k + i] = signs[i] * gait_vec3_dot(moment, axes[i]);
    }
    return GAIT_OK;
}
