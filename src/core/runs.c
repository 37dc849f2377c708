/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "core/internal.h"

size_t gait_next_finite_run(const double *x, size_t n, size_t from, size_t *run_start)
{
    size_t i = from;
    while (i < n && !isfinite(x[i]))
        i++;
    *run_start = i;
    size_t j = i;
    while (j < n && isfinite(x[j]))
        j++;
    return j - i;
}

void gait_map_finite_runs(const double *x, double *y, size_t n, gait_run_fn fn, void *context)
{
    size_t position = 0;
    while (position < n) {
        size_t start;
        size_t length = gait_next_finite_run(x, n, position, &start);
        for (size_t i = position; i < start; i++)
            y[i] = NAN;
        if (length > 0)
            fn(x + start, y + start, length, context);
        position = start + length;
    }
}
