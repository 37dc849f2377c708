/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared main() for the Check suites: each test program defines make_suite() and links this file.
 * The closing "Checks: N, Failures: F, Errors: E" line is what .ci/run adds up. Also the utilities
 * of check_runner.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- ../shared/data ---- */

const char *test_shared_data_dir(void)
{
    const char *dir = getenv("GAIT_SHARED_DATA");
    return dir != NULL && dir[0] != '\0' ? dir : NULL;
}

static int skip(const char *what)
{
    fprintf(stderr, "SKIP %s: ../shared/data is absent (set GAIT_SHARED_DATA)\n", what);
    return 1;
}

int test_skip_without_shared_data(const char *what)
{
    return test_shared_data_dir() == NULL ? skip(what) : 0;
}

int test_skip_without_shared_file(const char *what, const char *relative)
{
    if (test_shared_data_dir() == NULL)
        return skip(what);
    char path[TEST_PATH_CAPACITY];
    FILE *file = fopen(test_shared_path(path, relative), "r");
    if (file == NULL)
        return skip(what);
    fclose(file);
    return 0;
}

const char *test_shared_path(char *path, const char *relative)
{
    const char *dir = test_shared_data_dir();
    ck_assert_msg(dir != NULL, "%s: ../shared/data is absent", relative);
    snprintf(path, TEST_PATH_CAPACITY, "%s/%s", dir, relative);
    return path;
}

FILE *test_open_shared(const char *relative)
{
    char path[TEST_PATH_CAPACITY];
    FILE *file = fopen(test_shared_path(path, relative), "rb");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    return file;
}

unsigned char *test_load_shared(const char *relative, size_t *size)
{
    FILE *file = test_open_shared(relative);
    unsigned char *bytes = test_read_stream(file, size);
    fclose(file);
    return bytes;
}

gait_c3d *test_open_shared_c3d(const char *relative)
{
    char path[TEST_PATH_CAPACITY];
    gait_c3d *c3d = NULL;
    test_assert_ok(gait_c3d_open(test_shared_path(path, relative), &c3d), relative);
    return c3d;
}

/* ---- reference files ---- */

const char *test_ref_dir(void)
{
    const char *dir = getenv("GAIT_TEST_REF");
    return dir != NULL ? dir : "tests/ref";
}

FILE *test_open_ref(const char *file_name)
{
    char path[TEST_PATH_CAPACITY];
    snprintf(path, sizeof path, "%s/%s", test_ref_dir(), file_name);
    FILE *file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open reference file %s", path);
    return file;
}

int test_next_data_line(FILE *file, char *line, int capacity)
{
    while (fgets(line, capacity, file) != NULL)
        if (line[0] != '#' && line[0] != '\n')
            return 1;
    return 0;
}

/* ---- streams ---- */

/* The whole of stream in a new buffer of *size + padding bytes (padding zeroed). */
static char *read_whole_stream(FILE *stream, size_t *size, size_t padding)
{
    ck_assert_int_eq(fseek(stream, 0, SEEK_END), 0); /* writes out what is buffered */
    long end = ftell(stream);
    ck_assert_int_ge(end, 0);
    rewind(stream);
    char *bytes = malloc((size_t)end + padding > 0 ? (size_t)end + padding : 1);
    ck_assert_ptr_nonnull(bytes);
    *size = fread(bytes, 1, (size_t)end, stream);
    ck_assert_uint_eq(*size, (size_t)end);
    memset(bytes + *size, 0, padding);
    return bytes;
}

void *test_read_stream(FILE *stream, size_t *size)
{
    return read_whole_stream(stream, size, 0);
}

char *test_read_stream_text(FILE *stream, size_t *size)
{
    return read_whole_stream(stream, size, 1);
}

/* ---- assertions ---- */

void test_assert_ok(gait_status status, const char *what)
{
    ck_assert_msg(status == GAIT_OK, "%s: %s: %s", what, gait_strerror(status),
                  gait_last_error_detail());
}

void test_assert_open_status(gait_status status, gait_status expected, const void *handle,
                             const char *detail)
{
    ck_assert_msg(status == expected, "expected %s, got %s: %s", gait_strerror(expected),
                  gait_strerror(status), gait_last_error_detail());
    if (status != GAIT_OK) {
        ck_assert_ptr_null(handle);
        ck_assert_msg(strstr(gait_last_error_detail(), detail) != NULL, "detail '%s' lacks '%s'",
                      gait_last_error_detail(), detail);
    }
}

void test_assert_xyz(const double got[3], double x, double y, double z)
{
    ck_assert_double_eq(got[0], x);
    ck_assert_double_eq(got[1], y);
    ck_assert_double_eq(got[2], z);
}

/* ---- truncated and mutated input ---- */

void test_each_prefix(const char *text, size_t size, test_input_check check, void *context)
{
    for (size_t n = 0; n <= size; n++) {
        char *copy = malloc(n > 0 ? n : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, text, n);
        check(copy, n, "cut", context);
        free(copy);
    }
}

void test_each_mutant(const char *text, size_t size, const char *alphabet, size_t alphabet_size,
                      uint32_t seed, int n_mutants, test_input_check check, void *context)
{
    uint32_t state = seed;
    char *copy = malloc(size);
    ck_assert_ptr_nonnull(copy);
    for (int i = 0; i < n_mutants; i++) {
        memcpy(copy, text, size);
        for (int m = 0; m < 3; m++) {
            state = state * 1664525u + 1013904223u;
            copy[(state >> 8) % size] = alphabet[(state >> 20) % alphabet_size];
        }
        check(copy, size, "mutant", context);
    }
    free(copy);
}
