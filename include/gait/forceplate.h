/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force platforms: C3D FORCE_PLATFORM types 1-4 turned into the lab-frame ground reaction wrench,
 * centre of pressure and free moment.
 *
 * Conventions (sources: the C3D manual at c3d.org, FORCE_PLATFORM:CORNERS and :ORIGIN pages; BTK,
 * Biomechanical-ToolKit/BTKCore Code/BasicFilters/btkForcePlatformWrenchFilter.{h,cpp} and
 * btkGroundReactionWrenchFilter.{h,cpp}; ezc3d, pyomeca/ezc3d src/modules/ForcePlatforms.cpp;
 * Visual3D's FP_ORIGIN and FP_TYPE_3 notes):
 *
 * Plate frame. The corners are numbered by the quadrant of the plate's own x-y plane they lie in:
 *   corner 1 at (+x, +y), 2 at (-x, +y), 3 at (-x, -y), 4 at (+x, -y).
 * The plate x axis in the lab is the direction of (c1 - c2) + (c4 - c3), its y axis that of
 * (c1 - c4) + (c2 - c3), made exactly orthogonal symmetrically (neither edge is preferred), and
 * z = x × y. With corners listed as the C3D manual asks, z points down into the plate (AMTI and
 * Kistler plates measure in a z-down frame). The centre of the working surface S is the mean of the
 * four corners; the working surface is the plane through S normal to z.
 *
 * Channels. The channels hold the ground reaction on the subject (force and moment the plate
 * exerts on the subject) resolved in the plate frame, so with z down Fz is negative under load.
 * This is how plate data appear in C3D files (checked on Vicon, Qualisys, Motion Analysis,
 * Codamotion and BTS recordings) and how BTK and ezc3d read them: rotated to the lab frame
 * without a change of sign, they are the outputs. No lab axis is assumed to be vertical.
 *   Type 1: Fx Fy Fz, COPx COPy (plate frame, metres, relative to S, as BTK and ezc3d read them),
 *           Tz (free moment about the plate z axis at the COP). ORIGIN is not used.
 *   Type 2: Fx Fy Fz Mx My Mz, the moment about the transducer origin O.
 *   Type 3: fx12 fx34 fy14 fy23 fz1 fz2 fz3 fz4 (Kistler). ORIGIN holds (a, b, az0): sensors k
 *           sit at (±a, ±b, 0) in the quadrant of corner k, the origin O at the sensor plane and
 *           the surface centre at (0, 0, az0). Then F = (fx12 + fx34, fy14 + fy23, Σ fz) and
 *           M_O = (b (fz1 + fz2 - fz3 - fz4), a (fz2 + fz3 - fz1 - fz4),
 *                  b (fx34 - fx12) + a (fy14 - fy23)).
 *           a and b are used as stored; the Kistler COP correction polynomial is not applied.
 *   Type 4: outputs (Fx Fy Fz Mx My Mz) = cal_matrix × channels, each output times its
 *           output_to_si factor, then as type 2.
 *
 * ORIGIN sign. For types 2 and 4 ORIGIN is the vector from O to S in the plate frame, so with z
 * down its z component is negative (the surface is above the transducer). Older AMTI calibration
 * sheets, and several writers, store it the other way round (from S to O, z positive). As BTK,
 * ezc3d and Visual3D do, a positive ORIGIN z is taken for that reversed convention and the whole
 * vector is negated; an ORIGIN with z <= 0 is used as stored. For type 3 only az0 is affected: the
 * surface centre is taken at z = -|az0| (as BTK does; a and b keep their sign).
 *
 * Moment transfer: M_S = M_O + F × ORIGIN (type 3: M_O + F × (0, 0, -|az0|)), ORIGIN after the
 * sign rule.
 * COP relative to S, plate frame: (-M_S,y / Fz, M_S,x / Fz, 0), which lies on the working surface
 * by construction; free moment Tz = M_S,z - (COP × F)_z.
 *
 * "Vertical force" is the component normal to the working surface (plate z). The COP and free
 * moment are NaN where its magnitude is below cop_threshold_n, is zero, or is not finite: there
 * the COP is undefined, not noisy. The reported free moment is the ground reaction's moment on the
 * subject about the surface normal that points toward the subject (the side the normal reaction
 * force points to), positive counter-clockwise seen from the subject's side. For a plate whose z
 * points down this is minus the plate-frame Tz. */
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
    double cop_threshold_n; /* COP and free moment are NaN where the force normal to the plate is
                               below this; default 20 N (common in running). Must be finite and
                               >= 0. */
} gait_plate_settings;

GAIT_API gait_plate_settings gait_plate_settings_default(void);

/* Most channels a supported plate type uses (type 3: 8). */
#define GAIT_PLATE_MAX_CHANNELS 8

/* One force platform, described in SI units. */
typedef struct gait_force_plate {
    int type;                 /* C3D FORCE_PLATFORM:TYPE; 1, 2, 3 and 4 are supported */
    gait_vec3 corners_m[4];   /* working-surface corners in the lab frame, metres, in C3D order */
    gait_vec3 origin_m;       /* FORCE_PLATFORM:ORIGIN as stored, plate frame, metres (type 3: the
                                 sensor offsets a, b and az0); the sign rule above applies */
    double cal_matrix[6 * 6]; /* type 4 only: outputs (Fx Fy Fz Mx My Mz) = cal_matrix (row-major,
                                 output row i, channel column j) x channels */
    double output_to_si[6]; /* type 4 only: multiply calibrated outputs by these to get N and N·m;
                               each must be finite and > 0 */
} gait_force_plate;

/* Channels a plate type reads: 6 for types 1, 2 and 4, 8 for type 3; 0 for unsupported types. */
GAIT_API size_t gait_plate_channel_count(int type);

/* Turn n_samples of plate channels into the wrench on the subject, in the lab frame.
 * settings: NULL means gait_plate_settings_default().
 * channels: n_samples x gait_plate_channel_count(type), sample-major, in SI units (N, N·m, m) for
 * types 1-3 in C3D channel order; for type 4 in the file's units before calibration. A sample with
 * a NaN channel gives NaN outputs for that sample.
 * Outputs (caller-owned, any may be NULL):
 *   force_n[3 k + axis]         ground reaction force acting on the subject (vertical up positive)
 *   moment_nm[3 k + axis]       moment of the ground reaction about the centre of the working
 *                               surface (mean of the corners), acting on the subject
 *   cop_m[3 k + axis]           centre of pressure on the working surface; NaN below the threshold
 *   free_moment_nm[k]           moment about the surface normal at the COP (Tz); NaN below
 * threshold Nothing is written on failure. Errors: GAIT_E_UNSUPPORTED (type, named in the detail),
 * GAIT_E_INVALID_ARG (NULL plate or channels, degenerate corners: not finite, coincident, out of
 * C3D order, edges further than 45° from perpendicular or corners further than 5% of the
 * half-diagonal from a common plane; non-finite ORIGIN or calibration; negative or non-finite
 * threshold), GAIT_E_NO_DATA (n_samples 0). */
GAIT_API gait_status gait_plate_compute(const gait_force_plate *plate,
                                        const gait_plate_settings *settings, const double *channels,
                                        size_t n_samples, double *force_n, double *moment_nm,
                                        double *cop_m, double *free_moment_nm);

#ifdef __cplusplus
}
#endif

#endif
