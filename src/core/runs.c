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
