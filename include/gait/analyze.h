/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stance phases and per-step markers of a running trial (the `gait analyze` job): contact and
 * flight time, cadence, vertical GRF peaks and loading rate, braking/propulsive impulses, strike
 * index and pattern, foot strike angle; per-trial summary per side.
 *
 * A marker that cannot be computed for a step is NaN (JSON null), never 0. Times are on the
 * recording's clock (C3D: (frame - 1) / point rate).
 *
 * IC is the first force sample above the plate's noise level and TO the first sample back at it
 * (refined from the threshold crossings; the rules are in src/stance/stance.h), so a noise-free
 * force that rises from zero gives IC and TO within one sample after the true instants. Sides,
 * plates shared by one foot, edge flags, marker events, body mass and cadence: see the head of
 * src/markers/trial.c; the markers of a step: src/markers/step_markers.c. */
#ifndef GAIT_ANALYZE_H
#define GAIT_ANALYZE_H

#include <stddef.h>

#include "gait/c3d.h"
#include "gait/export.h"
#include "gait/imu.h"
#include "gait/imu_csv.h"
#include "gait/kinetics.h"
#include "gait/mot.h"
#include "gait/status.h"
#include "gait/step.h"
#include "gait/trc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stance detection on a vertical force trace. */
typedef struct gait_stance_settings {
    double on_threshold_n;  /* a contact starts when the vertical force rises above this; 20 N */
    double off_threshold_n; /* and ends when it falls below this (hysteresis); 20 N */
    double min_duration_s;  /* shorter contacts are rejected; 0.08 s */
    double max_duration_s;  /* longer ones too (standing, not running); 1.5 s */
    double min_peak_n;      /* a contact must reach this peak; 200 N */
    double cutoff_hz;       /* zero-lag low-pass of forces (and markers) before analysis, Hz;
                               0 (default) = none */
} gait_stance_settings;

GAIT_API gait_stance_settings gait_stance_settings_default(void);

/* Stance phases of one vertical force trace (a force plate, a treadmill belt, an insole): the
 * segmentation gait_analyze() runs on each plate, with a constant baseline (the median of the
 * unloaded samples is removed first, as for overground plates). force_n holds n samples of the
 * vertical force on the subject in N (up positive; NaN = missing) at rate_hz.
 * settings NULL = gait_stance_settings_default(); its cutoff_hz is not applied here (filter the
 * trace first with gait_filtfilt() if needed).
 * Writes up to `capacity` stances into start_end (caller-owned, 2 x capacity size_t):
 * start_end[2 i] is the first sample of stance i and start_end[2 i + 1] one past its last, so
 * IC = start / rate_hz and TO = end / rate_hz on the trace's clock. *n_stances (not NULL)
 * receives the number found, which may exceed capacity: query with capacity 0 (start_end may
 * then be NULL), or call again with more room. Stances are in time order; one that touches the
 * trace's start or end (its IC or TO unknown) is still listed.
 * Errors: GAIT_E_INVALID_ARG (NULL force_n or n_stances, start_end NULL with capacity > 0, rate
 * not finite and > 0, settings out of range), GAIT_E_NO_DATA (n == 0), GAIT_E_NOMEM. */
GAIT_API gait_status gait_stance_find(const double *force_n, size_t n, double rate_hz,
                                      const gait_stance_settings *settings, size_t *start_end,
                                      size_t capacity, size_t *n_stances);

typedef struct gait_analyze_settings {
    gait_stance_settings stance;
    double mass_kg; /* body mass, used when the file holds none (a file's value wins; a setting
                       that differs then adds a warning); 0 (default) = from the file, else from
                       the force */
    double foot_length_m; /* foot length for the strike index; 0 (default) = the heel-to-toe marker
                             distance, which is short of the foot when the toe marker sits on the
                             metatarsal heads (Plug-in Gait): give it for a true strike index;
                             also sizes the foot's inertia */
    double ankle_cutoff_hz; /* zero-lag low-pass of the markers AND of the wrench under each foot
                               before ankle angles and inverse dynamics (the same cutoff for both,
                               Bisseling & Hof 2006); 15 Hz (running, Edwards et al. 2011);
                               0 = none */
    gait_moment_frame moment_frame; /* frame the ankle moments are resolved in; default the foot
                                       (distal segment) frame, as Plug-in Gait */
    double ankle_width_m; /* malleolus to malleolus, for ankle centres from lateral markers only;
                             0 (default) = the file's (PiG PROCESSING:RAnkleWidth/LAnkleWidth),
                             else unknown (such legs are then refused) */
    double knee_width_m;  /* across the femoral epicondyles, the same way (KneeWidth) */
    int plugin_gait;      /* Plug-in Gait conventions (ankle centre from ankle width, foot frame):
                             -1 (default) auto = when the C3D holds PiG PROCESSING parameters and
                             markers, 0 off, 1 on */
} gait_analyze_settings;

GAIT_API gait_analyze_settings gait_analyze_settings_default(void);

/* Where the body mass came from. */
typedef enum gait_mass_source {
    GAIT_MASS_UNKNOWN = 0, /* none: per-BW markers are NaN */
    GAIT_MASS_FILE = 1,    /* C3D PROCESSING:Bodymass / SUBJECTS (gait_c3d_body_mass_kg) */
    GAIT_MASS_SETTING = 2, /* gait_analyze_settings.mass_kg */
    GAIT_MASS_FORCE = 3    /* mean vertical force over whole strides (treadmill) / g */
} gait_mass_source;

/* The per-step markers that summaries cover, in a fixed order, by name: contact_time_s,
 * flight_time_s, step_time_s, cadence_spm (60 / step_time_s of the step, else 120 /
 * stride_time_s), peak_vgrf_n,
 * peak_vgrf_bw, impact_peak_bw, loading_rate_bw_s, instantaneous_loading_rate_bw_s,
 * braking_impulse_bw_s, propulsive_impulse_bw_s, strike_index, foot_strike_angle_deg,
 * ankle_inversion_moment_peak_nm_kg, ankle_eversion_moment_peak_nm_kg,
 * ankle_plantarflexion_moment_peak_nm_kg, ankle_external_rotation_peak_deg,
 * ankle_eversion_peak_deg, ankle_dorsiflexion_ic_deg, stride_time_s, swing_time_s,
 * stride_length_m, speed_m_s.
 * gait_step_marker_name() is NULL and gait_step_marker_value() NaN for k out of range. */
#define GAIT_STEP_MARKER_COUNT 23
GAIT_API const char *gait_step_marker_name(size_t k);
GAIT_API double gait_step_marker_value(const gait_step *step, size_t k);

typedef struct gait_trial_summary {
    double cadence_spm; /* from IC times of every step found (plate and marker events): 60 x
                           steps / time, each interval between ICs counting the steps it spans */
    size_t n_steps, n_complete;
    size_t n_side[2];                       /* complete steps per side */
    double mean[2][GAIT_STEP_MARKER_COUNT]; /* per side (0 right, 1 left), complete steps; NaN
                                               when none has the marker (SD: fewer than two) */
    double sd[2][GAIT_STEP_MARKER_COUNT];
    double symmetry_index_pct[GAIT_STEP_MARKER_COUNT]; /* 100 (R - L) / (0.5 (R + L)) */
} gait_trial_summary;

typedef struct gait_trial gait_trial;

/* Analyse a C3D trial (force plates, with markers where present) or an OpenSim GRF table.
 * settings NULL = defaults. *trial is new; release with gait_trial_free().
 * Errors: GAIT_E_NO_DATA (no force plate or force set with a contact), GAIT_E_INVALID_ARG,
 * GAIT_E_NOMEM, and those of the plate computation. */
GAIT_API gait_status gait_analyze_c3d(const gait_c3d *c3d, const gait_analyze_settings *settings,
                                      gait_trial **trial);
GAIT_API gait_status gait_analyze_mot(const gait_mot *mot, const gait_analyze_settings *settings,
                                      gait_trial **trial);
/* The general entry: markers and forces from one C3D file, or from an OpenSim-style pair (TRC
 * markers + MOT forces, on the same clock), with an optional static calibration trial. */
typedef struct gait_analyze_inputs {
    const gait_c3d *c3d;        /* markers and force plates; or NULL */
    const gait_trc *trc;        /* markers, with mot; or NULL */
    const gait_mot *mot;        /* force sets; or NULL */
    const gait_c3d *static_c3d; /* static trial (anatomical markers), or NULL */
    const gait_trc *static_trc; /* the same as TRC, or NULL */
} gait_analyze_inputs;

/* Analyse; the handles must stay open until this returns (the trial keeps no pointer to them).
 * Needs c3d, or mot (with or without trc). Errors: those of gait_analyze_c3d(). */
GAIT_API gait_status gait_analyze(const gait_analyze_inputs *inputs,
                                  const gait_analyze_settings *settings, gait_trial **trial);
GAIT_API void gait_trial_free(gait_trial *trial);

GAIT_API size_t gait_trial_step_count(const gait_trial *trial);
GAIT_API gait_status gait_trial_get_step(const gait_trial *trial, size_t i, gait_step *step);
GAIT_API gait_status gait_trial_get_summary(const gait_trial *trial, gait_trial_summary *summary);

/* Body mass used (NaN when unknown) and its source. */
GAIT_API double gait_trial_body_mass_kg(const gait_trial *trial, gait_mass_source *source);

/* The lab frame found (never assumed): vertical axis (0 x, 1 y, 2 z) with its sign (+1: up is
 * +axis), from the force plates' mean vertical force; progression (may be NULL) as a unit vector in
 * the lab, from the COP or marker motion (NaN when unknown). Returns a description owned by the
 * trial, e.g. "vertical +z (force plates), progression +x (centre of pressure)". */
GAIT_API const char *gait_trial_frame(const gait_trial *trial, int *vertical_axis,
                                      int *vertical_sign, double progression[3]);
/* ("" for a NULL trial; the integers are then left alone and progression is NaN.) */

/* ---- IMU recordings ---- */

typedef struct gait_analyze_imu_settings {
    gait_imu_placement placement; /* default GAIT_IMU_FOOT */
    int side;           /* 0 right, 1 left for every sensor; -1 (default): from each sensor's name
                           ("left_sensor", "RF", ...), else unknown */
    const char *sensor; /* analyse only the sensor of this name; NULL (default) = every sensor */
    double rate_hz;     /* > 0 overrides the file's rate; 0 (default) = the file's */
} gait_analyze_imu_settings;

GAIT_API gait_analyze_imu_settings gait_analyze_imu_settings_default(void);

/* Steps of every sensor with accelerometer and gyroscope (gait/imu.h), as one trial: each step
 * carries `sensor`; the rules (sides, other-foot times, cadence, spectral cross-check) are at the
 * head of src/markers/imu_trial.c. settings NULL = defaults. Errors: GAIT_E_NO_DATA (no usable
 * sensor; the named sensor absent), GAIT_E_INVALID_ARG (no rate), GAIT_E_NOMEM, and those of
 * gait_stream_create(). */
GAIT_API gait_status gait_analyze_imu(const gait_imu_csv *csv,
                                      const gait_analyze_imu_settings *settings,
                                      gait_trial **trial);

#define GAIT_TRIAL_SENSOR_NAME_CAPACITY 64
#define GAIT_TRIAL_MAX_SENSORS          16

/* One sensor of an IMU trial. */
typedef struct gait_trial_sensor {
    char name[GAIT_TRIAL_SENSOR_NAME_CAPACITY];
    int side; /* 0 right, 1 left, -1 unknown */
    size_t n_steps;
    gait_imu_activity activity; /* of its last bout */
    int aligned;                /* 1: the mounting was found */
    double sensor_to_segment[9];
    double event_cadence_spm;    /* 120 / median stride time */
    double spectral_cadence_spm; /* 120 x dominant stride frequency (Welch), NaN if none */
} gait_trial_sensor;

/* Sensors of an IMU trial (0 for other trials) and sensor i. Errors: GAIT_E_INVALID_ARG. */
GAIT_API size_t gait_trial_sensor_count(const gait_trial *trial);
GAIT_API gait_status gait_trial_get_sensor(const gait_trial *trial, size_t i,
                                           gait_trial_sensor *sensor);

/* Points of a stance curve: 0 %, 1 %, ..., 100 % of contact time. */
#define GAIT_CURVE_POINTS 101

/* How the ankle was analysed: the marker set found (e.g. "plug-in-gait", "" when none), the
 * moment frame used, whether the Plug-in Gait model was used (plugin_gait, may be NULL), and per
 * side (0 right, 1 left) why there are no ankle values ("" when
 * there are; e.g. "no force under this foot"). Strings owned by the trial. NULL for a NULL trial.
 */
GAIT_API const char *gait_trial_ankle(const gait_trial *trial, gait_moment_frame *moment_frame,
                                      int *plugin_gait, const char **problem_right,
                                      const char **problem_left);

/* Time-normalised ankle curves of step i: angles_deg and moments_nm_kg (caller-owned, may be
 * NULL) each get 3 x GAIT_CURVE_POINTS doubles, [c * GAIT_CURVE_POINTS + p] for component c
 * (angles: dorsiflexion, inversion, internal rotation; moments: plantarflexion, inversion,
 * internal rotation, signs as in gait/kinetics.h) at p % of contact. NaN where unknown (moments
 * can be NaN at 0 % and 100 %, where the force is below the contact threshold). Errors:
 * GAIT_E_INVALID_ARG (NULL trial, i out of range). */
GAIT_API gait_status gait_trial_get_ankle_curves(const gait_trial *trial, size_t i,
                                                 double *angles_deg, double *moments_nm_kg);

/* Warnings (e.g. "2 contacts touch the recording's end") owned by the trial; NULL past the
 * end. */
GAIT_API const char *gait_trial_warning(const gait_trial *trial, size_t i);

#ifdef __cplusplus
}
#endif

#endif
