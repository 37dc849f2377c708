/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First and second time derivatives by finite differences. */
#ifndef GAIT_DERIVATIVE_H
#define GAIT_DERIVATIVE_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dx/dt (derivative_order 1) or d2x/dt2 (derivative_order 2) of x[0..n-1] sampled at rate_hz, into
 * y[0..n-1] (caller-owned, must not overlap x), in units of x per second (per second squared).
 *
 * Interior samples use central differences; the first and last sample of each finite run use
 * second-order one-sided differences (as numpy.gradient(x, edge_order=2) does for the first
 * derivative, and (2 x0 - 5 x1 + 4 x2 - x3) / dt^2 for the second). All are second-order accurate
 * and exact for polynomials of degree 2 (the second-derivative formulas even for degree 3).
 * NaN (and infinite) samples split the series into runs and give NaN; a run shorter than
 * derivative_order + 2 samples (3 for the first derivative, 4 for the second) is too short for
 * these formulas and gives NaN. Allocates nothing; thread-safe. Errors: GAIT_E_INVALID_ARG (NULL,
 * rate not finite and > 0, order not 1 or 2, y overlapping x), GAIT_E_NO_DATA (n == 0). */
GAIT_API gait_status gait_derivative(const double *x, size_t n, double rate_hz,
                                     int derivative_order, double *y);

#ifdef __cplusplus
}
#endif

#endif
