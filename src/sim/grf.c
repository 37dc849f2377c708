/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder (being written): ground reaction of a stance. */
#include <math.h>

#include "sim/sim_internal.h"

void sim_grf(const sim_model *model, size_t stance, double t, gait_vec3 *force_n, gait_vec3 *cop_m,
             double *free_moment_nm)
{
    (void)model, (void)stance, (void)t;
    *force_n = gait_vec3_make(0, 0, 0);
    *cop_m = gait_vec3_make(NAN, NAN, NAN);
    *free_moment_nm = 0.0;
}

double sim_strike_index(gait_strike_pattern pattern)
{
    (void)pattern;
    return 0.0;
}
