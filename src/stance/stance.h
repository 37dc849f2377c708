/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stance segmentation of one vertical force trace (a force plate, a treadmill belt, an OpenSim
 * force set): baseline removal, threshold with hysteresis, IC/TO refinement, duration and peak
 * checks. Library-internal; gait/analyze.h is the public face.
 *
 * Rules, in the order they are applied:
 *
 * 1. Unloaded samples. A sample is unloaded when it is finite, below the off threshold (after the
 *    baseline found so far) and further than STANCE_GUARD_S from every stretch that the
 *    thresholds call loaded (the ramps into and out of a contact sit inside that guard).
 *
 * 2. Baseline (mode):
 *    - NONE: the trace is used as given.
 *    - CONSTANT (force plates overground): one offset, the median of the unloaded samples.
 *    - DRIFT (instrumented treadmills): every unloaded period (flight phase) of at least
 *      STANCE_MIN_PERIOD_S gives a knot, its median at its middle sample; the baseline is the
 *      straight line between neighbouring knots, constant before the first and after the last.
 *    With no unloaded sample (or, for DRIFT, no period long enough) nothing is removed and
 *    n_unloaded_periods is 0. The estimate is made twice: the second time from the unloaded
 *    samples of the trace corrected by the first, so an offset of either sign up to about the
 *    threshold is removed. An offset above the on threshold hides every unloaded sample and
 *    cannot be removed.
 *
 * 3. Noise: noise_sd_n is the root mean square, about the baseline, of the unloaded samples that
 *    lie within half the off threshold of it (so that ramps and sub-threshold blips do not count).
 *    The refinement level is level_n = min(3 noise_sd_n, off threshold), but at least
 *    STANCE_LEVEL_FLOOR x the on threshold (a noise-free trace refines to its first non-zero
 *    sample).
 *
 * 4. Contacts. A contact begins at the first sample above the on threshold (`on`) and its
 *    threshold end is the next sample below the off threshold (`off`). IC and TO are then refined
 *    to where the force leaves and regains the noise level:
 *    - start: walk back from `on` while the previous sample is above level_n;
 *    - end: walk forward from `off` while the sample is above level_n; a sample above the on
 *      threshold met on the way means the force never returned to baseline, so the contact
 *      continues (its next `off` is searched and the walk resumes);
 *    so [start, end) holds exactly the samples of the loaded stretch: IC = start / rate is the
 *    first sample above the noise level and TO = end / rate the first sample back at it. For a
 *    force that rises from zero (the simulator) this puts IC and TO within one sample after the
 *    true instants, where a plain 20 N threshold lags by several milliseconds.
 *    NaN samples split the trace into runs; a contact loaded at the first (last) sample of its run
 *    touches the start (end): its IC (TO) is unknown.
 *
 * 5. Checks. A contact is dropped when its peak is below min_peak_n, when it lasts longer than
 *    max_duration_s, or when it lasts less than min_duration_s, except that a contact touching a
 *    run's start or end is not held to the minimum duration (it is cut short, not short). */
#ifndef GAIT_STANCE_INTERNAL_H
#define GAIT_STANCE_INTERNAL_H

#include <stddef.h>

#include "gait/analyze.h"
#include "gait/status.h"

/* Samples closer than this to a loaded stretch are never taken as unloaded (s). */
#define STANCE_GUARD_S 0.02
/* Shortest unloaded period that gives a drift knot (s; at least 3 samples). */
#define STANCE_MIN_PERIOD_S 0.01
/* Lowest refinement level, as a fraction of the on threshold. */
#define STANCE_LEVEL_FLOOR 1e-6

typedef enum gait_baseline_mode {
    GAIT_BASELINE_NONE = 0,
    GAIT_BASELINE_CONSTANT = 1,
    GAIT_BASELINE_DRIFT = 2
} gait_baseline_mode;

typedef struct gait_contact {
    size_t start, end; /* refined [start, end): IC = start / rate, TO = end / rate */
    size_t on, off;    /* first sample above the on threshold, last threshold end (first sample
                          below the off threshold, or the run's end) */
    size_t peak;       /* index of the largest force */
    double peak_n;
    int touches_start; /* loaded at the first sample of its finite run: IC unknown */
    int touches_end;   /* loaded at the last sample of its finite run: TO unknown */
} gait_contact;

typedef struct gait_stance_result {
    gait_contact *contacts; /* accepted contacts, in time order */
    size_t n_contacts;
    double *corrected;         /* n samples: the trace minus the baseline, NaN where it is NaN */
    unsigned char *unloaded;   /* n flags: 1 where the sample counted as unloaded (rule 1) */
    double baseline_n;         /* mean of the baseline removed over the trace (0 for NONE) */
    double noise_sd_n;         /* rule 3; NaN when there is no unloaded sample */
    double level_n;            /* refinement level (rule 3) */
    size_t n_unloaded;         /* unloaded samples */
    size_t n_unloaded_periods; /* maximal runs of unloaded samples (drift knots for DRIFT) */
    size_t n_rejected_short, n_rejected_long, n_rejected_peak;
} gait_stance_result;

/* Segment force_n[0..n-1] (vertical force on the subject, N, up positive; NaN = missing) sampled
 * at rate_hz. result is filled (release with gait_stance_result_free(); zeroed on failure).
 * Errors: GAIT_E_INVALID_ARG (NULL, rate not finite and > 0, thresholds not finite, on <= 0,
 * off > on, off < 0, min_duration < 0, max_duration <= min_duration, min_peak not finite or < 0,
 * unknown mode), GAIT_E_NO_DATA (n == 0), GAIT_E_NOMEM. */
gait_status gait_stance_detect(const double *force_n, size_t n, double rate_hz,
                               const gait_stance_settings *settings, gait_baseline_mode mode,
                               gait_stance_result *result);

void gait_stance_result_free(gait_stance_result *result);

/* Remove from x[0..n-1] (in place) the baseline of the same mode, estimated from the samples
 * flagged in unloaded (e.g. a horizontal force component, with the mask of its plate's vertical
 * force). *mean_removed (may be NULL) receives the mean baseline removed. Errors:
 * GAIT_E_INVALID_ARG, GAIT_E_NOMEM. */
gait_status gait_stance_remove_baseline(double *x, size_t n, double rate_hz,
                                        const unsigned char *unloaded, gait_baseline_mode mode,
                                        double *mean_removed);

/* Median of x[0..n-1] ignoring NaN (x is not changed); NaN when none is finite. Errors:
 * GAIT_E_NOMEM (returned through *status when status is not NULL; the median is then NaN). */
double gait_median(const double *x, size_t n, gait_status *status);

#endif
