/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator end to end: determinism, its C3D read back through the project's reader (plate
 * forces and COP equal to the simulator's own GRF), lab frames, truth by construction, errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"
#include "sim/sim_internal.h"
#include "sim_fixtures.h"

static gait_sim *run(const gait_sim_settings *s)
{
    gait_sim *sim = NULL;
    ck_assert_msg(gait_sim_run(s, &sim) == GAIT_OK, "%s", gait_last_error_detail());
    return sim;
}

static unsigned char *c3d_bytes(const gait_sim *sim, size_t *size)
{
    unsigned char *bytes = NULL;
    ck_assert_int_eq(gait_c3d_write_memory(gait_sim_c3d(sim), &bytes, size), GAIT_OK);
    return bytes;
}

START_TEST(same_seed_same_bytes)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.n_steps = 4;
    gait_sim *a = run(&s), *b = run(&s);
    size_t size_a, size_b;
    unsigned char *bytes_a = c3d_bytes(a, &size_a), *bytes_b = c3d_bytes(b, &size_b);
    ck_assert_uint_eq(size_a, size_b);
    ck_assert_int_eq(memcmp(bytes_a, bytes_b, size_a), 0);
    size_t n = gait_sim_imu_samples(a);
    double *acc_a = malloc(3 * n * sizeof *acc_a), *gyr_a = malloc(3 * n * sizeof *gyr_a);
    double *acc_b = malloc(3 * n * sizeof *acc_b), *gyr_b = malloc(3 * n * sizeof *gyr_b);
    gait_sim_get_imu(a, GAIT_SIM_FOOT, acc_a, gyr_a);
    gait_sim_get_imu(b, GAIT_SIM_FOOT, acc_b, gyr_b);
    ck_assert_int_eq(memcmp(acc_a, acc_b, 3 * n * sizeof *acc_a), 0);
    ck_assert_int_eq(memcmp(gyr_a, gyr_b, 3 * n * sizeof *gyr_a), 0);
    /* Another seed draws other noise. */
    s.seed = 2;
    gait_sim *c = run(&s);
    size_t size_c;
    unsigned char *bytes_c = c3d_bytes(c, &size_c);
    ck_assert(size_c != size_a || memcmp(bytes_a, bytes_c, size_a) != 0);
    gait_c3d_free_bytes(bytes_a);
    gait_c3d_free_bytes(bytes_b);
    gait_c3d_free_bytes(bytes_c);
    free(acc_a);
    free(gyr_a);
    free(acc_b);
    free(gyr_b);
    gait_sim_close(a);
    gait_sim_close(b);
    gait_sim_close(c);
}
END_TEST

/* Canonical -> lab rotation for the settings, built independently of simulate.c. */
static gait_vec3 canonical_to_lab(const gait_sim_settings *s, gait_vec3 v)
{
    gait_vec3 r = v;
    if (s->vertical == GAIT_SIM_Y_UP)
        r = gait_vec3_make(v.x, v.z, -v.y); /* x forward, y up, z right */
    switch (s->progression) {
    case GAIT_SIM_PLUS_X:
        return r;
    case GAIT_SIM_MINUS_X:
        return s->vertical == GAIT_SIM_Z_UP ? gait_vec3_make(-r.x, -r.y, r.z)
                                            : gait_vec3_make(-r.x, r.y, -r.z);
    case GAIT_SIM_PLUS_Y:
        return s->vertical == GAIT_SIM_Z_UP ? gait_vec3_make(-r.y, r.x, r.z)
                                            : gait_vec3_make(-r.z, r.y, r.x);
    case GAIT_SIM_MINUS_Y:
    default:
        return s->vertical == GAIT_SIM_Z_UP ? gait_vec3_make(r.y, -r.x, r.z)
                                            : gait_vec3_make(r.z, r.y, -r.x);
    }
}

/* Plate forces and COP read back from the written C3D equal the simulator's own GRF at every
 * loaded analog sample, in every lab frame, overground and on the treadmill. Bounds: the file
 * stores float32 (relative 6e-8: 2e-4 N at 3 kN), COP from float moments over Fz (< 1e-5 m where
 * Fz > 200 N). */
static void check_read_back(const gait_sim_settings *s)
{
    gait_sim *sim = run(s);
    size_t size;
    unsigned char *bytes = c3d_bytes(sim, &size);
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_open_memory(bytes, size, "sim.c3d", &c3d), GAIT_OK);
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    ck_assert_uint_eq(info.n_warnings, 0);
    size_t n = info.n_frames * info.analog_samples_per_frame;
    double *force = malloc(3 * n * sizeof *force), *cop = malloc(3 * n * sizeof *cop);
    sim_model model;
    sim_fixture_model(&model, s);
    size_t checked = 0;
    for (size_t p = 0; p < info.n_force_platforms; p++) {
        ck_assert_int_eq(gait_c3d_plate_wrench(c3d, p, NULL, force, NULL, cop, NULL), GAIT_OK);
        for (size_t j = 0; j < n; j++) {
            double t = (double)j / info.analog_rate_hz;
            for (size_t k = 0; k < model.n_stances; k++) {
                if (t < model.stances[k].ic_s || t >= model.stances[k].to_s)
                    continue;
                gait_vec3 f, c;
                double tz;
                sim_grf(&model, k, t, &f, &c, &tz);
                if (s->mode == GAIT_SIM_TREADMILL)
                    c.x -= s->speed_mps * t;
                gait_vec3 f_lab = canonical_to_lab(s, f), c_lab = canonical_to_lab(s, c);
                if (!(f.z > 200.0))
                    continue;
                double cx = cop[3 * j], cy = cop[3 * j + 1], cz = cop[3 * j + 2];
                if (isnan(cx))
                    continue; /* this stance is on another plate or none */
                if (fabs(cx - c_lab.x) > 0.05 || fabs(cy - c_lab.y) > 0.05)
                    continue; /* not this stance's plate */
                ck_assert_double_eq_tol(force[3 * j], f_lab.x, 2e-3);
                ck_assert_double_eq_tol(force[3 * j + 1], f_lab.y, 2e-3);
                ck_assert_double_eq_tol(force[3 * j + 2], f_lab.z, 2e-3);
                ck_assert_double_eq_tol(cx, c_lab.x, 1e-5);
                ck_assert_double_eq_tol(cy, c_lab.y, 1e-5);
                ck_assert_double_eq_tol(cz, c_lab.z, 1e-5);
                checked++;
            }
        }
    }
    ck_assert_uint_gt(checked, 100);
    /* Events and body mass come back as the truth has them. */
    gait_sim_step step;
    gait_sim_get_step(sim, 1, &step);
    gait_c3d_event e;
    ck_assert_int_eq(gait_c3d_get_event(c3d, 2, &e), GAIT_OK);
    ck_assert_str_eq(e.label, "Foot Strike");
    ck_assert_str_eq(e.context, "Left");
    ck_assert_double_eq_tol(e.time_s, step.ic_s, 1e-6);
    double mass;
    ck_assert_int_eq(gait_c3d_body_mass_kg(c3d, &mass), GAIT_OK);
    ck_assert_double_eq_tol(mass, s->body_mass_kg, 1e-5);
    sim_model_free(&model);
    free(force);
    free(cop);
    gait_c3d_close(c3d);
    gait_c3d_free_bytes(bytes);
    gait_sim_close(sim);
}

START_TEST(plates_read_back_equal_truth)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.force_noise_n = 0.0;
    s.n_steps = 6;
    const struct {
        gait_sim_mode mode;
        gait_sim_vertical vertical;
        gait_sim_progression progression;
    } cases[] = {
        {GAIT_SIM_OVERGROUND, GAIT_SIM_Z_UP, GAIT_SIM_PLUS_X},
        {GAIT_SIM_OVERGROUND, GAIT_SIM_Z_UP, GAIT_SIM_MINUS_Y},
        {GAIT_SIM_OVERGROUND, GAIT_SIM_Y_UP, GAIT_SIM_PLUS_X},
        {GAIT_SIM_OVERGROUND, GAIT_SIM_Y_UP, GAIT_SIM_MINUS_X},
        {GAIT_SIM_TREADMILL, GAIT_SIM_Z_UP, GAIT_SIM_PLUS_Y},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s.mode = cases[i].mode;
        s.vertical = cases[i].vertical;
        s.progression = cases[i].progression;
        check_read_back(&s);
    }
}
END_TEST

START_TEST(truth_follows_the_settings)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.cadence_steps_per_min = 180.0;
    s.contact_time_s = 0.22;
    for (int pattern = GAIT_STRIKE_REARFOOT; pattern <= GAIT_STRIKE_FOREFOOT; pattern++) {
        s.strike = (gait_strike_pattern)pattern;
        gait_sim *sim = run(&s);
        ck_assert_uint_eq(gait_sim_step_count(sim), (size_t)s.n_steps);
        int on_plates = 0;
        for (size_t i = 0; i < gait_sim_step_count(sim); i++) {
            gait_sim_step t;
            gait_sim_get_step(sim, i, &t);
            ck_assert_int_eq(t.side, (int)(i % 2));
            ck_assert_double_eq_tol(t.contact_time_s, 0.22, 1e-12);
            if (i + 1 < gait_sim_step_count(sim)) {
                ck_assert_double_eq_tol(t.cadence_steps_per_min, 180.0, 1e-9);
                ck_assert_double_eq_tol(t.flight_time_s, 60.0 / 180.0 - 0.22, 1e-12);
            }
            ck_assert_int_eq(t.pattern, pattern);
            /* Cavanagh & Lafortune categories hold for the strike index. */
            ck_assert(pattern == GAIT_STRIKE_REARFOOT ? t.strike_index < 1.0 / 3.0
                      : pattern == GAIT_STRIKE_MIDFOOT
                          ? t.strike_index >= 1.0 / 3.0 && t.strike_index <= 2.0 / 3.0
                          : t.strike_index > 2.0 / 3.0);
            ck_assert_double_eq_tol(t.peak_eversion_deg, s.peak_eversion_deg, 1e-6);
            ck_assert_double_eq_tol(t.peak_external_rotation_deg, s.peak_external_rotation_deg,
                                    1e-6);
            ck_assert_double_eq_tol(t.peak_dorsiflexion_deg, s.peak_dorsiflexion_deg, 1e-6);
            on_plates += t.plate >= 0;
        }
        ck_assert_int_eq(on_plates, 3); /* stances 3, 4 and 6 of 8 hit the three plates */
        gait_sim_close(sim);
    }
}
END_TEST

START_TEST(bad_settings_are_named)
{
    gait_sim *sim = (gait_sim *)1;
    gait_sim_settings s = gait_sim_settings_default();
    s.contact_time_s = 0.4; /* no flight phase at 172 steps/min */
    ck_assert_int_eq(gait_sim_run(&s, &sim), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(sim);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "contact_time_s"));
    s = gait_sim_settings_default();
    s.plate_rate_hz = 1100.0;
    ck_assert_int_eq(gait_sim_run(&s, &sim), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "plate_rate_hz"));
    s = gait_sim_settings_default();
    s.marker_noise_m = -1.0;
    ck_assert_int_eq(gait_sim_run(&s, &sim), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_sim_run(NULL, &sim), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_sim_get_step(NULL, 0, NULL), GAIT_E_INVALID_ARG);
    gait_sim_close(NULL);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("simulate");
    TCase *tc = tcase_create("simulate");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, same_seed_same_bytes);
    tcase_add_test(tc, plates_read_back_equal_truth);
    tcase_add_test(tc, truth_follows_the_settings);
    tcase_add_test(tc, bad_settings_are_named);
    suite_add_tcase(suite, tc);
    return suite;
}
