/* SPDX-License-Identifier: GPL-3.0-or-later */
/* C3D files: reading (from a path or from memory) and writing.
 *
 * A gait_c3d handle holds one recording decoded into SI units: marker trajectories in metres,
 * analog channels in their own units after ANALOG:SCALE/OFFSET/GEN_SCALE, events in seconds, and
 * every parameter of the file. Handles are independent: different threads may use different
 * handles.
 *
 * Time: sample k (0-based) of the points is at (first_frame - 1 + k) / point_rate_hz seconds, the
 * clock of EVENT:TIMES. Analog sample j is at (first_frame - 1) / point_rate_hz + j /
 * analog_rate_hz.
 *
 * How disagreements are resolved (each one also adds a warning, see gait_c3d_warning()):
 * - Processor type comes from the parameter section header (byte 4: 84 Intel, 85 DEC, 86 MIPS).
 * - Storage is float when POINT:SCALE (else the header scale) is negative, int16 otherwise.
 * - Point count: POINT:USED, else header word 2. Analog channels: ANALOG:USED, else header word 3 /
 *   header word 10. Samples per point frame: header word 3 / channels when consistent, else
 *   ANALOG:RATE / POINT:RATE.
 * - Rates: POINT:RATE and ANALOG:RATE when present and positive; else the header rate, and the
 *   analog rate as point rate x samples per frame.
 * - Data start: POINT:DATA_START when it points inside the file after the parameters, else header
 *   word 9.
 * - Frame count: POINT:FRAMES (unsigned), else TRIAL:ACTUAL_END_FIELD - ACTUAL_START_FIELD + 1,
 * else header last - first + 1; then never more frames than the data section really holds (a file
 * that claims more is read up to its last whole frame, with a warning).
 * - Parameters are read until a zero-length name, an offset of 0, or an offset pointing backwards
 *   or out of the file; a section that ends early keeps the parameters read so far (warning), and
 *   the file is rejected only if the POINT group is missing and the header cannot stand in for it.
 */
#ifndef GAIT_C3D_H
#define GAIT_C3D_H

#include <stddef.h>
#include <stdint.h>

#include "gait/export.h"
#include "gait/signal.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gait_c3d gait_c3d;

typedef enum gait_c3d_processor {
    GAIT_C3D_INTEL = 1, /* little-endian integers, IEEE floats */
    GAIT_C3D_DEC = 2,   /* little-endian integers, VAX F floats */
    GAIT_C3D_MIPS = 3   /* big-endian integers and IEEE floats (SGI/MIPS) */
} gait_c3d_processor;

typedef enum gait_c3d_storage { GAIT_C3D_INT16 = 1, GAIT_C3D_FLOAT = 2 } gait_c3d_storage;

/* Longest label, unit or description kept, in bytes including the terminating NUL. */
#define GAIT_C3D_TEXT_CAPACITY 128

/* Summary of an open file. */
typedef struct gait_c3d_info {
    gait_c3d_processor processor;
    gait_c3d_storage storage;
    size_t n_points;      /* marker (and model output) trajectories */
    double point_rate_hz; /* frames per second */
    size_t n_frames;      /* frames actually read */
    long first_frame;     /* 1-based number of the first frame (header word 4) */
    double point_scale;   /* POINT:SCALE as stored (negative for float storage) */
    char point_units[GAIT_C3D_TEXT_CAPACITY]; /* POINT:UNITS as stored, e.g. "mm" */
    double point_units_m;                     /* metres per POINT:UNITS unit, e.g. 0.001 */
    size_t n_analog_channels;
    double analog_rate_hz;
    size_t analog_samples_per_frame; /* analog samples per channel per point frame */
    size_t n_force_platforms;        /* FORCE_PLATFORM:USED */
    size_t n_events;                 /* EVENT group events, or else header events */
    size_t n_warnings;               /* quirks met while reading, see gait_c3d_warning() */
} gait_c3d_info;

/* ---- open and close ---- */

/* Open and decode a C3D file. On success *c3d is a new handle, release it with gait_c3d_close().
 * On failure *c3d is NULL and gait_last_error_detail() names the file, the byte offset and the
 * field. Errors: GAIT_E_IO (cannot open/read), GAIT_E_FORMAT (not a C3D file, truncated or
 * corrupt beyond recovery), GAIT_E_UNSUPPORTED (e.g. an unknown processor type), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_open(const char *path, gait_c3d **c3d);

/* The same from size bytes in memory (copied as needed: the caller keeps ownership of bytes and may
 * free them once this returns). name (may be NULL) stands for the path in messages. */
GAIT_API gait_status gait_c3d_open_memory(const void *bytes, size_t size, const char *name,
                                          gait_c3d **c3d);

/* Release a handle and everything it owns. NULL is a no-op. */
GAIT_API void gait_c3d_close(gait_c3d *c3d);

/* Fill *info. Errors: GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_c3d_get_info(const gait_c3d *c3d, gait_c3d_info *info);

/* Warning i (0 <= i < n_warnings) about a quirk resolved while reading, e.g.
 * "header claims 1149 frames but the data section holds 29; reading 29". Owned by the handle,
 * valid until it is closed; NULL when i is out of range. */
GAIT_API const char *gait_c3d_warning(const gait_c3d *c3d, size_t i);

/* ---- points ---- */

/* Label of point i, trailing spaces and NULs removed (e.g. "LHEE" or "Subject:LHEE"). Owned by the
 * handle; NULL when i is out of range. */
GAIT_API const char *gait_c3d_point_label(const gait_c3d *c3d, size_t i);

/* Index of the first point whose label equals `label`, or whose label after a "Subject:" prefix
 * does. Errors: GAIT_E_NO_DATA (no such point), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_c3d_find_point(const gait_c3d *c3d, const char *label, size_t *index);

/* Trajectory of point i in the lab frame: xyz_m[3 * k + axis] for frame k, in metres, NaN where the
 * point is missing (negative residual). residual (may be NULL) receives n_frames residuals in
 * metres (NaN where missing). Both caller-owned, sized from gait_c3d_get_info().
 * Errors: GAIT_E_INVALID_ARG (NULL, index out of range). */
GAIT_API gait_status gait_c3d_get_point(const gait_c3d *c3d, size_t i, double *xyz_m,
                                        double *residual_m);

/* ---- analog ---- */

/* Label, unit and description of analog channel i (trailing spaces removed); NULL if out of
 * range. Owned by the handle. */
GAIT_API const char *gait_c3d_analog_label(const gait_c3d *c3d, size_t i);
GAIT_API const char *gait_c3d_analog_unit(const gait_c3d *c3d, size_t i);

/* Index of the analog channel labelled `label`. Errors: GAIT_E_NO_DATA, GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_c3d_find_analog(const gait_c3d *c3d, const char *label, size_t *index);

/* Channel i, n_frames * analog_samples_per_frame values (caller-owned) in the channel's own units
 * (gait_c3d_analog_unit()), computed as (raw - OFFSET) * SCALE * GEN_SCALE (raw read unsigned when
 * ANALOG:FORMAT is "UNSIGNED"). Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_c3d_get_analog(const gait_c3d *c3d, size_t i, double *values);

/* ---- events ---- */

typedef struct gait_c3d_event {
    char label[GAIT_C3D_TEXT_CAPACITY];   /* e.g. "Foot Strike" */
    char context[GAIT_C3D_TEXT_CAPACITY]; /* e.g. "Right" (whitespace trimmed) */
    char description[GAIT_C3D_TEXT_CAPACITY];
    double time_s;   /* on the file's clock, see above */
    int from_header; /* 1: a header event (no context), 0: EVENT group */
} gait_c3d_event;

/* Event i, in the order stored. Errors: GAIT_E_INVALID_ARG (NULL, out of range). */
GAIT_API gait_status gait_c3d_get_event(const gait_c3d *c3d, size_t i, gait_c3d_event *event);

/* ---- subject ---- */

/* Lightest body mass taken for a real subject; smaller stored values are placeholders (one corpus
 * file stores 1). */
#define GAIT_C3D_MIN_BODY_MASS_KG 10.0

/* The subject's body mass in kg, from the first of PROCESSING:Bodymass (Vicon), SUBJECTS:WEIGHT,
 * SUBJECTS:MASS or SUBJECT:WEIGHT (c3d.org samples) that holds a number; kilograms are assumed, as
 * those writers store them. Errors: GAIT_E_NO_DATA (none of them, or a value below
 * GAIT_C3D_MIN_BODY_MASS_KG or not finite: the detail names the parameter and value),
 * GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_c3d_body_mass_kg(const gait_c3d *c3d, double *mass_kg);

/* ---- parameters ---- */

typedef enum gait_c3d_param_type {
    GAIT_C3D_CHAR = -1,
    GAIT_C3D_BYTE = 1,
    GAIT_C3D_INTEGER = 2,
    GAIT_C3D_REAL = 4
} gait_c3d_param_type;

#define GAIT_C3D_MAX_DIMS 7

/* Shape of a parameter. For CHAR parameters dims[0] is the string length and the remaining dims
 * count strings. */
typedef struct gait_c3d_param_shape {
    gait_c3d_param_type type;
    int n_dims; /* 0 for a scalar */
    int dims[GAIT_C3D_MAX_DIMS];
    size_t n_values; /* product of dims (1 for a scalar) */
} gait_c3d_param_shape;

/* Find GROUP:NAME (case-insensitive) and give its shape. Errors: GAIT_E_NO_DATA (absent). */
GAIT_API gait_status gait_c3d_param_shape_of(const gait_c3d *c3d, const char *group,
                                             const char *name, gait_c3d_param_shape *shape);

/* Numeric values of GROUP:NAME as doubles, first to last in C3D (column-major) order, into
 * values[0..capacity-1]; *n_values receives the parameter's full count even when more than
 * capacity. INTEGER values are signed 16-bit; BYTE values signed 8-bit as the standard says.
 * Errors: GAIT_E_NO_DATA (absent), GAIT_E_INVALID_ARG (a CHAR parameter, NULL). */
GAIT_API gait_status gait_c3d_param_doubles(const gait_c3d *c3d, const char *group,
                                            const char *name, double *values, size_t capacity,
                                            size_t *n_values);

/* String `index` of a CHAR parameter (trailing spaces and NULs removed) into out (capacity bytes,
 * always NUL-terminated, truncated if needed). Continuation parameters (LABELS2, LABELS3, ...) are
 * not merged here; gait_c3d_point_label() and friends do that.
 * Errors: GAIT_E_NO_DATA (absent or index out of range), GAIT_E_INVALID_ARG (not CHAR, NULL). */
GAIT_API gait_status gait_c3d_param_string(const gait_c3d *c3d, const char *group, const char *name,
                                           size_t index, char *out, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
