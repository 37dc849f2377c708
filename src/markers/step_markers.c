/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The markers of one stance: vertical force peaks and loading rates, braking and propulsive
 * impulses, strike index and pattern, foot strike angle. Rules (constants in markers.h):
 *
 * - peak_vgrf: the largest vertical force of the stance (baseline removed).
 * - Impact transient: the first local maximum before the largest force whose prominence (its drop
 *   to the lowest force between it and the largest force) is at least STEP_IMPACT_PROMINENCE of
 *   the largest force and STEP_IMPACT_NOISE_FACTOR noise SDs; the impact peak is the largest force
 *   from it to that lowest point. NaN when there is none.
 * - Loading rate: P = the impact peak, else the first local maximum (the largest force). The
 *   average rate is 0.6 P over the time from 20 % to 80 % of P (first crossings, linearly
 *   interpolated between samples, the sample before IC taken as 0); the instantaneous rate is
 *   the largest sample-to-sample slope over the samples spanning that rise. Both in BW/s.
 * - Impulses: the AP force is the force along the horizontal progression; braking = the integral
 *   of its negative part (negative), propulsive = of its positive part, in BW·s (rectangle rule
 *   over the stance samples).
 * - COP at IC: the first STEP_COP_FIT_S of defined COP samples (at least 3), fitted with a
 *   straight line in time (weights: vertical force squared, as the COP's error goes as 1 / force)
 *   and evaluated at IC; the first defined COP itself when it comes later than 2 STEP_COP_FIT_S
 *   after IC. With a plate's force noise the first milliseconds' COP scatters by force noise x
 *   lever / force (the lever from the plate's centre), so single steps on a large plate can stray
 *   by a few hundredths of foot length while their mean does not.
 * - Strike index with foot markers: the foot is taken at foot flat (the reference instant, see
 *   markers.h), where the heel marker lies over the back of the sole: the COP at IC, carried
 *   with the foot's velocity to the reference instant (the belt's motion on a treadmill, nothing
 *   overground), is projected on the horizontal heel->toe marker axis, measured from the heel
 *   marker and divided by the foot length: foot_length_m when given, else the horizontal
 *   heel-to-toe marker distance (which is short of the foot when the toe marker sits on the
 *   metatarsal heads, as in Plug-in Gait: give the foot length then).
 *   Without markers, with foot_length_m and a plate that stays still: the foot axis is the COP's
 *   path from IC to its last defined sample, whose end is taken for the tip of the toes
 *   (strike index = 1 - path length along the axis / foot length, the end fitted like the start
 *   over the last STEP_COP_FIT_S; the COP leaves behind the tip, under the hallux, so this reads
 *   several hundredths high). Otherwise NaN.
 * - Foot strike angle: the pitch of the heel->toe marker vector (+ toe up) at IC minus its pitch
 *   at the reference instant, in degrees. */
#include <math.h>

#include "gait/simulate.h"
#include "markers/markers.h"

int gait_strike_pattern_of(double strike_index)
{
    if (!isfinite(strike_index))
        return -1;
    if (strike_index < 1.0 / 3.0)
        return GAIT_STRIKE_REARFOOT;
    if (strike_index <= 2.0 / 3.0)
        return GAIT_STRIKE_MIDFOOT;
    return GAIT_STRIKE_FOREFOOT;
}

static gait_vec3 horizontal(gait_vec3 v, gait_vec3 up)
{
    return gait_vec3_sub(v, gait_vec3_scale(up, gait_vec3_dot(v, up)));
}

static int finite3(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

static gait_vec3 cop_at(const double *cop, size_t k)
{
    return gait_vec3_make(cop[3 * k], cop[3 * k + 1], cop[3 * k + 2]);
}

/* Index of the impact peak, or n when there is none; *reference receives the index of the peak the
 * loading rate is measured on. */
static size_t find_impact(const double *f, size_t n, size_t i_max, double noise_sd,
                          size_t *reference)
{
    double min_prominence = fmax(STEP_IMPACT_PROMINENCE * f[i_max],
                                 STEP_IMPACT_NOISE_FACTOR * (isfinite(noise_sd) ? noise_sd : 0.0));
    *reference = i_max;
    for (size_t i = 1; i < i_max; i++) {
        if (!(f[i] >= f[i - 1] && f[i] > f[i + 1]))
            continue;
        size_t low = i + 1;
        for (size_t k = i + 1; k <= i_max; k++)
            if (f[k] < f[low])
                low = k;
        if (f[i] - f[low] < min_prominence)
            continue;
        size_t top = i;
        for (size_t k = i; k < low; k++)
            if (f[k] > f[top])
                top = k;
        *reference = top;
        return top;
    }
    (void)n;
    return n;
}

/* Time (in samples, fractional) at which f first reaches level, searching [0, last]; the sample
 * before the first (IC) is at the baseline, 0. */
static double first_crossing(const double *f, size_t last, double level, size_t *index)
{
    for (size_t i = 0; i <= last; i++) {
        if (f[i] >= level) {
            *index = i;
            double before = i > 0 ? f[i - 1] : 0.0;
            if (f[i] == before)
                return (double)i;
            return (double)i - 1.0 + (level - before) / (f[i] - before);
        }
    }
    *index = last;
    return NAN;
}

static void force_markers(const gait_step_input *in, gait_step *step)
{
    const double *f = in->vertical_n;
    const double w = in->weight_n;
    size_t i_max = 0;
    for (size_t i = 1; i < in->n; i++)
        if (f[i] > f[i_max])
            i_max = i;
    step->peak_vgrf_n = f[i_max];
    step->peak_vgrf_bw = f[i_max] / w;
    size_t reference;
    size_t impact = find_impact(f, in->n, i_max, in->noise_sd_n, &reference);
    step->impact_peak_bw = impact < in->n ? f[impact] / w : NAN;
    double p = f[reference];
    size_t i20, i80;
    double t20 = first_crossing(f, reference, 0.2 * p, &i20);
    double t80 = first_crossing(f, reference, 0.8 * p, &i80);
    if (p > 0.0 && isfinite(t20) && isfinite(t80) && t80 > t20) {
        step->loading_rate_bw_s = 0.6 * p / ((t80 - t20) / in->rate_hz) / w;
        /* From the sample before the 20 % crossing (the baseline, 0, before IC) to the sample at
         * or after the 80 % crossing. */
        double steepest = i20 == 0 ? f[0] * in->rate_hz : -INFINITY;
        for (size_t j = i20 > 0 ? i20 - 1 : 0; j < i80 && j + 1 < in->n; j++)
            steepest = fmax(steepest, (f[j + 1] - f[j]) * in->rate_hz);
        step->instantaneous_loading_rate_bw_s = isfinite(steepest) ? steepest / w : NAN;
    }
    if (finite3(in->forward) && in->force_n != NULL) {
        double braking = 0.0, propulsive = 0.0;
        for (size_t i = 0; i < in->n; i++) {
            double ap = in->force_n[3 * i] * in->forward.x +
                        in->force_n[3 * i + 1] * in->forward.y +
                        in->force_n[3 * i + 2] * in->forward.z;
            if (ap < 0.0)
                braking += ap;
            else if (ap > 0.0)
                propulsive += ap;
        }
        step->braking_impulse_bw_s = braking / in->rate_hz / w;
        step->propulsive_impulse_bw_s = propulsive / in->rate_hz / w;
    }
}

/* Weighted straight-line fit (weights: vertical force squared) of the COP over the defined samples
 * within STEP_COP_FIT_S of the first (at_end 0) or last (at_end 1) defined one, at least 3 of them,
 * evaluated at time t_eval (s from the IC sample). */
static gait_vec3 cop_fit(const gait_step_input *in, size_t edge, int at_end, double t_eval)
{
    double sw = 0, st = 0, stt = 0, sc[3] = {0}, stc[3] = {0};
    size_t used = 0;
    double t_edge = (double)edge / in->rate_hz;
    for (size_t k = 0; k <= (at_end ? edge : in->n - 1 - edge); k++) {
        size_t i = at_end ? edge - k : edge + k;
        double t = (double)i / in->rate_hz;
        if (fabs(t - t_edge) > STEP_COP_FIT_S && used >= 3)
            break;
        gait_vec3 c = cop_at(in->cop_m, i);
        if (!finite3(c) || !isfinite(in->vertical_n[i]))
            continue;
        double wt = in->vertical_n[i] * in->vertical_n[i];
        const double v[3] = {c.x, c.y, c.z};
        sw += wt;
        st += wt * t;
        stt += wt * t * t;
        for (int a = 0; a < 3; a++) {
            sc[a] += wt * v[a];
            stc[a] += wt * t * v[a];
        }
        used++;
    }
    double det = sw * stt - st * st;
    if (used < 2 || !(sw > 0.0) || !(fabs(det) > 1e-12 * sw * stt))
        return cop_at(in->cop_m, edge);
    double out[3];
    for (int a = 0; a < 3; a++) {
        double slope = (sw * stc[a] - st * sc[a]) / det;
        out[a] = (sc[a] - slope * st) / sw + slope * t_eval;
    }
    return gait_vec3_make(out[0], out[1], out[2]);
}

/* COP at IC (see the rules above); NaN when the COP is never defined. *last receives the COP at
 * its last defined sample, fitted the same way. */
static gait_vec3 cop_at_ic(const gait_step_input *in, gait_vec3 *last)
{
    const gait_vec3 none = gait_vec3_make(NAN, NAN, NAN);
    *last = none;
    size_t first = in->n, final = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (finite3(cop_at(in->cop_m, i))) {
            if (first == in->n)
                first = i;
            final = i;
        }
    }
    if (first == in->n)
        return none;
    *last = cop_fit(in, final, 1, (double) final / in->rate_hz);
    if ((double)first / in->rate_hz > 2.0 * STEP_COP_FIT_S)
        return cop_at(in->cop_m, first);
    return cop_fit(in, first, 0, 0.0); /* at the IC sample */
}

static double pitch(gait_vec3 v, gait_vec3 up)
{
    return atan2(gait_vec3_dot(v, up), gait_vec3_norm(horizontal(v, up)));
}

static void strike_markers(const gait_step_input *in, gait_step *step)
{
    const gait_vec3 up = in->up;
    int foot = in->has_foot && finite3(in->heel_ref) && finite3(in->toe_ref);
    if (foot && finite3(in->heel_ic) && finite3(in->toe_ic))
        step->foot_strike_angle_deg = (pitch(gait_vec3_sub(in->toe_ic, in->heel_ic), up) -
                                       pitch(gait_vec3_sub(in->toe_ref, in->heel_ref), up)) *
                                      180.0 / M_PI;
    if (in->cop_m == NULL || !in->cop_reliable)
        return;
    gait_vec3 last;
    gait_vec3 cop = cop_at_ic(in, &last);
    if (!finite3(cop))
        return;
    double si = NAN;
    if (foot) {
        gait_vec3 v = in->foot_velocity;
        if (!finite3(v)) {
            if (in->treadmill)
                return;
            v = gait_vec3_make(0, 0, 0);
        }
        gait_vec3 carried = gait_vec3_add(cop, gait_vec3_scale(v, in->ref_s - in->ic_s));
        gait_vec3 axis = horizontal(gait_vec3_sub(in->toe_ref, in->heel_ref), up);
        double marker_length = gait_vec3_norm(axis);
        if (!(marker_length > 0.0))
            return;
        double length = in->foot_length_m > 0.0 ? in->foot_length_m : marker_length;
        si = gait_vec3_dot(horizontal(gait_vec3_sub(carried, in->heel_ref), up), axis) /
             marker_length / length;
    } else if (in->foot_length_m > 0.0 && !in->treadmill && finite3(last)) {
        gait_vec3 path = horizontal(gait_vec3_sub(last, cop), up);
        double along = gait_vec3_norm(path);
        if (along > 0.0)
            si = 1.0 - along / in->foot_length_m;
    }
    step->strike_index = si;
    step->strike_pattern = gait_strike_pattern_of(si);
}

void gait_step_markers(const gait_step_input *in, gait_step *step)
{
    step->peak_vgrf_n = step->peak_vgrf_bw = step->impact_peak_bw = NAN;
    step->loading_rate_bw_s = step->instantaneous_loading_rate_bw_s = NAN;
    step->braking_impulse_bw_s = step->propulsive_impulse_bw_s = NAN;
    step->strike_index = step->foot_strike_angle_deg = NAN;
    step->strike_pattern = -1;
    if (in == NULL || in->vertical_n == NULL || in->n < 3 || !(in->rate_hz > 0.0))
        return;
    force_markers(in, step);
    strike_markers(in, step);
}
