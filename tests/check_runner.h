/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared main() and test utilities of the Check suites. */
#ifndef GAIT_CHECK_RUNNER_H
#define GAIT_CHECK_RUNNER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <check.h>

#include <gait/gait.h>

/* Each test program defines its suite here. */
Suite *make_suite(void);

/* ---- ../shared/data ---- */

/* ../shared/data (from GAIT_SHARED_DATA), or NULL when absent: such tests skip with a message. */
const char *test_shared_data_dir(void);

/* 1 after printing "SKIP <what>: ../shared/data is absent ..." to stderr when
 * test_shared_data_dir() is NULL, else 0: `if (test_skip_without_shared_data("x")) return;`. */
int test_skip_without_shared_data(const char *what);

/* The same, skipping also when ../shared/data holds no readable file <relative>: that tells the
 * corpus really being there from a GAIT_SHARED_DATA naming a missing or empty folder (the meson
 * test setup always sets it). */
int test_skip_without_shared_file(const char *what, const char *relative);

/* Size of a path buffer for test_shared_path(). */
#define TEST_PATH_CAPACITY 4096

/* ../shared/data/<relative> written into path (TEST_PATH_CAPACITY bytes); returns path. Fails the
 * calling test when ../shared/data is absent. */
const char *test_shared_path(char *path, const char *relative);

/* Open ../shared/data/<relative> for reading (binary); fails the calling test if it cannot. */
FILE *test_open_shared(const char *relative);

/* The whole of ../shared/data/<relative> in a new malloc'd buffer of exactly *size bytes. */
unsigned char *test_load_shared(const char *relative, size_t *size);

/* gait_c3d_open() of ../shared/data/<relative>; fails the calling test with the error if it fails.
 */
gait_c3d *test_open_shared_c3d(const char *relative);

/* ---- reference files ---- */

/* The committed reference vectors (tests/ref, from GAIT_TEST_REF). */
const char *test_ref_dir(void);

/* Open tests/ref/<file_name> for reading; fails the calling test if it cannot. */
FILE *test_open_ref(const char *file_name);

/* The next line of a reference file or manifest that is neither a '#' comment nor empty, read
 * with fgets into line (capacity bytes): 1, or 0 at the end of the file. */
int test_next_data_line(FILE *file, char *line, int capacity);

/* ---- streams ---- */

/* The whole of stream, from its start, in a new malloc'd buffer of exactly *size bytes (so that
 * ASan sees a reader stepping past its end); free() it. */
void *test_read_stream(FILE *stream, size_t *size);

/* The same with a NUL after the *size bytes, for comparing text. */
char *test_read_stream_text(FILE *stream, size_t *size);

/* ---- assertions ---- */

/* Fail the calling test unless status is GAIT_OK, naming what, the status and the error detail. */
void test_assert_ok(gait_status status, const char *what);

/* The checks on an open that had to return `expected` and returned status with *handle: the same
 * status, and on failure a NULL handle and an error detail containing `detail`. */
void test_assert_open_status(gait_status status, gait_status expected, const void *handle,
                             const char *detail);

/* got[0..2] equal to x, y and z to the last bit. */
void test_assert_xyz(const double got[3], double x, double y, double z);

/* ---- truncated and mutated input ---- */

/* What a robustness test checks on one input: data holds exactly size bytes (a buffer of its
 * own, so that ASan catches a read past its end); name is "cut" or "mutant". */
typedef void (*test_input_check)(const char *data, size_t size, const char *name, void *context);

/* check() every prefix of text[0..size-1], from the empty one to the whole, named "cut". */
void test_each_prefix(const char *text, size_t size, test_input_check check, void *context);

/* check() n_mutants copies of text[0..size-1] (size > 0), named "mutant", each with three bytes
 * replaced by bytes of alphabet[0..alphabet_size-1]; the places and the replacements come from a
 * linear congruential generator started at seed, so every run sees the same mutants. */
void test_each_mutant(const char *text, size_t size, const char *alphabet, size_t alphabet_size,
                      uint32_t seed, int n_mutants, test_input_check check, void *context);

#endif
