/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trial from an IMU recording (one or more sensors): the steps of every sensor (gait/imu.h), in
 * the same step objects and summary as the force-plate analysis.
 *
 * Rules:
 * - Sensors: every sensor of the file with both accelerometer and gyroscope, or only the one
 *   named in the settings. A sensor without both is skipped with a warning.
 * - Side: settings.side when given (>= 0), else from the sensor's name: a token "left", "l" or
 *   "lf" gives left, "right", "r" or "rf" right (tokens split at '_', '.', '-', ' ' and case
 *   ignored, e.g. "left_sensor", "RF"); else unknown.
 * - Steps of all sensors in time order. With two sensors on opposite feet, step_time_s and
 *   flight_time_s of a step go to the next IC of the other foot when it comes before this foot's
 *   next IC; with one foot they stay NaN (a single foot does not show the other's contact).
 * - Cadence (steps/min): from IC times, 60 x steps / time where each interval between ICs of one
 *   foot spans two steps; all sensors' intervals pooled (median stride time, robust to a
 *   missed step and to the pauses between bouts).
 * - Spectral cadence, per sensor, as a cross-check: the dominant frequency of the sagittal angular
 *   velocity (the gyroscope along the medio-lateral axis the detector found) between the first
 *   and last IC, Welch with 8 s Hann segments (at most the span, zero-padded 8x), the highest
 *   peak in 0.4-2.5 Hz, or the one near half its frequency when that holds a tenth of its power
 *   or more (walking puts more power in the stride's second harmonic): one stride per period,
 *   so cadence = 120 x f. When it and the event cadence differ by more than
 *   CADENCE_DISAGREE_FRACTION a warning says so.
 * - complete: every step with both IC and TO. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/imu.h"
#include "gait/imu_csv.h"
#include "gait/spectrum.h"
#include "markers/trial_internal.h"

#define CADENCE_DISAGREE_FRACTION 0.05
#define SPECTRAL_SEGMENT_S        8.0
#define SPECTRAL_LOW_HZ           0.4
#define SPECTRAL_HIGH_HZ          2.5
#define SUBHARMONIC_FRACTION      0.1

gait_analyze_imu_settings gait_analyze_imu_settings_default(void)
{
    gait_analyze_imu_settings s = {GAIT_IMU_FOOT, -1, NULL, 0.0};
    return s;
}

/* Side from a sensor name's tokens; -1 unknown. */
static int side_of_name(const char *name)
{
    char token[16];
    size_t length = 0;
    int side = -1;
    for (const char *p = name;; p++) {
        int end = *p == '\0' || *p == '_' || *p == '.' || *p == '-' || *p == ' ';
        if (!end && length + 1 < sizeof token) {
            token[length++] = (char)tolower((unsigned char)*p);
            continue;
        }
        if (end) {
            token[length] = '\0';
            if (!strcmp(token, "left") || !strcmp(token, "l") || !strcmp(token, "lf"))
                side = 1;
            else if (!strcmp(token, "right") || !strcmp(token, "r") || !strcmp(token, "rf"))
                side = 0;
            length = 0;
        }
        if (*p == '\0')
            break;
    }
    return side;
}

static int compare_steps(const void *x, const void *y)
{
    const gait_step *a = x, *b = y;
    double ta = isfinite(a->ic_s) ? a->ic_s : a->to_s, tb = isfinite(b->ic_s) ? b->ic_s : b->to_s;
    return (ta > tb) - (ta < tb);
}

static int compare_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Median stride time over every sensor's consecutive ICs -> cadence (two steps per stride). */
static double event_cadence(const gait_step *steps, size_t n)
{
    double *strides = malloc((n + 1) * sizeof *strides);
    if (strides == NULL)
        return NAN;
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(steps[k].stride_time_s))
            strides[m++] = steps[k].stride_time_s;
    double cadence = NAN;
    if (m > 0) {
        qsort(strides, m, sizeof *strides, compare_double);
        double median = m % 2 ? strides[m / 2] : 0.5 * (strides[m / 2 - 1] + strides[m / 2]);
        cadence = 120.0 / median;
    }
    free(strides);
    return cadence;
}

/* The other foot's next IC after this step's IC (and before this foot's next IC). */
static void other_foot_times(gait_step *steps, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        gait_step *s = &steps[k];
        if (s->side < 0 || !isfinite(s->ic_s))
            continue;
        double next_same = isfinite(s->stride_time_s) ? s->ic_s + s->stride_time_s : INFINITY;
        for (size_t j = k + 1; j < n; j++) {
            const gait_step *o = &steps[j];
            if (o->side < 0 || o->side == s->side || !isfinite(o->ic_s) || o->ic_s <= s->ic_s)
                continue;
            if (o->ic_s < next_same) {
                s->step_time_s = o->ic_s - s->ic_s;
                if (isfinite(s->to_s))
                    s->flight_time_s = o->ic_s - s->to_s;
            }
            break;
        }
    }
}

/* The stride frequency in a one-foot PSD: the highest peak in [SPECTRAL_LOW_HZ,
 * SPECTRAL_HIGH_HZ], or the peak near half its frequency when that holds at least
 * SUBHARMONIC_FRACTION of its power (walking puts more power in the second harmonic of the
 * stride than in the stride itself). NaN when there is no power in the band. */
static double stride_frequency(const double *freq, const double *psd, size_t bins)
{
    size_t best = bins;
    for (size_t k = 0; k < bins; k++)
        if (freq[k] >= SPECTRAL_LOW_HZ && freq[k] <= SPECTRAL_HIGH_HZ &&
            (best == bins || psd[k] > psd[best]))
            best = k;
    if (best == bins || !(psd[best] > 0.0))
        return NAN;
    size_t half = bins;
    for (size_t k = 0; k < bins; k++)
        if (freq[k] >= 0.4 * freq[best] && freq[k] <= 0.6 * freq[best] &&
            (half == bins || psd[k] > psd[half]))
            half = k;
    if (half != bins && freq[half] >= SPECTRAL_LOW_HZ &&
        psd[half] >= SUBHARMONIC_FRACTION * psd[best])
        best = half;
    return freq[best];
}

/* Spectral cadence of one sensor between its first and last IC (NaN when not enough). */
static double spectral_cadence(const double *gyr, size_t n, const gait_imu_settings *imu,
                               const gait_stream *stream, const gait_step *steps, size_t n_steps)
{
    double mount[9];
    if (!gait_stream_alignment(stream, mount) || n_steps < 3)
        return NAN;
    double first = INFINITY, last = -INFINITY;
    for (size_t k = 0; k < n_steps; k++)
        if (isfinite(steps[k].ic_s)) {
            first = fmin(first, steps[k].ic_s);
            last = fmax(last, steps[k].ic_s);
        }
    long a = (long)floor((first - imu->t0_s) * imu->rate_hz);
    long b = (long)ceil((last - imu->t0_s) * imu->rate_hz);
    if (a < 0)
        a = 0;
    if (b > (long)n)
        b = (long)n;
    if (b - a < 16)
        return NAN;
    size_t m = (size_t)(b - a);
    double *sagittal = malloc(m * sizeof *sagittal);
    if (sagittal == NULL)
        return NAN;
    /* the segment's y axis in sensor axes is row 1 of sensor_to_segment */
    for (size_t k = 0; k < m; k++) {
        const double *w = gyr + 3 * ((size_t)a + k);
        double v = mount[3] * w[0] + mount[4] * w[1] + mount[5] * w[2];
        sagittal[k] = isfinite(v) ? v : 0.0;
    }
    gait_welch_settings ws = gait_welch_settings_default();
    ws.segment_length = (size_t)(SPECTRAL_SEGMENT_S * imu->rate_hz);
    if (ws.segment_length > m)
        ws.segment_length = m;
    size_t fft = 1;
    while (fft < 8 * ws.segment_length)
        fft *= 2;
    ws.fft_length = fft;
    double f = NAN;
    size_t bins = gait_welch_bins(&ws, m);
    double *freq = malloc(2 * bins * sizeof *freq);
    if (freq != NULL &&
        gait_welch(sagittal, m, imu->rate_hz, &ws, freq, freq + bins, bins) == GAIT_OK)
        f = stride_frequency(freq, freq + bins, bins);
    free(freq);
    free(sagittal);
    return 120.0 * f;
}

/* Steps of sensor i appended to *all. */
static gait_status sensor_steps(const gait_imu_csv *csv, size_t i, const gait_imu_csv_info *info,
                                const gait_analyze_imu_settings *settings, gait_trial *trial,
                                gait_step **all, size_t *n_all)
{
    const size_t n = info->n_samples;
    gait_trial_sensor *sensor = &trial->sensors[trial->n_sensors];
    memset(sensor, 0, sizeof *sensor);
    snprintf(sensor->name, sizeof sensor->name, "%s", gait_imu_csv_sensor_name(csv, i));
    sensor->side = settings->side >= 0 ? settings->side : side_of_name(sensor->name);
    sensor->spectral_cadence_spm = sensor->event_cadence_spm = NAN;
    double *acc = malloc(3 * n * sizeof *acc), *gyr = malloc(3 * n * sizeof *gyr);
    gait_status status =
        acc && gyr ? GAIT_OK : gait_fail(GAIT_E_NOMEM, "gait_analyze_imu: out of memory");
    if (status == GAIT_OK)
        status = gait_imu_csv_get_acc(csv, i, acc);
    if (status == GAIT_OK)
        status = gait_imu_csv_get_gyr(csv, i, gyr);
    gait_imu_settings imu = gait_imu_settings_default();
    imu.rate_hz = info->rate_hz;
    imu.t0_s = isfinite(info->start_time_s) ? info->start_time_s : 0.0;
    imu.placement = settings->placement;
    imu.side = sensor->side;
    gait_stream *stream = NULL;
    if (status == GAIT_OK)
        status = gait_stream_create(&imu, &stream);
    for (size_t k = 0; k < n && status == GAIT_OK; k += 1024) {
        double chunk[6 * 1024];
        size_t m = n - k < 1024 ? n - k : 1024;
        for (size_t j = 0; j < m; j++)
            for (int a = 0; a < 3; a++) {
                chunk[6 * j + (size_t)a] = acc[3 * (k + j) + (size_t)a];
                chunk[6 * j + 3 + (size_t)a] = gyr[3 * (k + j) + (size_t)a];
            }
        status = gait_stream_push(stream, chunk, m);
        gait_step step;
        while (status == GAIT_OK && gait_stream_pop_step(stream, &step) == GAIT_OK)
            status = gait_trial_append_step(all, n_all, &step);
    }
    if (status == GAIT_OK)
        status = gait_stream_finish(stream);
    gait_step step;
    while (status == GAIT_OK && gait_stream_pop_step(stream, &step) == GAIT_OK)
        status = gait_trial_append_step(all, n_all, &step);
    if (status == GAIT_OK) {
        size_t count = 0;
        for (size_t k = 0; k < *n_all; k++) {
            if ((*all)[k].sensor < 0) {
                (*all)[k].sensor = (int)trial->n_sensors;
                count++;
            }
        }
        gait_step *mine = *all + (*n_all - count);
        sensor->n_steps = count;
        sensor->activity = gait_stream_activity(stream);
        sensor->aligned = gait_stream_alignment(stream, sensor->sensor_to_segment);
        sensor->event_cadence_spm = event_cadence(mine, count);
        sensor->spectral_cadence_spm = spectral_cadence(gyr, n, &imu, stream, mine, count);
        if (gait_stream_dropped_steps(stream) > 0)
            gait_trial_warn(trial, "sensor %s: %zu steps dropped (queue full)", sensor->name,
                            gait_stream_dropped_steps(stream));
        double e = sensor->event_cadence_spm, f = sensor->spectral_cadence_spm;
        if (isfinite(e) && isfinite(f) && fabs(f - e) > CADENCE_DISAGREE_FRACTION * e)
            gait_trial_warn(trial,
                            "sensor %s: spectral cadence %.1f steps/min disagrees with the event "
                            "cadence %.1f (irregular gait, several bouts, or missed events)",
                            sensor->name[0] ? sensor->name : "(unnamed)", f, e);
        trial->n_sensors++;
    }
    gait_stream_destroy(stream);
    free(acc), free(gyr);
    return status;
}

gait_status gait_analyze_imu(const gait_imu_csv *csv, const gait_analyze_imu_settings *settings,
                             gait_trial **trial)
{
    if (trial == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_analyze_imu: NULL trial");
    *trial = NULL;
    gait_analyze_imu_settings defaults = gait_analyze_imu_settings_default();
    if (settings == NULL)
        settings = &defaults;
    gait_imu_csv_info info;
    gait_status status = gait_imu_csv_get_info(csv, &info);
    if (status != GAIT_OK)
        return status;
    if (settings->rate_hz > 0.0)
        info.rate_hz = settings->rate_hz;
    if (!(info.rate_hz > 0.0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_analyze_imu: no sampling rate (give rate_hz)");
    size_t wanted = (size_t)-1;
    if (settings->sensor != NULL &&
        (status = gait_imu_csv_find_sensor(csv, settings->sensor, &wanted)) != GAIT_OK)
        return status;
    gait_trial *t = calloc(1, sizeof *t);
    if (t == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_analyze_imu: out of memory");
    t->mass_kg = NAN;
    gait_step *all = NULL;
    size_t n_all = 0;
    for (size_t i = 0; i < info.n_sensors && status == GAIT_OK; i++) {
        if (wanted != (size_t)-1 && i != wanted)
            continue;
        int has_acc = 0, has_gyr = 0;
        gait_imu_csv_sensor_channels(csv, i, &has_acc, &has_gyr);
        if (!has_acc || !has_gyr || t->n_sensors >= GAIT_TRIAL_MAX_SENSORS) {
            gait_trial_warn(t, "sensor %s skipped: %s", gait_imu_csv_sensor_name(csv, i),
                            !has_acc || !has_gyr ? "needs accelerometer and gyroscope"
                                                 : "too many sensors");
            continue;
        }
        status = sensor_steps(csv, i, &info, settings, t, &all, &n_all);
    }
    if (status == GAIT_OK && t->n_sensors == 0)
        status = gait_fail(GAIT_E_NO_DATA,
                           "gait_analyze_imu: no sensor with accelerometer and gyroscope");
    if (status != GAIT_OK) {
        free(all);
        gait_trial_free(t);
        return status;
    }
    if (n_all > 0)
        qsort(all, n_all, sizeof *all, compare_steps);
    other_foot_times(all, n_all);
    for (size_t k = 0; k < n_all; k++)
        all[k].complete = isfinite(all[k].ic_s) && isfinite(all[k].to_s);
    t->steps = all;
    t->n_steps = n_all;
    double cadence = event_cadence(all, n_all);
    gait_trial_summarise(t, cadence);
    snprintf(t->frame, sizeof t->frame, "%s IMU, %zu sensor%s, axes from %s",
             settings->placement == GAIT_IMU_SHANK ? "shank" : "foot", t->n_sensors,
             t->n_sensors == 1 ? "" : "s", "gravity and the gyroscope");
    *trial = t;
    return GAIT_OK;
}
