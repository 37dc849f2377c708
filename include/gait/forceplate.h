/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force platforms: C3D FORCE_PLATFORM types 1-4 turned into the lab-frame ground reaction wrench,
 * centre of pressure and free moment. (Contract written first; see src/plates/forceplate.c.) */
#ifndef GAIT_FORCEPLATE_H
#define GAIT_FORCEPLATE_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/signal.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Settings for turning plate channels into a wrench. */
typedef struct gait_plate_settings {
    double cop_threshold_n; /* COP and free moment are NaN where the vertical force is below this;
                               default 20 N (common in running). Must be >= 0. */
} gait_plate_settings;

GAIT_API gait_plate_settings gait_plate_settings_default(void);

/* Most channels a supported plate type uses (type 3: 8). */
#define GAIT_PLATE_MAX_CHANNELS 8

/* One force platform, described in SI units. */
typedef struct gait_force_plate {
    int type;               /* C3D FORCE_PLATFORM:TYPE; 1, 2, 3 and 4 are supported */
    gait_vec3 corners_m[4]; /* working-surface corners in the lab frame, metres, in C3D order */
    gait_vec3 origin_m;     /* FORCE_PLATFORM:ORIGIN as stored, plate frame, metres */
    double cal_matrix[6 * 6]; /* type 4 only: outputs (Fx Fy Fz Mx My Mz) = cal_matrix (row-major,
                                 output row i, channel column j) x channels */
    double output_to_si[6]; /* type 4 only: multiply calibrated outputs by these to get N and N·m */
} gait_force_plate;

/* Channels a plate type reads: 6 for types 1, 2 and 4, 8 for type 3; 0 for unsupported types. */
GAIT_API size_t gait_plate_channel_count(int type);

/* Turn n_samples of plate channels into the wrench on the subject, in the lab frame.
 * channels: n_samples x gait_plate_channel_count(type), sample-major, in SI units (N, N·m, m) for
 * types 1-3 in C3D channel order; for type 4 in the file's units before calibration.
 * Outputs (caller-owned, any may be NULL):
 *   force_n[3 k + axis]         ground reaction force acting on the subject (vertical up positive)
 *   moment_nm[3 k + axis]       moment of the ground reaction about the centre of the working
 *                               surface (mean of the corners), acting on the subject
 *   cop_m[3 k + axis]           centre of pressure on the working surface; NaN below the threshold
 *   free_moment_nm[k]           moment about the surface normal at the COP (Tz); NaN below threshold
 * Errors: GAIT_E_UNSUPPORTED (type, named in the detail), GAIT_E_INVALID_ARG (NULL plate or
 * channels, degenerate corners, negative threshold), GAIT_E_NO_DATA (n_samples 0). */
GAIT_API gait_status gait_plate_compute(const gait_force_plate *plate,
                                        const gait_plate_settings *settings,
                                        const double *channels, size_t n_samples, double *force_n,
                                        double *moment_nm, double *cop_m, double *free_moment_nm);

#ifdef __cplusplus
}
#endif

#endif
