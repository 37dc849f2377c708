/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Piecewise quintic Hermite curves for the simulator: C2-continuous keyframe interpolation with
 * analytic first and second derivatives.
 *
 * A knot holds a value and its first and second time derivatives. Between two knots the curve is
 * the unique quintic that matches both knots' value, rate and acceleration, so a chain of such
 * segments is C2 wherever its knots are shared, and any polynomial of degree <= 5 given by its
 * own end values is reproduced exactly. */
#ifndef GAIT_SIM_CURVE_H
#define GAIT_SIM_CURVE_H

#include <stddef.h>

typedef struct sim_knot {
    double t_s;   /* time of the knot */
    double value; /* value (any unit u) */
    double rate;  /* u/s */
    double accel; /* u/s^2 */
    int extremum; /* 1: sim_curve_shape() sets rate and accel (a turning point or a pause) */
} sim_knot;

/* The quintic between knots a and b (a->t_s < b->t_s) at t: out[0] value, out[1] rate, out[2]
 * acceleration. t outside [a->t_s, b->t_s] extrapolates the same polynomial. */
void sim_quintic(const sim_knot *a, const sim_knot *b, double t, double out[3]);

/* The piecewise curve through knots[0..n-1] (n >= 2, strictly increasing times) at t; the first
 * and last segments extend beyond the ends. */
void sim_curve_eval(const sim_knot *knots, size_t n, double t, double out[3]);

/* Rate and acceleration of every interior knot flagged `extremum`, from its neighbours only:
 *   - a turning point (value above both neighbours, or below both) gets rate 0 and the curvature
 *     of a half cosine wave to the nearer-in-curvature neighbour,
 *     accel = -sign * (pi^2 / 2) * min(|dv_left| / dt_left^2, |dv_right| / dt_right^2);
 *   - any other flagged knot gets rate 0 and accel 0 (a pause).
 * Between two such knots the quintic is monotone (its normalised end curvatures stay below
 * pi^2 / 2 < 12, inside the region where the segment cannot overshoot), so the curve's extremes
 * are exactly the knot values. Knots 0 and n-1 are left as they are. */
void sim_curve_shape(sim_knot *knots, size_t n);

#endif
