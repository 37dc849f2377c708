/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Piecewise quintic Hermite curves (see curve.h). */
#include <math.h>

#include "sim/curve.h"

/* The quintic Hermite basis on s in [0, 1] and its first two derivatives:
 *   p(s) = p0 H0 + h v0 H1 + h^2 a0 H2 + p1 H3 + h v1 H4 + h^2 a1 H5,   h = t1 - t0. */
void sim_quintic(const sim_knot *a, const sim_knot *b, double t, double out[3])
{
    const double h = b->t_s - a->t_s;
    const double s = (t - a->t_s) / h;
    const double s2 = s * s, s3 = s2 * s, s4 = s3 * s, s5 = s4 * s;

    const double h0 = 1.0 - 10.0 * s3 + 15.0 * s4 - 6.0 * s5;
    const double h1 = s - 6.0 * s3 + 8.0 * s4 - 3.0 * s5;
    const double h2 = 0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5;
    const double h3 = 10.0 * s3 - 15.0 * s4 + 6.0 * s5;
    const double h4 = -4.0 * s3 + 7.0 * s4 - 3.0 * s5;
    const double h5 = 0.5 * s3 - s4 + 0.5 * s5;

    const double d0 = -30.0 * s2 + 60.0 * s3 - 30.0 * s4;
    const double d1 = 1.0 - 18.0 * s2 + 32.0 * s3 - 15.0 * s4;
    const double d2 = s - 4.5 * s2 + 6.0 * s3 - 2.5 * s4;
    const double d3 = -d0;
    const double d4 = -12.0 * s2 + 28.0 * s3 - 15.0 * s4;
    const double d5 = 1.5 * s2 - 4.0 * s3 + 2.5 * s4;

    const double e0 = -60.0 * s + 180.0 * s2 - 120.0 * s3;
    const double e1 = -36.0 * s + 96.0 * s2 - 60.0 * s3;
    const double e2 = 1.0 - 9.0 * s + 18.0 * s2 - 10.0 * s3;
    const double e3 = -e0;
    const double e4 = -24.0 * s + 84.0 * s2 - 60.0 * s3;
    const double e5 = 3.0 * s - 12.0 * s2 + 10.0 * s3;

    const double p0 = a->value, v0 = h * a->rate, a0 = h * h * a->accel;
    const double p1 = b->value, v1 = h * b->rate, a1 = h * h * b->accel;
    out[0] = p0 * h0 + v0 * h1 + a0 * h2 + p1 * h3 + v1 * h4 + a1 * h5;
    out[1] = (p0 * d0 + v0 * d1 + a0 * d2 + p1 * d3 + v1 * d4 + a1 * d5) / h;
    out[2] = (p0 * e0 + v0 * e1 + a0 * e2 + p1 * e3 + v1 * e4 + a1 * e5) / (h * h);
}

void sim_curve_eval(const sim_knot *knots, size_t n, double t, double out[3])
{
    /* The last knot at or before t (binary search), kept inside 0 .. n - 2. */
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (knots[mid].t_s <= t)
            lo = mid;
        else
            hi = mid;
    }
    sim_quintic(&knots[lo], &knots[lo + 1], t, out);
}

void sim_curve_shape(sim_knot *knots, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++) {
        sim_knot *k = &knots[i];
        if (!k->extremum)
            continue;
        const double dl = k->value - knots[i - 1].value;
        const double dr = k->value - knots[i + 1].value;
        const double tl = k->t_s - knots[i - 1].t_s;
        const double tr = knots[i + 1].t_s - k->t_s;
        k->rate = 0.0;
        k->accel = 0.0;
        if ((dl > 0.0 && dr > 0.0) || (dl < 0.0 && dr < 0.0)) {
            const double cl = fabs(dl) / (tl * tl), cr = fabs(dr) / (tr * tr);
            const double curvature = 0.5 * M_PI * M_PI * (cl < cr ? cl : cr);
            k->accel = dl > 0.0 ? -curvature : curvature;
        }
    }
}
