/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly running load: runs binned into days and ISO weeks, week-over-week change, rolling and EWMA
 * acute:chronic workload ratios and their flags. The rules are at the head of gait/load.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/load.h"

/* Days from 0001-01-01 to 1970-01-01. */
#define EPOCH_OFFSET_DAYS 719162
/* The latest run day whose week (Monday to Sunday) still ends in 9999: Sunday 9999-12-26. */
#define LAST_RUN_DAY (GAIT_LOAD_DAY_MAX - 5)

static const int days_before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static int is_leap_year(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(long year, int month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return lengths[month - 1] + (month == 2 && is_leap_year(year));
}

/* Days from 0001-01-01 to January 1st of year (year >= 1). */
static long days_before_year(long year)
{
    long y = year - 1;
    return 365 * y + y / 4 - y / 100 + y / 400;
}

/* Year and 0-based day of the year of a day since 0001-01-01 (n >= 0). */
static long year_of(long n, long *day_of_year)
{
    long year = n * 400 / 146097 + 1; /* 146097 days in 400 years: off by at most one */
    while (days_before_year(year) > n)
        year--;
    while (days_before_year(year + 1) <= n)
        year++;
    *day_of_year = n - days_before_year(year);
    return year;
}

int gait_load_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 in Monday-based numbering). */
    long w = ((long)day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

gait_load_settings gait_load_settings_default(void)
{
    gait_load_settings settings = {.spike_threshold_pct = 10.0, .acwr_threshold = 1.5};
    return settings;
}

/* The value of n decimal digits at text, or -1 when one of them is not a digit. */
static long parse_digits(const char *text, int n)
{
    long value = 0;
    for (int i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = 10 * value + (text[i] - '0');
    }
    return value;
}

gait_status gait_load_parse_date(const char *text, int32_t *day)
{
    if (text == NULL || day == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_load_parse_date: NULL argument");
    /* Check the shape before reading: stop at a NUL within the first 11 bytes. */
    size_t length = 0;
    while (length < 11 && text[length] != '\0')
        length++;
    if (length != 10 || text[4] != '-' || text[7] != '-')
        return gait_fail(GAIT_E_FORMAT, "gait_load_parse_date: '%.40s' is not a YYYY-MM-DD date",
                         text);
    long year = parse_digits(text, 4);
    long month = parse_digits(text + 5, 2);
    long mday = parse_digits(text + 8, 2);
    if (year < 0 || month < 0 || mday < 0)
        return gait_fail(GAIT_E_FORMAT, "gait_load_parse_date: '%s' is not a YYYY-MM-DD date",
                         text);
    if (year < 1)
        return gait_fail(GAIT_E_FORMAT, "gait_load_parse_date: '%s': year 0000 is not supported",
                         text);
    if (month < 1 || month > 12)
        return gait_fail(GAIT_E_FORMAT, "gait_load_parse_date: '%s': no month %ld", text, month);
    if (mday < 1 || mday > days_in_month(year, (int)month))
        return gait_fail(GAIT_E_FORMAT, "gait_load_parse_date: '%s': month %ld of %ld has %d days",
                         text, month, year, days_in_month(year, (int)month));
    long n = days_before_year(year) + days_before_month[month - 1] +
             (month > 2 && is_leap_year(year)) + (mday - 1);
    *day = (int32_t)(n - EPOCH_OFFSET_DAYS);
    return GAIT_OK;
}

gait_status gait_load_format_date(int32_t day, char out[GAIT_LOAD_DATE_CAPACITY])
{
    if (out == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_load_format_date: NULL out");
    if (day < GAIT_LOAD_DAY_MIN || day > GAIT_LOAD_DAY_MAX)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_load_format_date: day %ld is outside 0001-01-01..9999-12-31",
                         (long)day);
    long day_of_year;
    long year = year_of((long)day + EPOCH_OFFSET_DAYS, &day_of_year);
    int month = 1;
    while (month < 12 &&
           day_of_year >= days_before_month[month] + (month >= 2 && is_leap_year(year)))
        month++;
    long mday = day_of_year - days_before_month[month - 1] - (month > 2 && is_leap_year(year)) + 1;
    /* Digits by hand: the fields are known to fit, and no printf in the library. */
    long fields[3] = {year, month, mday};
    int widths[3] = {4, 2, 2};
    char *p = out;
    for (int f = 0; f < 3; f++) {
        for (int i = widths[f] - 1; i >= 0; i--) {
            p[i] = (char)('0' + fields[f] % 10);
            fields[f] /= 10;
        }
        p += widths[f];
        *p++ = f < 2 ? '-' : '\0';
    }
    return GAIT_OK;
}

/* ISO 8601 week-numbering year and week of the week starting on Monday `monday`: those of its
 * Thursday. */
static void iso_week_of(int32_t monday, int32_t *iso_year, int32_t *iso_week)
{
    long day_of_year;
    long year = year_of((long)monday + 3 + EPOCH_OFFSET_DAYS, &day_of_year);
    *iso_year = (int32_t)year;
    *iso_week = (int32_t)(day_of_year / 7 + 1);
}

static gait_status check_runs(const int32_t *day, const double *distance_km,
                              const double *duration_min, size_t n_runs,
                              const gait_load_settings *settings)
{
    if (!isfinite(settings->spike_threshold_pct) || settings->spike_threshold_pct < 0.0)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_load_compute: settings.spike_threshold_pct %g must be finite and "
                         ">= 0",
                         settings->spike_threshold_pct);
    if (!gait_is_positive_finite(settings->acwr_threshold))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_load_compute: settings.acwr_threshold %g must be finite and > 0",
                         settings->acwr_threshold);
    for (size_t i = 0; i < n_runs; i++) {
        if (day[i] < GAIT_LOAD_DAY_MIN || day[i] > LAST_RUN_DAY)
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_load_compute: run %zu: day %ld is outside "
                             "0001-01-01..9999-12-26",
                             i, (long)day[i]);
        if (!isfinite(distance_km[i]) || distance_km[i] < 0.0)
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_load_compute: run %zu: distance_km %g must be finite and >= 0",
                             i, distance_km[i]);
        if (duration_min != NULL && (isinf(duration_min[i]) || duration_min[i] < 0.0))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_load_compute: run %zu: duration_min %g must be >= 0 (or NaN "
                             "when unknown)",
                             i, duration_min[i]);
    }
    return GAIT_OK;
}

/* Sum of distance_km over days[first .. last]. */
static double window_sum_km(const gait_load_day *days, size_t first, size_t last)
{
    double sum = 0.0;
    for (size_t k = first; k <= last; k++)
        sum += days[k].distance_km;
    return sum;
}

static double ratio_or_nan(double acute, double chronic)
{
    return chronic > 0.0 ? acute / chronic : NAN;
}

/* The rolling and EWMA series over days[] whose distances and run counts are filled. */
static void fill_daily_ratios(gait_load_day *days, size_t n_days)
{
    const double lambda_acute = 2.0 / (GAIT_LOAD_ACUTE_DAYS + 1);
    const double lambda_chronic = 2.0 / (GAIT_LOAD_CHRONIC_DAYS + 1);
    double ewma_acute = 0.0, ewma_chronic = 0.0;
    for (size_t k = 0; k < n_days; k++) {
        gait_load_day *d = &days[k];
        ewma_acute = lambda_acute * d->distance_km + (1.0 - lambda_acute) * ewma_acute;
        ewma_chronic = lambda_chronic * d->distance_km + (1.0 - lambda_chronic) * ewma_chronic;
        d->ewma_acute_km = ewma_acute;
        d->ewma_chronic_km = ewma_chronic;
        d->acute_km = k + 1 >= GAIT_LOAD_ACUTE_DAYS
                          ? window_sum_km(days, k + 1 - GAIT_LOAD_ACUTE_DAYS, k)
                          : NAN;
        int warm = k + 1 >= GAIT_LOAD_CHRONIC_DAYS;
        d->chronic_km = warm ? window_sum_km(days, k + 1 - GAIT_LOAD_CHRONIC_DAYS, k) /
                                   (GAIT_LOAD_CHRONIC_DAYS / GAIT_LOAD_ACUTE_DAYS)
                             : NAN;
        d->acwr_rolling = warm ? ratio_or_nan(d->acute_km, d->chronic_km) : NAN;
        d->acwr_ewma = warm ? ratio_or_nan(ewma_acute, ewma_chronic) : NAN;
    }
}

/* Weekly sums, changes, Sunday ratios and flags from the daily series. */
static void fill_weeks(gait_load *load, const double *day_duration_min, const size_t *day_unknown)
{
    for (size_t w = 0; w < load->n_weeks; w++) {
        gait_load_week *week = &load->weeks[w];
        const gait_load_day *days = &load->days[7 * w];
        week->start_day = days[0].day;
        iso_week_of(week->start_day, &week->iso_year, &week->iso_week);
        week->n_runs = 0;
        week->distance_km = 0.0;
        week->duration_min = day_duration_min != NULL ? 0.0 : NAN;
        for (size_t k = 0; k < 7; k++) {
            week->n_runs += days[k].n_runs;
            week->distance_km += days[k].distance_km;
            if (day_duration_min != NULL)
                week->duration_min = day_unknown[7 * w + k] > 0
                                         ? NAN
                                         : week->duration_min + day_duration_min[7 * w + k];
        }
        week->change_km = NAN;
        week->change_pct = NAN;
        if (w > 0) {
            double previous = load->weeks[w - 1].distance_km;
            week->change_km = week->distance_km - previous;
            if (previous > 0.0)
                week->change_pct = 100.0 * (week->distance_km - previous) / previous;
        }
        week->acwr_rolling = days[6].acwr_rolling;
        week->acwr_ewma = days[6].acwr_ewma;
        week->spike = week->change_pct > load->settings.spike_threshold_pct;
        week->acwr_rolling_high = week->acwr_rolling > load->settings.acwr_threshold;
        week->acwr_ewma_high = week->acwr_ewma > load->settings.acwr_threshold;
    }
}

void gait_load_free(gait_load *load)
{
    if (load == NULL)
        return;
    free(load->weeks);
    free(load->days);
    free(load);
}

gait_status gait_load_compute(const int32_t *day, const double *distance_km,
                              const double *duration_min, size_t n_runs,
                              const gait_load_settings *settings, gait_load **load)
{
    if (load != NULL)
        *load = NULL;
    if (day == NULL || distance_km == NULL || load == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_load_compute: NULL argument");
    if (n_runs == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_load_compute: no runs");
    gait_load_settings used = settings != NULL ? *settings : gait_load_settings_default();
    gait_status status = check_runs(day, distance_km, duration_min, n_runs, &used);
    if (status != GAIT_OK)
        return status;

    int32_t first = day[0], last = day[0];
    for (size_t i = 1; i < n_runs; i++) {
        first = day[i] < first ? day[i] : first;
        last = day[i] > last ? day[i] : last;
    }
    int32_t first_monday = first - gait_load_weekday(first);
    int32_t last_sunday = last - gait_load_weekday(last) + 6;
    size_t n_days = (size_t)((long)last_sunday - first_monday + 1);

    gait_load *result = calloc(1, sizeof *result);
    double *day_duration_min = duration_min != NULL ? calloc(n_days, sizeof(double)) : NULL;
    size_t *day_unknown = duration_min != NULL ? calloc(n_days, sizeof(size_t)) : NULL;
    if (result != NULL) {
        result->days = calloc(n_days, sizeof *result->days);
        result->weeks = calloc(n_days / 7, sizeof *result->weeks);
    }
    if (result == NULL || result->days == NULL || result->weeks == NULL ||
        (duration_min != NULL && (day_duration_min == NULL || day_unknown == NULL))) {
        gait_load_free(result);
        free(day_duration_min);
        free(day_unknown);
        return gait_fail(GAIT_E_NOMEM, "gait_load_compute: cannot allocate %zu days", n_days);
    }
    result->settings = used;
    result->n_runs = n_runs;
    result->n_days = n_days;
    result->n_weeks = n_days / 7;

    for (size_t k = 0; k < n_days; k++)
        result->days[k].day = (int32_t)(first_monday + (long)k);
    for (size_t i = 0; i < n_runs; i++) {
        size_t k = (size_t)((long)day[i] - first_monday);
        result->days[k].n_runs++;
        result->days[k].distance_km += distance_km[i];
        if (duration_min != NULL) {
            if (isnan(duration_min[i]))
                day_unknown[k]++;
            else
                day_duration_min[k] += duration_min[i];
        }
    }
    fill_daily_ratios(result->days, n_days);
    fill_weeks(result, day_duration_min, day_unknown);
    free(day_duration_min);
    free(day_unknown);
    *load = result;
    return GAIT_OK;
}
