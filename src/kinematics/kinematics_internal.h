/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the kinematics sources. */
#ifndef GAIT_KINEMATICS_INTERNAL_H
#define GAIT_KINEMATICS_INTERNAL_H

#include <math.h>

#include "gait/kinematics.h"
#include "gait/signal.h"

/* Shorter vectors than this (metres, or unitless for unit vectors) have no direction. */
#define KIN_TINY 1e-9

static inline gait_vec3 kin_nan3(void)
{
    return gait_vec3_make(NAN, NAN, NAN);
}

static inline int kin_finite3(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

/* v / |v|, NaN when v is not finite or too short. */
static inline gait_vec3 kin_unit(gait_vec3 v)
{
    const double n = gait_vec3_norm(v);
    if (!(n > KIN_TINY))
        return kin_nan3();
    return gait_vec3_scale(v, 1.0 / n);
}

/* Unit of the part of v orthogonal to the unit vector u. */
static inline gait_vec3 kin_orthogonal_unit(gait_vec3 v, gait_vec3 u)
{
    return kin_unit(gait_vec3_sub(v, gait_vec3_scale(u, gait_vec3_dot(v, u))));
}

/* 1 if landmark lm belongs to the foot (heel, toe, metatarsal heads), else the shank. */
static inline int kin_is_foot_landmark(int lm)
{
    return lm <= GAIT_LM_MT5;
}

/* Plug-in Gait's chord: the ankle centre at distance d from the lateral malleolus marker a, with
 * (centre - a) perpendicular to (centre - knee), in the plane of a, knee and the tibia marker, on
 * the side away from the tibia marker (segments.c head comment). NaN when |knee - a| <= d. */
gait_vec3 kin_ankle_chord(gait_vec3 a, gait_vec3 knee, gait_vec3 tibia, double d);

/* Refinements of the lateral-only knee and ankle centres (segments.c step 3b). */
#define KIN_LATERAL_PASSES 4

/* Knee and ankle centres from lateral markers only: returns the AJC and writes the KJC. */
gait_vec3 kin_lateral_centres(gait_vec3 lateral_knee, gait_vec3 lateral_malleolus, gait_vec3 tibia,
                              double knee_offset_m, double ankle_offset_m, gait_vec3 *kjc);

#endif
