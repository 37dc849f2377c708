/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/signal.h"

gait_status gait_signal_init(gait_signal *signal, size_t n_samples, size_t n_channels,
                             double rate_hz, double start_time_s)
{
    if (signal == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_init: signal is NULL");
    memset(signal, 0, sizeof *signal);
    if (n_channels == 0)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_init: n_channels must be >= 1");
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_init: rate_hz %g must be finite and > 0",
                         rate_hz);
    if (!isfinite(start_time_s))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_init: start_time_s is not finite");
    if (n_samples > SIZE_MAX / sizeof(double) / n_channels)
        return gait_fail(GAIT_E_NOMEM, "gait_signal_init: %zu x %zu samples overflow memory",
                         n_samples, n_channels);
    size_t count = n_samples * n_channels;
    double *samples = malloc(count > 0 ? count * sizeof *samples : 1);
    if (samples == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_signal_init: cannot allocate %zu samples", count);
    for (size_t i = 0; i < count; i++)
        samples[i] = NAN;
    signal->samples = samples;
    signal->n_samples = n_samples;
    signal->n_channels = n_channels;
    signal->rate_hz = rate_hz;
    signal->start_time_s = start_time_s;
    return GAIT_OK;
}

void gait_signal_free(gait_signal *signal)
{
    if (signal == NULL)
        return;
    free(signal->samples);
    memset(signal, 0, sizeof *signal);
}

double gait_signal_time_s(const gait_signal *signal, size_t sample_index)
{
    if (signal == NULL || !gait_is_positive_finite(signal->rate_hz))
        return NAN;
    return signal->start_time_s + (double)sample_index / signal->rate_hz;
}

static gait_status check_channel(const gait_signal *signal, size_t channel, const void *buffer,
                                 const char *function)
{
    if (signal == NULL || buffer == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    if (signal->samples == NULL && signal->n_samples > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: signal has no samples buffer", function);
    if (channel >= signal->n_channels)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: channel %zu out of range (signal has %zu)",
                         function, channel, signal->n_channels);
    return GAIT_OK;
}

gait_status gait_signal_get_channel(const gait_signal *signal, size_t channel, double *out)
{
    gait_status status = check_channel(signal, channel, out, "gait_signal_get_channel");
    if (status != GAIT_OK)
        return status;
    for (size_t i = 0; i < signal->n_samples; i++)
        out[i] = signal->samples[i * signal->n_channels + channel];
    return GAIT_OK;
}

gait_status gait_signal_set_channel(gait_signal *signal, size_t channel, const double *in)
{
    gait_status status = check_channel(signal, channel, in, "gait_signal_set_channel");
    if (status != GAIT_OK)
        return status;
    for (size_t i = 0; i < signal->n_samples; i++)
        signal->samples[i * signal->n_channels + channel] = in[i];
    return GAIT_OK;
}

gait_status gait_signal_apply_per_channel(gait_signal *signal, gait_channel_fn fn, void *context,
                                          const char *function)
{
    if (signal == NULL || (signal->samples == NULL && signal->n_samples > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: signal is NULL or has no samples", function);
    if (signal->n_samples == 0)
        return gait_fail(GAIT_E_NO_DATA, "%s: signal has no samples", function);
    double *channel = malloc(signal->n_samples * sizeof *channel);
    if (channel == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: cannot allocate %zu samples", function,
                         signal->n_samples);
    gait_status status = GAIT_OK;
    for (size_t c = 0; c < signal->n_channels && status == GAIT_OK; c++) {
        gait_signal_get_channel(signal, c, channel);
        status = fn(channel, signal->n_samples, context);
        if (status == GAIT_OK)
            gait_signal_set_channel(signal, c, channel);
    }
    free(channel);
    return status;
}
