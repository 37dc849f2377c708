/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Butterworth design and zero-lag (forward-backward) filtering.
 *
 * The design matches scipy.signal.butter(order, cutoff, btype, fs=rate): bilinear transform with
 * the cutoff pre-warped, transfer-function (b, a) form. Filtering matches scipy.signal.filtfilt(b,
 * a, x) with its defaults: odd-extension padding of 3 * (order + 1) samples at each end and initial
 * conditions at the steady state of the first sample, so a constant passes a low-pass unchanged.
 *
 * Missing samples (NaN) split a series into runs; each run of finite samples is filtered on its own
 * and the NaN samples stay NaN. A run too short for the full padding is padded with (length - 1)
 * samples, as scipy.signal.filtfilt(..., padlen=length - 1) would. */
#ifndef GAIT_FILTER_H
#define GAIT_FILTER_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/signal.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Highest Butterworth order gait_butterworth_design() accepts. Orders above 8 at low normalised
 * cutoffs are numerically unstable in (b, a) form; the design then fails with GAIT_E_NUMERIC. */
#define GAIT_BUTTERWORTH_MAX_ORDER 12

typedef enum gait_filter_type {
    GAIT_FILTER_LOWPASS = 0,
    GAIT_FILTER_HIGHPASS = 1
} gait_filter_type;

/* What a user asks for. Get the defaults from gait_filter_settings_default() and change fields. */
typedef struct gait_filter_settings {
    gait_filter_type type;  /* default GAIT_FILTER_LOWPASS */
    int order;              /* Butterworth order of one pass, 1..GAIT_BUTTERWORTH_MAX_ORDER.
                               Default 2: run forward and backward it is the 4th-order zero-lag filter
                               of the biomechanics literature. */
    double cutoff_hz;       /* default 15 Hz, a common choice for running markers and forces alike
                               (filter both with the same cutoff). Must be in (0, rate/2). */
    int correct_for_passes; /* 0 (default): cutoff_hz is the design cutoff of one pass, as in
                               scipy/MATLAB filtfilt; the two passes then put the -3 dB point below
                               cutoff_hz (at -6 dB there). 1: apply Winter's correction so that the
                               forward-backward result has its -3 dB point at cutoff_hz. */
} gait_filter_settings;

/* The documented defaults: low-pass, order 2, 15 Hz, no pass correction. */
GAIT_API gait_filter_settings gait_filter_settings_default(void);

/* A designed filter: plain data, safe to copy and share between threads. */
typedef struct gait_butterworth {
    gait_filter_type type;
    int order;
    double rate_hz;
    double cutoff_hz;        /* as requested */
    double design_cutoff_hz; /* after Winter's correction, if asked for; else cutoff_hz */
    double b[GAIT_BUTTERWORTH_MAX_ORDER + 1]; /* numerator, order + 1 used */
    double a[GAIT_BUTTERWORTH_MAX_ORDER + 1]; /* denominator, a[0] = 1, order + 1 used */
} gait_butterworth;

/* Winter's cutoff correction factor C = (2^(1/n_passes) - 1)^(1/(2 * order)) for a Butterworth of
 * `order` applied n_passes times. The corrected design cutoff is found from
 * tan(pi * f_design / rate) = tan(pi * f_c / rate) / C (correction applied to the pre-warped
 * frequency, so it is exact for the bilinear design). Returns NaN for order < 1 or n_passes < 1. */
GAIT_API double gait_winter_correction(int order, int n_passes);

/* Design a Butterworth filter for signals sampled at rate_hz.
 * Errors: GAIT_E_INVALID_ARG (rate not finite and > 0, order outside 1..GAIT_BUTTERWORTH_MAX_ORDER,
 * cutoff not in (0, Nyquist), also after correction), GAIT_E_NUMERIC (the (b, a) form loses the
 * filter's gain at this order and cutoff: use a lower order). */
GAIT_API gait_status gait_butterworth_design(const gait_filter_settings *settings, double rate_hz,
                                             gait_butterworth *filter);

/* Zero-lag filter x[0..n-1] into y[0..n-1] (caller-owned; y may equal x for in-place use).
 * NaN samples split the series into runs filtered independently (see above).
 * Errors: GAIT_E_NO_DATA (n == 0), GAIT_E_INVALID_ARG (NULL pointers, a filter not from
 * gait_butterworth_design), GAIT_E_NOMEM. Thread-safe; allocates O(n) scratch. */
GAIT_API gait_status gait_filtfilt(const gait_butterworth *filter, const double *x, double *y,
                                   size_t n);

/* gait_filtfilt() without allocating (for firmware and streaming): scratch holds scratch_size
 * doubles, at least gait_filtfilt_scratch_size(filter, n) (n plus the padding at both ends; 0 for
 * an invalid filter or an n that overflows). Errors: those of gait_filtfilt() except NOMEM, and
 * GAIT_E_BUFFER_SIZE (scratch too short). */
GAIT_API size_t gait_filtfilt_scratch_size(const gait_butterworth *filter, size_t n);
GAIT_API gait_status gait_filtfilt_with_scratch(const gait_butterworth *filter, const double *x,
                                                double *y, size_t n, double *scratch,
                                                size_t scratch_size);

/* Design a filter for signal->rate_hz and filter every channel of signal in place. */
GAIT_API gait_status gait_signal_filtfilt(gait_signal *signal,
                                          const gait_filter_settings *settings);

#ifdef __cplusplus
}
#endif

#endif
