// SPDX-License-Identifier: GPL-3.0-or-later
// The umbrella header compiles as C++ with no warnings and its symbols link with C linkage.
#include <gait/gait.h>

#include <cstring>

int main()
{
    gait_filter_settings settings = gait_filter_settings_default();
    gait_butterworth filter;
    if (gait_butterworth_design(&settings, 100.0, &filter) != GAIT_OK)
        return 1;
    if (std::strcmp(gait_version(), GAIT_VERSION_STRING) != 0)
        return 1;
    gait_vec3 up = gait_vec3_cross(gait_vec3_make(1, 0, 0), gait_vec3_make(0, 1, 0));
    return up.z == 1.0 ? 0 : 1;
}
