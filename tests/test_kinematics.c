/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shank and foot frames and ISB ankle angles (src/kinematics/): markers of the simulator
 * (sim_marker_position) against its prescribed angles and frames, for every strike pattern, both
 * sides and rotated labs, noise-free and with marker noise; the Plug-in Gait joint-centre
 * fallbacks; the static calibration on simulated and real (OpenSim Rajagopal) data; marker-set
 * detection on the real files of ../shared/data. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"
#include "core/mat3.h"
#include "sim/sim_internal.h"
#include "sim_fixtures.h"

#define DEG (M_PI / 180.0)

/* Noise-free, the frames are built from exact marker geometry, so only rounding separates the
 * angles from the truth: ~1e-13 rad on unit vectors built from positions of a few metres, times a
 * condition number of a few (0.07 m malleolar base / 0.42 m shank). 1e-7 deg (2e-9 rad) leaves
 * four orders of magnitude for the worst frame without admitting any modelling error (a 0.1 mm
 * misplaced centre would already be ~1e-3 deg). */
#define EXACT_TOL_DEG 1e-7
#define EXACT_TOL     1e-9 /* rotation entries and origins (m) */

#define N_STEPS 6
#define DT_S    0.0023 /* sampling step, off the 200 Hz grid so keyframes fall anywhere */

/* Synthetic markers the simulator lacks, placed rigidly in its segment frames: a lateral tibia
 * wand in the shank's frontal plane (PiG's TIB), and a three-marker shank cluster. Right side; y
 * is mirrored for the left. Metres, scaled like the simulator for its 0.26 m foot. */
static const double LATERAL_TIB_LOCAL[3] = {0.0, -0.07, 0.20};
static const double CLUSTER_LOCAL[3][3] = {
    {0.04, -0.03, 0.25}, {0.05, -0.02, 0.16}, {0.03, -0.05, 0.20}};

/* Lab rotations (canonical -> lab): z up +x, z up progression -x, y up, and an oblique one. */
enum { N_LABS = 4 };
static const char *const lab_names[N_LABS] = {"z-up +x", "z-up -x", "y-up", "oblique"};

static void lab_rotation(int lab, double q[9])
{
    static const double labs[3][9] = {
        {1, 0, 0, 0, 1, 0, 0, 0, 1},
        {-1, 0, 0, 0, -1, 0, 0, 0, 1},
        {1, 0, 0, 0, 0, 1, 0, -1, 0}, /* x -> x, y -> -z, z -> y */
    };
    if (lab < 3) {
        memcpy(q, labs[lab], sizeof labs[lab]);
        return;
    }
    /* Rz(30) Rx(20) Ry(-40) */
    const double a = 30 * DEG, b = 20 * DEG, c = -40 * DEG;
    const double rz[9] = {cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1};
    const double rx[9] = {1, 0, 0, 0, cos(b), -sin(b), 0, sin(b), cos(b)};
    const double ry[9] = {cos(c), 0, sin(c), 0, 1, 0, -sin(c), 0, cos(c)};
    gait_mat3_mul(rz, rx, q);
    gait_mat3_mul(q, ry, q);
}

/* Landmark of each simulator marker, in sim_marker_name order. */
static const int sim_landmark[9] = {GAIT_LM_HEEL,     GAIT_LM_TOE,           GAIT_LM_MT1,
                                    GAIT_LM_MT5,      GAIT_LM_LAT_MALLEOLUS, GAIT_LM_MED_MALLEOLUS,
                                    GAIT_LM_LAT_KNEE, GAIT_LM_MED_KNEE,      GAIT_LM_TIBIA};

/* A deterministic uniform variate in [-1, 1) (LCG). */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return 2.0 * ((double)(*state >> 11) / 9007199254740992.0) - 1.0;
}

/* A deterministic normal variate (LCG + Box-Muller). */
static double normal(uint64_t *state)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        u[i] = ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
    }
    return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

/* One leg's markers over n frames, with their storage. */
typedef struct trial {
    size_t n;
    double *xyz[GAIT_LANDMARK_COUNT];
    double *t_s;
    gait_leg_markers markers;
} trial;

static void trial_init(trial *tr, size_t n)
{
    memset(tr, 0, sizeof *tr);
    tr->n = n;
    tr->t_s = calloc(n, sizeof(double));
    ck_assert_ptr_nonnull(tr->t_s);
    tr->markers.n_frames = n;
}

static double *trial_add(trial *tr, int lm)
{
    if (!tr->xyz[lm]) {
        tr->xyz[lm] = calloc(3 * tr->n, sizeof(double));
        ck_assert_ptr_nonnull(tr->xyz[lm]);
    }
    tr->markers.xyz_m[lm] = tr->xyz[lm];
    return tr->xyz[lm];
}

static void trial_drop(trial *tr, int lm)
{
    free(tr->xyz[lm]);
    tr->xyz[lm] = NULL;
    tr->markers.xyz_m[lm] = NULL;
}

static void trial_free(trial *tr)
{
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
        free(tr->xyz[lm]);
    free(tr->t_s);
    memset(tr, 0, sizeof *tr);
}

static void put(double *xyz, size_t k, const double q[9], gait_vec3 p)
{
    const gait_vec3 l = gait_mat3_mul_vec(q, p);
    xyz[3 * k] = l.x;
    xyz[3 * k + 1] = l.y;
    xyz[3 * k + 2] = l.z;
}

/* A point fixed in a segment frame (right-side local, y mirrored on the left). */
static gait_vec3 rigid_point(const sim_frame *f, const double local[3], int side)
{
    const double s = side == SIM_RIGHT ? 1.0 : -1.0;
    return gait_vec3_add(
        f->origin_m,
        gait_mat3_mul_vec(f->rotation, gait_vec3_make(local[0], s * local[1], local[2])));
}

enum { WITH_LATERAL_TIB = 1, WITH_CLUSTER = 2 };

/* The simulator's markers of `side` at t = k DT_S in lab `q`, with uniform noise of up to
 * noise_m per coordinate and the synthetic extras; a lateral TIB replaces the simulator's
 * anterior one. */
static void sample_sim(const sim_model *m, int side, const double q[9], double noise_m, int extras,
                       trial *tr)
{
    const size_t n = (size_t)(m->duration_s / DT_S);
    trial_init(tr, n);
    uint64_t rng = 12345u + (uint64_t)side;
    for (size_t k = 0; k < n; k++) {
        const double t = (double)k * DT_S;
        tr->t_s[k] = t;
        sim_frame shank;
        sim_shank_frame(m, side, t, &shank);
        for (size_t i = 0; i < sim_marker_count(); i++) {
            gait_vec3 p;
            sim_marker_position(m, i, side, t, &p);
            if (sim_landmark[i] == GAIT_LM_TIBIA && (extras & WITH_LATERAL_TIB))
                p = rigid_point(&shank, LATERAL_TIB_LOCAL, side);
            p = gait_vec3_add(p, gait_vec3_make(noise_m * uniform(&rng), noise_m * uniform(&rng),
                                                noise_m * uniform(&rng)));
            put(trial_add(tr, sim_landmark[i]), k, q, p);
        }
        if (extras & WITH_CLUSTER)
            for (int c = 0; c < 3; c++)
                put(trial_add(tr, GAIT_LM_SHANK_1 + c), k, q,
                    rigid_point(&shank, CLUSTER_LOCAL[c], side));
    }
}

/* Worst differences of the computed frames and angles from the simulator's truth. */
typedef struct errors {
    double angle_deg[3]; /* max |error| per angle */
    double rms_deg[3];
    double rotation; /* max |entry error| of either rotation */
    double origin_m; /* max distance of either origin */
    size_t n_finite;
} errors;

static void compare(const sim_model *m, int side, const double q[9], const trial *tr,
                    const gait_leg_calibration *cal, const gait_leg_settings *settings, errors *e)
{
    const size_t n = tr->n;
    double *rs = malloc(9 * n * sizeof(double)), *rf = malloc(9 * n * sizeof(double));
    double *os = malloc(3 * n * sizeof(double)), *of = malloc(3 * n * sizeof(double));
    double *ang = malloc(3 * n * sizeof(double));
    ck_assert(rs && rf && os && of && ang);
    test_assert_ok(gait_leg_poses(&tr->markers, side, cal, settings, rs, os, rf, of),
                   "gait_leg_poses");
    test_assert_ok(gait_ankle_angles(n, side, rs, rf, ang), "gait_ankle_angles");
    memset(e, 0, sizeof *e);
    double sum2[3] = {0, 0, 0};
    for (size_t k = 0; k < n; k++) {
        double truth[3];
        sim_ankle_angles(m, side, tr->t_s[k], truth);
        for (int a = 0; a < 3; a++) {
            ck_assert_msg(isfinite(ang[3 * k + a]), "frame %zu angle %d not finite", k, a);
            const double d = fabs(ang[3 * k + a] - truth[a] / DEG);
            e->angle_deg[a] = fmax(e->angle_deg[a], d);
            sum2[a] += d * d;
        }
        sim_frame fs, ff;
        sim_shank_frame(m, side, tr->t_s[k], &fs);
        sim_foot_frame(m, side, tr->t_s[k], &ff);
        double lab_s[9], lab_f[9];
        gait_mat3_mul(q, fs.rotation, lab_s);
        gait_mat3_mul(q, ff.rotation, lab_f);
        for (int i = 0; i < 9; i++)
            e->rotation = fmax(
                e->rotation, fmax(fabs(rs[9 * k + i] - lab_s[i]), fabs(rf[9 * k + i] - lab_f[i])));
        const gait_vec3 o = gait_mat3_mul_vec(q, fs.origin_m);
        const gait_vec3 o2 = gait_mat3_mul_vec(q, ff.origin_m);
        e->origin_m =
            fmax(e->origin_m, gait_vec3_norm(gait_vec3_sub(
                                  gait_vec3_make(os[3 * k], os[3 * k + 1], os[3 * k + 2]), o)));
        e->origin_m =
            fmax(e->origin_m, gait_vec3_norm(gait_vec3_sub(
                                  gait_vec3_make(of[3 * k], of[3 * k + 1], of[3 * k + 2]), o2)));
        e->n_finite++;
    }
    for (int a = 0; a < 3; a++)
        e->rms_deg[a] = sqrt(sum2[a] / (double)n);
    free(rs);
    free(rf);
    free(os);
    free(of);
    free(ang);
}

static double max3(const double v[3])
{
    return fmax(v[0], fmax(v[1], v[2]));
}

static const gait_strike_pattern strikes[3] = {GAIT_STRIKE_REARFOOT, GAIT_STRIKE_MIDFOOT,
                                               GAIT_STRIKE_FOREFOOT};
static const char *const strike_names[3] = {"rearfoot", "midfoot", "forefoot"};

/* ---- simulator: exact and noisy ---- */

START_TEST(test_angles_match_simulator_noise_free)
{
    for (int st = 0; st < 3; st++) {
        gait_sim_settings s = sim_fixture_settings(strikes[st], N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++)
            for (int lab = 0; lab < N_LABS; lab++) {
                double q[9];
                lab_rotation(lab, q);
                trial tr;
                sample_sim(&m, side, q, 0.0, 0, &tr);
                errors e;
                compare(&m, side, q, &tr, NULL, NULL, &e);
                fprintf(stderr,
                        "noise-free %-8s %-5s %-7s: %zu frames, max angle error %.2e deg, "
                        "rotation %.1e, origin %.1e m\n",
                        strike_names[st], side ? "left" : "right", lab_names[lab], e.n_finite,
                        max3(e.angle_deg), e.rotation, e.origin_m);
                ck_assert_double_le(max3(e.angle_deg), EXACT_TOL_DEG);
                ck_assert_double_le(e.rotation, EXACT_TOL);
                ck_assert_double_le(e.origin_m, EXACT_TOL);
                trial_free(&tr);
            }
        sim_model_free(&m);
    }
}
END_TEST

/* Uniform noise of up to 0.5 mm per coordinate (sd 0.29 mm): the malleoli are 7 cm apart, so the
 * shank's y carries ~0.29 mm * sqrt(2) / 70 mm = 0.33 deg of noise about each of its two
 * perpendicular axes, which the rotation and inversion angles take directly, and single frames
 * reach ~3 sd. So the RMS error per angle is asserted below 0.5 deg (no filtering), and the worst
 * frame below 1.5 deg. */
START_TEST(test_angles_with_marker_noise)
{
    for (int st = 0; st < 3; st++) {
        gait_sim_settings s = sim_fixture_settings(strikes[st], N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++)
            for (int lab = 0; lab < N_LABS; lab += 2) {
                double q[9];
                lab_rotation(lab, q);
                trial tr;
                sample_sim(&m, side, q, 0.0005, 0, &tr);
                errors e;
                compare(&m, side, q, &tr, NULL, NULL, &e);
                fprintf(stderr,
                        "noise +-0.5 mm %-8s %-5s %-7s: RMS error df %.3f inv %.3f ir %.3f deg; "
                        "max df %.2f inv %.2f ir %.2f deg\n",
                        strike_names[st], side ? "left" : "right", lab_names[lab], e.rms_deg[0],
                        e.rms_deg[1], e.rms_deg[2], e.angle_deg[0], e.angle_deg[1], e.angle_deg[2]);
                ck_assert_double_le(max3(e.rms_deg), 0.5);
                ck_assert_double_le(max3(e.angle_deg), 1.5);
                trial_free(&tr);
            }
        sim_model_free(&m);
    }
}
END_TEST

/* ---- joint-centre fallbacks ---- */

START_TEST(test_pig_ankle_fallback)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_REARFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    for (int side = 0; side < 2; side++) {
        double q[9];
        lab_rotation(3, q);
        trial tr;
        sample_sim(&m, side, q, 0.0, WITH_LATERAL_TIB, &tr);
        trial_drop(&tr, GAIT_LM_MED_MALLEOLUS);
        /* Refused without the ankle width, naming it. */
        gait_status st = gait_leg_poses(&tr.markers, side, NULL, NULL, NULL, NULL, NULL, NULL);
        ck_assert_int_eq(st, GAIT_E_NO_DATA);
        ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "ankle_width_m"));
        /* The simulator's malleoli are 3.5 cm from the centre: width 6 cm + 5 mm radius. */
        const gait_leg_settings set = {0.06, 0.0, 0.005};
        errors e;
        compare(&m, side, q, &tr, NULL, &set, &e);
        fprintf(stderr, "PiG ankle chord %s: max angle error %.2e deg, origin %.1e m\n",
                side ? "left" : "right", max3(e.angle_deg), e.origin_m);
        ck_assert_double_le(max3(e.angle_deg), EXACT_TOL_DEG);
        ck_assert_double_le(e.origin_m, EXACT_TOL);
        trial_free(&tr);
    }
    sim_model_free(&m);
}
END_TEST

START_TEST(test_knee_fallback)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_FOREFOOT, N_STEPS);
    sim_model m;
    sim_fixture_model(&m, &s);
    for (int side = 0; side < 2; side++) {
        double q[9];
        lab_rotation(2, q);
        trial tr;
        sample_sim(&m, side, q, 0.0, 0, &tr);
        trial_drop(&tr, GAIT_LM_MED_KNEE);
        ck_assert_int_eq(gait_leg_poses(&tr.markers, side, NULL, NULL, NULL, NULL, NULL, NULL),
                         GAIT_E_NO_DATA);
        ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "knee centre"));
        /* Knee markers 5 cm from the centre: width 8 cm + 1 cm radius. */
        const gait_leg_settings set = {0.0, 0.08, 0.01};
        errors e;
        compare(&m, side, q, &tr, NULL, &set, &e);
        ck_assert_double_le(max3(e.angle_deg), EXACT_TOL_DEG);
        trial_free(&tr);
    }
    sim_model_free(&m);
}
END_TEST

START_TEST(test_missing_frames_are_nan_and_no_foot_is_refused)
{
    gait_sim_settings s = sim_fixture_settings(GAIT_STRIKE_MIDFOOT, 2);
    sim_model m;
    sim_fixture_model(&m, &s);
    double q[9];
    lab_rotation(0, q);
    trial tr;
    sample_sim(&m, SIM_LEFT, q, 0.0, 0, &tr);
    tr.xyz[GAIT_LM_HEEL][3 * 5 + 1] = NAN;     /* foot of frame 5 */
    tr.xyz[GAIT_LM_LAT_KNEE][3 * 7 + 2] = NAN; /* shank of frame 7 */
    const size_t n = tr.n;
    double *rs = malloc(9 * n * sizeof(double)), *rf = malloc(9 * n * sizeof(double));
    double *ang = malloc(3 * n * sizeof(double));
    ck_assert(rs && rf && ang);
    test_assert_ok(gait_leg_poses(&tr.markers, SIM_LEFT, NULL, NULL, rs, NULL, rf, NULL), "poses");
    test_assert_ok(gait_ankle_angles(n, SIM_LEFT, rs, rf, ang), "angles");
    ck_assert(isnan(rf[9 * 5]) && isfinite(rs[9 * 5]) && isnan(ang[3 * 5]));
    ck_assert(isnan(rs[9 * 7]) && isfinite(rf[9 * 7]) && isnan(ang[3 * 7 + 2]));
    ck_assert(isfinite(ang[3 * 6]) && isfinite(ang[3 * 6 + 1]) && isfinite(ang[3 * 6 + 2]));
    /* No toe and no metatarsal heads: no foot anywhere. */
    trial_drop(&tr, GAIT_LM_TOE);
    trial_drop(&tr, GAIT_LM_MT1);
    trial_drop(&tr, GAIT_LM_MT5);
    ck_assert_int_eq(gait_leg_poses(&tr.markers, SIM_LEFT, NULL, NULL, rs, NULL, rf, NULL),
                     GAIT_E_NO_DATA);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "foot: needs heel + toe"));
    ck_assert(isnan(rf[0]));
    ck_assert_int_eq(gait_leg_poses(&tr.markers, 2, NULL, NULL, rs, NULL, rf, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_ankle_angles(1, 0, NULL, rf, ang), GAIT_E_INVALID_ARG);
    free(rs);
    free(rf);
    free(ang);
    trial_free(&tr);
    sim_model_free(&m);
}
END_TEST

/* ---- angle decomposition ---- */

static void rot_axis(int axis, double a, double r[9])
{
    const double c = cos(a), s = sin(a);
    const double rx[9] = {1, 0, 0, 0, c, -s, 0, s, c};
    const double ry[9] = {c, 0, s, 0, 1, 0, -s, 0, c};
    const double rz[9] = {c, -s, 0, s, c, 0, 0, 0, 1};
    memcpy(r, axis == 0 ? rx : axis == 1 ? ry : rz, 9 * sizeof(double));
}

START_TEST(test_angles_invert_the_sequence)
{
    const double shank[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (int side = 0; side < 2; side++) {
        const double s = side ? -1.0 : 1.0;
        for (double df = -80; df <= 80; df += 13.7)
            for (double inv = -85; inv <= 85; inv += 17.3)
                for (double ir = -170; ir <= 170; ir += 21.1) {
                    double a[9], b[9], c[9], foot[9], out[3];
                    rot_axis(1, -df * DEG, a);
                    rot_axis(0, s * inv * DEG, b);
                    rot_axis(2, s * ir * DEG, c);
                    gait_mat3_mul(a, b, foot);
                    gait_mat3_mul(foot, c, foot);
                    test_assert_ok(gait_ankle_angles(1, side, shank, foot, out), "angles");
                    ck_assert_double_eq_tol(out[0], df, 1e-9);
                    ck_assert_double_eq_tol(out[1], inv, 1e-9);
                    ck_assert_double_eq_tol(out[2], ir, 1e-9);
                }
    }
}
END_TEST

/* ---- static calibration on the simulator ---- */

/* The local position of simulator marker i in its segment frame (markers are rigid). */
static gait_vec3 sim_local(const sim_model *m, size_t i, int side)
{
    sim_frame f;
    if (sim_landmark[i] >= GAIT_LM_LAT_MALLEOLUS)
        sim_shank_frame(m, side, 0.1, &f);
    else
        sim_foot_frame(m, side, 0.1, &f);
    gait_vec3 p;
    sim_marker_position(m, i, side, 0.1, &p);
    return gait_mat3_transpose_mul_vec(f.rotation, gait_vec3_sub(p, f.origin_m));
}

/* Raise the toe marker 1 cm off the heel marker's height, in a trial sampled from the model. */
static void raise_toe(const sim_model *m, int side, const double q[9], trial *tr)
{
    for (size_t k = 0; k < tr->n; k++) {
        sim_frame f;
        sim_foot_frame(m, side, tr->t_s[k], &f);
        const gait_vec3 lift = gait_mat3_mul_vec(q, gait_mat3_column(f.rotation, 2));
        double *toe = tr->xyz[GAIT_LM_TOE] + 3 * k;
        toe[0] += 0.01 * lift.x;
        toe[1] += 0.01 * lift.y;
        toe[2] += 0.01 * lift.z;
    }
}

START_TEST(test_static_calibration_rebuilds_landmarks)
{
    for (int st = 0; st < 3; st += 2) {
        gait_sim_settings s = sim_fixture_settings(strikes[st], N_STEPS);
        sim_model m;
        sim_fixture_model(&m, &s);
        for (int side = 0; side < 2; side++)
            for (int lab = 0; lab < N_LABS; lab += 3) {
                double q[9];
                lab_rotation(lab, q);
                /* Static: foot flat at yaw 20 deg, shank perpendicular (all angles zero), ankle
                 * centre at the foot's ankle height; 10 frames, noise-free in the first lab (an
                 * exact result) and with 0.2 mm noise (sd) in the oblique one. */
                const double static_sd_m = lab == 0 ? 0.0 : 0.0002;
                sim_frame pose;
                memset(&pose, 0, sizeof pose);
                rot_axis(2, 20 * DEG, pose.rotation);
                pose.origin_m = gait_vec3_make(1.0, 0.3, -m.foot.heel_m.z);
                trial stat;
                trial_init(&stat, 10);
                uint64_t rng = 99;
                for (size_t k = 0; k < stat.n; k++) {
                    for (size_t i = 0; i < sim_marker_count(); i++) {
                        const gait_vec3 l = sim_local(&m, i, side);
                        gait_vec3 p =
                            gait_vec3_add(pose.origin_m, gait_mat3_mul_vec(pose.rotation, l));
                        if (sim_landmark[i] == GAIT_LM_TOE)
                            p = gait_vec3_add(p, gait_vec3_make(0, 0, 0.01));
                        p = gait_vec3_add(p, gait_vec3_make(static_sd_m * normal(&rng),
                                                            static_sd_m * normal(&rng),
                                                            static_sd_m * normal(&rng)));
                        put(trial_add(&stat, sim_landmark[i]), k, q, p);
                    }
                    for (int c = 0; c < 3; c++)
                        put(trial_add(&stat, GAIT_LM_SHANK_1 + c), k, q,
                            rigid_point(&pose, CLUSTER_LOCAL[c], side));
                }
                const gait_vec3 up = gait_mat3_column(q, 2);
                const double up3[3] = {up.x, up.y, up.z};
                gait_leg_calibration cal;
                test_assert_ok(gait_leg_calibrate(&stat.markers, side, up3, &cal), "calibrate");
                ck_assert_int_eq(cal.n_static_frames, 10);
                ck_assert(cal.has_shank_technical && cal.has_foot_technical && cal.has_foot_offset);
                ck_assert_int_eq(cal.shank_technical[0], GAIT_LM_SHANK_1);
                /* Dynamic: cluster only on the shank, raised toe. */
                trial dyn;
                sample_sim(&m, side, q, 0.0, WITH_CLUSTER, &dyn);
                raise_toe(&m, side, q, &dyn);
                for (int lm = GAIT_LM_LAT_MALLEOLUS; lm <= GAIT_LM_TIBIA; lm++)
                    trial_drop(&dyn, lm);
                ck_assert_int_eq(
                    gait_leg_poses(&dyn.markers, side, NULL, NULL, NULL, NULL, NULL, NULL),
                    GAIT_E_NO_DATA);
                errors e;
                compare(&m, side, q, &dyn, &cal, NULL, &e);
                fprintf(
                    stderr,
                    "static calibration %-8s %-5s %-7s: max angle error df %.2e inv %.2e ir %.2e "
                    "deg, origin %.2e mm (static noise sd %.1f mm)\n",
                    strike_names[st], side ? "left" : "right", lab_names[lab], e.angle_deg[0],
                    e.angle_deg[1], e.angle_deg[2], 1e3 * e.origin_m, 1e3 * static_sd_m);
                if (static_sd_m == 0.0) {
                    ck_assert_double_le(max3(e.angle_deg), EXACT_TOL_DEG);
                    ck_assert_double_le(e.origin_m, EXACT_TOL);
                } else {
                    /* 0.2 mm averaged over 10 frames, ~0.06 mm per landmark, held as a bias. */
                    ck_assert_double_le(max3(e.angle_deg), 0.3);
                    ck_assert_double_le(e.origin_m, 0.0005);
                }
                trial_free(&dyn);
                trial_free(&stat);
            }
        sim_model_free(&m);
    }
}
END_TEST

/* ---- marker-set detection ---- */

static void assert_label(const char *const *labels, const gait_marker_set *set, int side, int lm,
                         const char *expected)
{
    const long i = set->marker[side][lm];
    ck_assert_msg(i >= 0, "%s side %d: no %s (expected %s)", set->preset, side,
                  gait_landmark_name(lm), expected);
    ck_assert_str_eq(labels[i], expected);
}

START_TEST(test_detect_label_lists)
{
    const char *sim_labels[18];
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < 9; i++)
            sim_labels[9 * side + i] = sim_marker_name(i, side);
    gait_marker_set set;
    test_assert_ok(gait_marker_set_detect(sim_labels, 18, &set), "sim labels");
    ck_assert_str_eq(set.preset, "libgait-simulator");
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < 9; i++)
            ck_assert_int_eq(set.marker[side][sim_landmark[i]], (long)(9 * side + i));
    ck_assert_int_eq(set.marker[0][GAIT_LM_SHANK_1], -1);

    const char *prefixed[] = {"Matt:C7",   "Matt:RHEE", "Matt:RTOE", "Matt:RANK", "Matt:RKNE",
                              "Matt:RTIB", "Matt:RMAL", "Matt:ltoe", "Matt:LHEE", "LTOE"};
    test_assert_ok(gait_marker_set_detect(prefixed, 10, &set), "prefixed");
    ck_assert_str_eq(set.preset, "plug-in-gait");
    assert_label(prefixed, &set, 0, GAIT_LM_HEEL, "Matt:RHEE");
    assert_label(prefixed, &set, 0, GAIT_LM_MED_MALLEOLUS, "Matt:RMAL");
    assert_label(prefixed, &set, 1, GAIT_LM_TOE, "LTOE"); /* exact beats case-folded */
    const char *folded[] = {"Matt:rhee", "Matt:rtoe", "Matt:rank", "Matt:rkne"};
    test_assert_ok(gait_marker_set_detect(folded, 4, &set), "case-folded");
    assert_label(folded, &set, 0, GAIT_LM_LAT_KNEE, "Matt:rkne");

    const char *no_foot[] = {"RANK", "RKNE", "RTIB", "LANK", "LKNE", "RASI"};
    ck_assert_int_eq(gait_marker_set_detect(no_foot, 6, &set), GAIT_E_NO_DATA);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "foot"));
    ck_assert_int_eq(set.marker[0][GAIT_LM_HEEL], -1);
    ck_assert_int_eq(gait_marker_set_detect(NULL, 0, &set), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_marker_set_detect(no_foot, 6, NULL), GAIT_E_INVALID_ARG);
    ck_assert_str_eq(gait_landmark_name(GAIT_LM_MED_MALLEOLUS), "medial_malleolus");
    ck_assert_ptr_null(gait_landmark_name(GAIT_LANDMARK_COUNT));
}
END_TEST

/* Labels of a shared C3D or TRC file (owned by *handle; close with close_labels). */
typedef struct label_file {
    gait_c3d *c3d;
    gait_trc *trc;
    size_t n;
    const char **labels;
} label_file;

static void open_labels(const char *relative, label_file *f)
{
    char path[TEST_PATH_CAPACITY];
    memset(f, 0, sizeof *f);
    const size_t len = strlen(relative);
    if (len > 4 && strcmp(relative + len - 4, ".trc") == 0) {
        test_assert_ok(gait_trc_open(test_shared_path(path, relative), &f->trc), relative);
        gait_trc_info info;
        gait_trc_get_info(f->trc, &info);
        f->n = info.n_markers;
    } else {
        f->c3d = test_open_shared_c3d(relative);
        gait_c3d_info info;
        gait_c3d_get_info(f->c3d, &info);
        f->n = info.n_points;
    }
    f->labels = calloc(f->n + 1, sizeof(char *));
    ck_assert_ptr_nonnull(f->labels);
    for (size_t i = 0; i < f->n; i++)
        f->labels[i] = f->trc ? gait_trc_marker_label(f->trc, i) : gait_c3d_point_label(f->c3d, i);
}

static void close_labels(label_file *f)
{
    free(f->labels);
    gait_trc_close(f->trc);
    gait_c3d_close(f->c3d);
}

typedef struct detect_case {
    const char *file;
    const char *preset;
    int landmark;
    const char *right, *left; /* expected labels of that landmark */
} detect_case;

START_TEST(test_detect_shared_files)
{
    static const detect_case cases[] = {
        {"btk-gait-c3d/FunctionalWalk.c3d", "plug-in-gait", GAIT_LM_MED_MALLEOLUS, "RANKin",
         "LANKin"},
        {"btk-gait-c3d/PiG_Motion3_FF.c3d", "plug-in-gait", GAIT_LM_TIBIA, "RTIB", "LTIB"},
        {"btk-gait-c3d/sub_labels.c3d", "plug-in-gait", GAIT_LM_HEEL, "Matt:RHEE", "Matt:LHEE"},
        {"nimble-sprint-c3d/JA1Gait35.c3d", "nimble-sprint", GAIT_LM_MT1, "RP1MT", "LP1MT"},
        {"nimble-sprint-c3d/JA1Gait35.c3d", "nimble-sprint", GAIT_LM_LAT_KNEE, "RLEPI", "LLEPI"},
        {"opensim-gait2354-walk/subject01_walk1.trc", "opensim-gait2354", GAIT_LM_SHANK_2,
         "R.Shank.Front", "L.Shank.Front"},
        {"opensim-gait2354-walk/subject01_static.trc", "opensim-gait2354", GAIT_LM_MED_MALLEOLUS,
         "R.Ankle.Med", "L.Ankle.Med"},
        {"opensim-hamner-run/subject02_running.trc", "opensim-gait2354", GAIT_LM_MT5, "R.Toe.Lat",
         "L.Toe.Lat"},
        {"opensim-hamner-run/subject02_static.trc", "opensim-gait2354", GAIT_LM_MED_KNEE,
         "R.Knee.Med", "L.Knee.Med"},
        {"btk-sprint-trc/SprintMotion.trc", "opensim-gait2354", GAIT_LM_HEEL, "R.Calca", "L.Calca"},
        {"opensim-rajagopal-run/motion_capture_run.trc", "opensim-rajagopal", GAIT_LM_SHANK_3,
         "RTB3", "LTB3"},
        {"opensim-rajagopal-run/static_run.trc", "opensim-rajagopal", GAIT_LM_MED_KNEE, "RMFC",
         "LMFC"},
        {"pyorerun-running-c3d/Running_0002.c3d", "qualisys-running", GAIT_LM_LAT_MALLEOLUS,
         "RAnkleLat", "LAnkleLat"},
        {"pyorerun-running-c3d/Running_0002.c3d", "qualisys-running", GAIT_LM_SHANK_1,
         "RShankUpperC", "LShankUpperC"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (test_skip_without_shared_file(cases[c].file, cases[c].file))
            continue;
        label_file f;
        open_labels(cases[c].file, &f);
        gait_marker_set set;
        test_assert_ok(gait_marker_set_detect(f.labels, f.n, &set), cases[c].file);
        ck_assert_msg(strcmp(set.preset, cases[c].preset) == 0, "%s: preset %s, expected %s",
                      cases[c].file, set.preset, cases[c].preset);
        assert_label(f.labels, &set, 0, cases[c].landmark, cases[c].right);
        assert_label(f.labels, &set, 1, cases[c].landmark, cases[c].left);
        int n_found = 0;
        for (int side = 0; side < 2; side++)
            for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
                n_found += set.marker[side][lm] >= 0;
        fprintf(stderr, "detect %s: %s, %d landmarks\n", cases[c].file, set.preset, n_found);
        close_labels(&f);
    }
}
END_TEST

/* c3dorg sample_03 gait-pig.c3d: Plug-in Gait with TOE and ANK but no HEE markers. */
START_TEST(test_detect_refuses_pig_without_heels)
{
    const char *file = "c3dorg-gait-reference/sample_03/gait-pig.c3d";
    if (test_skip_without_shared_file(file, file))
        return;
    label_file f;
    open_labels(file, &f);
    gait_marker_set set;
    ck_assert_int_eq(gait_marker_set_detect(f.labels, f.n, &set), GAIT_E_NO_DATA);
    const char *detail = gait_last_error_detail();
    ck_assert_ptr_nonnull(strstr(detail, "plug-in-gait"));
    ck_assert_ptr_nonnull(strstr(detail, "right: foot (heel"));
    fprintf(stderr, "refusal %s: %s\n", file, detail);
    close_labels(&f);
}
END_TEST

/* ---- static calibration on OpenSim Rajagopal running ---- */

/* One leg's landmarks from a TRC file with the detected set (xyz owned by tr). */
static void leg_from_trc(gait_trc *trc, const gait_marker_set *set, int side, trial *tr)
{
    gait_trc_info info;
    gait_trc_get_info(trc, &info);
    trial_init(tr, info.n_frames);
    test_assert_ok(gait_trc_get_times(trc, tr->t_s), "times");
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
        if (set->marker[side][lm] >= 0)
            test_assert_ok(
                gait_trc_get_marker(trc, (size_t)set->marker[side][lm], trial_add(tr, lm)),
                "marker");
}

static gait_trc *open_trc(const char *relative)
{
    char path[TEST_PATH_CAPACITY];
    gait_trc *trc = NULL;
    test_assert_ok(gait_trc_open(test_shared_path(path, relative), &trc), relative);
    return trc;
}

static void detect_trc(gait_trc *trc, gait_marker_set *set)
{
    gait_trc_info info;
    gait_trc_get_info(trc, &info);
    const char **labels = calloc(info.n_markers, sizeof(char *));
    ck_assert_ptr_nonnull(labels);
    for (size_t i = 0; i < info.n_markers; i++)
        labels[i] = gait_trc_marker_label(trc, i);
    test_assert_ok(gait_marker_set_detect(labels, info.n_markers, set), "detect");
    free(labels);
}

START_TEST(test_rajagopal_static_calibration)
{
    if (test_skip_without_shared_file("Rajagopal running", "opensim-rajagopal-run/static_run.trc"))
        return;
    gait_trc *stat_trc = open_trc("opensim-rajagopal-run/static_run.trc");
    gait_trc *dyn_trc = open_trc("opensim-rajagopal-run/motion_capture_run.trc");
    char path[TEST_PATH_CAPACITY];
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open(test_shared_path(path, "opensim-rajagopal-run/grf_run.mot"), &mot),
                   "grf_run.mot");
    gait_trial *stances = NULL;
    test_assert_ok(gait_analyze_mot(mot, NULL, &stances), "gait_analyze_mot");
    gait_marker_set stat_set, dyn_set;
    detect_trc(stat_trc, &stat_set);
    detect_trc(dyn_trc, &dyn_set);
    ck_assert_str_eq(dyn_set.preset, "opensim-rajagopal");
    const double up[3] = {0.0, 1.0, 0.0}; /* OpenSim: y up */
    for (int side = 0; side < 2; side++) {
        trial stat, dyn;
        leg_from_trc(stat_trc, &stat_set, side, &stat);
        leg_from_trc(dyn_trc, &dyn_set, side, &dyn);
        ck_assert_ptr_null(dyn.markers.xyz_m[GAIT_LM_LAT_MALLEOLUS]);
        ck_assert_int_eq(gait_leg_poses(&dyn.markers, side, NULL, NULL, NULL, NULL, NULL, NULL),
                         GAIT_E_NO_DATA);
        gait_leg_calibration cal;
        test_assert_ok(gait_leg_calibrate(&stat.markers, side, up, &cal), "calibrate");
        ck_assert(cal.has_shank_technical && cal.has_foot_offset);
        ck_assert(cal.has_landmark[GAIT_LM_LAT_MALLEOLUS] && cal.has_landmark[GAIT_LM_MED_KNEE]);
        const size_t n = dyn.n;
        double *rs = malloc(9 * n * sizeof(double)), *rf = malloc(9 * n * sizeof(double));
        double *ang = malloc(3 * n * sizeof(double));
        ck_assert(rs && rf && ang);
        test_assert_ok(gait_leg_poses(&dyn.markers, side, &cal, NULL, rs, NULL, rf, NULL), "poses");
        test_assert_ok(gait_ankle_angles(n, side, rs, rf, ang), "angles");
        double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
        size_t n_stance_frames = 0, n_stances = 0;
        for (size_t i = 0; i < gait_trial_step_count(stances); i++) {
            gait_step step;
            gait_trial_get_step(stances, i, &step);
            if (step.side != side || !step.complete)
                continue;
            n_stances++;
            for (size_t k = 0; k < n; k++) {
                if (dyn.t_s[k] < step.ic_s || dyn.t_s[k] >= step.to_s)
                    continue;
                n_stance_frames++;
                for (int a = 0; a < 3; a++) {
                    ck_assert_msg(isfinite(ang[3 * k + a]), "%s stance frame %zu not finite",
                                  side ? "left" : "right", k);
                    lo[a] = fmin(lo[a], ang[3 * k + a]);
                    hi[a] = fmax(hi[a], ang[3 * k + a]);
                }
            }
        }
        fprintf(stderr,
                "rajagopal %s: %zu static frames, shank technical %s/%s/%s, %zu stances, %zu "
                "stance frames all finite; dorsiflexion %.1f..%.1f, inversion %.1f..%.1f, "
                "internal rotation %.1f..%.1f deg\n",
                side ? "left" : "right", cal.n_static_frames,
                gait_landmark_name(cal.shank_technical[0]),
                gait_landmark_name(cal.shank_technical[1]),
                gait_landmark_name(cal.shank_technical[2]), n_stances, n_stance_frames, lo[0],
                hi[0], lo[1], hi[1], lo[2], hi[2]);
        ck_assert_uint_ge(n_stances, 5);
        /* Running: plantarflexed at toe-off, dorsiflexed at mid-stance; everything physiological.
         */
        ck_assert_double_lt(lo[0], 0.0);
        ck_assert_double_gt(hi[0], 10.0);
        for (int a = 0; a < 3; a++)
            ck_assert(lo[a] > -60.0 && hi[a] < 60.0);
        free(rs);
        free(rf);
        free(ang);
        trial_free(&stat);
        trial_free(&dyn);
    }
    gait_trial_free(stances);
    gait_mot_close(mot);
    gait_trc_close(stat_trc);
    gait_trc_close(dyn_trc);
}
END_TEST

/* OpenSim Gait2354 walking and Hamner running: the dynamic trials have shank clusters and feet
 * only, the statics add the malleoli and knees. Every frame where the leg's dynamic markers are
 * all present gets finite angles. */
START_TEST(test_opensim_cluster_calibration)
{
    static const char *const pairs[2][2] = {
        {"opensim-gait2354-walk/subject01_static.trc", "opensim-gait2354-walk/subject01_walk1.trc"},
        {"opensim-hamner-run/subject02_static.trc", "opensim-hamner-run/subject02_running.trc"},
    };
    const double up[3] = {0.0, 1.0, 0.0};
    for (int f = 0; f < 2; f++) {
        if (test_skip_without_shared_file(pairs[f][1], pairs[f][1]))
            continue;
        gait_trc *stat_trc = open_trc(pairs[f][0]);
        gait_trc *dyn_trc = open_trc(pairs[f][1]);
        gait_marker_set stat_set, dyn_set;
        detect_trc(stat_trc, &stat_set);
        detect_trc(dyn_trc, &dyn_set);
        for (int side = 0; side < 2; side++) {
            trial stat, dyn;
            leg_from_trc(stat_trc, &stat_set, side, &stat);
            leg_from_trc(dyn_trc, &dyn_set, side, &dyn);
            gait_leg_calibration cal;
            test_assert_ok(gait_leg_calibrate(&stat.markers, side, up, &cal), pairs[f][0]);
            const size_t n = dyn.n;
            double *rs = malloc(9 * n * sizeof(double)), *rf = malloc(9 * n * sizeof(double));
            double *ang = malloc(3 * n * sizeof(double));
            ck_assert(rs && rf && ang);
            test_assert_ok(gait_leg_poses(&dyn.markers, side, &cal, NULL, rs, NULL, rf, NULL),
                           pairs[f][1]);
            test_assert_ok(gait_ankle_angles(n, side, rs, rf, ang), "angles");
            double lo[3] = {INFINITY, INFINITY, INFINITY};
            double hi[3] = {-INFINITY, -INFINITY, -INFINITY};
            size_t n_complete = 0;
            for (size_t k = 0; k < n; k++) {
                int complete = 1;
                for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
                    if (dyn.xyz[lm])
                        complete &= isfinite(dyn.xyz[lm][3 * k]) != 0;
                if (!complete)
                    continue;
                n_complete++;
                for (int a = 0; a < 3; a++) {
                    ck_assert(isfinite(ang[3 * k + a]));
                    lo[a] = fmin(lo[a], ang[3 * k + a]);
                    hi[a] = fmax(hi[a], ang[3 * k + a]);
                }
            }
            fprintf(stderr,
                    "%s %s: %zu static frames, %zu/%zu complete frames finite; dorsiflexion "
                    "%.1f..%.1f, inversion %.1f..%.1f, internal rotation %.1f..%.1f deg\n",
                    pairs[f][1], side ? "left" : "right", cal.n_static_frames, n_complete, n, lo[0],
                    hi[0], lo[1], hi[1], lo[2], hi[2]);
            ck_assert_uint_gt(n_complete, n / 2);
            for (int a = 0; a < 3; a++)
                ck_assert(lo[a] > -60.0 && hi[a] < 60.0);
            free(rs);
            free(rf);
            free(ang);
            trial_free(&stat);
            trial_free(&dyn);
        }
        gait_trc_close(stat_trc);
        gait_trc_close(dyn_trc);
    }
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("kinematics");
    TCase *tc = tcase_create("kinematics");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_angles_invert_the_sequence);
    tcase_add_test(tc, test_angles_match_simulator_noise_free);
    tcase_add_test(tc, test_angles_with_marker_noise);
    tcase_add_test(tc, test_pig_ankle_fallback);
    tcase_add_test(tc, test_knee_fallback);
    tcase_add_test(tc, test_missing_frames_are_nan_and_no_foot_is_refused);
    tcase_add_test(tc, test_static_calibration_rebuilds_landmarks);
    tcase_add_test(tc, test_detect_label_lists);
    tcase_add_test(tc, test_detect_shared_files);
    tcase_add_test(tc, test_detect_refuses_pig_without_heels);
    tcase_add_test(tc, test_rajagopal_static_calibration);
    tcase_add_test(tc, test_opensim_cluster_calibration);
    suite_add_tcase(s, tc);
    return s;
}
