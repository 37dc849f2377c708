/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Resampling a uniformly sampled series to another rate on the same clock (e.g. analog 1500 Hz to
 * marker 250 Hz and back). */
#ifndef GAIT_RESAMPLE_H
#define GAIT_RESAMPLE_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/signal.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of output samples covering the same time span: the output sample k is at time
 * k / rate_out_hz from the first input sample, for every k with that time <= (n_in - 1) /
 * rate_in_hz (up to a relative tolerance of 1e-9). 0 for n_in == 0, a rate that is not finite and >
 * 0, or a length too large to allocate. */
GAIT_API size_t gait_resample_length(size_t n_in, double rate_in_hz, double rate_out_hz);

/* Resample x[0..n_in-1] taken at rate_in_hz into y[0..n_out-1] at rate_out_hz (caller-owned,
 * n_out from gait_resample_length()).
 *
 * Downsampling first applies an anti-alias zero-lag Butterworth low-pass (gait_filtfilt(), order 4
 * per pass, cutoff 0.8 x the output Nyquist frequency). Its edge padding leaves a start-up
 * transient near the ends of each run (about 5e-4 of a slow wave's amplitude at the end sample,
 * fading within ~100 ms at 250 Hz output). Values are then read off a natural cubic spline through
 * the input samples (O(h^4) inside a run, O(h^2) in the first and last few intervals, where the
 * natural end condition sets x'' = 0). NaN gaps stay gaps: each finite run is resampled on its own;
 * a run of 2 samples is interpolated linearly, and output samples that fall in a gap, or in a run
 * of 1 sample, are NaN. Upsampling or equal rates do not filter. Errors: GAIT_E_INVALID_ARG (NULL,
 * rates not finite and > 0), GAIT_E_NO_DATA (n_in == 0), GAIT_E_BUFFER_SIZE (n_out differs from
 * gait_resample_length()), GAIT_E_NOMEM, GAIT_E_NUMERIC (the anti-alias filter cannot be designed:
 * downsampling by more than about 300:1, e.g. 1500 Hz to 2 Hz; resample in two steps). */
GAIT_API gait_status gait_resample(const double *x, size_t n_in, double rate_in_hz, double *y,
                                   size_t n_out, double rate_out_hz);

/* Resample every channel of in into a new signal *out at rate_out_hz (same start time). *out is
 * allocated by libgait: release it with gait_signal_free(). On error *out is left untouched.
 * Errors: as gait_resample(); GAIT_E_INVALID_ARG also for in or out NULL, or in without a samples
 * buffer; GAIT_E_NO_DATA for 0 samples. */
GAIT_API gait_status gait_signal_resample(const gait_signal *in, double rate_out_hz,
                                          gait_signal *out);

#ifdef __cplusplus
}
#endif

#endif
