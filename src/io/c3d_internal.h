/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The decoded in-memory model behind a gait_c3d handle, shared by the reader and the writer. */
#ifndef GAIT_IO_C3D_INTERNAL_H
#define GAIT_IO_C3D_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/warnings.h"
#include "gait/c3d.h"

/* Parameter and group names are at most 127 characters (a signed byte counts them). */
#define C3D_NAME_CAPACITY 128

typedef struct c3d_group {
    int id; /* positive group number */
    char name[C3D_NAME_CAPACITY];
    char *description;
} c3d_group;

typedef struct c3d_param {
    int group_id;
    char name[C3D_NAME_CAPACITY];
    gait_c3d_param_shape shape;
    /* Host-order values: CHAR bytes, BYTE int8_t, INTEGER int16_t, REAL float; n_values of them. */
    void *data;
    char *description;
} c3d_param;

typedef struct c3d_params {
    c3d_group *groups;
    size_t n_groups, groups_capacity;
    c3d_param *params;
    size_t n_params, params_capacity;
} c3d_params;

struct gait_c3d {
    char name[256]; /* path or caller's name, for messages */
    gait_c3d_info info;
    c3d_params params;
    char (*point_labels)[GAIT_C3D_TEXT_CAPACITY];
    double *points; /* n_frames x n_points x 4: x, y, z in metres and residual in metres */
    char (*analog_labels)[GAIT_C3D_TEXT_CAPACITY];
    char (*analog_units)[GAIT_C3D_TEXT_CAPACITY];
    double *analog; /* (n_frames * samples_per_frame) x n_channels, sample-major */
    gait_c3d_event *events;
    gait_warnings warnings;
};

/* Parse the parameter section that starts at byte `start` of file[0..size-1] (size: where the
 * parameters must end, the data section or the end of the file). Records are followed while they
 * stay inside and move forward; anything odd stops the walk with a warning and
 * keeps what was read. Errors only for memory and a section header outside the file. */
gait_status c3d_parse_params(gait_c3d *c3d, const uint8_t *file, size_t size, size_t start,
                             gait_c3d_processor processor);
void c3d_free_params(c3d_params *params);

/* Lookups (case-insensitive). NULL when absent. */
const c3d_param *c3d_find_param(const gait_c3d *c3d, const char *group, const char *name);
const c3d_group *c3d_find_group(const gait_c3d *c3d, const char *group);

/* Value k of a numeric parameter as a double (NaN for CHAR or k out of range). */
double c3d_param_value(const c3d_param *param, size_t k);

/* Scalar helpers: the first value of GROUP:NAME, or `fallback` when absent, CHAR or empty. */
double c3d_param_number(const gait_c3d *c3d, const char *group, const char *name, double fallback);

/* String k of a CHAR parameter, trimmed of trailing spaces and NULs, into out (capacity >= 1).
 * Returns 1 when the string exists. */
int c3d_param_text(const c3d_param *param, size_t k, char *out, size_t capacity);

/* Number of strings a CHAR parameter holds (its dims after the first; 1 for a 1-D string). */
size_t c3d_param_text_count(const c3d_param *param);

/* Metres per unit of a POINT:UNITS string ("mm", "cm", "m", "meters" cut short, "in");
 * 0 when not recognised. */
double c3d_length_unit_m(const char *units);

/* Add a warning to the handle (formatted like printf); past GAIT_MAX_WARNINGS they are counted. */
void c3d_warn(gait_c3d *c3d, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
