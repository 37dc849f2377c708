/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stance segmentation of one vertical force trace; the rules are in stance/stance.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "core/array.h"
#include "core/internal.h"
#include "stance/stance.h"

double gait_median(const double *x, size_t n, gait_status *status)
{
    if (status != NULL)
        *status = GAIT_OK;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += isfinite(x[i]) ? 1 : 0;
    if (m == 0)
        return NAN;
    double *copy = malloc(m * sizeof *copy);
    if (copy == NULL) {
        if (status != NULL)
            *status = gait_fail(GAIT_E_NOMEM, "gait_median: out of memory for %zu values", m);
        return NAN;
    }
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            copy[m++] = x[i];
    /* GSL's quickselect median: O(n), where sorting was most of an analysis's time. */
    double median = gsl_stats_median(copy, 1, m);
    free(copy);
    return median;
}

/* ---- rule 1: unloaded samples ---- */

/* Flag the samples of y that are finite, below off and further than guard samples from any
 * stretch between a sample above on and the next sample below off. */
static void mark_unloaded(const double *y, size_t n, double on, double off, size_t guard,
                          unsigned char *unloaded)
{
    for (size_t i = 0; i < n; i++)
        unloaded[i] = isfinite(y[i]) && y[i] < off;
    size_t i = 0;
    while (i < n) {
        if (!(isfinite(y[i]) && y[i] > on)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && isfinite(y[j]) && !(y[j] < off))
            j++;
        size_t from = i > guard ? i - guard : 0, to = j + guard < n ? j + guard : n;
        memset(unloaded + from, 0, to - from);
        i = j > i ? j : i + 1;
    }
}

/* ---- rule 2: baseline ---- */

/* The baseline of x under the mask, as n samples into baseline; returns the number of unloaded
 * periods used (0: nothing to remove, baseline all zero). */
static size_t estimate_baseline(const double *x, size_t n, double rate_hz,
                                const unsigned char *unloaded, gait_baseline_mode mode,
                                double *baseline, double *scratch, gait_status *status)
{
    *status = GAIT_OK;
    for (size_t i = 0; i < n; i++)
        baseline[i] = 0.0;
    if (mode == GAIT_BASELINE_NONE)
        return 0;
    /* Count the periods (maximal runs of unloaded samples). */
    size_t n_periods = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        if (unloaded[i] && isfinite(x[i])) {
            scratch[m++] = x[i];
            if (i == 0 || !unloaded[i - 1])
                n_periods++;
        }
    }
    if (m == 0)
        return 0;
    if (mode == GAIT_BASELINE_CONSTANT) {
        double offset = gait_median(scratch, m, status);
        if (*status != GAIT_OK)
            return 0;
        for (size_t i = 0; i < n; i++)
            baseline[i] = offset;
        return n_periods;
    }
    /* DRIFT: knots at the middle of each period long enough. */
    size_t min_length = (size_t)ceil(STANCE_MIN_PERIOD_S * rate_hz);
    if (min_length < 3)
        min_length = 3;
    size_t n_knots = 0;
    double previous_knot = 0.0, previous_value = 0.0;
    size_t filled = 0; /* baseline[0..filled) is written */
    size_t i = 0;
    while (i < n) {
        if (!unloaded[i]) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && unloaded[j])
            j++;
        if (j - i >= min_length) {
            double value = gait_median(x + i, j - i, status);
            if (*status != GAIT_OK)
                return 0;
            double knot = 0.5 * (double)(i + j - 1); /* the period's middle, maybe half-way */
            size_t last = (size_t)floor(knot);
            for (size_t k = filled; k <= last; k++)
                baseline[k] = n_knots == 0 ? value
                                           : previous_value + (value - previous_value) *
                                                                  ((double)k - previous_knot) /
                                                                  (knot - previous_knot);
            filled = last + 1;
            n_knots++;
            previous_knot = knot;
            previous_value = value;
        }
        i = j;
    }
    if (n_knots == 0)
        return 0;
    for (size_t k = filled; k < n; k++)
        baseline[k] = previous_value;
    return n_knots;
}

/* ---- rule 4: contacts ---- */

typedef struct contact_list {
    gait_contact *items;
    size_t count, capacity;
} contact_list;

static gait_status push_contact(contact_list *list, const gait_contact *contact)
{
    gait_contact *items =
        gait_array_reserve(list->items, &list->capacity, list->count, sizeof *items, 16);
    if (items == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_stance_detect: out of memory for contacts");
    list->items = items;
    list->items[list->count++] = *contact;
    return GAIT_OK;
}

/* Contacts of one finite run y[run_start..run_end). */
static gait_status detect_run(const double *y, size_t run_start, size_t run_end, double rate_hz,
                              const gait_stance_settings *s, double level,
                              gait_stance_result *result, contact_list *list)
{
    const double on = s->on_threshold_n, off = s->off_threshold_n;
    size_t i = run_start, previous_end = run_start;
    while (i < run_end) {
        if (!(y[i] > on)) {
            i++;
            continue;
        }
        gait_contact c = {0};
        c.on = i;
        size_t j = i + 1, e;
        for (;;) {
            while (j < run_end && !(y[j] < off))
                j++;
            c.off = j;
            e = j;
            while (e < run_end && y[e] > level && !(y[e] > on))
                e++;
            if (e < run_end && y[e] > on) {
                j = e + 1; /* never back to the noise level: the same contact */
                continue;
            }
            break;
        }
        c.end = e;
        c.start = c.on;
        while (c.start > previous_end && c.start > run_start && y[c.start - 1] > level)
            c.start--;
        c.touches_start = c.start == run_start;
        c.touches_end = c.end == run_end;
        c.peak = c.start;
        for (size_t k = c.start; k < c.end; k++)
            if (y[k] > y[c.peak])
                c.peak = k;
        c.peak_n = y[c.peak];
        previous_end = c.end;
        i = c.end > i ? c.end : i + 1;

        double duration = (double)(c.end - c.start) / rate_hz;
        if (c.peak_n < s->min_peak_n)
            result->n_rejected_peak++;
        else if (duration > s->max_duration_s)
            result->n_rejected_long++;
        else if (duration < s->min_duration_s && !c.touches_start && !c.touches_end)
            result->n_rejected_short++;
        else {
            gait_status status = push_contact(list, &c);
            if (status != GAIT_OK)
                return status;
        }
    }
    return GAIT_OK;
}

static gait_status check_settings(const gait_stance_settings *s)
{
    if (!(isfinite(s->on_threshold_n) && s->on_threshold_n > 0.0 && isfinite(s->off_threshold_n) &&
          s->off_threshold_n >= 0.0 && s->off_threshold_n <= s->on_threshold_n))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_stance_detect: thresholds on %g N, off %g N: need 0 <= off <= on, "
                         "on > 0, both finite",
                         s->on_threshold_n, s->off_threshold_n);
    if (!(isfinite(s->min_duration_s) && s->min_duration_s >= 0.0 && isfinite(s->max_duration_s) &&
          s->max_duration_s > s->min_duration_s))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_stance_detect: durations min %g s, max %g s: need 0 <= min < max, "
                         "both finite",
                         s->min_duration_s, s->max_duration_s);
    if (!(isfinite(s->min_peak_n) && s->min_peak_n >= 0.0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_detect: min_peak_n %g must be >= 0",
                         s->min_peak_n);
    return GAIT_OK;
}

void gait_stance_result_free(gait_stance_result *result)
{
    if (result == NULL)
        return;
    free(result->contacts);
    free(result->corrected);
    free(result->unloaded);
    memset(result, 0, sizeof *result);
}

gait_status gait_stance_detect(const double *force_n, size_t n, double rate_hz,
                               const gait_stance_settings *settings, gait_baseline_mode mode,
                               gait_stance_result *result)
{
    if (result == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_detect: NULL result");
    memset(result, 0, sizeof *result);
    if (force_n == NULL || settings == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_detect: NULL argument");
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_stance_detect: empty trace");
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_detect: rate_hz %g must be > 0", rate_hz);
    if (mode != GAIT_BASELINE_NONE && mode != GAIT_BASELINE_CONSTANT && mode != GAIT_BASELINE_DRIFT)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_detect: unknown baseline mode %d",
                         (int)mode);
    gait_status status = check_settings(settings);
    if (status != GAIT_OK)
        return status;

    result->corrected = malloc(n * sizeof *result->corrected);
    result->unloaded = malloc(n);
    double *baseline = malloc(n * sizeof *baseline);
    double *scratch = malloc(n * sizeof *scratch);
    contact_list list = {0};
    if (result->corrected == NULL || result->unloaded == NULL || baseline == NULL ||
        scratch == NULL) {
        status = gait_fail(GAIT_E_NOMEM, "gait_stance_detect: out of memory for %zu samples", n);
        goto done;
    }
    const double on = settings->on_threshold_n, off = settings->off_threshold_n;
    size_t guard = (size_t)ceil(STANCE_GUARD_S * rate_hz);
    double *y = result->corrected;
    memcpy(y, force_n, n * sizeof *y);

    /* Rule 2, twice: mask from the trace as given, then from the trace corrected once. */
    for (int pass = 0; pass < 2 && mode != GAIT_BASELINE_NONE; pass++) {
        mark_unloaded(y, n, on, off, guard, result->unloaded);
        result->n_unloaded_periods = estimate_baseline(force_n, n, rate_hz, result->unloaded, mode,
                                                       baseline, scratch, &status);
        if (status != GAIT_OK)
            goto done;
        for (size_t i = 0; i < n; i++)
            y[i] = force_n[i] - baseline[i];
    }
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += mode == GAIT_BASELINE_NONE ? 0.0 : baseline[i];
    result->baseline_n = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(force_n[i]))
            y[i] = NAN;

    /* Rule 3 on the final mask. */
    mark_unloaded(y, n, on, off, guard, result->unloaded);
    double squares = 0.0;
    size_t n_noise = 0, n_unloaded = 0, n_periods = 0;
    for (size_t i = 0; i < n; i++) {
        if (!result->unloaded[i])
            continue;
        n_unloaded++;
        if (i == 0 || !result->unloaded[i - 1])
            n_periods++;
        if (fabs(y[i]) < 0.5 * off) {
            squares += y[i] * y[i];
            n_noise++;
        }
    }
    result->n_unloaded = n_unloaded;
    if (mode == GAIT_BASELINE_NONE)
        result->n_unloaded_periods = n_periods;
    result->noise_sd_n = n_noise > 0 ? sqrt(squares / (double)n_noise) : NAN;
    double level = n_noise > 0 ? fmin(3.0 * result->noise_sd_n, off) : 0.0;
    result->level_n = fmax(level, STANCE_LEVEL_FLOOR * on);

    /* Rules 4 and 5, run by run. */
    size_t position = 0;
    while (position < n) {
        size_t run_start;
        size_t length = gait_next_finite_run(y, n, position, &run_start);
        if (length == 0)
            break;
        status = detect_run(y, run_start, run_start + length, rate_hz, settings, result->level_n,
                            result, &list);
        if (status != GAIT_OK)
            goto done;
        position = run_start + length;
    }
    result->contacts = list.items;
    result->n_contacts = list.count;
    list.items = NULL;

done:
    free(list.items);
    free(baseline);
    free(scratch);
    if (status != GAIT_OK)
        gait_stance_result_free(result);
    return status;
}

gait_status gait_stance_remove_baseline(double *x, size_t n, double rate_hz,
                                        const unsigned char *unloaded, gait_baseline_mode mode,
                                        double *mean_removed)
{
    if (mean_removed != NULL)
        *mean_removed = 0.0;
    if (x == NULL || unloaded == NULL || !gait_is_positive_finite(rate_hz) ||
        (mode != GAIT_BASELINE_NONE && mode != GAIT_BASELINE_CONSTANT &&
         mode != GAIT_BASELINE_DRIFT))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stance_remove_baseline: bad argument");
    if (n == 0 || mode == GAIT_BASELINE_NONE)
        return GAIT_OK;
    double *baseline = malloc(n * sizeof *baseline), *scratch = malloc(n * sizeof *scratch);
    gait_status status = GAIT_OK;
    if (baseline == NULL || scratch == NULL) {
        status = gait_fail(GAIT_E_NOMEM, "gait_stance_remove_baseline: out of memory");
    } else {
        estimate_baseline(x, n, rate_hz, unloaded, mode, baseline, scratch, &status);
        if (status == GAIT_OK) {
            double sum = 0.0;
            for (size_t i = 0; i < n; i++) {
                x[i] -= baseline[i];
                sum += baseline[i];
            }
            if (mean_removed != NULL)
                *mean_removed = sum / (double)n;
        }
    }
    free(baseline);
    free(scratch);
    return status;
}
