/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up of the simulator's test suites (sim_motion, sim_kinetics, simulate). */
#ifndef GAIT_SIM_FIXTURES_H
#define GAIT_SIM_FIXTURES_H

#include "sim/sim_internal.h"

/* The documented simulator defaults, spelt out here rather than taken from
 * gait_sim_settings_default() so that the model-level tests do not depend on simulate.c, with the
 * given strike pattern and number of steps. No noise, no bias, IMUs mounted square. */
gait_sim_settings sim_fixture_settings(gait_strike_pattern strike, int n_steps);

/* sim_model_init(model, settings), failing the calling test (with the error detail) unless it
 * succeeds. Release with sim_model_free(). */
void sim_fixture_model(sim_model *model, const gait_sim_settings *settings);

#endif
