/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated trial's timeline (IC and TO of every step) and where each foot lands. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/mat3.h"
#include "sim/sim_internal.h"

/* Recording time before the first IC and after the last TO. */
#define LEAD_TIME_S 0.3
/* Lateral distance between left and right footprints (running step width, ~0.05-0.10 m). */
#define STEP_WIDTH_M 0.08
/* Foot progression angle, toes out (typical 5-10 deg in running). */
#define TOE_OUT_RAD (6.0 * M_PI / 180.0)
/* Proportions of foot length (anthropometric averages): ankle joint centre above the sole and
 * ahead of the heel, metatarsal heads ahead of the heel. */
#define ANKLE_HEIGHT_FRACTION  0.27
#define ANKLE_FORWARD_FRACTION 0.19
#define MTP_FORWARD_FRACTION   0.72

static gait_status check_settings(const gait_sim_settings *s)
{
    if (s->n_steps < 1 || s->n_steps > 10000)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: n_steps %d not in 1..10000",
                         s->n_steps);
    if (!(s->speed_mps > 0.5 && s->speed_mps < 12.0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: speed_mps %g not in (0.5, 12)",
                         s->speed_mps);
    if (!(s->cadence_steps_per_min >= 120.0 && s->cadence_steps_per_min <= 240.0))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_sim_run: cadence_steps_per_min %g not in [120, 240]",
                         s->cadence_steps_per_min);
    double period_s = 60.0 / s->cadence_steps_per_min;
    if (!(s->contact_time_s >= 0.1 && s->contact_time_s <= 0.9 * period_s))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_sim_run: contact_time_s %g must be in [0.1, %g] to leave a flight "
                         "phase at %g steps/min",
                         s->contact_time_s, 0.9 * period_s, s->cadence_steps_per_min);
    if (!(s->body_mass_kg >= 20.0 && s->body_mass_kg <= 200.0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: body_mass_kg %g not in [20, 200]",
                         s->body_mass_kg);
    if (!(s->foot_length_m >= 0.15 && s->foot_length_m <= 0.35))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: foot_length_m %g not in [0.15, 0.35]",
                         s->foot_length_m);
    if (s->strike < GAIT_STRIKE_REARFOOT || s->strike > GAIT_STRIKE_FOREFOOT)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: unknown strike pattern %d",
                         (int)s->strike);
    return GAIT_OK;
}

gait_status sim_model_init(sim_model *model, const gait_sim_settings *settings)
{
    memset(model, 0, sizeof *model);
    gait_status status = check_settings(settings);
    if (status != GAIT_OK)
        return status;
    model->settings = *settings;
    double length = settings->foot_length_m;
    sim_foot_geometry *foot = &model->foot;
    foot->length_m = length;
    foot->ankle_height_m = ANKLE_HEIGHT_FRACTION * length;
    foot->heel_m = gait_vec3_make(-ANKLE_FORWARD_FRACTION * length, 0.0, -foot->ankle_height_m);
    foot->toe_m =
        gait_vec3_make((1.0 - ANKLE_FORWARD_FRACTION) * length, 0.0, -foot->ankle_height_m);
    foot->mtp_m = gait_vec3_make((MTP_FORWARD_FRACTION - ANKLE_FORWARD_FRACTION) * length, 0.0,
                                 -foot->ankle_height_m);

    model->step_period_s = 60.0 / settings->cadence_steps_per_min;
    model->n_stances = (size_t)settings->n_steps;
    model->stances = calloc(model->n_stances, sizeof *model->stances);
    if (model->stances == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory for %zu steps",
                         model->n_stances);
    for (size_t k = 0; k < model->n_stances; k++) {
        sim_stance *stance = &model->stances[k];
        stance->side = k % 2 == 0 ? SIM_RIGHT : SIM_LEFT;
        stance->ic_s = LEAD_TIME_S + (double)k * model->step_period_s;
        stance->to_s = stance->ic_s + settings->contact_time_s;
        double lateral = stance->side == SIM_RIGHT ? -0.5 * STEP_WIDTH_M : 0.5 * STEP_WIDTH_M;
        double toe_out = stance->side == SIM_RIGHT ? -TOE_OUT_RAD : TOE_OUT_RAD;
        stance->forward = gait_vec3_make(cos(toe_out), sin(toe_out), 0.0);
        stance->left = gait_vec3_make(-sin(toe_out), cos(toe_out), 0.0);
        /* The heel lands where the body has carried it: one step length per step. */
        stance->heel_m = gait_vec3_make(settings->speed_mps * stance->ic_s, lateral, 0.0);
    }
    model->duration_s = model->stances[model->n_stances - 1].to_s + LEAD_TIME_S;
    return GAIT_OK;
}

void sim_model_free(sim_model *model)
{
    free(model->stances);
    memset(model, 0, sizeof *model);
}

long sim_last_ic_at_or_before(const sim_model *model, int side, double t)
{
    /* stances are in time order: binary search for the last IC at or before t ... */
    size_t lo = 0, hi = model->n_stances;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (model->stances[mid].ic_s <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* ... then back to the side's (sides alternate, so at most a few steps) */
    for (size_t k = lo; k > 0; k--)
        if (model->stances[k - 1].side == side)
            return (long)(k - 1);
    return -1;
}

long sim_stance_at(const sim_model *model, int side, double t)
{
    long k = sim_last_ic_at_or_before(model, side, t);
    return k >= 0 && t < model->stances[k].to_s ? k : -1;
}

void sim_point_motion(const sim_frame *frame, gait_vec3 local_m, gait_vec3 *position_m,
                      gait_vec3 *velocity_mps, gait_vec3 *acceleration_mps2)
{
    gait_vec3 arm = gait_mat3_mul_vec(frame->rotation, local_m);
    if (position_m != NULL)
        *position_m = gait_vec3_add(frame->origin_m, arm);
    gait_vec3 spin = gait_vec3_cross(frame->omega_rad_s, arm);
    if (velocity_mps != NULL)
        *velocity_mps = gait_vec3_add(frame->velocity_mps, spin);
    if (acceleration_mps2 != NULL)
        *acceleration_mps2 = gait_vec3_add(
            frame->acceleration_mps2, gait_vec3_add(gait_vec3_cross(frame->alpha_rad_s2, arm),
                                                    gait_vec3_cross(frame->omega_rad_s, spin)));
}
