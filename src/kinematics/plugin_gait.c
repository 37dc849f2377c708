/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plug-in Gait's shank and foot (the lower-body model of Vicon's Plug-in Gait, as its outputs in
 * the shared PiG files show it; reconstructed from those outputs, no code of Vicon's):
 *
 * - Knee joint centre (KJC): without a hip model, the KNE marker moved medially by knee width / 2
 *   + marker radius along the ankle's medio-lateral direction, refined with the ankle centre it
 *   gives (kin_lateral_centres, shared with gait_leg_poses' lateral-only fallback). (PiG proper
 * places the KJC with its thigh chord from the hip centre; the shortcut moves the ankle centre by a
 * few mm, which the tests measure.)
 * - Ankle joint centre (AJC), the "chord function": in the plane of KJC, the lateral malleolus
 *   marker ANK and the tibia marker TIB, at distance d = ankle width / 2 + marker radius from ANK,
 *   with (AJC - ANK) perpendicular to (AJC - KJC), on the side of the KJC-ANK line away from TIB:
 *   e = kin_unit(KJC - ANK), n = -kin_unit((TIB - ANK) without its e part), cos(phi) = d / |KJC -
 * ANK|, AJC = ANK + d (cos(phi) e + sin(phi) n).
 * - Tibia: origin AJC, z = kin_unit(KJC - AJC), y = kin_unit(ANK - AJC) on the left and
 * kin_unit(AJC - ANK) on the right (pointing left on both), x = y x z. This is libgait's shank
 * frame.
 * - Foot: PiG's uncorrected axes z0 = kin_unit(AJC - TOE), x0 = kin_unit(y_tibia x z0), y0 = z0 x
 * x0 (x up, y left, z backward), then the static offsets from the static trial: R = [x0 y0 z0]
 *   Ry(-StaticPlantFlex) Rx(-s StaticRotOff), s = +1 left, -1 right. libgait's foot axes (toes,
 *   left, up) are PiG's (-z, y, x).
 * Checked against the segment axes PiG stored in PiG_Motion-FlatFoot-Full.c3d: AJC within 0.001 mm
 * and the axes within 0.0002 deg when PiG's own KJC is given. */
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "core/mat3.h"
#include "gait/kinematics.h"
#include "kinematics/kinematics_internal.h"

static gait_vec3 at(const double *xyz, size_t k)
{
    return gait_vec3_make(xyz[3 * k], xyz[3 * k + 1], xyz[3 * k + 2]);
}

static void rotation_y(double angle, double r[9])
{
    double c = cos(angle), s = sin(angle);
    const double m[9] = {c, 0, s, 0, 1, 0, -s, 0, c};
    memcpy(r, m, sizeof m);
}

static void rotation_x(double angle, double r[9])
{
    double c = cos(angle), s = sin(angle);
    const double m[9] = {1, 0, 0, 0, c, -s, 0, s, c};
    memcpy(r, m, sizeof m);
}

static void set_nan(double *a, size_t n)
{
    if (a != NULL)
        for (size_t i = 0; i < n; i++)
            a[i] = NAN;
}

gait_status gait_pig_leg_poses(const gait_leg_markers *markers, int side,
                               const gait_pig_leg_settings *settings, double *shank_rotation,
                               double *shank_origin_m, double *foot_rotation, double *foot_origin_m)
{
    if (markers == NULL || settings == NULL || (side != 0 && side != 1))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_pig_leg_poses: NULL argument or side %d", side);
    const double *ank = markers->xyz_m[GAIT_LM_LAT_MALLEOLUS],
                 *kne = markers->xyz_m[GAIT_LM_LAT_KNEE], *tib = markers->xyz_m[GAIT_LM_TIBIA],
                 *toe = markers->xyz_m[GAIT_LM_TOE];
    if (ank == NULL || kne == NULL || tib == NULL || toe == NULL)
        return gait_fail(
            GAIT_E_NO_DATA,
            "Plug-in Gait %s leg needs the ANK, KNE, TIB and TOE markers (missing:%s%s%s%s)",
            side == 0 ? "right" : "left", ank ? "" : " ANK", kne ? "" : " KNE", tib ? "" : " TIB",
            toe ? "" : " TOE");
    if (!(settings->ankle_width_m > 0.0) || !(settings->marker_radius_m >= 0.0) ||
        !(settings->knee_width_m >= 0.0))
        return gait_fail(GAIT_E_NO_DATA,
                         "Plug-in Gait %s leg needs the ankle width (PROCESSING:%cAnkleWidth)",
                         side == 0 ? "right" : "left", side == 0 ? 'R' : 'L');
    const size_t n = markers->n_frames;
    const double d = 0.5 * settings->ankle_width_m + settings->marker_radius_m;
    const double knee_offset = 0.5 * settings->knee_width_m + settings->marker_radius_m;
    const double s = side == 1 ? 1.0 : -1.0;
    double offset[9], ry[9], rx[9];
    rotation_y(-settings->static_plantar_flexion_rad, ry);
    rotation_x(-s * settings->static_rotation_offset_rad, rx);
    gait_mat3_mul(ry, rx, offset);
    size_t built = 0;
    for (size_t k = 0; k < n; k++) {
        gait_vec3 a = at(ank, k), kj, toe_k = at(toe, k);
        gait_vec3 ajc = kin_lateral_centres(at(kne, k), a, at(tib, k), knee_offset, d, &kj);
        gait_vec3 z = kin_unit(gait_vec3_sub(kj, ajc));
        gait_vec3 y = kin_unit(side == 1 ? gait_vec3_sub(a, ajc) : gait_vec3_sub(ajc, a));
        gait_vec3 x = kin_unit(gait_vec3_cross(y, z));
        y = gait_vec3_cross(z, x);
        gait_vec3 z0 = kin_unit(gait_vec3_sub(ajc, toe_k));
        gait_vec3 x0 = kin_unit(gait_vec3_cross(y, z0));
        gait_vec3 y0 = gait_vec3_cross(z0, x0);
        double pig[9], corrected[9];
        gait_mat3_set_column(pig, 0, x0);
        gait_mat3_set_column(pig, 1, y0);
        gait_mat3_set_column(pig, 2, z0);
        gait_mat3_mul(pig, offset, corrected);
        gait_vec3 up = gait_mat3_column(corrected, 0), left = gait_mat3_column(corrected, 1),
                  back = gait_mat3_column(corrected, 2);
        double check = x.x + y.x + z.x + up.x + left.x + back.x + ajc.x;
        if (!isfinite(check) ||
            !isfinite(x.y + x.z + up.y + up.z + back.y + back.z + ajc.y + ajc.z)) {
            set_nan(shank_rotation ? shank_rotation + 9 * k : NULL, 9);
            set_nan(shank_origin_m ? shank_origin_m + 3 * k : NULL, 3);
            set_nan(foot_rotation ? foot_rotation + 9 * k : NULL, 9);
            set_nan(foot_origin_m ? foot_origin_m + 3 * k : NULL, 3);
            continue;
        }
        built++;
        if (shank_rotation != NULL) {
            gait_mat3_set_column(shank_rotation + 9 * k, 0, x);
            gait_mat3_set_column(shank_rotation + 9 * k, 1, y);
            gait_mat3_set_column(shank_rotation + 9 * k, 2, z);
        }
        if (foot_rotation != NULL) {
            gait_mat3_set_column(foot_rotation + 9 * k, 0, gait_vec3_scale(back, -1.0));
            gait_mat3_set_column(foot_rotation + 9 * k, 1, left);
            gait_mat3_set_column(foot_rotation + 9 * k, 2, up);
        }
        const double o[3] = {ajc.x, ajc.y, ajc.z};
        for (int i = 0; i < 3; i++) {
            if (shank_origin_m != NULL)
                shank_origin_m[3 * k + (size_t)i] = o[i];
            if (foot_origin_m != NULL)
                foot_origin_m[3 * k + (size_t)i] = o[i];
        }
    }
    if (built == 0)
        return gait_fail(GAIT_E_NO_DATA,
                         "Plug-in Gait %s leg: no frame with ANK, KNE, TIB and TOE all present "
                         "and the ankle width shorter than the knee-ankle distance",
                         side == 0 ? "right" : "left");
    return GAIT_OK;
}
