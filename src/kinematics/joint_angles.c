/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ISB ankle angles: the exact inverse of R_shank^T R_foot = Ry(-df) Rx(s inv) Rz(s ir), s = +1
 * right, -1 left (see gait/kinematics.h). With a = -df, b = s inv, c = s ir:
 *     R = | ca cc + sa sb sc   -ca sc + sa sb cc   sa cb |
 *         | cb sc               cb cc              -sb    |
 *         | -sa cc + ca sb sc   sa sc + ca sb cc    ca cb |
 * so b = atan2(-R12, hypot(R10, R11)), a = atan2(R02, R22), c = atan2(R10, R11): atan2 keeps full
 * precision near every angle, and b is in [-90, 90] degrees (gimbal lock only at |inv| = 90). */
#include <math.h>

#include "core/internal.h"
#include "gait/kinematics.h"

#define RAD_TO_DEG (180.0 / M_PI)

gait_status gait_ankle_angles(size_t n_frames, int side, const double *shank_rotation,
                              const double *foot_rotation, double *angles_deg)
{
    if (side != 0 && side != 1)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_ankle_angles: side %d is not 0 or 1", side);
    if (n_frames > 0 && (!shank_rotation || !foot_rotation || !angles_deg))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_ankle_angles: NULL argument");
    const double s = side == 0 ? 1.0 : -1.0;
    for (size_t k = 0; k < n_frames; k++) {
        double r[9];
        /* R_shank^T R_foot: row i of the product = shank column i dotted with foot columns. */
        const double *rs = shank_rotation + 9 * k;
        const double *rf = foot_rotation + 9 * k;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[3 * i + j] = rs[i] * rf[j] + rs[3 + i] * rf[3 + j] + rs[6 + i] * rf[6 + j];
        double *out = angles_deg + 3 * k;
        int finite = 1;
        for (int i = 0; i < 9; i++)
            finite &= isfinite(r[i]) != 0;
        if (!finite) {
            out[0] = out[1] = out[2] = NAN;
            continue;
        }
        const double a = atan2(r[2], r[8]);
        const double b = atan2(-r[5], hypot(r[3], r[4]));
        const double c = atan2(r[3], r[4]);
        out[0] = -a * RAD_TO_DEG;
        out[1] = s * b * RAD_TO_DEG;
        out[2] = s * c * RAD_TO_DEG;
    }
    return GAIT_OK;
}
