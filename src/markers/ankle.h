/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ankle part of `gait analyze`: segment frames and ISB angles from the markers, the internal
 * ankle moment from the ground reaction under each foot, and the per-stance study markers and
 * 101-point curves (src/markers/ankle.c). */
#ifndef GAIT_MARKERS_ANKLE_H
#define GAIT_MARKERS_ANKLE_H

#include <stddef.h>

#include "gait/analyze.h"
#include "gait/kinematics.h"
#include "gait/kinetics.h"
#include "gait/signal.h"
#include "markers/marker_table.h"

/* What the ankle analysis takes from the trial. The wrench of each foot is the sum over the
 * sources carrying it, zero outside its contacts, at the analog rate. */
typedef struct gait_ankle_input {
    const gait_marker_table *markers;        /* the dynamic trial */
    const gait_marker_table *static_markers; /* a static calibration trial, or NULL */
    const gait_analyze_settings *settings;
    double mass_kg;
    gait_vec3 up, forward; /* lab vertical and progression (forward may be NaN) */
    size_t n_analog;
    double analog_rate_hz, analog_t0_s;
    const double *force_n[2];          /* [side] 3 n_analog, on the foot */
    const double *moment_origin_nm[2]; /* [side] 3 n_analog, about the lab origin */
    gait_leg_settings leg[2];          /* [side] ankle width etc. (from the file) */
    gait_pig_leg_settings pig[2];      /* [side] Plug-in Gait measurements and static offsets */
    int has_pig_parameters;            /* the file holds PiG's PROCESSING parameters */
} gait_ankle_input;

/* Per-side, per-frame results at the marker rate. */
typedef struct gait_ankle_series {
    size_t n_frames;
    double rate_hz, t0_s;
    int has_side[2];         /* 1: angles could be computed for that side */
    double *angles_deg[2];   /* 3 n: dorsiflexion, inversion, internal rotation; NaN unknown */
    double *moment_nm_kg[2]; /* 3 n: plantarflexion, inversion, internal rotation; NaN outside
                                contact or unknown */
    gait_moment_frame frame; /* the frame the moments are resolved in */
    int plugin_gait;         /* 1: the Plug-in Gait model was used */
    char marker_set[GAIT_MARKER_SET_NAME_CAPACITY];
    char problem[2][160]; /* why a side has no angles or moments ("" when it has) */
} gait_ankle_series;

/* Run the ankle analysis. Missing markers or forces do not fail: the side is left out and
 * `problem` says why. Errors: GAIT_E_NOMEM and numeric failures only. */
gait_status gait_ankle_run(const gait_ankle_input *in, gait_ankle_series *out);
void gait_ankle_free(gait_ankle_series *series);

/* Fill the ankle markers of *step from [ic_s, to_s] of its side, and curves[6][101] (angles then
 * moments; may be NULL). Leaves NaN where unknown. */
void gait_ankle_step(const gait_ankle_series *series, gait_step *step,
                     double curves[6][GAIT_CURVE_POINTS]);

#endif
