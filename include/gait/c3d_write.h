/* SPDX-License-Identifier: GPL-3.0-or-later */
/* C3D writing: a recording built from scratch, or an opened one (gait/c3d.h), saved to a path or to
 * memory.
 *
 * Units. Everything given to these functions is SI, as everywhere in libgait: marker positions and
 * residuals in metres, plate corners and origins in metres, times in seconds. Analog values are in
 * the channel's own unit (the `unit` string given with it, e.g. "N"). In the file, points,
 * residuals, FORCE_PLATFORM:CORNERS and :ORIGIN are in POINT:UNITS of the handle: "mm" for a
 * recording made with gait_c3d_create(), the file's own units for an opened one (e.g. "m"; "mm"
 * when the reader did not recognise them and assumed millimetres).
 *
 * What is written. The output is always one layout, whatever was read:
 * - Intel processor (84), float storage: POINT:SCALE is negative, and its magnitude is the unit of
 *   the residuals: |POINT:SCALE| of an opened file (1 when it was 0), 0.1 (mm) for a created one.
 *   A residual is stored as a whole number of those units from 0 to 255 (rounded; larger ones are
 *   stored as 255 units, i.e. 25.5 mm for a created recording). Camera masks are not kept.
 * - A missing sample (any NaN coordinate, or a negative residual) is written with x = y = z = 0
 *   and residual -1, and reads back as NaN.
 * - Analog channels are written as the values the handle holds, with ANALOG:SCALE 1, OFFSET 0 and
 *   GEN_SCALE 1, so any earlier scaling is already applied; ANALOG:FORMAT is dropped.
 * - The header (words 2-5, 7-12) and the parameters agree: POINT:USED/SCALE/RATE/DATA_START/
 *   FRAMES/UNITS, ANALOG:USED/RATE, the parameter section's block count. Header words 4 and 5
 *   (first and last frame numbers) and POINT:FRAMES (the count) are 16-bit: above 65535 they hold
 *   65535, and TRIAL:ACTUAL_START_FIELD and ACTUAL_END_FIELD (low word, high word) hold the exact
 *   first and last frame numbers. Those two are written then, and whenever the opened file had
 *   them. The file is padded with zeros to whole 512-byte blocks.
 * - Regenerated from the model: POINT:USED, SCALE, RATE, DATA_START, FRAMES, UNITS, LABELS
 *   (LABELS2, LABELS3, ... for more than 255), DESCRIPTIONS(n) (the file's strings, "" for points
 *   added later); ANALOG:USED, RATE, GEN_SCALE, LABELS(n), DESCRIPTIONS(n), UNITS(n), SCALE(n),
 *   OFFSET(n); EVENT:USED, TIMES (minutes, seconds), LABELS, CONTEXTS, DESCRIPTIONS.
 *   POINT:LONG_FRAMES and ANALOG:FORMAT are dropped.
 * - Every other group and parameter of an opened file is copied as it was, in its order
 *   (FORCE_PLATFORM, SUBJECTS, PROCESSING, EVENT_CONTEXT, the other parameters of POINT, ANALOG
 *   and EVENT such as POINT:ANGLES or EVENT:ICON_IDS, ...). Not written: parameters whose group
 *   does not exist, a group with the number of an earlier one, and the "locked" flags.
 * - Events: the EVENT group holds them all (at most 255); when there are at most 18 the header's
 *   event block (key 12345) holds them too, with labels cut to 4 characters. A header-only event
 *   of an opened file therefore reads back from the EVENT group (from_header 0).
 * Limits, each a GAIT_E_UNSUPPORTED error naming the count: at most 65535 points, analog channels
 * x samples per frame at most 65535 (header word 3), at most 255 events, a parameter section of
 * at most 255 blocks (about 127 KiB: some thousands of labels), parameter records under 32 KiB.
 *
 * Thread safety: as for reading, independent handles may be used from different threads; a
 * handle must not be changed while another thread writes it. */
#ifndef GAIT_C3D_WRITE_H
#define GAIT_C3D_WRITE_H

#include <stddef.h>

#include "gait/c3d.h"
#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- building a recording ---- */

/* Residual unit of a created recording, in its POINT:UNITS (mm): POINT:SCALE is -0.1. */
#define GAIT_C3D_CREATE_RESIDUAL_UNIT_MM 0.1

/* A new, empty recording: no points, channels, events or plates yet, n_frames frames at
 * point_rate_hz, analog channels (added later) sampled analog_samples_per_frame times per frame,
 * first frame number first_frame (1-based, as header word 4). Intel, float storage, POINT:UNITS
 * "mm"; its parameter groups start with POINT (number 1) and ANALOG (2). Release it with
 * gait_c3d_close(). The gait/c3d.h accessors work on it as on an opened file.
 * Errors: GAIT_E_INVALID_ARG (c3d NULL, rate not positive and finite, first_frame < 1,
 * analog_samples_per_frame > 65535, first_frame + n_frames - 1 above 4294967295), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_create(double point_rate_hz, size_t n_frames,
                                     size_t analog_samples_per_frame, long first_frame,
                                     gait_c3d **c3d);

/* Append a point (marker) trajectory, to a created or an opened recording. xyz_m holds 3 * n_frames
 * lab-frame coordinates in metres (xyz_m[3 * k + axis]); a NaN coordinate marks frame k missing.
 * residual_m (may be NULL: residuals 0) holds n_frames residuals in metres; a negative one marks
 * the frame missing too, a NaN one on a present frame is taken as 0. The data are copied.
 * label: 1 to GAIT_C3D_TEXT_CAPACITY - 1 printable ASCII characters, no trailing space, not the
 * label of another point (exact comparison).
 * Errors: GAIT_E_INVALID_ARG (NULL, bad or duplicate label, an infinite coordinate, a coordinate
 * too large for a float in POINT:UNITS), GAIT_E_UNSUPPORTED (65535 points already), GAIT_E_NOMEM.
 */
GAIT_API gait_status gait_c3d_add_point(gait_c3d *c3d, const char *label, const double *xyz_m,
                                        const double *residual_m);

/* Append an analog channel: n_frames * analog_samples_per_frame values (sample j at
 * values[j]) in the unit named by `unit` (NULL or "" for none; at most GAIT_C3D_TEXT_CAPACITY - 1
 * characters). NaN values are written as float NaN and read back as NaN. Label rules as for points
 * (unique among channels). The data are copied.
 * Errors: GAIT_E_INVALID_ARG (NULL values, bad label or unit, an infinite value or one beyond the
 * float range, a recording with 0 analog samples per frame), GAIT_E_UNSUPPORTED (channels x samples
 * per frame would exceed 65535), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_add_analog(gait_c3d *c3d, const char *label, const char *unit,
                                         const double *values);

/* Append an event (time on the recording's clock, see gait/c3d.h). label: non-empty; label,
 * context and description each NUL-terminated within GAIT_C3D_TEXT_CAPACITY; from_header is
 * ignored. Errors: GAIT_E_INVALID_ARG (NULL, empty or unterminated text, time not finite),
 * GAIT_E_UNSUPPORTED (255 events already), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_add_event(gait_c3d *c3d, const gait_c3d_event *event);

/* Append a force platform to FORCE_PLATFORM (created when absent): USED + 1, and one more column
 * in TYPE, CORNERS (3 x 4, in POINT:UNITS), ORIGIN (3, in POINT:UNITS) and CHANNEL; ZERO is set to
 * (0, 0), "no baseline correction", when absent. type 1, 2 or 4 takes 6 channels, type 3 takes 8,
 * in the order of gait/forceplate.h. channel_indices are 0-based indices of analog channels already
 * added (gait_c3d_find_analog()); the file stores them 1-based as C3D wants. CHANNEL is as tall as
 * the plate with most channels; shorter columns are padded with 0. For type 4, and whenever
 * FORCE_PLATFORM:CAL_MATRIX exists, CAL_MATRIX gets a 6 x 6 identity for the new plate (the
 * channels already hold forces and moments). corners_m: corner c at corners_m[3 * c + axis],
 * numbered as in gait/forceplate.h; origin_m: ORIGIN as gait/forceplate.h defines it for the type.
 * Errors: GAIT_E_INVALID_ARG (NULL, unknown type, wrong channel count, channel out of range,
 * non-finite corner or origin), GAIT_E_UNSUPPORTED (more than 255 plates), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_add_force_plate(gait_c3d *c3d, int type, const double corners_m[12],
                                              const double origin_m[3],
                                              const size_t channel_indices[], size_t n_channels);

/* ---- other parameters ---- */

/* Set GROUP:NAME (created, with its group, when absent; replaced, keeping its place, when present;
 * names compared case-insensitively, new ones stored as given). The parameters regenerated from
 * the model (listed above; e.g. POINT:LABELS, ANALOG:SCALE, EVENT:TIMES) cannot be set:
 * GAIT_E_INVALID_ARG. POINT:DESCRIPTIONS and ANALOG:DESCRIPTIONS can. Names: 1 to 127 characters
 * from A-Z, a-z, 0-9 and '_'. */

/* A numeric parameter of `type` GAIT_C3D_BYTE, GAIT_C3D_INTEGER or GAIT_C3D_REAL, with n_dims
 * (0 to GAIT_C3D_MAX_DIMS; 0 is a scalar) dimensions dims[] (each 0 to 255), values in C3D
 * (column-major, first index fastest) order. Values are rounded to the type: BYTE -128..127,
 * INTEGER -32768..65535 (above 32767 stored as the unsigned word, as counts are), REAL a float;
 * out of range or not finite is GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_c3d_set_param_numbers(gait_c3d *c3d, const char *group, const char *name,
                                                gait_c3d_param_type type, int n_dims,
                                                const int *dims, const double *values);

/* Shorthands: n values (1 to 255) as a one-dimensional REAL or INTEGER parameter, e.g.
 * gait_c3d_set_param_real(c3d, "PROCESSING", "Bodymass", &mass_kg, 1). */
GAIT_API gait_status gait_c3d_set_param_real(gait_c3d *c3d, const char *group, const char *name,
                                             const double *values, size_t n);
GAIT_API gait_status gait_c3d_set_param_integer(gait_c3d *c3d, const char *group, const char *name,
                                                const double *values, size_t n);

/* A CHAR parameter of n strings (1 to 255, each at most 255 bytes), padded with spaces to the
 * longest: dims (longest, n), or (longest) when n is 1. E.g. SUBJECTS:NAMES. */
GAIT_API gait_status gait_c3d_set_param_text(gait_c3d *c3d, const char *group, const char *name,
                                             const char *const *strings, size_t n);

/* ---- writing ---- */

/* Encode the recording as a C3D file in memory. On success *bytes is a new buffer of *size bytes
 * owned by the caller: release it with gait_c3d_free_bytes(). On failure *bytes is NULL and *size
 * 0. The handle is not changed. Errors: GAIT_E_INVALID_ARG (NULL), GAIT_E_UNSUPPORTED (a limit
 * above), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_write_memory(const gait_c3d *c3d, unsigned char **bytes,
                                           size_t *size);

/* Release a buffer from gait_c3d_write_memory(). NULL is a no-op. */
GAIT_API void gait_c3d_free_bytes(void *bytes);

/* Write the recording to `path` (created or truncated). On failure the partial file is removed.
 * Errors: as gait_c3d_write_memory(), and GAIT_E_IO (cannot create or write the file). */
GAIT_API gait_status gait_c3d_write(const gait_c3d *c3d, const char *path);

#ifdef __cplusplus
}
#endif

#endif
