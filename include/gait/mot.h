/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OpenSim .mot / .sto tables (ground reaction forces, IK angles, ID moments, ...): reading from a
 * path or from memory, and finding the ground-reaction force sets among the columns.
 *
 * A gait_mot handle holds one table of doubles, values AS STORED: no unit is converted. Whether
 * angles are in degrees is only what the header says (info.in_degrees); OpenSim writes forces in N,
 * centres of pressure in m and torques in N·m. Frame: OpenSim's ground frame, y up (x and z
 * horizontal, as the lab set them up); nothing is rotated. Handles are independent: different
 * threads may use different handles.
 *
 * Headers understood (everything before a line "endheader"; key=value lines in any order):
 * - version 1/2/3 (OpenSim 3 and 4):   <name line>  version=1  nRows=N  nColumns=M
 *   inDegrees=yes|no  [other key=value lines, e.g. DataType=double, OpenSimVersion=4.1]
 *   [free text lines]  endheader
 * - old SIMM/OpenSim 1 style:          name <name>  datacolumns M  datarows N  range t0 t1
 * endheader
 * - no header at all: a file whose first line (after blank and "#" comment lines) is a label row
 *   starting with "time", e.g. a CSV from gait_csv_write().
 * Then one line of column labels and one line of numbers per row.
 *
 * Rules (each accepted departure from the header adds a warning, see gait_mot_warning()):
 * - Separator: the most frequent of tab, comma and semicolon in the label line (ties: tab), else
 *   runs of spaces (old SIMM files); spaces around cells are ignored (SIMM pads labels with them).
 *   Trailing empty labels (trailing tabs) are dropped; an empty label between others is
 *   GAIT_E_FORMAT.
 * - n_columns is the number of labels; n_rows the number of non-blank data lines. nRows/datarows or
 *   nColumns/datacolumns that disagree: warning (the data win).
 * - version= must be a whole number, inDegrees yes or no (any case), nRows/nColumns whole numbers:
 *   else GAIT_E_FORMAT. Unknown keys and free text are ignored.
 * - An empty cell is NaN, as are "nan"/"NaN". A row with fewer cells than labels is NaN-padded
 *   (warning); a row with a non-empty cell beyond the last label is GAIT_E_FORMAT. Any cell that
 *   is not a number is GAIT_E_FORMAT with its line and column.
 * - Memory: rows x columns may not exceed the input size in bytes (true of every file whose rows
 *   have their full width), else GAIT_E_FORMAT.
 */
#ifndef GAIT_MOT_H
#define GAIT_MOT_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gait_mot gait_mot;

/* Longest name or identifier kept, in bytes including the terminating NUL. */
#define GAIT_MOT_TEXT_CAPACITY 128

/* A column index meaning "no such column". */
#define GAIT_MOT_NO_COLUMN ((size_t)-1)

/* Summary of an open table. */
typedef struct gait_mot_info {
    size_t n_rows;
    size_t n_columns;                  /* labels, the time column included */
    int version;                       /* version= value; 0 when absent (old-style or no header) */
    int in_degrees;                    /* inDegrees: 1 yes, 0 no, -1 not stated */
    size_t time_column;                /* first column labelled "time" (any case), or
                                          GAIT_MOT_NO_COLUMN */
    long header_n_rows;                /* nRows / datarows as stored, -1 when absent */
    long header_n_columns;             /* nColumns / datacolumns as stored, -1 when absent */
    char name[GAIT_MOT_TEXT_CAPACITY]; /* first header line or "name ...", "" when none */
    size_t n_grf;                      /* force sets found, see gait_mot_get_grf() */
    size_t n_warnings;
} gait_mot_info;

/* Open and decode a .mot/.sto file. On success *mot is a new handle, release it with
 * gait_mot_close(). On failure *mot is NULL and gait_last_error_detail() names the file, line,
 * column and field. Errors: GAIT_E_IO, GAIT_E_FORMAT, GAIT_E_NO_DATA (empty input), GAIT_E_NOMEM,
 * GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_mot_open(const char *path, gait_mot **mot);

/* The same from size bytes in memory (not NUL-terminated; read only within [bytes, bytes + size);
 * the caller keeps ownership). name (may be NULL) stands for the path in messages. */
GAIT_API gait_status gait_mot_open_memory(const void *bytes, size_t size, const char *name,
                                          gait_mot **mot);

/* Release a handle and everything it owns. NULL is a no-op. */
GAIT_API void gait_mot_close(gait_mot *mot);

/* Fill *info. Errors: GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_mot_get_info(const gait_mot *mot, gait_mot_info *info);

/* Warning i (0 <= i < n_warnings), e.g. "header datarows is 901 but the file holds 601 rows".
 * Owned by the handle; NULL when i is out of range. */
GAIT_API const char *gait_mot_warning(const gait_mot *mot, size_t i);

/* Label of column i as stored (spaces around it removed). Owned by the handle; NULL when out of
 * range. */
GAIT_API const char *gait_mot_column_label(const gait_mot *mot, size_t i);

/* Index of the first column labelled exactly `label` (case-sensitive, as OpenSim).
 * Errors: GAIT_E_NO_DATA (no such column), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_mot_find_column(const gait_mot *mot, const char *label, size_t *index);

/* Column i, n_rows values as stored (caller-owned). Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_mot_get_column(const gait_mot *mot, size_t i, double *values);

/* The time column (n_rows values in seconds, caller-owned). Errors: GAIT_E_NO_DATA (no column
 * labelled "time"), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_mot_get_times(const gait_mot *mot, double *time_s);

/* ---- ground reaction forces ----
 *
 * A force set is found from a column <P>vx with columns <P>vy and <P>vz, e.g. P = "ground_force_",
 * "1_ground_force_", "R_ground_force_", "ground_force_1_", "calcn_l_force_". For that set:
 * - centre of pressure: <P>px <P>py <P>pz, when all three exist;
 * - torque, the first complete triple of: <P>mx my mz (AddBiomechanics), then <Q>x y z where Q is
 *   P with its last "force" replaced by "torque" (ground_torque_x, 1_ground_torque_x,
 *   R_ground_torque_x, calcn_l_torque_x), then by "moment" (ground_moment_x).
 * Sets are numbered in the order of their vx columns. The identifiers are those an OpenSim
 * ExternalForce uses (force_identifier, point_identifier, torque_identifier), so the file's
 * external-loads XML can be matched; that XML, not the name, says which body a set acts on.
 * The side is a guess from the name: a token "l"/"left" or "r"/"right" between '_', '.', '-' or
 * ' ' (e.g. "R_ground_force", "calcn_l_force") gives 'l' or 'r'; otherwise (e.g. "ground_force",
 * "1_ground_force") '?'. */
typedef struct gait_mot_grf {
    char name[GAIT_MOT_TEXT_CAPACITY];              /* P without trailing '_': "1_ground_force" */
    char force_identifier[GAIT_MOT_TEXT_CAPACITY];  /* e.g. "1_ground_force_v" */
    char point_identifier[GAIT_MOT_TEXT_CAPACITY];  /* e.g. "1_ground_force_p"; "" when no COP */
    char torque_identifier[GAIT_MOT_TEXT_CAPACITY]; /* e.g. "1_ground_torque_"; "" when none */
    char side;                                      /* 'l', 'r' or '?' */
    size_t force_column[3];                         /* x, y, z column indices */
    size_t point_column[3];                         /* GAIT_MOT_NO_COLUMN when there is no COP */
    size_t torque_column[3];                        /* GAIT_MOT_NO_COLUMN when there is no torque */
} gait_mot_grf;

/* Number of force sets found (also info.n_grf); 0 for NULL. */
GAIT_API size_t gait_mot_grf_count(const gait_mot *mot);

/* Force set i: its description into *meta, and n_rows samples of force (N), centre of pressure (m)
 * and torque (N·m) as stored, as [3 * k + axis] for row k, into the caller-owned arrays of
 * 3 * n_rows doubles. Any of meta, force_n, cop_m, torque_nm may be NULL to skip it; a COP or
 * torque the file lacks is returned as NaN. Errors: GAIT_E_INVALID_ARG (NULL handle, i out of
 * range). */
GAIT_API gait_status gait_mot_get_grf(const gait_mot *mot, size_t i, gait_mot_grf *meta,
                                      double *force_n, double *cop_m, double *torque_nm);

#ifdef __cplusplus
}
#endif

#endif
