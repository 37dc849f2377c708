/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sim_fixtures.h"

#include <string.h>

#include "check_runner.h"

gait_sim_settings sim_fixture_settings(gait_strike_pattern strike, int n_steps)
{
    gait_sim_settings s;
    memset(&s, 0, sizeof s);
    s.seed = 1;
    s.mode = GAIT_SIM_OVERGROUND;
    s.speed_mps = 3.5;
    s.cadence_steps_per_min = 172.0;
    s.contact_time_s = 0.24;
    s.n_steps = n_steps;
    s.body_mass_kg = 70.0;
    s.foot_length_m = 0.26;
    s.strike = strike;
    s.peak_dorsiflexion_deg = 20.0;
    s.peak_eversion_deg = 10.0;
    s.peak_external_rotation_deg = 8.0;
    s.toe_off_plantarflexion_deg = 25.0;
    s.vertical = GAIT_SIM_Z_UP;
    s.progression = GAIT_SIM_PLUS_X;
    s.marker_rate_hz = 200.0;
    s.plate_rate_hz = 1000.0;
    s.imu_rate_hz = 200.0;
    return s;
}

void sim_fixture_model(sim_model *model, const gait_sim_settings *settings)
{
    test_assert_ok(sim_model_init(model, settings), "sim_model_init");
}
