/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shank and foot segment frames from markers, and the static calibration (calibrated anatomical
 * system technique, Cappozzo A, Catani F, Della Croce U, Leardini A (1995) Position and
 * orientation in space of bones during movement: anatomical frame definition and determination,
 * Clin Biomech 10:171-178). Frames as in gait/kinematics.h.
 *
 * Per frame, in this order (a landmark is "present" when its three coordinates are finite):
 * 1. Rebuild: a landmark missing in the frame, with a calibration that holds it, is its
 *    calibrated local position in its segment's technical frame, when the three technical markers
 *    are present in that frame.
 * 2. Knee joint centre (KJC): mid-epicondyles (lateral + medial knee markers); else the lateral
 *    knee marker + (knee_width_m / 2 + marker radius) along the malleolar axis lateral -> medial
 *    (needs both malleoli and settings->knee_width_m); else none.
 * 3. Ankle joint centre (AJC): mid-malleoli; else the Plug-in Gait KAD-less chord: the point J
 *    at d = ankle_width_m / 2 + marker radius from the lateral malleolus marker A, with A -> J
 *    perpendicular to J -> KJC, in the plane of KJC, A and the tibia marker T, on the side of the
 *    line A-KJC away from T (PiG's T is lateral on the shank, the centre medial of that line):
 *    J = A + d (cos b u + sin b w), u = unit(A -> KJC), cos b = d / |A -> KJC|, w = in-plane unit
 *    perpendicular to u pointing away from T. Needs settings->ankle_width_m: refused (NaN, and
 *    GAIT_E_NO_DATA when no frame works) when it is unknown; else none.
 * 3b. Lateral markers only (lateral knee, lateral malleolus, tibia marker; no medial marker):
 *    KJC and AJC together, as Plug-in Gait without its thigh: KJC = lateral knee, then
 *    KIN_LATERAL_PASSES times AJC = the chord above, KJC = lateral knee + (knee_width_m / 2 +
 *    marker radius) along lateral malleolus -> AJC. Needs both widths.
 * 4. Shank: z = AJC -> KJC; y = lateral -> medial malleolus on the right, medial -> lateral on
 *    the left (pointing left), else (chord fallback) the same sign of lateral malleolus -> AJC;
 *    made orthogonal to z; x = y x z. Without a KJC or an AJC the shank is NaN.
 * 5. Foot: x = heel -> toe, else heel -> mid(MT1, MT5); y = MT5 -> MT1 (right) / MT1 -> MT5
 *    (left), else -/+ (MT5 - heel) (MT5 is lateral), else +/- (MT1 - heel), else the shank's y,
 *    orthogonal to x; z = x x y; origin = AJC. With a calibration's foot offset, foot = marker
 *    foot * offset. A foot without heel or forward marker is NaN.
 * Nothing is invented: a frame where a step lacks its markers yields NaN for what depends on it.
 *
 * Static calibration: the mean of the frames where every given marker is present; technical
 * frames from three non-collinear markers (order in gait/kinematics.h); every landmark of the
 * segment is stored in its technical frame; the foot offset is the flat-foot anatomical frame
 * (z = up, x = heel -> toe on the horizontal) in the marker-based foot frame of step 5 (with the
 * static shank's y when the foot needs it). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "core/mat3.h"
#include "kinematics/kinematics_internal.h"

/* Default marker radius (14 mm markers), metres. */
#define DEFAULT_MARKER_RADIUS_M 0.007
/* Technical-frame markers closer than this are one point, metres. */
#define MIN_MARKER_SEPARATION_M 0.005
/* and three are collinear below this sine of the angle at the first. */
#define MIN_TECHNICAL_SINE 0.05

typedef struct leg_points {
    gait_vec3 p[GAIT_LANDMARK_COUNT];
} leg_points;

static int present(const leg_points *pts, int lm)
{
    return kin_finite3(pts->p[lm]);
}

static void read_frame(const gait_leg_markers *markers, size_t k, leg_points *pts)
{
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++) {
        const double *xyz = markers->xyz_m[lm];
        pts->p[lm] = xyz ? gait_vec3_make(xyz[3 * k], xyz[3 * k + 1], xyz[3 * k + 2]) : kin_nan3();
    }
}

/* Technical frame of a, b, c (see gait/kinematics.h): rotation r (columns = axes) and origin a.
 * 0 when degenerate. */
static int technical_frame(gait_vec3 a, gait_vec3 b, gait_vec3 c, double r[9])
{
    const gait_vec3 x = kin_unit(gait_vec3_sub(b, a));
    const gait_vec3 z = kin_unit(gait_vec3_cross(x, gait_vec3_sub(c, a)));
    if (!kin_finite3(x) || !kin_finite3(z))
        return 0;
    gait_mat3_set_column(r, 0, x);
    gait_mat3_set_column(r, 1, gait_vec3_cross(z, x));
    gait_mat3_set_column(r, 2, z);
    return 1;
}

/* Step 1: rebuild the missing landmarks of one segment from the calibration. */
static void rebuild_segment(const gait_leg_calibration *cal, int foot, leg_points *pts)
{
    const int has = foot ? cal->has_foot_technical : cal->has_shank_technical;
    const int *tech = foot ? cal->foot_technical : cal->shank_technical;
    if (!has)
        return;
    for (int i = 0; i < 3; i++)
        if (tech[i] < 0 || tech[i] >= GAIT_LANDMARK_COUNT || !present(pts, tech[i]))
            return;
    double r[9];
    const gait_vec3 origin = pts->p[tech[0]];
    if (!technical_frame(origin, pts->p[tech[1]], pts->p[tech[2]], r))
        return;
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++) {
        if (kin_is_foot_landmark(lm) != foot || !cal->has_landmark[lm] || present(pts, lm))
            continue;
        const double *l = cal->landmark_local_m[lm];
        pts->p[lm] = gait_vec3_add(origin, gait_mat3_mul_vec(r, gait_vec3_make(l[0], l[1], l[2])));
    }
}

static gait_vec3 midpoint(gait_vec3 a, gait_vec3 b)
{
    return gait_vec3_scale(gait_vec3_add(a, b), 0.5);
}

typedef struct leg_options {
    double ankle_offset_m; /* ankle_width / 2 + radius, NaN when unknown */
    double knee_offset_m;  /* knee_width / 2 + radius, NaN when unknown */
} leg_options;

static leg_options options_from(const gait_leg_settings *settings)
{
    leg_options o = {NAN, NAN};
    if (!settings)
        return o;
    const double radius =
        settings->marker_radius_m > 0.0 ? settings->marker_radius_m : DEFAULT_MARKER_RADIUS_M;
    if (gait_is_positive_finite(settings->ankle_width_m))
        o.ankle_offset_m = 0.5 * settings->ankle_width_m + radius;
    if (gait_is_positive_finite(settings->knee_width_m))
        o.knee_offset_m = 0.5 * settings->knee_width_m + radius;
    return o;
}

/* Step 2. */
static gait_vec3 knee_centre(const leg_points *pts, const leg_options *o)
{
    if (present(pts, GAIT_LM_LAT_KNEE) && present(pts, GAIT_LM_MED_KNEE))
        return midpoint(pts->p[GAIT_LM_LAT_KNEE], pts->p[GAIT_LM_MED_KNEE]);
    if (present(pts, GAIT_LM_LAT_KNEE) && isfinite(o->knee_offset_m)) {
        const gait_vec3 medial =
            kin_unit(gait_vec3_sub(pts->p[GAIT_LM_MED_MALLEOLUS], pts->p[GAIT_LM_LAT_MALLEOLUS]));
        return gait_vec3_add(pts->p[GAIT_LM_LAT_KNEE], gait_vec3_scale(medial, o->knee_offset_m));
    }
    return kin_nan3();
}

/* Step 3's chord: see the head comment. */
gait_vec3 kin_ankle_chord(gait_vec3 a, gait_vec3 knee, gait_vec3 tibia, double d)
{
    const gait_vec3 ak = gait_vec3_sub(knee, a);
    const double length = gait_vec3_norm(ak);
    if (!(length > d))
        return kin_nan3();
    const gait_vec3 u = gait_vec3_scale(ak, 1.0 / length);
    /* Away from the tibia marker, in the plane: minus T's part orthogonal to u. */
    const gait_vec3 w = gait_vec3_scale(kin_orthogonal_unit(gait_vec3_sub(tibia, a), u), -1.0);
    const double cos_b = d / length;
    const double sin_b = sqrt(1.0 - cos_b * cos_b);
    return gait_vec3_add(
        a, gait_vec3_scale(gait_vec3_add(gait_vec3_scale(u, cos_b), gait_vec3_scale(w, sin_b)), d));
}

gait_vec3 kin_lateral_centres(gait_vec3 lateral_knee, gait_vec3 lateral_malleolus, gait_vec3 tibia,
                              double knee_offset_m, double ankle_offset_m, gait_vec3 *kjc)
{
    gait_vec3 ajc = kin_nan3();
    *kjc = lateral_knee;
    for (int pass = 0; pass < KIN_LATERAL_PASSES; pass++) {
        ajc = kin_ankle_chord(lateral_malleolus, *kjc, tibia, ankle_offset_m);
        const gait_vec3 medial = kin_unit(gait_vec3_sub(ajc, lateral_malleolus));
        *kjc = gait_vec3_add(lateral_knee, gait_vec3_scale(medial, knee_offset_m));
    }
    return ajc;
}

/* Steps 2-4: shank rotation and origin (AJC); 0 (and NaN) when it cannot be built. */
static int shank_pose(const leg_points *pts, int side, const leg_options *o, double r[9],
                      gait_vec3 *ajc)
{
    const double s = side == 0 ? 1.0 : -1.0;
    gait_vec3 kjc = knee_centre(pts, o);
    gait_vec3 left = kin_nan3();
    *ajc = kin_nan3();
    if (present(pts, GAIT_LM_LAT_MALLEOLUS) && present(pts, GAIT_LM_MED_MALLEOLUS)) {
        *ajc = midpoint(pts->p[GAIT_LM_LAT_MALLEOLUS], pts->p[GAIT_LM_MED_MALLEOLUS]);
        left = gait_vec3_scale(
            gait_vec3_sub(pts->p[GAIT_LM_MED_MALLEOLUS], pts->p[GAIT_LM_LAT_MALLEOLUS]), s);
    } else if (present(pts, GAIT_LM_LAT_MALLEOLUS) && present(pts, GAIT_LM_TIBIA) &&
               kin_finite3(kjc) && isfinite(o->ankle_offset_m)) {
        *ajc = kin_ankle_chord(pts->p[GAIT_LM_LAT_MALLEOLUS], kjc, pts->p[GAIT_LM_TIBIA],
                               o->ankle_offset_m);
        left = gait_vec3_scale(gait_vec3_sub(*ajc, pts->p[GAIT_LM_LAT_MALLEOLUS]), s);
    } else if (present(pts, GAIT_LM_LAT_MALLEOLUS) && present(pts, GAIT_LM_TIBIA) &&
               present(pts, GAIT_LM_LAT_KNEE) && isfinite(o->ankle_offset_m) &&
               isfinite(o->knee_offset_m)) {
        *ajc =
            kin_lateral_centres(pts->p[GAIT_LM_LAT_KNEE], pts->p[GAIT_LM_LAT_MALLEOLUS],
                                pts->p[GAIT_LM_TIBIA], o->knee_offset_m, o->ankle_offset_m, &kjc);
        left = gait_vec3_scale(gait_vec3_sub(*ajc, pts->p[GAIT_LM_LAT_MALLEOLUS]), s);
    }
    const gait_vec3 z = kin_unit(gait_vec3_sub(kjc, *ajc));
    const gait_vec3 y = kin_orthogonal_unit(left, z);
    if (!kin_finite3(z) || !kin_finite3(y) || !kin_finite3(*ajc)) {
        for (int i = 0; i < 9; i++)
            r[i] = NAN;
        *ajc = kin_nan3();
        return 0;
    }
    gait_mat3_set_column(r, 0, gait_vec3_cross(y, z));
    gait_mat3_set_column(r, 1, y);
    gait_mat3_set_column(r, 2, z);
    return 1;
}

/* Step 5 without the offset: the marker-based foot rotation; shank_left is the shank's y (NaN
 * when unknown). 0 (and NaN) when it cannot be built. */
static int marker_foot(const leg_points *pts, int side, gait_vec3 shank_left, double r[9])
{
    const double s = side == 0 ? 1.0 : -1.0;
    const int mt1 = present(pts, GAIT_LM_MT1), mt5 = present(pts, GAIT_LM_MT5);
    const gait_vec3 heel = pts->p[GAIT_LM_HEEL];
    gait_vec3 front = kin_nan3();
    if (present(pts, GAIT_LM_TOE))
        front = pts->p[GAIT_LM_TOE];
    else if (mt1 && mt5)
        front = midpoint(pts->p[GAIT_LM_MT1], pts->p[GAIT_LM_MT5]);
    const gait_vec3 x = kin_unit(gait_vec3_sub(front, heel));
    gait_vec3 left = shank_left;
    if (mt1 && mt5)
        left = gait_vec3_scale(gait_vec3_sub(pts->p[GAIT_LM_MT1], pts->p[GAIT_LM_MT5]), s);
    else if (mt5)
        left = gait_vec3_scale(gait_vec3_sub(pts->p[GAIT_LM_MT5], heel), -s);
    else if (mt1)
        left = gait_vec3_scale(gait_vec3_sub(pts->p[GAIT_LM_MT1], heel), s);
    const gait_vec3 y = kin_orthogonal_unit(left, x);
    if (!kin_finite3(x) || !kin_finite3(y)) {
        for (int i = 0; i < 9; i++)
            r[i] = NAN;
        return 0;
    }
    gait_mat3_set_column(r, 0, x);
    gait_mat3_set_column(r, 1, y);
    gait_mat3_set_column(r, 2, gait_vec3_cross(x, y));
    return 1;
}

/* ---- what is missing, for the refusal detail ---- */

/* Which landmarks exist at all (given, or calibrated). */
static void available(const gait_leg_markers *markers, const gait_leg_calibration *cal,
                      int avail[GAIT_LANDMARK_COUNT])
{
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
        avail[lm] =
            markers->xyz_m[lm] != NULL ||
            (cal && cal->has_landmark[lm] &&
             (kin_is_foot_landmark(lm) ? cal->has_foot_technical : cal->has_shank_technical));
}

static void describe_shank(const int *avail, const leg_options *o, char *out, size_t size)
{
    const int lat_mal = avail[GAIT_LM_LAT_MALLEOLUS], med_mal = avail[GAIT_LM_MED_MALLEOLUS];
    const int knee = (avail[GAIT_LM_LAT_KNEE] && avail[GAIT_LM_MED_KNEE]) ||
                     (avail[GAIT_LM_LAT_KNEE] && lat_mal && med_mal && isfinite(o->knee_offset_m));
    if (!knee)
        snprintf(out, size,
                 "shank: no knee centre (needs lateral_knee + medial_knee, or lateral_knee + both "
                 "malleoli + knee_width_m, or a static calibration of them; have lateral_knee %d, "
                 "medial_knee %d, malleoli %d/%d)",
                 avail[GAIT_LM_LAT_KNEE], avail[GAIT_LM_MED_KNEE], lat_mal, med_mal);
    else if (!(lat_mal && med_mal) && !(lat_mal && avail[GAIT_LM_TIBIA]))
        snprintf(out, size,
                 "shank: no ankle centre (needs lateral_malleolus + medial_malleolus, or "
                 "lateral_malleolus + tibia + ankle_width_m, or a static calibration; have "
                 "lateral_malleolus %d, medial_malleolus %d, tibia %d)",
                 lat_mal, med_mal, avail[GAIT_LM_TIBIA]);
    else if (!(lat_mal && med_mal) && !isfinite(o->ankle_offset_m))
        snprintf(out, size,
                 "shank: no medial_malleolus and the ankle width is unknown "
                 "(settings->ankle_width_m), so the ankle centre cannot be placed");
    else
        snprintf(out, size, "shank: its markers are never present together in one frame");
}

static void describe_foot(const int *avail, char *out, size_t size)
{
    if (!avail[GAIT_LM_HEEL] || !(avail[GAIT_LM_TOE] || (avail[GAIT_LM_MT1] && avail[GAIT_LM_MT5])))
        snprintf(out, size,
                 "foot: needs heel + toe (or heel + mt1 + mt5); have heel %d, toe %d, mt1 %d, "
                 "mt5 %d",
                 avail[GAIT_LM_HEEL], avail[GAIT_LM_TOE], avail[GAIT_LM_MT1], avail[GAIT_LM_MT5]);
    else
        snprintf(out, size,
                 "foot: its markers (and the shank's y when no metatarsal head is given) are "
                 "never present together in one frame");
}

static gait_status check_markers(const gait_leg_markers *markers, int side, const char *function)
{
    if (!markers)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL markers", function);
    if (side != 0 && side != 1)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: side %d is not 0 (right) or 1 (left)", function,
                         side);
    return GAIT_OK;
}

gait_status gait_leg_poses(const gait_leg_markers *markers, int side,
                           const gait_leg_calibration *calibration,
                           const gait_leg_settings *settings, double *shank_rotation,
                           double *shank_origin_m, double *foot_rotation, double *foot_origin_m)
{
    gait_status st = check_markers(markers, side, "gait_leg_poses");
    if (st != GAIT_OK)
        return st;
    if (calibration && calibration->side != side)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_leg_poses: the calibration is of side %d, the markers of side %d",
                         calibration->side, side);
    const leg_options o = options_from(settings);
    size_t n_shank = 0, n_foot = 0;
    for (size_t k = 0; k < markers->n_frames; k++) {
        leg_points pts;
        read_frame(markers, k, &pts);
        if (calibration) {
            rebuild_segment(calibration, 0, &pts);
            rebuild_segment(calibration, 1, &pts);
        }
        double rs[9], rf[9];
        gait_vec3 ajc;
        n_shank += (size_t)shank_pose(&pts, side, &o, rs, &ajc);
        const int foot_ok = marker_foot(&pts, side, gait_mat3_column(rs, 1), rf);
        if (foot_ok && calibration && calibration->has_foot_offset)
            gait_mat3_mul(rf, calibration->foot_offset, rf);
        n_foot += (size_t)foot_ok;
        if (shank_rotation)
            memcpy(shank_rotation + 9 * k, rs, sizeof rs);
        if (foot_rotation)
            memcpy(foot_rotation + 9 * k, rf, sizeof rf);
        const double origin[3] = {ajc.x, ajc.y, ajc.z};
        if (shank_origin_m)
            memcpy(shank_origin_m + 3 * k, origin, sizeof origin);
        if (foot_origin_m)
            memcpy(foot_origin_m + 3 * k, origin, sizeof origin);
    }
    if (n_shank > 0 && n_foot > 0)
        return GAIT_OK;
    int avail[GAIT_LANDMARK_COUNT];
    available(markers, calibration, avail);
    char shank_detail[320] = "", foot_detail[200] = "";
    if (n_shank == 0)
        describe_shank(avail, &o, shank_detail, sizeof shank_detail);
    if (n_foot == 0)
        describe_foot(avail, foot_detail, sizeof foot_detail);
    return gait_fail(GAIT_E_NO_DATA, "gait_leg_poses: %s leg, %zu frames: %s%s%s",
                     side == 0 ? "right" : "left", markers->n_frames, shank_detail,
                     n_shank == 0 && n_foot == 0 ? "; " : "", foot_detail);
}

/* ---- static calibration ---- */

/* The first three landmarks of order[] present in pts that make a technical frame. */
static int choose_technical(const leg_points *pts, const int *order, int n_order, int tech[3])
{
    int n = 0;
    for (int i = 0; i < n_order && n < 3; i++) {
        const int lm = order[i];
        if (!present(pts, lm))
            continue;
        if (n >= 1 &&
            gait_vec3_norm(gait_vec3_sub(pts->p[lm], pts->p[tech[0]])) < MIN_MARKER_SEPARATION_M)
            continue;
        if (n == 2) {
            const gait_vec3 ab = gait_vec3_sub(pts->p[tech[1]], pts->p[tech[0]]);
            const gait_vec3 ac = gait_vec3_sub(pts->p[lm], pts->p[tech[0]]);
            const double sine =
                gait_vec3_norm(gait_vec3_cross(ab, ac)) / (gait_vec3_norm(ab) * gait_vec3_norm(ac));
            if (!(sine > MIN_TECHNICAL_SINE))
                continue;
        }
        tech[n++] = lm;
    }
    return n == 3;
}

/* Store the segment's landmarks in its technical frame. */
static void calibrate_segment(const leg_points *mean, int foot, gait_leg_calibration *cal)
{
    static const int shank_order[] = {
        GAIT_LM_SHANK_1,  GAIT_LM_SHANK_2,       GAIT_LM_SHANK_3,
        GAIT_LM_SHANK_4,  GAIT_LM_TIBIA,         GAIT_LM_LAT_KNEE,
        GAIT_LM_MED_KNEE, GAIT_LM_LAT_MALLEOLUS, GAIT_LM_MED_MALLEOLUS};
    static const int foot_order[] = {GAIT_LM_HEEL, GAIT_LM_TOE, GAIT_LM_MT5, GAIT_LM_MT1};
    int *tech = foot ? cal->foot_technical : cal->shank_technical;
    const int ok = foot ? choose_technical(mean, foot_order, 4, tech)
                        : choose_technical(mean, shank_order, 9, tech);
    if (!ok)
        return;
    double r[9];
    const gait_vec3 origin = mean->p[tech[0]];
    if (!technical_frame(origin, mean->p[tech[1]], mean->p[tech[2]], r))
        return;
    if (foot)
        cal->has_foot_technical = 1;
    else
        cal->has_shank_technical = 1;
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++) {
        if (kin_is_foot_landmark(lm) != foot || !present(mean, lm))
            continue;
        const gait_vec3 l = gait_mat3_transpose_mul_vec(r, gait_vec3_sub(mean->p[lm], origin));
        cal->landmark_local_m[lm][0] = l.x;
        cal->landmark_local_m[lm][1] = l.y;
        cal->landmark_local_m[lm][2] = l.z;
        cal->has_landmark[lm] = 1;
    }
}

/* The foot offset: flat-foot anatomical frame in the marker-based foot frame. */
static void calibrate_foot_offset(const leg_points *mean, int side, gait_vec3 up,
                                  gait_leg_calibration *cal)
{
    const leg_options none = {NAN, NAN};
    double rs[9], rm[9], ra[9];
    gait_vec3 ajc;
    shank_pose(mean, side, &none, rs, &ajc);
    if (!marker_foot(mean, side, gait_mat3_column(rs, 1), rm))
        return;
    /* Anatomical x: the marker foot's x on the horizontal (heel -> toe, or mid-MT). */
    const gait_vec3 x = kin_orthogonal_unit(gait_mat3_column(rm, 0), up);
    if (!kin_finite3(x))
        return;
    gait_mat3_set_column(ra, 0, x);
    gait_mat3_set_column(ra, 1, gait_vec3_cross(up, x));
    gait_mat3_set_column(ra, 2, up);
    /* offset = rm^T ra */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            cal->foot_offset[3 * i + j] =
                rm[i] * ra[j] + rm[3 + i] * ra[3 + j] + rm[6 + i] * ra[6 + j];
    cal->has_foot_offset = 1;
}

gait_status gait_leg_calibrate(const gait_leg_markers *static_trial, int side,
                               const double up_unit[3], gait_leg_calibration *calibration)
{
    gait_status st = check_markers(static_trial, side, "gait_leg_calibrate");
    if (st != GAIT_OK)
        return st;
    if (!up_unit || !calibration)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_leg_calibrate: NULL argument");
    const gait_vec3 up = kin_unit(gait_vec3_make(up_unit[0], up_unit[1], up_unit[2]));
    if (!kin_finite3(up))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_leg_calibrate: up (%g, %g, %g) has no direction",
                         up_unit[0], up_unit[1], up_unit[2]);
    memset(calibration, 0, sizeof *calibration);
    calibration->side = side;

    /* Mean of the frames where every given marker is present. */
    leg_points mean;
    size_t n_used = 0;
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
        mean.p[lm] = static_trial->xyz_m[lm] ? gait_vec3_make(0, 0, 0) : kin_nan3();
    for (size_t k = 0; k < static_trial->n_frames; k++) {
        leg_points pts;
        read_frame(static_trial, k, &pts);
        int complete = 1;
        for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
            complete &= !static_trial->xyz_m[lm] || present(&pts, lm);
        if (!complete)
            continue;
        for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
            if (static_trial->xyz_m[lm])
                mean.p[lm] = gait_vec3_add(mean.p[lm], pts.p[lm]);
        n_used++;
    }
    if (n_used == 0)
        return gait_fail(GAIT_E_NO_DATA,
                         "gait_leg_calibrate: none of the %zu static frames holds every given "
                         "marker",
                         static_trial->n_frames);
    for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
        mean.p[lm] = gait_vec3_scale(mean.p[lm], 1.0 / (double)n_used);
    calibration->n_static_frames = n_used;

    calibrate_segment(&mean, 0, calibration);
    calibrate_segment(&mean, 1, calibration);
    calibrate_foot_offset(&mean, side, up, calibration);
    if (!calibration->has_shank_technical && !calibration->has_foot_technical &&
        !calibration->has_foot_offset) {
        memset(calibration, 0, sizeof *calibration);
        return gait_fail(GAIT_E_NO_DATA,
                         "gait_leg_calibrate: fewer than three non-collinear markers on the shank "
                         "and on the foot, and no heel + toe for the foot's neutral");
    }
    return GAIT_OK;
}
