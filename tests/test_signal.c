/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The time-series and 3-vector types. */
#include <math.h>

#include <gait/gait.h>

#include "check_runner.h"

START_TEST(init_fills_nan_and_times_follow_rate)
{
    gait_signal s;
    ck_assert_int_eq(gait_signal_init(&s, 10, 3, 250.0, 1.5), GAIT_OK);
    ck_assert_uint_eq(s.n_samples, 10);
    ck_assert_uint_eq(s.n_channels, 3);
    for (size_t i = 0; i < 30; i++)
        ck_assert(isnan(s.samples[i]));
    ck_assert_double_eq_tol(gait_signal_time_s(&s, 0), 1.5, 1e-15);
    ck_assert_double_eq_tol(gait_signal_time_s(&s, 5), 1.52, 1e-15);
    gait_signal_free(&s);
    ck_assert_ptr_null(s.samples);
    gait_signal_free(&s); /* a second free is harmless */
    gait_signal_free(NULL);
}
END_TEST

START_TEST(channels_round_trip_sample_major)
{
    gait_signal s;
    ck_assert_int_eq(gait_signal_init(&s, 4, 2, 100.0, 0.0), GAIT_OK);
    double in[4] = {1, 2, 3, 4}, out[4];
    ck_assert_int_eq(gait_signal_set_channel(&s, 1, in), GAIT_OK);
    ck_assert_double_eq(s.samples[2 * 2 + 1], 3.0); /* sample 2, channel 1 */
    ck_assert(isnan(s.samples[2 * 2 + 0]));
    ck_assert_int_eq(gait_signal_get_channel(&s, 1, out), GAIT_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(out[i], in[i]);
    ck_assert_int_eq(gait_signal_get_channel(&s, 2, out), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_set_channel(&s, 0, NULL), GAIT_E_INVALID_ARG);
    gait_signal_free(&s);
}
END_TEST

START_TEST(bad_signals_are_named)
{
    gait_signal s;
    ck_assert_int_eq(gait_signal_init(&s, 10, 0, 100.0, 0.0), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(s.samples);
    ck_assert_int_eq(gait_signal_init(&s, 10, 1, 0.0, 0.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_init(&s, 10, 1, INFINITY, 0.0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_init(&s, 10, 1, 100.0, NAN), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_signal_init(&s, (size_t)-1, 4, 100.0, 0.0), GAIT_E_NOMEM);
    ck_assert_int_eq(gait_signal_init(NULL, 1, 1, 100.0, 0.0), GAIT_E_INVALID_ARG);
    ck_assert(isnan(gait_signal_time_s(NULL, 0)));
}
END_TEST

START_TEST(vec3_algebra)
{
    gait_vec3 x = gait_vec3_make(1, 0, 0), y = gait_vec3_make(0, 1, 0);
    gait_vec3 z = gait_vec3_cross(x, y);
    ck_assert_double_eq(z.z, 1.0);
    ck_assert_double_eq(gait_vec3_dot(x, y), 0.0);
    gait_vec3 v = gait_vec3_sub(gait_vec3_add(gait_vec3_scale(x, 3.0), gait_vec3_scale(y, 4.0)), z);
    ck_assert_double_eq_tol(gait_vec3_norm(v), sqrt(26.0), 1e-15);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("signal");
    TCase *tc = tcase_create("signal");
    tcase_add_test(tc, init_fills_nan_and_times_follow_rate);
    tcase_add_test(tc, channels_round_trip_sample_major);
    tcase_add_test(tc, bad_signals_are_named);
    tcase_add_test(tc, vec3_algebra);
    suite_add_tcase(suite, tc);
    return suite;
}
