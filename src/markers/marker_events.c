/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Foot and pelvis markers of a recording by their common names, trajectory sampling, and Zeni-style
 * marker events (Zeni JA, Richards JG, Higginson JS (2008) Two simple methods for determining
 * gait events during treadmill and overground walking using kinematic data. Gait Posture
 * 27:710-714).
 *
 * Markers come from a gait_marker_table (C3D points or a TRC file). Heel, toe and lateral
 * malleolus come from the marker set gait_marker_set_detect() finds when it names a heel and a
 * toe on that side, else from these names:
 *
 * Names tried (each with the side prefixes R, R_, R., Right, Right_, r_ and the L equivalents,
 * after any "Subject:" prefix):
 *   heel   HEE HEEL FCC CAL CALC Heel       (Plug-in Gait, Vicon, Qualisys, OpenSim, Cortex)
 *   toe    TOE Toe TOE2 FM2 MT2 TT           else the midpoint of MT1 and MT5:
 *   MT1    MT1 P1MT FM1 MH1 MET1             MT5  MT5 P5MT FM5 MH5 MET5
 *   ankle  ANK LMAL LMALL FAL LM MALL Ankle  (lateral malleolus)
 *   pelvis SACR SACRUM S1, else the midpoint of LPSI/RPSI (L_IPS/R_IPS, LPSIS/RPSIS), else of
 *          LASI/RASI (L_IAS/R_IAS, LASIS/RASIS). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "core/array.h"
#include "core/internal.h"
#include "gait/filter.h"
#include "gait/kinematics.h"
#include "markers/marker_table.h"
#include "markers/markers.h"

static const char *const side_prefixes[2][6] = {{"R", "R_", "R.", "Right", "Right_", "r_"},
                                                {"L", "L_", "L.", "Left", "Left_", "l_"}};
static const char *const heel_names[] = {"HEE", "HEEL", "FCC", "CAL", "CALC", "Heel", NULL};
static const char *const toe_names[] = {"TOE", "Toe", "TOE2", "FM2", "MT2", "TT", NULL};
static const char *const mt1_names[] = {"MT1", "P1MT", "FM1", "MH1", "MET1", NULL};
static const char *const mt5_names[] = {"MT5", "P5MT", "FM5", "MH5", "MET5", NULL};
static const char *const ankle_names[] = {"ANK", "LMAL", "LMALL", "FAL",
                                          "LM",  "MALL", "Ankle", NULL};
static const char *const sacrum_names[] = {"SACR", "SACRUM", "S1", NULL};
static const char *const psis_pairs[][2] = {
    {"LPSI", "RPSI"}, {"L_IPS", "R_IPS"}, {"LPSIS", "RPSIS"}, {NULL, NULL}};
static const char *const asis_pairs[][2] = {
    {"LASI", "RASI"}, {"L_IAS", "R_IAS"}, {"LASIS", "RASIS"}, {NULL, NULL}};

static int find_label(const gait_marker_table *table, const char *label, size_t *index)
{
    return gait_marker_table_find(table, label, index);
}

/* Point index of a side's marker by any of the names; writes the label found. */
static int find_side_marker(const gait_marker_table *c3d, int side, const char *const *names,
                            char found[64], size_t *index)
{
    for (size_t k = 0; names[k] != NULL; k++) {
        for (size_t p = 0; p < 6; p++) {
            char label[64];
            snprintf(label, sizeof label, "%s%s", side_prefixes[side][p], names[k]);
            if (find_label(c3d, label, index)) {
                snprintf(found, 64, "%s", label);
                return 1;
            }
        }
    }
    return 0;
}

static gait_status filter_trajectory(gait_trajectory *tr, double cutoff_hz)
{
    if (!(cutoff_hz > 0.0) || !(cutoff_hz < 0.5 * tr->rate_hz) || tr->n_frames < 2)
        return GAIT_OK;
    gait_filter_settings fs = gait_filter_settings_default();
    fs.cutoff_hz = cutoff_hz;
    gait_butterworth filter;
    gait_status status = gait_butterworth_design(&fs, tr->rate_hz, &filter);
    double *column = malloc(tr->n_frames * sizeof *column);
    if (status == GAIT_OK && column == NULL)
        status = gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory filtering markers");
    for (int a = 0; a < 3 && status == GAIT_OK; a++) {
        for (size_t k = 0; k < tr->n_frames; k++)
            column[k] = tr->xyz[3 * k + a];
        status = gait_filtfilt(&filter, column, column, tr->n_frames);
        for (size_t k = 0; k < tr->n_frames && status == GAIT_OK; k++)
            tr->xyz[3 * k + a] = column[k];
    }
    free(column);
    return status;
}

/* A copy of marker `index` of the table. */
static gait_status read_point(const gait_marker_table *table, size_t index, gait_trajectory *tr)
{
    tr->n_frames = table->n_frames;
    tr->rate_hz = table->rate_hz;
    tr->t0_s = table->t0_s;
    tr->xyz = malloc(3 * table->n_frames * sizeof *tr->xyz);
    if (tr->xyz == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze: out of memory for a marker");
    memcpy(tr->xyz, gait_marker_table_xyz(table, (long)index),
           3 * table->n_frames * sizeof(double));
    return GAIT_OK;
}

/* tr = midpoint of the markers a and b (NaN where either is missing). */
static gait_status read_midpoint(const gait_marker_table *table, size_t a, size_t b,
                                 gait_trajectory *tr)
{
    gait_status status = read_point(table, a, tr);
    const double *other = gait_marker_table_xyz(table, (long)b);
    if (status == GAIT_OK)
        for (size_t k = 0; k < 3 * tr->n_frames; k++)
            tr->xyz[k] = 0.5 * (tr->xyz[k] + other[k]);
    return status;
}

gait_status gait_foot_markers_read(const gait_marker_table *c3d, double cutoff_hz,
                                   gait_foot_markers *m)
{
    memset(m, 0, sizeof *m);
    gait_status status = GAIT_OK;
    if (c3d == NULL || c3d->n_markers == 0 || c3d->n_frames == 0 || !(c3d->rate_hz > 0.0))
        return status;
    size_t index, other;
    /* A known marker set first (gait/kinematics.h presets), then the common names. */
    gait_marker_set set;
    int have_set = gait_marker_set_detect(c3d->labels, c3d->n_markers, &set) == GAIT_OK;
    for (int side = 0; side < 2 && status == GAIT_OK; side++) {
        const long *lm = have_set ? set.marker[side] : NULL;
        if (lm != NULL && lm[GAIT_LM_HEEL] >= 0 && lm[GAIT_LM_TOE] >= 0) {
            snprintf(m->heel_name[side], 64, "%s", c3d->labels[lm[GAIT_LM_HEEL]]);
            snprintf(m->toe_name[side], 64, "%s", c3d->labels[lm[GAIT_LM_TOE]]);
            status = read_point(c3d, (size_t)lm[GAIT_LM_HEEL], &m->heel[side]);
            if (status == GAIT_OK)
                status = read_point(c3d, (size_t)lm[GAIT_LM_TOE], &m->toe[side]);
            if (status == GAIT_OK && lm[GAIT_LM_LAT_MALLEOLUS] >= 0) {
                snprintf(m->ankle_name[side], 64, "%s", c3d->labels[lm[GAIT_LM_LAT_MALLEOLUS]]);
                status = read_point(c3d, (size_t)lm[GAIT_LM_LAT_MALLEOLUS], &m->ankle[side]);
            }
            continue;
        }
        if (find_side_marker(c3d, side, heel_names, m->heel_name[side], &index))
            status = read_point(c3d, index, &m->heel[side]);
        if (status == GAIT_OK &&
            find_side_marker(c3d, side, ankle_names, m->ankle_name[side], &index))
            status = read_point(c3d, index, &m->ankle[side]);
        char mt1[64], mt5[64];
        if (status != GAIT_OK)
            break;
        if (find_side_marker(c3d, side, toe_names, m->toe_name[side], &index))
            status = read_point(c3d, index, &m->toe[side]);
        else if (find_side_marker(c3d, side, mt1_names, mt1, &index) &&
                 find_side_marker(c3d, side, mt5_names, mt5, &other)) {
            snprintf(m->toe_name[side], sizeof m->toe_name[side], "mid %.12s-%.12s", mt1, mt5);
            status = read_midpoint(c3d, index, other, &m->toe[side]);
        }
    }
    if (status == GAIT_OK) {
        int found = 0;
        for (size_t k = 0; sacrum_names[k] != NULL && !found; k++) {
            if (find_label(c3d, sacrum_names[k], &index)) {
                snprintf(m->pelvis_name, sizeof m->pelvis_name, "%s", sacrum_names[k]);
                status = read_point(c3d, index, &m->pelvis);
                found = 1;
            }
        }
        for (int set = 0; set < 2 && !found && status == GAIT_OK; set++) {
            const char *const(*pairs)[2] = set == 0 ? psis_pairs : asis_pairs;
            for (size_t k = 0; pairs[k][0] != NULL && !found; k++) {
                if (find_label(c3d, pairs[k][0], &index) && find_label(c3d, pairs[k][1], &other)) {
                    snprintf(m->pelvis_name, sizeof m->pelvis_name, "mid %s-%s", pairs[k][0],
                             pairs[k][1]);
                    status = read_midpoint(c3d, index, other, &m->pelvis);
                    found = 1;
                }
            }
        }
    }
    gait_trajectory *all[7] = {&m->heel[0],  &m->heel[1],  &m->toe[0], &m->toe[1],
                               &m->ankle[0], &m->ankle[1], &m->pelvis};
    for (int k = 0; k < 7 && status == GAIT_OK; k++)
        if (all[k]->xyz != NULL)
            status = filter_trajectory(all[k], cutoff_hz);
    if (status != GAIT_OK)
        gait_foot_markers_free(m);
    return status;
}

void gait_foot_markers_free(gait_foot_markers *m)
{
    if (m == NULL)
        return;
    gait_trajectory *all[7] = {&m->heel[0],  &m->heel[1],  &m->toe[0], &m->toe[1],
                               &m->ankle[0], &m->ankle[1], &m->pelvis};
    for (int k = 0; k < 7; k++)
        free(all[k]->xyz);
    memset(m, 0, sizeof *m);
}

static gait_vec3 frame_at(const gait_trajectory *tr, size_t k)
{
    return gait_vec3_make(tr->xyz[3 * k], tr->xyz[3 * k + 1], tr->xyz[3 * k + 2]);
}

static int finite3(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

int gait_trajectory_at(const gait_trajectory *tr, double t, gait_vec3 *p)
{
    *p = gait_vec3_make(NAN, NAN, NAN);
    if (tr == NULL || tr->xyz == NULL || tr->n_frames == 0 || !isfinite(t))
        return 0;
    double x = (t - tr->t0_s) * tr->rate_hz;
    if (x < 0.0 || x > (double)(tr->n_frames - 1))
        return 0;
    size_t k = (size_t)floor(x);
    if (k >= tr->n_frames - 1)
        k = tr->n_frames > 1 ? tr->n_frames - 2 : 0;
    double f = tr->n_frames > 1 ? x - (double)k : 0.0;
    gait_vec3 a = frame_at(tr, k), b = tr->n_frames > 1 ? frame_at(tr, k + 1) : a;
    if (!finite3(a) || !finite3(b))
        return 0;
    *p = gait_vec3_add(gait_vec3_scale(a, 1.0 - f), gait_vec3_scale(b, f));
    return 1;
}

size_t gait_trajectory_fit(const gait_trajectory *tr, double a_s, double b_s, gait_vec3 *centre,
                           gait_vec3 *velocity)
{
    *centre = *velocity = gait_vec3_make(NAN, NAN, NAN);
    if (tr == NULL || tr->xyz == NULL || tr->n_frames == 0 || !(b_s >= a_s))
        return 0;
    double mid = 0.5 * (a_s + b_s);
    double first = ceil((a_s - tr->t0_s) * tr->rate_hz - 1e-9);
    double last = floor((b_s - tr->t0_s) * tr->rate_hz + 1e-9);
    if (first < 0.0)
        first = 0.0;
    if (last > (double)(tr->n_frames - 1))
        last = (double)(tr->n_frames - 1);
    size_t used = 0;
    double st = 0, stt = 0, sp[3] = {0}, stp[3] = {0};
    for (double x = first; x <= last; x += 1.0) {
        gait_vec3 p = frame_at(tr, (size_t)x);
        if (!finite3(p))
            continue;
        double t = tr->t0_s + x / tr->rate_hz - mid;
        const double v[3] = {p.x, p.y, p.z};
        st += t;
        stt += t * t;
        for (int c = 0; c < 3; c++) {
            sp[c] += v[c];
            stp[c] += t * v[c];
        }
        used++;
    }
    if (used == 0)
        return 0;
    double n = (double)used, det = n * stt - st * st;
    double slope[3], value[3];
    for (int c = 0; c < 3; c++) {
        slope[c] = used >= 2 && det > 0.0 ? (n * stp[c] - st * sp[c]) / det : NAN;
        value[c] = used >= 2 && det > 0.0 ? (sp[c] - slope[c] * st) / n : sp[c] / n;
    }
    *centre = gait_vec3_make(value[0], value[1], value[2]);
    *velocity = gait_vec3_make(slope[0], slope[1], slope[2]);
    return used;
}

/* ---- Zeni events ---- */

typedef struct time_list {
    double *t;
    size_t count, capacity;
} time_list;

static gait_status push_time(time_list *list, double t)
{
    double *items = gait_array_reserve(list->t, &list->capacity, list->count, sizeof *items, 16);
    if (items == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_zeni_events: out of memory");
    list->t = items;
    list->t[list->count++] = t;
    return GAIT_OK;
}

/* Times of the maxima of sign * s over its lobes (see markers.h). */
static gait_status lobe_extrema(const double *s, size_t n, double rate_hz, double t0_s, double sign,
                                time_list *out)
{
    gait_status status = GAIT_OK;
    double *scratch = malloc((n > 0 ? n : 1) * sizeof *scratch);
    if (scratch == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_zeni_events: out of memory");
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(s[k]))
            scratch[m++] = sign * s[k];
    if (m < 5) {
        free(scratch);
        return GAIT_OK;
    }
    /* Order statistics by GSL's quickselect (O(n) each) rather than a full sort. */
    double lo = gsl_stats_select(scratch, 1, m, (size_t)(0.05 * (double)(m - 1)));
    double hi = gsl_stats_select(scratch, 1, m, (size_t)(0.95 * (double)(m - 1)));
    double median = gsl_stats_median(scratch, 1, m);
    free(scratch);
    double half = 0.5 * (hi - lo);
    if (!(half > 0.0))
        return GAIT_OK;
    double enter = median + 0.25 * half, leave = median - 0.25 * half;
    enum { UNKNOWN, LOW, HIGH } state = UNKNOWN;
    size_t lobe_start = 0;
    for (size_t k = 0; k <= n; k++) {
        int finite = k < n && isfinite(s[k]);
        double v = finite ? sign * s[k] : NAN;
        if (!finite) {
            state = UNKNOWN; /* a lobe cut by a gap or the end is skipped */
            continue;
        }
        if (state == HIGH && v < leave) {
            size_t best = lobe_start;
            for (size_t j = lobe_start; j < k; j++)
                if (sign * s[j] > sign * s[best])
                    best = j;
            double offset = 0.0;
            if (best > 0 && best + 1 < n && isfinite(s[best - 1]) && isfinite(s[best + 1])) {
                double a = sign * s[best - 1], b = sign * s[best], c = sign * s[best + 1];
                double curvature = a - 2.0 * b + c;
                if (curvature < 0.0)
                    offset = 0.5 * (a - c) / curvature;
                if (fabs(offset) > 1.0)
                    offset = 0.0;
            }
            status = push_time(out, t0_s + ((double)best + offset) / rate_hz);
            if (status != GAIT_OK)
                return status;
            state = LOW;
        } else if (state != HIGH && v < leave) {
            state = LOW;
        } else if (state == LOW && v > enter) {
            state = HIGH;
            lobe_start = k;
        }
    }
    return GAIT_OK;
}

gait_status gait_zeni_events(const gait_trajectory *heel, const gait_trajectory *toe,
                             const gait_trajectory *pelvis, gait_vec3 forward, double **ic_s,
                             size_t *n_ic, double **to_s, size_t *n_to)
{
    *ic_s = *to_s = NULL;
    *n_ic = *n_to = 0;
    if (heel == NULL || toe == NULL || pelvis == NULL || heel->xyz == NULL || toe->xyz == NULL ||
        pelvis->xyz == NULL || !finite3(forward))
        return GAIT_OK;
    size_t n = pelvis->n_frames;
    double *signal = malloc(n * sizeof *signal);
    if (signal == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_zeni_events: out of memory");
    time_list ics = {0}, tos = {0};
    gait_status status = GAIT_OK;
    for (int pass = 0; pass < 2 && status == GAIT_OK; pass++) {
        const gait_trajectory *foot = pass == 0 ? heel : toe;
        for (size_t k = 0; k < n; k++) {
            signal[k] =
                k < foot->n_frames
                    ? gait_vec3_dot(gait_vec3_sub(frame_at(foot, k), frame_at(pelvis, k)), forward)
                    : NAN;
        }
        status = lobe_extrema(signal, n, pelvis->rate_hz, pelvis->t0_s, pass == 0 ? 1.0 : -1.0,
                              pass == 0 ? &ics : &tos);
    }
    free(signal);
    if (status != GAIT_OK) {
        free(ics.t);
        free(tos.t);
        return status;
    }
    *ic_s = ics.t;
    *n_ic = ics.count;
    *to_s = tos.t;
    *n_to = tos.count;
    return GAIT_OK;
}
