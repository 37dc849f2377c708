/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TRC marker files (Motion Analysis "PathFileType 4", as written by Cortex, OpenSim, BTK and
 * AddBiomechanics): reading from a path or from memory.
 *
 * A gait_trc handle holds one recording: marker trajectories in metres (converted from the file's
 * Units: mm, cm or m), the Time column in seconds, NaN for missing coordinates. Handles are
 * independent: different threads may use different handles. The frame is the file's own lab frame
 * (OpenSim files have y up; Motion Analysis/Vicon exports are usually z up): nothing is rotated.
 *
 * Layout (tab separated; spaces around cells are ignored; "\n", "\r\n", a UTF-8 BOM and blank lines
 * are accepted):
 *   line 1  PathFileType  4  (X/Y/Z)  <file name>
 *   line 2  header keys: DataRate CameraRate NumFrames NumMarkers Units OrigDataRate
 *           OrigDataStartFrame OrigNumFrames (found by name, in any order; unknown keys ignored)
 *   line 3  their values, column for column
 *   line 4  Frame#  Time  <name of marker 1>  ""  ""  <name of marker 2> ...
 *   line 5  ""  ""  X1  Y1  Z1  X2 ...
 *   then    one row per frame: Frame#, Time, then x y z of each marker.
 *
 * Rules (each departure from the header that is accepted also adds a warning, see
 * gait_trc_warning()):
 * - Required header values: DataRate (finite, > 0), NumMarkers (whole number) and Units (mm, cm or
 *   m, any case). PathFileType must be 4 (else GAIT_E_UNSUPPORTED), as must an unknown Units value.
 * - Markers are the names of line 4: a name must sit in a marker's X column (column 3 + 3k,
 * 1-based) or the file is GAIT_E_FORMAT. n_markers counts up to the last name; a slot without a
 * name gets the label "" (warning). NumMarkers different from the names found: the names win
 * (warning).
 * - Frames are the data rows actually present (blank lines skipped); NumFrames different: warning.
 * - Frame# must be a whole number and Time a finite number in every row, else GAIT_E_FORMAT.
 * - An empty cell, or a row that ends before a marker's cells, leaves that coordinate missing; a
 *   marker with any coordinate missing in a frame is NaN in all three for that frame.
 * - Cells after the last named marker (Motion Analysis appends unnamed markers there) are checked
 * to be numbers and otherwise ignored (warning).
 * - Any cell that is not empty and not a number is GAIT_E_FORMAT, with the line and column.
 * - Memory: frames x markers x 3 may not exceed the input size in bytes (true of every file whose
 *   rows have their full width), else GAIT_E_FORMAT: short rows cannot inflate the decoded size.
 */
#ifndef GAIT_TRC_H
#define GAIT_TRC_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gait_trc gait_trc;

/* Longest Units text kept, in bytes including the terminating NUL. */
#define GAIT_TRC_UNITS_CAPACITY 16

/* Summary of an open file. */
typedef struct gait_trc_info {
    size_t n_markers;                    /* named markers (line 4) */
    size_t n_frames;                     /* data rows read */
    double rate_hz;                      /* DataRate */
    double camera_rate_hz;               /* CameraRate, NaN when absent */
    char units[GAIT_TRC_UNITS_CAPACITY]; /* Units as stored, trimmed, e.g. "mm" */
    double units_m;                      /* metres per unit: 0.001, 0.01 or 1 */
    long first_frame;                    /* Frame# of the first data row (0 when there is none) */
    double start_time_s;                 /* Time of the first data row (NaN when there is none) */
    long header_n_frames;                /* NumFrames as stored, -1 when absent */
    long header_n_markers;               /* NumMarkers as stored */
    double orig_data_rate_hz;            /* OrigDataRate, NaN when absent or empty */
    long orig_data_start_frame;          /* OrigDataStartFrame, -1 when absent or empty */
    long orig_n_frames;                  /* OrigNumFrames, -1 when absent or empty */
    size_t n_warnings;                   /* quirks met while reading, see gait_trc_warning() */
} gait_trc_info;

/* Open and decode a TRC file. On success *trc is a new handle, release it with gait_trc_close().
 * On failure *trc is NULL and gait_last_error_detail() names the file, line, column and field.
 * Errors: GAIT_E_IO, GAIT_E_FORMAT, GAIT_E_UNSUPPORTED (PathFileType or Units), GAIT_E_NO_DATA
 * (empty input), GAIT_E_NOMEM, GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_trc_open(const char *path, gait_trc **trc);

/* The same from size bytes in memory (not NUL-terminated; read only within [bytes, bytes + size);
 * the caller keeps ownership and may free them once this returns). name (may be NULL) stands for
 * the path in messages. */
GAIT_API gait_status gait_trc_open_memory(const void *bytes, size_t size, const char *name,
                                          gait_trc **trc);

/* Release a handle and everything it owns. NULL is a no-op. */
GAIT_API void gait_trc_close(gait_trc *trc);

/* Fill *info. Errors: GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_trc_get_info(const gait_trc *trc, gait_trc_info *info);

/* Warning i (0 <= i < n_warnings), e.g. "header NumMarkers is 66 but line 4 names 33 markers;
 * reading 33". Owned by the handle; NULL when i is out of range. */
GAIT_API const char *gait_trc_warning(const gait_trc *trc, size_t i);

/* Name of marker i as stored (spaces around it removed), e.g. "R.Heel". Owned by the handle, valid
 * until it is closed; NULL when i is out of range. */
GAIT_API const char *gait_trc_marker_label(const gait_trc *trc, size_t i);

/* Index of the first marker named exactly `label` (case-sensitive).
 * Errors: GAIT_E_NO_DATA (no such marker), GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_trc_find_marker(const gait_trc *trc, const char *label, size_t *index);

/* Trajectory of marker i: xyz_m[3 * k + axis] for frame k, in metres, NaN where missing.
 * xyz_m is caller-owned and holds 3 * n_frames doubles. Errors: GAIT_E_INVALID_ARG (NULL, i out
 * of range). */
GAIT_API gait_status gait_trc_get_marker(const gait_trc *trc, size_t i, double *xyz_m);

/* The Time column: time_s[k] for frame k, in seconds as stored (n_frames doubles, caller-owned).
 * Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_trc_get_times(const gait_trc *trc, double *time_s);

/* The Frame# column (n_frames values, caller-owned). Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_trc_get_frame_numbers(const gait_trc *trc, long *frame);

#ifdef __cplusplus
}
#endif

#endif
