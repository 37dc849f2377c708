/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a table of doubles as CSV, to a path or to a caller's FILE * (e.g. stdout).
 *
 * Output, lines ending in "\n":
 *   # <comment 1>                  one line per comment (a comment holding line breaks gives one
 *   # <comment 2>                  "# " line per line of it); none when n_comments is 0
 *   <name 1>,<name 2>,...          the header row; a name holding a comma, a double quote, CR or
 *                                  LF is quoted as in RFC 4180 ("a,b" -> "\"a,b\"")
 *   <value>,<value>,...            n_rows rows of n_columns values
 * Values are printed in the C locale with the fewest significant digits (at most 17) that read
 * back to the same double, e.g. 0.1, 1e-05, 0.30000000000000004; NaN as an empty cell; infinities
 * as inf and -inf. gait_mot_open() reads such a file back exactly when its first column is
 * "time", and gait_imu_csv_open() when its columns are time, acc_x, ... gyr_z. */
#ifndef GAIT_CSV_H
#define GAIT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write the table to a new file at path (replaced if it exists). values[r * n_columns + c] is row
 * r, column c (row-major, as a C or NumPy 2-D array); values may be NULL when n_rows is 0.
 * comments may be NULL when n_comments is 0. On an error the file may be left partly written.
 * Errors: GAIT_E_INVALID_ARG (NULL, n_columns 0, a NULL name or comment), GAIT_E_IO. */
GAIT_API gait_status gait_csv_write(const char *path, const char *const *comments,
                                    size_t n_comments, const char *const *column_names,
                                    size_t n_columns, const double *values, size_t n_rows);

/* The same to an open stream (not closed; not flushed beyond what stdio does), e.g. stdout. */
GAIT_API gait_status gait_csv_write_stream(FILE *stream, const char *const *comments,
                                           size_t n_comments, const char *const *column_names,
                                           size_t n_columns, const double *values, size_t n_rows);

#ifdef __cplusplus
}
#endif

#endif
