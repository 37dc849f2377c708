/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power spectral density (Welch's method, FFTW) and the dominant frequency in a band (cadence). */
#ifndef GAIT_SPECTRUM_H
#define GAIT_SPECTRUM_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Welch settings; defaults from gait_welch_settings_default() match scipy.signal.welch. */
typedef struct gait_welch_settings {
    size_t segment_length; /* samples per segment; default 256. A longer setting than the series is
                              cut to the series length, as scipy does. */
    size_t overlap;        /* samples shared by neighbouring segments; default segment_length / 2
                              (0 here means "half the segment"). Must be < segment_length. */
    size_t fft_length;     /* FFT length >= segment_length (zero padding); 0 (default) means
                              segment_length. */
} gait_welch_settings;

/* Defaults: 256-sample Hann segments, 50 % overlap, no zero padding. The returned instance holds
 * overlap = 0 and fft_length = 0, so both follow the segment length finally used: a series shorter
 * than 256 samples gets scipy's nperseg = n, noverlap = n // 2. (No overlap at all cannot be asked
 * for: overlap 0 means half.) */
GAIT_API gait_welch_settings gait_welch_settings_default(void);

/* Number of one-sided frequency bins gait_welch() writes for a series of n samples:
 * fft_length / 2 + 1, after the segment length is cut to n. 0 if n == 0 or segment_length == 0.
 * settings NULL means gait_welch_settings_default(). */
GAIT_API size_t gait_welch_bins(const gait_welch_settings *settings, size_t n);

/* One-sided power spectral density of x[0..n-1] sampled at rate_hz by Welch's method: Hann
 * (periodic) window, constant detrend per segment, density scaling, segments averaged by mean.
 * Same definition as scipy.signal.welch(x, fs=rate_hz, nperseg, noverlap, nfft).
 * settings NULL means gait_welch_settings_default().
 * freq_hz and psd (caller-owned, n_bins each; n_bins must equal gait_welch_bins()) receive the bin
 * frequencies in Hz and the density in (units of x)^2 / Hz.
 * Errors: GAIT_E_INVALID_ARG (NULL, rate, overlap >= segment, fft shorter than segment, a NaN or
 * infinite sample: fill or cut gaps first), GAIT_E_NO_DATA (n == 0), GAIT_E_BUFFER_SIZE,
 * GAIT_E_NOMEM. Thread-safe: FFTW plans are made under a lock; only their execution runs in
 * parallel. */
GAIT_API gait_status gait_welch(const double *x, size_t n, double rate_hz,
                                const gait_welch_settings *settings, double *freq_hz, double *psd,
                                size_t n_bins);

/* Frequency in Hz of the highest spectral peak of x within [band_low_hz, band_high_hz], refined
 * between bins by a parabola through the log power of the peak bin and its neighbours.
 * settings NULL: one Hann segment over the whole series (mean removed), zero-padded to the
 * smallest power-of-two FFT length >= 8 n (the finest resolution, right for a steady rhythm such
 * as cadence). Otherwise Welch with the given settings. The parabola is used only when the peak
 * bin is a local maximum with positive neighbours; its vertex moves at most half a bin, and the
 * result is clamped to the band.
 * Errors: those of gait_welch(), plus GAIT_E_INVALID_ARG (band not finite, empty (low >= high), or
 * outside 0..Nyquist; with settings NULL, n above INT_MAX / 8) and GAIT_E_NO_DATA (a constant
 * series, no bin inside the band, or no power in it). */
GAIT_API gait_status gait_dominant_frequency(const double *x, size_t n, double rate_hz,
                                             double band_low_hz, double band_high_hz,
                                             const gait_welch_settings *settings,
                                             double *frequency_hz);

#ifdef __cplusplus
}
#endif

#endif
