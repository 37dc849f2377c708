/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared main() for the Check suites: each test program defines make_suite() and links this file.
 * The closing "Checks: N, Failures: F, Errors: E" line is what .ci/run adds up. */
#include <stdio.h>
#include <stdlib.h>

#include <check.h>

#include "check_runner.h"

int main(void)
{
    SRunner *runner = srunner_create(make_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *test_shared_data_dir(void)
{
    const char *dir = getenv("GAIT_SHARED_DATA");
    return dir != NULL && dir[0] != '\0' ? dir : NULL;
}

const char *test_ref_dir(void)
{
    const char *dir = getenv("GAIT_TEST_REF");
    return dir != NULL ? dir : "tests/ref";
}

FILE *test_open_ref(const char *file_name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", test_ref_dir(), file_name);
    FILE *file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open reference file %s", path);
    return file;
}
