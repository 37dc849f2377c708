/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error model: status texts, the thread-local detail message, the version. */
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

START_TEST(every_status_has_its_own_text)
{
    ck_assert_str_eq(gait_strerror(GAIT_OK), "success");
    ck_assert_str_eq(gait_strerror(GAIT_E_UNSUPPORTED), "unsupported input");
    ck_assert_str_eq(gait_strerror(GAIT_E_NO_DATA), "no data");
    for (int a = 0; a < GAIT_STATUS_COUNT; a++) {
        ck_assert_ptr_nonnull(gait_strerror((gait_status)a));
        for (int b = a + 1; b < GAIT_STATUS_COUNT; b++)
            ck_assert_str_ne(gait_strerror((gait_status)a), gait_strerror((gait_status)b));
    }
    ck_assert_str_eq(gait_strerror((gait_status)GAIT_STATUS_COUNT), "unknown status");
    ck_assert_str_eq(gait_strerror((gait_status)-1), "unknown status");
}
END_TEST

START_TEST(detail_names_the_argument_and_clears)
{
    gait_clear_error();
    ck_assert_str_eq(gait_last_error_detail(), "");
    gait_filter_settings s = gait_filter_settings_default();
    s.cutoff_hz = 60.0;
    gait_butterworth f;
    ck_assert_int_eq(gait_butterworth_design(&s, 100.0, &f), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "cutoff_hz 60"));
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "Nyquist"));
    gait_clear_error();
    ck_assert_str_eq(gait_last_error_detail(), "");
}
END_TEST

START_TEST(version_matches_header)
{
    ck_assert_str_eq(gait_version(), GAIT_VERSION_STRING);
    ck_assert_int_ge(GAIT_VERSION_MAJOR, 0);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("status");
    TCase *tc = tcase_create("status");
    tcase_add_test(tc, every_status_has_its_own_text);
    tcase_add_test(tc, detail_names_the_argument_and_clears);
    tcase_add_test(tc, version_matches_header);
    suite_add_tcase(suite, tc);
    return suite;
}
