/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's kinetics (src/sim/grf.c, src/sim/dynamics.c) against known answers:
 *   - physics the GRF must obey exactly: vertical impulse = body weight x step period, zero AP and
 *     ML impulse (numerical integration of the curves, independent of how grf.c builds them);
 *   - published magnitudes by strike pattern (ranges, not exact values);
 *   - the COP at IC from the strike index; nothing outside the stance; side mirroring;
 *   - de Leva (1996) foot numbers;
 *   - Newton–Euler: a static foot in closed form, and a rotating foot against two independent
 *     formulations (moments about the ankle point with the parallel-axis inertia; and the
 *     numerical time derivative of the angular momentum along a prescribed trajectory);
 *   - the sign of the inversion moment and its mirroring on the left foot.
 * Frames are built by hand here: these tests do not depend on motion.c. */
#include <math.h>
#include <string.h>

#include "check_runner.h"
#include "core/mat3.h"
#include "sim/sim_internal.h"
#include "sim_fixtures.h"

#define G SIM_GRAVITY_MPS2

/* Steps of the model in these tests (sim_fixture_settings). */
#define N_STEPS 4

static const gait_strike_pattern patterns[3] = {GAIT_STRIKE_REARFOOT, GAIT_STRIKE_MIDFOOT,
                                                GAIT_STRIKE_FOREFOOT};

static double weight_n(const sim_model *model)
{
    return model->settings.body_mass_kg * G;
}

/* Ground reaction components of stance k at t: [0..2] canonical force, [3] along the footprint's
 * forward axis, [4] along its left axis, [5] free moment. */
static void grf_components(const sim_model *model, size_t k, double t, double out[6])
{
    gait_vec3 f, cop;
    double tz;
    sim_grf(model, k, t, &f, &cop, &tz);
    const sim_stance *s = &model->stances[k];
    out[0] = f.x;
    out[1] = f.y;
    out[2] = f.z;
    out[3] = f.x * s->forward.x + f.y * s->forward.y + f.z * s->forward.z;
    out[4] = f.x * s->left.x + f.y * s->left.y + f.z * s->left.z;
    out[5] = tz;
}

/* Composite Simpson integral of the six components over [IC, TO] with n (even) intervals. At TO
 * itself sim_grf is outside the half-open stance and gives zero, the limit of the curves. */
static void simpson(const sim_model *model, size_t k, size_t n, double integral[6])
{
    const sim_stance *s = &model->stances[k];
    const double h = (s->to_s - s->ic_s) / (double)n;
    for (int c = 0; c < 6; c++)
        integral[c] = 0.0;
    for (size_t i = 0; i <= n; i++) {
        double w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
        double v[6];
        grf_components(model, k, s->ic_s + (double)i * h, v);
        for (int c = 0; c < 6; c++)
            integral[c] += w * v[c];
    }
    for (int c = 0; c < 6; c++)
        integral[c] *= h / 3.0;
}

/* Periodic running: the vertical impulse of a stance is body weight x step period, exactly; the
 * horizontal impulses are zero (constant speed, no drift). Composite Simpson on these curves: they
 * are C1, with an s^1.5 start and sin^2 joins in the impact, so the error falls at least as h^2.5.
 * With 2^17 intervals (about 2 us) the measured error is ~5e-14 of the impulse and halving the
 * step moves the result by ~3e-13 (asserted below 1e-11), so 1e-9 relative leaves a wide margin
 * for other compilers and still catches any real error of shape or scaling. Four settings
 * (cadence, contact, mass, foot length; the last clamps the impact to a short contact), three
 * patterns, a right and a left stance. */
START_TEST(impulses_known_answer)
{
    struct {
        double cadence, contact, mass, foot;
    } cases[4] = {{172.0, 0.24, 70.0, 0.26},
                  {160.0, 0.30, 55.0, 0.24},
                  {185.0, 0.20, 90.0, 0.29},
                  {176.0, 0.11, 62.0, 0.25}};
    for (int p = 0; p < 3; p++)
        for (int c = 0; c < 4; c++) {
            gait_sim_settings s = sim_fixture_settings(patterns[p], N_STEPS);
            s.cadence_steps_per_min = cases[c].cadence;
            s.contact_time_s = cases[c].contact;
            s.body_mass_kg = cases[c].mass;
            s.foot_length_m = cases[c].foot;
            sim_model model;
            sim_fixture_model(&model, &s);
            const double expected = weight_n(&model) * 60.0 / cases[c].cadence;
            for (size_t k = 0; k < 2; k++) {
                double fine[6], coarse[6];
                simpson(&model, k, (size_t)1 << 17, fine);
                simpson(&model, k, (size_t)1 << 16, coarse);
                ck_assert_double_le(fabs(fine[2] - coarse[2]), 1e-11 * expected);
                ck_assert_msg(fabs(fine[2] - expected) <= 1e-9 * expected,
                              "pattern %d case %d stance %zu: vertical impulse %.12g N s, "
                              "expected %.12g",
                              p, c, k, fine[2], expected);
                for (int axis = 0; axis < 5; axis++)
                    if (axis != 2)
                        ck_assert_msg(fabs(fine[axis]) <= 1e-9 * expected,
                                      "pattern %d case %d stance %zu: horizontal impulse %d = %g",
                                      p, c, k, axis, fine[axis]);
            }
            sim_model_free(&model);
        }
}
END_TEST

/* Curve features of one stance sampled every dt. */
typedef struct features {
    double peak_bw, peak_s;       /* vertical maximum and where (fraction of stance) */
    int has_impact;               /* a local maximum before the vertical maximum */
    double impact_bw, impact_ms;  /* its value and time from IC */
    double loading_rate_bw_s;     /* 20-80 % of the impact peak */
    double dip_bw;                /* minimum between impact and active peak */
    double braking_bw, braking_s; /* AP minimum (along forward) */
    double propulsive_bw, propulsive_s;
    double ml_max_bw;           /* largest |ML| */
    double free_moment_peak_nm; /* signed value of largest |T| */
} features;

static double crossing(const double *f, size_t n, double level, double dt)
{
    for (size_t i = 1; i < n; i++)
        if (f[i] >= level)
            return dt * ((double)(i - 1) + (level - f[i - 1]) / (f[i] - f[i - 1]));
    return NAN;
}

static features stance_features(const sim_model *model, size_t k)
{
    enum { N = 24000 };
    static double fz[N + 1];
    const sim_stance *s = &model->stances[k];
    const double contact = s->to_s - s->ic_s, dt = contact / N, bw = weight_n(model);
    features out;
    memset(&out, 0, sizeof out);
    out.braking_bw = INFINITY;
    out.propulsive_bw = -INFINITY;
    size_t peak_i = 0;
    for (size_t i = 0; i <= N; i++) {
        double v[6];
        grf_components(model, k, s->ic_s + (double)i * dt, v);
        fz[i] = v[2] / bw;
        if (fz[i] > fz[peak_i])
            peak_i = i;
        if (v[3] / bw < out.braking_bw)
            out.braking_bw = v[3] / bw, out.braking_s = (double)i / N;
        if (v[3] / bw > out.propulsive_bw)
            out.propulsive_bw = v[3] / bw, out.propulsive_s = (double)i / N;
        out.ml_max_bw = fmax(out.ml_max_bw, fabs(v[4]) / bw);
        if (fabs(v[5]) > fabs(out.free_moment_peak_nm))
            out.free_moment_peak_nm = v[5];
    }
    out.peak_bw = fz[peak_i];
    out.peak_s = (double)peak_i / N;
    for (size_t i = 1; i < peak_i; i++)
        if (fz[i] > fz[i - 1] && fz[i] >= fz[i + 1]) {
            out.has_impact = 1;
            out.impact_bw = fz[i];
            out.impact_ms = 1e3 * (double)i * dt;
            out.loading_rate_bw_s =
                0.6 * fz[i] /
                (crossing(fz, i + 1, 0.8 * fz[i], dt) - crossing(fz, i + 1, 0.2 * fz[i], dt));
            out.dip_bw = fz[i];
            for (size_t j = i; j < peak_i; j++)
                out.dip_bw = fmin(out.dip_bw, fz[j]);
            break;
        }
    return out;
}

/* Published magnitudes (grf.c lists the references): vertical active peak 2.3-2.8 BW near
 * mid-stance; rearfoot impact 1.5-2.0 BW at 20-35 ms (10-15 % of stance) with an average loading
 * rate of 70-100 BW/s; midfoot a small transient; forefoot none; braking and propulsive peaks
 * 0.3-0.5 BW; ML <= 0.1 BW; free moment a few N·m. Default-like running: 3.5 m/s, 172 steps/min,
 * contact 0.24 s, 70 kg. */
START_TEST(magnitudes_by_pattern)
{
    for (int p = 0; p < 3; p++) {
        gait_sim_settings s = sim_fixture_settings(patterns[p], N_STEPS);
        sim_model model;
        sim_fixture_model(&model, &s);
        for (size_t k = 0; k < 2; k++) {
            features f = stance_features(&model, k);
            ck_assert_msg(f.peak_bw >= 2.3 && f.peak_bw <= 2.8, "pattern %d: peak %g BW", p,
                          f.peak_bw);
            ck_assert_msg(f.peak_s >= 0.35 && f.peak_s <= 0.55, "pattern %d: peak at %g", p,
                          f.peak_s);
            if (patterns[p] == GAIT_STRIKE_REARFOOT) {
                ck_assert(f.has_impact);
                ck_assert_msg(f.impact_bw >= 1.5 && f.impact_bw <= 2.0, "impact %g BW",
                              f.impact_bw);
                ck_assert_msg(f.impact_ms >= 20.0 && f.impact_ms <= 35.0, "impact at %g ms",
                              f.impact_ms);
                double fraction = f.impact_ms * 1e-3 / s.contact_time_s;
                ck_assert(fraction >= 0.10 && fraction <= 0.15);
                ck_assert_msg(f.loading_rate_bw_s >= 70.0 && f.loading_rate_bw_s <= 100.0,
                              "loading rate %g BW/s", f.loading_rate_bw_s);
                ck_assert(f.dip_bw < f.impact_bw - 0.1);
            } else if (patterns[p] == GAIT_STRIKE_MIDFOOT) {
                /* A small transient: a local maximum under 1 BW (the rearfoot's is 1.5-2 BW). */
                ck_assert(f.has_impact);
                ck_assert_msg(f.impact_bw < 1.0, "midfoot transient %g BW", f.impact_bw);
            } else {
                ck_assert_msg(!f.has_impact, "forefoot transient %g BW", f.impact_bw);
            }
            ck_assert_msg(f.braking_bw <= -0.3 && f.braking_bw >= -0.5, "braking %g BW",
                          f.braking_bw);
            ck_assert(f.braking_s < 0.5);
            ck_assert_msg(f.propulsive_bw >= 0.3 && f.propulsive_bw <= 0.5, "propulsive %g BW",
                          f.propulsive_bw);
            ck_assert(f.propulsive_s > 0.5);
            ck_assert_msg(f.ml_max_bw > 0.0 && f.ml_max_bw <= 0.1, "ML %g BW", f.ml_max_bw);
            /* A few N·m, adduction: + about z on the right foot, - on the left. */
            double tz = f.free_moment_peak_nm;
            ck_assert_msg(fabs(tz) >= 2.0 && fabs(tz) <= 10.0, "free moment %g N m", tz);
            ck_assert(model.stances[k].side == SIM_RIGHT ? tz > 0.0 : tz < 0.0);
        }
        sim_model_free(&model);
    }
}
END_TEST

/* Zero at IC and TO with zero slope: the one-sided difference quotient over delta goes to 0 as
 * delta does (the slowest term is the s^1.5 start, whose quotient falls as delta^0.5). */
START_TEST(smooth_start_and_end)
{
    for (int p = 0; p < 3; p++) {
        gait_sim_settings s = sim_fixture_settings(patterns[p], N_STEPS);
        sim_model model;
        sim_fixture_model(&model, &s);
        const sim_stance *st = &model.stances[0];
        const double bw = weight_n(&model);
        double at_ic[6];
        grf_components(&model, 0, st->ic_s, at_ic);
        for (int c = 0; c < 6; c++)
            ck_assert_double_eq(at_ic[c], 0.0);
        for (int c = 0; c < 6; c++) {
            double scale = c == 5 ? 1.0 : bw; /* BW/s for forces, N·m/s for the free moment */
            double slope[2][2];
            const double deltas[2] = {1e-6, 1e-8};
            for (int d = 0; d < 2; d++) {
                double v[6];
                grf_components(&model, 0, st->ic_s + deltas[d], v);
                slope[0][d] = fabs(v[c]) / deltas[d] / scale;
                grf_components(&model, 0, st->to_s - deltas[d], v);
                slope[1][d] = fabs(v[c]) / deltas[d] / scale;
            }
            for (int end = 0; end < 2; end++) {
                ck_assert_msg(slope[end][0] < 1.0, "pattern %d comp %d end %d slope %g", p, c, end,
                              slope[end][0]);
                ck_assert_msg(slope[end][1] <= 0.2 * slope[end][0] || slope[end][1] < 1e-6,
                              "pattern %d comp %d end %d: slope %g then %g", p, c, end,
                              slope[end][0], slope[end][1]);
            }
        }
        sim_model_free(&model);
    }
}
END_TEST

/* Strike index by pattern (Cavanagh & Lafortune 1980 thirds), and the COP at IC at
 * heel + SI L along the footprint's forward axis (on the lateral side of the foot's axis, 0.05 L,
 * mirrored per side). The rearfoot COP then moves forward monotonically; after a midfoot or
 * forefoot strike it first moves back (the heel comes down) and never behind the midfoot, then
 * forward. All leave at 0.93 L. */
START_TEST(cop_path)
{
    ck_assert_double_eq(sim_strike_index(GAIT_STRIKE_REARFOOT), 0.10);
    ck_assert_double_eq(sim_strike_index(GAIT_STRIKE_MIDFOOT), 0.45);
    ck_assert_double_eq(sim_strike_index(GAIT_STRIKE_FOREFOOT), 0.75);
    ck_assert(sim_strike_index(GAIT_STRIKE_REARFOOT) < 1.0 / 3.0);
    ck_assert(sim_strike_index(GAIT_STRIKE_MIDFOOT) >= 1.0 / 3.0 &&
              sim_strike_index(GAIT_STRIKE_MIDFOOT) <= 2.0 / 3.0);
    ck_assert(sim_strike_index(GAIT_STRIKE_FOREFOOT) > 2.0 / 3.0);
    for (int p = 0; p < 3; p++) {
        gait_sim_settings s = sim_fixture_settings(patterns[p], N_STEPS);
        sim_model model;
        sim_fixture_model(&model, &s);
        const double length = s.foot_length_m, si = sim_strike_index(patterns[p]);
        for (size_t k = 0; k < model.n_stances; k++) {
            const sim_stance *st = &model.stances[k];
            gait_vec3 f, cop;
            double tz;
            sim_grf(&model, k, st->ic_s, &f, &cop, &tz);
            gait_vec3 d = gait_vec3_sub(cop, st->heel_m);
            ck_assert_double_eq_tol(gait_vec3_dot(d, st->forward), si * length, 1e-12);
            double lateral = st->side == SIM_RIGHT ? -1.0 : 1.0; /* lateral along +left */
            ck_assert_double_eq_tol(gait_vec3_dot(d, st->left), lateral * 0.05 * length, 1e-12);
            ck_assert_double_eq(cop.z, 0.0);
            double previous = -INFINITY, lowest = INFINITY;
            int backward = 0;
            const int n = 2400;
            for (int i = 0; i < n; i++) {
                double t = st->ic_s + (st->to_s - st->ic_s) * (double)i / n;
                sim_grf(&model, k, t, &f, &cop, &tz);
                double along = gait_vec3_dot(gait_vec3_sub(cop, st->heel_m), st->forward) / length;
                lowest = fmin(lowest, along);
                if (along < previous) {
                    /* Only early, and never again once the COP is moving forward. */
                    ck_assert(patterns[p] != GAIT_STRIKE_REARFOOT);
                    ck_assert_int_eq(backward, i - 1);
                    backward = i;
                }
                previous = along;
            }
            ck_assert(backward < n / 3);
            ck_assert(lowest >= (patterns[p] == GAIT_STRIKE_REARFOOT ? si : fmin(si, 0.5)) - 1e-12);
            /* Just before TO: within (0.9, 0.95) L, tending to 0.93 L. */
            sim_grf(&model, k, st->to_s - 1e-9, &f, &cop, &tz);
            double along = gait_vec3_dot(gait_vec3_sub(cop, st->heel_m), st->forward);
            ck_assert_double_eq_tol(along, 0.93 * length, 1e-8);
        }
        sim_model_free(&model);
    }
}
END_TEST

static void assert_no_ground_reaction(const sim_model *model, size_t k, double t)
{
    gait_vec3 f, cop;
    double tz = 1.0;
    sim_grf(model, k, t, &f, &cop, &tz);
    ck_assert_msg(f.x == 0.0 && f.y == 0.0 && f.z == 0.0, "stance %zu t %.9f: force", k, t);
    ck_assert_msg(isnan(cop.x) && isnan(cop.y) && isnan(cop.z), "stance %zu t %.9f: COP", k, t);
    ck_assert_double_eq(tz, 0.0);
}

START_TEST(nothing_outside_stance)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model model;
    sim_fixture_model(&model, &s);
    for (size_t k = 0; k < model.n_stances; k++) {
        const sim_stance *st = &model.stances[k];
        const double times[6] = {0.0,      st->ic_s - 0.05, nextafter(st->ic_s, -INFINITY),
                                 st->to_s, st->to_s + 0.01, model.duration_s};
        for (int i = 0; i < 6; i++)
            assert_no_ground_reaction(&model, k, times[i]);
        /* Inside the stance, there is a COP (the force is zero only at IC itself). */
        gait_vec3 f, cop;
        double tz;
        sim_grf(&model, k, 0.5 * (st->ic_s + st->to_s), &f, &cop, &tz);
        ck_assert(isfinite(cop.x) && f.z > 0.0);
        /* Another stance's time belongs to this stance's flight or swing. */
        if (k + 1 < model.n_stances)
            assert_no_ground_reaction(&model, k, model.stances[k + 1].ic_s + 0.01);
    }
    /* A stance index past the end. */
    assert_no_ground_reaction(&model, model.n_stances, model.stances[0].ic_s + 0.1);
    sim_model_free(&model);
}
END_TEST

/* Right and left stances are mirror images in their own footprint axes: the same vertical and
 * forward force, opposite left force, free moment and COP offset. */
START_TEST(sides_mirror)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model model;
    sim_fixture_model(&model, &s);
    const sim_stance *r = &model.stances[0], *l = &model.stances[1];
    ck_assert_int_eq(r->side, SIM_RIGHT);
    ck_assert_int_eq(l->side, SIM_LEFT);
    for (int i = 0; i < 100; i++) {
        double u = 0.24 * (double)i / 100.0;
        double vr[6], vl[6];
        grf_components(&model, 0, r->ic_s + u, vr);
        grf_components(&model, 1, l->ic_s + u, vl);
        const double tol = 1e-9 * weight_n(&model);
        ck_assert_double_eq_tol(vr[2], vl[2], tol);
        ck_assert_double_eq_tol(vr[3], vl[3], tol);
        ck_assert_double_eq_tol(vr[4], -vl[4], tol);
        ck_assert_double_eq_tol(vr[5], -vl[5], 1e-9);
        gait_vec3 f, cop_r, cop_l;
        double tz;
        sim_grf(&model, 0, r->ic_s + u, &f, &cop_r, &tz);
        sim_grf(&model, 1, l->ic_s + u, &f, &cop_l, &tz);
        gait_vec3 dr = gait_vec3_sub(cop_r, r->heel_m), dl = gait_vec3_sub(cop_l, l->heel_m);
        ck_assert_double_eq_tol(gait_vec3_dot(dr, r->forward), gait_vec3_dot(dl, l->forward), 1e-9);
        ck_assert_double_eq_tol(gait_vec3_dot(dr, r->left), -gait_vec3_dot(dl, l->left), 1e-9);
    }
    sim_model_free(&model);
}
END_TEST

/* de Leva (1996), male foot: mass 1.37 % of body mass, centre of mass 44.15 % of the foot length
 * from the heel toward the toe tip, radii of gyration 12.4 % (long axis), 25.7 % (medio-lateral),
 * 24.5 % (vertical) of foot length; placed at half the ankle height above the sole. */
START_TEST(de_leva_foot)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model model;
    sim_fixture_model(&model, &s);
    sim_segment_inertia in;
    sim_foot_inertia(&model, &in);
    /* 70 kg, 0.26 m: hand-computed numbers. */
    ck_assert_double_eq_tol(in.mass_kg, 0.959, 1e-12);
    const double l = 0.26, h = model.foot.ankle_height_m;
    ck_assert_double_eq_tol(in.com_m.x, model.foot.heel_m.x + 0.4415 * l, 1e-12);
    ck_assert_double_eq_tol(in.com_m.x, -0.19 * l + 0.4415 * l, 1e-12); /* model.c's ankle */
    ck_assert_double_eq(in.com_m.y, 0.0);
    ck_assert_double_eq_tol(in.com_m.z, -0.5 * h, 1e-12);
    ck_assert_double_eq_tol(in.inertia_kgm2[0], 0.959 * 0.124 * 0.124 * l * l, 1e-15);
    ck_assert_double_eq_tol(in.inertia_kgm2[4], 0.959 * 0.257 * 0.257 * l * l, 1e-15);
    ck_assert_double_eq_tol(in.inertia_kgm2[8], 0.959 * 0.245 * 0.245 * l * l, 1e-15);
    ck_assert_double_eq_tol(in.inertia_kgm2[4], 0.004281851, 1e-9); /* 0.959 (0.257 x 0.26)^2 */
    for (int i = 0; i < 9; i++)
        if (i % 4 != 0)
            ck_assert_double_eq(in.inertia_kgm2[i], 0.0);
    sim_model_free(&model);
    /* Scales with body mass and foot length. */
    s.body_mass_kg = 90.0;
    s.foot_length_m = 0.30;
    sim_fixture_model(&model, &s);
    sim_foot_inertia(&model, &in);
    ck_assert_double_eq_tol(in.mass_kg, 0.0137 * 90.0, 1e-12);
    ck_assert_double_eq_tol(in.inertia_kgm2[8], 0.0137 * 90.0 * pow(0.245 * 0.30, 2), 1e-15);
    sim_model_free(&model);
}
END_TEST

/* The de Leva inertia of the fixture's foot and, unless ankle_height_m is NULL, its ankle height:
 * all the Newton–Euler checks on hand-built frames take from a model (neither depends on the
 * strike pattern). */
static sim_segment_inertia fixture_foot(double *ankle_height_m)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model model;
    sim_fixture_model(&model, &s);
    sim_segment_inertia in;
    sim_foot_inertia(&model, &in);
    if (ankle_height_m != NULL)
        *ankle_height_m = model.foot.ankle_height_m;
    sim_model_free(&model);
    return in;
}

static sim_frame frame_at_rest(const double rotation[9], gait_vec3 origin)
{
    sim_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.rotation, rotation, sizeof f.rotation);
    f.origin_m = origin;
    return f;
}

static const double identity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};

/* Rotation about a unit axis by angle (Rodrigues), row-major. */
static void axis_angle(gait_vec3 axis, double angle, double r[9])
{
    double c = cos(angle), s = sin(angle), v = 1.0 - c;
    double x = axis.x, y = axis.y, z = axis.z;
    double m[9] = {c + x * x * v,     x * y * v - z * s, x * z * v + y * s,
                   y * x * v + z * s, c + y * y * v,     y * z * v - x * s,
                   z * x * v - y * s, z * y * v + x * s, c + z * z * v};
    memcpy(r, m, sizeof m);
}

/* A foot at rest on the ground: the moments about the ankle joint centre o balance,
 *   M + (p - o) x F + T z + (c - o) x (-m g z) = 0,
 * so, component by component with d = p - o and e = c - o (e = R com, written out here),
 *   Mx = -(dy Fz - dz Fy) + m g ey,   My = -(dz Fx - dx Fz) - m g ex,   Mz = -(dx Fy - dy Fx) - T,
 * and the joint force is Fj = -F + m g z. */
static void check_static(const double rotation[9])
{
    sim_segment_inertia in = fixture_foot(NULL);
    const gait_vec3 o = gait_vec3_make(1.3, -0.04, 0.0702);
    const sim_frame foot = frame_at_rest(rotation, o);
    const gait_vec3 force = gait_vec3_make(-150.0, 40.0, 1600.0);
    const gait_vec3 p = gait_vec3_make(1.42, -0.052, 0.0);
    const double tz = 4.5, m = in.mass_kg;
    const double *r = rotation;
    const double ex = r[0] * in.com_m.x + r[1] * in.com_m.y + r[2] * in.com_m.z;
    const double ey = r[3] * in.com_m.x + r[4] * in.com_m.y + r[5] * in.com_m.z;
    const double dx = p.x - o.x, dy = p.y - o.y, dz = p.z - o.z;
    const double mx = -(dy * force.z - dz * force.y) + m * G * ey;
    const double my = -(dz * force.x - dx * force.z) - m * G * ex;
    const double mz = -(dx * force.y - dy * force.x) - tz;
    gait_vec3 moment, joint;
    sim_newton_euler(&in, &foot, force, p, tz, &moment, &joint);
    const double tol = 1e-12 * 200.0; /* 1e-12 of the moment's size (~200 N·m) */
    ck_assert_double_eq_tol(moment.x, mx, tol);
    ck_assert_double_eq_tol(moment.y, my, tol);
    ck_assert_double_eq_tol(moment.z, mz, tol);
    ck_assert_double_eq_tol(joint.x, -force.x, 1e-12 * 1600.0);
    ck_assert_double_eq_tol(joint.y, -force.y, 1e-12 * 1600.0);
    ck_assert_double_eq_tol(joint.z, -force.z + m * G, 1e-12 * 1600.0);
    /* NULL joint force is allowed. */
    gait_vec3 again;
    sim_newton_euler(&in, &foot, force, p, tz, &again, NULL);
    ck_assert(again.x == moment.x && again.y == moment.y && again.z == moment.z);
}

START_TEST(static_foot_closed_form)
{
    check_static(identity);
    double tilted[9];
    axis_angle(gait_vec3_make(0.6, -0.48, 0.64), 0.35, tilted);
    check_static(tilted);
}
END_TEST

/* The inversion sign: a right foot flat at rest, the COP 10 mm lateral of the ankle (-y, the
 * right foot's outside) under an upward 1000 N. The ground pushes the lateral edge up (it would
 * evert the foot), so the internal moment is an inversion moment: +x of the right foot, exactly
 * 0.010 x 1000 = 10 N·m (the weight acts on the foot's long axis, y = 0, and adds no x moment).
 * The left foot's frame also has y to the left, so its lateral side is +y and its inversion is -x:
 * the mirrored COP gives Mx = -10 N·m, and the inversion moment reported for the left is -Mx. */
START_TEST(inversion_sign)
{
    double h;
    sim_segment_inertia in = fixture_foot(&h);
    const gait_vec3 o = gait_vec3_make(0.5, 0.0, h);
    const sim_frame foot = frame_at_rest(identity, o);
    const gait_vec3 up = gait_vec3_make(0.0, 0.0, 1000.0);
    gait_vec3 moment;
    sim_newton_euler(&in, &foot, up, gait_vec3_make(0.55, -0.010, 0.0), 0.0, &moment, NULL);
    ck_assert_double_eq_tol(moment.x, 10.0, 1e-12);
    ck_assert(moment.x > 0.0); /* right: inversion */
    sim_newton_euler(&in, &foot, up, gait_vec3_make(0.55, 0.010, 0.0), 0.0, &moment, NULL);
    ck_assert_double_eq_tol(moment.x, -10.0, 1e-12);
    ck_assert(-moment.x > 0.0); /* left: inversion is -x */
    /* The COP ahead of the ankle gives a plantarflexor moment: +y (toes down) on both sides. */
    ck_assert_double_eq_tol(moment.y, 0.05 * 1000.0 - in.mass_kg * G * in.com_m.x, 1e-12);
    ck_assert(moment.y > 0.0);
}
END_TEST

/* tensor_times and rotated are written out here on purpose rather than taken from core/mat3.h,
 * which dynamics.c computes with: they are the independent formulation the Newton–Euler checks
 * compare against (rotated as one quadruple sum, not dynamics.c's two products). */
static gait_vec3 tensor_times(const double a[9], gait_vec3 v)
{
    return gait_vec3_make(a[0] * v.x + a[1] * v.y + a[2] * v.z,
                          a[3] * v.x + a[4] * v.y + a[5] * v.z,
                          a[6] * v.x + a[7] * v.y + a[8] * v.z);
}

/* R A R^T */
static void rotated(const double r[9], const double a[9], double out[9])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double sum = 0.0;
            for (int k = 0; k < 3; k++)
                for (int l = 0; l < 3; l++)
                    sum += r[3 * i + k] * a[3 * k + l] * r[3 * j + l];
            out[3 * i + j] = sum;
        }
}

/* A rotating, accelerating foot: the moment equals the one from a second formulation that never
 * forms the joint force, the rigid-body equation about the body-fixed ankle point o,
 *   sum of moments about o = I_o alpha + omega x (I_o omega) + m r x a_o,   r = c - o,
 *   I_o = I_c + m (|r|^2 E - r r^T)   (parallel axes),
 * with the moments about o being M + (p - o) x F + T z + r x (m g). */
START_TEST(dynamic_about_ankle)
{
    sim_segment_inertia in = fixture_foot(NULL);
    /* Inertia with off-diagonal terms too: the formulation must not rely on a diagonal tensor. */
    double offset[9];
    axis_angle(gait_vec3_make(0.0, 0.6, 0.8), 0.4, offset);
    double tensor[9];
    rotated(offset, in.inertia_kgm2, tensor);
    memcpy(in.inertia_kgm2, tensor, sizeof tensor);

    sim_frame foot;
    memset(&foot, 0, sizeof foot);
    axis_angle(gait_vec3_make(0.36, 0.48, 0.8), -0.7, foot.rotation);
    foot.origin_m = gait_vec3_make(2.1, 0.05, 0.12);
    foot.velocity_mps = gait_vec3_make(3.0, -0.2, 0.6);
    foot.acceleration_mps2 = gait_vec3_make(-40.0, 12.0, 85.0);
    foot.omega_rad_s = gait_vec3_make(3.5, -12.0, 6.0);
    foot.alpha_rad_s2 = gait_vec3_make(-150.0, 420.0, 90.0);
    const gait_vec3 force = gait_vec3_make(-310.0, 55.0, 1450.0);
    const gait_vec3 p = gait_vec3_make(2.22, 0.041, 0.0);
    const double tz = -3.2, m = in.mass_kg;

    gait_vec3 moment, joint;
    sim_newton_euler(&in, &foot, force, p, tz, &moment, &joint);

    const double *r9 = foot.rotation;
    gait_vec3 r = tensor_times(r9, in.com_m);
    double ic[9], io[9];
    rotated(r9, in.inertia_kgm2, ic);
    const double rr = gait_vec3_dot(r, r), rv[3] = {r.x, r.y, r.z};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            io[3 * i + j] = ic[3 * i + j] + m * ((i == j ? rr : 0.0) - rv[i] * rv[j]);
    const gait_vec3 w = foot.omega_rad_s, a = foot.alpha_rad_s2, ao = foot.acceleration_mps2;
    gait_vec3 rate =
        gait_vec3_add(gait_vec3_add(tensor_times(io, a), gait_vec3_cross(w, tensor_times(io, w))),
                      gait_vec3_scale(gait_vec3_cross(r, ao), m));
    const gait_vec3 weight = gait_vec3_make(0.0, 0.0, -m * G);
    gait_vec3 expected =
        gait_vec3_sub(gait_vec3_sub(rate, gait_vec3_cross(gait_vec3_sub(p, foot.origin_m), force)),
                      gait_vec3_cross(r, weight));
    expected.z -= tz;
    const double scale = gait_vec3_norm(expected);
    ck_assert_double_eq_tol(moment.x, expected.x, 1e-12 * scale);
    ck_assert_double_eq_tol(moment.y, expected.y, 1e-12 * scale);
    ck_assert_double_eq_tol(moment.z, expected.z, 1e-12 * scale);
    /* Joint force: m a_c = F + Fj + m g, with a_c = a_o + alpha x r + omega x (omega x r). */
    gait_vec3 ac = gait_vec3_add(
        ao, gait_vec3_add(gait_vec3_cross(a, r), gait_vec3_cross(w, gait_vec3_cross(w, r))));
    gait_vec3 fj = gait_vec3_sub(gait_vec3_sub(gait_vec3_scale(ac, m), force), weight);
    ck_assert_double_eq_tol(joint.x, fj.x, 1e-12 * 1500.0);
    ck_assert_double_eq_tol(joint.y, fj.y, 1e-12 * 1500.0);
    ck_assert_double_eq_tol(joint.z, fj.z, 1e-12 * 1500.0);
}
END_TEST

/* A prescribed trajectory R(t) = Rz(phi(t)) Ry(theta(t)) R0, o(t) polynomial, with its analytic
 * angular velocity and acceleration:
 *   omega = phi' z + theta' Rz y,   alpha = phi'' z + theta'' Rz y + phi' z x (theta' Rz y). */
typedef struct trajectory {
    double r[9];
    gait_vec3 origin, acceleration, omega, alpha;
} trajectory;

static trajectory trajectory_at(double t)
{
    /* Swing-like rates: tens of rad/s, hundreds of rad/s^2. */
    const double phi = 0.3 + 8.0 * t + 150.0 * t * t, dphi = 8.0 + 300.0 * t, ddphi = 300.0;
    const double theta = -0.2 + 20.0 * t - 400.0 * t * t, dtheta = 20.0 - 800.0 * t,
                 ddtheta = -800.0;
    double rz[9], ry[9], r0[9];
    axis_angle(gait_vec3_make(0, 0, 1), phi, rz);
    axis_angle(gait_vec3_make(0, 1, 0), theta, ry);
    axis_angle(gait_vec3_make(0.8, 0.0, 0.6), 0.25, r0);
    /* Building the input pose with core/mat3.h is safe: a wrong product would break the match
     * between R(t) and the analytic omega and alpha, not hide an error. */
    trajectory out;
    gait_mat3_mul(rz, ry, out.r);
    gait_mat3_mul(out.r, r0, out.r);
    const gait_vec3 z = gait_vec3_make(0, 0, 1);
    const gait_vec3 y_rot = gait_mat3_column(rz, 1); /* Rz y */
    out.omega = gait_vec3_add(gait_vec3_scale(z, dphi), gait_vec3_scale(y_rot, dtheta));
    out.alpha =
        gait_vec3_add(gait_vec3_add(gait_vec3_scale(z, ddphi), gait_vec3_scale(y_rot, ddtheta)),
                      gait_vec3_cross(gait_vec3_scale(z, dphi), gait_vec3_scale(y_rot, dtheta)));
    out.origin = gait_vec3_make(3.5 * t, 0.1 * t * t, 0.07 + 20.0 * t * t - 900.0 * t * t * t);
    out.acceleration = gait_vec3_make(0.0, 0.2, 40.0 - 5400.0 * t);
    return out;
}

/* Newton–Euler against the numerical time derivative of the angular momentum about the centre of
 * mass, H_c(t) = R I R^T omega, and the numerical second derivative of the centre of mass
 * position c(t) = o(t) + R(t) com: M = dH_c/dt - (p - c) x F - T z - (o - c) x (m a_c - F - m g).
 * Central differences with h = 1e-5 s: truncation ~ (omega h)^2 / 6 (~1e-8 relative at the
 * ~30 rad/s here) and rounding ~ 1e-16 |c| / h^2 (~1e-8 of a_c), so 1e-6 of the moment's size.
 * Checked in swing (no contact: the inertial terms are a large part of the moment) and in stance
 * (with a ground reaction). This checks the Euler terms (I alpha + omega x I omega with the rotated
 * tensor) and the centre-of-mass acceleration without restating them. */
START_TEST(dynamic_against_finite_differences)
{
    sim_segment_inertia in = fixture_foot(NULL);
    const double t0 = 0.013, h = 1e-5, m = in.mass_kg;
    trajectory now = trajectory_at(t0);
    sim_frame foot;
    memset(&foot, 0, sizeof foot);
    memcpy(foot.rotation, now.r, sizeof now.r);
    foot.origin_m = now.origin;
    foot.acceleration_mps2 = now.acceleration;
    foot.omega_rad_s = now.omega;
    foot.alpha_rad_s2 = now.alpha;

    gait_vec3 momentum[2], com[3];
    const double times[3] = {t0 - h, t0, t0 + h};
    for (int i = 0; i < 3; i++) {
        trajectory tr = trajectory_at(times[i]);
        com[i] = gait_vec3_add(tr.origin, tensor_times(tr.r, in.com_m));
        if (i != 1) {
            double ilab[9];
            rotated(tr.r, in.inertia_kgm2, ilab);
            momentum[i / 2] = tensor_times(ilab, tr.omega);
        }
    }
    gait_vec3 dh = gait_vec3_scale(gait_vec3_sub(momentum[1], momentum[0]), 0.5 / h);
    gait_vec3 ac = gait_vec3_scale(
        gait_vec3_add(gait_vec3_sub(com[2], gait_vec3_scale(com[1], 2.0)), com[0]), 1.0 / (h * h));
    const gait_vec3 c = com[1];

    for (int contact = 0; contact < 2; contact++) {
        const gait_vec3 force =
            contact ? gait_vec3_make(120.0, -35.0, 1300.0) : gait_vec3_make(0.0, 0.0, 0.0);
        const double tz = contact ? 2.5 : 0.0;
        const gait_vec3 p = contact ? gait_vec3_add(now.origin, gait_vec3_make(0.09, -0.012, -0.07))
                                    : gait_vec3_make(NAN, NAN, NAN);
        gait_vec3 moment;
        sim_newton_euler(&in, &foot, force, p, tz, &moment, NULL);
        gait_vec3 fj = gait_vec3_sub(gait_vec3_sub(gait_vec3_scale(ac, m), force),
                                     gait_vec3_make(0.0, 0.0, -m * G));
        gait_vec3 expected = gait_vec3_sub(dh, gait_vec3_cross(gait_vec3_sub(now.origin, c), fj));
        if (contact)
            expected = gait_vec3_sub(expected, gait_vec3_cross(gait_vec3_sub(p, c), force));
        expected.z -= tz;
        const double scale = gait_vec3_norm(expected);
        ck_assert_double_eq_tol(moment.x, expected.x, 1e-6 * scale);
        ck_assert_double_eq_tol(moment.y, expected.y, 1e-6 * scale);
        ck_assert_double_eq_tol(moment.z, expected.z, 1e-6 * scale);
        /* The rate of angular momentum is far above the tolerance: it is really checked. */
        ck_assert_double_gt(gait_vec3_norm(dh), 1e3 * 1e-6 * scale);
    }
}
END_TEST

/* No contact (NaN COP) leaves only the foot's own dynamics and weight. */
START_TEST(swing_has_no_ground_reaction)
{
    sim_segment_inertia in = fixture_foot(NULL);
    const sim_frame foot = frame_at_rest(identity, gait_vec3_make(0.0, 0.0, 0.3));
    gait_vec3 moment, joint;
    sim_newton_euler(&in, &foot, gait_vec3_make(0, 0, 0), gait_vec3_make(NAN, NAN, NAN), 0.0,
                     &moment, &joint);
    /* Hanging at rest: the shank holds the weight, Fj = m g up, M = -(c - o) x (m g). */
    const double mg = in.mass_kg * G;
    ck_assert_double_eq_tol(joint.z, mg, 1e-12);
    ck_assert_double_eq_tol(moment.x, 0.0, 1e-12);
    ck_assert_double_eq_tol(moment.y, -mg * in.com_m.x, 1e-12);
    ck_assert_double_eq_tol(moment.z, 0.0, 1e-12);
}
END_TEST

/* The simulated stance under a flat foot at rest over its footprint (ankle above the foot's long
 * axis at model.c's proportions): the internal ankle inversion moment peaks at a few tenths of
 * N·m/kg for every pattern, identically on both sides once mirrored, and the plantarflexor moment
 * is in the running range (peak 2-4 N·m/kg). Realistic ranges, not exact answers. */
START_TEST(flat_foot_moments)
{
    for (int p = 0; p < 3; p++) {
        gait_sim_settings s = sim_fixture_settings(patterns[p], N_STEPS);
        sim_model model;
        sim_fixture_model(&model, &s);
        sim_segment_inertia in;
        sim_foot_inertia(&model, &in);
        double peak_inversion[2] = {-INFINITY, -INFINITY}, peak_plantar = -INFINITY;
        for (size_t k = 0; k < 2; k++) {
            const sim_stance *st = &model.stances[k];
            double r[9] = {st->forward.x, st->left.x, 0.0, st->forward.y, st->left.y, 0.0,
                           0.0,           0.0,        1.0};
            /* The heel's sole point (foot frame) sits on the footprint's heel point. */
            gait_vec3 heel = tensor_times(r, model.foot.heel_m);
            sim_frame foot = frame_at_rest(r, gait_vec3_sub(st->heel_m, heel));
            const double mirror = st->side == SIM_RIGHT ? 1.0 : -1.0;
            for (int i = 0; i < 2400; i++) {
                double t = st->ic_s + (st->to_s - st->ic_s) * (double)i / 2400.0;
                gait_vec3 f, cop, moment;
                double tz;
                sim_grf(&model, k, t, &f, &cop, &tz);
                sim_newton_euler(&in, &foot, f, cop, tz, &moment, NULL);
                double mx = gait_vec3_dot(moment, st->forward),
                       my = gait_vec3_dot(moment, st->left);
                peak_inversion[k] = fmax(peak_inversion[k], mirror * mx / s.body_mass_kg);
                peak_plantar = fmax(peak_plantar, my / s.body_mass_kg);
            }
        }
        ck_assert_msg(peak_inversion[0] >= 0.2 && peak_inversion[0] <= 0.4,
                      "pattern %d: inversion %g N m/kg", p, peak_inversion[0]);
        ck_assert_double_eq_tol(peak_inversion[0], peak_inversion[1], 1e-9);
        ck_assert_msg(peak_plantar >= 2.0 && peak_plantar <= 4.0, "pattern %d: plantar %g N m/kg",
                      p, peak_plantar);
        sim_model_free(&model);
    }
}
END_TEST

/* sim_ankle_moment is exactly its parts: the side's foot frame, de Leva inertia, the stance's
 * GRF and the Newton–Euler above (whatever motion.c's frames are). */
START_TEST(ankle_moment_glue)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_MIDFOOT, N_STEPS);
    sim_model model;
    sim_fixture_model(&model, &s);
    sim_segment_inertia in;
    sim_foot_inertia(&model, &in);
    for (size_t k = 0; k < 2; k++) {
        const sim_stance *st = &model.stances[k];
        const double times[4] = {st->ic_s, st->ic_s + 0.05, st->ic_s + 0.13, st->to_s + 0.02};
        for (int i = 0; i < 4; i++) {
            gait_vec3 moment, joint, f, cop, expected, expected_joint;
            double tz;
            sim_ankle_moment(&model, k, times[i], &moment, &joint);
            sim_frame foot;
            sim_foot_frame(&model, st->side, times[i], &foot);
            sim_grf(&model, k, times[i], &f, &cop, &tz);
            sim_newton_euler(&in, &foot, f, cop, tz, &expected, &expected_joint);
            ck_assert(memcmp(&moment, &expected, sizeof moment) == 0);
            ck_assert(memcmp(&joint, &expected_joint, sizeof joint) == 0);
            sim_ankle_moment(&model, k, times[i], &moment, NULL);
            ck_assert(memcmp(&moment, &expected, sizeof moment) == 0);
        }
    }
    gait_vec3 moment, joint;
    sim_ankle_moment(&model, model.n_stances, 0.5, &moment, &joint);
    ck_assert(isnan(moment.x) && isnan(joint.x));
    sim_model_free(&model);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("sim_kinetics");
    TCase *grf = tcase_create("grf");
    tcase_add_test(grf, impulses_known_answer);
    tcase_add_test(grf, magnitudes_by_pattern);
    tcase_add_test(grf, smooth_start_and_end);
    tcase_add_test(grf, cop_path);
    tcase_add_test(grf, nothing_outside_stance);
    tcase_add_test(grf, sides_mirror);
    suite_add_tcase(suite, grf);
    TCase *dyn = tcase_create("dynamics");
    tcase_add_test(dyn, de_leva_foot);
    tcase_add_test(dyn, static_foot_closed_form);
    tcase_add_test(dyn, inversion_sign);
    tcase_add_test(dyn, dynamic_about_ankle);
    tcase_add_test(dyn, dynamic_against_finite_differences);
    tcase_add_test(dyn, swing_has_no_ground_reaction);
    tcase_add_test(dyn, flat_foot_moments);
    tcase_add_test(dyn, ankle_moment_glue);
    suite_add_tcase(suite, dyn);
    return suite;
}
