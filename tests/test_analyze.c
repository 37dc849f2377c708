/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_analyze_c3d / gait_analyze_mot against known answers:
 * - the simulator (overground and treadmill, rearfoot, midfoot and forefoot, noise-free and with
 *   its default noise): IC/TO, sides, strike index and pattern, cadence, force markers;
 * - synthetic C3D files built here: one foot across two plates, a foot at a plate's edge, errors;
 * - ../shared/data: JA1Gait35.c3d against its Vicon events, grf_run.mot against an independent
 *   numpy computation (tests/ref/make_stance_refs.py), Vicon_analysis.c3d against its ANALYSIS
 *   cadence. Figures are printed to stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gait/gait.h>

#include "check_runner.h"
#include "markers/marker_table.h"
#include "markers/markers.h"

#define SIM_FOOT_LENGTH_M 0.26
#define SIM_PLATE_RATE_HZ 1000.0

static const char *const pattern_names[3] = {"rearfoot", "midfoot", "forefoot"};

/* ---- the simulator ---- */

typedef struct sim_case {
    gait_sim_mode mode;
    gait_strike_pattern pattern;
    int noisy;
} sim_case;

static gait_sim *run_sim(const sim_case *c, gait_sim_settings *out)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.mode = c->mode;
    s.strike = c->pattern;
    if (c->mode == GAIT_SIM_TREADMILL)
        s.n_steps = 12;
    if (!c->noisy) {
        s.marker_noise_m = 0.0;
        s.force_noise_n = 0.0;
    }
    gait_sim *sim = NULL;
    test_assert_ok(gait_sim_run(&s, &sim), "gait_sim_run");
    if (out != NULL)
        *out = s;
    return sim;
}

static gait_trial *analyze_sim(const gait_sim *sim, double foot_length_m)
{
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.foot_length_m = foot_length_m;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(gait_sim_c3d(sim), &settings, &trial), "gait_analyze_c3d");
    ck_assert_ptr_nonnull(trial);
    return trial;
}

/* Our step whose IC lies within 50 ms of t, or -1. */
static long step_near(const gait_trial *trial, double t)
{
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        test_assert_ok(gait_trial_get_step(trial, i, &s), "gait_trial_get_step");
        if (fabs(s.ic_s - t) < 0.05)
            return (long)i;
    }
    return -1;
}

static void check_sim_case(const sim_case *c)
{
    gait_sim_settings settings;
    gait_sim *sim = run_sim(c, &settings);
    gait_trial *trial = analyze_sim(sim, SIM_FOOT_LENGTH_M);
    const double sample = 1.0 / SIM_PLATE_RATE_HZ;
    char name[96];
    snprintf(name, sizeof name, "%s %s %s",
             c->mode == GAIT_SIM_TREADMILL ? "treadmill" : "overground", pattern_names[c->pattern],
             c->noisy ? "noisy" : "noise-free");

    double worst_ic = 0.0, worst_to = 0.0, worst_si = 0.0, worst_fsa = 0.0;
    double si_sum[2] = {0, 0};
    int si_count[2] = {0, 0};
    size_t on_plates = 0;
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        test_assert_ok(gait_sim_get_step(sim, k, &truth), "gait_sim_get_step");
        long i = step_near(trial, truth.ic_s);
        if (truth.plate < 0) {
            /* A step that misses the plates: absent (no pelvis markers for marker events). */
            if (i >= 0) {
                gait_step s;
                gait_trial_get_step(trial, (size_t)i, &s);
                ck_assert_msg(!s.from_plate, "%s: step %zu missed the plates but has plate events",
                              name, k);
            }
            continue;
        }
        on_plates++;
        ck_assert_msg(i >= 0, "%s: step %zu (IC %.4f s) not found", name, k, truth.ic_s);
        gait_step s;
        test_assert_ok(gait_trial_get_step(trial, (size_t)i, &s), "gait_trial_get_step");
        ck_assert_msg(s.from_plate && s.complete, "%s: step %zu not a complete plate step", name,
                      k);
        ck_assert_msg(s.side == truth.side, "%s: step %zu side %d, truth %d", name, k, s.side,
                      truth.side);
        double e_ic = s.ic_s - truth.ic_s, e_to = s.to_s - truth.to_s;
        worst_ic = fmax(worst_ic, fabs(e_ic));
        worst_to = fmax(worst_to, fabs(e_to));
        if (!c->noisy) {
            /* IC is the first loaded sample, TO the first unloaded one: at most one sample late. */
            ck_assert_msg(e_ic >= -1e-9 && e_ic <= sample + 1e-9, "%s: step %zu IC error %.3g s",
                          name, k, e_ic);
            ck_assert_msg(e_to >= -1e-9 && e_to <= sample + 1e-9, "%s: step %zu TO error %.3g s",
                          name, k, e_to);
        } else {
            ck_assert_msg(fabs(e_ic) <= 0.003, "%s: step %zu IC error %.3g s", name, k, e_ic);
            ck_assert_msg(fabs(e_to) <= 0.010, "%s: step %zu TO error %.3g s", name, k, e_to);
        }
        double e_si = s.strike_index - truth.strike_index;
        worst_si = fmax(worst_si, fabs(e_si));
        si_sum[s.side] += e_si;
        si_count[s.side]++;
        /* Noisy: the COP of the first milliseconds is noisy (force noise x lever / force), so
         * single steps stray further; their mean per side is held to 0.02 below. */
        ck_assert_msg(fabs(e_si) <= (c->noisy ? 0.05 : 0.02),
                      "%s: step %zu strike index %.4f, truth %.4f", name, k, s.strike_index,
                      truth.strike_index);
        ck_assert_msg(s.strike_pattern == (int)truth.pattern, "%s: step %zu pattern %d, truth %d",
                      name, k, s.strike_pattern, (int)truth.pattern);
        double e_fsa = s.foot_strike_angle_deg - truth.foot_strike_angle_deg;
        worst_fsa = fmax(worst_fsa, fabs(e_fsa));
        ck_assert_msg(fabs(e_fsa) <= (c->noisy ? 2.0 : 1.0), "%s: step %zu FSA %.2f, truth %.2f",
                      name, k, s.foot_strike_angle_deg, truth.foot_strike_angle_deg);
        ck_assert_msg(fabs(s.peak_vgrf_bw - truth.peak_vertical_grf_bw) <= 0.01,
                      "%s: step %zu peak %.3f BW, truth %.3f", name, k, s.peak_vgrf_bw,
                      truth.peak_vertical_grf_bw);
        /* Braking/propulsive impulses of the simulator's AP lobes (src/sim/grf.c): along x,
         * -(0.40 cos 6 deg + 0.06 sin 6 deg) BW x contact x the integral of one lobe,
         * 2 / (3 pi) / (4 / (3 sqrt 3)). */
        double lobe = 2.0 / (3.0 * M_PI) / (4.0 / (3.0 * sqrt(3.0)));
        double toe_out = 6.0 * M_PI / 180.0;
        double impulse =
            (0.40 * cos(toe_out) + 0.06 * sin(toe_out)) * settings.contact_time_s * lobe;
        ck_assert_msg(fabs(s.braking_impulse_bw_s + impulse) <= 0.02 * impulse,
                      "%s: braking %.5f, expected %.5f", name, s.braking_impulse_bw_s, -impulse);
        ck_assert_msg(fabs(s.propulsive_impulse_bw_s - impulse) <= 0.02 * impulse,
                      "%s: propulsive %.5f, expected %.5f", name, s.propulsive_impulse_bw_s,
                      impulse);
        /* Impact transients (grf.c's header: rearfoot 1.75 BW with 85 BW/s, midfoot 0.87 BW
         * with 67 BW/s, forefoot none). */
        if (truth.pattern == GAIT_STRIKE_FOREFOOT) {
            ck_assert_msg(isnan(s.impact_peak_bw), "%s: impact %.3f", name, s.impact_peak_bw);
        } else {
            double peak = truth.pattern == GAIT_STRIKE_REARFOOT ? 1.75 : 0.87;
            double rate = truth.pattern == GAIT_STRIKE_REARFOOT ? 85.0 : 67.0;
            ck_assert_msg(fabs(s.impact_peak_bw - peak) <= 0.02, "%s: impact %.3f BW", name,
                          s.impact_peak_bw);
            ck_assert_msg(fabs(s.loading_rate_bw_s - rate) <= 0.03 * rate,
                          "%s: loading rate %.2f BW/s", name, s.loading_rate_bw_s);
            ck_assert(s.instantaneous_loading_rate_bw_s >= s.loading_rate_bw_s);
        }
    }
    ck_assert_uint_ge(on_plates, 3);
    for (int side = 0; side < 2; side++) {
        double mean = si_sum[side] / si_count[side];
        ck_assert_msg(fabs(mean) <= 0.02, "%s: side %d mean strike index error %.4f", name, side,
                      mean);
    }
    gait_trial_summary summary;
    test_assert_ok(gait_trial_get_summary(trial, &summary), "gait_trial_get_summary");
    double cadence_error = summary.cadence_spm - settings.cadence_steps_per_min;
    ck_assert_msg(fabs(cadence_error) <= 0.5, "%s: cadence %.3f", name, summary.cadence_spm);
    ck_assert_uint_eq(summary.n_complete, on_plates);
    gait_mass_source source;
    ck_assert_double_eq_tol(gait_trial_body_mass_kg(trial, &source), settings.body_mass_kg, 1e-4);
    ck_assert_int_eq(source, GAIT_MASS_FILE);
    int axis = -1, sign = 0;
    double forward[3];
    ck_assert_ptr_nonnull(gait_trial_frame(trial, &axis, &sign, forward));
    ck_assert_int_eq(axis, 2);
    ck_assert_int_eq(sign, 1);
    /* Overground without pelvis markers the progression is the line from the first contact's COP
     * to the last one's, which the step width tilts by up to 2 degrees. */
    ck_assert_double_eq_tol(forward[0], 1.0, c->mode == GAIT_SIM_TREADMILL ? 1e-4 : 1e-3);
    fprintf(stderr,
            "sim %-30s: worst |IC err| %.2f ms, |TO err| %.2f ms, |SI err| %.4f (mean R %+.4f "
            "L %+.4f), |FSA err| %.2f deg, cadence %.3f (err %+.3f) steps/min, %zu plate steps\n",
            name, 1e3 * worst_ic, 1e3 * worst_to, worst_si, si_sum[0] / si_count[0],
            si_sum[1] / si_count[1], worst_fsa, summary.cadence_spm, cadence_error, on_plates);
    gait_trial_free(trial);
    gait_sim_close(sim);
}

START_TEST(test_simulator)
{
    const gait_sim_mode modes[2] = {GAIT_SIM_OVERGROUND, GAIT_SIM_TREADMILL};
    const gait_strike_pattern patterns[3] = {GAIT_STRIKE_REARFOOT, GAIT_STRIKE_MIDFOOT,
                                             GAIT_STRIKE_FOREFOOT};
    sim_case c = {modes[_i / 6], patterns[(_i / 2) % 3], _i % 2};
    check_sim_case(&c);
}
END_TEST

/* Without the foot length the marker distance stands for it; patterns stay right, and the
 * summary covers every marker. */
START_TEST(test_simulator_defaults)
{
    sim_case c = {GAIT_SIM_TREADMILL, GAIT_STRIKE_REARFOOT, 1};
    gait_sim *sim = run_sim(&c, NULL);
    gait_trial *trial = analyze_sim(sim, 0.0);
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        ck_assert_int_eq(s.strike_pattern, GAIT_STRIKE_REARFOOT);
        ck_assert(isfinite(s.flight_time_s) || i + 1 == gait_trial_step_count(trial));
    }
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_uint_eq(summary.n_side[0], 6);
    ck_assert_uint_eq(summary.n_side[1], 6);
    for (size_t k = 0; k < GAIT_STEP_MARKER_COUNT; k++) {
        ck_assert_ptr_nonnull(gait_step_marker_name(k));
        const char *name = gait_step_marker_name(k);
        /* markers of IMU trials only: NaN for plates and markers */
        if (!strcmp(name, "stride_time_s") || !strcmp(name, "swing_time_s") ||
            !strcmp(name, "stride_length_m") || !strcmp(name, "speed_m_s")) {
            ck_assert(!isfinite(summary.mean[0][k]));
            continue;
        }
        ck_assert_msg(isfinite(summary.mean[0][k]) && isfinite(summary.mean[1][k]),
                      "marker %s has no mean", name);
        ck_assert(fabs(summary.symmetry_index_pct[k]) < 10.0);
    }
    ck_assert_ptr_null(gait_step_marker_name(GAIT_STEP_MARKER_COUNT));
    ck_assert_double_eq_tol(summary.mean[0][3], 172.0, 0.5); /* cadence_spm per step */
    gait_trial_free(trial);
    gait_sim_close(sim);
}
END_TEST

/* Another lab frame: y up, progression -x. */
START_TEST(test_simulator_frame)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.vertical = GAIT_SIM_Y_UP;
    s.progression = GAIT_SIM_MINUS_X;
    s.strike = GAIT_STRIKE_MIDFOOT;
    gait_sim *sim = NULL;
    test_assert_ok(gait_sim_run(&s, &sim), "gait_sim_run");
    gait_trial *trial = analyze_sim(sim, SIM_FOOT_LENGTH_M);
    int axis, sign;
    double forward[3];
    const char *frame = gait_trial_frame(trial, &axis, &sign, forward);
    ck_assert_int_eq(axis, 1);
    ck_assert_int_eq(sign, 1);
    ck_assert_double_eq_tol(forward[0], -1.0, 1e-3);
    ck_assert_ptr_nonnull(strstr(frame, "vertical +y"));
    ck_assert_ptr_nonnull(strstr(frame, "progression -x"));
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_sim_get_step(sim, k, &truth);
        long i = step_near(trial, truth.ic_s);
        if (truth.plate < 0)
            continue;
        gait_step step;
        gait_trial_get_step(trial, (size_t)i, &step);
        ck_assert_int_eq(step.side, truth.side);
        ck_assert_double_eq_tol(step.strike_index, truth.strike_index, 0.02);
    }
    gait_trial_free(trial);
    gait_sim_close(sim);
}
END_TEST

/* The simulated treadmill written as an OpenSim table with one unnamed force set: sides from
 * alternation and the medio-lateral COP, body mass from the force. */
/* The simulator's plates as an OpenSim table: one force set per plate, named <k>_ground_force
 * (no side in the name), COP 0 where undefined as OpenSim writes it. */
static gait_mot *sim_as_mot(const gait_sim *sim)
{
    const gait_c3d *c3d = gait_sim_c3d(sim);
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n = info.n_frames * info.analog_samples_per_frame, n_sets = info.n_force_platforms;
    double *force = malloc(3 * n * n_sets * sizeof *force);
    double *cop = malloc(3 * n * n_sets * sizeof *cop);
    char *text = malloc((100 + 120 * n_sets) * (n + 10));
    ck_assert(force != NULL && cop != NULL && text != NULL);
    for (size_t p = 0; p < n_sets; p++)
        test_assert_ok(
            gait_c3d_plate_wrench(c3d, p, NULL, force + 3 * n * p, NULL, cop + 3 * n * p, NULL),
            "plate wrench");
    size_t used = (size_t)sprintf(text,
                                  "sim\nversion=1\nnRows=%zu\nnColumns=%zu\ninDegrees=no\n"
                                  "endheader\ntime",
                                  n, 1 + 6 * n_sets);
    for (size_t p = 0; p < n_sets; p++)
        used += (size_t)sprintf(text + used,
                                "\t%zu_ground_force_vx\t%zu_ground_force_vy\t%zu_ground_force_vz"
                                "\t%zu_ground_force_px\t%zu_ground_force_py\t%zu_ground_force_pz",
                                p + 1, p + 1, p + 1, p + 1, p + 1, p + 1);
    used += (size_t)sprintf(text + used, "\n");
    for (size_t j = 0; j < n; j++) {
        used += (size_t)sprintf(text + used, "%.6f", (double)j / info.analog_rate_hz);
        for (size_t p = 0; p < n_sets; p++) {
            const double *f = force + 3 * n * p + 3 * j, *c = cop + 3 * n * p + 3 * j;
            used += (size_t)sprintf(text + used, "\t%.9g\t%.9g\t%.9g\t%.9g\t%.9g\t%.9g", f[0], f[1],
                                    f[2], isfinite(c[0]) ? c[0] : 0.0, isfinite(c[1]) ? c[1] : 0.0,
                                    isfinite(c[2]) ? c[2] : 0.0);
        }
        used += (size_t)sprintf(text + used, "\n");
    }
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open_memory(text, used, "sim.mot", &mot), "gait_mot_open_memory");
    free(text);
    free(force);
    free(cop);
    return mot;
}

/* The simulated treadmill written as an OpenSim table with one unnamed force set: sides from
 * alternation and the medio-lateral COP, body mass from the force. */
START_TEST(test_simulator_mot)
{
    sim_case c = {GAIT_SIM_TREADMILL, GAIT_STRIKE_REARFOOT, 1};
    gait_sim *sim = run_sim(&c, NULL);
    gait_mot *mot = sim_as_mot(sim);
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_mot(mot, NULL, &trial), "gait_analyze_mot");
    ck_assert_uint_eq(gait_trial_step_count(trial), gait_sim_step_count(sim));
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_step s;
        gait_sim_get_step(sim, k, &truth);
        gait_trial_get_step(trial, k, &s);
        ck_assert_int_eq(s.side, truth.side);
        ck_assert_double_eq_tol(s.ic_s, truth.ic_s, 0.003);
        ck_assert(isnan(s.strike_index)); /* treadmill without foot markers */
    }
    gait_mass_source source;
    double mass = gait_trial_body_mass_kg(trial, &source);
    ck_assert_int_eq(source, GAIT_MASS_FORCE);
    ck_assert_msg(fabs(mass - 70.0) <= 0.005 * 70.0, "mass from the force %.3f kg", mass);
    fprintf(stderr, "sim treadmill as .mot: body mass from the force %.3f kg (truth 70)\n", mass);
    int axis, sign;
    gait_trial_frame(trial, &axis, &sign, NULL);
    ck_assert_int_eq(axis, 2);
    gait_trial_free(trial);
    /* The mass setting is used when the file has none. */
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.mass_kg = 80.0;
    test_assert_ok(gait_analyze_mot(mot, &settings, &trial), "gait_analyze_mot");
    ck_assert_double_eq(gait_trial_body_mass_kg(trial, &source), 80.0);
    ck_assert_int_eq(source, GAIT_MASS_SETTING);
    gait_trial_free(trial);
    gait_mot_close(mot);
    gait_sim_close(sim);
}
END_TEST

/* Overground plates without markers or side names: the two successive contacts (stances 2 and 3)
 * get their sides from the medio-lateral COP; stance 5, two steps later and alone, stays unknown
 * rather than guessed. Overground plates carry no whole stride, so the mass is unknown. */
START_TEST(test_simulator_mot_overground)
{
    sim_case c = {GAIT_SIM_OVERGROUND, GAIT_STRIKE_FOREFOOT, 1};
    gait_sim *sim = run_sim(&c, NULL);
    gait_mot *mot = sim_as_mot(sim);
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.foot_length_m = SIM_FOOT_LENGTH_M;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_mot(mot, &settings, &trial), "gait_analyze_mot");
    ck_assert_uint_eq(gait_trial_step_count(trial), 3);
    const int sides[3] = {0, 1, -1};
    for (size_t i = 0; i < 3; i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        ck_assert_int_eq(s.side, sides[i]);
        ck_assert(s.complete);
        /* Foot axis from the COP path, whose end is taken for the toe tip: the COP leaves at
         * 0.93 foot lengths here, so the index reads about 0.07 high. */
        ck_assert_double_eq_tol(s.strike_index, 0.75 + 0.07, 0.03);
        ck_assert_int_eq(s.strike_pattern, GAIT_STRIKE_FOREFOOT);
    }
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_double_eq_tol(summary.cadence_spm, 172.0, 0.5);
    gait_mass_source source;
    ck_assert(isnan(gait_trial_body_mass_kg(trial, &source)));
    ck_assert_int_eq(source, GAIT_MASS_UNKNOWN);
    gait_trial_free(trial);
    gait_mot_close(mot);
    gait_sim_close(sim);
}
END_TEST

/* The overground simulation with a sacrum marker added: the steps that miss the plates come back
 * as marker-only steps (Zeni), shifted onto the plates' clock by the steps that have both. */
START_TEST(test_simulator_marker_events)
{
    sim_case c = {GAIT_SIM_OVERGROUND, GAIT_STRIKE_REARFOOT, _i};
    gait_sim_settings settings;
    gait_sim *sim = run_sim(&c, &settings);
    unsigned char *bytes = NULL;
    size_t size = 0;
    test_assert_ok(gait_c3d_write_memory(gait_sim_c3d(sim), &bytes, &size), "write");
    gait_c3d *c3d = NULL;
    test_assert_ok(gait_c3d_open_memory(bytes, size, "sim.c3d", &c3d), "open");
    gait_c3d_free_bytes(bytes);
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    double *sacrum = malloc(3 * info.n_frames * sizeof *sacrum);
    ck_assert_ptr_nonnull(sacrum);
    for (size_t k = 0; k < info.n_frames; k++) {
        double t = (double)k / info.point_rate_hz;
        sacrum[3 * k] = settings.speed_mps * t - 0.15;
        sacrum[3 * k + 1] = 0.0;
        sacrum[3 * k + 2] =
            1.0 + 0.03 * cos(2.0 * M_PI * t * settings.cadence_steps_per_min / 60.0);
    }
    test_assert_ok(gait_c3d_add_point(c3d, "SACR", sacrum, NULL), "add SACR");
    free(sacrum);
    gait_analyze_settings as = gait_analyze_settings_default();
    as.foot_length_m = SIM_FOOT_LENGTH_M;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, &as, &trial), "gait_analyze_c3d");
    double worst_ic = 0.0, worst_to = 0.0;
    size_t markers_only = 0;
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_sim_get_step(sim, k, &truth);
        long i = step_near(trial, truth.ic_s);
        if (i < 0)
            continue; /* the first and last lobes are cut by the recording */
        gait_step s;
        gait_trial_get_step(trial, (size_t)i, &s);
        ck_assert_int_eq(s.side, truth.side);
        ck_assert_int_eq(s.from_plate, truth.plate >= 0);
        if (s.from_plate)
            continue;
        markers_only++;
        ck_assert(!s.complete && isnan(s.peak_vgrf_n) && s.plate == -1);
        worst_ic = fmax(worst_ic, fabs(s.ic_s - truth.ic_s));
        worst_to = fmax(worst_to, fabs(s.to_s - truth.to_s));
    }
    ck_assert_uint_ge(markers_only, 3);
    ck_assert_msg(worst_ic <= 0.010, "marker-only IC error %.1f ms", 1e3 * worst_ic);
    ck_assert_msg(worst_to <= 0.015, "marker-only TO error %.1f ms", 1e3 * worst_to);
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_double_eq_tol(summary.cadence_spm, settings.cadence_steps_per_min, 0.5);
    ck_assert_uint_eq(summary.n_complete, 3);
    double forward[3];
    const char *frame = gait_trial_frame(trial, NULL, NULL, forward);
    ck_assert_ptr_nonnull(strstr(frame, "pelvis markers SACR"));
    ck_assert_double_eq_tol(forward[0], 1.0, 1e-6);
    fprintf(stderr,
            "sim overground + SACR (%s): %zu marker-only steps, worst |IC err| %.1f ms, |TO err| "
            "%.1f ms after the plate calibration; cadence %.3f over %zu steps\n",
            c.noisy ? "noisy" : "noise-free", markers_only, 1e3 * worst_ic, 1e3 * worst_to,
            summary.cadence_spm, summary.n_steps);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
    gait_sim_close(sim);
}
END_TEST

/* A low-pass before the analysis keeps the events within a few samples. */
START_TEST(test_simulator_cutoff)
{
    sim_case c = {GAIT_SIM_TREADMILL, GAIT_STRIKE_MIDFOOT, 1};
    gait_sim *sim = run_sim(&c, NULL);
    gait_analyze_settings as = gait_analyze_settings_default();
    as.stance.cutoff_hz = 60.0;
    as.foot_length_m = SIM_FOOT_LENGTH_M;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(gait_sim_c3d(sim), &as, &trial), "gait_analyze_c3d");
    ck_assert_uint_eq(gait_trial_step_count(trial), gait_sim_step_count(sim));
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_step s;
        gait_sim_get_step(sim, k, &truth);
        gait_trial_get_step(trial, k, &s);
        ck_assert_int_eq(s.side, truth.side);
        ck_assert_double_eq_tol(s.ic_s, truth.ic_s, 0.006);
        ck_assert_int_eq(s.strike_pattern, GAIT_STRIKE_MIDFOOT);
    }
    gait_trial_free(trial);
    as.stance.cutoff_hz = 600.0; /* above Nyquist */
    ck_assert_int_eq(gait_analyze_c3d(gait_sim_c3d(sim), &as, &trial), GAIT_E_INVALID_ARG);
    gait_sim_close(sim);
    ck_assert_ptr_null(trial);
}
END_TEST

/* ---- synthetic plates ---- */

#define SYN_RATE_HZ  1000.0
#define SYN_FRAMES   150 /* at 100 Hz: 1.5 s */
#define SYN_SAMPLES  1500
#define SYN_DEPTH_M  0.04
#define SYN_WEIGHT_N 700.0

typedef struct syn_plate {
    double x0, x1, y0, y1; /* outline in the lab, z = 0 */
    double ch[6][SYN_SAMPLES];
} syn_plate;

/* Load the plate with force (lab, on the subject) at cop (lab) at sample j. Plate frame as the
 * simulator's: x forward, y right, z down; transducer SYN_DEPTH_M below the surface centre. */
static void syn_load(syn_plate *p, size_t j, const double force[3], const double cop[3])
{
    double centre[3] = {0.5 * (p->x0 + p->x1), 0.5 * (p->y0 + p->y1), -SYN_DEPTH_M};
    double r[3] = {cop[0] - centre[0], cop[1] - centre[1], cop[2] - centre[2]};
    double m[3] = {r[1] * force[2] - r[2] * force[1], r[2] * force[0] - r[0] * force[2],
                   r[0] * force[1] - r[1] * force[0]};
    const double sign[3] = {1.0, -1.0, -1.0}; /* lab -> plate axes */
    for (int a = 0; a < 3; a++) {
        p->ch[a][j] += sign[a] * force[a];
        p->ch[3 + a][j] += 1000.0 * sign[a] * m[a];
    }
}

static gait_c3d *syn_c3d(syn_plate *plates, size_t n_plates)
{
    gait_c3d *c3d = NULL;
    test_assert_ok(gait_c3d_create(100.0, SYN_FRAMES, 10, 1, &c3d), "gait_c3d_create");
    static const char *const names[6] = {"Fx", "Fy", "Fz", "Mx", "My", "Mz"};
    static const char *const units[6] = {"N", "N", "N", "Nmm", "Nmm", "Nmm"};
    for (size_t p = 0; p < n_plates; p++) {
        size_t channels[6];
        for (int c = 0; c < 6; c++) {
            char label[16];
            snprintf(label, sizeof label, "%s%zu", names[c], p + 1);
            test_assert_ok(gait_c3d_add_analog(c3d, label, units[c], plates[p].ch[c]), "analog");
            test_assert_ok(gait_c3d_find_analog(c3d, label, &channels[c]), "find analog");
        }
        const syn_plate *q = &plates[p];
        const double corners[12] = {q->x1, q->y0, 0, q->x0, q->y0, 0,
                                    q->x0, q->y1, 0, q->x1, q->y1, 0};
        const double origin[3] = {0, 0, -SYN_DEPTH_M};
        test_assert_ok(gait_c3d_add_force_plate(c3d, 2, corners, origin, channels, 6), "plate");
    }
    return c3d;
}

/* A stance of 250 ms from sample `start`: half-sine vertical force, COP along x from a to b. */
static double syn_vertical(size_t i)
{
    return 2.5 * SYN_WEIGHT_N * sin(M_PI * (double)(i + 1) / 251.0);
}

START_TEST(test_two_plates_one_foot)
{
    /* Plate A under x in [0, 0.6], plate B under [0.6, 1.2] (y in [-0.2, 0.2]). The heel part
     * of the foot stays on A 5 mm from the shared edge, the forefoot part on B rolls from 0.70
     * to 0.80 m (the progression, +x, comes from that path); the load moves from A to B over
     * the stance. */
    static syn_plate plates[2];
    memset(plates, 0, sizeof plates);
    plates[0] = (syn_plate){0.0, 0.6, -0.2, 0.2, {{0}}};
    plates[1] = (syn_plate){0.6, 1.2, -0.2, 0.2, {{0}}};
    const size_t start = 400, length = 250;
    for (size_t i = 0; i < length; i++) {
        double fz = syn_vertical(i), w = (double)i / (double)(length - 1);
        double fa[3] = {0, 0, (1.0 - w) * fz}, fb[3] = {0, 0, w * fz};
        double ca[3] = {0.595, 0.05, 0.0}, cb[3] = {0.70 + 0.1 * w, 0.05, 0.0};
        syn_load(&plates[0], start + i, fa, ca);
        syn_load(&plates[1], start + i, fb, cb);
    }
    gait_c3d *c3d = syn_c3d(plates, 2);
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.mass_kg = SYN_WEIGHT_N / 9.81;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, &settings, &trial), "gait_analyze_c3d");
    ck_assert_uint_eq(gait_trial_step_count(trial), 1);
    gait_step s;
    gait_trial_get_step(trial, 0, &s);
    ck_assert_double_eq_tol(s.ic_s, (double)start / SYN_RATE_HZ, 1e-9);
    ck_assert_double_eq_tol(s.to_s, (double)(start + length) / SYN_RATE_HZ, 1e-9);
    ck_assert_int_eq(s.plate, 0);
    ck_assert_int_eq(s.complete, 1); /* the edge near the COP on A is shared with B */
    ck_assert_double_eq_tol(s.peak_vgrf_n, syn_vertical(124), 1e-3);
    ck_assert_double_eq_tol(s.peak_vgrf_bw, syn_vertical(124) / SYN_WEIGHT_N, 1e-6);
    ck_assert(isnan(s.impact_peak_bw));
    ck_assert_double_eq_tol(s.braking_impulse_bw_s, 0.0, 1e-9);
    ck_assert_int_eq(s.side, -1); /* one contact, no markers, no names */
    gait_trial_free(trial);

    /* Without plate B the foot is partly off plate A: incomplete. */
    gait_c3d_close(c3d);
    c3d = syn_c3d(plates, 1);
    test_assert_ok(gait_analyze_c3d(c3d, &settings, &trial), "gait_analyze_c3d");
    ck_assert_uint_eq(gait_trial_step_count(trial), 1);
    gait_trial_get_step(trial, 0, &s);
    ck_assert_int_eq(s.complete, 0);
    int found = 0;
    const char *w;
    for (size_t i = 0; (w = gait_trial_warning(trial, i)) != NULL; i++)
        found = found || strstr(w, "plate's edge") != NULL;
    ck_assert(found);
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_uint_eq(summary.n_complete, 0);
    ck_assert(isnan(summary.mean[0][0]) && isnan(summary.mean[1][0]));
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(test_recording_edges)
{
    /* A stance cut by the recording's start and a whole one: the first is incomplete with no IC,
     * and two contacts alternate left-right by their medio-lateral COP (+y is left here, x
     * forward). */
    static syn_plate plate;
    memset(&plate, 0, sizeof plate);
    plate = (syn_plate){-1.0, 2.0, -0.3, 0.3, {{0}}};
    for (size_t i = 100; i < 250; i++) { /* the tail of a stance that began before 0 */
        double f[3] = {0, 0, syn_vertical(i)}, c[3] = {0.1, -0.05, 0};
        syn_load(&plate, i - 100, f, c);
    }
    for (size_t i = 0; i < 250; i++) {
        double f[3] = {0, 0, syn_vertical(i)}, c[3] = {0.6 + 0.001 * (double)i, 0.05, 0};
        syn_load(&plate, 500 + i, f, c);
        double g[3] = {0, 0, syn_vertical(i)}, d[3] = {1.2 + 0.001 * (double)i, -0.05, 0};
        syn_load(&plate, 1000 + i, g, d);
    }
    gait_c3d *c3d = syn_c3d(&plate, 1);
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, NULL, &trial), "gait_analyze_c3d");
    ck_assert_uint_eq(gait_trial_step_count(trial), 3);
    gait_step s[3];
    for (size_t i = 0; i < 3; i++)
        gait_trial_get_step(trial, i, &s[i]);
    ck_assert(isnan(s[0].ic_s) && isnan(s[0].contact_time_s) && !s[0].complete);
    ck_assert_double_eq_tol(s[0].to_s, 0.150, 1e-9);
    ck_assert(isnan(s[0].peak_vgrf_n));
    ck_assert_double_eq_tol(s[1].ic_s, 0.5, 1e-9);
    ck_assert_double_eq_tol(s[2].ic_s, 1.0, 1e-9);
    /* Treadmill (3 contacts on one plate); progression +x reversed? No: on a treadmill the COP
     * path is taken as carried back by the belt, so the forward direction is -x here and +y
     * (the second contact's side) is then right. */
    ck_assert_int_eq(s[1].side, 0);
    ck_assert_int_eq(s[2].side, 1);
    ck_assert_int_eq(s[0].side, 1);
    gait_mass_source source;
    ck_assert(isnan(gait_trial_body_mass_kg(trial, &source)));
    ck_assert_int_eq(source, GAIT_MASS_UNKNOWN);
    ck_assert(isnan(s[1].peak_vgrf_bw) && isfinite(s[1].peak_vgrf_n));
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_uint_eq(summary.n_steps, 3);
    ck_assert_uint_eq(summary.n_complete, 2);
    ck_assert_double_eq_tol(summary.cadence_spm, 120.0, 1e-6);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(test_errors)
{
    gait_trial *trial = (gait_trial *)&trial;
    ck_assert_int_eq(gait_analyze_c3d(NULL, NULL, &trial), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(trial);
    ck_assert_int_eq(gait_analyze_mot(NULL, NULL, &trial), GAIT_E_INVALID_ARG);
    gait_c3d *empty = NULL;
    test_assert_ok(gait_c3d_create(100.0, 10, 10, 1, &empty), "gait_c3d_create");
    ck_assert_int_eq(gait_analyze_c3d(empty, NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_analyze_c3d(empty, NULL, &trial), GAIT_E_NO_DATA);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "no force plate"));
    gait_c3d_close(empty);

    static syn_plate plate;
    memset(&plate, 0, sizeof plate);
    plate = (syn_plate){0.0, 0.6, -0.2, 0.2, {{0}}};
    gait_c3d *unloaded = syn_c3d(&plate, 1);
    ck_assert_int_eq(gait_analyze_c3d(unloaded, NULL, &trial), GAIT_E_NO_DATA);
    double f[3] = {0, 0, 100.0}, c[3] = {0.3, 0, 0}; /* a 100 N touch: below the peak minimum */
    gait_c3d_close(unloaded);
    for (size_t j = 300; j < 500; j++)
        syn_load(&plate, j, f, c);
    gait_c3d *light = syn_c3d(&plate, 1);
    ck_assert_int_eq(gait_analyze_c3d(light, NULL, &trial), GAIT_E_NO_DATA);
    ck_assert_ptr_null(trial);
    gait_analyze_settings bad = gait_analyze_settings_default();
    bad.mass_kg = -1.0;
    ck_assert_int_eq(gait_analyze_c3d(light, &bad, &trial), GAIT_E_INVALID_ARG);
    bad = gait_analyze_settings_default();
    bad.stance.off_threshold_n = 50.0;
    ck_assert_int_eq(gait_analyze_c3d(light, &bad, &trial), GAIT_E_INVALID_ARG);
    bad = gait_analyze_settings_default();
    bad.stance.min_peak_n = 50.0; /* now the touch counts */
    test_assert_ok(gait_analyze_c3d(light, &bad, &trial), "gait_analyze_c3d");
    ck_assert_uint_eq(gait_trial_step_count(trial), 1);
    gait_step step;
    ck_assert_int_eq(gait_trial_get_step(trial, 1, &step), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trial_get_step(NULL, 0, &step), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trial_get_summary(trial, NULL), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(gait_trial_warning(trial, 1000));
    gait_trial_free(trial);
    gait_c3d_close(light);

    const char table[] = "time\tx\n0\t1\n0.001\t2\n";
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open_memory(table, sizeof table - 1, "t.mot", &mot), "mot");
    ck_assert_int_eq(gait_analyze_mot(mot, NULL, &trial), GAIT_E_NO_DATA);
    gait_mot_close(mot);

    ck_assert_uint_eq(gait_trial_step_count(NULL), 0);
    ck_assert(isnan(gait_trial_body_mass_kg(NULL, NULL)));
    ck_assert_ptr_null(gait_trial_warning(NULL, 0));
    gait_trial_free(NULL);
    ck_assert(isnan(gait_step_marker_value(NULL, 0)));
    gait_step s = {0};
    s.step_time_s = 0.5;
    s.strike_index = 0.3;
    ck_assert_double_eq(gait_step_marker_value(&s, 3), 120.0);
    ck_assert_double_eq(gait_step_marker_value(&s, 11), 0.3);
    ck_assert(isnan(gait_step_marker_value(&s, GAIT_STEP_MARKER_COUNT)));
}
END_TEST

/* ---- ../shared/data ---- */

START_TEST(test_ja1_sprint)
{
    if (test_skip_without_shared_file("JA1Gait35 sprint", "nimble-sprint-c3d/JA1Gait35.c3d"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("nimble-sprint-c3d/JA1Gait35.c3d");
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, NULL, &trial), "gait_analyze_c3d");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t complete = 0;
    double worst_ic = 0.0, worst_to = 0.0;
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        if (!s.complete)
            continue;
        complete++;
        ck_assert(s.from_plate && s.side >= 0);
        const char *context = s.side == 0 ? "Right" : "Left";
        double best[2] = {INFINITY, INFINITY}; /* nearest Foot Strike / Foot Off, any side */
        int best_side_ok[2] = {0, 0};
        for (size_t e = 0; e < info.n_events; e++) {
            gait_c3d_event event;
            gait_c3d_get_event(c3d, e, &event);
            int which = strcmp(event.label, "Foot Strike") == 0 ? 0
                        : strcmp(event.label, "Foot Off") == 0  ? 1
                                                                : -1;
            if (which < 0)
                continue;
            double d = (which == 0 ? s.ic_s : s.to_s) - event.time_s;
            if (fabs(d) < fabs(best[which])) {
                best[which] = d;
                best_side_ok[which] = strcmp(event.context, context) == 0;
            }
        }
        ck_assert_msg(fabs(best[0]) <= 0.004, "IC %.4f is %.1f ms from a Foot Strike", s.ic_s,
                      1e3 * best[0]);
        ck_assert_msg(fabs(best[1]) <= 0.010, "TO %.4f is %.1f ms from a Foot Off", s.to_s,
                      1e3 * best[1]);
        ck_assert_msg(best_side_ok[0] && best_side_ok[1], "step at %.4f: side %s disagrees", s.ic_s,
                      context);
        worst_ic = fmax(worst_ic, fabs(best[0]));
        worst_to = fmax(worst_to, fabs(best[1]));
        fprintf(stderr,
                "JA1Gait35 %-5s plate %d IC %.4f (%+.1f ms) TO %.4f (%+.1f ms) contact %.4f s, "
                "peak %.2f BW, SI %.3f\n",
                context, s.plate + 1, s.ic_s, 1e3 * best[0], s.to_s, 1e3 * best[1],
                s.contact_time_s, s.peak_vgrf_bw, s.strike_index);
    }
    ck_assert_uint_eq(complete, 4);
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    gait_mass_source source;
    double mass = gait_trial_body_mass_kg(trial, &source);
    fprintf(stderr,
            "JA1Gait35: %zu complete stances, worst |IC - Foot Strike| %.1f ms, |TO - Foot Off| "
            "%.1f ms, cadence %.1f steps/min, body mass %.1f kg (source %d)\n",
            complete, 1e3 * worst_ic, 1e3 * worst_to, summary.cadence_spm, mass, (int)source);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(test_rajagopal_treadmill)
{
    if (test_skip_without_shared_file("grf_run.mot", "opensim-rajagopal-run/grf_run.mot"))
        return;
    char path[TEST_PATH_CAPACITY];
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open(test_shared_path(path, "opensim-rajagopal-run/grf_run.mot"), &mot),
                   "gait_mot_open");
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_mot(mot, NULL, &trial), "gait_analyze_mot");
    FILE *ref = test_open_ref("stance_grf_run.txt");
    char line[256];
    double cadence = NAN;
    size_t rows = 0;
    double worst = 0.0;
    while (test_next_data_line(ref, line, sizeof line)) {
        if (sscanf(line, "cadence %lf", &cadence) == 1)
            continue;
        char side;
        double ic, to, contact, on, off;
        ck_assert_int_eq(
            sscanf(line, " %c %lf %lf %lf %lf %lf", &side, &ic, &to, &contact, &on, &off), 6);
        ck_assert_uint_lt(rows, gait_trial_step_count(trial));
        gait_step s;
        gait_trial_get_step(trial, rows, &s);
        ck_assert_int_eq(s.side, side == 'R' ? 0 : 1);
        ck_assert(isnan(ic) ? isnan(s.ic_s) : fabs(s.ic_s - ic) < 1e-6);
        ck_assert(isnan(to) ? isnan(s.to_s) : fabs(s.to_s - to) < 1e-6);
        ck_assert(isnan(contact) ? isnan(s.contact_time_s)
                                 : fabs(s.contact_time_s - contact) < 1e-6);
        ck_assert_int_eq(s.complete, isfinite(ic) && isfinite(to));
        if (isfinite(contact))
            worst = fmax(worst, fabs(s.contact_time_s - contact));
        rows++;
    }
    fclose(ref);
    ck_assert_uint_eq(rows, 15);
    ck_assert_uint_eq(gait_trial_step_count(trial), rows);
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    ck_assert_double_eq_tol(summary.cadence_spm, cadence, 1e-6);
    ck_assert_uint_eq(summary.n_complete, 14);
    gait_mass_source source;
    double mass = gait_trial_body_mass_kg(trial, &source);
    ck_assert_int_eq(source, GAIT_MASS_FORCE);
    fprintf(stderr,
            "grf_run.mot: %zu stances (%zu complete), contact times equal to the numpy reference "
            "(worst %.2g s), cadence %.3f vs %.3f steps/min; contact time mean R %.4f L %.4f s; "
            "body mass from the force %.1f kg\n",
            rows, summary.n_complete, worst, summary.cadence_spm, cadence, summary.mean[0][0],
            summary.mean[1][0], mass);
    gait_trial_free(trial);
    gait_mot_close(mot);
}
END_TEST

/* Foot Strike times of one side ("Left"/"Right", any case) from the EVENT group, sorted. */
static size_t stored_events(const gait_c3d *c3d, const char *label, const char *context,
                            double *times, size_t capacity)
{
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n = 0;
    for (size_t e = 0; e < info.n_events && n < capacity; e++) {
        gait_c3d_event event;
        gait_c3d_get_event(c3d, e, &event);
        if (strcasecmp(event.label, label) == 0 &&
            (context == NULL || strcasecmp(event.context, context) == 0))
            times[n++] = event.time_s;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && times[j - 1] > times[j]; j--) {
            double t = times[j];
            times[j] = times[j - 1];
            times[j - 1] = t;
        }
    return n;
}

/* Mean and largest |difference| between each stored event and the nearest of ours (within
 * 0.25 s), and the mean signed difference (ours - stored). */
static size_t compare_events(const double *stored, size_t n_stored, const double *ours,
                             size_t n_ours, double *mean_abs, double *max_abs, double *mean)
{
    size_t pairs = 0;
    *mean_abs = *max_abs = *mean = 0.0;
    for (size_t i = 0; i < n_stored; i++) {
        double best = INFINITY;
        for (size_t j = 0; j < n_ours; j++)
            if (fabs(ours[j] - stored[i]) < fabs(best))
                best = ours[j] - stored[i];
        if (fabs(best) > 0.25)
            continue;
        pairs++;
        *mean_abs += fabs(best);
        *mean += best;
        *max_abs = fmax(*max_abs, fabs(best));
    }
    if (pairs > 0) {
        *mean_abs /= (double)pairs;
        *mean /= (double)pairs;
    }
    return pairs;
}

START_TEST(test_vicon_walking_cadence)
{
    const char *relative = "c3dorg-gait-reference/sample_23/Vicon_analysis.c3d";
    if (test_skip_without_shared_file("Vicon_analysis.c3d", relative))
        return;
    gait_c3d *c3d = test_open_shared_c3d(relative);
    /* The file's own ANALYSIS cadences. */
    double values[64], analysis[2] = {NAN, NAN};
    size_t n_values = 0;
    test_assert_ok(gait_c3d_param_doubles(c3d, "ANALYSIS", "VALUES", values, 64, &n_values),
                   "ANALYSIS:VALUES");
    for (size_t i = 0; i < n_values && i < 64; i++) {
        char name[128], context[128];
        gait_c3d_param_string(c3d, "ANALYSIS", "NAMES", i, name, sizeof name);
        gait_c3d_param_string(c3d, "ANALYSIS", "CONTEXTS", i, context, sizeof context);
        if (strcmp(name, "Cadence") == 0)
            analysis[strcmp(context, "Right") == 0 ? 0 : 1] = values[i];
    }
    ck_assert_double_eq_tol(analysis[1], 117.455, 1e-3);
    ck_assert_double_eq_tol(analysis[0], 116.883, 1e-3);

    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, NULL, &trial), "gait_analyze_c3d");
    gait_trial_summary summary;
    gait_trial_get_summary(trial, &summary);
    size_t from_plate = 0, from_markers = 0;
    double ours[2][32];
    size_t n_ours[2] = {0, 0};
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        from_plate += s.from_plate;
        from_markers += !s.from_plate;
        if (!s.from_plate && s.side >= 0 && n_ours[s.side] < 32)
            ours[s.side][n_ours[s.side]++] = s.ic_s;
    }
    ck_assert_uint_ge(from_plate, 3);
    ck_assert_uint_ge(from_markers, 1);
    ck_assert_msg(fabs(summary.cadence_spm - analysis[0]) <= 2.0 &&
                      fabs(summary.cadence_spm - analysis[1]) <= 2.0,
                  "cadence %.3f, ANALYSIS %.3f R / %.3f L", summary.cadence_spm, analysis[0],
                  analysis[1]);

    /* The cadence the stored EVENT group implies: all Foot Strikes in time order. */
    double strikes[64];
    size_t n_strikes = stored_events(c3d, "Foot Strike", NULL, strikes, 64);
    double event_cadence =
        n_strikes > 1 ? 60.0 * (double)(n_strikes - 1) / (strikes[n_strikes - 1] - strikes[0])
                      : NAN;

    /* Our raw marker (Zeni) events against the stored ones, per side. */
    gait_foot_markers markers;
    gait_marker_table table;
    test_assert_ok(gait_marker_table_from_c3d(c3d, &table), "gait_marker_table_from_c3d");
    test_assert_ok(gait_foot_markers_read(&table, 0.0, &markers), "gait_foot_markers_read");
    double forward_xyz[3];
    gait_trial_frame(trial, NULL, NULL, forward_xyz);
    gait_vec3 forward = gait_vec3_make(forward_xyz[0], forward_xyz[1], forward_xyz[2]);
    fprintf(stderr,
            "Vicon_analysis.c3d: cadence %.3f steps/min (plate + marker events: %zu + %zu steps); "
            "ANALYSIS %.3f L / %.3f R; the EVENT group's %zu foot strikes imply %.3f\n",
            summary.cadence_spm, from_plate, from_markers, analysis[1], analysis[0], n_strikes,
            event_cadence);
    for (int side = 0; side < 2; side++) {
        const char *context = side == 0 ? "Right" : "Left";
        const gait_trajectory *back =
            markers.heel[side].xyz != NULL ? &markers.heel[side] : &markers.ankle[side];
        double *ic = NULL, *to = NULL;
        size_t n_ic = 0, n_to = 0;
        test_assert_ok(gait_zeni_events(back, &markers.toe[side], &markers.pelvis, forward, &ic,
                                        &n_ic, &to, &n_to),
                       "gait_zeni_events");
        double stored_ic[32], stored_to[32];
        size_t n_sic = stored_events(c3d, "Foot Strike", context, stored_ic, 32);
        size_t n_sto = stored_events(c3d, "Foot Off", context, stored_to, 32);
        double mean_abs, max_abs, mean;
        size_t pairs = compare_events(stored_ic, n_sic, ic, n_ic, &mean_abs, &max_abs, &mean);
        fprintf(stderr,
                "  %-5s raw Zeni IC (%s-%s): %zu of %zu stored strikes matched, |diff| mean %.1f "
                "max %.1f ms, mean ours - stored %+.1f ms\n",
                context, markers.heel[side].xyz != NULL ? "heel" : "ankle", markers.pelvis_name,
                pairs, n_sic, 1e3 * mean_abs, 1e3 * max_abs, 1e3 * mean);
        pairs = compare_events(stored_to, n_sto, to, n_to, &mean_abs, &max_abs, &mean);
        fprintf(stderr,
                "  %-5s raw Zeni TO: %zu of %zu stored foot offs matched, |diff| mean %.1f max "
                "%.1f ms, mean ours - stored %+.1f ms\n",
                context, pairs, n_sto, 1e3 * mean_abs, 1e3 * max_abs, 1e3 * mean);
        pairs =
            compare_events(stored_ic, n_sic, ours[side], n_ours[side], &mean_abs, &max_abs, &mean);
        fprintf(stderr,
                "  %-5s marker-only steps (IC shifted by the plate - marker offset): %zu matched, "
                "|diff| mean %.1f max %.1f ms\n",
                context, pairs, 1e3 * mean_abs, 1e3 * max_abs);
        free(ic);
        free(to);
    }
    const char *w;
    for (size_t i = 0; (w = gait_trial_warning(trial, i)) != NULL; i++)
        fprintf(stderr, "  warning: %s\n", w);
    gait_foot_markers_free(&markers);
    gait_marker_table_free(&table);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("analyze");
    TCase *sim = tcase_create("simulator");
    tcase_set_timeout(sim, 120);
    tcase_add_loop_test(sim, test_simulator, 0, 12);
    tcase_add_test(sim, test_simulator_defaults);
    tcase_add_test(sim, test_simulator_frame);
    tcase_add_test(sim, test_simulator_mot);
    tcase_add_test(sim, test_simulator_mot_overground);
    tcase_add_loop_test(sim, test_simulator_marker_events, 0, 2);
    tcase_add_test(sim, test_simulator_cutoff);
    suite_add_tcase(suite, sim);
    TCase *syn = tcase_create("synthetic");
    tcase_add_test(syn, test_two_plates_one_foot);
    tcase_add_test(syn, test_recording_edges);
    tcase_add_test(syn, test_errors);
    suite_add_tcase(suite, syn);
    TCase *data = tcase_create("shared data");
    tcase_set_timeout(data, 120);
    tcase_add_test(data, test_ja1_sprint);
    tcase_add_test(data, test_rajagopal_treadmill);
    tcase_add_test(data, test_vicon_walking_cadence);
    suite_add_tcase(suite, data);
    return suite;
}
