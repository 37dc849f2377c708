/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: being written. */
#include <math.h>
#include <stddef.h>

#include "core/internal.h"
#include "gait/analyze.h"

gait_stance_settings gait_stance_settings_default(void)
{
    gait_stance_settings s = {20.0, 20.0, 0.08, 1.5, 200.0, 0.0};
    return s;
}

gait_analyze_settings gait_analyze_settings_default(void)
{
    gait_analyze_settings s = {gait_stance_settings_default(), 0.0, 0.0};
    return s;
}

const char *gait_step_marker_name(size_t k)
{
    (void)k;
    return NULL;
}

double gait_step_marker_value(const gait_step *step, size_t k)
{
    (void)step, (void)k;
    return NAN;
}

gait_status gait_analyze_c3d(const gait_c3d *c3d, const gait_analyze_settings *settings,
                             gait_trial **trial)
{
    (void)c3d, (void)settings;
    *trial = NULL;
    return gait_fail(GAIT_E_UNSUPPORTED, "gait_analyze_c3d: not written yet");
}

gait_status gait_analyze_mot(const gait_mot *mot, const gait_analyze_settings *settings,
                             gait_trial **trial)
{
    (void)mot, (void)settings;
    *trial = NULL;
    return gait_fail(GAIT_E_UNSUPPORTED, "gait_analyze_mot: not written yet");
}

void gait_trial_free(gait_trial *trial)
{
    (void)trial;
}

size_t gait_trial_step_count(const gait_trial *trial)
{
    (void)trial;
    return 0;
}

gait_status gait_trial_get_step(const gait_trial *trial, size_t i, gait_step *step)
{
    (void)trial, (void)i, (void)step;
    return gait_fail(GAIT_E_UNSUPPORTED, "gait_trial_get_step: not written yet");
}

gait_status gait_trial_get_summary(const gait_trial *trial, gait_trial_summary *summary)
{
    (void)trial, (void)summary;
    return gait_fail(GAIT_E_UNSUPPORTED, "gait_trial_get_summary: not written yet");
}

double gait_trial_body_mass_kg(const gait_trial *trial, gait_mass_source *source)
{
    (void)trial;
    if (source != NULL)
        *source = GAIT_MASS_UNKNOWN;
    return NAN;
}

const char *gait_trial_frame(const gait_trial *trial, int *vertical_axis, int *vertical_sign,
                             double progression[3])
{
    (void)trial, (void)vertical_axis, (void)vertical_sign, (void)progression;
    return "";
}

const char *gait_trial_warning(const gait_trial *trial, size_t i)
{
    (void)trial, (void)i;
    return NULL;
}
