/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling short gaps (runs of NaN) in a uniformly sampled series by cubic spline. */
#ifndef GAIT_GAPFILL_H
#define GAIT_GAPFILL_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/signal.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of finite samples on each side of a gap that the local spline passes through. */
#define GAIT_GAPFILL_SUPPORT_SAMPLES 8

/* Fill every interior gap of at most max_gap_samples NaN samples in x[0..n-1], in place.
 * Infinite samples count as missing too; they are replaced when their gap is filled.
 *
 * Each gap is bridged by a not-a-knot cubic spline through up to GAIT_GAPFILL_SUPPORT_SAMPLES
 * finite samples on each side, taken from the contiguous finite runs next to the gap only (fewer
 * where a run is shorter; a gap filled before is never support for another). With two samples in
 * all it is the straight line, with three the parabola through them. A not-a-knot spline through
 * four or more samples reproduces any cubic exactly. Longer gaps, and gaps that touch either end of
 * the series (nothing to interpolate between), stay NaN.
 * n_filled (may be NULL) receives the number of samples filled (0 on an argument error).
 * Allocates nothing; thread-safe.
 * Errors: GAIT_E_INVALID_ARG (x NULL), GAIT_E_NO_DATA (n == 0), GAIT_E_NUMERIC (a singular spline
 * system, which well-formed input cannot produce; gaps before the failing one are then filled). */
GAIT_API gait_status gait_fill_gaps(double *x, size_t n, size_t max_gap_samples, size_t *n_filled);

/* gait_fill_gaps() on every channel of a signal; max_gap_s is converted to samples by rounding
 * down (max_gap_s * rate_hz, with a relative tolerance of 1e-9 so that 0.29 s at 100 Hz is 29
 * samples). n_filled (may be NULL) receives the total over all channels.
 * Errors: GAIT_E_INVALID_ARG (signal NULL or without samples buffer, rate not finite and > 0,
 * max_gap_s not finite and >= 0), GAIT_E_NO_DATA (0 samples), GAIT_E_NOMEM. */
GAIT_API gait_status gait_signal_fill_gaps(gait_signal *signal, double max_gap_s, size_t *n_filled);

#ifdef __cplusplus
}
#endif

#endif
