/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trial from force plates (C3D) or force sets (OpenSim .mot): contacts -> steps with their
 * markers, sides, body mass, lab frame and the per-side summary.
 *
 * Rules (constants below):
 * - Sources: every force plate of a C3D file (gait_c3d_plate_wrench: lab frame, force on the
 *   subject, moment about the working surface's centre), or every force set of a .mot table. With
 *   cutoff_hz > 0 forces, moments, COPs and markers are low-passed first (4th-order zero-lag
 *   Butterworth, gait_filtfilt; markers only when the cutoff is below their Nyquist frequency).
 * - Vertical axis: the lab axis along which the mean force of all sources over the whole recording
 *   is largest, signed so that it points up (the reaction on the subject holds the body up).
 * - Treadmill: a source carrying TREADMILL_MIN_CONTACTS or more contacts (an overground plate
 *   carries one or two). Baselines are then removed with drift correction through the flight
 *   phases; overground with one constant offset per plate (stance/stance.h). Every force and moment
 *   component gets the same kind of baseline from the same unloaded samples.
 * - COP: undefined below 20 N of vertical force. For plates it is recomputed from the corrected
 *   moment and vertical force, centre + up x M / Fv, so that an offset left on a moment channel
 *   does not move the COP by offset / force (metres at the first newtons).
 * - Progression (horizontal unit vector): overground, the pelvis markers' travel when it exceeds
 *   PROGRESSION_MIN_TRAVEL_M; else the line from the first to the last contact's first COP when
 *   they lie PROGRESSION_MIN_SPREAD_M apart; else the sum of the COP paths of the contacts (heel
 *   to toe), reversed on a treadmill (the belt carries the COP backwards further than the foot
 *   rolls forward).
 * - COP check (C3D): when the COP at a contact's peak force lies more than COP_OUTSIDE_M outside
 *   its plate, the plate's COP is not used (no side, strike index or edge check from it; the
 *   moment channels' units are the usual cause) and a warning says so.
 * - A contact's first and last COP (for its side, the progression and merging) are those of the
 *   first and last samples loaded with CONTACT_COP_FRACTION of its peak force or more: the COP of
 *   the first few newtons is too noisy to place a foot.
 * - Side of a contact, first rule that decides:
 *   1. markers (C3D with heel or ankle and toe markers on both feet): the foot whose heel->toe
 *      segment lies nearest (horizontally) to the contact's first COP, at that instant, within
 *      SIDE_MAX_DISTANCE_M and nearer than the other by SIDE_MARGIN_M; without a usable COP, the
 *      foot whose heel-toe midpoint lies nearest the plate's centre at IC, by SIDE_PLATE_MARGIN_M;
 *   2. alternation and medio-lateral COP: contacts in time order form runs (an interval between
 *      ICs longer than RUN_GAP_FACTOR times the shortest one, a step, breaks a run); within a run
 *      each contact votes left when its mean COP lies left of the mean of its neighbours', and the
 *      sides alternate with the phase most votes agree with (a run of one contact stays unknown);
 *   3. the side in the .mot force set's name (R_/L_/_r/_l...); a name that disagrees with rule 1
 *      or 2 adds a warning.
 *   A marker-event IC of a known foot within ZENI_MATCH_S of a contact of unknown side gives it
 *   that side last.
 * - One foot on two plates: contacts on different plates that overlap in time are one stance when
 *   the markers give both the same side, or (no marker side) when their COPs lie within
 *   MERGE_DISTANCE_M of each other while both are defined. The stance runs from the earliest IC
 *   to the latest TO; forces add, and the COP is the vertical-force-weighted mean of the plates'.
 * - complete = 0 when the stance touches the recording's start or end (or a gap: IC or TO is then
 *   NaN), or when its COP comes within PLATE_EDGE_MARGIN_M of the outline of its plate while the
 *   vertical force exceeds PLATE_EDGE_FORCE_FRACTION of the stance's peak (the foot is partly
 *   off the plate), edges shared with a merged plate excepted; and for steps from marker events.
 *   Incomplete steps are listed but kept out of the summary.
 * - Marker events (C3D with pelvis, heel or ankle, and toe markers): Zeni et al. (2008), see
 *   markers.h. A marker IC within ZENI_MATCH_S of a plate IC of the same foot is dropped (plate
 *   events win) and the pairs give the mean plate - marker offset, which is added to the remaining
 *   marker ICs (likewise for TO); the rest become steps with from_plate = 0 and only times.
 * - Body mass: the file (gait_c3d_body_mass_kg), else gait_analyze_settings.mass_kg, else the
 *   mean vertical force of all sources over the longest span of whole strides (an even number of
 *   consecutive steps, IC to IC) whose every step is a complete plate stance, / g (9.81).
 * - Cadence: 60 x steps / time over consecutive ICs of every step found (plate and marker), where
 *   an interval between ICs counts the number of steps it most likely spans: the nearest whole
 *   number of typical step times (median of the intervals between opposite feet), odd between
 *   opposite feet and even between the same foot. step_time and flight_time are taken to the
 *   next IC only when that interval is one step. A typical step time above MAX_STEP_TIME_S
 *   (slower than 40 steps/min: e.g. two plates far apart and no marker events) leaves the cadence
 *   unknown. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/internal.h"
#include "core/warnings.h"
#include "gait/analyze.h"
#include "gait/c3d_plates.h"
#include "gait/filter.h"
#include "gait/forceplate.h"
#include "gait/mot.h"
#include "markers/ankle.h"
#include "markers/marker_table.h"
#include "markers/markers.h"
#include "markers/trial_internal.h"
#include "stance/stance.h"

#define TREADMILL_MIN_CONTACTS    3
#define PROGRESSION_MIN_TRAVEL_M  0.5
#define PROGRESSION_MIN_SPREAD_M  0.3
#define COP_OUTSIDE_M             0.05
#define SIDE_MAX_DISTANCE_M       0.25
#define SIDE_MARGIN_M             0.03
#define SIDE_PLATE_MARGIN_M       0.10
#define RUN_GAP_FACTOR            1.6
#define MERGE_DISTANCE_M          0.30
#define PLATE_EDGE_MARGIN_M       0.01
#define PLATE_EDGE_FORCE_FRACTION 0.10
#define ZENI_MATCH_S              0.25
#define MASS_DISAGREE_FRACTION    0.01
#define MAX_GROUP                 8
#define CONTACT_COP_FRACTION      0.10
#define MAX_STEP_TIME_S           1.5

typedef struct source {
    double *force;  /* 3 n, lab, N; baseline removed */
    double *cop;    /* 3 n, lab, m; NaN where undefined */
    double *moment; /* 3 n, lab, N m about the working surface's centre (C3D plates), or about
                       the COP (.mot torque: moment_at_cop); or NULL */
    int moment_at_cop;
    gait_stance_result stance;
    int has_outline;
    gait_vec3 corners[4], centre;
    char side_name; /* 'r', 'l' or '?' */
    int cop_bad;
} source;

enum { SIDE_NONE = 0, SIDE_MARKERS, SIDE_ALTERNATION, SIDE_NAMES, SIDE_MARKER_EVENTS };

typedef struct contact {
    size_t start, end; /* analog samples [start, end) */
    int touches_start, touches_end;
    int n_src;
    int src[MAX_GROUP];
    int side, side_method;
    int merged;
    int plate_edge;
    double first_cop_s; /* time of the first defined COP, NaN when none */
    gait_vec3 first_cop, last_cop;
} contact;

typedef struct analysis {
    const gait_analyze_settings *settings;
    gait_trial *trial;
    size_t n;
    double rate_hz, t0_s;
    source *sources;
    size_t n_sources;
    int axis, sign;
    gait_vec3 up, forward, left;
    char forward_from[96];
    int treadmill;
    gait_baseline_mode mode;
    const gait_c3d *c3d;
    const gait_analyze_inputs *inputs;
    gait_marker_table table; /* every marker (C3D points or TRC); n_markers 0 when none */
    char no_markers[160];    /* why there is no table */
    gait_foot_markers markers;
    int foot_ok[2]; /* heel or ankle, and toe */
    int heel_ok[2]; /* a true heel marker and toe */
    contact *contacts;
    size_t n_contacts;
    double zeni_offset_ic_s, zeni_offset_to_s;
    size_t zeni_pairs_ic, zeni_pairs_to;
} analysis;

static const char *const marker_names[GAIT_STEP_MARKER_COUNT] = {
    "contact_time_s",
    "flight_time_s",
    "step_time_s",
    "cadence_spm",
    "peak_vgrf_n",
    "peak_vgrf_bw",
    "impact_peak_bw",
    "loading_rate_bw_s",
    "instantaneous_loading_rate_bw_s",
    "braking_impulse_bw_s",
    "propulsive_impulse_bw_s",
    "strike_index",
    "foot_strike_angle_deg",
    "ankle_inversion_moment_peak_nm_kg",
    "ankle_eversion_moment_peak_nm_kg",
    "ankle_plantarflexion_moment_peak_nm_kg",
    "ankle_external_rotation_peak_deg",
    "ankle_eversion_peak_deg",
    "ankle_dorsiflexion_ic_deg",
    "stride_time_s",
    "swing_time_s",
    "stride_length_m",
    "speed_m_s",
};

gait_stance_settings gait_stance_settings_default(void)
{
    gait_stance_settings s = {20.0, 20.0, 0.08, 1.5, 200.0, 0.0};
    return s;
}

gait_analyze_settings gait_analyze_settings_default(void)
{
    gait_analyze_settings s = {
        gait_stance_settings_default(), 0.0, 0.0, 15.0, GAIT_MOMENT_FOOT, 0.0, 0.0, -1};
    return s;
}

const char *gait_step_marker_name(size_t k)
{
    return k < GAIT_STEP_MARKER_COUNT ? marker_names[k] : NULL;
}

double gait_step_marker_value(const gait_step *step, size_t k)
{
    if (step == NULL)
        return NAN;
    switch (k) {
    case 0:
        return step->contact_time_s;
    case 1:
        return step->flight_time_s;
    case 2:
        return step->step_time_s;
    case 3:
        /* one foot's sensor sees strides only: two steps each */
        return step->step_time_s > 0.0     ? 60.0 / step->step_time_s
               : step->stride_time_s > 0.0 ? 120.0 / step->stride_time_s
                                           : NAN;
    case 4:
        return step->peak_vgrf_n;
    case 5:
        return step->peak_vgrf_bw;
    case 6:
        return step->impact_peak_bw;
    case 7:
        return step->loading_rate_bw_s;
    case 8:
        return step->instantaneous_loading_rate_bw_s;
    case 9:
        return step->braking_impulse_bw_s;
    case 10:
        return step->propulsive_impulse_bw_s;
    case 11:
        return step->strike_index;
    case 12:
        return step->foot_strike_angle_deg;
    case 13:
        return step->ankle_inversion_moment_peak_nm_kg;
    case 14:
        return step->ankle_eversion_moment_peak_nm_kg;
    case 15:
        return step->ankle_plantarflexion_moment_peak_nm_kg;
    case 16:
        return step->ankle_external_rotation_peak_deg;
    case 17:
        return step->ankle_eversion_peak_deg;
    case 18:
        return step->ankle_dorsiflexion_ic_deg;
    case 19:
        return step->stride_time_s;
    case 20:
        return step->swing_time_s;
    case 21:
        return step->stride_length_m;
    case 22:
        return step->speed_m_s;
    default:
        return NAN;
    }
}

/* ---- small helpers ---- */

static int finite3(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

static gait_vec3 nan3(void)
{
    return gait_vec3_make(NAN, NAN, NAN);
}

static gait_vec3 get3(const double *a, size_t k)
{
    return gait_vec3_make(a[3 * k], a[3 * k + 1], a[3 * k + 2]);
}

static gait_vec3 horizontal(const analysis *a, gait_vec3 v)
{
    return gait_vec3_sub(v, gait_vec3_scale(a->up, gait_vec3_dot(v, a->up)));
}

static double sample_time(const analysis *a, size_t j)
{
    return a->t0_s + (double)j / a->rate_hz;
}

#define warn gait_trial_warn

gait_status gait_trial_warn(gait_trial *trial, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    gait_vwarn(&trial->warnings, format, args);
    va_end(args);
    return GAIT_OK;
}

/* Signed distance of p inside the plate outline (positive inside: distance to the nearest edge;
 * negative outside), in the horizontal plane. */
static double inside_outline(const analysis *a, const source *s, gait_vec3 p)
{
    double inside = INFINITY;
    gait_vec3 centre = horizontal(a, s->centre);
    gait_vec3 q = horizontal(a, p);
    for (int k = 0; k < 4; k++) {
        gait_vec3 c0 = horizontal(a, s->corners[k]), c1 = horizontal(a, s->corners[(k + 1) % 4]);
        gait_vec3 edge = gait_vec3_sub(c1, c0);
        double length = gait_vec3_norm(edge);
        if (!(length > 0.0))
            continue;
        gait_vec3 normal = gait_vec3_scale(gait_vec3_cross(edge, a->up), 1.0 / length);
        if (gait_vec3_dot(gait_vec3_sub(centre, c0), normal) > 0.0)
            normal = gait_vec3_scale(normal, -1.0); /* outward */
        inside = fmin(inside, -gait_vec3_dot(gait_vec3_sub(q, c0), normal));
    }
    return inside;
}

/* ---- sources ---- */

static void free_sources(analysis *a)
{
    for (size_t p = 0; p < a->n_sources; p++) {
        free(a->sources[p].force);
        free(a->sources[p].cop);
        free(a->sources[p].moment);
        gait_stance_result_free(&a->sources[p].stance);
    }
    free(a->sources);
    a->sources = NULL;
    a->n_sources = 0;
}

static gait_status alloc_sources(analysis *a, size_t count)
{
    a->sources = calloc(count, sizeof *a->sources);
    if (a->sources == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    a->n_sources = count;
    for (size_t p = 0; p < count; p++) {
        a->sources[p].force = malloc(3 * a->n * sizeof(double));
        a->sources[p].cop = malloc(3 * a->n * sizeof(double));
        a->sources[p].side_name = '?';
        if (a->sources[p].force == NULL || a->sources[p].cop == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for %zu samples", a->n);
    }
    return GAIT_OK;
}

static gait_status load_c3d(analysis *a, const gait_c3d *c3d)
{
    gait_c3d_info info;
    gait_status status = gait_c3d_get_info(c3d, &info);
    if (status != GAIT_OK)
        return status;
    if (info.n_force_platforms == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_analyze_c3d: the file has no force plate");
    a->n = info.n_frames * info.analog_samples_per_frame;
    if (a->n == 0 || !(info.analog_rate_hz > 0.0))
        return gait_fail(GAIT_E_NO_DATA, "gait_analyze_c3d: the file has no analog samples");
    a->rate_hz = info.analog_rate_hz;
    a->t0_s = (double)(info.first_frame - 1) / info.point_rate_hz;
    if ((status = alloc_sources(a, info.n_force_platforms)) != GAIT_OK)
        return status;
    for (size_t p = 0; p < a->n_sources; p++) {
        source *s = &a->sources[p];
        gait_force_plate plate;
        status = gait_c3d_get_force_plate(c3d, p, &plate, NULL, NULL);
        if (status == GAIT_OK)
            s->moment = malloc(3 * a->n * sizeof *s->moment);
        if (status == GAIT_OK && s->moment == NULL)
            status = gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for %zu samples", a->n);
        if (status == GAIT_OK)
            status = gait_c3d_plate_wrench(c3d, p, NULL, s->force, s->moment, s->cop, NULL);
        if (status != GAIT_OK)
            return status;
        s->has_outline = 1;
        s->centre = gait_vec3_make(0, 0, 0);
        for (int k = 0; k < 4; k++) {
            s->corners[k] = plate.corners_m[k];
            s->centre = gait_vec3_add(s->centre, gait_vec3_scale(plate.corners_m[k], 0.25));
        }
    }
    return GAIT_OK;
}

static gait_status load_mot(analysis *a, const gait_mot *mot)
{
    gait_mot_info info;
    gait_status status = gait_mot_get_info(mot, &info);
    if (status != GAIT_OK)
        return status;
    if (info.n_grf == 0)
        return gait_fail(GAIT_E_NO_DATA,
                         "gait_analyze_mot: no force set (<P>vx vy vz) in the table");
    if (info.n_rows < 2)
        return gait_fail(GAIT_E_NO_DATA, "gait_analyze_mot: %zu rows, too few", info.n_rows);
    a->n = info.n_rows;
    double *time = malloc(a->n * sizeof *time);
    if (time == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze_mot: out of memory");
    status = gait_mot_get_times(mot, time);
    if (status == GAIT_OK) {
        double span = time[a->n - 1] - time[0];
        if (!(span > 0.0) || !isfinite(span)) {
            status = gait_fail(GAIT_E_UNSUPPORTED, "gait_analyze_mot: time does not increase");
        } else {
            a->rate_hz = (double)(a->n - 1) / span;
            a->t0_s = time[0];
            for (size_t j = 0; j < a->n && status == GAIT_OK; j++)
                if (!(fabs(time[j] - sample_time(a, j)) <= 0.25 / a->rate_hz))
                    status = gait_fail(GAIT_E_UNSUPPORTED,
                                       "gait_analyze_mot: row %zu at %g s is off the uniform "
                                       "%g Hz time grid; resample the table",
                                       j + 1, time[j], a->rate_hz);
        }
    }
    free(time);
    if (status == GAIT_OK)
        status = alloc_sources(a, info.n_grf);
    for (size_t p = 0; p < a->n_sources && status == GAIT_OK; p++) {
        gait_mot_grf meta;
        source *src = &a->sources[p];
        src->moment = malloc(3 * a->n * sizeof *src->moment);
        if (src->moment == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_analyze_mot: out of memory");
        status = gait_mot_get_grf(mot, p, &meta, src->force, src->cop, src->moment);
        src->side_name = meta.side;
        src->moment_at_cop = 1;
        if (meta.torque_column[0] == GAIT_MOT_NO_COLUMN)
            for (size_t j = 0; j < 3 * a->n; j++)
                src->moment[j] = 0.0; /* no torque columns: no free moment */
    }
    return status;
}

static gait_status filter_sources(analysis *a)
{
    double cutoff = a->settings->stance.cutoff_hz;
    if (!(cutoff > 0.0))
        return GAIT_OK;
    gait_filter_settings fs = gait_filter_settings_default();
    fs.cutoff_hz = cutoff;
    gait_butterworth filter;
    gait_status status = gait_butterworth_design(&fs, a->rate_hz, &filter);
    if (status != GAIT_OK)
        return status;
    double *column = malloc(a->n * sizeof *column);
    if (column == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for filtering");
    for (size_t p = 0; p < a->n_sources && status == GAIT_OK; p++) {
        for (int which = 0; which < 3 && status == GAIT_OK; which++) {
            double *data = which == 0   ? a->sources[p].force
                           : which == 1 ? a->sources[p].cop
                                        : a->sources[p].moment;
            if (data == NULL)
                continue;
            for (int c = 0; c < 3 && status == GAIT_OK; c++) {
                for (size_t j = 0; j < a->n; j++)
                    column[j] = data[3 * j + c];
                status = gait_filtfilt(&filter, column, column, a->n);
                for (size_t j = 0; j < a->n && status == GAIT_OK; j++)
                    data[3 * j + c] = column[j];
            }
        }
    }
    free(column);
    return status;
}

/* The vertical axis from the mean force of all sources. */
static gait_status find_vertical(analysis *a)
{
    double mean[3] = {0, 0, 0};
    for (size_t p = 0; p < a->n_sources; p++) {
        for (int c = 0; c < 3; c++) {
            double sum = 0.0;
            size_t count = 0;
            for (size_t j = 0; j < a->n; j++) {
                double v = a->sources[p].force[3 * j + c];
                if (isfinite(v)) {
                    sum += v;
                    count++;
                }
            }
            if (count > 0)
                mean[c] += sum / (double)count;
        }
    }
    int axis = 0;
    for (int c = 1; c < 3; c++)
        if (fabs(mean[c]) > fabs(mean[axis]))
            axis = c;
    if (!(fabs(mean[axis]) > 0.0))
        return gait_fail(GAIT_E_NO_DATA, "gait_analyze: the force plates carry no load");
    a->axis = axis;
    a->sign = mean[axis] > 0.0 ? 1 : -1;
    const double unit[3] = {axis == 0 ? a->sign : 0, axis == 1 ? a->sign : 0,
                            axis == 2 ? a->sign : 0};
    a->up = gait_vec3_make(unit[0], unit[1], unit[2]);
    return GAIT_OK;
}

/* Stance detection on every source, treadmill decision, baselines, COP gating and checks. */
static gait_status segment_sources(analysis *a)
{
    double *vertical = malloc(a->n * sizeof *vertical);
    if (vertical == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    gait_status status = GAIT_OK;
    a->mode = GAIT_BASELINE_CONSTANT;
    for (int pass = 0; pass < 2 && status == GAIT_OK; pass++) {
        for (size_t p = 0; p < a->n_sources && status == GAIT_OK; p++) {
            source *s = &a->sources[p];
            for (size_t j = 0; j < a->n; j++)
                vertical[j] = (double)a->sign * s->force[3 * j + (size_t)a->axis];
            gait_stance_result_free(&s->stance);
            status = gait_stance_detect(vertical, a->n, a->rate_hz, &a->settings->stance, a->mode,
                                        &s->stance);
            if (s->stance.n_contacts >= TREADMILL_MIN_CONTACTS)
                a->treadmill = 1;
        }
        if (!a->treadmill)
            break;
        a->mode = GAIT_BASELINE_DRIFT;
    }
    for (size_t p = 0; p < a->n_sources && status == GAIT_OK; p++) {
        source *s = &a->sources[p];
        for (int c = 0; c < 6 && status == GAIT_OK; c++) {
            double *data = c < 3 ? s->force : s->moment;
            if (data == NULL)
                break;
            for (size_t j = 0; j < a->n; j++)
                vertical[j] = data[3 * j + (size_t)(c % 3)];
            status = gait_stance_remove_baseline(vertical, a->n, a->rate_hz, s->stance.unloaded,
                                                 a->mode, NULL);
            for (size_t j = 0; j < a->n; j++)
                data[3 * j + (size_t)(c % 3)] = vertical[j];
        }
        /* COP only where the vertical force holds it (OpenSim tables write zeros elsewhere); for
         * plates, from the moment and vertical force with their baselines removed:
         * COP = centre + up x M / Fv (an offset left on a moment channel would otherwise move the
         * COP by offset / force, metres at the first newtons). */
        double gate = gait_plate_settings_default().cop_threshold_n;
        for (size_t j = 0; j < a->n; j++) {
            double fv = s->stance.corrected[j];
            if (!(fv >= gate)) {
                s->cop[3 * j] = s->cop[3 * j + 1] = s->cop[3 * j + 2] = NAN;
            } else if (s->moment != NULL && s->has_outline) {
                gait_vec3 r = gait_vec3_scale(gait_vec3_cross(a->up, get3(s->moment, j)), 1.0 / fv);
                gait_vec3 cop = gait_vec3_add(s->centre, r);
                s->cop[3 * j] = cop.x, s->cop[3 * j + 1] = cop.y, s->cop[3 * j + 2] = cop.z;
            }
        }
        if (s->stance.n_contacts > 0 && s->stance.n_unloaded_periods == 0)
            status = warn(a->trial, "force %s %zu: no unloaded period, so no baseline was removed",
                          a->c3d != NULL ? "plate" : "set", p + 1);
        /* COP check at each contact's peak. */
        for (size_t k = 0; k < s->stance.n_contacts && s->has_outline && !s->cop_bad; k++) {
            gait_vec3 c = get3(s->cop, s->stance.contacts[k].peak);
            if (finite3(c) && inside_outline(a, s, c) < -COP_OUTSIDE_M) {
                s->cop_bad = 1;
                if (status == GAIT_OK)
                    status = warn(a->trial,
                                  "plate %zu: the centre of pressure lies outside the plate "
                                  "(check the units of its moment channels); its COP is not used",
                                  p + 1);
            }
        }
    }
    free(vertical);
    return status;
}

static int compare_contacts(const void *x, const void *y)
{
    const contact *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->src[0] > b->src[0]) - (a->src[0] < b->src[0]);
}

static gait_status gather_contacts(analysis *a)
{
    size_t total = 0;
    for (size_t p = 0; p < a->n_sources; p++)
        total += a->sources[p].stance.n_contacts;
    if (total == 0)
        return gait_fail(GAIT_E_NO_DATA,
                         "gait_analyze: no contact (vertical force above %g N for %g-%g s with a "
                         "peak of %g N) on any force plate",
                         a->settings->stance.on_threshold_n, a->settings->stance.min_duration_s,
                         a->settings->stance.max_duration_s, a->settings->stance.min_peak_n);
    a->contacts = calloc(total, sizeof *a->contacts);
    if (a->contacts == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    for (size_t p = 0; p < a->n_sources; p++) {
        const source *s = &a->sources[p];
        for (size_t k = 0; k < s->stance.n_contacts; k++) {
            const gait_contact *g = &s->stance.contacts[k];
            contact *c = &a->contacts[a->n_contacts++];
            c->start = g->start;
            c->end = g->end;
            c->touches_start = g->touches_start;
            c->touches_end = g->touches_end;
            c->n_src = 1;
            c->src[0] = (int)p;
            c->side = -1;
            c->first_cop_s = NAN;
            c->first_cop = c->last_cop = nan3();
            if (s->cop_bad)
                continue;
            for (size_t j = g->start; j < g->end; j++) {
                gait_vec3 cop = get3(s->cop, j);
                if (!finite3(cop) || !(s->stance.corrected[j] >= CONTACT_COP_FRACTION * g->peak_n))
                    continue;
                if (!isfinite(c->first_cop_s)) {
                    c->first_cop_s = sample_time(a, j);
                    c->first_cop = cop;
                }
                c->last_cop = cop;
            }
        }
    }
    qsort(a->contacts, a->n_contacts, sizeof *a->contacts, compare_contacts);
    return GAIT_OK;
}

/* ---- frame ---- */

static void find_progression(analysis *a)
{
    a->forward = nan3();
    snprintf(a->forward_from, sizeof a->forward_from, "unknown");
    const gait_trajectory *pelvis = &a->markers.pelvis;
    if (!a->treadmill && pelvis->xyz != NULL) {
        gait_vec3 first = nan3(), last = nan3();
        for (size_t k = 0; k < pelvis->n_frames; k++) {
            gait_vec3 p = get3(pelvis->xyz, k);
            if (!finite3(p))
                continue;
            if (!finite3(first))
                first = p;
            last = p;
        }
        gait_vec3 travel = horizontal(a, gait_vec3_sub(last, first));
        double length = gait_vec3_norm(travel);
        if (length > PROGRESSION_MIN_TRAVEL_M) {
            a->forward = gait_vec3_scale(travel, 1.0 / length);
            snprintf(a->forward_from, sizeof a->forward_from, "pelvis markers %s",
                     a->markers.pelvis_name);
        }
    }
    if (!finite3(a->forward) && !a->treadmill) {
        const contact *first = NULL, *last = NULL;
        for (size_t k = 0; k < a->n_contacts; k++) {
            if (!finite3(a->contacts[k].first_cop))
                continue;
            if (first == NULL)
                first = &a->contacts[k];
            last = &a->contacts[k];
        }
        if (first != NULL) {
            gait_vec3 travel = horizontal(a, gait_vec3_sub(last->first_cop, first->first_cop));
            double length = gait_vec3_norm(travel);
            if (length > PROGRESSION_MIN_SPREAD_M) {
                a->forward = gait_vec3_scale(travel, 1.0 / length);
                snprintf(a->forward_from, sizeof a->forward_from,
                         "centre of pressure, successive contacts");
            }
        }
    }
    if (!finite3(a->forward)) {
        gait_vec3 sum = gait_vec3_make(0, 0, 0);
        for (size_t k = 0; k < a->n_contacts; k++)
            if (finite3(a->contacts[k].first_cop) && finite3(a->contacts[k].last_cop))
                sum = gait_vec3_add(sum, horizontal(a, gait_vec3_sub(a->contacts[k].last_cop,
                                                                     a->contacts[k].first_cop)));
        double length = gait_vec3_norm(sum);
        if (length > 0.0) {
            a->forward = gait_vec3_scale(sum, (a->treadmill ? -1.0 : 1.0) / length);
            snprintf(a->forward_from, sizeof a->forward_from, "%s",
                     a->treadmill ? "centre of pressure path, carried back by the belt"
                                  : "centre of pressure path");
        }
    }
    a->left = finite3(a->forward) ? gait_vec3_cross(a->up, a->forward) : nan3();
}

/* ---- sides ---- */

/* The heel (else ankle) and toe of a foot at time t. */
static int foot_at(const analysis *a, int side, double t, gait_vec3 *heel, gait_vec3 *toe)
{
    const gait_trajectory *back =
        a->markers.heel[side].xyz != NULL ? &a->markers.heel[side] : &a->markers.ankle[side];
    int ok_back = gait_trajectory_at(back, t, heel);
    int ok_toe = gait_trajectory_at(&a->markers.toe[side], t, toe);
    return ok_back && ok_toe;
}

static double segment_distance(const analysis *a, gait_vec3 p, gait_vec3 s0, gait_vec3 s1)
{
    gait_vec3 q = horizontal(a, p), a0 = horizontal(a, s0), a1 = horizontal(a, s1);
    gait_vec3 d = gait_vec3_sub(a1, a0);
    double dd = gait_vec3_dot(d, d);
    double u = dd > 0.0 ? gait_vec3_dot(gait_vec3_sub(q, a0), d) / dd : 0.0;
    u = u < 0.0 ? 0.0 : u > 1.0 ? 1.0 : u;
    return gait_vec3_norm(gait_vec3_sub(q, gait_vec3_add(a0, gait_vec3_scale(d, u))));
}

static void sides_from_markers(analysis *a)
{
    if (!a->foot_ok[0] || !a->foot_ok[1])
        return;
    for (size_t k = 0; k < a->n_contacts; k++) {
        contact *c = &a->contacts[k];
        const source *s = &a->sources[c->src[0]];
        double d[2] = {INFINITY, INFINITY};
        int by_cop = finite3(c->first_cop);
        double t = by_cop ? c->first_cop_s : sample_time(a, c->start);
        for (int side = 0; side < 2; side++) {
            gait_vec3 heel, toe;
            if (!foot_at(a, side, t, &heel, &toe))
                continue;
            if (by_cop)
                d[side] = segment_distance(a, c->first_cop, heel, toe);
            else if (s->has_outline)
                d[side] = gait_vec3_norm(horizontal(
                    a, gait_vec3_sub(gait_vec3_scale(gait_vec3_add(heel, toe), 0.5), s->centre)));
        }
        int best = d[0] <= d[1] ? 0 : 1;
        double margin = d[1 - best] - d[best];
        if (!isfinite(d[best]))
            continue;
        if (by_cop ? (d[best] <= SIDE_MAX_DISTANCE_M && margin >= SIDE_MARGIN_M)
                   : margin >= SIDE_PLATE_MARGIN_M) {
            c->side = best;
            c->side_method = SIDE_MARKERS;
        }
    }
}

/* Vertical-force-weighted mean COP of the contact along the left axis (NaN when unknown). */
static double contact_ml(const analysis *a, const contact *c)
{
    if (!finite3(a->left))
        return NAN;
    double sum = 0.0, weight = 0.0;
    for (int m = 0; m < c->n_src; m++) {
        const source *s = &a->sources[c->src[m]];
        if (s->cop_bad)
            continue;
        for (size_t j = c->start; j < c->end; j++) {
            gait_vec3 cop = get3(s->cop, j);
            double v = s->stance.corrected[j];
            if (finite3(cop) && v > 0.0) {
                sum += v * gait_vec3_dot(cop, a->left);
                weight += v;
            }
        }
    }
    return weight > 0.0 ? sum / weight : NAN;
}

static int compare_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static gait_status sides_from_alternation(analysis *a)
{
    size_t *order = malloc((a->n_contacts + 1) * sizeof *order);
    double *ml = malloc((a->n_contacts + 1) * sizeof *ml);
    double *gaps = malloc((a->n_contacts + 1) * sizeof *gaps);
    if (order == NULL || ml == NULL || gaps == NULL) {
        free(order), free(ml), free(gaps);
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    }
    size_t m = 0;
    for (size_t k = 0; k < a->n_contacts; k++) {
        if (a->contacts[k].merged)
            continue;
        order[m] = k;
        ml[m] = contact_ml(a, &a->contacts[k]);
        m++;
    }
    size_t n_gaps = 0;
    for (size_t i = 1; i < m; i++)
        gaps[n_gaps++] = (double)(a->contacts[order[i]].start - a->contacts[order[i - 1]].start);
    double step_gap = NAN; /* the shortest interval between successive contacts: one step */
    if (n_gaps > 0) {
        qsort(gaps, n_gaps, sizeof *gaps, compare_double);
        step_gap = gaps[0];
    }
    size_t i = 0;
    while (i < m) {
        /* A run: consecutive contacts with a known ML, no long gap. */
        size_t j = i + 1;
        while (j < m && isfinite(ml[j]) && isfinite(ml[i]) &&
               (double)(a->contacts[order[j]].start - a->contacts[order[j - 1]].start) <=
                   RUN_GAP_FACTOR * step_gap)
            j++;
        if (j - i >= 2) {
            double agreement = 0.0, magnitude = 0.0;
            for (size_t k = i; k < j; k++) {
                double neighbours = 0.0;
                int count = 0;
                if (k > i)
                    neighbours += ml[k - 1], count++;
                if (k + 1 < j)
                    neighbours += ml[k + 1], count++;
                double vote = ml[k] - neighbours / count; /* > 0: left */
                double parity = (k - i) % 2 == 0 ? 1.0 : -1.0;
                agreement += parity * (vote > 0.0 ? 1.0 : vote < 0.0 ? -1.0 : 0.0);
                magnitude += parity * vote;
            }
            int even_side = -1; /* side of the run's even positions */
            if (agreement > 0.0 || (agreement == 0.0 && magnitude > 0.0))
                even_side = 1;
            else if (agreement < 0.0 || (agreement == 0.0 && magnitude < 0.0))
                even_side = 0;
            for (size_t k = i; k < j && even_side >= 0; k++) {
                contact *c = &a->contacts[order[k]];
                if (c->side >= 0)
                    continue;
                c->side = (k - i) % 2 == 0 ? even_side : 1 - even_side;
                c->side_method = SIDE_ALTERNATION;
            }
        }
        i = j;
    }
    free(order), free(ml), free(gaps);
    return GAIT_OK;
}

static gait_status sides_from_names(analysis *a)
{
    size_t disagree = 0;
    for (size_t k = 0; k < a->n_contacts; k++) {
        contact *c = &a->contacts[k];
        char name = a->sources[c->src[0]].side_name;
        int named = name == 'r' ? 0 : name == 'l' ? 1 : -1;
        if (named < 0 || c->merged)
            continue;
        if (c->side < 0) {
            c->side = named;
            c->side_method = SIDE_NAMES;
        } else if (c->side != named) {
            disagree++;
        }
    }
    if (disagree > 0)
        return warn(a->trial,
                    "%zu contacts: the side found from the markers or from alternation differs "
                    "from the force set's name",
                    disagree);
    return GAIT_OK;
}

/* ---- one foot on two plates ---- */

static int share_source(const contact *x, const contact *y)
{
    for (int i = 0; i < x->n_src; i++)
        for (int j = 0; j < y->n_src; j++)
            if (x->src[i] == y->src[j])
                return 1;
    return 0;
}

/* Mean horizontal distance between the COPs of the two contacts' first plates while both are
 * defined; the gap from the earlier's last COP to the later's first when never both. */
static double cop_distance(const analysis *a, const contact *x, const contact *y)
{
    const source *p = &a->sources[x->src[0]], *q = &a->sources[y->src[0]];
    if (p->cop_bad || q->cop_bad)
        return INFINITY;
    size_t from = x->start > y->start ? x->start : y->start;
    size_t to = x->end < y->end ? x->end : y->end;
    double sum = 0.0;
    size_t count = 0;
    for (size_t j = from; j < to; j++) {
        gait_vec3 u = get3(p->cop, j), v = get3(q->cop, j);
        if (finite3(u) && finite3(v)) {
            sum += gait_vec3_norm(horizontal(a, gait_vec3_sub(u, v)));
            count++;
        }
    }
    if (count > 0)
        return sum / (double)count;
    if (finite3(x->last_cop) && finite3(y->first_cop))
        return gait_vec3_norm(horizontal(a, gait_vec3_sub(y->first_cop, x->last_cop)));
    return INFINITY;
}

static void merge_contacts(analysis *a)
{
    for (size_t i = 0; i < a->n_contacts; i++) {
        contact *x = &a->contacts[i];
        if (x->merged)
            continue;
        for (size_t k = i + 1; k < a->n_contacts; k++) {
            contact *y = &a->contacts[k];
            if (y->merged || y->start >= x->end)
                continue;
            if (share_source(x, y) || x->n_src + y->n_src > MAX_GROUP)
                continue;
            int same;
            if (x->side_method == SIDE_MARKERS && y->side_method == SIDE_MARKERS)
                same = x->side == y->side;
            else
                same = cop_distance(a, x, y) <= MERGE_DISTANCE_M;
            if (!same)
                continue;
            x->end = y->end > x->end ? y->end : x->end;
            x->touches_end = x->touches_end || y->touches_end;
            for (int m = 0; m < y->n_src; m++)
                x->src[x->n_src++] = y->src[m];
            if (x->side < 0 && y->side >= 0) {
                x->side = y->side;
                x->side_method = y->side_method;
            }
            if (!finite3(x->first_cop) && finite3(y->first_cop)) {
                x->first_cop = y->first_cop;
                x->first_cop_s = y->first_cop_s;
            }
            if (finite3(y->last_cop))
                x->last_cop = y->last_cop;
            y->merged = 1;
        }
    }
}

/* Plate edge: COP near a plate's outline under load, edges shared with a merged plate excepted. */
static void check_plate_edges(analysis *a)
{
    for (size_t k = 0; k < a->n_contacts; k++) {
        contact *c = &a->contacts[k];
        if (c->merged)
            continue;
        double peak = 0.0;
        for (size_t j = c->start; j < c->end; j++) {
            double total = 0.0;
            for (int m = 0; m < c->n_src; m++) {
                double v = a->sources[c->src[m]].stance.corrected[j];
                total += isfinite(v) ? v : 0.0;
            }
            peak = fmax(peak, total);
        }
        for (int m = 0; m < c->n_src && !c->plate_edge; m++) {
            const source *s = &a->sources[c->src[m]];
            if (!s->has_outline || s->cop_bad)
                continue;
            for (size_t j = c->start; j < c->end && !c->plate_edge; j++) {
                gait_vec3 cop = get3(s->cop, j);
                if (!finite3(cop) || !(s->stance.corrected[j] > PLATE_EDGE_FORCE_FRACTION * peak))
                    continue;
                if (inside_outline(a, s, cop) >= PLATE_EDGE_MARGIN_M)
                    continue;
                int shared = 0;
                for (int o = 0; o < c->n_src && !shared; o++)
                    if (o != m && a->sources[c->src[o]].has_outline &&
                        inside_outline(a, &a->sources[c->src[o]], cop) >
                            -(PLATE_EDGE_MARGIN_M + COP_OUTSIDE_M))
                        shared = 1;
                if (!shared)
                    c->plate_edge = 1;
            }
        }
    }
}

/* ---- steps ---- */

typedef struct step_entry {
    gait_step step;
    double key;   /* time order */
    long contact; /* index into contacts, -1 for a marker step */
} step_entry;

typedef struct step_list {
    step_entry *items;
    size_t count, capacity;
} step_list;

static gait_status push_step(step_list *list, const step_entry *entry)
{
    step_entry *items =
        gait_array_reserve(list->items, &list->capacity, list->count, sizeof *items, 32);
    if (items == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for steps");
    list->items = items;
    list->items[list->count++] = *entry;
    return GAIT_OK;
}

static void blank_step(gait_step *s)
{
    memset(s, 0, sizeof *s);
    s->side = -1;
    s->plate = -1;
    s->ic_s = s->to_s = s->contact_time_s = s->flight_time_s = s->step_time_s = NAN;
    s->peak_vgrf_n = s->peak_vgrf_bw = s->impact_peak_bw = NAN;
    s->loading_rate_bw_s = s->instantaneous_loading_rate_bw_s = NAN;
    s->braking_impulse_bw_s = s->propulsive_impulse_bw_s = NAN;
    s->strike_index = s->foot_strike_angle_deg = NAN;
    s->strike_pattern = -1;
    s->ankle_inversion_moment_peak_nm_kg = s->ankle_eversion_moment_peak_nm_kg = NAN;
    s->ankle_plantarflexion_moment_peak_nm_kg = NAN;
    s->ankle_external_rotation_peak_deg = s->ankle_eversion_peak_deg = NAN;
    s->ankle_dorsiflexion_ic_deg = NAN;
    s->sensor = -1;
    s->stride_time_s = s->swing_time_s = s->stride_length_m = s->speed_m_s = NAN;
}

static gait_status plate_steps(analysis *a, step_list *steps)
{
    gait_status status = GAIT_OK;
    for (size_t k = 0; k < a->n_contacts && status == GAIT_OK; k++) {
        const contact *c = &a->contacts[k];
        if (c->merged)
            continue;
        step_entry e;
        blank_step(&e.step);
        e.step.side = c->side;
        e.step.from_plate = 1;
        e.step.plate = c->src[0];
        e.step.complete = !c->touches_start && !c->touches_end && !c->plate_edge;
        e.step.ic_s = c->touches_start ? NAN : sample_time(a, c->start);
        e.step.to_s = c->touches_end ? NAN : sample_time(a, c->end);
        e.step.contact_time_s = e.step.to_s - e.step.ic_s;
        e.key = sample_time(a, c->start);
        e.contact = (long)k;
        status = push_step(steps, &e);
    }
    return status;
}

static int compare_steps(const void *x, const void *y)
{
    const step_entry *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* The plate step of `side` (or of unknown side) whose event time is nearest t within
 * ZENI_MATCH_S; which = 0 IC, 1 TO. */
static long match_plate_step(const step_list *steps, int side, double t, int which)
{
    long best = -1;
    double best_gap = ZENI_MATCH_S;
    for (size_t k = 0; k < steps->count; k++) {
        const gait_step *s = &steps->items[k].step;
        if (!s->from_plate || (s->side >= 0 && s->side != side))
            continue;
        double gap = fabs((which == 0 ? s->ic_s : s->to_s) - t);
        if (gap < best_gap) {
            best_gap = gap;
            best = (long)k;
        }
        /* A stance cut by the recording's start holds an IC before it. */
        if (which == 0 && !isfinite(s->ic_s) && isfinite(s->to_s) && t < s->to_s &&
            t > s->to_s - 2.0 * ZENI_MATCH_S && best < 0)
            best = (long)k;
    }
    return best;
}

static gait_status marker_steps(analysis *a, step_list *steps)
{
    const gait_trajectory *pelvis = &a->markers.pelvis;
    if (pelvis->xyz == NULL || !finite3(a->forward))
        return GAIT_OK;
    double *ic[2] = {NULL, NULL}, *to[2] = {NULL, NULL};
    size_t n_ic[2] = {0, 0}, n_to[2] = {0, 0};
    unsigned char *used[2] = {NULL, NULL};
    gait_status status = GAIT_OK;
    double sum_ic = 0.0, sum_to = 0.0;
    for (int side = 0; side < 2 && status == GAIT_OK; side++) {
        if (!a->foot_ok[side])
            continue;
        const gait_trajectory *back =
            a->markers.heel[side].xyz != NULL ? &a->markers.heel[side] : &a->markers.ankle[side];
        status = gait_zeni_events(back, &a->markers.toe[side], pelvis, a->forward, &ic[side],
                                  &n_ic[side], &to[side], &n_to[side]);
        if (status == GAIT_OK && n_ic[side] > 0 && (used[side] = calloc(n_ic[side], 1)) == NULL)
            status = gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
        for (size_t i = 0; i < n_ic[side] && status == GAIT_OK; i++) {
            long k = match_plate_step(steps, side, ic[side][i], 0);
            if (k < 0)
                continue;
            gait_step *s = &steps->items[k].step;
            used[side][i] = 1;
            if (s->side < 0) {
                s->side = side;
                a->contacts[steps->items[k].contact].side_method = SIDE_MARKER_EVENTS;
            }
            if (isfinite(s->ic_s)) {
                sum_ic += s->ic_s - ic[side][i];
                a->zeni_pairs_ic++;
            }
        }
        for (size_t i = 0; i < n_to[side] && status == GAIT_OK; i++) {
            long k = match_plate_step(steps, side, to[side][i], 1);
            if (k >= 0 && isfinite(steps->items[k].step.to_s)) {
                sum_to += steps->items[k].step.to_s - to[side][i];
                a->zeni_pairs_to++;
            }
        }
    }
    a->zeni_offset_ic_s = a->zeni_pairs_ic > 0 ? sum_ic / (double)a->zeni_pairs_ic : 0.0;
    a->zeni_offset_to_s = a->zeni_pairs_to > 0 ? sum_to / (double)a->zeni_pairs_to : 0.0;
    size_t added = 0;
    for (int side = 0; side < 2 && status == GAIT_OK; side++) {
        for (size_t i = 0; i < n_ic[side] && status == GAIT_OK; i++) {
            if (used[side][i])
                continue;
            double next = i + 1 < n_ic[side] ? ic[side][i + 1] : INFINITY;
            step_entry e;
            blank_step(&e.step);
            e.step.side = side;
            e.step.ic_s = ic[side][i] + a->zeni_offset_ic_s;
            for (size_t j = 0; j < n_to[side]; j++) {
                if (to[side][j] > ic[side][i] && to[side][j] < next) {
                    e.step.to_s = to[side][j] + a->zeni_offset_to_s;
                    break;
                }
            }
            e.step.contact_time_s = e.step.to_s - e.step.ic_s;
            e.key = e.step.ic_s;
            e.contact = -1;
            status = push_step(steps, &e);
            added++;
        }
    }
    if (status == GAIT_OK && added > 0)
        status = warn(a->trial,
                      "%zu steps from marker events only (Zeni et al. 2008: heel and toe "
                      "relative to %s), shifted by the mean plate - marker difference of %+.1f ms "
                      "(IC, %zu pairs) and %+.1f ms (TO, %zu pairs)",
                      added, a->markers.pelvis_name, 1e3 * a->zeni_offset_ic_s, a->zeni_pairs_ic,
                      1e3 * a->zeni_offset_to_s, a->zeni_pairs_to);
    for (int side = 0; side < 2; side++) {
        free(ic[side]);
        free(to[side]);
        free(used[side]);
    }
    return status;
}

/* ---- cadence ---- */

/* Typical step time: median interval between consecutive ICs of opposite feet, else of all
 * consecutive ICs; NaN with fewer than two ICs. */
static double typical_step_time(const step_list *steps)
{
    double *gaps = malloc((steps->count + 1) * sizeof *gaps);
    if (gaps == NULL)
        return NAN;
    double result = NAN;
    for (int pass = 0; pass < 2 && !isfinite(result); pass++) {
        size_t n = 0;
        const gait_step *previous = NULL;
        for (size_t k = 0; k < steps->count; k++) {
            const gait_step *s = &steps->items[k].step;
            if (!isfinite(s->ic_s))
                continue;
            if (previous != NULL &&
                (pass == 1 || (previous->side >= 0 && s->side >= 0 && previous->side != s->side)))
                gaps[n++] = s->ic_s - previous->ic_s;
            previous = s;
        }
        if (n > 0) {
            qsort(gaps, n, sizeof *gaps, compare_double);
            result = n % 2 == 1 ? gaps[n / 2] : 0.5 * (gaps[n / 2 - 1] + gaps[n / 2]);
        }
    }
    free(gaps);
    return result;
}

/* Steps an interval dt between ICs of sides a and b most likely spans. */
static long steps_spanned(double dt, int a, int b, double typical)
{
    double ratio = isfinite(typical) && typical > 0.0 ? dt / typical : 1.0;
    long n;
    if (a >= 0 && b >= 0 && a != b) {
        n = 2 * lround((ratio - 1.0) / 2.0) + 1;
        if (n < 1)
            n = 1;
    } else if (a >= 0 && b >= 0) {
        n = 2 * lround(ratio / 2.0);
        if (n < 2)
            n = 2;
    } else {
        n = lround(ratio);
        if (n < 1)
            n = 1;
    }
    return n;
}

static double cadence_and_step_times(analysis *a, step_list *steps)
{
    double typical = typical_step_time(steps);
    if (typical > MAX_STEP_TIME_S) {
        /* e.g. two plate contacts 1.7 s apart and nothing between: 1, 3 or 5 steps? */
        warn(a->trial,
             "cadence unknown: the only intervals between ICs (%.3f s) are too long to tell how "
             "many steps they span",
             typical);
        return NAN;
    }
    double total_time = 0.0;
    long total_steps = 0;
    long previous = -1;
    for (size_t k = 0; k < steps->count; k++) {
        gait_step *s = &steps->items[k].step;
        if (!isfinite(s->ic_s))
            continue;
        if (previous >= 0) {
            gait_step *p = &steps->items[previous].step;
            double dt = s->ic_s - p->ic_s;
            long n = steps_spanned(dt, p->side, s->side, typical);
            total_time += dt;
            total_steps += n;
            if (n == 1) {
                p->step_time_s = dt;
                p->flight_time_s = s->ic_s - p->to_s;
            }
        }
        previous = (long)k;
    }
    return total_steps > 0 && total_time > 0.0 ? 60.0 * (double)total_steps / total_time : NAN;
}

/* ---- body mass ---- */

static gait_status find_mass(analysis *a, const step_list *steps)
{
    gait_trial *t = a->trial;
    double file_mass = NAN;
    if (a->c3d != NULL && gait_c3d_body_mass_kg(a->c3d, &file_mass) != GAIT_OK)
        file_mass = NAN;
    double setting = a->settings->mass_kg;
    if (isfinite(file_mass)) {
        t->mass_kg = file_mass;
        t->mass_source = GAIT_MASS_FILE;
        if (setting > 0.0 && fabs(setting - file_mass) > MASS_DISAGREE_FRACTION * file_mass)
            return warn(t, "body mass %g kg from the file used; the setting's %g kg was not",
                        file_mass, setting);
        return GAIT_OK;
    }
    if (setting > 0.0) {
        t->mass_kg = setting;
        t->mass_source = GAIT_MASS_SETTING;
        return GAIT_OK;
    }
    /* Longest run of consecutive complete plate steps, one step apart. */
    double typical = typical_step_time(steps);
    size_t best_first = 0, best_intervals = 0, run_first = 0, run_intervals = 0;
    const gait_step *previous = NULL;
    for (size_t k = 0; k < steps->count; k++) {
        const gait_step *s = &steps->items[k].step;
        int usable = s->from_plate && s->complete && isfinite(s->ic_s);
        if (usable && previous != NULL &&
            steps_spanned(s->ic_s - previous->ic_s, previous->side, s->side, typical) == 1) {
            run_intervals++;
        } else {
            run_first = k;
            run_intervals = 0;
        }
        if (run_intervals > best_intervals) {
            best_intervals = run_intervals;
            best_first = run_first;
        }
        previous = usable ? s : NULL;
        if (!usable)
            run_first = k + 1;
    }
    best_intervals -= best_intervals % 2;
    if (best_intervals < 2) {
        t->mass_kg = NAN;
        t->mass_source = GAIT_MASS_UNKNOWN;
        return warn(t, "body mass unknown (not in the file, not set, and no whole stride on the "
                       "plates): markers per body weight are null");
    }
    double t0 = steps->items[best_first].step.ic_s;
    double t1 = steps->items[best_first + best_intervals].step.ic_s;
    size_t j0 = (size_t)lround((t0 - a->t0_s) * a->rate_hz);
    size_t j1 = (size_t)lround((t1 - a->t0_s) * a->rate_hz);
    double sum = 0.0;
    for (size_t j = j0; j < j1 && j < a->n; j++) {
        for (size_t p = 0; p < a->n_sources; p++) {
            double v = a->sources[p].stance.corrected[j];
            if (!isfinite(v)) {
                t->mass_kg = NAN;
                t->mass_source = GAIT_MASS_UNKNOWN;
                return warn(t, "body mass unknown: missing force samples in the strides");
            }
            sum += v;
        }
    }
    t->mass_kg = j1 > j0 ? sum / (double)(j1 - j0) / GAIT_GRAVITY_MPS2 : NAN;
    t->mass_source = isfinite(t->mass_kg) ? GAIT_MASS_FORCE : GAIT_MASS_UNKNOWN;
    return warn(t,
                "body mass %.2f kg from the mean vertical force over %zu whole strides "
                "(%.3f-%.3f s)",
                t->mass_kg, best_intervals / 2, t0, t1);
}

/* ---- per-step markers ---- */

static gait_status step_markers(analysis *a, step_list *steps)
{
    size_t longest = 0;
    for (size_t k = 0; k < a->n_contacts; k++)
        if (!a->contacts[k].merged && a->contacts[k].end - a->contacts[k].start > longest)
            longest = a->contacts[k].end - a->contacts[k].start;
    double *v = malloc((longest + 1) * sizeof *v);
    double *f = malloc(3 * (longest + 1) * sizeof *f);
    double *cop = malloc(3 * (longest + 1) * sizeof *cop);
    if (v == NULL || f == NULL || cop == NULL) {
        free(v), free(f), free(cop);
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    }
    const double weight = a->trial->mass_kg * GAIT_GRAVITY_MPS2;
    for (size_t k = 0; k < steps->count; k++) {
        step_entry *e = &steps->items[k];
        if (e->contact < 0 || !isfinite(e->step.ic_s) || !isfinite(e->step.to_s))
            continue;
        const contact *c = &a->contacts[e->contact];
        size_t n = c->end - c->start;
        double noise = 0.0;
        int reliable = 1;
        for (int m = 0; m < c->n_src; m++) {
            double sd = a->sources[c->src[m]].stance.noise_sd_n;
            noise += isfinite(sd) ? sd * sd : 0.0;
            reliable = reliable && !a->sources[c->src[m]].cop_bad;
        }
        for (size_t i = 0; i < n; i++) {
            size_t j = c->start + i;
            double vs = 0.0, fs[3] = {0, 0, 0}, cs[3] = {0, 0, 0}, w = 0.0;
            for (int m = 0; m < c->n_src; m++) {
                const source *s = &a->sources[c->src[m]];
                double vj = s->stance.corrected[j];
                if (!isfinite(vj))
                    continue;
                vs += vj;
                for (int d = 0; d < 3; d++)
                    fs[d] += s->force[3 * j + (size_t)d];
                gait_vec3 cj = get3(s->cop, j);
                if (finite3(cj) && vj > 0.0) {
                    cs[0] += vj * cj.x, cs[1] += vj * cj.y, cs[2] += vj * cj.z;
                    w += vj;
                }
            }
            v[i] = vs;
            for (int d = 0; d < 3; d++) {
                f[3 * i + (size_t)d] = fs[d];
                cop[3 * i + (size_t)d] = w > 0.0 ? cs[d] / w : NAN;
            }
        }
        gait_step_input in = {0};
        in.vertical_n = v;
        in.force_n = f;
        in.cop_m = cop;
        in.n = n;
        in.rate_hz = a->rate_hz;
        in.ic_s = e->step.ic_s;
        in.weight_n = weight;
        in.noise_sd_n = sqrt(noise);
        in.up = a->up;
        in.forward = a->forward;
        in.cop_reliable = reliable;
        in.treadmill = a->treadmill;
        in.foot_length_m = a->settings->foot_length_m;
        int side = e->step.side;
        if (side >= 0 && a->heel_ok[side]) {
            double contact_s = e->step.to_s - e->step.ic_s;
            double from = e->step.ic_s + STEP_REFERENCE_FROM * contact_s;
            double to = e->step.ic_s + STEP_REFERENCE_TO * contact_s;
            gait_vec3 heel_v, toe_v;
            size_t used_heel =
                gait_trajectory_fit(&a->markers.heel[side], from, to, &in.heel_ref, &heel_v);
            size_t used_toe =
                gait_trajectory_fit(&a->markers.toe[side], from, to, &in.toe_ref, &toe_v);
            gait_trajectory_at(&a->markers.heel[side], e->step.ic_s, &in.heel_ic);
            gait_trajectory_at(&a->markers.toe[side], e->step.ic_s, &in.toe_ic);
            in.has_foot = used_heel > 0 && used_toe > 0;
            in.ref_s = 0.5 * (from + to);
            if (finite3(heel_v) && finite3(toe_v))
                in.foot_velocity = gait_vec3_scale(gait_vec3_add(heel_v, toe_v), 0.5);
            else
                in.foot_velocity = finite3(heel_v) ? heel_v : toe_v;
        }
        gait_step_markers(&in, &e->step);
    }
    free(v), free(f), free(cop);
    return GAIT_OK;
}

/* ---- ankle ---- */

/* One PROCESSING value (NaN when absent). */
static double processing_value(const gait_c3d *c3d, const char *name)
{
    double v = NAN;
    size_t count = 0;
    if (gait_c3d_param_doubles(c3d, "PROCESSING", name, &v, 1, &count) != GAIT_OK || count == 0)
        return NAN;
    return v;
}

/* Plug-in Gait's subject measurements (mm in the file) and static offsets (rad), when the file
 * carries them. Returns 1 when it has PiG's ankle widths and static offsets. */
static int plugin_gait_settings(const gait_c3d *c3d, gait_leg_settings leg[2],
                                gait_pig_leg_settings pig[2])
{
    static const char *const prefix[2] = {"R", "L"};
    memset(leg, 0, 2 * sizeof *leg);
    memset(pig, 0, 2 * sizeof *pig);
    if (c3d == NULL)
        return 0;
    double diameter = processing_value(c3d, "MarkerDiameter");
    /* 14 mm markers are the usual ones; the shared PiG files do not say */
    double radius = diameter > 0.0 ? 0.0005 * diameter : 0.007;
    int found = 0;
    for (int side = 0; side < 2; side++) {
        char name[32];
        snprintf(name, sizeof name, "%sAnkleWidth", prefix[side]);
        double ankle = processing_value(c3d, name);
        snprintf(name, sizeof name, "%sKneeWidth", prefix[side]);
        double knee = processing_value(c3d, name);
        snprintf(name, sizeof name, "%sStaticPlantFlex", prefix[side]);
        double plantar = processing_value(c3d, name);
        snprintf(name, sizeof name, "%sStaticRotOff", prefix[side]);
        double rotation = processing_value(c3d, name);
        leg[side].ankle_width_m = pig[side].ankle_width_m = ankle > 0.0 ? 0.001 * ankle : 0.0;
        leg[side].knee_width_m = pig[side].knee_width_m = knee > 0.0 ? 0.001 * knee : 0.0;
        leg[side].marker_radius_m = pig[side].marker_radius_m = radius;
        pig[side].static_plantar_flexion_rad = isfinite(plantar) ? plantar : 0.0;
        pig[side].static_rotation_offset_rad = isfinite(rotation) ? rotation : 0.0;
        found += ankle > 0.0 && isfinite(plantar) && isfinite(rotation);
    }
    return found > 0;
}

/* The wrench under each foot at the analog rate: the sum over the sources of its plate steps'
 * contacts, zero elsewhere, as force and moment about the lab origin. */
static gait_status foot_wrenches(const analysis *a, const step_list *steps, double *force[2],
                                 double *moment[2])
{
    for (int side = 0; side < 2; side++) {
        force[side] = calloc(3 * a->n, sizeof(double));
        moment[side] = calloc(3 * a->n, sizeof(double));
        if (force[side] == NULL || moment[side] == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for the foot wrenches");
    }
    for (size_t k = 0; k < steps->count; k++) {
        const step_entry *e = &steps->items[k];
        int side = e->step.side;
        if (e->contact < 0 || (side != 0 && side != 1))
            continue;
        const contact *c = &a->contacts[e->contact];
        for (int m = 0; m < c->n_src; m++) {
            const source *src = &a->sources[c->src[m]];
            for (size_t j = c->start; j < c->end; j++) {
                gait_vec3 f = get3(src->force, j);
                gait_vec3 torque = src->moment != NULL ? get3(src->moment, j) : nan3();
                gait_vec3 about_origin;
                if (src->moment_at_cop) {
                    /* COP x F + torque; below the COP gate the wrench is too small to place */
                    gait_vec3 p = get3(src->cop, j);
                    if (!finite3(p) || !finite3(torque))
                        continue;
                    about_origin = gait_vec3_add(gait_vec3_cross(p, f), torque);
                } else if (finite3(torque)) {
                    about_origin = gait_vec3_add(torque, gait_vec3_cross(src->centre, f));
                } else {
                    gait_vec3 p = get3(src->cop, j);
                    if (!finite3(p))
                        continue;
                    about_origin = gait_vec3_cross(p, f);
                }
                if (!finite3(f) || !finite3(about_origin))
                    continue;
                const double fv[3] = {f.x, f.y, f.z};
                const double mv[3] = {about_origin.x, about_origin.y, about_origin.z};
                for (int d = 0; d < 3; d++) {
                    force[side][3 * j + (size_t)d] += fv[d];
                    moment[side][3 * j + (size_t)d] += mv[d];
                }
            }
        }
    }
    return GAIT_OK;
}

static gait_status marker_table_of(const gait_c3d *c3d, const gait_trc *trc,
                                   gait_marker_table *table)
{
    if (c3d != NULL)
        return gait_marker_table_from_c3d(c3d, table);
    if (trc != NULL)
        return gait_marker_table_from_trc(trc, table);
    memset(table, 0, sizeof *table);
    return gait_fail(GAIT_E_NO_DATA, "no marker file");
}

/* Ankle angles and moments of every step with markers; curves into *curves (steps->count). */
static gait_status ankle_steps(analysis *a, step_list *steps,
                               double (**curves)[6][GAIT_CURVE_POINTS])
{
    gait_trial *t = a->trial;
    const gait_analyze_inputs *inputs = a->inputs;
    gait_marker_table fixed = {0};
    t->moment_frame = a->settings->moment_frame;
    if (a->table.n_markers == 0) {
        for (int side = 0; side < 2; side++)
            snprintf(t->ankle_problem[side], sizeof t->ankle_problem[side], "%s", a->no_markers);
        return GAIT_OK;
    }
    gait_status status = GAIT_OK;
    int have_static = 0;
    if (inputs->static_c3d != NULL || inputs->static_trc != NULL) {
        status = marker_table_of(inputs->static_c3d, inputs->static_trc, &fixed);
        if (status == GAIT_E_NOMEM)
            return status;
        have_static = status == GAIT_OK;
        status =
            have_static ? GAIT_OK : warn(t, "static trial not used: %s", gait_last_error_detail());
    }
    gait_ankle_input in = {0};
    in.markers = &a->table;
    in.static_markers = have_static ? &fixed : NULL;
    in.settings = a->settings;
    in.mass_kg = t->mass_kg;
    in.up = a->up;
    in.forward = a->forward;
    in.n_analog = a->n;
    in.analog_rate_hz = a->rate_hz;
    in.analog_t0_s = a->t0_s;
    in.has_pig_parameters = plugin_gait_settings(inputs->c3d, in.leg, in.pig);
    for (int side = 0; side < 2; side++) {
        if (a->settings->ankle_width_m > 0.0)
            in.leg[side].ankle_width_m = in.pig[side].ankle_width_m = a->settings->ankle_width_m;
        if (a->settings->knee_width_m > 0.0)
            in.leg[side].knee_width_m = in.pig[side].knee_width_m = a->settings->knee_width_m;
    }
    double *force[2] = {NULL, NULL}, *moment[2] = {NULL, NULL};
    if (status == GAIT_OK)
        status = foot_wrenches(a, steps, force, moment);
    for (int side = 0; side < 2; side++) {
        in.force_n[side] = force[side];
        in.moment_origin_nm[side] = moment[side];
    }
    gait_ankle_series series = {0};
    if (status == GAIT_OK)
        status = gait_ankle_run(&in, &series);
    if (status == GAIT_OK) {
        *curves = malloc((steps->count + 1) * sizeof **curves);
        if (*curves == NULL)
            status = gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for curves");
    }
    for (size_t k = 0; k < steps->count && status == GAIT_OK; k++)
        gait_ankle_step(&series, &steps->items[k].step, (*curves)[k]);
    if (status == GAIT_OK) {
        t->moment_frame = series.frame;
        t->plugin_gait = series.plugin_gait;
        snprintf(t->marker_set, sizeof t->marker_set, "%s", series.marker_set);
        for (int side = 0; side < 2; side++)
            snprintf(t->ankle_problem[side], sizeof t->ankle_problem[side], "%s",
                     series.problem[side]);
    }
    gait_ankle_free(&series);
    for (int side = 0; side < 2; side++)
        free(force[side]), free(moment[side]);
    gait_marker_table_free(&fixed);
    return status;
}

/* ---- summary ---- */

void gait_trial_summarise(gait_trial *t, double cadence)
{
    gait_trial_summary *s = &t->summary;
    memset(s, 0, sizeof *s);
    s->cadence_spm = cadence;
    s->n_steps = t->n_steps;
    for (size_t k = 0; k < t->n_steps; k++) {
        const gait_step *step = &t->steps[k];
        if (!step->complete)
            continue;
        s->n_complete++;
        if (step->side == 0 || step->side == 1)
            s->n_side[step->side]++;
    }
    for (int side = 0; side < 2; side++) {
        for (size_t m = 0; m < GAIT_STEP_MARKER_COUNT; m++) {
            double sum = 0.0, squares = 0.0;
            size_t count = 0;
            for (size_t k = 0; k < t->n_steps; k++) {
                const gait_step *step = &t->steps[k];
                double value = gait_step_marker_value(step, m);
                if (step->complete && step->side == side && isfinite(value)) {
                    sum += value;
                    count++;
                }
            }
            double mean = count > 0 ? sum / (double)count : NAN;
            for (size_t k = 0; k < t->n_steps; k++) {
                const gait_step *step = &t->steps[k];
                double value = gait_step_marker_value(step, m);
                if (step->complete && step->side == side && isfinite(value))
                    squares += (value - mean) * (value - mean);
            }
            s->mean[side][m] = mean;
            s->sd[side][m] = count > 1 ? sqrt(squares / (double)(count - 1)) : NAN;
        }
    }
    for (size_t m = 0; m < GAIT_STEP_MARKER_COUNT; m++) {
        double r = s->mean[0][m], l = s->mean[1][m];
        s->symmetry_index_pct[m] = r + l != 0.0 ? 100.0 * (r - l) / (0.5 * (r + l)) : NAN;
    }
}

static void describe_frame(analysis *a)
{
    gait_trial *t = a->trial;
    t->vertical_axis = a->axis;
    t->vertical_sign = a->sign;
    t->progression[0] = a->forward.x;
    t->progression[1] = a->forward.y;
    t->progression[2] = a->forward.z;
    const char axes[3] = {'x', 'y', 'z'};
    char progression[64] = "unknown";
    if (finite3(a->forward)) {
        const double c[3] = {a->forward.x, a->forward.y, a->forward.z};
        int best = 0;
        for (int i = 1; i < 3; i++)
            if (fabs(c[i]) > fabs(c[best]))
                best = i;
        if (fabs(c[best]) > 0.985) /* within 10 degrees of an axis */
            snprintf(progression, sizeof progression, "%c%c", c[best] > 0 ? '+' : '-', axes[best]);
        else
            snprintf(progression, sizeof progression, "(%.3f, %.3f, %.3f)", c[0], c[1], c[2]);
    }
    snprintf(t->frame, sizeof t->frame, "vertical %c%c (%s), progression %s (%s)%s",
             a->sign > 0 ? '+' : '-', axes[a->axis], a->c3d != NULL ? "force plates" : "force sets",
             progression, a->forward_from, a->treadmill ? ", treadmill" : ", overground");
}

static gait_status final_warnings(analysis *a)
{
    gait_trial *t = a->trial;
    size_t edge_time = 0, edge_plate = 0, unknown = 0;
    for (size_t k = 0; k < a->n_contacts; k++) {
        const contact *c = &a->contacts[k];
        if (c->merged)
            continue;
        edge_time += c->touches_start || c->touches_end;
        edge_plate += c->plate_edge && !c->touches_start && !c->touches_end;
    }
    for (size_t k = 0; k < t->n_steps; k++)
        unknown += t->steps[k].side < 0;
    gait_status status = GAIT_OK;
    if (edge_time > 0)
        status = warn(t, "%zu contacts touch the recording's start or end: incomplete", edge_time);
    if (status == GAIT_OK && edge_plate > 0)
        status =
            warn(t, "%zu contacts reach a plate's edge (COP within %g m under load): incomplete",
                 edge_plate, PLATE_EDGE_MARGIN_M);
    if (status == GAIT_OK && unknown > 0)
        status = warn(t, "side unknown for %zu steps", unknown);
    return status;
}

/* ---- the analysis ---- */

static gait_status analyze(analysis *a)
{
    gait_status status;
    if ((status = filter_sources(a)) != GAIT_OK || (status = find_vertical(a)) != GAIT_OK ||
        (status = segment_sources(a)) != GAIT_OK || (status = gather_contacts(a)) != GAIT_OK)
        return status;
    status = marker_table_of(a->inputs->c3d, a->inputs->trc, &a->table);
    if (status == GAIT_E_NOMEM)
        return status;
    if (status != GAIT_OK)
        snprintf(a->no_markers, sizeof a->no_markers, "no markers: %s", gait_last_error_detail());
    if (status == GAIT_OK) {
        status = gait_foot_markers_read(&a->table, a->settings->stance.cutoff_hz, &a->markers);
        if (status != GAIT_OK)
            return status;
        for (int side = 0; side < 2; side++) {
            int back = a->markers.heel[side].xyz != NULL || a->markers.ankle[side].xyz != NULL;
            a->foot_ok[side] = back && a->markers.toe[side].xyz != NULL;
            a->heel_ok[side] =
                a->markers.heel[side].xyz != NULL && a->markers.toe[side].xyz != NULL;
        }
    }
    find_progression(a);
    sides_from_markers(a);
    merge_contacts(a);
    if ((status = sides_from_alternation(a)) != GAIT_OK ||
        (status = sides_from_names(a)) != GAIT_OK)
        return status;
    check_plate_edges(a);
    step_list steps = {0};
    if ((status = plate_steps(a, &steps)) == GAIT_OK)
        status = marker_steps(a, &steps);
    if (status == GAIT_OK) {
        qsort(steps.items, steps.count, sizeof *steps.items, compare_steps);
        status = find_mass(a, &steps);
    }
    if (status == GAIT_OK)
        status = step_markers(a, &steps);
    double(*curves)[6][GAIT_CURVE_POINTS] = NULL;
    if (status == GAIT_OK)
        status = ankle_steps(a, &steps, &curves);
    double cadence = NAN;
    if (status == GAIT_OK) {
        cadence = cadence_and_step_times(a, &steps);
        a->trial->steps = malloc((steps.count + 1) * sizeof *a->trial->steps);
        if (a->trial->steps == NULL)
            status = gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory");
    }
    if (status == GAIT_OK) {
        for (size_t k = 0; k < steps.count; k++)
            a->trial->steps[k] = steps.items[k].step;
        a->trial->n_steps = steps.count;
        a->trial->curves = curves;
        curves = NULL;
        gait_trial_summarise(a->trial, cadence);
        describe_frame(a);
        status = final_warnings(a);
    }
    free(steps.items);
    free(curves);
    return status;
}

static gait_status run(const gait_analyze_inputs *inputs, const gait_analyze_settings *settings,
                       gait_trial **trial, const char *function)
{
    const gait_c3d *c3d = inputs->c3d;
    const gait_mot *mot = inputs->mot;
    if (trial == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL trial", function);
    *trial = NULL;
    if (c3d == NULL && mot == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL input", function);
    gait_analyze_settings defaults = gait_analyze_settings_default();
    if (settings == NULL)
        settings = &defaults;
    if (!(isfinite(settings->mass_kg) && settings->mass_kg >= 0.0) ||
        !(isfinite(settings->foot_length_m) && settings->foot_length_m >= 0.0) ||
        !(isfinite(settings->stance.cutoff_hz) && settings->stance.cutoff_hz >= 0.0) ||
        !(isfinite(settings->ankle_cutoff_hz) && settings->ankle_cutoff_hz >= 0.0) ||
        !(isfinite(settings->ankle_width_m) && settings->ankle_width_m >= 0.0) ||
        !(isfinite(settings->knee_width_m) && settings->knee_width_m >= 0.0))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: mass_kg %g, foot_length_m %g, cutoff_hz %g, ankle_cutoff_hz %g, "
                         "ankle_width_m %g and knee_width_m %g must be finite and >= 0",
                         function, settings->mass_kg, settings->foot_length_m,
                         settings->stance.cutoff_hz, settings->ankle_cutoff_hz,
                         settings->ankle_width_m, settings->knee_width_m);
    if (gait_moment_frame_name((int)settings->moment_frame) == NULL || settings->plugin_gait < -1 ||
        settings->plugin_gait > 1)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: moment_frame %d or plugin_gait %d out of range",
                         function, (int)settings->moment_frame, settings->plugin_gait);
    analysis a = {0};
    a.settings = settings;
    a.c3d = c3d;
    a.inputs = inputs;
    a.trial = calloc(1, sizeof *a.trial);
    if (a.trial == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory", function);
    a.trial->mass_kg = NAN;
    gait_status status = c3d != NULL ? load_c3d(&a, c3d) : load_mot(&a, mot);
    if (status == GAIT_OK)
        status = analyze(&a);
    free_sources(&a);
    free(a.contacts);
    gait_foot_markers_free(&a.markers);
    gait_marker_table_free(&a.table);
    if (status != GAIT_OK) {
        gait_trial_free(a.trial);
        return status;
    }
    *trial = a.trial;
    return GAIT_OK;
}

gait_status gait_analyze_c3d(const gait_c3d *c3d, const gait_analyze_settings *settings,
                             gait_trial **trial)
{
    if (c3d == NULL) {
        if (trial != NULL)
            *trial = NULL;
        return gait_fail(GAIT_E_INVALID_ARG, "gait_analyze_c3d: NULL c3d");
    }
    gait_analyze_inputs inputs = {c3d, NULL, NULL, NULL, NULL};
    return run(&inputs, settings, trial, "gait_analyze_c3d");
}

gait_status gait_analyze_mot(const gait_mot *mot, const gait_analyze_settings *settings,
                             gait_trial **trial)
{
    if (mot == NULL) {
        if (trial != NULL)
            *trial = NULL;
        return gait_fail(GAIT_E_INVALID_ARG, "gait_analyze_mot: NULL mot");
    }
    gait_analyze_inputs inputs = {NULL, NULL, mot, NULL, NULL};
    return run(&inputs, settings, trial, "gait_analyze_mot");
}

gait_status gait_analyze(const gait_analyze_inputs *inputs, const gait_analyze_settings *settings,
                         gait_trial **trial)
{
    if (inputs == NULL || (inputs->c3d == NULL && inputs->mot == NULL)) {
        if (trial != NULL)
            *trial = NULL;
        return gait_fail(GAIT_E_INVALID_ARG, "gait_analyze: needs a C3D file or a .mot table");
    }
    if (inputs->c3d != NULL && (inputs->mot != NULL || inputs->trc != NULL)) {
        if (trial != NULL)
            *trial = NULL;
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_analyze: give a C3D file, or a TRC + MOT pair, not both");
    }
    return run(inputs, settings, trial, "gait_analyze");
}

void gait_trial_free(gait_trial *trial)
{
    if (trial == NULL)
        return;
    free(trial->steps);
    free(trial->curves);
    free(trial);
}

size_t gait_trial_step_count(const gait_trial *trial)
{
    return trial != NULL ? trial->n_steps : 0;
}

gait_status gait_trial_get_step(const gait_trial *trial, size_t i, gait_step *step)
{
    if (trial == NULL || step == NULL || i >= trial->n_steps)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trial_get_step: NULL or step %zu out of range",
                         i);
    *step = trial->steps[i];
    return GAIT_OK;
}

gait_status gait_trial_get_summary(const gait_trial *trial, gait_trial_summary *summary)
{
    if (trial == NULL || summary == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trial_get_summary: NULL argument");
    *summary = trial->summary;
    return GAIT_OK;
}

double gait_trial_body_mass_kg(const gait_trial *trial, gait_mass_source *source)
{
    if (source != NULL)
        *source = trial != NULL ? trial->mass_source : GAIT_MASS_UNKNOWN;
    return trial != NULL ? trial->mass_kg : NAN;
}

const char *gait_trial_frame(const gait_trial *trial, int *vertical_axis, int *vertical_sign,
                             double progression[3])
{
    if (trial == NULL) {
        if (progression != NULL)
            progression[0] = progression[1] = progression[2] = NAN;
        return "";
    }
    if (vertical_axis != NULL)
        *vertical_axis = trial->vertical_axis;
    if (vertical_sign != NULL)
        *vertical_sign = trial->vertical_sign;
    if (progression != NULL)
        for (int i = 0; i < 3; i++)
            progression[i] = trial->progression[i];
    return trial->frame;
}

const char *gait_trial_warning(const gait_trial *trial, size_t i)
{
    return trial != NULL ? gait_warning(&trial->warnings, i) : NULL;
}

const char *gait_trial_ankle(const gait_trial *trial, gait_moment_frame *moment_frame,
                             int *plugin_gait, const char **problem_right,
                             const char **problem_left)
{
    if (trial == NULL)
        return NULL;
    if (plugin_gait != NULL)
        *plugin_gait = trial->plugin_gait;
    if (moment_frame != NULL)
        *moment_frame = trial->moment_frame;
    if (problem_right != NULL)
        *problem_right = trial->ankle_problem[0];
    if (problem_left != NULL)
        *problem_left = trial->ankle_problem[1];
    return trial->marker_set;
}

gait_status gait_trial_get_ankle_curves(const gait_trial *trial, size_t i, double *angles_deg,
                                        double *moments_nm_kg)
{
    if (trial == NULL || i >= trial->n_steps)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_trial_get_ankle_curves: NULL trial or step %zu out of range", i);
    for (int c = 0; c < 3; c++) {
        for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
            size_t at = (size_t)c * GAIT_CURVE_POINTS + (size_t)p;
            if (angles_deg != NULL)
                angles_deg[at] = trial->curves != NULL ? trial->curves[i][c][p] : NAN;
            if (moments_nm_kg != NULL)
                moments_nm_kg[at] = trial->curves != NULL ? trial->curves[i][3 + c][p] : NAN;
        }
    }
    return GAIT_OK;
}

gait_status gait_trial_append_step(gait_step **steps, size_t *n_steps, const gait_step *step)
{
    size_t n = *n_steps;
    /* capacity is the next power of two at or above n (at least 16): grow when n reaches it */
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
        size_t capacity = n == 0 ? 16 : 2 * n;
        gait_step *grown = realloc(*steps, capacity * sizeof *grown);
        if (grown == NULL)
            return gait_fail(GAIT_E_NOMEM, "out of memory for %zu steps", capacity);
        *steps = grown;
    }
    (*steps)[n] = *step;
    *n_steps = n + 1;
    return GAIT_OK;
}

size_t gait_trial_sensor_count(const gait_trial *trial)
{
    return trial != NULL ? trial->n_sensors : 0;
}

gait_status gait_trial_get_sensor(const gait_trial *trial, size_t i, gait_trial_sensor *sensor)
{
    if (trial == NULL || sensor == NULL || i >= trial->n_sensors)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_trial_get_sensor: NULL or sensor %zu out of "
                         "range",
                         i);
    *sensor = trial->sensors[i];
    return GAIT_OK;
}
