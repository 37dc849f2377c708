/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Gap filling by a local not-a-knot cubic spline. GSL's cubic splines are natural or periodic,
 * which do not reproduce a cubic, so the small spline system is built here and solved with GSL's
 * LU. */
#include <math.h>
#include <stdint.h>

#include <gsl/gsl_linalg.h>

#include "core/internal.h"
#include "gait/gapfill.h"

#define SUPPORT_MAX (2 * GAIT_GAPFILL_SUPPORT_SAMPLES)

/* Second derivatives m[0..k-1] of the not-a-knot cubic spline through (t[i], v[i]), k >= 2.
 *   k == 2: m = 0, the straight line;
 *   k == 3: m constant, the parabola through the three points;
 *   k >= 4: the third derivative is continuous at t[1] and t[k-2].
 * Rows 1..k-2 are the usual continuity of the first derivative at the interior knots. */
static gait_status not_a_knot_moments(const double *t, const double *v, size_t k, double *m)
{
    double matrix[SUPPORT_MAX * SUPPORT_MAX] = {0};
    double rhs[SUPPORT_MAX] = {0};
    size_t perm_data[SUPPORT_MAX];
    double h[SUPPORT_MAX];
    for (size_t i = 0; i + 1 < k; i++)
        h[i] = t[i + 1] - t[i];

    for (size_t i = 1; i + 1 < k; i++) {
        matrix[i * k + i - 1] = h[i - 1];
        matrix[i * k + i] = 2.0 * (h[i - 1] + h[i]);
        matrix[i * k + i + 1] = h[i];
        rhs[i] = 6.0 * ((v[i + 1] - v[i]) / h[i] - (v[i] - v[i - 1]) / h[i - 1]);
    }
    size_t last = k - 1;
    if (k == 2) {
        matrix[0] = 1.0;
        matrix[last * k + last] = 1.0;
    } else if (k == 3) {
        matrix[0] = 1.0;
        matrix[1] = -1.0;
        matrix[last * k + last - 1] = 1.0;
        matrix[last * k + last] = -1.0;
    } else {
        /* (m1 - m0) / h0 == (m2 - m1) / h1, and the same at the other end. */
        matrix[0] = h[1];
        matrix[1] = -(h[0] + h[1]);
        matrix[2] = h[0];
        matrix[last * k + last - 2] = h[k - 2];
        matrix[last * k + last - 1] = -(h[k - 3] + h[k - 2]);
        matrix[last * k + last] = h[k - 3];
    }

    gait_gsl_setup();
    gsl_matrix_view a = gsl_matrix_view_array(matrix, k, k);
    gsl_vector_view b = gsl_vector_view_array(rhs, k);
    gsl_vector_view solution = gsl_vector_view_array(m, k);
    gsl_permutation perm = {k, perm_data};
    int signum = 0;
    if (gsl_linalg_LU_decomp(&a.matrix, &perm, &signum) != 0 ||
        gsl_linalg_LU_solve(&a.matrix, &perm, &b.vector, &solution.vector) != 0)
        return gait_fail(GAIT_E_NUMERIC, "gait_fill_gaps: spline system is singular");
    for (size_t i = 0; i < k; i++)
        if (!isfinite(m[i]))
            return gait_fail(GAIT_E_NUMERIC, "gait_fill_gaps: spline system is singular");
    return GAIT_OK;
}

/* Fill x[gap_start .. gap_end-1] from the finite samples x[left_start .. gap_start-1] and
 * x[gap_end .. right_end-1], keeping at most GAIT_GAPFILL_SUPPORT_SAMPLES on each side. */
static gait_status fill_one_gap(double *x, size_t left_start, size_t gap_start, size_t gap_end,
                                size_t right_end)
{
    const size_t support = GAIT_GAPFILL_SUPPORT_SAMPLES;
    if (gap_start - left_start > support)
        left_start = gap_start - support;
    if (right_end - gap_end > support)
        right_end = gap_end + support;

    double t[SUPPORT_MAX];
    double v[SUPPORT_MAX];
    double m[SUPPORT_MAX];
    size_t k = 0;
    /* Times in samples from the first support sample keep the system well scaled. */
    for (size_t i = left_start; i < gap_start; i++, k++) {
        t[k] = (double)(i - left_start);
        v[k] = x[i];
    }
    size_t left_count = k;
    for (size_t i = gap_end; i < right_end; i++, k++) {
        t[k] = (double)(i - left_start);
        v[k] = x[i];
    }
    gait_status status = not_a_knot_moments(t, v, k, m);
    if (status != GAIT_OK)
        return status;

    /* The gap lies in the single spline interval [t[a], t[b]]. */
    size_t ia = left_count - 1;
    size_t ib = left_count;
    double ta = t[ia];
    double tb = t[ib];
    double h = tb - ta;
    for (size_t i = gap_start; i < gap_end; i++) {
        double ti = (double)(i - left_start);
        double da = tb - ti; /* distance to the right knot */
        double db = ti - ta; /* distance to the left knot */
        x[i] = (m[ia] * da * da * da + m[ib] * db * db * db) / (6.0 * h) +
               (v[ia] / h - m[ia] * h / 6.0) * da + (v[ib] / h - m[ib] * h / 6.0) * db;
    }
    return GAIT_OK;
}

gait_status gait_fill_gaps(double *x, size_t n, size_t max_gap_samples, size_t *n_filled)
{
    if (n_filled != NULL)
        *n_filled = 0;
    if (x == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_fill_gaps: x is NULL");
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_fill_gaps: empty input (0 samples)");

    size_t filled = 0;
    size_t prev_start;
    size_t prev_length = gait_next_finite_run(x, n, 0, &prev_start);
    /* Each gap lies between two consecutive finite runs of the input. Runs are found after the
     * previous gap was filled, but from the end of the previous run on, so a filled gap never
     * serves as support for the next one. */
    while (prev_length > 0) {
        size_t gap_start = prev_start + prev_length;
        size_t next_start;
        size_t next_length = gait_next_finite_run(x, n, gap_start, &next_start);
        if (next_length == 0)
            break; /* trailing gap (or none): nothing to interpolate towards */
        size_t gap_length = next_start - gap_start;
        if (gap_length <= max_gap_samples) {
            gait_status status =
                fill_one_gap(x, prev_start, gap_start, next_start, next_start + next_length);
            if (status != GAIT_OK) {
                if (n_filled != NULL)
                    *n_filled = filled;
                return status;
            }
            filled += gap_length;
        }
        prev_start = next_start;
        prev_length = next_length;
    }
    if (n_filled != NULL)
        *n_filled = filled;
    return GAIT_OK;
}

typedef struct fill_context {
    size_t max_gap_samples;
    size_t filled;
} fill_context;

static gait_status fill_channel(double *channel, size_t n, void *context)
{
    fill_context *fill = context;
    size_t filled = 0;
    gait_status status = gait_fill_gaps(channel, n, fill->max_gap_samples, &filled);
    if (status == GAIT_OK)
        fill->filled += filled; /* a failed channel is not written back */
    return status;
}

gait_status gait_signal_fill_gaps(gait_signal *signal, double max_gap_s, size_t *n_filled)
{
    if (n_filled != NULL)
        *n_filled = 0;
    if (signal == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_fill_gaps: signal is NULL");
    if (!gait_is_positive_finite(signal->rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_signal_fill_gaps: signal rate_hz %g must be finite and > 0",
                         signal->rate_hz);
    if (!(max_gap_s >= 0.0) || isinf(max_gap_s))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_signal_fill_gaps: max_gap_s %g must be finite and >= 0", max_gap_s);
    /* Round down, but forgive the representation error of products such as 0.29 s x 100 Hz. */
    double samples = floor(max_gap_s * signal->rate_hz * (1.0 + 1e-9));
    fill_context context = {samples >= (double)SIZE_MAX ? SIZE_MAX : (size_t)samples, 0};
    gait_status status =
        gait_signal_apply_per_channel(signal, fill_channel, &context, "gait_signal_fill_gaps");
    if (n_filled != NULL)
        *n_filled = context.filled;
    return status;
}
