/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait_struct_size(): sizeof every public struct, by name (gait/binding.h). */
#include <string.h>

#include "gait/binding.h"
#include "gait/gait.h"

#define STRUCT_ENTRY(type)                                                                         \
    {                                                                                              \
#type, sizeof(type)                                                                        \
    }

static const struct {
    const char *name;
    size_t size;
} structs[] = {
    STRUCT_ENTRY(gait_vec3),
    STRUCT_ENTRY(gait_signal),
    STRUCT_ENTRY(gait_filter_settings),
    STRUCT_ENTRY(gait_butterworth),
    STRUCT_ENTRY(gait_welch_settings),
    STRUCT_ENTRY(gait_c3d_info),
    STRUCT_ENTRY(gait_c3d_event),
    STRUCT_ENTRY(gait_c3d_param_shape),
    STRUCT_ENTRY(gait_plate_settings),
    STRUCT_ENTRY(gait_force_plate),
    STRUCT_ENTRY(gait_sim_settings),
    STRUCT_ENTRY(gait_sim_step),
    STRUCT_ENTRY(gait_step),
    STRUCT_ENTRY(gait_stance_settings),
    STRUCT_ENTRY(gait_analyze_settings),
    STRUCT_ENTRY(gait_analyze_inputs),
    STRUCT_ENTRY(gait_trial_summary),
    STRUCT_ENTRY(gait_analyze_imu_settings),
    STRUCT_ENTRY(gait_trial_sensor),
    STRUCT_ENTRY(gait_trc_info),
    STRUCT_ENTRY(gait_mot_info),
    STRUCT_ENTRY(gait_mot_grf),
    STRUCT_ENTRY(gait_imu_csv_settings),
    STRUCT_ENTRY(gait_imu_csv_info),
    STRUCT_ENTRY(gait_imu_settings),
};

#define N_STRUCTS (sizeof structs / sizeof structs[0])

size_t gait_struct_size(const char *name)
{
    if (name == NULL)
        return 0;
    for (size_t i = 0; i < N_STRUCTS; i++)
        if (strcmp(structs[i].name, name) == 0)
            return structs[i].size;
    return 0;
}

const char *gait_struct_name(size_t i)
{
    return i < N_STRUCTS ? structs[i].name : NULL;
}
