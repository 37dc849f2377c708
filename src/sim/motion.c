/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder (being written): foot and shank motion, markers, IMUs. */
#include <string.h>

#include "sim/sim_internal.h"

void sim_foot_frame(const sim_model *model, int side, double t, sim_frame *foot)
{
    (void)model, (void)side, (void)t;
    memset(foot, 0, sizeof *foot);
}

void sim_shank_frame(const sim_model *model, int side, double t, sim_frame *shank)
{
    (void)model, (void)side, (void)t;
    memset(shank, 0, sizeof *shank);
}

void sim_ankle_angles(const sim_model *model, int side, double t, double angles_rad[3])
{
    (void)model, (void)side, (void)t;
    angles_rad[0] = angles_rad[1] = angles_rad[2] = 0.0;
}

double sim_sole_angle(const sim_model *model, int side, double t)
{
    (void)model, (void)side, (void)t;
    return 0.0;
}

size_t sim_marker_count(void)
{
    return 0;
}

const char *sim_marker_name(size_t i, int side)
{
    (void)i, (void)side;
    return "";
}

void sim_marker_position(const sim_model *model, size_t i, int side, double t,
                         gait_vec3 *position_m)
{
    (void)model, (void)i, (void)side, (void)t;
    *position_m = gait_vec3_make(0, 0, 0);
}

void sim_imu_sample(const sim_model *model, gait_sim_segment segment, int side, double t,
                    gait_vec3 *acc_mps2, gait_vec3 *gyr_rad_s)
{
    (void)model, (void)segment, (void)side, (void)t;
    *acc_mps2 = *gyr_rad_s = gait_vec3_make(0, 0, 0);
}
