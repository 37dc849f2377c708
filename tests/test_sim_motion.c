/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's foot and shank motion (src/sim/motion.c): analytic derivatives against finite
 * differences of positions, C2 continuity at every keyframe, ground contact, the ISB JCS angles
 * recomputed by an independent decomposition, exact peaks and strike angles, markers, IMUs and
 * left/right mirroring. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"
#include "core/mat3.h"
#include "sim/sim_internal.h"
#include "sim_fixtures.h"

#define DEG (M_PI / 180.0)

/* Steps of the model in these tests (sim_fixture_settings). */
#define N_STEPS 6

/* ---- small helpers ---- */

static double dist(gait_vec3 a, gait_vec3 b)
{
    return gait_vec3_norm(gait_vec3_sub(a, b));
}

static gait_vec3 lin5(const gait_vec3 p[5], const double w[5], double scale)
{
    gait_vec3 s = gait_vec3_make(0, 0, 0);
    for (int i = 0; i < 5; i++)
        s = gait_vec3_add(s, gait_vec3_scale(p[i], w[i]));
    return gait_vec3_scale(s, scale);
}

/* Fourth-order central differences on t - 2h .. t + 2h. */
static const double D1[5] = {1.0 / 12, -8.0 / 12, 0.0, 8.0 / 12, -1.0 / 12};
static const double D2[5] = {-1.0 / 12, 16.0 / 12, -30.0 / 12, 16.0 / 12, -1.0 / 12};

/* vee of the skew-symmetric part of m (row-major). */
static gait_vec3 vee_skew(const double m[9])
{
    return gait_vec3_make(0.5 * (m[7] - m[5]), 0.5 * (m[2] - m[6]), 0.5 * (m[3] - m[1]));
}

/* Independent products: mul_t, transpose_times and the ones written out in the IMU test (the
 * mounted sensor frame, the body rates) are the tests' own on purpose, not core/mat3.h's, which
 * motion.c computes with: they are the independent side of each comparison. */

/* a * b^T */
static void mul_t(const double a[9], const double b[9], double out[9])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out[3 * i + j] =
                a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
}

/* r^T v, as dot products with the columns */
static gait_vec3 transpose_times(const double r[9], gait_vec3 v)
{
    return gait_vec3_make(gait_vec3_dot(gait_mat3_column(r, 0), v),
                          gait_vec3_dot(gait_mat3_column(r, 1), v),
                          gait_vec3_dot(gait_mat3_column(r, 2), v));
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted keyframe times of a side over the recording (caller frees). */
static double *knots_of(const sim_model *m, int side, size_t *n)
{
    size_t count = sim_motion_knots(m, side, 0.0, m->duration_s, NULL, 0);
    double *t = malloc((count + 1) * sizeof *t);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(sim_motion_knots(m, side, 0.0, m->duration_s, t, count), count);
    qsort(t, count, sizeof *t, compare_double);
    *n = count;
    return t;
}

/* Distance from t to the nearest of the sorted knots. */
static double knot_distance(const double *knots, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (knots[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    double d = INFINITY;
    if (lo < n)
        d = fabs(knots[lo] - t);
    if (lo > 0 && fabs(knots[lo - 1] - t) < d)
        d = fabs(knots[lo - 1] - t);
    return d;
}

typedef void (*frame_fn)(const sim_model *, int, double, sim_frame *);

/* ---- analytic derivatives against finite differences ---- */

/* Step of the differences and the tolerances. With h = 2e-4 s the stencils' truncation errors,
 * h^4 f^(5) / 30 for rates and h^4 f^(6) / 90 for accelerations, dominate: the sharpest segment is
 * the midfoot landing pivot (1 deg in 14 ms, theta^(5) ~ 7e9 rad/s^5), where they reach ~4e-7
 * rad/s; rounding of positions up to ~25 m adds ~4e-11 m/s and ~7e-7 m/s^2 (2.2e-16 x 25 x
 * 1.5 / h and x 5.3 / h^2). Largest errors seen over all patterns and both sides: rates 3.6e-7,
 * accelerations 1.5e-6 (printed by the tests); the tolerances sit 5x and 13x above. Points closer
 * than 3 h to a keyframe are skipped: the stencil would straddle the jump of the third derivative
 * there (C2 only); continuity at the keyframes themselves is test_c2_at_every_knot's. */
#define FD_STEP_S   2e-4
#define TOL_VEL     2e-6 /* m/s, rad/s */
#define TOL_ACC     2e-5 /* m/s^2, rad/s^2 */
#define SAMPLE_STEP 0.00037

static void check_frame_fd(const sim_model *m, int side, frame_fn fn, const char *what,
                           double *worst)
{
    size_t nk;
    double *knots = knots_of(m, side, &nk);
    const double h = FD_STEP_S;
    size_t checked = 0;
    for (double t = 3 * h; t < m->duration_s - 3 * h; t += SAMPLE_STEP) {
        if (knot_distance(knots, nk, t) < 3 * h)
            continue;
        sim_frame f[5];
        gait_vec3 p[5];
        for (int i = 0; i < 5; i++) {
            fn(m, side, t + (i - 2) * h, &f[i]);
            p[i] = f[i].origin_m;
        }
        const sim_frame *c = &f[2];
        gait_vec3 v = lin5(p, D1, 1.0 / h), a = lin5(p, D2, 1.0 / (h * h));
        double rd[9], rdd[9], m1[9], m2[9];
        for (int k = 0; k < 9; k++) {
            rd[k] = rdd[k] = 0.0;
            for (int i = 0; i < 5; i++) {
                rd[k] += D1[i] * f[i].rotation[k] / h;
                rdd[k] += D2[i] * f[i].rotation[k] / (h * h);
            }
        }
        mul_t(rd, c->rotation, m1);
        mul_t(rdd, c->rotation, m2);
        /* omega = vee(R' R^T); alpha = vee(skew(R'' R^T)) since R' R'^T is symmetric. */
        gait_vec3 w = vee_skew(m1), dw = vee_skew(m2);
        double e[4] = {dist(v, c->velocity_mps), dist(a, c->acceleration_mps2),
                       dist(w, c->omega_rad_s), dist(dw, c->alpha_rad_s2)};
        for (int k = 0; k < 4; k++)
            if (e[k] > worst[k])
                worst[k] = e[k];
        if (e[0] > TOL_VEL || e[1] > TOL_ACC || e[2] > TOL_VEL || e[3] > TOL_ACC)
            ck_abort_msg("%s side %d t %.6f: |dv| %.3g |da| %.3g |dw| %.3g |dalpha| %.3g", what,
                         side, t, e[0], e[1], e[2], e[3]);
        checked++;
    }
    ck_assert_uint_gt(checked, 1000);
    free(knots);
}

START_TEST(test_segment_derivatives_match_finite_differences)
{
    double worst[2][4] = {{0}};
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++) {
            check_frame_fd(&m, side, sim_foot_frame, "foot", worst[0]);
            check_frame_fd(&m, side, sim_shank_frame, "shank", worst[1]);
        }
        sim_model_free(&m);
    }
    fprintf(stderr,
            "segments vs finite differences, worst: foot v %.2g a %.2g w %.2g alpha %.2g; "
            "shank v %.2g a %.2g w %.2g alpha %.2g\n",
            worst[0][0], worst[0][1], worst[0][2], worst[0][3], worst[1][0], worst[1][1],
            worst[1][2], worst[1][3]);
}
END_TEST

/* Markers are points fixed in their segment: their finite-difference velocity and acceleration
 * equal the rigid-body motion of the segment at the marker's local position (recovered once from
 * the pose), and that local position never changes. */
START_TEST(test_marker_derivatives_match_finite_differences)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    const double h = FD_STEP_S;
    double worst_v = 0, worst_a = 0, worst_local = 0;
    for (int side = 0; side < 2; side++) {
        size_t nk;
        double *knots = knots_of(&m, side, &nk);
        for (size_t i = 0; i < sim_marker_count(); i++) {
            const int on_shank = i >= 4; /* HEE TOE MT1 MT5 on the foot, the rest on the shank */
            frame_fn fn = on_shank ? sim_shank_frame : sim_foot_frame;
            gait_vec3 local0 = gait_vec3_make(NAN, NAN, NAN);
            for (double t = 0.01; t < m.duration_s - 0.01; t += 0.0031) {
                if (knot_distance(knots, nk, t) < 3 * h)
                    continue;
                gait_vec3 p[5];
                for (int k = 0; k < 5; k++)
                    sim_marker_position(&m, i, side, t + (k - 2) * h, &p[k]);
                sim_frame f;
                fn(&m, side, t, &f);
                /* local = R^T (p - origin) */
                gait_vec3 local = transpose_times(f.rotation, gait_vec3_sub(p[2], f.origin_m));
                if (isnan(local0.x))
                    local0 = local;
                double el = dist(local, local0);
                gait_vec3 pos, vel, acc;
                sim_point_motion(&f, local0, &pos, &vel, &acc);
                double ev = dist(lin5(p, D1, 1.0 / h), vel);
                double ea = dist(lin5(p, D2, 1.0 / (h * h)), acc);
                worst_local = fmax(worst_local, el);
                worst_v = fmax(worst_v, ev);
                worst_a = fmax(worst_a, ea);
                if (el > 1e-12 || ev > TOL_VEL || ea > TOL_ACC)
                    ck_abort_msg("%s t %.5f: local drift %.3g |dv| %.3g |da| %.3g",
                                 sim_marker_name(i, side), t, el, ev, ea);
            }
        }
        free(knots);
    }
    fprintf(stderr, "markers vs finite differences, worst: v %.2g a %.2g, local drift %.2g\n",
            worst_v, worst_a, worst_local);
    sim_model_free(&m);
}
END_TEST

/* ---- C2 continuity ---- */

/* At every keyframe t_k the state just before (t_k - 1e-11 s, on the previous segment) equals the
 * state at t_k (the next segment). Over 1e-11 s a position moves < 2e-10 m, a velocity changes
 * < 1e-11 x |a| < 1e-8 and an acceleration < 1e-11 x |jerk| < 1e-5 (|jerk| < 1e6 m/s^3), plus
 * rounding; a real discontinuity would be orders of magnitude larger (seen: 1.1e-10, 3.3e-9,
 * 1.8e-6). */
START_TEST(test_c2_at_every_knot)
{
    const double dt = 1e-11;
    double worst[3] = {0};
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++) {
            size_t nk;
            double *knots = knots_of(&m, side, &nk);
            ck_assert_uint_gt(nk, 10 * (size_t)s.n_steps / 2);
            for (size_t k = 0; k < nk; k++) {
                const double t = knots[k];
                for (int seg = 0; seg < 2; seg++) {
                    sim_frame a, b;
                    (seg ? sim_shank_frame : sim_foot_frame)(&m, side, t - dt, &a);
                    (seg ? sim_shank_frame : sim_foot_frame)(&m, side, t, &b);
                    double e[3] = {dist(a.origin_m, b.origin_m),
                                   fmax(dist(a.velocity_mps, b.velocity_mps),
                                        dist(a.omega_rad_s, b.omega_rad_s)),
                                   fmax(dist(a.acceleration_mps2, b.acceleration_mps2),
                                        dist(a.alpha_rad_s2, b.alpha_rad_s2))};
                    for (int r = 0; r < 9; r++)
                        e[0] = fmax(e[0], fabs(a.rotation[r] - b.rotation[r]));
                    for (int q = 0; q < 3; q++)
                        worst[q] = fmax(worst[q], e[q]);
                    if (e[0] > 1e-9 || e[1] > 1e-7 || e[2] > 2e-5)
                        ck_abort_msg("strike %d side %d %s knot %.6f: jumps %.3g %.3g %.3g", strike,
                                     side, seg ? "shank" : "foot", t, e[0], e[1], e[2]);
                }
                double qa[3], qb[3];
                sim_ankle_angles(&m, side, t - dt, qa);
                sim_ankle_angles(&m, side, t, qb);
                for (int q = 0; q < 3; q++)
                    ck_assert_double_le(fabs(qa[q] - qb[q]), 1e-9);
            }
            free(knots);
        }
        sim_model_free(&m);
    }
    fprintf(stderr,
            "C2 at knots, worst jump over 1e-11 s: pose %.2g, rates %.2g, accelerations "
            "%.2g\n",
            worst[0], worst[1], worst[2]);
}
END_TEST

/* A dense scan for jumps anywhere (a missed keyframe would show here): between samples 1e-5 s
 * apart positions move < 2e-4 m (|v| < 20 m/s), velocities change < 1e-2 (|a| < 1000 m/s^2),
 * angular velocities < 2e-2 (|alpha| < 2000 rad/s^2) and accelerations < 10 (|jerk| < 1e6). */
START_TEST(test_no_jumps_anywhere)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    const double dt = 1e-5;
    for (int side = 0; side < 2; side++) {
        sim_frame prev;
        sim_foot_frame(&m, side, 0.0, &prev);
        for (double t = dt; t < m.duration_s; t += dt) {
            sim_frame f;
            sim_foot_frame(&m, side, t, &f);
            ck_assert_double_le(dist(f.origin_m, prev.origin_m), 2e-4);
            ck_assert_double_le(dist(f.velocity_mps, prev.velocity_mps), 1e-2);
            ck_assert_double_le(dist(f.acceleration_mps2, prev.acceleration_mps2), 10.0);
            ck_assert_double_le(dist(f.omega_rad_s, prev.omega_rad_s), 2e-2);
            prev = f;
        }
    }
    sim_model_free(&m);
}
END_TEST

/* ---- ground contact ---- */

START_TEST(test_pivots_fixed_on_the_ground_and_sole_never_below)
{
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        const sim_foot_geometry *g = &m.foot;
        for (size_t k = 0; k < m.n_stances; k++) {
            const sim_stance *st = &m.stances[k];
            const double tc = st->to_s - st->ic_s;
            /* The footprint's MTP point. */
            gait_vec3 mtp_ground =
                gait_vec3_add(st->heel_m, gait_vec3_scale(st->forward, g->mtp_m.x - g->heel_m.x));
            for (double f = 0.0; f < 1.0; f += 0.01) {
                const double t = st->ic_s + f * tc;
                sim_frame foot;
                sim_foot_frame(&m, st->side, t, &foot);
                gait_vec3 p, v, a;
                /* Heel fixed from IC to heel-off (55 %) for heel landings; from foot flat
                 * (25 %) for forefoot landings. */
                const int heel_down =
                    strike == GAIT_STRIKE_FOREFOOT ? (f >= 0.25 && f < 0.55) : f < 0.55;
                /* MTP fixed from foot flat (rearfoot 15 %, midfoot 6 %) or from IC (forefoot). */
                const double flat = strike == 0 ? 0.15 : (strike == 1 ? 0.06 : 0.0);
                const int mtp_down = f >= flat;
                if (heel_down) {
                    sim_point_motion(&foot, g->heel_m, &p, &v, &a);
                    ck_assert_double_le(dist(p, st->heel_m), 1e-12);
                    ck_assert_double_le(gait_vec3_norm(v), 1e-12);
                    ck_assert_double_le(gait_vec3_norm(a), 1e-9);
                }
                if (mtp_down) {
                    sim_point_motion(&foot, g->mtp_m, &p, &v, &a);
                    ck_assert_double_le(dist(p, mtp_ground), 1e-12);
                    ck_assert_double_le(gait_vec3_norm(v), 1e-12);
                    ck_assert_double_le(gait_vec3_norm(a), 1e-9);
                }
                /* Foot roll 0: the foot's y axis stays horizontal. */
                ck_assert_double_le(fabs(foot.rotation[7]), 1e-15);
            }
        }
        /* The rigid sole (heel .. MTP line, across the width) never goes below the ground, in
         * stance or swing. */
        for (int side = 0; side < 2; side++)
            for (double t = 0.0; t < m.duration_s; t += 0.0005) {
                sim_frame foot;
                sim_foot_frame(&m, side, t, &foot);
                for (double u = 0.0; u <= 1.0; u += 0.125)
                    for (double y = -0.05; y <= 0.05; y += 0.05) {
                        gait_vec3 local = gait_vec3_add(
                            g->heel_m, gait_vec3_scale(gait_vec3_sub(g->mtp_m, g->heel_m), u));
                        local.y = y;
                        gait_vec3 p;
                        sim_point_motion(&foot, local, &p, NULL, NULL);
                        if (p.z < -1e-12)
                            ck_abort_msg("strike %d side %d t %.4f: sole point %.2f at z %.3g",
                                         strike, side, t, u, p.z);
                    }
                for (size_t i = 0; i < sim_marker_count(); i++) {
                    gait_vec3 p;
                    sim_marker_position(&m, i, side, t, &p);
                    ck_assert_double_gt(p.z, 0.0);
                }
            }
        sim_model_free(&m);
    }
}
END_TEST

/* Swing clearance: mid-swing (40-60 % of the swing) the rigid sole's lowest point is 0.1-0.25 m
 * up, and the ankle's apex is the documented (0.24 + 0.02 x 3.5) m = 0.31 m. */
START_TEST(test_swing_clearance)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    const sim_stance *a = &m.stances[0], *b = &m.stances[2];
    const double swing = b->ic_s - a->to_s;
    double lowest = INFINITY, apex = 0.0;
    for (double f = 0.0; f <= 1.0; f += 0.005) {
        sim_frame foot;
        sim_foot_frame(&m, SIM_RIGHT, a->to_s + f * swing, &foot);
        apex = fmax(apex, foot.origin_m.z);
        if (f < 0.4 || f > 0.6)
            continue;
        gait_vec3 heel, mtp;
        sim_point_motion(&foot, m.foot.heel_m, &heel, NULL, NULL);
        sim_point_motion(&foot, m.foot.mtp_m, &mtp, NULL, NULL);
        lowest = fmin(lowest, fmin(heel.z, mtp.z));
    }
    ck_assert_double_ge(lowest, 0.10);
    ck_assert_double_le(lowest, 0.25);
    /* The apex keyframe, mid-way between the end of the lift (12 %) and the start of the landing
     * (90 %), is the highest point. */
    sim_frame top;
    sim_foot_frame(&m, SIM_RIGHT, a->to_s + 0.51 * swing, &top);
    ck_assert_double_eq_tol(top.origin_m.z, 0.31, 1e-12);
    ck_assert_double_le(apex, 0.31 + 1e-12);
    sim_model_free(&m);
}
END_TEST

/* ---- ankle angles ---- */

/* Grood & Suntay's JCS from the two frames' axes alone: e1 = shank y (medio-lateral), e3 = foot z
 * (superior), floating axis e2 along e1 x e3. Flexion is the rotation about e1 from the shank's x
 * to the floating axis (toes down for + about the left-pointing y, so dorsiflexion is its
 * negative); ab/adduction is the angle between e1 and e3 less 90 deg; axial rotation is about e3
 * from the floating axis to the foot's x. Right: inversion tilts the foot's z toward the shank's
 * -y and internal rotation turns the toes to +y; the left side mirrors both. */
static void jcs_from_frames(const sim_frame *shank, const sim_frame *foot, int side, double q[3])
{
    gait_vec3 xs = gait_mat3_column(shank->rotation, 0), ys = gait_mat3_column(shank->rotation, 1);
    gait_vec3 xf = gait_mat3_column(foot->rotation, 0), zf = gait_mat3_column(foot->rotation, 2);
    gait_vec3 e2 = gait_vec3_cross(ys, zf);
    e2 = gait_vec3_scale(e2, 1.0 / gait_vec3_norm(e2));
    double flexion = atan2(gait_vec3_dot(gait_vec3_cross(xs, e2), ys), gait_vec3_dot(xs, e2));
    double adduction = -asin(gait_vec3_dot(ys, zf));
    double axial = atan2(gait_vec3_dot(gait_vec3_cross(e2, xf), zf), gait_vec3_dot(e2, xf));
    const double sigma = side == SIM_LEFT ? -1.0 : 1.0;
    q[0] = -flexion;
    q[1] = sigma * adduction;
    q[2] = sigma * axial;
}

START_TEST(test_jcs_angles_recomputed_from_frames)
{
    double worst = 0.0;
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++)
            for (double t = 0.0; t < m.duration_s; t += 0.0013) {
                sim_frame shank, foot;
                sim_shank_frame(&m, side, t, &shank);
                sim_foot_frame(&m, side, t, &foot);
                double q[3], truth[3];
                jcs_from_frames(&shank, &foot, side, q);
                sim_ankle_angles(&m, side, t, truth);
                for (int c = 0; c < 3; c++) {
                    worst = fmax(worst, fabs(q[c] - truth[c]));
                    if (fabs(q[c] - truth[c]) > 1e-12)
                        ck_abort_msg("side %d t %.4f angle %d: frames %.15g, prescribed %.15g",
                                     side, t, c, q[c], truth[c]);
                }
                /* Both frames are rotations, and share the origin (the ankle joint centre). */
                ck_assert_double_le(dist(shank.origin_m, foot.origin_m), 0.0);
                ck_assert_double_le(
                    fabs(gait_vec3_dot(gait_vec3_cross(gait_mat3_column(shank.rotation, 0),
                                                       gait_mat3_column(shank.rotation, 1)),
                                       gait_mat3_column(shank.rotation, 2)) -
                         1.0),
                    1e-14);
            }
        sim_model_free(&m);
    }
    fprintf(stderr, "JCS angles from the frames vs prescribed: worst %.2g rad\n", worst);
}
END_TEST

/* Right foot flat, shank dorsiflexed 20 deg: the shank leans forward (its z toward +x) with no
 * other tilt; 10 deg of inversion of the right foot with the shank upright turns the sole toward
 * the left (the foot's z toward -y, i.e. the foot rolled onto its lateral edge). Checked on the
 * model with a known pose: mid-stance, rearfoot. */
START_TEST(test_angle_signs_are_anatomical)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    s.peak_eversion_deg = 0.0;
    s.peak_external_rotation_deg = 0.0;
    sim_model m;
    sim_fixture_model(&m, &s);
    for (int side = 0; side < 2; side++) {
        const sim_stance *st = &m.stances[side];
        const double t = st->ic_s + 0.45 * (st->to_s - st->ic_s); /* peak dorsiflexion */
        double q[3];
        sim_ankle_angles(&m, side, t, q);
        ck_assert_double_eq_tol(q[0], 20.0 * DEG, 1e-12);
        sim_frame shank, foot;
        sim_shank_frame(&m, side, t, &shank);
        sim_foot_frame(&m, side, t, &foot);
        /* The foot is flat; in foot coordinates the tibia leans toward the toes. */
        gait_vec3 zs = gait_mat3_column(shank.rotation, 2);
        double forward = gait_vec3_dot(zs, gait_mat3_column(foot.rotation, 0));
        double up = gait_vec3_dot(zs, gait_mat3_column(foot.rotation, 2));
        double lean = atan2(forward, up);
        /* What remains of inversion and rotation at 45 % (their curves pass there) tilts it
         * sideways by at most a few degrees; the forward lean is the dorsiflexion. */
        ck_assert_double_eq_tol(lean, 20.0 * DEG, 1.5 * DEG);
        ck_assert_double_gt(forward, 0.0);
    }
    sim_model_free(&m);

    /* Peak eversion (10 deg) at 40 % of stance: the sole faces laterally, i.e. the foot's
     * plantar normal (-z) points to the lateral side of the shank (-y on the right, +y on the
     * left) by sin 10 deg (dorsiflexion, about y, leaves that component alone). */
    s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_fixture_model(&m, &s);
    for (int side = 0; side < 2; side++) {
        const sim_stance *st = &m.stances[side];
        const double t = st->ic_s + 0.40 * (st->to_s - st->ic_s);
        sim_frame shank, foot;
        sim_shank_frame(&m, side, t, &shank);
        sim_foot_frame(&m, side, t, &foot);
        double plantar_y =
            -gait_vec3_dot(gait_mat3_column(foot.rotation, 2), gait_mat3_column(shank.rotation, 1));
        ck_assert_double_eq_tol(plantar_y, (side == SIM_RIGHT ? -1.0 : 1.0) * sin(10.0 * DEG),
                                1e-12);
    }
    sim_model_free(&m);
}
END_TEST

static void check_peaks(const gait_sim_settings *s)
{
    sim_model m;
    sim_fixture_model(&m, s);
    for (size_t k = 0; k < m.n_stances; k++) {
        const sim_stance *st = &m.stances[k];
        const double tc = st->to_s - st->ic_s;
        double maxdf = -INFINITY, minv = INFINITY, minir = INFINITY, mindf = INFINITY;
        for (double f = 0.0; f <= 1.0; f += 0.0005) {
            double q[3];
            sim_ankle_angles(&m, st->side, st->ic_s + f * tc, q);
            maxdf = fmax(maxdf, q[0]);
            mindf = fmin(mindf, q[0]);
            minv = fmin(minv, q[1]);
            minir = fmin(minir, q[2]);
        }
        /* Never beyond the peak anywhere in stance ... */
        ck_assert_double_le(maxdf, s->peak_dorsiflexion_deg * DEG + 1e-15);
        ck_assert_double_ge(minv, -s->peak_eversion_deg * DEG - 1e-15);
        ck_assert_double_ge(minir, -s->peak_external_rotation_deg * DEG - 1e-15);
        ck_assert_double_ge(mindf, -s->toe_off_plantarflexion_deg * DEG - 1e-15);
        /* ... and exactly the peak at the documented keyframes (45, 40, 50 % and TO). */
        double q[3];
        sim_ankle_angles(&m, st->side, st->ic_s + 0.45 * tc, q);
        ck_assert_double_eq_tol(q[0], s->peak_dorsiflexion_deg * DEG, 1e-14);
        sim_ankle_angles(&m, st->side, st->ic_s + 0.40 * tc, q);
        ck_assert_double_eq_tol(q[1], -s->peak_eversion_deg * DEG, 1e-14);
        sim_ankle_angles(&m, st->side, st->ic_s + 0.50 * tc, q);
        ck_assert_double_eq_tol(q[2], -s->peak_external_rotation_deg * DEG, 1e-14);
        sim_ankle_angles(&m, st->side, st->to_s, q);
        ck_assert_double_eq_tol(q[0], -s->toe_off_plantarflexion_deg * DEG, 1e-14);
    }
    sim_model_free(&m);
}

START_TEST(test_peaks_equal_settings)
{
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        check_peaks(&s);
        s.peak_dorsiflexion_deg = 14.0;
        s.peak_eversion_deg = 6.5;
        s.peak_external_rotation_deg = 12.0;
        s.toe_off_plantarflexion_deg = 18.0;
        s.contact_time_s = 0.2;
        check_peaks(&s);
        /* Peaks smaller than the default IC/TO keyframes still remain the extremes. */
        s.peak_dorsiflexion_deg = 1.0;
        s.peak_eversion_deg = -5.0;
        s.peak_external_rotation_deg = -3.0;
        check_peaks(&s);
    }
}
END_TEST

START_TEST(test_strike_angle_at_ic)
{
    const double expected_deg[3] = {12.0, 1.0, -6.0};
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (size_t k = 0; k < m.n_stances; k++) {
            const sim_stance *st = &m.stances[k];
            ck_assert_double_eq_tol(sim_sole_angle(&m, st->side, st->ic_s),
                                    expected_deg[strike] * DEG, 1e-15);
            /* The sole angle is the foot's pitch: its x axis rises by it. */
            sim_frame foot;
            sim_foot_frame(&m, st->side, st->ic_s, &foot);
            ck_assert_double_eq_tol(asin(foot.rotation[6]), expected_deg[strike] * DEG, 1e-14);
            /* -35 deg at TO, 0 at mid-stance. */
            ck_assert_double_eq_tol(sim_sole_angle(&m, st->side, st->to_s), -35.0 * DEG, 1e-14);
            ck_assert_double_eq_tol(sim_sole_angle(&m, st->side, 0.5 * (st->ic_s + st->to_s)), 0.0,
                                    1e-15);
        }
        sim_model_free(&m);
    }
}
END_TEST

/* ---- markers ---- */

START_TEST(test_marker_names_and_anatomy)
{
    static const char *right[] = {"RHEE",  "RTOE",  "RMT1",  "RMT5", "RLMAL",
                                  "RMMAL", "RLKNE", "RMKNE", "RTIB"};
    ck_assert_uint_eq(sim_marker_count(), 9);
    for (size_t i = 0; i < 9; i++) {
        ck_assert_str_eq(sim_marker_name(i, SIM_RIGHT), right[i]);
        ck_assert_str_eq(sim_marker_name(i, SIM_LEFT) + 1, right[i] + 1);
        ck_assert_int_eq(sim_marker_name(i, SIM_LEFT)[0], 'L');
    }
    ck_assert_ptr_null(sim_marker_name(9, SIM_RIGHT));

    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    for (int side = 0; side < 2; side++)
        for (double t = 0.0; t < m.duration_s; t += 0.0071) {
            gait_vec3 p[9];
            for (size_t i = 0; i < 9; i++)
                sim_marker_position(&m, i, side, t, &p[i]);
            sim_frame shank, foot;
            sim_shank_frame(&m, side, t, &shank);
            sim_foot_frame(&m, side, t, &foot);
            /* Mid-malleoli = ankle joint centre; malleoli 7 cm apart along the shank's y. */
            gait_vec3 mid = gait_vec3_scale(gait_vec3_add(p[4], p[5]), 0.5);
            ck_assert_double_le(dist(mid, shank.origin_m), 1e-15);
            gait_vec3 across = gait_vec3_sub(p[5], p[4]); /* lateral -> medial */
            ck_assert_double_eq_tol(gait_vec3_norm(across), 0.07, 1e-12);
            /* Medial is toward the body's midline: +y of the shank on the right, -y on the
             * left. */
            double medial = gait_vec3_dot(across, gait_mat3_column(shank.rotation, 1));
            ck_assert_double_eq_tol(medial, side == SIM_RIGHT ? 0.07 : -0.07, 1e-12);
            /* Knee: mid-epicondyles 1.62 foot lengths up the shank axis; 10 cm wide. */
            gait_vec3 knee = gait_vec3_scale(gait_vec3_add(p[6], p[7]), 0.5);
            gait_vec3 up = gait_vec3_sub(knee, shank.origin_m);
            ck_assert_double_le(
                dist(up, gait_vec3_scale(gait_mat3_column(shank.rotation, 2), 1.62 * 0.26)), 1e-12);
            ck_assert_double_eq_tol(dist(p[6], p[7]), 0.10, 1e-12);
            /* MT1 medial, MT5 lateral. */
            double mt =
                gait_vec3_dot(gait_vec3_sub(p[2], p[3]), gait_mat3_column(foot.rotation, 1));
            ck_assert(side == SIM_RIGHT ? mt > 0.09 : mt < -0.09);
            /* Heel marker behind the ankle, toe marker ahead, tibia marker in front of the
             * shank axis. */
            ck_assert_double_lt(gait_vec3_dot(gait_vec3_sub(p[0], foot.origin_m),
                                              gait_mat3_column(foot.rotation, 0)),
                                0.0);
            ck_assert_double_gt(gait_vec3_dot(gait_vec3_sub(p[1], foot.origin_m),
                                              gait_mat3_column(foot.rotation, 0)),
                                0.1);
            ck_assert_double_gt(gait_vec3_dot(gait_vec3_sub(p[8], shank.origin_m),
                                              gait_mat3_column(shank.rotation, 0)),
                                0.02);
        }
    sim_model_free(&m);
}
END_TEST

/* ---- IMUs ---- */

/* Mid-way between foot flat (15 %) and heel-off (55 %) the rearfoot is still: the foot IMU reads
 * +g on its up axis and no rotation, whatever the yaw; with the sensor turned by 90 deg about the
 * segment's x (intrinsic Z-Y-X = 0, 0, 90) its y axis points up and reads +g. */
START_TEST(test_imu_foot_at_rest)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    for (int turn = 0; turn < 2; s.imu_mount_zyx_deg[2] = 90.0, turn++) {
        sim_model m;
        sim_fixture_model(&m, &s);
        for (size_t k = 0; k < m.n_stances; k++) {
            const sim_stance *st = &m.stances[k];
            const double t = st->ic_s + 0.35 * (st->to_s - st->ic_s);
            sim_frame foot;
            sim_foot_frame(&m, st->side, t, &foot);
            ck_assert_double_le(gait_vec3_norm(foot.velocity_mps), 0.0);
            ck_assert_double_le(gait_vec3_norm(foot.omega_rad_s), 0.0);
            gait_vec3 acc, gyr;
            sim_imu_sample(&m, GAIT_SIM_FOOT, st->side, t, &acc, &gyr);
            double expected[3] = {0.0, turn ? SIM_GRAVITY_MPS2 : 0.0,
                                  turn ? 0.0 : SIM_GRAVITY_MPS2};
            ck_assert_double_eq_tol(acc.x, expected[0], 1e-12);
            ck_assert_double_eq_tol(acc.y, expected[1], 1e-12);
            ck_assert_double_eq_tol(acc.z, expected[2], 1e-12);
            ck_assert_double_le(gait_vec3_norm(gyr), 0.0);
        }
        sim_model_free(&m);
    }
}
END_TEST

/* Rz(a) Ry(b) Rx(c), written out. */
static void zyx_matrix(double a, double b, double c, double r[9])
{
    const double ca = cos(a), sa = sin(a), cb = cos(b), sb = sin(b), cc = cos(c), sc = sin(c);
    r[0] = ca * cb, r[1] = ca * sb * sc - sa * cc, r[2] = ca * sb * cc + sa * sc;
    r[3] = sa * cb, r[4] = sa * sb * sc + ca * cc, r[5] = sa * sb * cc - ca * sc;
    r[6] = -sb, r[7] = cb * sc, r[8] = cb * cc;
}

/* The IMU signals are those of the documented point fixed in the segment (foot: dorsum 0.23 L
 * ahead of the ankle and 0.21 L above the sole; shank: anterior tibia, 42 % of 1.62 L up, 4 cm in
 * front), in the mounted sensor frame R_s = R_segment Rz(30) Ry(-20) Rx(10):
 *   acc = R_s^T (a + g z) with a the finite-difference acceleration of that point's position,
 *   gyr = vee(R_s^T dR_s/dt), the body angular velocity from finite differences of R_s. */
START_TEST(test_imu_matches_finite_differences_in_the_mounted_frame)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    s.imu_mount_zyx_deg[0] = 30.0;
    s.imu_mount_zyx_deg[1] = -20.0;
    s.imu_mount_zyx_deg[2] = 10.0;
    double mount[9];
    zyx_matrix(30.0 * DEG, -20.0 * DEG, 10.0 * DEG, mount);
    sim_model m;
    sim_fixture_model(&m, &s);
    const double L = 0.26, h = FD_STEP_S;
    const gait_vec3 local[2] = {gait_vec3_make(0.23 * L, 0.0, -0.27 * L + 0.21 * L),
                                gait_vec3_make(0.04, 0.0, 0.42 * 1.62 * L)};
    double worst_acc = 0.0, worst_gyr = 0.0;
    for (int side = 0; side < 2; side++) {
        size_t nk;
        double *knots = knots_of(&m, side, &nk);
        for (int seg = 0; seg < 2; seg++)
            for (double t = 0.01; t < m.duration_s - 0.01; t += 0.0017) {
                if (knot_distance(knots, nk, t) < 3 * h)
                    continue;
                gait_vec3 p[5];
                double rs[5][9];
                for (int k = 0; k < 5; k++) {
                    sim_frame f;
                    (seg ? sim_shank_frame : sim_foot_frame)(&m, side, t + (k - 2) * h, &f);
                    sim_point_motion(&f, local[seg], &p[k], NULL, NULL);
                    /* R_s = R_segment mount, written out (independent products, above). */
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++)
                            rs[k][3 * i + j] = f.rotation[3 * i] * mount[j] +
                                               f.rotation[3 * i + 1] * mount[3 + j] +
                                               f.rotation[3 * i + 2] * mount[6 + j];
                }
                gait_vec3 a = lin5(p, D2, 1.0 / (h * h));
                /* gravity, and the landing impact the IMU adds on top of the rigid motion */
                a.z += SIM_GRAVITY_MPS2 +
                       sim_imu_impact_mps2(&m, seg ? GAIT_SIM_SHANK : GAIT_SIM_FOOT, side, t);
                gait_vec3 acc_fd = transpose_times(rs[2], a);
                /* R_s^T R_s' (body rates) = transpose of (R_s'^T R_s) ... built directly. */
                double rd[9], body[9];
                for (int k = 0; k < 9; k++) {
                    rd[k] = 0.0;
                    for (int i = 0; i < 5; i++)
                        rd[k] += D1[i] * rs[i][k] / h;
                }
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        body[3 * i + j] =
                            rs[2][i] * rd[j] + rs[2][3 + i] * rd[3 + j] + rs[2][6 + i] * rd[6 + j];
                gait_vec3 gyr_fd = vee_skew(body);
                gait_vec3 acc, gyr;
                sim_imu_sample(&m, seg ? GAIT_SIM_SHANK : GAIT_SIM_FOOT, side, t, &acc, &gyr);
                const double ea = dist(acc, acc_fd), eg = dist(gyr, gyr_fd);
                worst_acc = fmax(worst_acc, ea);
                worst_gyr = fmax(worst_gyr, eg);
                if (ea > TOL_ACC || eg > TOL_VEL)
                    ck_abort_msg("%s IMU side %d t %.4f: |dacc| %.3g |dgyr| %.3g",
                                 seg ? "shank" : "foot", side, t, ea, eg);
            }
        free(knots);
    }
    fprintf(stderr, "IMUs vs finite differences, worst: acc %.2g gyr %.2g\n", worst_acc, worst_gyr);
    sim_model_free(&m);
}
END_TEST

/* ---- left/right ---- */

/* The left foot repeats the right one step period later, mirrored (y -> -y) and carried one step
 * length forward: positions p_L(t + T) = M p_R(t) + (v T, 0, 0), rotations M R_R M, angular
 * velocities -M w (an axial vector), ankle angles equal (the left is mirrored by convention). */
static void check_mirror(const sim_model *m, double t)
{
    const double step = m->step_period_s;
    const gait_vec3 shift = gait_vec3_make(m->settings.speed_mps * step, 0.0, 0.0);
    for (int seg = 0; seg < 2; seg++) {
        sim_frame r, l;
        (seg ? sim_shank_frame : sim_foot_frame)(m, SIM_RIGHT, t, &r);
        (seg ? sim_shank_frame : sim_foot_frame)(m, SIM_LEFT, t + step, &l);
        gait_vec3 o = r.origin_m;
        o.y = -o.y;
        ck_assert_double_le(dist(l.origin_m, gait_vec3_add(o, shift)), 1e-9);
        gait_vec3 v = r.velocity_mps, a = r.acceleration_mps2;
        v.y = -v.y, a.y = -a.y;
        ck_assert_double_le(dist(l.velocity_mps, v), 1e-9);
        ck_assert_double_le(dist(l.acceleration_mps2, a), 1e-6);
        gait_vec3 w = r.omega_rad_s, al = r.alpha_rad_s2;
        w.x = -w.x, w.z = -w.z, al.x = -al.x, al.z = -al.z;
        ck_assert_double_le(dist(l.omega_rad_s, w), 1e-9);
        ck_assert_double_le(dist(l.alpha_rad_s2, al), 1e-6);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double sign = ((i == 1) != (j == 1)) ? -1.0 : 1.0;
                ck_assert_double_le(fabs(l.rotation[3 * i + j] - sign * r.rotation[3 * i + j]),
                                    1e-9);
            }
    }
    double qr[3], ql[3];
    sim_ankle_angles(m, SIM_RIGHT, t, qr);
    sim_ankle_angles(m, SIM_LEFT, t + step, ql);
    for (int c = 0; c < 3; c++)
        ck_assert_double_le(fabs(qr[c] - ql[c]), 1e-9);
    ck_assert_double_le(
        fabs(sim_sole_angle(m, SIM_RIGHT, t) - sim_sole_angle(m, SIM_LEFT, t + step)), 1e-9);
    for (size_t i = 0; i < sim_marker_count(); i++) {
        gait_vec3 pr, pl;
        sim_marker_position(m, i, SIM_RIGHT, t, &pr);
        sim_marker_position(m, i, SIM_LEFT, t + step, &pl);
        pr.y = -pr.y;
        ck_assert_double_le(dist(pl, gait_vec3_add(pr, shift)), 1e-9);
    }
    gait_vec3 ar, gr, al, gl;
    sim_imu_sample(m, GAIT_SIM_FOOT, SIM_RIGHT, t, &ar, &gr);
    sim_imu_sample(m, GAIT_SIM_FOOT, SIM_LEFT, t + step, &al, &gl);
    /* Sensor axes mirror too (x, z kept, y flipped): acc y and gyro x, z change sign. (Not the
     * acceleration while a landing impact runs on one side only: the first real stance of one
     * side has a virtual one, with no impact, as its mirror image.) */
    if (sim_imu_impact_mps2(m, GAIT_SIM_FOOT, SIM_RIGHT, t) ==
        sim_imu_impact_mps2(m, GAIT_SIM_FOOT, SIM_LEFT, t + step))
        ck_assert_double_le(fabs(al.x - ar.x) + fabs(al.y + ar.y) + fabs(al.z - ar.z), 1e-6);
    ck_assert_double_le(fabs(gl.x + gr.x) + fabs(gl.y - gr.y) + fabs(gl.z + gr.z), 1e-9);
}

START_TEST(test_sides_mirror)
{
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (double t = 0.0; t + m.step_period_s < m.duration_s; t += 0.0023)
            check_mirror(&m, t);
        sim_model_free(&m);
    }
    /* One step: the left side has no real stance and mirrors the right throughout. */
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    s.n_steps = 1;
    sim_model m;
    sim_fixture_model(&m, &s);
    for (double t = 0.0; t < m.duration_s; t += 0.0023)
        check_mirror(&m, t);
    sim_model_free(&m);
}
END_TEST

/* Before the first and after the last stance of a side the motion continues with virtual stances
 * one stride away: the right foot at t and t + stride differ by the stride length along x. */
START_TEST(test_virtual_stances_continue_the_cycle)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    s.n_steps = 2;
    sim_model m;
    sim_fixture_model(&m, &s);
    const double stride = 2.0 * m.step_period_s;
    for (double t = -0.5; t < m.duration_s + 0.5; t += 0.0031) {
        sim_frame a, b;
        sim_foot_frame(&m, SIM_RIGHT, t, &a);
        sim_foot_frame(&m, SIM_RIGHT, t + stride, &b);
        gait_vec3 d = gait_vec3_sub(b.origin_m, a.origin_m);
        ck_assert_double_eq_tol(d.x, s.speed_mps * stride, 1e-9);
        ck_assert_double_le(fabs(d.y) + fabs(d.z), 1e-9);
        ck_assert_double_le(dist(a.velocity_mps, b.velocity_mps), 1e-9);
    }
    sim_model_free(&m);
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("sim_motion");
    TCase *tc = tcase_create("motion");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_segment_derivatives_match_finite_differences);
    tcase_add_test(tc, test_marker_derivatives_match_finite_differences);
    tcase_add_test(tc, test_c2_at_every_knot);
    tcase_add_test(tc, test_no_jumps_anywhere);
    tcase_add_test(tc, test_pivots_fixed_on_the_ground_and_sole_never_below);
    tcase_add_test(tc, test_swing_clearance);
    tcase_add_test(tc, test_jcs_angles_recomputed_from_frames);
    tcase_add_test(tc, test_angle_signs_are_anatomical);
    tcase_add_test(tc, test_peaks_equal_settings);
    tcase_add_test(tc, test_strike_angle_at_ic);
    tcase_add_test(tc, test_marker_names_and_anatomy);
    tcase_add_test(tc, test_imu_foot_at_rest);
    tcase_add_test(tc, test_imu_matches_finite_differences_in_the_mounted_frame);
    tcase_add_test(tc, test_sides_mirror);
    tcase_add_test(tc, test_virtual_stances_continue_the_cycle);
    suite_add_tcase(s, tc);
    return s;
}
