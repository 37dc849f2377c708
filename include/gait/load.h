/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly running load (the `gait load` job): weekly distance, week-over-week change, the
 * acute:chronic workload ratio (rolling and EWMA) and the flags clinicians watch (the "10% rule",
 * ACWR above 1.5). Weekly running distance is the 4HAIE study's third risk marker (greater
 * distance: odds ratio 1.67 for Achilles tendinopathy); these numbers describe load, they diagnose
 * nothing.
 *
 * Days are whole days since 1970-01-01 in the proleptic Gregorian calendar (1970-01-01 is day 0,
 * 1969-12-31 day -1), from 0001-01-01 (day GAIT_LOAD_DAY_MIN) to 9999-12-31 (GAIT_LOAD_DAY_MAX).
 *
 * Rules of gait_load_compute():
 * - Weeks are ISO 8601 weeks, Monday to Sunday. The result covers every week from the one holding
 *   the earliest run to the one holding the latest, with no gap: a week without runs has distance
 * 0.
 * - Order: runs may come in any order (newest first, as many exports are); they are binned by day,
 *   nothing is refused for being unsorted.
 * - Several runs on one day are summed into that day's load (distance and duration).
 * - A day without runs has load 0 (a rest day), including the days of the first week before the
 *   first run and those of the last week after the last run: the log is taken to start on the
 *   Monday of the first run's week and to end on the Sunday of the last run's week.
 * - Daily load is distance in km. The daily series days[] starts on that first Monday and has
 *   7 n_weeks days; days[7 w .. 7 w + 6] are the days of weeks[w].
 * - Rolling ACWR on day k (coupled: the acute week lies inside the chronic window):
 *       acute_km(k)   = sum of the loads of days k-6 .. k           (NaN for k < 6)
 *       chronic_km(k) = (sum of the loads of days k-27 .. k) / 4    (NaN for k < 27; a weekly mean)
 *       acwr_rolling(k) = acute_km(k) / chronic_km(k)
 *   The sums are plain sums over the window (no running subtraction), so integral distances give
 *   exact results.
 * - EWMA ACWR (Williams et al. 2017, Br J Sports Med 51:209): with lambda_a = 2 / (7 + 1) = 0.25
 *   and lambda_c = 2 / (28 + 1) = 2 / 29, starting from 0 the day before the series,
 *       ewma_acute_km(k)   = lambda_a load(k) + (1 - lambda_a) ewma_acute_km(k - 1)
 *       ewma_chronic_km(k) = lambda_c load(k) + (1 - lambda_c) ewma_chronic_km(k - 1)
 *       acwr_ewma(k) = ewma_acute_km(k) / ewma_chronic_km(k)
 *   (both EWMAs in km per day).
 * - Warm-up: both ACWRs are NaN on the first 28 days of the series (k < 27, fewer than 28 days of
 *   history: the first three weeks have NaN ACWR, the fourth week's Sunday is the first value), and
 *   wherever the chronic load is 0.
 * - Per week: distance_km, n_runs and duration_min are sums over the week's days. duration_min is
 *   NaN when some run of the week has no duration (NaN) or when no durations were given at all;
 *   a week without runs has duration 0 (when durations were given).
 * - Week-over-week change of week w: change_km = distance(w) - distance(w-1), NaN for the first
 *   week; change_pct = 100 (distance(w) - distance(w-1)) / distance(w-1), NaN for the first week
 *   and for a week after a week of distance 0 (no base to take a percentage of; the ACWR still
 *   catches a return from rest).
 * - The week's ACWRs are the daily values on its Sunday (the 7-day acute window is then exactly
 *   the week), so the rolling one is the week's distance over the mean of the last four weeks.
 * - Flags (1/0): spike when change_pct > settings.spike_threshold_pct (10 %: the "10% rule");
 *   acwr_rolling_high and acwr_ewma_high when the week's ACWR > settings.acwr_threshold (1.5).
 *   A NaN value never raises a flag. The daily values let a caller look inside a week.
 */
#ifndef GAIT_LOAD_H
#define GAIT_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 0001-01-01 and 9999-12-31 as days since 1970-01-01. */
#define GAIT_LOAD_DAY_MIN (-719162)
#define GAIT_LOAD_DAY_MAX 2932896

/* Bytes for a "YYYY-MM-DD" date with its terminating NUL. */
#define GAIT_LOAD_DATE_CAPACITY 11

/* Days in the acute and chronic windows; the EWMA decay constants 2 / (N + 1). */
#define GAIT_LOAD_ACUTE_DAYS   7
#define GAIT_LOAD_CHRONIC_DAYS 28

/* Thresholds of the flags. Start from gait_load_settings_default(). */
typedef struct gait_load_settings {
    double spike_threshold_pct; /* a week is a spike when its distance rose by more than this
                                   percentage over the previous week's; 10 (finite, >= 0) */
    double acwr_threshold;      /* a week's ACWR above this is flagged; 1.5 (finite, > 0) */
} gait_load_settings;

GAIT_API gait_load_settings gait_load_settings_default(void);

/* One ISO week, Monday to Sunday. */
typedef struct gait_load_week {
    int32_t start_day;     /* its Monday, days since 1970-01-01 */
    int32_t iso_year;      /* ISO 8601 week-numbering year and week (1..53): 2024-12-30 starts */
    int32_t iso_week;      /* 2025-W01 */
    size_t n_runs;         /* runs in the week */
    double distance_km;    /* sum of the runs' distances */
    double duration_min;   /* sum of the runs' durations; NaN when one is unknown (see above) */
    double change_km;      /* distance minus the previous week's; NaN for the first week */
    double change_pct;     /* the same in % of the previous week's; NaN for the first week and
                              after a week of 0 km */
    double acwr_rolling;   /* rolling ACWR on the week's Sunday; NaN in the warm-up */
    double acwr_ewma;      /* EWMA ACWR on the week's Sunday; NaN in the warm-up */
    int spike;             /* change_pct > spike_threshold_pct */
    int acwr_rolling_high; /* acwr_rolling > acwr_threshold */
    int acwr_ewma_high;    /* acwr_ewma > acwr_threshold */
} gait_load_week;

/* One day of the series. */
typedef struct gait_load_day {
    int32_t day;            /* days since 1970-01-01 */
    size_t n_runs;          /* runs that day */
    double distance_km;     /* that day's load: the sum of its runs' distances, 0 without runs */
    double acute_km;        /* km in the 7 days ending this day; NaN on the first 6 days */
    double chronic_km;      /* km in the 28 days ending this day / 4; NaN on the first 27 days */
    double acwr_rolling;    /* acute_km / chronic_km; NaN in the warm-up or when chronic_km is 0 */
    double ewma_acute_km;   /* EWMA of the daily load, lambda 2/8, km per day */
    double ewma_chronic_km; /* EWMA of the daily load, lambda 2/29, km per day */
    double acwr_ewma;       /* ewma_acute_km / ewma_chronic_km; NaN in the warm-up or when 0 */
} gait_load_day;

/* The result of gait_load_compute(), allocated by libgait: release it with gait_load_free(),
 * which frees weeks and days too. */
typedef struct gait_load {
    gait_load_settings settings; /* the settings used */
    size_t n_runs;               /* runs read */
    size_t n_weeks;              /* weeks from the first run's to the last run's, >= 1 */
    gait_load_week *weeks;       /* n_weeks weeks in date order */
    size_t n_days;               /* 7 n_weeks */
    gait_load_day *days;         /* n_days days from weeks[0].start_day on */
} gait_load;

/* Weekly load of n_runs runs: run i on day[i] (days since 1970-01-01) over distance_km[i] km,
 * lasting duration_min[i] minutes (duration_min may be NULL when no run has a duration; NaN for
 * a run without one). The arrays are the caller's and are only read. settings NULL = defaults.
 * On success *load is new (gait_load_free); on failure *load is NULL.
 * Errors: GAIT_E_NO_DATA (n_runs == 0), GAIT_E_INVALID_ARG (NULL day, distance_km or load; a
 * distance that is negative or not finite; a duration that is negative or infinite; a day before
 * 0001-01-01 or whose week ends after 9999-12-31, i.e. after 9999-12-26; bad settings: the detail
 * names the run's index), GAIT_E_NOMEM. */
GAIT_API gait_status gait_load_compute(const int32_t *day, const double *distance_km,
                                       const double *duration_min, size_t n_runs,
                                       const gait_load_settings *settings, gait_load **load);

/* Release a result and everything it owns. NULL is a no-op. */
GAIT_API void gait_load_free(gait_load *load);

/* Parse "YYYY-MM-DD" (exactly: four-digit year 0001..9999, two-digit month and day, nothing
 * before or after) into days since 1970-01-01, proleptic Gregorian. The day must exist:
 * 2024-02-29 and 2000-02-29 do, 2023-02-29 and 1900-02-29 do not. Errors: GAIT_E_INVALID_ARG
 * (NULL), GAIT_E_FORMAT (not such a date; the detail quotes the text). *day is untouched on
 * failure. */
GAIT_API gait_status gait_load_parse_date(const char *text, int32_t *day);

/* Write day as "YYYY-MM-DD" into out (GAIT_LOAD_DATE_CAPACITY bytes, caller-owned).
 * Errors: GAIT_E_INVALID_ARG (NULL out, day outside GAIT_LOAD_DAY_MIN..GAIT_LOAD_DAY_MAX). */
GAIT_API gait_status gait_load_format_date(int32_t day, char out[GAIT_LOAD_DATE_CAPACITY]);

/* Day of the week of day: 0 Monday .. 6 Sunday (ISO order). Any int32_t day. */
GAIT_API int gait_load_weekday(int32_t day);

#ifdef __cplusplus
}
#endif

#endif
