/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder (being written): de Leva foot inertia and Newton–Euler. */
#include <string.h>

#include "sim/sim_internal.h"

void sim_foot_inertia(const sim_model *model, sim_segment_inertia *inertia)
{
    (void)model;
    memset(inertia, 0, sizeof *inertia);
}

void sim_newton_euler(const sim_segment_inertia *inertia, const sim_frame *foot, gait_vec3 force_n,
                      gait_vec3 cop_m, double free_moment_nm, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n)
{
    (void)inertia, (void)foot, (void)force_n, (void)cop_m, (void)free_moment_nm;
    *moment_nm = gait_vec3_make(0, 0, 0);
    if (joint_force_n != NULL)
        *joint_force_n = gait_vec3_make(0, 0, 0);
}

void sim_ankle_moment(const sim_model *model, size_t stance, double t, gait_vec3 *moment_nm,
                      gait_vec3 *joint_force_n)
{
    (void)model, (void)stance, (void)t;
    *moment_nm = gait_vec3_make(0, 0, 0);
    if (joint_force_n != NULL)
        *joint_force_n = gait_vec3_make(0, 0, 0);
}
