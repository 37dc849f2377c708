/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time series (samples x channels at a fixed rate, NaN for missing samples) and a 3-vector. */
#ifndef GAIT_SIGNAL_H
#define GAIT_SIGNAL_H

#include <math.h>
#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A 3-vector in SI units (m, N, N·m, rad/s, ... as the field that holds it says). */
typedef struct gait_vec3 {
    double x, y, z;
} gait_vec3;

static inline gait_vec3 gait_vec3_make(double x, double y, double z)
{
    gait_vec3 v = {x, y, z};
    return v;
}
static inline gait_vec3 gait_vec3_add(gait_vec3 a, gait_vec3 b)
{
    return gait_vec3_make(a.x + b.x, a.y + b.y, a.z + b.z);
}
static inline gait_vec3 gait_vec3_sub(gait_vec3 a, gait_vec3 b)
{
    return gait_vec3_make(a.x - b.x, a.y - b.y, a.z - b.z);
}
static inline gait_vec3 gait_vec3_scale(gait_vec3 a, double s)
{
    return gait_vec3_make(a.x * s, a.y * s, a.z * s);
}
static inline double gait_vec3_dot(gait_vec3 a, gait_vec3 b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
static inline gait_vec3 gait_vec3_cross(gait_vec3 a, gait_vec3 b)
{
    return gait_vec3_make(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}
static inline double gait_vec3_norm(gait_vec3 a)
{
    return sqrt(gait_vec3_dot(a, a));
}

/* A uniformly sampled multi-channel time series.
 *
 * samples holds n_samples * n_channels doubles, sample-major (one frame after another):
 * channel c of sample i is samples[i * n_channels + c]. Missing samples are NaN.
 * Sample i was taken at start_time_s + i / rate_hz seconds, on the recording's own clock.
 *
 * A signal made by gait_signal_init() owns its samples; release them with gait_signal_free().
 * A caller may also fill the struct with its own buffer and never pass it to gait_signal_free(). */
typedef struct gait_signal {
    double *samples;
    size_t n_samples;
    size_t n_channels;
    double rate_hz;
    double start_time_s;
} gait_signal;

/* Allocate a signal of n_samples x n_channels, every sample NaN.
 * Errors: GAIT_E_INVALID_ARG (n_channels 0, rate_hz not finite and > 0, start_time_s not finite),
 * GAIT_E_NOMEM. On error *signal is left empty (samples NULL) and needs no free. n_samples may be
 * 0. */
GAIT_API gait_status gait_signal_init(gait_signal *signal, size_t n_samples, size_t n_channels,
                                      double rate_hz, double start_time_s);

/* Release the samples of a signal made by gait_signal_init() and empty the struct. NULL is a no-op,
 * and so is a second call. */
GAIT_API void gait_signal_free(gait_signal *signal);

/* Time in seconds of sample index sample_index. */
GAIT_API double gait_signal_time_s(const gait_signal *signal, size_t sample_index);

/* Copy channel `channel` into out[0 .. n_samples-1] (caller-owned). Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_signal_get_channel(const gait_signal *signal, size_t channel,
                                             double *out);

/* Overwrite channel `channel` with in[0 .. n_samples-1]. Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_signal_set_channel(gait_signal *signal, size_t channel, const double *in);

#ifdef __cplusplus
}
#endif

#endif
