/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal parts of the `gait analyze` job (public face: gait/analyze.h):
 *   step_markers.c   the markers of one stance from its force, COP and foot markers
 *   marker_events.c  foot and pelvis marker look-up, trajectory sampling, Zeni-style events
 *   trial.c          plates -> contacts -> steps, sides, mass, frame, summary */
#ifndef GAIT_MARKERS_INTERNAL_H
#define GAIT_MARKERS_INTERNAL_H

#include <stddef.h>

#include "gait/analyze.h"
#include "gait/c3d.h"
#include "gait/signal.h"
#include "gait/status.h"
#include "markers/marker_table.h"

/* Standard gravity used for body weights (m/s^2), as biomechanics labs round it. */
#define GAIT_GRAVITY_MPS2 9.81

/* The instant of stance that stands for "foot flat, mid-stance": strike index and foot strike
 * angle take the foot from the markers there. Heel-off comes at about 55-65 % of stance in
 * running and the foot is flat from 15-25 %, so the reference is the middle of a fit window
 * [0.25, 0.55] of the contact. */
#define STEP_REFERENCE_FROM 0.25
#define STEP_REFERENCE_TO   0.55
/* COP at IC: weighted straight-line fit of the first defined COP samples over this long (s),
 * evaluated at IC (the COP is gated below 20 N, so it starts a few ms after IC). */
#define STEP_COP_FIT_S 0.010
/* An impact transient is a local maximum before the largest force whose fall to the lowest force
 * between it and the largest force is at least this fraction of the largest force ... */
#define STEP_IMPACT_PROMINENCE 0.01
/* ... and at least this many times the force noise SD. */
#define STEP_IMPACT_NOISE_FACTOR 5.0

/* One stance, as step_markers.c needs it. Vectors are in the lab frame. */
typedef struct gait_step_input {
    const double *vertical_n; /* n samples from the IC sample: vertical force (baseline removed) */
    const double *force_n;    /* 3 n: ground reaction force on the subject (for the AP force) */
    const double *cop_m;      /* 3 n: COP, NaN where undefined; NULL when there is none */
    size_t n;
    double rate_hz;
    double ic_s;          /* time of sample 0 */
    double weight_n;      /* body weight; NaN unknown (per-BW markers are then NaN) */
    double noise_sd_n;    /* vertical force noise SD; NaN unknown (taken as 0) */
    gait_vec3 up;         /* unit vertical, up */
    gait_vec3 forward;    /* unit horizontal progression; NaN unknown */
    int cop_reliable;     /* 0: the COP is not trusted (outside the plate): no strike index */
    int treadmill;        /* 1: the belt carries the COP (no COP-path foot axis) */
    double foot_length_m; /* gait_analyze_settings.foot_length_m (0: from the markers) */
    /* Foot markers (has_foot 0: none). heel/toe at IC, and at the reference instant ref_s with
     * the foot's velocity there (the belt's on a treadmill, about 0 overground). */
    int has_foot;
    gait_vec3 heel_ic, toe_ic, heel_ref, toe_ref, foot_velocity;
    double ref_s;
} gait_step_input;

/* Fill the force and strike markers of *step (peak_vgrf_n .. foot_strike_angle_deg); the other
 * fields are left alone. Every marker that cannot be computed is NaN (strike_pattern -1). */
void gait_step_markers(const gait_step_input *in, gait_step *step);

/* Strike pattern of a strike index (Cavanagh & Lafortune 1980 thirds): rearfoot < 1/3 <= midfoot
 * <= 2/3 < forefoot; -1 for NaN. */
int gait_strike_pattern_of(double strike_index);

/* ---- markers (marker_events.c) ---- */

/* A marker trajectory: n_frames x 3 (metres, lab), NaN where missing; frame k at t0_s + k / rate.
 */
typedef struct gait_trajectory {
    double *xyz;
    size_t n_frames;
    double rate_hz, t0_s;
} gait_trajectory;

/* The foot and pelvis markers found in a recording, by common names (see marker_events.c). */
typedef struct gait_foot_markers {
    gait_trajectory heel[2]; /* [side] 0 right, 1 left; xyz NULL when absent */
    gait_trajectory toe[2];  /* toe marker, else the midpoint of the 1st and 5th metatarsal heads */
    gait_trajectory ankle[2];
    gait_trajectory pelvis; /* SACR, else mid-PSIS, else mid-ASIS */
    char heel_name[2][64], toe_name[2][64], ankle_name[2][64], pelvis_name[64];
} gait_foot_markers;

/* Look the markers up and read them (filtered with cutoff_hz when > 0). Absent markers are
 * left NULL; only GAIT_E_NOMEM and filter errors fail. */
gait_status gait_foot_markers_read(const gait_marker_table *table, double cutoff_hz,
                                   gait_foot_markers *m);
void gait_foot_markers_free(gait_foot_markers *m);

/* Position at time t by linear interpolation between frames; 0 (and NaN) outside or missing. */
int gait_trajectory_at(const gait_trajectory *tr, double t, gait_vec3 *p);

/* Straight-line fit of the trajectory over [a_s, b_s]: *centre at (a + b) / 2 and *velocity.
 * Returns the number of frames used (0: nothing, outputs NaN; 1: velocity NaN). */
size_t gait_trajectory_fit(const gait_trajectory *tr, double a_s, double b_s, gait_vec3 *centre,
                           gait_vec3 *velocity);

/* Zeni et al. (2008) events of one foot: IC at the maxima of (heel - pelvis) . forward, TO at the
 * minima of (toe - pelvis) . forward. Each extremum is the largest (smallest) sample of one lobe of
 * the signal beyond its median (entered at a quarter of the half-range above it, left at a quarter
 * below it), refined by a parabola through it and its neighbours; lobes that touch the recording's
 * ends or a gap are skipped. *ic_s and *to_s are new arrays (free()) in time order. Errors:
 * GAIT_E_NOMEM. */
gait_status gait_zeni_events(const gait_trajectory *heel, const gait_trajectory *toe,
                             const gait_trajectory *pelvis, gait_vec3 forward, double **ic_s,
                             size_t *n_ic, double **to_s, size_t *n_to);

#endif
