/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers shared by every module: error reporting and one-time setup. */
#ifndef GAIT_INTERNAL_H
#define GAIT_INTERNAL_H

#include <stddef.h>

#include "gait/status.h"

/* Record the calling thread's detail message and return status, so a failure reads
 *   return gait_fail(GAIT_E_INVALID_ARG, "gait_x: rate_hz %g must be > 0", rate_hz); */
gait_status gait_fail(gait_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Turn GSL's abort-on-error handler off, once per process, thread-safely. Call before any GSL use.
 */
void gait_gsl_setup(void);

/* FFTW's planner is not thread-safe; hold this lock around plan creation and destruction. */
void gait_fftw_planner_lock(void);
void gait_fftw_planner_unlock(void);

/* 1 if x is finite and > 0. */
int gait_is_positive_finite(double x);

/* Finite runs: NaN (or infinite) samples split a series into runs of finite samples that the DSP
 * modules process one by one. Finds the first run starting at or after index `from`; returns its
 * length (0 when there is none) and its first index in *run_start. */
size_t gait_next_finite_run(const double *x, size_t n, size_t from, size_t *run_start);

/* Call fn on each finite run of x[0..n-1] and the matching stretch of y, and write NaN to y
 * wherever x is not finite. y may equal x. */
typedef void (*gait_run_fn)(const double *x_run, double *y_run, size_t run_length, void *context);
void gait_map_finite_runs(const double *x, double *y, size_t n, gait_run_fn fn, void *context);

/* Apply fn to each channel of signal in turn, through a contiguous scratch copy that is written
 * back afterwards. Stops at the first failure and returns it. */
typedef gait_status (*gait_channel_fn)(double *channel, size_t n_samples, void *context);
struct gait_signal;
gait_status gait_signal_apply_per_channel(struct gait_signal *signal, gait_channel_fn fn,
                                          void *context, const char *function);

#endif
