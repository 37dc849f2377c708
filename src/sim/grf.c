/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ground reaction of one simulated stance: force on the subject, centre of pressure (COP) on the
 * ground and free moment, in the canonical frame (x forward, y left, z up).
 *
 * Every curve is a closed-form function of the stance time s = (t - IC) / contact time in [0, 1),
 * built so that the physics it must obey holds exactly, not approximately:
 *   - vertical impulse over the stance = body weight x step period (model->step_period_s): for
 *     periodic running at constant mean height the mean vertical force over a step is the body
 *     weight, so the vertical amplitude is solved for, not chosen;
 *   - anterior-posterior (AP) and medio-lateral (ML) impulses are zero (constant speed, no net
 *     sideways drift): both are antisymmetric about mid-stance;
 *   - force and free moment are C1 over the whole recording: zero with zero slope at IC and TO.
 *
 * Vertical, in body weights (BW):
 *   Fz(s) = A * beta(s) + B * impact(t - IC)
 *   beta(s)   = s^1.5 (1 - s)^2.1 / its peak: the active (body) component, peak 1 at s = 0.417;
 *   impact(u) = sin^2(pi u / (2 rise)) on [0, rise), cos^2(pi (u - rise) / (2 fall)) on
 *               [rise, rise + fall): the foot's collision (Clark et al. 2017 two-mass idea);
 *   rearfoot B = 0.9 BW, rise 25 ms, fall 22 ms; midfoot B = 0.4 BW, rise 15 ms, fall 12 ms;
 *   forefoot none. Rise and fall shrink together if the rise would pass 12.5 % of the contact.
 *   A = (step period - B (rise + fall) / 2) / (contact time * integral of beta).
 * At the defaults (3.5 m/s, 172 steps/min, contact 0.24 s) this gives, per pattern:
 *   rearfoot: impact peak 1.75 BW at 29.5 ms (12 % of stance), average loading rate (20-80 % of
 *             the impact peak) 85 BW/s, dip 1.51 BW, active peak 2.50 BW at 42 % of stance;
 *   midfoot:  a small transient 0.87 BW at 18 ms (67 BW/s), active peak 2.62 BW;
 *   forefoot: no transient (steepest rise 41 BW/s), active peak 2.66 BW.
 * Anterior-posterior along the footprint's forward axis: braking then propulsion,
 *   Fap(s) = -0.40 BW * 2 sin^2(pi s) cos(pi s) / (4 / (3 sqrt 3)),
 *   peaks -0.40 BW at s = 0.304 and +0.40 BW at s = 0.696, zero crossing at mid-stance.
 * Medio-lateral along the footprint's left axis, mirrored per side: the same antisymmetric shape,
 *   0.06 BW directed laterally (away from the body's midline) at s = 0.304 and medially at 0.696;
 *   the ML pattern varies between runners (Cavanagh & Lafortune 1980; Munro et al. 1987), its
 *   size does not (<= 0.1 BW).
 * The forces are expressed along the footprint axes (forward, left, up) and then rotated into the
 * canonical frame. As both horizontal impulses are zero in the footprint axes, they are zero in
 * the canonical frame too, whatever the toe-out angle.
 *
 * COP on the ground, relative to the footprint (heel point, forward, left), L = foot length:
 *   along forward: L * (SI + (0.93 - SI) g(s) - E s (1 - s)^3 / (27/256)),
 *     g(s) = 0.7 (1 - (1 - s)^3) + 0.3 s^3: it starts at the strike index SI (rearfoot 0.10,
 *     midfoot 0.45, forefoot 0.75; Cavanagh & Lafortune 1980 categories rearfoot < 1/3, midfoot
 *     1/3-2/3, forefoot > 2/3), moves fast through the heel and midfoot (g'(0) = 2.1), slowly in
 *     mid-stance (g'(0.5) = 0.75) and on toward the toes late (g'(1) = 0.9), and leaves at 0.93 L
 *     (under the hallux) at toe-off. After a midfoot or forefoot strike the heel comes down
 *     and the COP first moves back (as Cavanagh & Lafortune 1980 saw in midfoot strikers):
 *     E = 0.10 for the midfoot (the COP lingers near 0.45-0.47 L for the first 10 % of stance),
 *     E = 0.18 for the forefoot (back from 0.75 L to 0.64 L at 20 % of stance), E = 0 for the
 *     rearfoot; the excursion is largest at s = 1/4. Path at s = 0, 0.2, 0.42, 0.6, 0.8, in
 *     fractions of L: rearfoot 0.10 0.39 0.59 0.70 0.80, midfoot 0.45 0.52 0.65 0.76 0.85,
 *     forefoot 0.75 0.64 0.72 0.81 0.89;
 *   lateral of the foot's long axis: L * (0.05 - 0.06 s^2): 13 mm lateral at IC (the lateral heel
 *     or lateral forefoot touches first), 10 mm at the vertical peak, crossing the axis at
 *     s = 0.91 and 2.6 mm medial at toe-off (medial forefoot, hallux). That is about 1 cm, more
 *     than "a few mm": with ~2.5 BW above it, a 1 mm lateral COP is worth only 0.025 N·m/kg of
 *     inversion moment, and a few tenths need about 1 cm.
 *   With the ankle joint centre above the foot's long axis (foot flat, not rolled), the lateral
 *   COP under the vertical force and the ML force at ankle height give an internal ankle
 *   inversion moment peaking at 0.30-0.32 N·m/kg near 34 % of stance for every pattern: the
 *   "few tenths of N·m/kg" of the frontal-plane ankle moment in running (and a plantarflexor
 *   moment peaking at 2.8, 3.3 and 3.7 N·m/kg for rearfoot, midfoot and forefoot). The truth
 *   moment also depends on how motion.c rolls the foot: moving the ankle 1 mm medially over
 *   the COP adds about 1 mm x 2.4 BW, i.e. 0.024 N·m/kg of inversion moment.
 * Free moment about +z, on the foot: an adduction moment (turning the toes medially), the sign
 *   that dominates running stance (Holden & Cavanagh 1991): T(s) = +-0.08 N·m/kg * body mass *
 *   sin^2(pi s), + on the right foot, - on the left; 5.6 N·m peak at 70 kg.
 * Outside the stance [IC, TO): zero force, NaN COP, zero free moment.
 *
 * References for the magnitudes (approximate published ranges, running at about 3-5 m/s):
 *   Cavanagh PR, Lafortune MA (1980) Ground reaction forces in distance running. J Biomech
 *     13:397-406. Strike index and its thirds; rearfoot impact ~2 BW and active peak ~2.8 BW at
 *     4.5 m/s; COP paths from the lateral heel (rearfoot) or lateral forefoot (midfoot) toward
 *     the hallux; small and variable ML forces.
 *   Munro CF, Miller DI, Fuglevand AJ (1987) Ground reaction forces in running: a
 *     reexamination. J Biomech 20:147-155. Impact peak ~1.6-2.3 BW, thrust (active) maximum
 *     ~2.5-2.8 BW, loading rate and AP impulses increasing with speed over 3-5 m/s.
 *   Nilsson J, Thorstensson A (1989) Ground reaction forces at different speeds of human walking
 *     and running. Acta Physiol Scand 136:217-227. Vertical peaks ~2-2.9 BW, braking and
 *     propulsive peaks of a few tenths of BW rising with speed.
 *   Milner CE, Ferber R, Pollard CD, Hamill J, Davis IS (2006) Biomechanical factors associated
 *     with tibial stress fracture in female runners. Med Sci Sports Exerc 38:323-328. Average
 *     vertical loading rates of the order of 70-100 BW/s in rearfoot running.
 *   Holden JP, Cavanagh PR (1991) The free moment of ground reaction in distance running and its
 *     changes with pronation. J Biomech 24:887-897. Free moment of a few N·m, mostly adduction.
 *   Clark KP, Ryan LJ, Weyand PG (2017) A general relationship links gait mechanics and running
 *     ground reaction forces. J Exp Biol 220:247-258. Vertical force as an impact component plus
 *     an active component. */
#include <math.h>

#include "sim/sim_internal.h"

/* Active vertical component s^A (1 - s)^B, normalised to a peak of 1. */
#define ACTIVE_EXP_RISE 1.5
#define ACTIVE_EXP_FALL 2.1
/* Impact transients: amplitude above the active component (BW), rise and fall durations (s). */
#define REARFOOT_IMPACT_BW     0.9
#define REARFOOT_IMPACT_RISE_S 0.025
#define REARFOOT_IMPACT_FALL_S 0.022
#define MIDFOOT_IMPACT_BW      0.4
#define MIDFOOT_IMPACT_RISE_S  0.015
#define MIDFOOT_IMPACT_FALL_S  0.012
/* The impact rise never takes more than this fraction of the contact. */
#define IMPACT_RISE_MAX_FRACTION 0.125
/* Horizontal force peaks (BW). */
#define AP_PEAK_BW 0.40
#define ML_PEAK_BW 0.06
/* COP along the foot: where it leaves, and the weight of the fast early part of its path. */
#define COP_TOE_OFF_FRACTION 0.93
#define COP_EARLY_WEIGHT     0.7
/* Posterior excursion of the COP after a midfoot or forefoot strike (fraction of foot length at
 * its largest, s = 0.25), as the heel comes down. */
#define COP_BACK_MIDFOOT  0.10
#define COP_BACK_FOREFOOT 0.18
/* COP lateral of the foot's long axis, as fractions of foot length: L (a - b s^2). */
#define COP_LATERAL_IC_FRACTION 0.05
#define COP_LATERAL_DROP        0.06
/* Free moment peak (N·m per kg body mass). */
#define FREE_MOMENT_PEAK_NM_KG 0.08

double sim_strike_index(gait_strike_pattern pattern)
{
    switch (pattern) {
    case GAIT_STRIKE_MIDFOOT:
        return 0.45;
    case GAIT_STRIKE_FOREFOOT:
        return 0.75;
    case GAIT_STRIKE_REARFOOT:
    default:
        return 0.10;
    }
}

/* The impact transient of a pattern: amplitude (BW), rise and fall durations (s). */
static void impact_shape(const sim_model *model, double contact_s, double *amplitude_bw,
                         double *rise_s, double *fall_s)
{
    double amplitude = 0.0, rise = 0.0, fall = 0.0;
    switch (model->settings.strike) {
    case GAIT_STRIKE_REARFOOT:
        amplitude = REARFOOT_IMPACT_BW, rise = REARFOOT_IMPACT_RISE_S,
        fall = REARFOOT_IMPACT_FALL_S;
        break;
    case GAIT_STRIKE_MIDFOOT:
        amplitude = MIDFOOT_IMPACT_BW, rise = MIDFOOT_IMPACT_RISE_S, fall = MIDFOOT_IMPACT_FALL_S;
        break;
    case GAIT_STRIKE_FOREFOOT:
    default:
        break;
    }
    double longest = IMPACT_RISE_MAX_FRACTION * contact_s;
    if (rise > longest) {
        fall *= longest / rise;
        rise = longest;
    }
    *amplitude_bw = amplitude;
    *rise_s = rise;
    *fall_s = fall;
}

/* Peak of s^a (1 - s)^b over [0, 1], at s = a / (a + b). */
static double active_peak(void)
{
    const double a = ACTIVE_EXP_RISE, b = ACTIVE_EXP_FALL;
    return pow(a / (a + b), a) * pow(b / (a + b), b);
}

/* Integral of s^a (1 - s)^b over [0, 1]: the beta function B(a + 1, b + 1). */
static double active_integral(void)
{
    const double a = ACTIVE_EXP_RISE, b = ACTIVE_EXP_FALL;
    return exp(lgamma(a + 1.0) + lgamma(b + 1.0) - lgamma(a + b + 2.0));
}

/* Vertical force in BW at stance time u = t - IC (0 <= u < contact). */
static double vertical_bw(const sim_model *model, double contact_s, double u)
{
    double amplitude, rise, fall;
    impact_shape(model, contact_s, &amplitude, &rise, &fall);
    /* Impulse in BW·s: A contact integral/peak + amplitude (rise + fall) / 2 = step period. */
    double active_bw = (model->step_period_s - 0.5 * amplitude * (rise + fall)) /
                       (contact_s * active_integral() / active_peak());
    double s = u / contact_s;
    double force =
        active_bw * pow(s, ACTIVE_EXP_RISE) * pow(1.0 - s, ACTIVE_EXP_FALL) / active_peak();
    if (amplitude > 0.0) {
        if (u < rise) {
            double w = sin(0.5 * M_PI * u / rise);
            force += amplitude * w * w;
        } else if (u < rise + fall) {
            double w = cos(0.5 * M_PI * (u - rise) / fall);
            force += amplitude * w * w;
        }
    }
    return force;
}

/* 2 sin^2(pi s) cos(pi s) scaled to a peak magnitude of 1: +1 at s = 0.304, -1 at s = 0.696,
 * antisymmetric about s = 0.5 (zero integral), zero with zero slope at both ends. */
static double antisymmetric_lobes(double s)
{
    double sn = sin(M_PI * s);
    return 2.0 * sn * sn * cos(M_PI * s) / (4.0 / (3.0 * sqrt(3.0)));
}

void sim_grf(const sim_model *model, size_t stance, double t, gait_vec3 *force_n, gait_vec3 *cop_m,
             double *free_moment_nm)
{
    *force_n = gait_vec3_make(0, 0, 0);
    *cop_m = gait_vec3_make(NAN, NAN, NAN);
    *free_moment_nm = 0.0;
    if (stance >= model->n_stances)
        return;
    const sim_stance *st = &model->stances[stance];
    if (!(t >= st->ic_s && t < st->to_s))
        return;
    const double contact_s = st->to_s - st->ic_s;
    const double u = t - st->ic_s;
    const double s = u / contact_s;
    const double weight_n = model->settings.body_mass_kg * SIM_GRAVITY_MPS2;
    const double length_m = model->foot.length_m;
    /* +1 when the foot's medial side is +left (right foot), -1 when it is -left (left foot). */
    const double medial = st->side == SIM_RIGHT ? 1.0 : -1.0;

    double vertical = weight_n * vertical_bw(model, contact_s, u);
    double forward = -AP_PEAK_BW * weight_n * antisymmetric_lobes(s);
    /* Lateral first, medial later: along +left that is -medial then +medial. */
    double leftward = -medial * ML_PEAK_BW * weight_n * antisymmetric_lobes(s);
    *force_n = gait_vec3_add(
        gait_vec3_add(gait_vec3_scale(st->forward, forward), gait_vec3_scale(st->left, leftward)),
        gait_vec3_make(0.0, 0.0, vertical));

    double si = sim_strike_index(model->settings.strike);
    double late = 1.0 - s;
    double g = COP_EARLY_WEIGHT * (1.0 - late * late * late) + (1.0 - COP_EARLY_WEIGHT) * s * s * s;
    double back = model->settings.strike == GAIT_STRIKE_FOREFOOT  ? COP_BACK_FOREFOOT
                  : model->settings.strike == GAIT_STRIKE_MIDFOOT ? COP_BACK_MIDFOOT
                                                                  : 0.0;
    /* s (1 - s)^3 peaks at s = 1/4 with 27/256. */
    double excursion = back * s * late * late * late * (256.0 / 27.0);
    double along_m = length_m * (si + (COP_TOE_OFF_FRACTION - si) * g - excursion);
    double lateral_m = length_m * (COP_LATERAL_IC_FRACTION - COP_LATERAL_DROP * s * s);
    *cop_m =
        gait_vec3_add(st->heel_m, gait_vec3_add(gait_vec3_scale(st->forward, along_m),
                                                gait_vec3_scale(st->left, -medial * lateral_m)));
    cop_m->z = 0.0;

    double sn = sin(M_PI * s);
    *free_moment_nm = medial * FREE_MOMENT_PEAK_NM_KG * model->settings.body_mass_kg * sn * sn;
}
