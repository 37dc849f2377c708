/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ankle part of `gait analyze` end to end: simulated runners with known angles and moments,
 * then real recordings against the references stored with them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"
#include "core/mat3.h"
#include "sim_fixtures.h"

#define DEG (180.0 / M_PI)

/* Every analysed complete plate step of a simulated trial against the model's own truth:
 * angles (curves and peaks) and the foot-frame moment. */
typedef struct sim_errors {
    double angle_deg;         /* largest curve angle error */
    double moment_fraction;   /* largest curve moment error / peak plantarflexion moment */
    double external_peak_deg; /* largest peak external rotation error */
    double inversion_peak;    /* largest peak inversion moment error, N·m/kg */
    size_t steps;
} sim_errors;

static void truth_components(const sim_model *model, size_t stance, int side, double t,
                             double angles_deg[3], double moment_nm_kg[3])
{
    double angles[3];
    sim_ankle_angles(model, side, t, angles);
    for (int c = 0; c < 3; c++)
        angles_deg[c] = angles[c] * DEG;
    gait_vec3 moment;
    sim_ankle_moment(model, stance, t, &moment, NULL);
    sim_frame foot;
    sim_foot_frame(model, side, t, &foot);
    gait_vec3 local = gait_mat3_transpose_mul_vec(foot.rotation, moment);
    double sigma = side == SIM_RIGHT ? 1.0 : -1.0, mass = model->settings.body_mass_kg;
    moment_nm_kg[0] = local.y / mass;
    moment_nm_kg[1] = sigma * local.x / mass;
    moment_nm_kg[2] = sigma * local.z / mass;
}

static sim_errors sim_trial_errors(const gait_sim_settings *s, double ankle_cutoff_hz)
{
    sim_errors e = {0};
    gait_sim *sim = NULL;
    test_assert_ok(gait_sim_run(s, &sim), "gait_sim_run");
    sim_model model;
    sim_fixture_model(&model, s);
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.ankle_cutoff_hz = ankle_cutoff_hz;
    settings.foot_length_m = s->foot_length_m;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(gait_sim_c3d(sim), &settings, &trial), "gait_analyze_c3d");
    gait_moment_frame frame;
    const char *problem[2];
    const char *set = gait_trial_ankle(trial, &frame, NULL, &problem[0], &problem[1]);
    ck_assert_str_eq(set, "libgait-simulator");
    ck_assert_int_eq(frame, GAIT_MOMENT_FOOT);
    double angles[3 * GAIT_CURVE_POINTS], moments[3 * GAIT_CURVE_POINTS];
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        test_assert_ok(gait_trial_get_step(trial, i, &step), "get_step");
        if (!step.complete || !step.from_plate)
            continue;
        /* the simulator's stance that this step is */
        long stance = -1;
        for (size_t k = 0; k < model.n_stances; k++)
            if (fabs(model.stances[k].ic_s - step.ic_s) < 0.01 &&
                model.stances[k].side == step.side)
                stance = (long)k;
        ck_assert_msg(stance >= 0, "step at %g s matches no simulated stance", step.ic_s);
        gait_sim_step truth;
        test_assert_ok(gait_sim_get_step(sim, (size_t)stance, &truth), "truth");
        ck_assert_msg(isfinite(step.ankle_external_rotation_peak_deg) &&
                          isfinite(step.ankle_inversion_moment_peak_nm_kg),
                      "step %zu has no study markers (%s / %s)", i, problem[0], problem[1]);
        e.external_peak_deg = fmax(e.external_peak_deg, fabs(step.ankle_external_rotation_peak_deg -
                                                             truth.peak_external_rotation_deg));
        e.inversion_peak = fmax(e.inversion_peak, fabs(step.ankle_inversion_moment_peak_nm_kg -
                                                       truth.peak_inversion_moment_nm_kg));
        test_assert_ok(gait_trial_get_ankle_curves(trial, i, angles, moments), "curves");
        double peak = 0.0, worst_moment = 0.0;
        for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
            double t = step.ic_s + (step.to_s - step.ic_s) * p / (GAIT_CURVE_POINTS - 1.0);
            double ta[3], tm[3];
            truth_components(&model, (size_t)stance, step.side, t, ta, tm);
            peak = fmax(peak, tm[0]);
            for (int c = 0; c < 3; c++) {
                double a = angles[c * GAIT_CURVE_POINTS + p];
                ck_assert_msg(isfinite(a), "angle %d NaN at %d %%", c, p);
                e.angle_deg = fmax(e.angle_deg, fabs(a - ta[c]));
                double m = moments[c * GAIT_CURVE_POINTS + p];
                /* the ends can fall outside the force's contact (documented) */
                if (p > 2 && p < GAIT_CURVE_POINTS - 3) {
                    ck_assert_msg(isfinite(m), "moment %d NaN at %d %%", c, p);
                    worst_moment = fmax(worst_moment, fabs(m - tm[c]));
                }
            }
        }
        e.moment_fraction = fmax(e.moment_fraction, worst_moment / peak);
        e.steps++;
    }
    gait_trial_free(trial);
    sim_model_free(&model);
    gait_sim_close(sim);
    return e;
}

static const char *const strike_names[] = {"rearfoot", "midfoot", "forefoot"};

/* Noise-free runners, no filter: the library's frames, angles and Newton–Euler against the
 * model's analytic ones. Only finite differences of 200 Hz markers separate them. */
START_TEST(simulated_exact)
{
    for (int strike = 0; strike < 3; strike++) {
        for (int lab = 0; lab < 2; lab++) {
            gait_sim_settings s = sim_fixture_settings((gait_strike_pattern)strike, 8);
            s.vertical = lab ? GAIT_SIM_Y_UP : GAIT_SIM_Z_UP;
            s.progression = lab ? GAIT_SIM_MINUS_X : GAIT_SIM_PLUS_X;
            s.marker_rate_hz = 200.0;
            sim_errors e = sim_trial_errors(&s, 0.0);
            fprintf(stderr,
                    "ankle, %s, %s, noise-free: %zu steps; angle error %.2g deg, moment %.3g %% "
                    "of peak, peak external rotation %.2g deg, peak inversion moment %.2g "
                    "N.m/kg\n",
                    strike_names[strike], lab ? "y up, -x" : "z up, +x", e.steps, e.angle_deg,
                    100.0 * e.moment_fraction, e.external_peak_deg, e.inversion_peak);
            ck_assert_uint_ge(e.steps, 3);
            ck_assert_double_le(e.angle_deg, 0.5);
            ck_assert_double_le(e.moment_fraction, 0.03);
            ck_assert_double_le(e.external_peak_deg, 0.5);
            ck_assert_double_le(e.inversion_peak, 0.01);
        }
    }
}
END_TEST

/* The default simulated lab (0.5 mm marker noise, 2 N force noise) with the default 15 Hz
 * cutoff: the two study markers per stance. */
START_TEST(simulated_noisy)
{
    for (int strike = 0; strike < 3; strike++) {
        gait_sim_settings s = gait_sim_settings_default();
        s.strike = (gait_strike_pattern)strike;
        s.n_steps = 8;
        sim_errors e = sim_trial_errors(&s, 15.0);
        fprintf(stderr,
                "ankle, %s, noisy, 15 Hz: %zu steps; angle error %.2g deg, moment %.3g %% of "
                "peak, peak external rotation %.2g deg, peak inversion moment %.2g N.m/kg\n",
                strike_names[strike], e.steps, e.angle_deg, 100.0 * e.moment_fraction,
                e.external_peak_deg, e.inversion_peak);
        ck_assert_uint_ge(e.steps, 3);
        ck_assert_double_le(e.external_peak_deg, 0.5);
        ck_assert_double_le(e.inversion_peak, 0.01);
    }
}
END_TEST

/* ---- real recordings ---- */

/* Analyse ../shared/data files: a C3D, or a TRC + MOT pair with an optional static TRC. */
static gait_trial *analyze_shared(const char *c3d_path, const char *trc_path, const char *mot_path,
                                  const char *static_path, double mass_kg, double ankle_width_m,
                                  double knee_width_m)
{
    char path[TEST_PATH_CAPACITY];
    gait_c3d *c3d = NULL;
    gait_trc *trc = NULL, *fixed = NULL;
    gait_mot *mot = NULL;
    if (c3d_path != NULL)
        c3d = test_open_shared_c3d(c3d_path);
    if (trc_path != NULL)
        test_assert_ok(gait_trc_open(test_shared_path(path, trc_path), &trc), trc_path);
    if (mot_path != NULL)
        test_assert_ok(gait_mot_open(test_shared_path(path, mot_path), &mot), mot_path);
    if (static_path != NULL)
        test_assert_ok(gait_trc_open(test_shared_path(path, static_path), &fixed), static_path);
    gait_analyze_inputs inputs = {c3d, trc, mot, NULL, fixed};
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.mass_kg = mass_kg;
    settings.ankle_width_m = ankle_width_m;
    settings.knee_width_m = knee_width_m;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze(&inputs, &settings, &trial), "gait_analyze");
    gait_c3d_close(c3d);
    gait_trc_close(trc);
    gait_trc_close(fixed);
    gait_mot_close(mot);
    return trial;
}

/* Print every stance's study markers; count the complete plate stances and those with both. */
static void report_stances(const char *name, const gait_trial *trial, size_t *complete,
                           size_t *with_both)
{
    *complete = *with_both = 0;
    gait_moment_frame frame;
    const char *problem[2];
    const char *set = gait_trial_ankle(trial, &frame, NULL, &problem[0], &problem[1]);
    fprintf(stderr, "%s: marker set %s, moments in the %s frame%s%s%s%s\n", name, set,
            gait_moment_frame_name((int)frame), problem[0][0] ? "; right: " : "", problem[0],
            problem[1][0] ? "; left: " : "", problem[1]);
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        test_assert_ok(gait_trial_get_step(trial, i, &s), "get_step");
        if (!s.from_plate)
            continue;
        fprintf(stderr,
                "  %s %s IC %.3f s: inversion moment %.3f, eversion %.3f, plantarflexion %.3f "
                "N.m/kg; external rotation %.1f, eversion %.1f, dorsiflexion at IC %.1f deg\n",
                s.side == 0   ? "right"
                : s.side == 1 ? "left"
                              : "?",
                s.complete ? "complete  " : "incomplete", s.ic_s,
                s.ankle_inversion_moment_peak_nm_kg, s.ankle_eversion_moment_peak_nm_kg,
                s.ankle_plantarflexion_moment_peak_nm_kg, s.ankle_external_rotation_peak_deg,
                s.ankle_eversion_peak_deg, s.ankle_dorsiflexion_ic_deg);
        if (!s.complete)
            continue;
        (*complete)++;
        *with_both += isfinite(s.ankle_inversion_moment_peak_nm_kg) &&
                      isfinite(s.ankle_external_rotation_peak_deg);
    }
}

/* Treadmill running with a static trial (Rajagopal): every stance gets both study markers. */
START_TEST(rajagopal_running)
{
    if (test_skip_without_shared_file("rajagopal", "opensim-rajagopal-run/grf_run.mot"))
        return;
    gait_trial *trial = analyze_shared(NULL, "opensim-rajagopal-run/motion_capture_run.trc",
                                       "opensim-rajagopal-run/grf_run.mot",
                                       "opensim-rajagopal-run/static_run.trc", 72.84, 0.0, 0.0);
    size_t complete, both;
    report_stances("opensim-rajagopal-run", trial, &complete, &both);
    ck_assert_uint_ge(complete, 13); /* 8 right + 7 left, less the truncated first */
    ck_assert_uint_eq(both, complete);
    gait_trial_free(trial);
}
END_TEST

/* Sprint C3D with lateral markers only (LMAL, LEPI, TILAT): with the ankle and knee widths
 * (adult values, the file holds none) every complete plate stance gets both study markers. */
START_TEST(sprint_c3d)
{
    const char *file = "nimble-sprint-c3d/JA1Gait35.c3d";
    if (test_skip_without_shared_file("sprint C3D", file))
        return;
    gait_trial *trial = analyze_shared(file, NULL, NULL, NULL, 0.0, 0.07, 0.10);
    size_t complete, both;
    report_stances(file, trial, &complete, &both);
    ck_assert_uint_eq(complete, 4);
    ck_assert_uint_eq(both, complete);
    gait_trial_free(trial);
    /* without the widths such a leg cannot be built: a named refusal, no invented centre */
    trial = analyze_shared(file, NULL, NULL, NULL, 0.0, 0.0, 0.0);
    const char *problem[2];
    gait_trial_ankle(trial, NULL, NULL, &problem[0], &problem[1]);
    ck_assert_ptr_nonnull(strstr(problem[0], "no knee centre"));
    gait_trial_free(trial);
}
END_TEST

/* Qualisys running C3D: lateral knee and ankle markers and an uncalibrated shank cluster, no
 * tibia marker and no static trial: the shank cannot be defined, so the ankle values are NaN
 * with the reason, while the force markers are there. */
START_TEST(running_c3d_refused)
{
    const char *file = "pyorerun-running-c3d/Running_0002.c3d";
    if (test_skip_without_shared_file("running C3D", file))
        return;
    gait_trial *trial = analyze_shared(file, NULL, NULL, NULL, 70.0, 0.07, 0.10);
    size_t complete, both;
    report_stances(file, trial, &complete, &both);
    ck_assert_uint_eq(complete, 1);
    ck_assert_uint_eq(both, 0);
    const char *problem[2];
    gait_trial_ankle(trial, NULL, NULL, &problem[0], &problem[1]);
    ck_assert_ptr_nonnull(strstr(problem[0], "shank"));
    gait_step s;
    gait_trial_get_step(trial, 0, &s);
    ck_assert(isfinite(s.peak_vgrf_bw));
    gait_trial_free(trial);
}
END_TEST

/* Pearson correlation of n pairs. */
static double pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++)
        mx += x[i] / (double)n, my += y[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

/* OpenSim Gait2354 walking: the sagittal ankle moment in stance against OpenSim's inverse
 * dynamics (ankle_angle_r/l_moment: dorsiflexion positive, so its negative is our plantarflexion
 * moment), in N·m. */
START_TEST(gait2354_sagittal)
{
    if (test_skip_without_shared_file("gait2354", "opensim-gait2354-walk/subject01_walk1.trc"))
        return;
    const double mass_kg = 72.6; /* cancels out of N·m except in the foot's own inertia */
    gait_trial *trial =
        analyze_shared(NULL, "opensim-gait2354-walk/subject01_walk1.trc",
                       "opensim-gait2354-walk/subject01_walk1_grf.mot",
                       "opensim-gait2354-walk/subject01_static.trc", mass_kg, 0.0, 0.0);
    size_t complete, both;
    report_stances("opensim-gait2354-walk", trial, &complete, &both);
    char path[TEST_PATH_CAPACITY];
    gait_mot *sto = NULL;
    test_assert_ok(
        gait_mot_open(
            test_shared_path(path, "opensim-gait2354-walk/reference/inverse_dynamics.sto"), &sto),
        "inverse_dynamics.sto");
    gait_mot_info info;
    test_assert_ok(gait_mot_get_info(sto, &info), "info");
    double *time = malloc(info.n_rows * sizeof *time), *ref = malloc(info.n_rows * sizeof *ref);
    test_assert_ok(gait_mot_get_times(sto, time), "times");
    size_t compared = 0;
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        if (!s.complete || (s.side != 0 && s.side != 1))
            continue;
        size_t column;
        test_assert_ok(
            gait_mot_find_column(sto, s.side == 0 ? "ankle_angle_r_moment" : "ankle_angle_l_moment",
                                 &column),
            "column");
        test_assert_ok(gait_mot_get_column(sto, column, ref), "column values");
        double curve[3 * GAIT_CURVE_POINTS];
        test_assert_ok(gait_trial_get_ankle_curves(trial, i, NULL, curve), "curves");
        double ours[GAIT_CURVE_POINTS], theirs[GAIT_CURVE_POINTS];
        size_t n = 0;
        for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
            double t = s.ic_s + (s.to_s - s.ic_s) * p / (GAIT_CURVE_POINTS - 1.0);
            if (!isfinite(curve[p]) || t < time[0] || t > time[info.n_rows - 1])
                continue;
            size_t k = 0;
            while (k + 2 < info.n_rows && time[k + 1] < t)
                k++;
            double w = (t - time[k]) / (time[k + 1] - time[k]);
            ours[n] = curve[p] * mass_kg;
            theirs[n] = -((1.0 - w) * ref[k] + w * ref[k + 1]);
            n++;
        }
        if (n < 50)
            continue; /* mostly outside OpenSim's 0.4-1.6 s */
        double rms = 0.0;
        for (size_t k = 0; k < n; k++)
            rms += (ours[k] - theirs[k]) * (ours[k] - theirs[k]) / (double)n;
        double r = pearson(ours, theirs, n);
        fprintf(stderr,
                "gait2354 %s stance at %.3f s: sagittal ankle moment vs OpenSim ID over %zu "
                "points: r %.3f, RMS %.1f N.m\n",
                s.side == 0 ? "right" : "left", s.ic_s, n, r, sqrt(rms));
        ck_assert_double_ge(r, 0.95);
        compared++;
    }
    ck_assert_uint_ge(compared, 1);
    free(time), free(ref);
    gait_mot_close(sto);
    gait_trial_free(trial);
}
END_TEST

/* Plug-in Gait's own ankle moments stored in the file, per plate stance, against ours.
 * Mapping (checked in tests/ref/pig_ankle_reference.py): L/RAnkleMoment are internal moments in
 * PiG's foot axes, stored in N·mm/kg although POINT:MOMENT_UNITS says "Nmm"; X is the
 * plantarflexor moment (+) and Y the eversion moment (so inversion = -Y), on both sides. The
 * reader scales points by POINT:UNITS (mm -> m), which undoes the "mm" once: x 1000 / 1000. */
typedef struct pig_figures {
    double sagittal_r, sagittal_rms, plantarflexion_peak_error; /* fraction */
    double frontal_r, frontal_rms, inversion_peak_error, eversion_peak_error;
} pig_figures;

static void pig_compare(const char *file)
{
    if (test_skip_without_shared_file("Plug-in Gait moments", file))
        return;
    gait_c3d *c3d = test_open_shared_c3d(file);
    gait_c3d_info info;
    test_assert_ok(gait_c3d_get_info(c3d, &info), "info");
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, NULL, &trial), "analyze");
    int pig = 0;
    gait_moment_frame frame;
    gait_trial_ankle(trial, &frame, &pig, NULL, NULL);
    ck_assert_msg(pig && frame == GAIT_MOMENT_FOOT, "%s: Plug-in Gait mode not selected", file);
    double *stored = malloc(3 * info.n_frames * sizeof *stored);
    size_t stances = 0;
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        /* every plate stance with both events, also one near a plate edge (PiG computes it) */
        if (!s.from_plate || !isfinite(s.ic_s) || !isfinite(s.to_s) || (s.side != 0 && s.side != 1))
            continue;
        size_t index;
        test_assert_ok(
            gait_c3d_find_point(c3d, s.side == 0 ? "RAnkleMoment" : "LAnkleMoment", &index),
            "AnkleMoment");
        test_assert_ok(gait_c3d_get_point(c3d, index, stored, NULL), "AnkleMoment values");
        double to_nm_kg = 0.001 / info.point_units_m; /* stored N·mm/kg -> N·m/kg */
        double curve[3 * GAIT_CURVE_POINTS];
        test_assert_ok(gait_trial_get_ankle_curves(trial, i, NULL, curve), "curves");
        double ours[2][GAIT_CURVE_POINTS], theirs[2][GAIT_CURVE_POINTS];
        size_t n = 0;
        for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
            double t = s.ic_s + (s.to_s - s.ic_s) * p / (GAIT_CURVE_POINTS - 1.0);
            double x =
                (t - (double)(info.first_frame - 1) / info.point_rate_hz) * info.point_rate_hz;
            size_t k = (size_t)floor(x);
            double w = x - (double)k;
            if (!isfinite(curve[p]) || !isfinite(curve[GAIT_CURVE_POINTS + p]) ||
                k + 1 >= info.n_frames || !isfinite(stored[3 * k] + stored[3 * k + 3]))
                continue; /* PiG leaves some frames out (stored as missing) */
            double sx = (1 - w) * stored[3 * k] + w * stored[3 * k + 3];
            double sy = (1 - w) * stored[3 * k + 1] + w * stored[3 * k + 4];
            ours[0][n] = curve[p];
            ours[1][n] = curve[GAIT_CURVE_POINTS + p];
            theirs[0][n] = sx * to_nm_kg;
            theirs[1][n] = -sy * to_nm_kg;
            n++;
        }
        ck_assert_uint_ge(n, 50); /* of 101: PiG stores some frames as missing */
        pig_figures f;
        double rms[2] = {0, 0}, peak_ours[3] = {-1e9, -1e9, -1e9},
               peak_theirs[3] = {-1e9, -1e9, -1e9};
        for (size_t k = 0; k < n; k++) {
            for (int c = 0; c < 2; c++)
                rms[c] += (ours[c][k] - theirs[c][k]) * (ours[c][k] - theirs[c][k]) / (double)n;
            peak_ours[0] = fmax(peak_ours[0], ours[0][k]);
            peak_theirs[0] = fmax(peak_theirs[0], theirs[0][k]);
            peak_ours[1] = fmax(peak_ours[1], ours[1][k]);
            peak_theirs[1] = fmax(peak_theirs[1], theirs[1][k]);
            peak_ours[2] = fmax(peak_ours[2], -ours[1][k]);
            peak_theirs[2] = fmax(peak_theirs[2], -theirs[1][k]);
        }
        f.sagittal_r = pearson(ours[0], theirs[0], n);
        f.sagittal_rms = sqrt(rms[0]);
        f.plantarflexion_peak_error = fabs(peak_ours[0] / peak_theirs[0] - 1.0);
        f.frontal_r = pearson(ours[1], theirs[1], n);
        f.frontal_rms = sqrt(rms[1]);
        f.inversion_peak_error = fabs(peak_ours[1] - peak_theirs[1]);
        f.eversion_peak_error = fabs(peak_ours[2] - peak_theirs[2]);
        fprintf(stderr,
                "%s %s stance at %.2f s vs PiG: sagittal r %.4f RMS %.3f N.m/kg, "
                "plantarflexion peak %.3f vs %.3f (%.1f %%); frontal r %.3f RMS %.4f N.m/kg, "
                "inversion peak %.3f vs %.3f, eversion peak %.3f vs %.3f; transverse not "
                "compared\n",
                file, s.side == 0 ? "right" : "left", s.ic_s, f.sagittal_r, f.sagittal_rms,
                peak_ours[0], peak_theirs[0], 100 * f.plantarflexion_peak_error, f.frontal_r,
                f.frontal_rms, peak_ours[1], peak_theirs[1], peak_ours[2], peak_theirs[2]);
        ck_assert_double_ge(f.sagittal_r, 0.99);
        ck_assert_double_le(f.plantarflexion_peak_error, 0.06);
        ck_assert_double_le(f.sagittal_rms, 0.06);
        ck_assert_double_ge(f.frontal_r, 0.8);
        ck_assert_double_le(f.frontal_rms, 0.04);
        ck_assert_double_le(f.inversion_peak_error, 0.05);
        ck_assert_double_le(f.eversion_peak_error, 0.05);
        stances++;
    }
    ck_assert_uint_ge(stances, 2);
    free(stored);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}

START_TEST(pig_flatfoot_full)
{
    pig_compare("btk-gait-c3d/PiG_Motion-FlatFoot-Full.c3d");
}
END_TEST

START_TEST(pig_motion3)
{
    pig_compare("btk-gait-c3d/PiG_Motion3_FF.c3d");
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("ankle");
    TCase *sim = tcase_create("simulated");
    tcase_set_timeout(sim, 120);
    tcase_add_test(sim, simulated_exact);
    tcase_add_test(sim, simulated_noisy);
    suite_add_tcase(suite, sim);
    TCase *real = tcase_create("real");
    tcase_set_timeout(real, 120);
    tcase_add_test(real, rajagopal_running);
    tcase_add_test(real, sprint_c3d);
    tcase_add_test(real, running_c3d_refused);
    tcase_add_test(real, gait2354_sagittal);
    tcase_add_test(real, pig_flatfoot_full);
    tcase_add_test(real, pig_motion3);
    suite_add_tcase(suite, real);
    return suite;
}
