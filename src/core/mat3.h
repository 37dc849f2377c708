/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal 3x3 matrix helpers (the simulator's rotations and inertia tensors).
 *
 * Layout: a matrix is a double[9] in ROW-MAJOR order, m[3 * row + column]:
 *     | m[0] m[1] m[2] |
 *     | m[3] m[4] m[5] |
 *     | m[6] m[7] m[8] |
 * so a rotation from a segment frame to the lab (sim_frame.rotation) holds segment axis j, in lab
 * coordinates, in column j: m[j], m[3 + j], m[6 + j].
 *
 * Every sum is written out left to right (term 0 + term 1 + term 2) with no other rounding, so
 * callers get the same bits as the expressions these helpers replaced. The outputs of the
 * matrix-matrix products may alias either input. */
#ifndef GAIT_MAT3_H
#define GAIT_MAT3_H

#include "gait/signal.h"

/* m v */
static inline gait_vec3 gait_mat3_mul_vec(const double m[9], gait_vec3 v)
{
    return gait_vec3_make(m[0] * v.x + m[1] * v.y + m[2] * v.z,
                          m[3] * v.x + m[4] * v.y + m[5] * v.z,
                          m[6] * v.x + m[7] * v.y + m[8] * v.z);
}

/* m^T v (for a rotation segment -> lab: a lab vector in segment coordinates) */
static inline gait_vec3 gait_mat3_transpose_mul_vec(const double m[9], gait_vec3 v)
{
    return gait_vec3_make(m[0] * v.x + m[3] * v.y + m[6] * v.z,
                          m[1] * v.x + m[4] * v.y + m[7] * v.z,
                          m[2] * v.x + m[5] * v.y + m[8] * v.z);
}

/* out = a b */
static inline void gait_mat3_mul(const double a[9], const double b[9], double out[9])
{
    double r[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    for (int i = 0; i < 9; i++)
        out[i] = r[i];
}

/* out = a b^T */
static inline void gait_mat3_mul_transpose(const double a[9], const double b[9], double out[9])
{
    double r[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r[3 * i + j] =
                a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
    for (int i = 0; i < 9; i++)
        out[i] = r[i];
}

/* Column j (0..2) of m. */
static inline gait_vec3 gait_mat3_column(const double m[9], int j)
{
    return gait_vec3_make(m[j], m[3 + j], m[6 + j]);
}

/* Set column j (0..2) of m to v. */
static inline void gait_mat3_set_column(double m[9], int j, gait_vec3 v)
{
    m[j] = v.x;
    m[3 + j] = v.y;
    m[6 + j] = v.z;
}

#endif
