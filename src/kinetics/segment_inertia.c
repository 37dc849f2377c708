/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Foot segment parameters from de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment
 * inertia parameters. J Biomech 29:1223-1230, Table 4, male values. Foot length is measured from
 * the heel (pternion) to the tip of the longest toe (acropodion):
 *   mass               1.37 % of body mass;
 *   centre of mass     44.15 % of the foot length from the heel toward the toe tip;
 *   radii of gyration  about the centre of mass, % of foot length:
 *                        12.4 about the long axis (foot x, de Leva's "longitudinal"),
 *                        25.7 about the medio-lateral axis (foot y, "sagittal"),
 *                        24.5 about the vertical axis (foot z, "transverse").
 *
 * Placement in the foot frame (gait/kinematics.h: origin at the ankle joint centre, x toward the
 * toes along the sole, y left, z up). de Leva places the centre of mass along heel -> toe only;
 * across and up we choose:
 *   x = heel.x + 0.4415 L   (along the foot's long axis from the heel point);
 *   y = heel.y              (on the heel point's sagittal line, normally the foot's long axis);
 *   z = heel.z / 2          (half way between the sole, where the heel point sits, and the ankle
 *                            joint centre at z = 0: the foot's mid-depth).
 * The heel point is below the ankle (heel.z < 0), so the centre of mass sits raised above the
 * sole by half the ankle height. The simulator (src/sim/dynamics.c) makes the same choice, which
 * lets the tests compare the two inverse dynamics with the same inertia.
 * The principal axes are taken to be the foot axes: the tensor is diagonal in the foot frame. */
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "gait/kinetics.h"

#define FOOT_MASS_FRACTION   0.0137
#define FOOT_COM_FRACTION    0.4415
#define FOOT_RADIUS_LONG     0.124 /* about foot x */
#define FOOT_RADIUS_ML       0.257 /* about foot y */
#define FOOT_RADIUS_VERTICAL 0.245 /* about foot z */
/* Height of the centre of mass between the sole (0) and the ankle joint centre (1). */
#define FOOT_COM_DEPTH_FRACTION 0.5

gait_status gait_foot_inertia_de_leva(double body_mass_kg, double foot_length_m,
                                      const double heel_local_m[3], gait_segment_inertia *inertia)
{
    if (heel_local_m == NULL || inertia == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_foot_inertia_de_leva: NULL argument");
    if (!gait_is_positive_finite(body_mass_kg))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_foot_inertia_de_leva: body_mass_kg %g must be finite and > 0",
                         body_mass_kg);
    if (!gait_is_positive_finite(foot_length_m))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_foot_inertia_de_leva: foot_length_m %g must be finite and > 0",
                         foot_length_m);
    for (int i = 0; i < 3; i++)
        if (!isfinite(heel_local_m[i]))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_foot_inertia_de_leva: heel_local_m[%d] %g is not finite", i,
                             heel_local_m[i]);

    const double mass = FOOT_MASS_FRACTION * body_mass_kg;
    memset(inertia, 0, sizeof *inertia);
    inertia->mass_kg = mass;
    inertia->com_local_m[0] = heel_local_m[0] + FOOT_COM_FRACTION * foot_length_m;
    inertia->com_local_m[1] = heel_local_m[1];
    /* From the sole (heel.z) toward the ankle joint centre (z = 0). */
    inertia->com_local_m[2] = heel_local_m[2] - FOOT_COM_DEPTH_FRACTION * heel_local_m[2];
    const double radii_m[3] = {FOOT_RADIUS_LONG * foot_length_m, FOOT_RADIUS_ML * foot_length_m,
                               FOOT_RADIUS_VERTICAL * foot_length_m};
    for (int i = 0; i < 3; i++)
        inertia->inertia_kgm2[4 * i] = mass * radii_m[i] * radii_m[i];
    return GAIT_OK;
}
