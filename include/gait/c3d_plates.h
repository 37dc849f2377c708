/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The force platforms of a C3D file (FORCE_PLATFORM group) as gait_force_plate descriptions and as
 * lab-frame ground reaction wrenches, centre of pressure and free moment in SI units. */
#ifndef GAIT_C3D_PLATES_H
#define GAIT_C3D_PLATES_H

#include <stddef.h>

#include "gait/c3d.h"
#include "gait/export.h"
#include "gait/forceplate.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Describe plate `plate` (0-based, below gait_c3d_info.n_force_platforms) in SI units:
 * - TYPE, CORNERS and ORIGIN (POINT:UNITS converted to metres);
 * - channel_index (may be NULL; GAIT_PLATE_MAX_CHANNELS entries) receives the 0-based analog
 *   channels of FORCE_PLATFORM:CHANNEL, in the type's channel order (labels are not trusted);
 * - channel_to_si (may be NULL; GAIT_PLATE_MAX_CHANNELS entries) receives the factor that turns
 *   each channel into N, N·m or m, from its ANALOG:UNITS ("N", "nt", "Nmm", "ntmm", "N.mm", "Nm",
 *   "mm", "m", ...); a unit it does not recognise, or one of the wrong kind (a COP channel
 *   labelled "N"), is taken as N for forces and as N·(POINT:UNITS) or POINT:UNITS for moments and
 *   lengths;
 * - type 4: CAL_MATRIX (stored column-major: its first index, fastest, is the output row) and the
 *   output factors (N for forces, the units of the moment channels for moments).
 * The channels are used without a change of sign: as BTK and ezc3d read them, and as every corpus
 * file bears out, they hold the reaction on the subject in the plate frame.
 * FORCE_PLATFORM:ZERO is not applied: the analog data are used as stored.
 * Errors: GAIT_E_INVALID_ARG (NULL, plate out of range), GAIT_E_FORMAT (a parameter missing or too
 * short, a CHANNEL outside the analog channels: the detail names the parameter),
 * GAIT_E_UNSUPPORTED (a plate type other than 1-4, named in the detail). */
GAIT_API gait_status gait_c3d_get_force_plate(const gait_c3d *c3d, size_t plate,
                                              gait_force_plate *description, size_t *channel_index,
                                              double *channel_to_si);

/* Ground reaction of plate `plate` at every analog sample (n = n_frames x
 * analog_samples_per_frame, from gait_c3d_get_info()), in the lab frame, on the subject: see
 * gait_plate_compute() for the outputs (caller-owned, 3 n or n doubles, any may be NULL) and
 * settings (NULL = defaults: COP gated below 20 N). Errors: those of gait_c3d_get_force_plate()
 * and gait_plate_compute(), GAIT_E_NO_DATA (no analog samples), GAIT_E_NOMEM. */
GAIT_API gait_status gait_c3d_plate_wrench(const gait_c3d *c3d, size_t plate,
                                           const gait_plate_settings *settings, double *force_n,
                                           double *moment_nm, double *cop_m,
                                           double *free_moment_nm);

#ifdef __cplusplus
}
#endif

#endif
