/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait report INPUT -o report.html: one self-contained HTML page (inline CSS and SVG, no script,
 * nothing fetched) of a recording, analysed here, or of a `gait batch` output directory.
 *
 * Sections: the vertical ground reaction force (the plates summed; or the sagittal angular
 * velocity of each IMU) with stance shaded and IC/TO marked, for a batch the contact time per file
 * instead; the ankle angle and moment curves, mean +/- SD per side over the steps; the strike index
 * (else the foot strike angle) histogram; cadence and contact time per step over the trial (for a
 * batch, per file); the study markers per side, each with what the prospective study found, as an
 * association. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis.h"
#include "load_svg.h"
#include "cli.h"
#include "csv_reader.h"
#include "svg_plot.h"

/* Step groups: right, left, side unknown. */
#define N_GROUPS 3
static const char *const group_names[N_GROUPS] = {"right", "left", "side unknown"};
static const int group_colours[N_GROUPS] = {SVG_RIGHT, SVG_LEFT, SVG_OTHER};

typedef struct report_step {
    int group;
    int complete;
    size_t file; /* batch: index into report.files */
    double x;    /* where the step sits on the "over the trial" axis: IC (s), or file number */
    double ic_s, to_s, contact_time_s, cadence_spm;
    double strike_index, foot_strike_angle_deg;
    double inversion_moment, external_rotation;
    int pattern; /* 0..2, -1 unknown */
} report_step;

/* One signal trace of a recording. */
typedef struct report_trace {
    char label[GAIT_TRIAL_SENSOR_NAME_CAPACITY + 32];
    int colour;
    double *t, *y;
    size_t n;
} report_trace;

typedef struct report {
    const char *input;
    int batch;
    gait_load *load; /* --load: a training log's weekly load, or NULL */
    report_step *steps;
    size_t n_steps, steps_capacity;
    /* Ankle curves summed over the steps of each side: sum, sum of squares, count. */
    double sum[2][CLI_CURVE_COUNT][GAIT_CURVE_POINTS];
    double sum2[2][CLI_CURVE_COUNT][GAIT_CURVE_POINTS];
    double count[2][CLI_CURVE_COUNT][GAIT_CURVE_POINTS];
    /* Recording. */
    report_trace traces[GAIT_TRIAL_MAX_SENSORS];
    size_t n_traces;
    int imu, imu_norm; /* imu_norm: some trace is the gyroscope norm (mounting not found) */
    double body_mass_kg, cadence_spm;
    char frame[256];
    /* Batch: files in order of first appearance, their cadence (trials.csv), errors.csv. */
    char **files;
    size_t n_files, files_capacity;
    double *file_cadence;
    size_t cadence_capacity, n_errors;
} report;

static report_step *add_step(report *r)
{
    if (!cli_grow((void **)&r->steps, &r->steps_capacity, r->n_steps + 1, sizeof *r->steps))
        return NULL;
    return &r->steps[r->n_steps++];
}

static double step_cadence(double step_time_s, double stride_time_s)
{
    if (isfinite(step_time_s) && step_time_s > 0.0)
        return 60.0 / step_time_s;
    if (isfinite(stride_time_s) && stride_time_s > 0.0)
        return 120.0 / stride_time_s;
    return NAN;
}

static void add_curve_value(report *r, int side, int curve, int percent, double value)
{
    if (side < 0 || side > 1 || curve < 0 || percent < 0 || percent >= GAIT_CURVE_POINTS ||
        !isfinite(value))
        return;
    r->sum[side][curve][percent] += value;
    r->sum2[side][curve][percent] += value * value;
    r->count[side][curve][percent] += 1.0;
}

static void report_free(report *r)
{
    gait_load_free(r->load);
    free(r->steps);
    for (size_t i = 0; i < r->n_traces; i++) {
        free(r->traces[i].t);
        free(r->traces[i].y);
    }
    for (size_t i = 0; i < r->n_files; i++)
        free(r->files[i]);
    free(r->files);
    free(r->file_cadence);
    free(r);
}

/* ---- a recording ---- */

/* Keep at most about max_points of a long trace: the minimum and maximum of each bin, in time
 * order, so that peaks survive. Returns the new length. */
static size_t decimate(double *t, double *y, size_t n, size_t max_points)
{
    if (n <= max_points)
        return n;
    size_t half = max_points / 2, bin = (n + half - 1) / half, m = 0;
    for (size_t start = 0; start < n; start += bin) {
        size_t end = start + bin < n ? start + bin : n, lo = start, hi = start;
        for (size_t k = start; k < end; k++) {
            if (y[k] < y[lo])
                lo = k;
            if (y[k] > y[hi])
                hi = k;
        }
        size_t first = lo < hi ? lo : hi, second = lo < hi ? hi : lo;
        double t1 = t[first], y1 = y[first], t2 = t[second], y2 = y[second];
        t[m] = t1;
        y[m++] = y1;
        if (second != first) {
            t[m] = t2;
            y[m++] = y2;
        }
    }
    return m;
}

static report_trace *new_trace(report *r, size_t n, const char *label, int colour)
{
    if (r->n_traces >= GAIT_TRIAL_MAX_SENSORS)
        return NULL;
    report_trace *trace = &r->traces[r->n_traces];
    trace->t = calloc(n ? n : 1, sizeof(double));
    trace->y = calloc(n ? n : 1, sizeof(double));
    if (trace->t == NULL || trace->y == NULL) {
        free(trace->t);
        free(trace->y);
        return NULL;
    }
    trace->n = n;
    trace->colour = colour;
    snprintf(trace->label, sizeof trace->label, "%s", label);
    r->n_traces++;
    return trace;
}

/* The vertical force of every plate of a C3D file, summed. */
static void c3d_trace(report *r, const gait_c3d *c3d, int axis, int sign)
{
    gait_c3d_info info;
    if (gait_c3d_get_info(c3d, &info) != GAIT_OK || !(info.analog_rate_hz > 0.0))
        return;
    size_t n = info.n_frames * info.analog_samples_per_frame;
    double *force = malloc(3 * (n ? n : 1) * sizeof *force);
    report_trace *trace = force ? new_trace(r, n, "vertical GRF, plates summed", SVG_BLUE) : NULL;
    if (trace != NULL) {
        double start_s = (double)(info.first_frame - 1) / info.point_rate_hz;
        for (size_t k = 0; k < n; k++)
            trace->t[k] = start_s + (double)k / info.analog_rate_hz;
        for (size_t plate = 0; plate < info.n_force_platforms; plate++)
            if (gait_c3d_plate_wrench(c3d, plate, NULL, force, NULL, NULL, NULL) == GAIT_OK)
                for (size_t k = 0; k < n; k++)
                    trace->y[k] += isfinite(force[3 * k + axis]) ? sign * force[3 * k + axis] : 0.0;
    }
    free(force);
}

/* The vertical force of every force set of a MOT table, summed. */
static void mot_trace(report *r, const gait_mot *mot, int axis, int sign)
{
    gait_mot_info info;
    if (gait_mot_get_info(mot, &info) != GAIT_OK)
        return;
    size_t n = info.n_rows;
    double *force = malloc(3 * (n ? n : 1) * sizeof *force);
    report_trace *trace =
        force ? new_trace(r, n, "vertical GRF, force sets summed", SVG_BLUE) : NULL;
    if (trace != NULL) {
        gait_mot_get_times(mot, trace->t);
        for (size_t set = 0; set < gait_mot_grf_count(mot); set++)
            if (gait_mot_get_grf(mot, set, NULL, force, NULL, NULL) == GAIT_OK)
                for (size_t k = 0; k < n; k++)
                    trace->y[k] += isfinite(force[3 * k + axis]) ? sign * force[3 * k + axis] : 0.0;
    }
    free(force);
}

/* Each analysed sensor's angular velocity about the segment's medio-lateral axis (row y of the
 * mounting found), in deg/s; the gyroscope norm when the mounting was not found. */
static void imu_traces(report *r, const gait_imu_csv *csv, const gait_trial *trial)
{
    gait_imu_csv_info info;
    if (gait_imu_csv_get_info(csv, &info) != GAIT_OK)
        return;
    size_t n = info.n_samples;
    double *gyr = malloc(3 * (n ? n : 1) * sizeof *gyr);
    for (size_t s = 0; gyr != NULL && s < gait_trial_sensor_count(trial); s++) {
        gait_trial_sensor sensor;
        size_t index;
        if (gait_trial_get_sensor(trial, s, &sensor) != GAIT_OK ||
            gait_imu_csv_find_sensor(csv, sensor.name, &index) != GAIT_OK ||
            gait_imu_csv_get_gyr(csv, index, gyr) != GAIT_OK)
            continue;
        char label[GAIT_TRIAL_SENSOR_NAME_CAPACITY + 32];
        snprintf(label, sizeof label, "%s%s", sensor.name[0] ? sensor.name : "sensor",
                 sensor.aligned ? "" : " (norm)");
        int colour = sensor.side >= 0 && sensor.side <= 1 ? group_colours[sensor.side] : SVG_BLUE;
        report_trace *trace = new_trace(r, n, label, colour);
        if (trace == NULL)
            break;
        gait_imu_csv_get_times(csv, trace->t);
        const double *m = sensor.sensor_to_segment + 3; /* segment y in sensor axes */
        for (size_t k = 0; k < n; k++) {
            const double *g = gyr + 3 * k;
            double w = sensor.aligned ? m[0] * g[0] + m[1] * g[1] + m[2] * g[2]
                                      : sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
            trace->y[k] = w * 180.0 / M_PI;
        }
        r->imu_norm |= !sensor.aligned;
    }
    free(gyr);
}

static int load_recording(report *r, const char *path, const cli_analysis *analysis)
{
    cli_recording recording = {0};
    gait_trial *trial = NULL;
    int status = cli_analysis_run("report", path, analysis, &recording, &trial);
    if (status != EXIT_OK) {
        cli_recording_close(&recording);
        return status;
    }
    r->imu = analysis->imu;
    r->body_mass_kg = gait_trial_body_mass_kg(trial, NULL);
    int axis = 2, sign = 1;
    snprintf(r->frame, sizeof r->frame, "%s", gait_trial_frame(trial, &axis, &sign, NULL));
    if (axis < 0 || axis > 2)
        axis = 2;
    gait_trial_summary summary;
    r->cadence_spm = gait_trial_get_summary(trial, &summary) == GAIT_OK ? summary.cadence_spm : NAN;
    double curves[2 * 3 * GAIT_CURVE_POINTS];
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step s;
        report_step *step;
        if (gait_trial_get_step(trial, i, &s) != GAIT_OK || (step = add_step(r)) == NULL)
            continue;
        *step =
            (report_step){s.side == 0 || s.side == 1 ? s.side : 2,
                          s.complete,
                          0,
                          s.ic_s,
                          s.ic_s,
                          s.to_s,
                          s.contact_time_s,
                          step_cadence(s.step_time_s, s.stride_time_s),
                          s.strike_index,
                          s.foot_strike_angle_deg,
                          s.ankle_inversion_moment_peak_nm_kg,
                          s.ankle_external_rotation_peak_deg,
                          s.strike_pattern >= 0 && s.strike_pattern <= 2 ? s.strike_pattern : -1};
        if (gait_trial_get_ankle_curves(trial, i, curves, curves + 3 * GAIT_CURVE_POINTS) ==
            GAIT_OK)
            for (int c = 0; c < CLI_CURVE_COUNT; c++)
                for (int p = 0; p < GAIT_CURVE_POINTS; p++)
                    add_curve_value(r, s.side, c, p, curves[c * GAIT_CURVE_POINTS + p]);
    }
    if (recording.c3d != NULL)
        c3d_trace(r, recording.c3d, axis, sign);
    else if (recording.mot != NULL)
        mot_trace(r, recording.mot, axis, sign);
    else if (recording.imu != NULL)
        imu_traces(r, recording.imu, trial);
    for (size_t i = 0; i < r->n_traces; i++)
        r->traces[i].n = decimate(r->traces[i].t, r->traces[i].y, r->traces[i].n, 3000);
    gait_trial_free(trial);
    cli_recording_close(&recording);
    return EXIT_OK;
}

/* ---- a batch directory ---- */

/* Index of the file named name, added when new; (size_t)-1 when out of memory. */
static size_t file_index(report *r, const char *name)
{
    for (size_t i = r->n_files; i-- > 0;) /* rows come grouped by file: the last is likeliest */
        if (strcmp(r->files[i], name) == 0)
            return i;
    if (!cli_grow((void **)&r->files, &r->files_capacity, r->n_files + 1, sizeof *r->files) ||
        !cli_grow((void **)&r->file_cadence, &r->cadence_capacity, r->n_files + 1,
                  sizeof *r->file_cadence))
        return (size_t)-1;
    r->file_cadence[r->n_files] = NAN;
    if ((r->files[r->n_files] = strdup(name)) == NULL)
        return (size_t)-1;
    return r->n_files++;
}

static int side_group(const char *side)
{
    return strcmp(side, "right") == 0 ? 0 : strcmp(side, "left") == 0 ? 1 : 2;
}

static int open_table(csv_reader *reader, const char *dir, const char *name, int required)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (csv_reader_open(reader, path))
        return 1;
    if (required || errno != ENOENT)
        fprintf(stderr, "gait report: %s: %s\n", path,
                errno ? strerror(errno) : "no header row: not a gait batch table");
    return 0;
}

static int load_steps(report *r, const char *dir)
{
    csv_reader csv;
    if (!open_table(&csv, dir, "steps.csv", 1)) {
        csv_reader_close(&csv);
        return 0;
    }
    int file = csv_reader_column(&csv, "file"), side = csv_reader_column(&csv, "side"),
        complete = csv_reader_column(&csv, "complete"), ic = csv_reader_column(&csv, "ic_s"),
        to = csv_reader_column(&csv, "to_s"), contact = csv_reader_column(&csv, "contact_time_s"),
        step_time = csv_reader_column(&csv, "step_time_s"),
        stride_time = csv_reader_column(&csv, "stride_time_s"),
        si = csv_reader_column(&csv, "strike_index"),
        pattern = csv_reader_column(&csv, "strike_pattern"),
        fsa = csv_reader_column(&csv, "foot_strike_angle_deg"),
        inversion = csv_reader_column(&csv, "ankle_inversion_moment_peak_nm_kg"),
        rotation = csv_reader_column(&csv, "ankle_external_rotation_peak_deg");
    int ok = file >= 0 && contact >= 0;
    if (!ok)
        fprintf(stderr, "gait report: %s/steps.csv: no 'file' or 'contact_time_s' column\n", dir);
    while (ok && csv_reader_next(&csv)) {
        size_t index = file_index(r, csv_reader_field(&csv, file));
        report_step *step = index != (size_t)-1 ? add_step(r) : NULL;
        if (step == NULL) {
            fprintf(stderr, "gait report: out of memory\n");
            ok = 0;
            break;
        }
        const char *pattern_name = csv_reader_field(&csv, pattern);
        int pattern_index = -1;
        for (int p = 0; p < 3; p++)
            if (strcmp(pattern_name, cli_pattern_names[p]) == 0)
                pattern_index = p;
        *step = (report_step){
            side_group(csv_reader_field(&csv, side)),
            strcmp(csv_reader_field(&csv, complete), "yes") == 0,
            index,
            (double)index + 1.0,
            csv_reader_number(&csv, ic),
            csv_reader_number(&csv, to),
            csv_reader_number(&csv, contact),
            step_cadence(csv_reader_number(&csv, step_time), csv_reader_number(&csv, stride_time)),
            csv_reader_number(&csv, si),
            csv_reader_number(&csv, fsa),
            csv_reader_number(&csv, inversion),
            csv_reader_number(&csv, rotation),
            pattern_index};
    }
    csv_reader_close(&csv);
    return ok;
}

/* trials.csv (cadence per file) and errors.csv, both optional. */
static int load_trials(report *r, const char *dir)
{
    csv_reader csv;
    int ok = 1;
    if (open_table(&csv, dir, "trials.csv", 0)) {
        int file = csv_reader_column(&csv, "file"),
            cadence = csv_reader_column(&csv, "cadence_spm");
        while (ok && file >= 0 && csv_reader_next(&csv)) {
            size_t index = file_index(r, csv_reader_field(&csv, file));
            ok = index != (size_t)-1;
            if (ok)
                r->file_cadence[index] = csv_reader_number(&csv, cadence);
        }
    }
    csv_reader_close(&csv);
    if (open_table(&csv, dir, "errors.csv", 0))
        while (csv_reader_next(&csv))
            r->n_errors++;
    csv_reader_close(&csv);
    if (!ok)
        fprintf(stderr, "gait report: out of memory\n");
    return ok;
}

/* curves.csv, optional, streamed into the per-side sums. */
static void load_curves(report *r, const char *dir)
{
    csv_reader csv;
    if (open_table(&csv, dir, "curves.csv", 0)) {
        int side = csv_reader_column(&csv, "side"), variable = csv_reader_column(&csv, "variable"),
            percent = csv_reader_column(&csv, "percent"), value = csv_reader_column(&csv, "value");
        while (variable >= 0 && csv_reader_next(&csv)) {
            const char *name = csv_reader_field(&csv, variable);
            int curve = -1;
            for (int c = 0; c < CLI_CURVE_COUNT; c++)
                if (strcmp(name, cli_curve_names[c]) == 0)
                    curve = c;
            double p = csv_reader_number(&csv, percent);
            if (isfinite(p) && p == floor(p))
                add_curve_value(r, side_group(csv_reader_field(&csv, side)), curve, (int)p,
                                csv_reader_number(&csv, value));
        }
    }
    csv_reader_close(&csv);
}

static int load_batch(report *r, const char *dir)
{
    r->batch = 1;
    r->body_mass_kg = NAN;
    r->cadence_spm = NAN;
    if (!load_steps(r, dir) || !load_trials(r, dir))
        return EXIT_BAD_DATA;
    load_curves(r, dir);
    return EXIT_OK;
}

/* ---- the page ---- */

static const char *const style =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;"
    "max-width:1140px;color:#222;line-height:1.4}"
    "h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px;"
    "border-bottom:1px solid #ccc}"
    ".meta{color:#555;font-size:.9em}.note{color:#555;font-size:.9em}"
    ".grid{display:flex;flex-wrap:wrap;gap:8px}"
    "svg.plot{background:#fff;font-size:11px}svg .title{font-size:13px;font-weight:600}"
    "svg .frame{fill:none;stroke:#999}svg .grid{stroke:#e4e4e4}"
    "svg .series polyline{stroke-width:1.6}svg .band{opacity:.2;stroke:none}"
    "svg .span{opacity:.15}svg .event{stroke-width:1}"
    "table{border-collapse:collapse;margin-top:8px;font-size:.92em}"
    "th,td{border:1px solid #ccc;padding:5px 8px;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}td.num{white-space:nowrap}"
    ".disclaimer{background:#fff8e1;border:1px solid #e0c060;padding:8px 12px;margin-top:12px}";

/* The x range of every trace, and the y range with 0. */
static void signal_plot(FILE *out, const report *r)
{
    svg_range x = svg_range_empty(), y = svg_range_empty();
    svg_range_add_value(&y, 0.0);
    for (size_t i = 0; i < r->n_traces; i++) {
        svg_range_add(&x, r->traces[i].t, r->traces[i].n);
        svg_range_add(&y, r->traces[i].y, r->traces[i].n);
    }
    const char *y_label = !r->imu       ? "vertical GRF (N)"
                          : r->imu_norm ? "angular velocity (deg/s)"
                                        : "sagittal angular velocity (deg/s)";
    svg_plot plot;
    svg_plot_begin(&plot, out, "signal",
                   r->imu ? "Foot/shank angular velocity with stance"
                          : "Vertical ground reaction force with stance",
                   "time (s)", y_label, x, y, 1100, 300);
    for (size_t i = 0; i < r->n_steps; i++) {
        const report_step *s = &r->steps[i];
        if (isfinite(s->ic_s) || isfinite(s->to_s))
            svg_plot_span(&plot, isfinite(s->ic_s) ? s->ic_s : -INFINITY,
                          isfinite(s->to_s) ? s->to_s : INFINITY, group_colours[s->group],
                          "stance");
    }
    for (size_t i = 0; i < r->n_steps; i++) {
        svg_plot_vline(&plot, r->steps[i].ic_s, group_colours[r->steps[i].group], "ic", 0);
        svg_plot_vline(&plot, r->steps[i].to_s, group_colours[r->steps[i].group], "to", 1);
    }
    for (size_t i = 0; i < r->n_traces; i++)
        svg_plot_series(&plot, r->traces[i].t, r->traces[i].y, r->traces[i].n, r->traces[i].colour,
                        r->traces[i].label, 0);
    svg_plot_end(&plot);
}

/* Points (x, field) of the steps of one group with both finite; returns their number. */
static size_t group_points(const report *r, int group, size_t field, double scale, double *x,
                           double *y)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        const report_step *s = &r->steps[i];
        double value = *(const double *)((const char *)s + field) * scale;
        if (s->group == group && isfinite(s->x) && isfinite(value)) {
            x[n] = s->x;
            y[n++] = value;
        }
    }
    return n;
}

/* One series per group of a per-step value against report_step.x. */
static void step_plot(FILE *out, const report *r, const char *id, const char *title,
                      const char *x_label, const char *y_label, size_t field, double scale,
                      int markers, const double *extra, const char *extra_label)
{
    double *x = malloc((r->n_steps + r->n_files + 1) * sizeof *x);
    double *y = malloc((r->n_steps + r->n_files + 1) * sizeof *y);
    if (x == NULL || y == NULL) {
        free(x);
        free(y);
        return;
    }
    svg_range x_range = svg_range_empty(), y_range = svg_range_empty();
    for (int g = 0; g < N_GROUPS; g++) {
        size_t n = group_points(r, g, field, scale, x, y);
        svg_range_add(&x_range, x, n);
        svg_range_add(&y_range, y, n);
    }
    if (r->batch) { /* file numbers: whole ticks, no dot on the frame */
        x_range.min_step = 1.0;
        svg_range_add_value(&x_range, 0.5);
        svg_range_add_value(&x_range, (double)r->n_files + 0.5);
    }
    if (extra != NULL)
        svg_range_add(&y_range, extra, r->n_files);
    svg_plot plot;
    svg_plot_begin(&plot, out, id, title, x_label, y_label, x_range, y_range, 540, 260);
    for (int g = 0; g < N_GROUPS; g++) {
        size_t n = group_points(r, g, field, scale, x, y);
        if (n > 0)
            svg_plot_series(&plot, x, y, n, group_colours[g], group_names[g], markers);
    }
    if (extra != NULL) {
        for (size_t i = 0; i < r->n_files; i++)
            x[i] = (double)i + 1.0;
        svg_plot_series(&plot, x, extra, r->n_files, SVG_BLUE, extra_label, 1);
    }
    svg_plot_end(&plot);
    free(x);
    free(y);
}

static const struct {
    const char *title, *unit;
} curve_labels[CLI_CURVE_COUNT] = {
    {"Ankle dorsiflexion (+) angle", "deg"},      {"Ankle inversion (+) angle", "deg"},
    {"Ankle internal rotation (+) angle", "deg"}, {"Ankle plantarflexion (+) moment", "N·m/kg"},
    {"Ankle inversion (+) moment", "N·m/kg"},     {"Ankle internal rotation (+) moment", "N·m/kg"},
};

static double steps_in_curve(const report *r, int side, int curve)
{
    double n = 0.0;
    for (int p = 0; p < GAIT_CURVE_POINTS; p++)
        n = fmax(n, r->count[side][curve][p]);
    return n;
}

static void curve_plots(FILE *out, const report *r)
{
    int any = 0;
    for (int side = 0; side < 2; side++)
        for (int c = 0; c < CLI_CURVE_COUNT; c++)
            any |= steps_in_curve(r, side, c) > 0.0;
    if (!any) {
        fputs("<p class=\"note\">No ankle curves: they need markers on the shank and foot (and a "
              "force plate under the foot for the moments); IMU recordings have none.</p>\n",
              out);
        return;
    }
    fputs("<div class=\"grid\">\n", out);
    double percent[GAIT_CURVE_POINTS], mean[2][GAIT_CURVE_POINTS], lo[2][GAIT_CURVE_POINTS],
        hi[2][GAIT_CURVE_POINTS];
    for (int p = 0; p < GAIT_CURVE_POINTS; p++)
        percent[p] = p;
    for (int c = 0; c < CLI_CURVE_COUNT; c++) {
        svg_range x = {0.0, 100.0, 0.0}, y = svg_range_empty();
        for (int side = 0; side < 2; side++)
            for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
                double n = r->count[side][c][p];
                double m = n > 0 ? r->sum[side][c][p] / n : NAN;
                double var = n > 1 ? (r->sum2[side][c][p] - n * m * m) / (n - 1.0) : NAN;
                double sd = sqrt(fmax(var, 0.0));
                mean[side][p] = m;
                lo[side][p] = n > 1 ? m - sd : NAN;
                hi[side][p] = n > 1 ? m + sd : NAN;
                svg_range_add_value(&y, m);
                svg_range_add_value(&y, lo[side][p]);
                svg_range_add_value(&y, hi[side][p]);
            }
        char id[64];
        snprintf(id, sizeof id, "curve-%s", cli_curve_names[c]);
        svg_plot plot;
        svg_plot_begin(&plot, out, id, curve_labels[c].title, "% of stance", curve_labels[c].unit,
                       x, y, 370, 250);
        for (int side = 0; side < 2; side++) {
            double n = steps_in_curve(r, side, c);
            if (n <= 0.0)
                continue;
            char label[64];
            snprintf(label, sizeof label, "%s, n=%.0f", group_names[side], n);
            svg_plot_band(&plot, percent, lo[side], hi[side], GAIT_CURVE_POINTS,
                          group_colours[side]);
            svg_plot_series(&plot, percent, mean[side], GAIT_CURVE_POINTS, group_colours[side],
                            label, 0);
        }
        svg_plot_end(&plot);
    }
    fputs("</div>\n<p class=\"note\">Mean (line) &#177; one SD (band) per side over the steps, at "
          "each percent of contact time. Angles: ISB joint angles; moments: internal, at the ankle "
          "centre, per kg body mass.</p>\n",
          out);
}

/* Histogram of the strike index (0..1, tenths) when any step has one, else of the foot strike
 * angle (2-degree bins). */
static void strike_plot(FILE *out, const report *r)
{
    int use_index = 0, any = 0;
    svg_range range = svg_range_empty();
    for (size_t i = 0; i < r->n_steps; i++) {
        use_index |= isfinite(r->steps[i].strike_index);
        svg_range_add_value(&range, r->steps[i].foot_strike_angle_deg);
        any |= isfinite(r->steps[i].foot_strike_angle_deg);
    }
    if (!use_index && !any) {
        fputs("<p class=\"note\">No strike index (needs a force plate and heel/toe markers) and "
              "no foot strike angle (needs markers or a foot IMU).</p>\n",
              out);
        return;
    }
    size_t field = use_index ? offsetof(report_step, strike_index)
                             : offsetof(report_step, foot_strike_angle_deg);
    double width = use_index ? 0.1 : 2.0;
    double first = use_index ? 0.0 : floor(range.lo / width) * width;
    size_t n_bins = use_index ? 10 : (size_t)fmax(1.0, ceil((range.hi - first) / width + 1e-9));
    while (n_bins > 60) {
        width *= 2.0;
        first = floor(range.lo / width) * width;
        n_bins = (size_t)fmax(1.0, ceil((range.hi - first) / width + 1e-9));
    }
    double edges[61], counts[N_GROUPS][60] = {{0}};
    for (size_t b = 0; b <= n_bins; b++)
        edges[b] = first + width * (double)b;
    svg_range y = {0.0, 1.0, 1.0};
    int groups = 0;
    for (int g = 0; g < N_GROUPS; g++) {
        int used = 0;
        for (size_t i = 0; i < r->n_steps; i++) {
            double value = *(const double *)((const char *)&r->steps[i] + field);
            if (r->steps[i].group != g || !isfinite(value))
                continue;
            double b = floor((value - first) / width);
            size_t bin = b < 0 ? 0 : b >= (double)n_bins ? n_bins - 1 : (size_t)b;
            svg_range_add_value(&y, ++counts[g][bin]);
            used = 1;
        }
        groups += used;
    }
    svg_plot plot;
    svg_range x = {edges[0], edges[n_bins], 0.0};
    svg_plot_begin(&plot, out, "strike",
                   use_index ? "Strike index (COP at contact along the foot)"
                             : "Foot strike angle (sole at contact vs flat)",
                   use_index ? "strike index (0 heel, 1 toe)" : "foot strike angle (deg)", "steps",
                   x, y, 540, 260);
    const double limits[2] = {use_index ? 1.0 / 3.0 : -1.6, use_index ? 2.0 / 3.0 : 8.0};
    for (int i = 0; i < 2; i++)
        svg_plot_vline(&plot, limits[i], SVG_OTHER, "threshold", 1);
    int slot = 0;
    for (int g = 0; g < N_GROUPS; g++) {
        int used = 0;
        for (size_t b = 0; b < n_bins; b++)
            used |= counts[g][b] > 0;
        if (used)
            svg_plot_histogram(&plot, edges, counts[g], n_bins, group_colours[g], group_names[g],
                               slot++, groups);
    }
    svg_plot_end(&plot);
    fprintf(out, "<p class=\"note\">%s</p>\n",
            use_index ? "Dashed lines: 1/3 and 2/3 of the foot, the rearfoot / midfoot / forefoot "
                        "limits of the strike pattern."
                      : "Dashed lines: &#8722;1.6&#176; and 8&#176;, the forefoot / midfoot / "
                        "rearfoot limits of the strike pattern.");
}

/* Mean, SD and count of a field over the complete steps of a group. */
static void group_stats(const report *r, int group, size_t field, double scale, double *mean,
                        double *sd, size_t *n)
{
    double sum = 0.0, sum2 = 0.0;
    *n = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        double value = *(const double *)((const char *)&r->steps[i] + field) * scale;
        if (r->steps[i].group == group && r->steps[i].complete && isfinite(value)) {
            sum += value;
            sum2 += value * value;
            (*n)++;
        }
    }
    *mean = *n > 0 ? sum / (double)*n : NAN;
    *sd = *n > 1 ? sqrt(fmax(0.0, (sum2 - sum * sum / (double)*n) / ((double)*n - 1.0))) : NAN;
}

/* The study's findings (../shared/GUIDE.md section 1), as associations. */
#define STUDY                                                                                      \
    "In a prospective study of 911 runners (4HAIE, Jandacka et al., Br J Sports Med 2025), "
#define NOT_DIAGNOSIS " This is an association in a group, not a diagnosis."

static const struct {
    const char *name, *unit, *sentence;
    size_t field;
    double scale;
    int decimals;
} marker_rows[] = {
    {"Peak ankle inversion moment in stance", "N·m/kg",
     STUDY "a higher peak ankle inversion moment in stance was associated with fewer Achilles "
           "tendinopathy injuries (odds ratio 0.33, 95% CI 0.17–0.61)." NOT_DIAGNOSIS,
     offsetof(report_step, inversion_moment), 1.0, 2},
    {"Peak ankle external rotation in stance", "deg",
     "In the same study, a lower peak ankle external rotation angle in stance was associated with "
     "more Achilles tendinopathy injuries (odds ratio 2.20, 95% CI 1.23–4.03)." NOT_DIAGNOSIS,
     offsetof(report_step, external_rotation), 1.0, 1},
    {"Cadence", "steps/min",
     "Cadence was not one of the study's risk markers. Clinicians often cue 170–180 steps/min; "
     "that is a coaching habit, not an injury threshold.",
     offsetof(report_step, cadence_spm), 1.0, 0},
    {"Contact time", "ms",
     "Contact time was not one of the study's risk markers; clinicians watch it alongside "
     "cadence.",
     offsetof(report_step, contact_time_s), 1000.0, 0},
};

static void marker_table(FILE *out, const report *r)
{
    int shown[N_GROUPS], n_shown = 0;
    for (int g = 0; g < N_GROUPS; g++) {
        shown[g] = 0;
        for (size_t i = 0; i < r->n_steps; i++)
            shown[g] |= r->steps[i].group == g && (g < 2 || r->steps[i].complete);
        n_shown += shown[g];
    }
    fputs("<table id=\"markers\">\n<tr><th>marker</th>", out);
    for (int g = 0; g < N_GROUPS; g++)
        if (shown[g])
            fprintf(out, "<th>%s</th>", group_names[g]);
    fputs("<th>what the study found</th></tr>\n", out);
    for (size_t row = 0; row < sizeof marker_rows / sizeof marker_rows[0]; row++) {
        fprintf(out, "<tr><td>%s (%s)</td>", marker_rows[row].name, marker_rows[row].unit);
        for (int g = 0; g < N_GROUPS; g++) {
            if (!shown[g])
                continue;
            double mean, sd;
            size_t n;
            group_stats(r, g, marker_rows[row].field, marker_rows[row].scale, &mean, &sd, &n);
            if (n == 0)
                fputs("<td class=\"num\">&#8211;</td>", out);
            else if (n == 1)
                fprintf(out, "<td class=\"num\">%.*f (n=1)</td>", marker_rows[row].decimals, mean);
            else
                fprintf(out, "<td class=\"num\">%.*f &#177; %.*f (n=%zu)</td>",
                        marker_rows[row].decimals, mean, marker_rows[row].decimals, sd, n);
        }
        fprintf(out, "<td>%s</td></tr>\n", marker_rows[row].sentence);
    }
    fputs("<tr><td>Foot strike pattern</td>", out);
    for (int g = 0; g < N_GROUPS; g++) {
        if (!shown[g])
            continue;
        size_t counts[3] = {0, 0, 0};
        for (size_t i = 0; i < r->n_steps; i++)
            if (r->steps[i].group == g && r->steps[i].complete && r->steps[i].pattern >= 0)
                counts[r->steps[i].pattern]++;
        if (counts[0] + counts[1] + counts[2] == 0)
            fputs("<td class=\"num\">&#8211;</td>", out);
        else
            fprintf(out, "<td class=\"num\">rearfoot %zu, midfoot %zu, forefoot %zu</td>",
                    counts[0], counts[1], counts[2]);
    }
    fputs("<td>In the same study, foot strike pattern (rearfoot, midfoot or forefoot) did not "
          "predict Achilles tendinopathy.</td></tr>\n",
          out);
    fprintf(out,
            "<tr><td>Weekly running distance (km)</td><td colspan=\"%d\">not in a recording: "
            "run <code>gait load runs.csv</code> on a training log for weekly distance, "
            "week-over-week change and the acute:chronic workload ratio</td><td>In the same "
            "study, a greater weekly running distance was associated with more Achilles "
            "tendinopathy injuries (odds ratio 1.67, 95%% CI 1.23–2.22). Clinicians also watch "
            "for sudden increases (the &#8220;10%% rule&#8221;)." NOT_DIAGNOSIS "</td></tr>\n",
            n_shown > 0 ? n_shown : 1);
    fputs("</table>\n<p class=\"note\">Mean &#177; SD (n steps) over the complete steps of each "
          "side. The study's own measurement protocol and normalisation may differ from this "
          "recording's; compare values with care.</p>\n",
          out);
}

static void write_head(FILE *out, const report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>gait report: ",
          out);
    svg_escape(out, r->input);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Running gait report</h1>\n",
            style);
    fputs("<p class=\"meta\">", out);
    fputs(r->batch ? "Batch output directory " : "Recording ", out);
    fputs("<code>", out);
    svg_escape(out, r->input);
    fputs("</code>", out);
    size_t complete = 0;
    for (size_t i = 0; i < r->n_steps; i++)
        complete += (size_t)r->steps[i].complete;
    fprintf(out, " &#183; %zu steps (%zu complete)", r->n_steps, complete);
    if (r->batch)
        fprintf(out, " in %zu files &#183; %zu failed files (errors.csv)", r->n_files, r->n_errors);
    if (isfinite(r->cadence_spm))
        fprintf(out, " &#183; cadence %.1f steps/min", r->cadence_spm);
    if (isfinite(r->body_mass_kg))
        fprintf(out, " &#183; body mass %.1f kg", r->body_mass_kg);
    if (r->frame[0]) {
        fputs(" &#183; ", out);
        svg_escape(out, r->frame);
    }
    fprintf(out, " &#183; libgait %s</p>\n", gait_version());
}

static void write_files_table(FILE *out, const report *r)
{
    fputs("<table id=\"files\">\n<tr><th>#</th><th>file</th><th>steps</th><th>cadence "
          "(steps/min)</th></tr>\n",
          out);
    for (size_t f = 0; f < r->n_files; f++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n_steps; i++)
            n += r->steps[i].file == f;
        fprintf(out, "<tr><td>%zu</td><td>", f + 1);
        svg_escape(out, r->files[f]);
        if (isfinite(r->file_cadence[f]))
            fprintf(out, "</td><td>%zu</td><td class=\"num\">%.1f</td></tr>\n", n,
                    r->file_cadence[f]);
        else
            fprintf(out, "</td><td>%zu</td><td class=\"num\">&#8211;</td></tr>\n", n);
    }
    fputs("</table>\n", out);
}

static void write_page(FILE *out, const report *r)
{
    write_head(out, r);
    if (r->batch) {
        fputs("<section id=\"overview\">\n<h2>Contact time per file</h2>\n", out);
        step_plot(out, r, "contact-per-file", "Contact time of each step, per file", "file #",
                  "contact time (ms)", offsetof(report_step, contact_time_s), 1000.0, 2, NULL,
                  NULL);
        fputs("<p class=\"note\">One dot per step, at its file's number (table below); the "
              "force or IMU traces themselves are in each file's own report. The same file "
              "numbers are used for cadence below.</p>\n",
              out);
        write_files_table(out, r);
    } else {
        fprintf(out, "<section id=\"overview\">\n<h2>%s</h2>\n",
                r->imu ? "IMU signal and stance" : "Vertical ground reaction force and stance");
        signal_plot(out, r);
        fprintf(out,
                "<p class=\"note\">Shaded: stance (initial contact to toe-off), green right, "
                "red left, grey side unknown; solid lines IC, dashed lines TO. %s</p>\n",
                !r->imu ? "The vertical force of every plate (or force set), summed."
                : r->imu_norm
                    ? "Angular velocity about the segment's medio-lateral axis (the mounting "
                      "found by the IMU pipeline); the norm of the gyroscope where the mounting "
                      "was not found (marked \"norm\")."
                    : "Angular velocity about the segment's medio-lateral axis (the mounting "
                      "found by the IMU pipeline), positive to the left.");
    }
    fputs("</section>\n<section id=\"curves\">\n<h2>Ankle angles and moments in stance</h2>\n",
          out);
    curve_plots(out, r);
    fputs("</section>\n<section id=\"strike\">\n<h2>Foot strike</h2>\n", out);
    strike_plot(out, r);
    fputs("</section>\n<section id=\"time\">\n<h2>Cadence and contact time</h2>\n<div "
          "class=\"grid\">\n",
          out);
    if (r->batch) /* the contact time per file is at the top */
        step_plot(out, r, "cadence", "Cadence per file", "file #", "steps/min",
                  offsetof(report_step, cadence_spm), 1.0, 2, r->file_cadence, "file cadence");
    else {
        step_plot(out, r, "cadence", "Cadence over the trial", "initial contact (s)", "steps/min",
                  offsetof(report_step, cadence_spm), 1.0, 1, NULL, NULL);
        step_plot(out, r, "contact", "Contact time over the trial", "initial contact (s)",
                  "contact time (ms)", offsetof(report_step, contact_time_s), 1000.0, 1, NULL,
                  NULL);
    }
    fputs("</div>\n<p class=\"note\">Per step: cadence is 60 / step time (IC to the other "
          "foot's next IC), else 120 / stride time.</p>\n</section>\n",
          out);
    if (r->load != NULL) {
        fputs("<section id=\"load\">\n<h2>Weekly running load</h2>\n", out);
        load_svg_write(out, r->load, "Weekly running distance and acute:chronic workload ratio", 0);
        fputs("<p class=\"note\">Bars: distance per ISO week; lines: the daily rolling and EWMA "
              "ACWR (7 vs 28 days) with the 1.5 threshold; flagged weeks rose more than 10 % on "
              "the week before, or passed an ACWR of 1.5 (see <code>gait load</code>).</p>\n"
              "</section>\n",
              out);
    }
    fputs("<section id=\"study\">\n<h2>Study markers</h2>\n", out);
    marker_table(out, r);
    fputs("<p class=\"disclaimer\">This report describes measurements. The study found "
          "associations in a group of runners: none of these numbers diagnoses an injury or "
          "predicts one in a single runner.</p>\n</section>\n</body>\n</html>\n",
          out);
}

static void usage(FILE *out)
{
    fputs("Usage: gait report INPUT -o REPORT.html [analysis options]\n"
          "One self-contained HTML page (inline CSS and SVG, no script, nothing fetched) of\n"
          "INPUT: a recording (.c3d, .mot, .trc with --grf, an IMU CSV with --imu), analysed as\n"
          "by gait analyze, or a directory written by gait batch (steps.csv, and trials.csv,\n"
          "curves.csv, errors.csv when present). It shows the vertical GRF (IMU: the sagittal\n"
          "angular velocity) with stance shaded and IC/TO marked (batch: contact time per file),\n"
          "the ankle angle and moment curves (mean +/- SD per side), the strike index or foot\n"
          "strike angle histogram, cadence and contact time per step, and the study markers with\n"
          "what the prospective study found (associations, not a diagnosis).\n"
          "  -o, --output FILE    the HTML file to write (required)\n"
          "  --load RUNS.csv      add the weekly running load of a training log (as gait load)\n"
          "Analysis options (recordings only; as for gait analyze):\n",
          out);
    cli_analysis_usage(out);
}

int cmd_report(int argc, char **argv)
{
    enum { LOAD = CLI_OPT_END };
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"load", required_argument, NULL, LOAD},
        {"help", no_argument, NULL, 'h'},
        CLI_ANALYSIS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    cli_analysis analysis;
    cli_analysis_init(&analysis);
    const char *output = NULL, *load_path = NULL;
    int ok = 1, option, analysis_options = 0;
    optind = 0;
    while (ok && (option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            output = optarg;
            break;
        case LOAD:
            load_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            ok = cli_analysis_option(&analysis, "report", option, optarg) == 1;
            analysis_options = 1;
            break;
        }
    }
    if (!ok || optind != argc - 1 || output == NULL) {
        if (ok && output == NULL && optind == argc - 1)
            fprintf(stderr, "gait report: -o REPORT.html is required\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *input = argv[optind];
    report *r = calloc(1, sizeof *r);
    if (r == NULL) {
        fprintf(stderr, "gait report: out of memory\n");
        return EXIT_BAD_DATA;
    }
    r->input = input;
    struct stat info;
    int status;
    if (stat(input, &info) != 0) {
        fprintf(stderr, "gait report: %s: %s\n", input, strerror(errno));
        status = EXIT_BAD_DATA;
    } else if (S_ISDIR(info.st_mode)) {
        if (analysis_options)
            fprintf(stderr, "gait report: %s is a batch directory: analysis options ignored\n",
                    input);
        status = load_batch(r, input);
    } else {
        status = load_recording(r, input, &analysis);
    }
    if (status == EXIT_OK && load_path != NULL) {
        gait_load_settings settings = gait_load_settings_default();
        status = load_read_csv(load_path, &settings, &r->load);
    }
    if (status == EXIT_OK) {
        FILE *out = fopen(output, "w");
        if (out == NULL) {
            fprintf(stderr, "gait report: %s: cannot write: %s\n", output, strerror(errno));
            status = EXIT_BAD_DATA;
        } else {
            write_page(out, r);
            int failed = ferror(out);
            if (fclose(out) != 0 || failed) {
                fprintf(stderr, "gait report: %s: write failed\n", output);
                status = EXIT_BAD_DATA;
            }
        }
    }
    report_free(r);
    return status;
}
