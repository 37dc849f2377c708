/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated runner's foot and shank: poses with analytic velocities and accelerations,
 * markers and IMU signals (canonical frame: x forward, y left, z up; metres, seconds, radians).
 *
 * Every trajectory is built from keyframes joined by quintic Hermite segments (curve.h), so it is
 * C2 over the whole recording with exact first and second derivatives. Each side repeats a cycle
 * stance -> swing -> stance; before the side's first real stance and after its last, virtual
 * stances one stride (two step periods, speed x two step periods along x) away continue it.
 *
 * FOOT. R_foot = Rz(yaw) * Ry(-theta): yaw from the stance's forward vector (toe-out), theta the
 * sole pitch (+ toe up), no roll (the sole is flat sideways). Foot frame: origin at the ankle
 * joint centre, x toward the toes along the sole, y left, z up normal to the sole.
 * Stance, as fractions of contact time (one rigid sole from the heel to the MTP line, see below):
 *   IC -> foot flat:  pivot about the point that lands first, fixed on the ground:
 *                     theta = theta_IC (1-s)^3 (1 + 2s + 2s^2) (monotone, rate -theta_IC/T at IC);
 *                     rearfoot theta_IC = +12 deg about the heel, flat at 15 %;
 *                     midfoot  theta_IC =  +1 deg about the heel, flat at 6 %;
 *                     forefoot theta_IC =  -6 deg about the MTP point, heel down (flat) at 25 %.
 *   foot flat -> heel-off at 55 %: the foot is still (theta = 0, heel on the footprint).
 *   heel-off -> TO:   pivot about the MTP point: theta = -35 deg (2s^3 - s^4), which ends with the
 *                     largest toe-down rate (2 x mean) and zero angular acceleration at TO.
 * The foot strike angle truth is theta_IC above, returned by sim_sole_angle() at IC. While a point
 * is the pivot its position is constant (exactly zero velocity and acceleration), and the ankle is
 * pivot - R r_pivot. Every pivot change happens with the foot flat and theta, its rate and its
 * acceleration all zero, so the motion stays C2.
 * Toes: with the sole pitched toe-down about the MTP line, a rigid sole would push the toe tip
 * (model->foot.toe_m) (toe - mtp) sin|theta| into the ground; real toes dorsiflex at the MTP
 * joints instead, so this model's rigid sole is heel .. MTP, and the TOE marker sits over the
 * 2nd metatarsal head on the forefoot side of the toe break (as in Plug-in Gait), where it stays
 * above ground.
 * Swing (TO -> next IC of the same side, duration Ts):
 *   theta: TO state -> minimum -60 deg (foot pitched toe-down behind the body, early swing,
 *          reached after twice the time the TO rate would take, within 10-35 % of Ts) -> for
 *          heel landings a maximum a little above theta_IC one landing-pivot duration before IC
 *          (3-10 % of Ts; the toe stops rising, then drops with a rate growing like a power of
 *          time that meets the IC rate and acceleration) -> IC state.
 *   position: the first 12 % of Ts lift the MTP point off the ground along a cubic (zero velocity
 *          and acceleration at TO, then speed x forward and 1 m/s up); the last 10 % bring the
 *          landing point (heel, or MTP for forefoot) down along a cubic (from speed x forward and
 *          0.8 m/s down to rest); between them the ankle follows quintic segments through an
 *          apex at mid-time, (0.24 + 0.02 s x speed) x foot_length / 0.26 m high (0.31 m at
 *          3.5 m/s), horizontally at the state of the cubic Hermite through the two ends.
 *   yaw: quintic from one stance's yaw to the next with zero rates.
 *
 * ANKLE ANGLES (prescribed; ISB JCS: Wu G et al. (2002) J Biomech 35:543-548; Grood ES,
 * Suntay WJ (1983) J Biomech Eng 105:136-144). The foot relative to the shank,
 * R_rel = R_shank^T R_foot, is the intrinsic sequence
 *     R_rel = Ry(-df) * Rx(sigma * inv) * Rz(sigma * ir),   sigma = +1 right, -1 left,
 * about e1 = the shank's medio-lateral axis y (left), then the floating axis e2 (the shank's x
 * after the first rotation, = +/-(e3 x e1) normalised), then e3 = the foot's superior axis z.
 * df = dorsiflexion (toes toward the shin; +), inv = inversion (sole turned medially; +), ir =
 * internal rotation (toes turned medially; +), the same anatomical meaning on both sides: the
 * left side is the mirror image (y -> -y), which keeps the rotation about y and flips those about
 * x and z. With all three zero the shank frame equals the foot frame (shank perpendicular to the
 * sole). The shank is R_shank = R_foot R_rel^T; with w the relative angular velocity in shank
 * axes, omega_shank = omega_foot - R_shank w and alpha_shank = alpha_foot - omega_shank x
 * (R_shank w) - R_shank w'. Shank frame: origin at the ankle joint centre, x anterior, y left, z
 * along the tibia toward the knee.
 * Keyframes (degrees; f = fraction of contact time, s = fraction of swing). Every keyframe is a
 * turning point with zero rate and a half-cosine curvature (sim_curve_shape; a pause with zero
 * rate and acceleration where unusual settings make neighbours not alternate), so each segment is
 * monotone and the prescribed peaks are exactly the extremes over stance:
 *   dorsiflexion  IC +3 rearfoot / -3 midfoot / -10 forefoot; max = peak_dorsiflexion_deg at
 *                 f 0.45; min = -toe_off_plantarflexion_deg at TO; swing max +5 at s 0.5.
 *   inversion     IC +4; min = -peak_eversion_deg at f 0.40; TO +6; swing min +2 at s 0.5.
 *   internal rot. IC +2; min = -peak_external_rotation_deg at f 0.50; TO +4; swing min 0 at 0.5.
 * The IC and TO values are clamped so that they never pass the peak (the peak stays the extreme).
 *
 * Magnitudes. Novacheck TF (1998) The biomechanics of running, Gait Posture 7:77-95, and Dugan SA,
 * Bhat KP (2005) Biomechanics and analysis of running gait, Phys Med Rehabil Clin N Am 16:603-621:
 * ankle near neutral at IC, ~20 deg peak dorsiflexion at mid-stance, ~20-25 deg plantarflexion at
 * toe-off, neutral to slight dorsiflexion in mid-swing. Altman AR, Davis IS (2012) A kinematic
 * method for footstrike pattern detection in barefoot and shod runners, Gait Posture 35:298-300:
 * foot strike angle > 8 deg rearfoot, -1.6..8 midfoot, < -1.6 forefoot (12, 1, -6 here), and a
 * plantarflexed ankle at forefoot landings. Reinschmidt C, van den Bogert AJ, Murphy N, Lundberg A,
 * Nigg BM (1997) Tibiocalcaneal motion during running, measured with external and bone markers,
 * Clin Biomech 12:8-16: calcaneus inverted a few degrees at touchdown, eversion of ~10 deg peaking
 * in the first half of stance, tibial internal rotation relative to the calcaneus (ankle external
 * rotation) of a few to ~10 deg around mid-stance. Segment proportions: Winter DA (2009)
 * Biomechanics and motor control of human movement, 4th ed.: foot length 0.152 H, shank (knee to
 * ankle) 0.246 H, so shank = 1.62 foot lengths (0.42 m for a 0.26 m foot).
 *
 * MARKERS (local positions scale with foot_length_m / 0.26; medial is +y on the right, -y on the
 * left): HEE back of the heel 2 cm above the sole; TOE over the 2nd metatarsal head, also 2 cm
 * above the sole (so heel -> toe is parallel to the sole: the "flat foot" marker placement); MT1 /
 * MT5 medial 1st / lateral 5th metatarsal heads, +/-1 cm along the foot about the MTP point, 4.9 cm
 * either side of the foot axis, 1.6 cm above the sole; LMAL / MMAL at the ankle centre -/+ 3.5 cm
 * along the shank's y (so the mid-malleoli point is the ankle joint centre exactly); LKNE / MKNE at
 * the knee, 1.62 foot lengths up the shank's z, -/+ 5 cm along y; TIB on the anterior tibia at
 * mid-shank, 3.5 cm in front of the shank axis.
 *
 * IMUS. Sensor frame = segment frame * Rz(a) Ry(b) Rx(c), (a, b, c) = imu_mount_zyx_deg (the same
 * mounting on both sides). Impact: the rigid model lands softly (the landing point arrives at
 * rest), but a real foot meets the ground at some 0.5-1 m/s and the shoe and heel pad stop it in
 * 10-20 ms: the same deceleration that makes the vertical GRF's impact peak. The IMUs get it as an
 * upward half-sine of specific force starting exactly at IC, IMPACT_DURATION_S long, with peaks
 * by strike pattern (foot 5 / 3.5 / 2.5 g for rearfoot / midfoot / forefoot; the shank
 * IMPACT_SHANK_FRACTION of that; foot-mounted peaks of 3-10 g and tibial peaks of 2-8 g are
 * reported for shod running: e.g. Mercer JA et al. (2003) Eur J Appl Physiol 88:558-563;
 * Lafortune MA (1991) J Biomech 24:877-886). The positions (markers) leave out the few
 * millimetres of shoe compression this implies. Foot IMU on the dorsum over the instep, 0.23 foot
 * lengths ahead of the ankle centre and 0.21 above the sole; shank IMU on the anterior tibia at 42
 * % of the shank length, 4 cm in front of its axis. acc = R_sensor^T (a_point + g z) (specific
 * force), gyr = R_sensor^T omega; noise and bias are added by simulate.c. */
#include <math.h>
#include <stddef.h>

#include "core/mat3.h"
#include "sim/curve.h"
#include "sim/sim_internal.h"

#define DEG_TO_RAD (M_PI / 180.0)

/* Sole pitch at IC per strike pattern (the foot strike angle truth), degrees. */
#define STRIKE_ANGLE_REARFOOT_DEG 12.0
#define STRIKE_ANGLE_MIDFOOT_DEG  1.0
#define STRIKE_ANGLE_FOREFOOT_DEG (-6.0)
/* Foot flat (end of the landing pivot), fraction of contact time. */
#define FLAT_FRACTION_REARFOOT 0.15
#define FLAT_FRACTION_MIDFOOT  0.06
#define FLAT_FRACTION_FOREFOOT 0.25
/* Heel-off, fraction of contact time, and sole pitch at TO. */
#define HEEL_OFF_FRACTION 0.55
#define TOE_OFF_SOLE_DEG  (-35.0)
/* Swing sole pitch: minimum (early swing), and the pre-landing maximum for heel landings. */
#define SWING_SOLE_MIN_DEG       (-60.0)
#define SWING_MIN_EARLIEST       0.10 /* fraction of swing after TO */
#define SWING_MIN_LATEST         0.35
#define PRE_LANDING_MIN_FRACTION 0.03 /* of swing: the pre-landing maximum's lead on IC ... */
#define PRE_LANDING_MAX_FRACTION 0.10 /* ... is the landing pivot's duration, within these */
/* Swing path. */
#define LIFT_FRACTION          0.12 /* of swing: MTP lift-off cubic */
#define LIFT_FORWARD_PER_SPEED 1.0  /* MTP forward speed at the end of the lift, x running speed */
#define LIFT_UP_MPS            1.0
#define LAND_FRACTION          0.10 /* of swing: landing-point approach cubic */
#define LAND_FORWARD_PER_SPEED 1.0
#define LAND_DOWN_MPS          0.8
#define APEX_BASE_M            0.24 /* ankle apex height for a 0.26 m foot ... */
#define APEX_PER_SPEED_S       0.02 /* ... plus this times speed */
#define APEX_MIN_RISE_M        0.05 /* apex at least this above both ends of the middle segment */

/* Anthropometry of the markers and IMUs for a 0.26 m foot (scaled by foot_length_m / 0.26). */
#define REFERENCE_FOOT_M      0.26
#define SHANK_PER_FOOT_LENGTH 1.62 /* Winter 2009: 0.246 H / 0.152 H */
#define MALLEOLAR_HALF_M      0.035
#define KNEE_HALF_M           0.05
#define TIB_ANTERIOR_M        0.035
#define HEEL_MARKER_HEIGHT_M  0.02
#define TOE_MARKER_HEIGHT_M   0.02
#define MT_HALF_SPAN_M        0.01  /* along the foot, MT1 ahead of and MT5 behind the MTP point */
#define MT_HALF_WIDTH_M       0.049 /* either side of the foot axis */
#define MT_HEIGHT_M           0.016
#define FOOT_IMU_FORWARD      0.23 /* foot lengths ahead of the ankle centre */
#define IMPACT_DURATION_S     0.015
#define IMPACT_SHANK_FRACTION 0.6
#define FOOT_IMU_HEIGHT       0.21 /* foot lengths above the sole */
#define SHANK_IMU_HEIGHT      0.42 /* of the shank length */
#define SHANK_IMU_ANTERIOR_M  0.04

/* ---- rotations (row-major 3x3, core/mat3.h) ---- */

/* Rotation by angle about axis 0 (x), 1 (y) or 2 (z). */
static void axis_rotation(int axis, double angle, double m[9])
{
    const double c = cos(angle), s = sin(angle);
    for (int i = 0; i < 9; i++)
        m[i] = 0.0;
    if (axis == 0) {
        m[0] = 1.0;
        m[4] = c, m[5] = -s, m[7] = s, m[8] = c;
    } else if (axis == 1) {
        m[4] = 1.0;
        m[0] = c, m[2] = s, m[6] = -s, m[8] = c;
    } else {
        m[8] = 1.0;
        m[0] = c, m[1] = -s, m[3] = s, m[4] = c;
    }
}

static gait_vec3 unit_axis(int axis)
{
    return gait_vec3_make(axis == 0, axis == 1, axis == 2);
}

/* An intrinsic chain R = R_axis0(q0) R_axis1(q1) ... with q[i] = {angle, rate, acceleration}:
 * its rotation, angular velocity and angular acceleration, all in the chain's base frame. */
static void rotation_chain(int n, const int *axes, const double (*q)[3], double r[9],
                           gait_vec3 *omega, gait_vec3 *alpha)
{
    double step[9];
    for (int i = 0; i < 9; i++)
        r[i] = i % 4 == 0 ? 1.0 : 0.0;
    gait_vec3 w = gait_vec3_make(0, 0, 0), dw = w;
    for (int i = 0; i < n; i++) {
        gait_vec3 u = gait_mat3_mul_vec(r, unit_axis(axes[i]));
        dw = gait_vec3_add(dw, gait_vec3_add(gait_vec3_scale(u, q[i][2]),
                                             gait_vec3_scale(gait_vec3_cross(w, u), q[i][1])));
        w = gait_vec3_add(w, gait_vec3_scale(u, q[i][1]));
        axis_rotation(axes[i], q[i][0], step);
        gait_mat3_mul(r, step, r);
    }
    *omega = w;
    *alpha = dw;
}

/* ---- the side's stances, real and virtual ---- */

typedef struct step_geo {
    double ic_s, to_s;
    double yaw_rad;
    gait_vec3 heel_m;  /* footprint heel point on the ground */
    gait_vec3 forward; /* unit, along the ground */
    gait_vec3 left;    /* unit, z x forward */
} step_geo;

static long side_count(const sim_model *model, int side)
{
    long n = (long)model->n_stances;
    return n > side ? (n - side + 1) / 2 : 0;
}

static double stride_s(const sim_model *model)
{
    return 2.0 * model->step_period_s;
}

/* Stance j of `side` (model->stances alternate sides, right first, so the j-th stance of side s
 * is model->stances[2 j + s]); j outside the real ones is extrapolated by whole strides. A side
 * without any real stance (the left with one step) mirrors the right one step period later. */
static void side_step(const sim_model *model, int side, long j, step_geo *g)
{
    const long n = side_count(model, side);
    long base_j;
    double shift_s;
    const sim_stance *base;
    int mirror = 0;
    if (n == 0) {
        base = &model->stances[0];
        base_j = 0;
        shift_s = model->step_period_s + (double)j * stride_s(model);
        mirror = 1;
    } else {
        base_j = j < 0 ? 0 : (j >= n ? n - 1 : j);
        base = &model->stances[2 * base_j + side];
        shift_s = (double)(j - base_j) * stride_s(model);
    }
    g->ic_s = base->ic_s + shift_s;
    g->to_s = base->to_s + shift_s;
    g->heel_m = base->heel_m;
    g->heel_m.x += model->settings.speed_mps * shift_s;
    g->forward = base->forward;
    if (mirror) {
        g->heel_m.y = -g->heel_m.y;
        g->forward.y = -g->forward.y;
    }
    g->left = gait_vec3_make(-g->forward.y, g->forward.x, 0.0);
    g->yaw_rad = atan2(g->forward.y, g->forward.x);
}

/* The j whose stance starts at or before t and whose next stance starts after t. */
static long side_find(const sim_model *model, int side, double t)
{
    const long n = side_count(model, side);
    step_geo g;
    long j;
    side_step(model, side, 0, &g);
    const double first = g.ic_s;
    if (n == 0 || t < first) {
        j = (long)floor((t - first) / stride_s(model));
    } else {
        side_step(model, side, n - 1, &g);
        if (t >= g.ic_s) {
            j = n - 1 + (long)floor((t - g.ic_s) / stride_s(model));
        } else {
            long lo = 0, hi = n - 1; /* ic(lo) <= t < ic(hi) */
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (model->stances[2 * mid + side].ic_s <= t)
                    lo = mid;
                else
                    hi = mid;
            }
            j = lo;
        }
    }
    /* Guard the floor() against rounding at a boundary. */
    for (;;) {
        side_step(model, side, j, &g);
        if (t < g.ic_s) {
            j--;
            continue;
        }
        side_step(model, side, j + 1, &g);
        if (t >= g.ic_s) {
            j++;
            continue;
        }
        return j;
    }
}

/* ---- sole pitch ---- */

typedef struct pattern_params {
    double strike_rad;    /* theta at IC */
    double flat_fraction; /* end of the landing pivot */
    int lands_on_heel;    /* landing pivot: heel (1) or MTP point (0) */
} pattern_params;

static pattern_params pattern_of(const sim_model *model)
{
    pattern_params p;
    switch (model->settings.strike) {
    case GAIT_STRIKE_MIDFOOT:
        p.strike_rad = STRIKE_ANGLE_MIDFOOT_DEG * DEG_TO_RAD;
        p.flat_fraction = FLAT_FRACTION_MIDFOOT;
        break;
    case GAIT_STRIKE_FOREFOOT:
        p.strike_rad = STRIKE_ANGLE_FOREFOOT_DEG * DEG_TO_RAD;
        p.flat_fraction = FLAT_FRACTION_FOREFOOT;
        break;
    case GAIT_STRIKE_REARFOOT:
    default:
        p.strike_rad = STRIKE_ANGLE_REARFOOT_DEG * DEG_TO_RAD;
        p.flat_fraction = FLAT_FRACTION_REARFOOT;
        break;
    }
    p.lands_on_heel = p.strike_rad >= 0.0;
    return p;
}

/* The IC knot of a stance: theta_IC (1-s)^3 (1 + 2s + 2s^2) over the landing pivot of length T
 * starts with rate -theta_IC / T and acceleration -2 theta_IC / T^2. */
static sim_knot landing_knot(const pattern_params *p, const step_geo *g)
{
    const double span = p->flat_fraction * (g->to_s - g->ic_s);
    sim_knot k = {g->ic_s, p->strike_rad, -p->strike_rad / span,
                  -2.0 * p->strike_rad / (span * span), 0};
    return k;
}

/* Sole pitch keyframes of the cycle from stance a's IC to stance b's IC (b the next stance of
 * the same side): IC, flat, heel-off, TO, swing minimum, [pre-landing maximum], IC. */
static size_t pitch_knots(const sim_model *model, const step_geo *a, const step_geo *b,
                          sim_knot knots[7])
{
    const pattern_params p = pattern_of(model);
    const double contact = a->to_s - a->ic_s;
    const double late = (1.0 - HEEL_OFF_FRACTION) * contact;
    const double toe_off = TOE_OFF_SOLE_DEG * DEG_TO_RAD;
    const double swing = b->ic_s - a->to_s;
    size_t n = 0;
    knots[n++] = landing_knot(&p, a);
    knots[n++] = (sim_knot){a->ic_s + p.flat_fraction * contact, 0.0, 0.0, 0.0, 0};
    knots[n++] = (sim_knot){a->ic_s + HEEL_OFF_FRACTION * contact, 0.0, 0.0, 0.0, 0};
    /* toe_off (2s^3 - s^4): rate 2 toe_off / late, acceleration 0 at TO. */
    const double to_rate = 2.0 * toe_off / late;
    knots[n++] = (sim_knot){a->to_s, toe_off, to_rate, 0.0, 0};
    /* The swing minimum, reached after about twice the time the TO rate would take. */
    const double min_angle = SWING_SOLE_MIN_DEG * DEG_TO_RAD;
    double t_min = 2.0 * fabs(min_angle - toe_off) / fabs(to_rate);
    if (t_min < SWING_MIN_EARLIEST * swing)
        t_min = SWING_MIN_EARLIEST * swing;
    if (t_min > SWING_MIN_LATEST * swing)
        t_min = SWING_MIN_LATEST * swing;
    knots[n++] = (sim_knot){a->to_s + t_min, min_angle, 0.0, 0.0, 1};
    const sim_knot landing = landing_knot(&p, b);
    if (landing.rate < 0.0) {
        /* The toe stops rising just before a heel landing, then drops, the drop's rate growing
         * like a power k of time so that it meets the IC rate and acceleration without a bump:
         * theta' ~ s^k has end acceleration / rate = k / lead = 2 / landing span (landing_knot),
         * and rise = |rate| lead / (k + 1). */
        const double span = p.flat_fraction * (b->to_s - b->ic_s);
        double lead = span;
        if (lead < PRE_LANDING_MIN_FRACTION * swing)
            lead = PRE_LANDING_MIN_FRACTION * swing;
        if (lead > PRE_LANDING_MAX_FRACTION * swing)
            lead = PRE_LANDING_MAX_FRACTION * swing;
        const double power = 2.0 * lead / span;
        const double rise = fabs(landing.rate) * lead / (power + 1.0);
        knots[n++] = (sim_knot){b->ic_s - lead, landing.value + rise, 0.0, 0.0, 1};
    }
    knots[n++] = landing;
    sim_curve_shape(knots, n);
    return n;
}

/* ---- foot pose ---- */

typedef struct foot_state {
    sim_frame frame;
    double pitch[3]; /* theta, rate, acceleration */
} foot_state;

/* Rotation, omega and alpha of the foot from yaw and pitch states. */
static void foot_rotation(const double yaw[3], const double pitch[3], sim_frame *f)
{
    static const int axes[2] = {2, 1};
    const double q[2][3] = {{yaw[0], yaw[1], yaw[2]}, {-pitch[0], -pitch[1], -pitch[2]}};
    rotation_chain(2, axes, q, f->rotation, &f->omega_rad_s, &f->alpha_rad_s2);
}

/* The ankle (frame origin) motion given the motion of the foot point r (foot frame) at p, v, a. */
static void ankle_from_point(sim_frame *f, gait_vec3 r, gait_vec3 p, gait_vec3 v, gait_vec3 a)
{
    gait_vec3 arm = gait_mat3_mul_vec(f->rotation, r);
    gait_vec3 spin = gait_vec3_cross(f->omega_rad_s, arm);
    f->origin_m = gait_vec3_sub(p, arm);
    f->velocity_mps = gait_vec3_sub(v, spin);
    f->acceleration_mps2 = gait_vec3_sub(a, gait_vec3_add(gait_vec3_cross(f->alpha_rad_s2, arm),
                                                          gait_vec3_cross(f->omega_rad_s, spin)));
}

static gait_vec3 ground_point(const sim_model *model, const step_geo *g, gait_vec3 local)
{
    return gait_vec3_add(g->heel_m, gait_vec3_scale(g->forward, local.x - model->foot.heel_m.x));
}

/* Rotation of the foot at t within the cycle (pitch knots given). */
static void cycle_rotation(const step_geo *a, const step_geo *b, const sim_knot *pk, size_t npk,
                           double t, sim_frame *f, double pitch[3])
{
    double yaw[3] = {a->yaw_rad, 0.0, 0.0};
    sim_curve_eval(pk, npk, t, pitch);
    if (t >= a->to_s) {
        double dyaw = b->yaw_rad - a->yaw_rad;
        dyaw = atan2(sin(dyaw), cos(dyaw));
        sim_knot y0 = {a->to_s, a->yaw_rad, 0.0, 0.0, 0};
        sim_knot y1 = {b->ic_s, a->yaw_rad + dyaw, 0.0, 0.0, 0};
        sim_quintic(&y0, &y1, t, yaw);
    }
    foot_rotation(yaw, pitch, f);
}

/* Position of the swing's lift-off MTP cubic (tau after TO) or landing cubic (tau before IC). */
static void cubic_point(gait_vec3 base, gait_vec3 delta, double tau, double span, int before,
                        gait_vec3 *p, gait_vec3 *v, gait_vec3 *a)
{
    const double u = tau / span;
    *p = gait_vec3_add(base, gait_vec3_scale(delta, u * u * u));
    *v = gait_vec3_scale(delta, (before ? -3.0 : 3.0) * u * u / span);
    *a = gait_vec3_scale(delta, 6.0 * u / (span * span));
}

/* Knots of the swing path: end of the MTP lift, apex (mid-time), start of the landing. */
static void swing_times(const step_geo *a, const step_geo *b, double *t1, double *t2, double *t3)
{
    const double swing = b->ic_s - a->to_s;
    *t1 = a->to_s + LIFT_FRACTION * swing;
    *t3 = b->ic_s - LAND_FRACTION * swing;
    *t2 = 0.5 * (*t1 + *t3);
}

static void foot_eval(const sim_model *model, int side, double t, foot_state *out)
{
    const long j = side_find(model, side, t);
    step_geo a, b;
    side_step(model, side, j, &a);
    side_step(model, side, j + 1, &b);
    const pattern_params p = pattern_of(model);
    const sim_foot_geometry *foot = &model->foot;
    sim_knot pk[7];
    const size_t npk = pitch_knots(model, &a, &b, pk);
    sim_frame *f = &out->frame;
    cycle_rotation(&a, &b, pk, npk, t, f, out->pitch);
    const gait_vec3 zero = gait_vec3_make(0, 0, 0);

    if (t < a.to_s) {
        /* Stance: a fixed pivot. */
        gait_vec3 pivot;
        if (t < pk[1].t_s)
            pivot = p.lands_on_heel ? foot->heel_m : foot->mtp_m;
        else if (t < pk[2].t_s)
            pivot = foot->heel_m;
        else
            pivot = foot->mtp_m;
        ankle_from_point(f, pivot, ground_point(model, &a, pivot), zero, zero);
        return;
    }

    const double swing = b.ic_s - a.to_s;
    const double lift = LIFT_FRACTION * swing, land = LAND_FRACTION * swing;
    const double speed = model->settings.speed_mps;
    const gait_vec3 up = gait_vec3_make(0, 0, 1);
    /* The MTP point leaves the ground along delta_lift (u^3), the landing point arrives along
     * delta_land ((1 - u)^3 from behind and above). */
    const gait_vec3 lift_base = ground_point(model, &a, foot->mtp_m);
    /* Both move along the stride (footprint to footprint), not along the toed-out feet. */
    gait_vec3 stride = gait_vec3_sub(b.heel_m, a.heel_m);
    stride = gait_vec3_scale(stride, 1.0 / gait_vec3_norm(stride));
    const gait_vec3 lift_delta =
        gait_vec3_scale(gait_vec3_add(gait_vec3_scale(stride, LIFT_FORWARD_PER_SPEED * speed),
                                      gait_vec3_scale(up, LIFT_UP_MPS)),
                        lift / 3.0);
    const gait_vec3 land_local = p.lands_on_heel ? foot->heel_m : foot->mtp_m;
    const gait_vec3 land_base = ground_point(model, &b, land_local);
    const gait_vec3 land_delta =
        gait_vec3_scale(gait_vec3_sub(gait_vec3_scale(stride, LAND_FORWARD_PER_SPEED * speed),
                                      gait_vec3_scale(up, LAND_DOWN_MPS)),
                        -land / 3.0);
    double t1, t2, t3;
    swing_times(&a, &b, &t1, &t2, &t3);
    gait_vec3 pp, pv, pa;
    if (t < t1) {
        cubic_point(lift_base, lift_delta, t - a.to_s, lift, 0, &pp, &pv, &pa);
        ankle_from_point(f, foot->mtp_m, pp, pv, pa);
        return;
    }
    if (t >= t3) {
        cubic_point(land_base, land_delta, b.ic_s - t, land, 1, &pp, &pv, &pa);
        ankle_from_point(f, land_local, pp, pv, pa);
        return;
    }

    /* Middle of the swing: the ankle through its states at t1, the apex and t3. */
    sim_frame f1, f3;
    double pitch_unused[3];
    cycle_rotation(&a, &b, pk, npk, t1, &f1, pitch_unused);
    cubic_point(lift_base, lift_delta, lift, lift, 0, &pp, &pv, &pa);
    ankle_from_point(&f1, foot->mtp_m, pp, pv, pa);
    cycle_rotation(&a, &b, pk, npk, t3, &f3, pitch_unused);
    cubic_point(land_base, land_delta, land, land, 1, &pp, &pv, &pa);
    ankle_from_point(&f3, land_local, pp, pv, pa);

    const double span = t3 - t1;
    const double x1[3][3] = {
        {f1.origin_m.x, f1.velocity_mps.x, f1.acceleration_mps2.x},
        {f1.origin_m.y, f1.velocity_mps.y, f1.acceleration_mps2.y},
        {f1.origin_m.z, f1.velocity_mps.z, f1.acceleration_mps2.z},
    };
    const double x3[3][3] = {
        {f3.origin_m.x, f3.velocity_mps.x, f3.acceleration_mps2.x},
        {f3.origin_m.y, f3.velocity_mps.y, f3.acceleration_mps2.y},
        {f3.origin_m.z, f3.velocity_mps.z, f3.acceleration_mps2.z},
    };
    double res[3][3];
    for (int c = 0; c < 3; c++) {
        sim_knot k[3];
        k[0] = (sim_knot){t1, x1[c][0], x1[c][1], x1[c][2], 0};
        k[2] = (sim_knot){t3, x3[c][0], x3[c][1], x3[c][2], 0};
        if (c < 2) {
            /* Horizontal: the cubic Hermite through both ends, at mid-time. */
            k[1] = (sim_knot){t2, 0.5 * (x1[c][0] + x3[c][0]) + span * (x1[c][1] - x3[c][1]) / 8.0,
                              1.5 * (x3[c][0] - x1[c][0]) / span - 0.25 * (x1[c][1] + x3[c][1]),
                              (x3[c][1] - x1[c][1]) / span, 0};
        } else {
            double apex =
                (foot->length_m / REFERENCE_FOOT_M) * (APEX_BASE_M + APEX_PER_SPEED_S * speed);
            const double high = x1[c][0] > x3[c][0] ? x1[c][0] : x3[c][0];
            if (apex < high + APEX_MIN_RISE_M)
                apex = high + APEX_MIN_RISE_M;
            k[1] = (sim_knot){t2, apex, 0.0, 0.0, 1};
            sim_curve_shape(k, 3);
        }
        sim_curve_eval(k, 3, t, res[c]);
    }
    f->origin_m = gait_vec3_make(res[0][0], res[1][0], res[2][0]);
    f->velocity_mps = gait_vec3_make(res[0][1], res[1][1], res[2][1]);
    f->acceleration_mps2 = gait_vec3_make(res[0][2], res[1][2], res[2][2]);
}

void sim_foot_frame(const sim_model *model, int side, double t, sim_frame *foot)
{
    foot_state s;
    foot_eval(model, side, t, &s);
    *foot = s.frame;
}

double sim_sole_angle(const sim_model *model, int side, double t)
{
    foot_state s;
    foot_eval(model, side, t, &s);
    return s.pitch[0];
}

/* ---- ankle angles ---- */

/* One angle channel's keyframes: stance (fraction of contact time, value) with IC first and TO
 * last, then one swing keyframe (fraction of swing, value). Degrees. */
typedef struct angle_channel {
    double stance_fraction[3];
    double stance_deg[3];
    double swing_fraction;
    double swing_deg;
} angle_channel;

static void angle_channels(const sim_model *model, angle_channel ch[3])
{
    const gait_sim_settings *s = &model->settings;
    double df_ic = 3.0;
    if (s->strike == GAIT_STRIKE_MIDFOOT)
        df_ic = -3.0;
    else if (s->strike == GAIT_STRIKE_FOREFOOT)
        df_ic = -10.0;
    const double df_peak = s->peak_dorsiflexion_deg;
    const double df_to = -s->toe_off_plantarflexion_deg;
    ch[0] = (angle_channel){
        {0.0, 0.45, 1.0}, {fmin(df_ic, df_peak), df_peak, fmin(df_to, df_peak)}, 0.5, 5.0};
    const double inv_peak = -s->peak_eversion_deg;
    ch[1] = (angle_channel){
        {0.0, 0.40, 1.0}, {fmax(4.0, inv_peak), inv_peak, fmax(6.0, inv_peak)}, 0.5, 2.0};
    const double ir_peak = -s->peak_external_rotation_deg;
    ch[2] = (angle_channel){
        {0.0, 0.50, 1.0}, {fmax(2.0, ir_peak), ir_peak, fmax(4.0, ir_peak)}, 0.5, 0.0};
}

/* Keyframes of one channel for stances j-1 .. j+1 (enough neighbours to shape those of cycle j),
 * evaluated at t. */
static void angle_eval(const sim_model *model, int side, const angle_channel *ch, long j, double t,
                       double out[3])
{
    sim_knot k[15];
    size_t n = 0;
    for (long i = j - 1; i <= j + 1; i++) {
        step_geo g, next;
        side_step(model, side, i, &g);
        side_step(model, side, i + 1, &next);
        const double contact = g.to_s - g.ic_s, swing = next.ic_s - g.to_s;
        for (int q = 0; q < 3; q++)
            k[n++] = (sim_knot){g.ic_s + ch->stance_fraction[q] * contact,
                                ch->stance_deg[q] * DEG_TO_RAD, 0.0, 0.0, 1};
        k[n++] = (sim_knot){g.to_s + ch->swing_fraction * swing, ch->swing_deg * DEG_TO_RAD, 0.0,
                            0.0, 1};
    }
    sim_curve_shape(k, n);
    sim_curve_eval(k, n, t, out);
}

/* Angles with rates and accelerations: q[c] = {angle, rate, acceleration}. */
static void ankle_angle_states(const sim_model *model, int side, double t, double q[3][3])
{
    angle_channel ch[3];
    angle_channels(model, ch);
    const long j = side_find(model, side, t);
    for (int c = 0; c < 3; c++)
        angle_eval(model, side, &ch[c], j, t, q[c]);
}

void sim_ankle_angles(const sim_model *model, int side, double t, double angles_rad[3])
{
    double q[3][3];
    ankle_angle_states(model, side, t, q);
    for (int c = 0; c < 3; c++)
        angles_rad[c] = q[c][0];
}

void sim_shank_frame(const sim_model *model, int side, double t, sim_frame *shank)
{
    foot_state fs;
    foot_eval(model, side, t, &fs);
    double q[3][3];
    ankle_angle_states(model, side, t, q);
    /* R_rel = Ry(-df) Rx(sigma inv) Rz(sigma ir). */
    const double sigma = side == SIM_LEFT ? -1.0 : 1.0;
    static const int axes[3] = {1, 0, 2};
    const double chain[3][3] = {{-q[0][0], -q[0][1], -q[0][2]},
                                {sigma * q[1][0], sigma * q[1][1], sigma * q[1][2]},
                                {sigma * q[2][0], sigma * q[2][1], sigma * q[2][2]}};
    double rel[9];
    gait_vec3 w, dw;
    rotation_chain(3, axes, chain, rel, &w, &dw);
    const sim_frame *f = &fs.frame;
    *shank = *f;
    gait_mat3_mul_transpose(f->rotation, rel, shank->rotation);
    const gait_vec3 w_lab = gait_mat3_mul_vec(shank->rotation, w);
    shank->omega_rad_s = gait_vec3_sub(f->omega_rad_s, w_lab);
    shank->alpha_rad_s2 =
        gait_vec3_sub(f->alpha_rad_s2, gait_vec3_add(gait_vec3_cross(shank->omega_rad_s, w_lab),
                                                     gait_mat3_mul_vec(shank->rotation, dw)));
}

/* ---- keyframe times (for tests) ---- */

size_t sim_motion_knots(const sim_model *model, int side, double t0_s, double t1_s, double *times_s,
                        size_t capacity)
{
    size_t n = 0;
    angle_channel ch[3];
    angle_channels(model, ch);
    const long first = side_find(model, side, t0_s) - 1, last = side_find(model, side, t1_s) + 1;
    for (long j = first; j <= last; j++) {
        step_geo a, b;
        side_step(model, side, j, &a);
        side_step(model, side, j + 1, &b);
        double t[32];
        size_t m = 0;
        sim_knot pk[7];
        const size_t npk = pitch_knots(model, &a, &b, pk);
        for (size_t i = 0; i + 1 < npk; i++) /* the last is the next stance's IC */
            t[m++] = pk[i].t_s;
        swing_times(&a, &b, &t[m], &t[m + 1], &t[m + 2]);
        m += 3;
        const double contact = a.to_s - a.ic_s, swing = b.ic_s - a.to_s;
        for (int c = 0; c < 3; c++) {
            for (int q = 0; q < 3; q++)
                t[m++] = a.ic_s + ch[c].stance_fraction[q] * contact;
            t[m++] = a.to_s + ch[c].swing_fraction * swing;
        }
        for (size_t i = 0; i < m; i++) {
            if (t[i] < t0_s || t[i] > t1_s)
                continue;
            if (n < capacity)
                times_s[n] = t[i];
            n++;
        }
    }
    return n;
}

/* ---- markers ---- */

enum { M_HEE, M_TOE, M_MT1, M_MT5, M_LMAL, M_MMAL, M_LKNE, M_MKNE, M_TIB, M_COUNT };

static const char *const marker_names[2][M_COUNT] = {
    {"RHEE", "RTOE", "RMT1", "RMT5", "RLMAL", "RMMAL", "RLKNE", "RMKNE", "RTIB"},
    {"LHEE", "LTOE", "LMT1", "LMT5", "LLMAL", "LMMAL", "LLKNE", "LMKNE", "LTIB"},
};

size_t sim_marker_count(void)
{
    return M_COUNT;
}

/* NULL for an index or side out of range. */
const char *sim_marker_name(size_t i, int side)
{
    if (i >= M_COUNT || (side != SIM_RIGHT && side != SIM_LEFT))
        return NULL;
    return marker_names[side][i];
}

/* Local position of marker i in its segment's frame; *on_shank tells which segment. */
static gait_vec3 marker_local(const sim_model *model, size_t i, int side, int *on_shank)
{
    const sim_foot_geometry *foot = &model->foot;
    const double k = foot->length_m / REFERENCE_FOOT_M;
    const double medial = side == SIM_LEFT ? -1.0 : 1.0; /* sign of y toward the midline */
    const double sole = foot->heel_m.z;
    const double shank = SHANK_PER_FOOT_LENGTH * foot->length_m;
    *on_shank = i >= M_LMAL;
    switch (i) {
    case M_HEE:
        return gait_vec3_make(foot->heel_m.x, 0.0, sole + k * HEEL_MARKER_HEIGHT_M);
    case M_TOE:
        return gait_vec3_make(foot->mtp_m.x, 0.0, sole + k * TOE_MARKER_HEIGHT_M);
    case M_MT1:
        return gait_vec3_make(foot->mtp_m.x + k * MT_HALF_SPAN_M, medial * k * MT_HALF_WIDTH_M,
                              sole + k * MT_HEIGHT_M);
    case M_MT5:
        return gait_vec3_make(foot->mtp_m.x - k * MT_HALF_SPAN_M, -medial * k * MT_HALF_WIDTH_M,
                              sole + k * MT_HEIGHT_M);
    case M_LMAL:
        return gait_vec3_make(0.0, -medial * k * MALLEOLAR_HALF_M, 0.0);
    case M_MMAL:
        return gait_vec3_make(0.0, medial * k * MALLEOLAR_HALF_M, 0.0);
    case M_LKNE:
        return gait_vec3_make(0.0, -medial * k * KNEE_HALF_M, shank);
    case M_MKNE:
        return gait_vec3_make(0.0, medial * k * KNEE_HALF_M, shank);
    case M_TIB:
    default:
        return gait_vec3_make(k * TIB_ANTERIOR_M, 0.0, 0.5 * shank);
    }
}

void sim_marker_position(const sim_model *model, size_t i, int side, double t,
                         gait_vec3 *position_m)
{
    if (i >= M_COUNT || (side != SIM_RIGHT && side != SIM_LEFT)) {
        *position_m = gait_vec3_make(NAN, NAN, NAN);
        return;
    }
    int on_shank;
    const gait_vec3 local = marker_local(model, i, side, &on_shank);
    sim_frame frame;
    if (on_shank)
        sim_shank_frame(model, side, t, &frame);
    else
        sim_foot_frame(model, side, t, &frame);
    sim_point_motion(&frame, local, position_m, NULL, NULL);
}

/* ---- IMUs ---- */

double sim_imu_impact_mps2(const sim_model *model, gait_sim_segment segment, int side, double t)
{
    static const double peak_g[3] = {5.0, 3.5, 2.5}; /* rearfoot, midfoot, forefoot */
    long k = sim_last_ic_at_or_before(model, side, t);
    double since = k >= 0 ? t - model->stances[k].ic_s : INFINITY;
    if (!(since < IMPACT_DURATION_S))
        return 0.0;
    int pattern = (int)model->settings.strike;
    double peak = peak_g[pattern >= 0 && pattern < 3 ? pattern : 0] * SIM_GRAVITY_MPS2;
    if (segment == GAIT_SIM_SHANK)
        peak *= IMPACT_SHANK_FRACTION;
    return peak * sin(M_PI * since / IMPACT_DURATION_S);
}

void sim_imu_sample(const sim_model *model, gait_sim_segment segment, int side, double t,
                    gait_vec3 *acc_mps2, gait_vec3 *gyr_rad_s)
{
    const sim_foot_geometry *foot = &model->foot;
    sim_frame frame;
    gait_vec3 local;
    if (segment == GAIT_SIM_SHANK) {
        sim_shank_frame(model, side, t, &frame);
        local = gait_vec3_make(foot->length_m / REFERENCE_FOOT_M * SHANK_IMU_ANTERIOR_M, 0.0,
                               SHANK_IMU_HEIGHT * SHANK_PER_FOOT_LENGTH * foot->length_m);
    } else {
        sim_foot_frame(model, side, t, &frame);
        local = gait_vec3_make(FOOT_IMU_FORWARD * foot->length_m, 0.0,
                               foot->heel_m.z + FOOT_IMU_HEIGHT * foot->length_m);
    }
    gait_vec3 acc;
    sim_point_motion(&frame, local, NULL, NULL, &acc);
    acc.z += SIM_GRAVITY_MPS2 + sim_imu_impact_mps2(model, segment, side, t);

    static const int axes[3] = {2, 1, 0};
    const double *m = model->settings.imu_mount_zyx_deg;
    const double q[3][3] = {
        {m[0] * DEG_TO_RAD, 0, 0}, {m[1] * DEG_TO_RAD, 0, 0}, {m[2] * DEG_TO_RAD, 0, 0}};
    double mount[9], sensor[9];
    gait_vec3 unused_w, unused_dw;
    rotation_chain(3, axes, q, mount, &unused_w, &unused_dw);
    gait_mat3_mul(frame.rotation, mount, sensor);
    *acc_mps2 = gait_mat3_transpose_mul_vec(sensor, acc);
    *gyr_rad_s = gait_mat3_transpose_mul_vec(sensor, frame.omega_rad_s);
}
