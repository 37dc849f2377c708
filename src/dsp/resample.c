/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Resampling: anti-alias low-pass (when the rate goes down), then a cubic spline per finite run. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>

#include "core/internal.h"
#include "gait/filter.h"
#include "gait/resample.h"

/* Relative tolerance on times, so that 0.1 s at 250 Hz and 1500 Hz lands on the same sample. */
#define TIME_TOLERANCE 1e-9

/* Anti-alias filter: Butterworth order per pass, and cutoff as a fraction of the output Nyquist. */
#define ANTI_ALIAS_ORDER            4
#define ANTI_ALIAS_NYQUIST_FRACTION 0.8

size_t gait_resample_length(size_t n_in, double rate_in_hz, double rate_out_hz)
{
    if (n_in == 0 || !gait_is_positive_finite(rate_in_hz) || !gait_is_positive_finite(rate_out_hz))
        return 0;
    /* Last output index k with k / rate_out <= (n_in - 1) / rate_in. */
    double last = floor((double)(n_in - 1) * (rate_out_hz / rate_in_hz) * (1.0 + TIME_TOLERANCE));
    if (!(last < (double)(SIZE_MAX / sizeof(double))))
        return 0;
    return (size_t)last + 1;
}

/* Spline through one finite run v[0..length-1] (input sample i at position i), evaluated at the
 * output samples whose time falls in the run: output k sits at input position k * step - start. */
static gait_status resample_run(const double *positions, const double *v, size_t start,
                                size_t length, double step, double *y, size_t n_out)
{
    if (length < 2)
        return GAIT_OK;
    const double end_position = (double)(start + length - 1);
    const double scale = 1.0 / step; /* output samples per input sample */
    double first = ceil((double)start * scale * (1.0 - TIME_TOLERANCE));
    double last = floor(end_position * scale * (1.0 + TIME_TOLERANCE));
    if (last < first || first >= (double)n_out)
        return GAIT_OK;
    size_t k_first = (size_t)first;
    size_t k_last = last >= (double)(n_out - 1) ? n_out - 1 : (size_t)last;

    const gsl_interp_type *type = length >= 3 ? gsl_interp_cspline : gsl_interp_linear;
    gsl_interp *interp = gsl_interp_alloc(type, length);
    gsl_interp_accel *accel = gsl_interp_accel_alloc();
    if (interp == NULL || accel == NULL) {
        gsl_interp_free(interp);
        gsl_interp_accel_free(accel);
        return gait_fail(GAIT_E_NOMEM, "gait_resample: cannot allocate a spline of %zu samples",
                         length);
    }
    gait_status status = GAIT_OK;
    if (gsl_interp_init(interp, positions, v, length) != GSL_SUCCESS) {
        status = gait_fail(GAIT_E_NUMERIC, "gait_resample: spline through samples %zu..%zu failed",
                           start, start + length - 1);
    }
    for (size_t k = k_first; status == GAIT_OK && k <= k_last; k++) {
        /* Clamp: the time tolerance may put the first or last output a hair outside the run. */
        double p = (double)k * step - (double)start;
        if (p < 0.0)
            p = 0.0;
        if (p > (double)(length - 1))
            p = (double)(length - 1);
        if (gsl_interp_eval_e(interp, positions, v, p, accel, &y[k]) != GSL_SUCCESS)
            status = gait_fail(GAIT_E_NUMERIC,
                               "gait_resample: spline evaluation failed at output sample %zu", k);
    }
    gsl_interp_accel_free(accel);
    gsl_interp_free(interp);
    return status;
}

gait_status gait_resample(const double *x, size_t n_in, double rate_in_hz, double *y, size_t n_out,
                          double rate_out_hz)
{
    if (x == NULL || y == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_resample: NULL argument");
    if (!gait_is_positive_finite(rate_in_hz) || !gait_is_positive_finite(rate_out_hz))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_resample: rates %g Hz -> %g Hz must be finite and > 0", rate_in_hz,
                         rate_out_hz);
    if (n_in == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_resample: empty input (0 samples)");
    size_t expected = gait_resample_length(n_in, rate_in_hz, rate_out_hz);
    if (expected == 0)
        return gait_fail(GAIT_E_NOMEM, "gait_resample: %zu samples at %g Hz -> %g Hz overflow",
                         n_in, rate_in_hz, rate_out_hz);
    if (n_out != expected)
        return gait_fail(GAIT_E_BUFFER_SIZE,
                         "gait_resample: n_out is %zu, gait_resample_length() gives %zu", n_out,
                         expected);
    if (n_in > SIZE_MAX / (2 * sizeof(double)))
        return gait_fail(GAIT_E_NOMEM, "gait_resample: %zu samples overflow memory", n_in);

    /* scratch: input positions 0, 1, 2, ... then the (filtered) input. */
    double *scratch = malloc(2 * n_in * sizeof *scratch);
    if (scratch == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_resample: cannot allocate %zu samples", 2 * n_in);
    double *positions = scratch;
    double *v = scratch + n_in;
    for (size_t i = 0; i < n_in; i++)
        positions[i] = (double)i;

    gait_status status = GAIT_OK;
    if (rate_out_hz < rate_in_hz) {
        gait_filter_settings settings = gait_filter_settings_default();
        settings.type = GAIT_FILTER_LOWPASS;
        settings.order = ANTI_ALIAS_ORDER;
        settings.cutoff_hz = ANTI_ALIAS_NYQUIST_FRACTION * 0.5 * rate_out_hz;
        settings.correct_for_passes = 0;
        gait_butterworth filter;
        status = gait_butterworth_design(&settings, rate_in_hz, &filter);
        if (status == GAIT_OK)
            status = gait_filtfilt(&filter, x, v, n_in);
    } else {
        memcpy(v, x, n_in * sizeof *v);
    }

    for (size_t k = 0; k < n_out; k++)
        y[k] = NAN;
    const double step = rate_in_hz / rate_out_hz; /* input samples per output sample */
    size_t position = 0;
    while (status == GAIT_OK && position < n_in) {
        size_t start;
        size_t length = gait_next_finite_run(v, n_in, position, &start);
        if (length > 0)
            status = resample_run(positions, v + start, start, length, step, y, n_out);
        position = start + length;
    }
    free(scratch);
    return status;
}

gait_status gait_signal_resample(const gait_signal *in, double rate_out_hz, gait_signal *out)
{
    if (in == NULL || out == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_resample: NULL argument");
    if (in->samples == NULL && in->n_samples > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_resample: signal has no samples buffer");
    if (in->n_samples == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_signal_resample: signal has no samples");
    if (!gait_is_positive_finite(in->rate_hz) || !gait_is_positive_finite(rate_out_hz))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_signal_resample: rates %g Hz -> %g Hz must be finite and > 0",
                         in->rate_hz, rate_out_hz);
    size_t n_out = gait_resample_length(in->n_samples, in->rate_hz, rate_out_hz);
    if (n_out == 0)
        return gait_fail(GAIT_E_NOMEM,
                         "gait_signal_resample: %zu samples at %g Hz -> %g Hz overflow",
                         in->n_samples, in->rate_hz, rate_out_hz);
    gait_signal result;
    gait_status status =
        gait_signal_init(&result, n_out, in->n_channels, rate_out_hz, in->start_time_s);
    if (status != GAIT_OK)
        return status;
    double *channel_in = malloc(in->n_samples * sizeof *channel_in);
    double *channel_out = malloc(n_out * sizeof *channel_out);
    if (channel_in == NULL || channel_out == NULL)
        status = gait_fail(GAIT_E_NOMEM, "gait_signal_resample: cannot allocate channel buffers");
    for (size_t c = 0; c < in->n_channels && status == GAIT_OK; c++) {
        gait_signal_get_channel(in, c, channel_in);
        status =
            gait_resample(channel_in, in->n_samples, in->rate_hz, channel_out, n_out, rate_out_hz);
        if (status == GAIT_OK)
            gait_signal_set_channel(&result, c, channel_out);
    }
    free(channel_in);
    free(channel_out);
    if (status != GAIT_OK) {
        gait_signal_free(&result);
        return status;
    }
    *out = result;
    return GAIT_OK;
}
