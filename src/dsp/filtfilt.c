/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Zero-lag filtering with the same edge handling as scipy.signal.filtfilt (odd extension,
 * steady-state initial conditions), applied to each finite run of a series. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_linalg.h>

#include "core/internal.h"
#include "gait/filter.h"

/* Direct form II transposed, as scipy.signal.lfilter: state[0..order-1] carries over. In place is
 * fine because x[i] is read before y[i] is written. Runs forward over data[0..n-1], or backward
 * from data[n-1] when `backward` is set. Inlined with a constant order below so the compiler
 * unrolls the state update for the common orders. */
static inline void lfilter_df2t(const gait_butterworth *f, const int order, double *data, size_t n,
                                int backward, double *state)
{
    double b[GAIT_BUTTERWORTH_MAX_ORDER + 1], a[GAIT_BUTTERWORTH_MAX_ORDER + 1];
    double z[GAIT_BUTTERWORTH_MAX_ORDER];
    for (int i = 0; i <= order; i++) {
        b[i] = f->b[i];
        a[i] = f->a[i];
    }
    for (int i = 0; i < order; i++)
        z[i] = state[i];
    ptrdiff_t step = backward ? -1 : 1;
    double *sample = backward ? data + n - 1 : data;
    for (size_t k = 0; k < n; k++, sample += step) {
        double x = *sample;
        double y = z[0] + b[0] * x;
        for (int i = 1; i < order; i++)
            z[i - 1] = z[i] + x * b[i] - y * a[i];
        z[order - 1] = x * b[order] - y * a[order];
        *sample = y;
    }
    for (int i = 0; i < order; i++)
        state[i] = z[i];
}

static void lfilter(const gait_butterworth *f, double *data, size_t n, int backward, double *state)
{
    switch (f->order) {
    case 1:
        lfilter_df2t(f, 1, data, n, backward, state);
        break;
    case 2:
        lfilter_df2t(f, 2, data, n, backward, state);
        break;
    case 4:
        lfilter_df2t(f, 4, data, n, backward, state);
        break;
    default:
        lfilter_df2t(f, f->order, data, n, backward, state);
        break;
    }
}

/* Filter state for a unit step held forever (scipy.signal.lfilter_zi): solves
 * (I - companion(a)^T) zi = b[1:] - a[1:] b[0] with GSL's LU decomposition. */
static gait_status steady_state(const gait_butterworth *f, double *zi)
{
    const int order = f->order;
    if (order == 1) {
        zi[0] = (f->b[1] - f->a[1] * f->b[0]) / (1.0 + f->a[1]);
        return GAIT_OK;
    }
    double matrix[GAIT_BUTTERWORTH_MAX_ORDER * GAIT_BUTTERWORTH_MAX_ORDER] = {0};
    double rhs[GAIT_BUTTERWORTH_MAX_ORDER];
    size_t perm_data[GAIT_BUTTERWORTH_MAX_ORDER];
    for (int i = 0; i < order; i++) {
        matrix[i * order + i] = 1.0;
        matrix[i * order + 0] += f->a[i + 1];
        if (i + 1 < order)
            matrix[i * order + i + 1] -= 1.0;
        rhs[i] = f->b[i + 1] - f->a[i + 1] * f->b[0];
    }
    gait_gsl_setup();
    gsl_matrix_view m = gsl_matrix_view_array(matrix, (size_t)order, (size_t)order);
    gsl_vector_view r = gsl_vector_view_array(rhs, (size_t)order);
    gsl_vector_view z = gsl_vector_view_array(zi, (size_t)order);
    gsl_permutation perm = {(size_t)order, perm_data};
    int signum = 0;
    if (gsl_linalg_LU_decomp(&m.matrix, &perm, &signum) != 0 ||
        gsl_linalg_LU_solve(&m.matrix, &perm, &r.vector, &z.vector) != 0)
        return gait_fail(GAIT_E_NUMERIC, "gait_filtfilt: steady-state system is singular");
    return GAIT_OK;
}

typedef struct filtfilt_context {
    const gait_butterworth *filter;
    const double *zi;
    double *scratch; /* room for the longest run plus the padding at both ends */
} filtfilt_context;

/* One finite run x[0..n-1] into y. */
static void filtfilt_run(const double *x, double *y, size_t n, void *context_pointer)
{
    const filtfilt_context *context = context_pointer;
    const gait_butterworth *f = context->filter;
    const double *zi = context->zi;
    double *scratch = context->scratch;
    size_t full_edge = 3 * (size_t)(f->order + 1);
    size_t edge = n - 1 < full_edge ? n - 1 : full_edge;
    size_t total = n + 2 * edge;
    /* Odd extension: reflect about the end samples, keeping slope and value continuous. */
    for (size_t i = 0; i < edge; i++) {
        scratch[i] = 2.0 * x[0] - x[edge - i];
        scratch[edge + n + i] = 2.0 * x[n - 1] - x[n - 2 - i];
    }
    for (size_t i = 0; i < n; i++)
        scratch[edge + i] = x[i];

    double state[GAIT_BUTTERWORTH_MAX_ORDER];
    for (int i = 0; i < f->order; i++)
        state[i] = zi[i] * scratch[0];
    lfilter(f, scratch, total, 0, state);
    for (int i = 0; i < f->order; i++)
        state[i] = zi[i] * scratch[total - 1];
    lfilter(f, scratch, total, 1, state);
    for (size_t i = 0; i < n; i++)
        y[i] = scratch[edge + i];
}

static gait_status check_filter(const gait_butterworth *f)
{
    if (f->order < 1 || f->order > GAIT_BUTTERWORTH_MAX_ORDER || f->a[0] != 1.0)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_filtfilt: filter (order %d, a[0] %g) was not made by "
                         "gait_butterworth_design",
                         f->order, f->a[0]);
    return GAIT_OK;
}

size_t gait_filtfilt_scratch_size(const gait_butterworth *filter, size_t n)
{
    if (filter == NULL || filter->order < 1 || filter->order > GAIT_BUTTERWORTH_MAX_ORDER)
        return 0;
    size_t edge = 3 * (size_t)(filter->order + 1);
    if (n > (SIZE_MAX / sizeof(double)) - 2 * edge)
        return 0;
    return n + 2 * edge;
}

gait_status gait_filtfilt_with_scratch(const gait_butterworth *filter, const double *x, double *y,
                                       size_t n, double *scratch, size_t scratch_size)
{
    if (filter == NULL || x == NULL || y == NULL || scratch == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_filtfilt: NULL argument");
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_filtfilt: empty input (0 samples)");
    gait_status status = check_filter(filter);
    if (status != GAIT_OK)
        return status;
    size_t needed = gait_filtfilt_scratch_size(filter, n);
    if (needed == 0 || scratch_size < needed)
        return gait_fail(GAIT_E_BUFFER_SIZE, "gait_filtfilt: scratch of %zu doubles, needs %zu",
                         scratch_size, needed);
    double zi[GAIT_BUTTERWORTH_MAX_ORDER];
    status = steady_state(filter, zi);
    if (status != GAIT_OK)
        return status;
    filtfilt_context context = {filter, zi, scratch};
    gait_map_finite_runs(x, y, n, filtfilt_run, &context);
    return GAIT_OK;
}

gait_status gait_filtfilt(const gait_butterworth *filter, const double *x, double *y, size_t n)
{
    if (filter == NULL || x == NULL || y == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_filtfilt: NULL argument");
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_filtfilt: empty input (0 samples)");
    gait_status status = check_filter(filter);
    if (status != GAIT_OK)
        return status;
    size_t size = gait_filtfilt_scratch_size(filter, n);
    if (size == 0)
        return gait_fail(GAIT_E_NOMEM, "gait_filtfilt: %zu samples overflow memory", n);
    double *scratch = malloc(size * sizeof *scratch);
    if (scratch == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_filtfilt: cannot allocate %zu samples", size);
    status = gait_filtfilt_with_scratch(filter, x, y, n, scratch, size);
    free(scratch);
    return status;
}

static gait_status filtfilt_channel(double *channel, size_t n, void *context)
{
    return gait_filtfilt(context, channel, channel, n);
}

gait_status gait_signal_filtfilt(gait_signal *signal, const gait_filter_settings *settings)
{
    if (signal == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_signal_filtfilt: signal is NULL");
    gait_butterworth filter;
    gait_status status = gait_butterworth_design(settings, signal->rate_hz, &filter);
    if (status != GAIT_OK)
        return status;
    return gait_signal_apply_per_channel(signal, filtfilt_channel, &filter, "gait_signal_filtfilt");
}
