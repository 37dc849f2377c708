/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First and second derivatives by finite differences, per finite run: central differences inside a
 * run, second-order one-sided differences at its first and last sample. */
#include <math.h>
#include <stdint.h>

#include "core/internal.h"
#include "gait/derivative.h"

/* dx/dt of one run x[0..n-1], n >= 3 (numpy.gradient(x, dt, edge_order=2)). */
static void first_derivative_run(const double *x, double *y, size_t n, double rate_hz)
{
    const double half_rate = 0.5 * rate_hz;
    y[0] = (-3.0 * x[0] + 4.0 * x[1] - x[2]) * half_rate;
    for (size_t i = 1; i + 1 < n; i++)
        y[i] = (x[i + 1] - x[i - 1]) * half_rate;
    y[n - 1] = (3.0 * x[n - 1] - 4.0 * x[n - 2] + x[n - 3]) * half_rate;
}

/* d2x/dt2 of one run x[0..n-1], n >= 4. */
static void second_derivative_run(const double *x, double *y, size_t n, double rate_hz)
{
    const double rate2 = rate_hz * rate_hz;
    y[0] = (2.0 * x[0] - 5.0 * x[1] + 4.0 * x[2] - x[3]) * rate2;
    for (size_t i = 1; i + 1 < n; i++)
        y[i] = (x[i + 1] - 2.0 * x[i] + x[i - 1]) * rate2;
    y[n - 1] = (2.0 * x[n - 1] - 5.0 * x[n - 2] + 4.0 * x[n - 3] - x[n - 4]) * rate2;
}

typedef struct derivative_context {
    int derivative_order;
    double rate_hz;
} derivative_context;

/* A run shorter than derivative_order + 2 samples is too short for the edge formulas: NaN. */
static void derivative_run(const double *x, double *y, size_t n, void *context_pointer)
{
    const derivative_context *context = context_pointer;
    if (n < (size_t)context->derivative_order + 2) {
        for (size_t i = 0; i < n; i++)
            y[i] = NAN;
    } else if (context->derivative_order == 1) {
        first_derivative_run(x, y, n, context->rate_hz);
    } else {
        second_derivative_run(x, y, n, context->rate_hz);
    }
}

gait_status gait_derivative(const double *x, size_t n, double rate_hz, int derivative_order,
                            double *y)
{
    if (x == NULL || y == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_derivative: NULL argument");
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_derivative: rate_hz %g must be finite and > 0",
                         rate_hz);
    if (derivative_order != 1 && derivative_order != 2)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_derivative: derivative_order %d must be 1 or 2",
                         derivative_order);
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_derivative: empty input (0 samples)");
    /* Integer addresses: comparing pointers into different objects is undefined in C. */
    uintptr_t xa = (uintptr_t)x;
    uintptr_t ya = (uintptr_t)y;
    uintptr_t bytes = (uintptr_t)n * sizeof *x;
    if (xa < ya + bytes && ya < xa + bytes)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_derivative: y overlaps x");

    derivative_context context = {derivative_order, rate_hz};
    gait_map_finite_runs(x, y, n, derivative_run, &context);
    return GAIT_OK;
}
