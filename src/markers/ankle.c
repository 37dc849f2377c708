/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ankle angles and moments of a trial, and their per-stance markers.
 *
 * Rules (constants below):
 * - Markers: the preset gait_marker_set_detect() finds. Gaps of up to MAX_GAP_S are bridged by
 *   cubic spline (gait_fill_gaps); longer gaps stay NaN and so do the angles and moments there.
 * - Filtering: markers (at the point rate) and the wrench of each foot (at the analog rate) are
 *   low-passed with the SAME zero-lag 4th-order Butterworth, settings.ankle_cutoff_hz (default
 *   15 Hz, Edwards et al. 2011 for running; Bisseling & Hof 2006: unequal cutoffs make impact
 *   artefacts). The wrench is filtered as force and moment about the lab origin, both linear in
 *   the plate signals, so the centre of pressure is never differentiated or filtered where it is
 *   undefined; the filtered wrench is then taken at each marker frame (linear interpolation in
 *   time; for a C3D this is the analog sample of the frame, as Plug-in Gait does).
 * - Contact at a marker frame: the foot's unfiltered force there is not zero, i.e. the frame lies
 *   in one of the foot's contacts (outside them the trial passes zeros).
 * - Foot inertia: de Leva (1996) with the foot length from the settings, else the median heel ->
 *   toe marker distance; the heel point is the heel marker's median position in the foot frame.
 * - Moments: internal, at the ankle joint centre, resolved in settings.moment_frame (default the
 *   foot frame, as Plug-in Gait), divided by body mass; NaN outside contact.
 * - Static trial: each leg is calibrated from it (gait_leg_calibrate) when its markers allow;
 *   otherwise the dynamic markers alone define the segments and `problem` says so.
 * - Plug-in Gait mode (settings.plugin_gait 1, or -1 when the file holds PiG's PROCESSING
 *   parameters and the markers are the Plug-in Gait set): shank and foot by gait_pig_leg_poses
 *   (ankle centre by the chord function from the ankle width, foot with the static offsets) and
 *   moments in the foot frame; that is how Plug-in Gait's stored moments are made. */
#include "markers/ankle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "core/internal.h"
#include "gait/filter.h"
#include "gait/gapfill.h"
#include "markers/markers.h"

#define MAX_GAP_S 0.1

/* Low-pass n samples of 3-vectors in place (each axis), when the cutoff is below Nyquist. */
static gait_status lowpass3(double *xyz, size_t n, double rate_hz, double cutoff_hz)
{
    if (!(cutoff_hz > 0.0) || !(cutoff_hz < 0.5 * rate_hz) || n < 2)
        return GAIT_OK;
    gait_filter_settings fs = gait_filter_settings_default();
    fs.cutoff_hz = cutoff_hz;
    gait_butterworth filter;
    gait_status status = gait_butterworth_design(&fs, rate_hz, &filter);
    double *column = status == GAIT_OK ? malloc(n * sizeof *column) : NULL;
    if (status == GAIT_OK && column == NULL)
        status = gait_fail(GAIT_E_NOMEM, "ankle: out of memory filtering");
    for (int a = 0; a < 3 && status == GAIT_OK; a++) {
        for (size_t k = 0; k < n; k++)
            column[k] = xyz[3 * k + (size_t)a];
        status = gait_filtfilt(&filter, column, column, n);
        for (size_t k = 0; k < n && status == GAIT_OK; k++)
            xyz[3 * k + (size_t)a] = column[k];
    }
    free(column);
    return status;
}

/* Bridge short gaps in each axis of n 3-vectors. */
static gait_status fill3(double *xyz, size_t n, size_t max_gap)
{
    double *column = malloc(n * sizeof *column);
    if (column == NULL)
        return gait_fail(GAIT_E_NOMEM, "ankle: out of memory filling gaps");
    gait_status status = GAIT_OK;
    for (int a = 0; a < 3 && status == GAIT_OK; a++) {
        for (size_t k = 0; k < n; k++)
            column[k] = xyz[3 * k + (size_t)a];
        status = gait_fill_gaps(column, n, max_gap, NULL);
        for (size_t k = 0; k < n && status == GAIT_OK; k++)
            xyz[3 * k + (size_t)a] = column[k];
    }
    free(column);
    return status;
}

/* The landmarks of one leg copied out of the table (gaps bridged, filtered when cutoff > 0). */
typedef struct leg_copy {
    gait_leg_markers view;
    double *data[GAIT_LANDMARK_COUNT];
} leg_copy;

static void leg_copy_free(leg_copy *leg)
{
    for (int l = 0; l < GAIT_LANDMARK_COUNT; l++)
        free(leg->data[l]);
    memset(leg, 0, sizeof *leg);
}

static gait_status leg_copy_make(const gait_marker_table *table, const gait_marker_set *set,
                                 int side, double cutoff_hz, leg_copy *leg)
{
    memset(leg, 0, sizeof *leg);
    leg->view.n_frames = table->n_frames;
    const size_t n = table->n_frames;
    const size_t max_gap = (size_t)(MAX_GAP_S * table->rate_hz + 1e-9);
    gait_status status = GAIT_OK;
    for (int l = 0; l < GAIT_LANDMARK_COUNT && status == GAIT_OK; l++) {
        const double *xyz = gait_marker_table_xyz(table, set->marker[side][l]);
        if (xyz == NULL)
            continue;
        leg->data[l] = malloc(3 * n * sizeof *leg->data[l]);
        if (leg->data[l] == NULL) {
            status = gait_fail(GAIT_E_NOMEM, "ankle: out of memory for markers");
            break;
        }
        memcpy(leg->data[l], xyz, 3 * n * sizeof *xyz);
        if (n >= 2)
            status = fill3(leg->data[l], n, max_gap);
        if (status == GAIT_OK)
            status = lowpass3(leg->data[l], n, table->rate_hz, cutoff_hz);
        leg->view.xyz_m[l] = leg->data[l];
    }
    if (status != GAIT_OK)
        leg_copy_free(leg);
    return status;
}

/* Median of the finite values among n (NaN when none); reorders values (GSL's quickselect). */
static double median_of(double *values, size_t n)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(values[k]))
            values[m++] = values[k];
    return m > 0 ? gsl_stats_median(values, 1, m) : NAN;
}

/* Foot length (median heel -> toe marker distance) and the heel marker in the foot frame. */
static gait_status foot_geometry(const leg_copy *leg, const double *foot_rotation,
                                 const double *foot_origin, size_t n, double *length_m,
                                 double heel_local[3])
{
    *length_m = NAN;
    heel_local[0] = heel_local[1] = heel_local[2] = NAN;
    const double *heel = leg->view.xyz_m[GAIT_LM_HEEL], *toe = leg->view.xyz_m[GAIT_LM_TOE];
    if (heel == NULL)
        return GAIT_OK;
    double *scratch = malloc(4 * n * sizeof *scratch);
    if (scratch == NULL)
        return gait_fail(GAIT_E_NOMEM, "ankle: out of memory");
    for (size_t k = 0; k < n; k++) {
        const double *r = foot_rotation + 9 * k;
        gait_vec3 d = gait_vec3_make(heel[3 * k] - foot_origin[3 * k],
                                     heel[3 * k + 1] - foot_origin[3 * k + 1],
                                     heel[3 * k + 2] - foot_origin[3 * k + 2]);
        /* R^T d: the heel in foot axes */
        for (int a = 0; a < 3; a++)
            scratch[(size_t)a * n + k] = r[a] * d.x + r[3 + a] * d.y + r[6 + a] * d.z;
        if (toe != NULL) {
            double dx = toe[3 * k] - heel[3 * k], dy = toe[3 * k + 1] - heel[3 * k + 1],
                   dz = toe[3 * k + 2] - heel[3 * k + 2];
            scratch[3 * n + k] = sqrt(dx * dx + dy * dy + dz * dz);
        } else {
            scratch[3 * n + k] = NAN;
        }
    }
    for (int a = 0; a < 3; a++)
        heel_local[a] = median_of(scratch + (size_t)a * n, n);
    *length_m = median_of(scratch + 3 * n, n);
    free(scratch);
    return GAIT_OK;
}

/* The foot's wrench at each marker frame: filtered copy of the analog arrays, interpolated. */
static gait_status wrench_at_frames(const gait_ankle_input *in, int side, size_t n_frames,
                                    double rate_hz, double t0_s, double *force, double *moment,
                                    double *point)
{
    const size_t na = in->n_analog;
    double *f = malloc(3 * na * sizeof *f), *m = malloc(3 * na * sizeof *m);
    gait_status status = GAIT_OK;
    if (f == NULL || m == NULL)
        status = gait_fail(GAIT_E_NOMEM, "ankle: out of memory for forces");
    if (status == GAIT_OK) {
        memcpy(f, in->force_n[side], 3 * na * sizeof *f);
        memcpy(m, in->moment_origin_nm[side], 3 * na * sizeof *m);
        double cutoff = in->settings->ankle_cutoff_hz;
        status = lowpass3(f, na, in->analog_rate_hz, cutoff);
        if (status == GAIT_OK)
            status = lowpass3(m, na, in->analog_rate_hz, cutoff);
    }
    for (size_t k = 0; k < n_frames && status == GAIT_OK; k++) {
        double x = (t0_s + (double)k / rate_hz - in->analog_t0_s) * in->analog_rate_hz;
        long j = (long)floor(x + 1e-9);
        double w = x - (double)j;
        if (w < 1e-9)
            w = 0.0;
        int inside = j >= 0 && (size_t)j < na && (w == 0.0 || (size_t)j + 1 < na);
        const double *raw = in->force_n[side];
        int contact = inside && (raw[3 * (size_t)j] != 0.0 || raw[3 * (size_t)j + 1] != 0.0 ||
                                 raw[3 * (size_t)j + 2] != 0.0);
        for (int a = 0; a < 3; a++) {
            size_t i0 = 3 * (size_t)(inside ? j : 0) + (size_t)a;
            size_t i1 = w > 0.0 ? i0 + 3 : i0;
            force[3 * k + (size_t)a] = contact ? (1.0 - w) * f[i0] + w * f[i1] : 0.0;
            moment[3 * k + (size_t)a] = contact ? (1.0 - w) * m[i0] + w * m[i1] : 0.0;
            /* The wrench acts as a force through the lab origin plus the moment about it, which
             * is the same wrench as the force at the COP plus the free moment. */
            point[3 * k + (size_t)a] = contact ? 0.0 : NAN;
        }
    }
    free(f), free(m);
    return status;
}

static void heading_of(gait_vec3 up, gait_vec3 forward, double heading[9])
{
    gait_vec3 left = gait_vec3_cross(up, forward);
    const gait_vec3 axes[3] = {forward, left, up};
    for (int j = 0; j < 3; j++) {
        heading[j] = axes[j].x;
        heading[3 + j] = axes[j].y;
        heading[6 + j] = axes[j].z;
    }
}

/* Moments of one side, per frame, in N·m/kg (NaN outside contact). */
static gait_status side_moments(const gait_ankle_input *in, int side, const leg_copy *leg,
                                const double *shank_r, const double *foot_r, const double *foot_o,
                                gait_ankle_series *out)
{
    const size_t n = out->n_frames;
    if (in->force_n[side] == NULL || in->n_analog == 0) {
        snprintf(out->problem[side], sizeof out->problem[side], "no force under this foot");
        return GAIT_OK;
    }
    if (!(in->mass_kg > 0.0)) {
        snprintf(out->problem[side], sizeof out->problem[side], "body mass unknown");
        return GAIT_OK;
    }
    double length = in->settings->foot_length_m, heel_local[3], marker_length;
    gait_status status = foot_geometry(leg, foot_r, foot_o, n, &marker_length, heel_local);
    if (status != GAIT_OK)
        return status;
    if (!(length > 0.0))
        length = marker_length;
    if (!(length > 0.0) || !isfinite(heel_local[0])) {
        snprintf(out->problem[side], sizeof out->problem[side],
                 "no heel and toe markers to size the foot");
        return GAIT_OK;
    }
    gait_foot_dynamics_input d = {0};
    d.n_frames = n;
    d.rate_hz = out->rate_hz;
    d.foot_rotation = foot_r;
    d.ajc_m = foot_o;
    d.gravity_mps2[0] = -GAIT_GRAVITY_MPS2 * in->up.x;
    d.gravity_mps2[1] = -GAIT_GRAVITY_MPS2 * in->up.y;
    d.gravity_mps2[2] = -GAIT_GRAVITY_MPS2 * in->up.z;
    status = gait_foot_inertia_de_leva(in->mass_kg, length, heel_local, &d.inertia);
    if (status != GAIT_OK) {
        snprintf(out->problem[side], sizeof out->problem[side], "%s", gait_last_error_detail());
        return GAIT_OK;
    }
    double *buffer = malloc(12 * n * sizeof *buffer);
    if (buffer == NULL)
        return gait_fail(GAIT_E_NOMEM, "ankle: out of memory for moments");
    double *force = buffer, *moment = buffer + 3 * n, *point = buffer + 6 * n,
           *lab = buffer + 9 * n;
    status = wrench_at_frames(in, side, n, out->rate_hz, out->t0_s, force, moment, point);
    d.force_n = force;
    d.cop_m = point;
    d.free_moment_nm = moment;
    if (status == GAIT_OK)
        status = gait_foot_inverse_dynamics(&d, lab, NULL);
    double heading[9];
    const gait_vec3 forward = in->forward;
    int have_heading = isfinite(forward.x) && isfinite(forward.y) && isfinite(forward.z);
    if (status == GAIT_OK && out->frame == GAIT_MOMENT_LAB && !have_heading) {
        snprintf(out->problem[side], sizeof out->problem[side],
                 "no direction of progression for lab-frame moments");
        free(buffer);
        return GAIT_OK;
    }
    if (have_heading)
        heading_of(in->up, forward, heading);
    if (status == GAIT_OK)
        status = gait_ankle_moment_resolve(n, side, out->frame, lab, shank_r, foot_r,
                                           have_heading ? heading : NULL, out->moment_nm_kg[side]);
    for (size_t k = 0; k < 3 * n && status == GAIT_OK; k++)
        out->moment_nm_kg[side][k] =
            isnan(point[k - k % 3]) ? NAN : out->moment_nm_kg[side][k] / in->mass_kg;
    free(buffer);
    return status;
}

static gait_status run_side(const gait_ankle_input *in, const gait_marker_set *set,
                            const gait_marker_set *static_set, int side, gait_ankle_series *out)
{
    const size_t n = out->n_frames;
    leg_copy leg, fixed = {0};
    gait_status status = leg_copy_make(in->markers, set, side, in->settings->ankle_cutoff_hz, &leg);
    if (status != GAIT_OK)
        return status;
    gait_leg_calibration calibration;
    int calibrated = 0;
    if (static_set != NULL) {
        status = leg_copy_make(in->static_markers, static_set, side, 0.0, &fixed);
        const double up[3] = {in->up.x, in->up.y, in->up.z};
        if (status == GAIT_OK) {
            gait_status s = gait_leg_calibrate(&fixed.view, side, up, &calibration);
            calibrated = s == GAIT_OK;
            if (!calibrated)
                snprintf(out->problem[side], sizeof out->problem[side], "static trial not used: %s",
                         gait_last_error_detail());
        }
        leg_copy_free(&fixed);
    }
    double *poses = status == GAIT_OK ? malloc(24 * n * sizeof *poses) : NULL;
    if (status == GAIT_OK && poses == NULL)
        status = gait_fail(GAIT_E_NOMEM, "ankle: out of memory for poses");
    double *shank_r = poses, *shank_o = poses ? poses + 9 * n : NULL,
           *foot_r = poses ? poses + 12 * n : NULL, *foot_o = poses ? poses + 21 * n : NULL;
    if (status == GAIT_OK) {
        gait_status s = out->plugin_gait
                            ? gait_pig_leg_poses(&leg.view, side, &in->pig[side], shank_r, shank_o,
                                                 foot_r, foot_o)
                            : gait_leg_poses(&leg.view, side, calibrated ? &calibration : NULL,
                                             &in->leg[side], shank_r, shank_o, foot_r, foot_o);
        if (s == GAIT_E_NOMEM)
            status = s;
        else if (s != GAIT_OK)
            snprintf(out->problem[side], sizeof out->problem[side], "%s", gait_last_error_detail());
        else
            out->has_side[side] = 1;
    }
    if (status == GAIT_OK && out->has_side[side])
        status = gait_ankle_angles(n, side, shank_r, foot_r, out->angles_deg[side]);
    if (status == GAIT_OK && out->has_side[side])
        status = side_moments(in, side, &leg, shank_r, foot_r, foot_o, out);
    free(poses);
    leg_copy_free(&leg);
    return status;
}

gait_status gait_ankle_run(const gait_ankle_input *in, gait_ankle_series *out)
{
    memset(out, 0, sizeof *out);
    const gait_marker_table *table = in->markers;
    out->n_frames = table->n_frames;
    out->rate_hz = table->rate_hz;
    out->t0_s = table->t0_s;
    out->frame = in->settings->moment_frame;
    const size_t n = table->n_frames;
    for (int side = 0; side < 2; side++) {
        out->angles_deg[side] = malloc(3 * n * sizeof(double));
        out->moment_nm_kg[side] = malloc(3 * n * sizeof(double));
        if (out->angles_deg[side] == NULL || out->moment_nm_kg[side] == NULL) {
            gait_ankle_free(out);
            return gait_fail(GAIT_E_NOMEM, "ankle: out of memory for %zu frames", n);
        }
        for (size_t k = 0; k < 3 * n; k++)
            out->angles_deg[side][k] = out->moment_nm_kg[side][k] = NAN;
    }
    gait_marker_set set, static_set;
    if (gait_marker_set_detect(table->labels, table->n_markers, &set) != GAIT_OK) {
        for (int side = 0; side < 2; side++)
            snprintf(out->problem[side], sizeof out->problem[side], "%s", gait_last_error_detail());
        return GAIT_OK;
    }
    snprintf(out->marker_set, sizeof out->marker_set, "%s", set.preset);
    int pig_markers = strcmp(set.preset, "plug-in-gait") == 0;
    out->plugin_gait = in->settings->plugin_gait > 0 ||
                       (in->settings->plugin_gait < 0 && in->has_pig_parameters && pig_markers);
    out->frame = out->plugin_gait ? GAIT_MOMENT_FOOT : in->settings->moment_frame;
    int have_static = in->static_markers != NULL &&
                      gait_marker_set_detect(in->static_markers->labels,
                                             in->static_markers->n_markers, &static_set) == GAIT_OK;
    gait_status status = GAIT_OK;
    for (int side = 0; side < 2 && status == GAIT_OK; side++)
        status = run_side(in, &set, have_static ? &static_set : NULL, side, out);
    if (status != GAIT_OK)
        gait_ankle_free(out);
    return status;
}

void gait_ankle_free(gait_ankle_series *series)
{
    if (series == NULL)
        return;
    for (int side = 0; side < 2; side++) {
        free(series->angles_deg[side]);
        free(series->moment_nm_kg[side]);
        series->angles_deg[side] = series->moment_nm_kg[side] = NULL;
    }
}

/* Linear interpolation of component c of a 3-vector series at time t (NaN outside). */
static double series_at(const gait_ankle_series *s, const double *xyz, int c, double t)
{
    double x = (t - s->t0_s) * s->rate_hz;
    if (!(x >= -1e-9) || !(x <= (double)(s->n_frames - 1) + 1e-9))
        return NAN;
    size_t k = (size_t)floor(x + 1e-9);
    if (k >= s->n_frames - 1)
        return xyz[3 * (s->n_frames - 1) + (size_t)c];
    double w = x - (double)k;
    return (1.0 - w) * xyz[3 * k + (size_t)c] + w * xyz[3 * (k + 1) + (size_t)c];
}

/* Largest value of sign * component c over the frames in [a_s, b_s], NaN when a frame inside is
 * missing (a peak over part of a stance would be a different number). Missing frames at either
 * end are skipped: the first and last frames of a stance can fall where the force is still below
 * the threshold that defines its centre of pressure. */
static double peak_over(const gait_ankle_series *s, const double *xyz, int c, double sign,
                        double a_s, double b_s)
{
    long first = (long)ceil((a_s - s->t0_s) * s->rate_hz - 1e-9);
    long last = (long)floor((b_s - s->t0_s) * s->rate_hz + 1e-9);
    if (first < 0 || last >= (long)s->n_frames || last < first)
        return NAN;
    while (first <= last && !isfinite(xyz[3 * (size_t)first + (size_t)c]))
        first++;
    while (last >= first && !isfinite(xyz[3 * (size_t)last + (size_t)c]))
        last--;
    /* more than a tenth of the stance missing at its ends is not a stance's peak */
    if (last < first || (double)(last - first + 1) < 0.9 * (b_s - a_s) * s->rate_hz - 2.0)
        return NAN;
    double best = -INFINITY;
    for (long k = first; k <= last; k++) {
        double v = sign * xyz[3 * (size_t)k + (size_t)c];
        if (!isfinite(v))
            return NAN;
        best = v > best ? v : best;
    }
    return best;
}

void gait_ankle_step(const gait_ankle_series *series, gait_step *step,
                     double curves[6][GAIT_CURVE_POINTS])
{
    step->ankle_inversion_moment_peak_nm_kg = NAN;
    step->ankle_eversion_moment_peak_nm_kg = NAN;
    step->ankle_plantarflexion_moment_peak_nm_kg = NAN;
    step->ankle_external_rotation_peak_deg = NAN;
    step->ankle_eversion_peak_deg = NAN;
    step->ankle_dorsiflexion_ic_deg = NAN;
    if (curves != NULL)
        for (int v = 0; v < 6; v++)
            for (int p = 0; p < GAIT_CURVE_POINTS; p++)
                curves[v][p] = NAN;
    int side = step->side;
    double a = step->ic_s, b = step->to_s;
    if (series == NULL || series->n_frames < 2 || (side != 0 && side != 1) ||
        !series->has_side[side] || !isfinite(a) || !isfinite(b) || !(b > a))
        return;
    const double *angles = series->angles_deg[side], *moments = series->moment_nm_kg[side];
    step->ankle_external_rotation_peak_deg = peak_over(series, angles, 2, -1.0, a, b);
    step->ankle_eversion_peak_deg = peak_over(series, angles, 1, -1.0, a, b);
    step->ankle_dorsiflexion_ic_deg = series_at(series, angles, 0, a);
    step->ankle_plantarflexion_moment_peak_nm_kg = peak_over(series, moments, 0, 1.0, a, b);
    step->ankle_inversion_moment_peak_nm_kg = peak_over(series, moments, 1, 1.0, a, b);
    step->ankle_eversion_moment_peak_nm_kg = peak_over(series, moments, 1, -1.0, a, b);
    if (curves == NULL)
        return;
    for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
        double t = a + (b - a) * (double)p / (GAIT_CURVE_POINTS - 1);
        for (int c = 0; c < 3; c++) {
            curves[c][p] = series_at(series, angles, c, t);
            curves[3 + c][p] = series_at(series, moments, c, t);
        }
    }
}
