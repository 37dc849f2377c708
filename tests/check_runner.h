/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GAIT_CHECK_RUNNER_H
#define GAIT_CHECK_RUNNER_H

#include <stdio.h>

#include <check.h>

/* Each test program defines its suite here. */
Suite *make_suite(void);

/* ../shared/data (from GAIT_SHARED_DATA), or NULL when absent: such tests skip with a message. */
const char *test_shared_data_dir(void);

/* The committed reference vectors (tests/ref, from GAIT_TEST_REF). */
const char *test_ref_dir(void);

/* Open tests/ref/<file_name> for reading; fails the calling test if it cannot. */
FILE *test_open_ref(const char *file_name);

#endif
