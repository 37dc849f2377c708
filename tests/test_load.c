/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly running load: a hand-computed five-week log, date parsing and formatting, ISO weeks,
 * errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

#define TOL 1e-12

/* The hand-computed log. Day 0 of the series is Monday 2024-01-01 (day 19723 since 1970-01-01,
 * ISO week 2024-W01). Runs (series day: km), given newest first with a duplicate day:
 *   W1 2024-01-01: day 1: 8, day 3: 6, day 6: 6                 -> 20 km, 3 runs
 *   W2 2024-01-08: day 8: 10, day 10: 4 + 2 (two runs), day 13: 6 -> 22 km, 4 runs
 *   W3 2024-01-15: rest                                          ->  0 km, 0 runs
 *   W4 2024-01-22: day 22: 8, day 24: 8, day 27: 8               -> 24 km, 3 runs
 *   W5 2024-01-29: day 29: 10, day 31: 10, day 34: 10            -> 30 km, 3 runs
 * Week-over-week change:
 *   W1: NaN km, NaN %       (first week)
 *   W2: +2 km, +10 %        (not a spike: the rule is > 10 %)
 *   W3: -22 km, -100 %
 *   W4: +24 km, NaN %       (after a week of 0 km)
 *   W5: +6 km, +25 %        (spike)
 * Rolling ACWR on the Sundays (7-day sum / (28-day sum / 4)); W1-W3 are in the warm-up (NaN):
 *   W4 (day 27): 24 / ((20 + 22 + 0 + 24) / 4) = 24 / 16.5 = 16/11 = 1.4545... (not > 1.5)
 *   W5 (day 34): 30 / ((22 + 0 + 24 + 30) / 4) = 30 / 19 = 1.5789...          (> 1.5)
 * Inside W5 the rolling ratio is 26/17 on Tuesday (day 29: 26 km over 7 days, 68 over 28).
 * EWMA ACWR, with E(-1) = 0 the closed form is E(k) = lambda sum_j (1 - lambda)^(k - j) L(j):
 *   acute lambda 1/4, chronic lambda 2/29, so on day k
 *   ACWR = [1/4 sum_j (3/4)^(k-j) L(j)] / [2/29 sum_j (27/29)^(k-j) L(j)]
 *   W4 (day 27) = 1.61538163 (> 1.5), W5 (day 34) = 1.53532314 (> 1.5); exact terms below. */
static const char *const example_dates[] = {
    "2024-02-04", "2024-02-01", "2024-01-30", "2024-01-28", "2024-01-25",
    "2024-01-23", "2024-01-14", "2024-01-11", "2024-01-11", "2024-01-09",
    "2024-01-07", "2024-01-04", "2024-01-02",
};
static const double example_km[] = {10, 10, 10, 8, 8, 8, 6, 4, 2, 10, 6, 6, 8};
/* Minutes; the 2 km run of 2024-01-11 has none, so W2's duration is NaN. */
static const double example_min[] = {50, 50, 50, 40, 40, 40, 30, 20, NAN, 50, 30, 30, 40};
#define EXAMPLE_RUNS 13

/* (series day, km) of the example's days with load, for the closed-form EWMA. */
static const int load_day[] = {1, 3, 6, 8, 10, 13, 22, 24, 27, 29, 31, 34};
static const double load_km[] = {8, 6, 6, 10, 6, 6, 8, 8, 8, 10, 10, 10};

static double ewma_closed_form(int k, double lambda)
{
    double sum = 0.0;
    for (size_t i = 0; i < sizeof load_day / sizeof load_day[0]; i++)
        if (load_day[i] <= k)
            sum += lambda * pow(1.0 - lambda, k - load_day[i]) * load_km[i];
    return sum;
}

static gait_load *example_load(int with_durations)
{
    int32_t days[EXAMPLE_RUNS];
    for (int i = 0; i < EXAMPLE_RUNS; i++)
        test_assert_ok(gait_load_parse_date(example_dates[i], &days[i]), example_dates[i]);
    gait_load *load = NULL;
    test_assert_ok(gait_load_compute(days, example_km, with_durations ? example_min : NULL,
                                     EXAMPLE_RUNS, NULL, &load),
                   "gait_load_compute");
    ck_assert_ptr_nonnull(load);
    return load;
}

START_TEST(hand_computed_weeks)
{
    gait_load *load = example_load(1);
    ck_assert_uint_eq(load->n_runs, 13);
    ck_assert_uint_eq(load->n_weeks, 5);
    ck_assert_uint_eq(load->n_days, 35);
    const double km[5] = {20, 22, 0, 24, 30};
    const size_t runs[5] = {3, 4, 0, 3, 3};
    const double minutes[5] = {100, NAN, 0, 120, 150};
    const double change_km[5] = {NAN, 2, -22, 24, 6};
    const double change_pct[5] = {NAN, 10, -100, NAN, 25};
    const int spike[5] = {0, 0, 0, 0, 1};
    for (int w = 0; w < 5; w++) {
        const gait_load_week *week = &load->weeks[w];
        ck_assert_int_eq(week->start_day, 19723 + 7 * w);
        ck_assert_int_eq(week->iso_year, 2024);
        ck_assert_int_eq(week->iso_week, w + 1);
        ck_assert_uint_eq(week->n_runs, runs[w]);
        ck_assert_double_eq_tol(week->distance_km, km[w], TOL);
        if (isnan(minutes[w]))
            ck_assert(isnan(week->duration_min));
        else
            ck_assert_double_eq_tol(week->duration_min, minutes[w], TOL);
        if (isnan(change_km[w]))
            ck_assert(isnan(week->change_km));
        else
            ck_assert_double_eq_tol(week->change_km, change_km[w], TOL);
        if (isnan(change_pct[w]))
            ck_assert(isnan(week->change_pct));
        else
            ck_assert_double_eq_tol(week->change_pct, change_pct[w], TOL);
        ck_assert_int_eq(week->spike, spike[w]);
    }
    /* Warm-up: no ACWR in the first three weeks, no flags. */
    for (int w = 0; w < 3; w++) {
        ck_assert(isnan(load->weeks[w].acwr_rolling));
        ck_assert(isnan(load->weeks[w].acwr_ewma));
        ck_assert_int_eq(load->weeks[w].acwr_rolling_high, 0);
        ck_assert_int_eq(load->weeks[w].acwr_ewma_high, 0);
    }
    ck_assert_double_eq_tol(load->weeks[3].acwr_rolling, 16.0 / 11.0, TOL);
    ck_assert_double_eq_tol(load->weeks[4].acwr_rolling, 30.0 / 19.0, TOL);
    ck_assert_int_eq(load->weeks[3].acwr_rolling_high, 0);
    ck_assert_int_eq(load->weeks[4].acwr_rolling_high, 1);
    double ewma_w4 = ewma_closed_form(27, 0.25) / ewma_closed_form(27, 2.0 / 29.0);
    double ewma_w5 = ewma_closed_form(34, 0.25) / ewma_closed_form(34, 2.0 / 29.0);
    ck_assert_double_eq_tol(ewma_w4, 1.6153816298142523, 1e-15); /* exact rational, rounded */
    ck_assert_double_eq_tol(ewma_w5, 1.5353231403667391, 1e-15);
    ck_assert_double_eq_tol(load->weeks[3].acwr_ewma, ewma_w4, TOL);
    ck_assert_double_eq_tol(load->weeks[4].acwr_ewma, ewma_w5, TOL);
    ck_assert_int_eq(load->weeks[3].acwr_ewma_high, 1);
    ck_assert_int_eq(load->weeks[4].acwr_ewma_high, 1);
    gait_load_free(load);
}
END_TEST

START_TEST(hand_computed_days)
{
    gait_load *load = example_load(0);
    const gait_load_day *d = load->days;
    ck_assert_int_eq(d[0].day, 19723);
    ck_assert_int_eq(d[34].day, 19723 + 34);
    /* Duplicates summed, rest days zero. */
    ck_assert_uint_eq(d[10].n_runs, 2);
    ck_assert_double_eq_tol(d[10].distance_km, 6.0, TOL);
    ck_assert_uint_eq(d[0].n_runs, 0);
    ck_assert_double_eq_tol(d[0].distance_km, 0.0, TOL);
    /* Without durations every week's duration is NaN. */
    for (size_t w = 0; w < load->n_weeks; w++)
        ck_assert(isnan(load->weeks[w].duration_min));
    /* Acute sums from day 6, chronic and both ratios from day 27. */
    ck_assert(isnan(d[5].acute_km));
    ck_assert_double_eq_tol(d[6].acute_km, 20.0, TOL);
    ck_assert_double_eq_tol(d[8].acute_km, 22.0, TOL); /* days 2..8: 6 + 6 + 10 */
    for (int k = 0; k < 27; k++) {
        ck_assert(isnan(d[k].chronic_km));
        ck_assert(isnan(d[k].acwr_rolling));
        ck_assert(isnan(d[k].acwr_ewma));
    }
    ck_assert_double_eq_tol(d[27].chronic_km, 16.5, TOL);
    ck_assert_double_eq_tol(d[29].acute_km, 26.0, TOL);
    ck_assert_double_eq_tol(d[29].chronic_km, 17.0, TOL);
    ck_assert_double_eq_tol(d[29].acwr_rolling, 26.0 / 17.0, TOL);
    /* EWMAs run from day 0 (0 before the series): day 1 = lambda * 8. */
    ck_assert_double_eq_tol(d[0].ewma_acute_km, 0.0, TOL);
    ck_assert_double_eq_tol(d[1].ewma_acute_km, 2.0, TOL);
    ck_assert_double_eq_tol(d[1].ewma_chronic_km, 16.0 / 29.0, TOL);
    for (int k = 0; k < 35; k++) {
        ck_assert_double_eq_tol(d[k].ewma_acute_km, ewma_closed_form(k, 0.25), TOL);
        ck_assert_double_eq_tol(d[k].ewma_chronic_km, ewma_closed_form(k, 2.0 / 29.0), TOL);
    }
    ck_assert_double_eq_tol(d[30].acwr_ewma,
                            ewma_closed_form(30, 0.25) / ewma_closed_form(30, 2.0 / 29.0), TOL);
    gait_load_free(load);
}
END_TEST

START_TEST(settings_move_the_flags)
{
    int32_t days[EXAMPLE_RUNS];
    for (int i = 0; i < EXAMPLE_RUNS; i++)
        test_assert_ok(gait_load_parse_date(example_dates[i], &days[i]), example_dates[i]);
    gait_load_settings settings = gait_load_settings_default();
    ck_assert_double_eq(settings.spike_threshold_pct, 10.0);
    ck_assert_double_eq(settings.acwr_threshold, 1.5);
    settings.spike_threshold_pct = 9.5; /* W2's +10 % becomes a spike */
    settings.acwr_threshold = 1.6;      /* only W4's EWMA 1.615 stays above */
    gait_load *load = NULL;
    test_assert_ok(gait_load_compute(days, example_km, NULL, EXAMPLE_RUNS, &settings, &load),
                   "compute");
    ck_assert_int_eq(load->weeks[1].spike, 1);
    ck_assert_int_eq(load->weeks[4].spike, 1);
    ck_assert_int_eq(load->weeks[4].acwr_rolling_high, 0);
    ck_assert_int_eq(load->weeks[3].acwr_ewma_high, 1);
    ck_assert_int_eq(load->weeks[4].acwr_ewma_high, 0);
    ck_assert_double_eq(load->settings.acwr_threshold, 1.6);
    gait_load_free(load);
}
END_TEST

START_TEST(one_run_gives_one_week)
{
    int32_t day = 0; /* Thursday 1970-01-01, in ISO week 1970-W01 from Monday 1969-12-29 */
    double km = 5.0;
    gait_load *load = NULL;
    test_assert_ok(gait_load_compute(&day, &km, NULL, 1, NULL, &load), "compute");
    ck_assert_uint_eq(load->n_weeks, 1);
    ck_assert_int_eq(load->weeks[0].start_day, -3);
    ck_assert_int_eq(load->weeks[0].iso_year, 1970);
    ck_assert_int_eq(load->weeks[0].iso_week, 1);
    ck_assert_double_eq(load->weeks[0].distance_km, 5.0);
    ck_assert(isnan(load->weeks[0].change_km));
    ck_assert_int_eq(load->days[3].day, 0);
    ck_assert_uint_eq(load->days[3].n_runs, 1);
    gait_load_free(load);
    gait_load_free(NULL);
}
END_TEST

static int32_t parse_ok(const char *text)
{
    int32_t day = 12345;
    test_assert_ok(gait_load_parse_date(text, &day), text);
    return day;
}

static void assert_round_trip(const char *text)
{
    char out[GAIT_LOAD_DATE_CAPACITY];
    test_assert_ok(gait_load_format_date(parse_ok(text), out), text);
    ck_assert_str_eq(out, text);
}

START_TEST(dates_parse_and_format)
{
    ck_assert_int_eq(parse_ok("1970-01-01"), 0);
    ck_assert_int_eq(parse_ok("1969-12-31"), -1);
    ck_assert_int_eq(parse_ok("1970-03-01"), 59);
    ck_assert_int_eq(parse_ok("2000-01-01"), 10957);
    ck_assert_int_eq(parse_ok("2024-01-01"), 19723);
    ck_assert_int_eq(parse_ok("0001-01-01"), GAIT_LOAD_DAY_MIN);
    ck_assert_int_eq(parse_ok("9999-12-31"), GAIT_LOAD_DAY_MAX);
    /* Leap years: every 4th, not centuries, but every 400th. */
    ck_assert_int_eq(parse_ok("2024-03-01") - parse_ok("2024-02-28"), 2);
    ck_assert_int_eq(parse_ok("2023-03-01") - parse_ok("2023-02-28"), 1);
    ck_assert_int_eq(parse_ok("2000-03-01") - parse_ok("2000-02-28"), 2);
    ck_assert_int_eq(parse_ok("1900-03-01") - parse_ok("1900-02-28"), 1);
    ck_assert_int_eq(parse_ok("2001-01-01") - parse_ok("2000-01-01"), 366);
    ck_assert_int_eq(parse_ok("1901-01-01") - parse_ok("1900-01-01"), 365);
    ck_assert_int_eq(parse_ok("2400-01-01") - parse_ok("2000-01-01"), 146097);
    const char *round_trips[] = {"2024-02-29", "2000-02-29", "1900-02-28", "1900-03-01",
                                 "0004-02-29", "1969-12-31", "2023-12-31", "9999-12-31",
                                 "0001-01-01", "1582-10-10"};
    for (size_t i = 0; i < sizeof round_trips / sizeof round_trips[0]; i++)
        assert_round_trip(round_trips[i]);
    /* Every day of 1899..2101 formats and parses back to itself. */
    char out[GAIT_LOAD_DATE_CAPACITY];
    for (int32_t day = parse_ok("1899-01-01"); day <= parse_ok("2101-12-31"); day++) {
        test_assert_ok(gait_load_format_date(day, out), "format");
        ck_assert_int_eq(parse_ok(out), day);
    }
}
END_TEST

START_TEST(invalid_dates_are_refused)
{
    const char *bad[] = {"2023-02-29", "1900-02-29", "2024-02-30",  "2024-04-31",      "2024-13-01",
                         "2024-00-10", "2024-01-00", "2024-01-32",  "0000-01-01",      "24-01-01",
                         "2024-1-01",  "2024/01/01", "2024-01-01x", " 2024-01-01",     "2024-01-0a",
                         "",           "2024-01-1",  "+024-01-01",  "2024-01-01T10:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t day = 777;
        ck_assert_msg(gait_load_parse_date(bad[i], &day) == GAIT_E_FORMAT, "'%s' accepted", bad[i]);
        ck_assert_int_eq(day, 777);
    }
    int32_t day;
    ck_assert_int_eq(gait_load_parse_date("2023-02-29", &day), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "2023-02-29"));
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "28 days"));
    ck_assert_int_eq(gait_load_parse_date(NULL, &day), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_load_parse_date("2024-01-01", NULL), GAIT_E_INVALID_ARG);
    char out[GAIT_LOAD_DATE_CAPACITY];
    ck_assert_int_eq(gait_load_format_date(GAIT_LOAD_DAY_MIN - 1, out), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_load_format_date(GAIT_LOAD_DAY_MAX + 1, out), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_load_format_date(0, NULL), GAIT_E_INVALID_ARG);
}
END_TEST

START_TEST(weekdays_and_iso_weeks)
{
    ck_assert_int_eq(gait_load_weekday(0), 3);                 /* Thursday */
    ck_assert_int_eq(gait_load_weekday(-3), 0);                /* Monday 1969-12-29 */
    ck_assert_int_eq(gait_load_weekday(GAIT_LOAD_DAY_MIN), 0); /* 0001-01-01 a Monday */
    ck_assert_int_eq(gait_load_weekday(parse_ok("2024-01-01")), 0);
    ck_assert_int_eq(gait_load_weekday(parse_ok("2024-02-04")), 6);
    /* Weeks that straddle a new year: the Thursday decides. */
    struct {
        const char *date;
        const char *monday;
        int year, week;
    } cases[] = {
        {"2021-01-03", "2020-12-28", 2020, 53}, {"2021-01-04", "2021-01-04", 2021, 1},
        {"2024-12-31", "2024-12-30", 2025, 1},  {"2027-01-01", "2026-12-28", 2026, 53},
        {"2022-01-01", "2021-12-27", 2021, 52}, {"2008-12-29", "2008-12-29", 2009, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t day = parse_ok(cases[i].date);
        double km = 1.0;
        gait_load *load = NULL;
        test_assert_ok(gait_load_compute(&day, &km, NULL, 1, NULL, &load), cases[i].date);
        ck_assert_int_eq(load->weeks[0].start_day, parse_ok(cases[i].monday));
        ck_assert_int_eq(load->weeks[0].iso_year, cases[i].year);
        ck_assert_int_eq(load->weeks[0].iso_week, cases[i].week);
        gait_load_free(load);
    }
}
END_TEST

START_TEST(bad_runs_are_refused)
{
    int32_t days[3] = {19723, 19724, 19725};
    double km[3] = {5, 6, 7};
    double minutes[3] = {30, NAN, 40};
    gait_load *load = (gait_load *)&load; /* must come back NULL */
    ck_assert_int_eq(gait_load_compute(days, km, minutes, 0, NULL, &load), GAIT_E_NO_DATA);
    ck_assert_ptr_null(load);
    ck_assert_int_eq(gait_load_compute(NULL, km, NULL, 3, NULL, &load), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_load_compute(days, NULL, NULL, 3, NULL, &load), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, NULL, NULL), GAIT_E_INVALID_ARG);

    const double bad_km[] = {-1.0, NAN, INFINITY};
    for (size_t i = 0; i < 3; i++) {
        km[1] = bad_km[i];
        ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, NULL, &load), GAIT_E_INVALID_ARG);
        ck_assert_ptr_null(load);
        ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "run 1"));
        ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "distance_km"));
    }
    km[1] = 6;
    minutes[2] = -5;
    ck_assert_int_eq(gait_load_compute(days, km, minutes, 3, NULL, &load), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "run 2: duration_min"));
    minutes[2] = INFINITY;
    ck_assert_int_eq(gait_load_compute(days, km, minutes, 3, NULL, &load), GAIT_E_INVALID_ARG);
    minutes[2] = 40;

    days[0] = GAIT_LOAD_DAY_MIN - 1;
    ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, NULL, &load), GAIT_E_INVALID_ARG);
    days[0] = parse_ok("9999-12-27"); /* its week would end in year 10000 */
    ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, NULL, &load), GAIT_E_INVALID_ARG);
    days[0] = parse_ok("9999-12-26");
    test_assert_ok(gait_load_compute(days, km, minutes, 3, NULL, &load), "far future");
    gait_load_free(load);
    days[0] = 19723;

    gait_load_settings settings = gait_load_settings_default();
    settings.acwr_threshold = 0.0;
    ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, &settings, &load), GAIT_E_INVALID_ARG);
    settings = gait_load_settings_default();
    settings.spike_threshold_pct = NAN;
    ck_assert_int_eq(gait_load_compute(days, km, NULL, 3, &settings, &load), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(load);
}
END_TEST

START_TEST(order_does_not_matter)
{
    int32_t days[EXAMPLE_RUNS], reversed_days[EXAMPLE_RUNS];
    double reversed_km[EXAMPLE_RUNS];
    for (int i = 0; i < EXAMPLE_RUNS; i++) {
        test_assert_ok(gait_load_parse_date(example_dates[i], &days[i]), example_dates[i]);
        reversed_days[EXAMPLE_RUNS - 1 - i] = days[i];
        reversed_km[EXAMPLE_RUNS - 1 - i] = example_km[i];
    }
    gait_load *a = NULL, *b = NULL;
    test_assert_ok(gait_load_compute(days, example_km, NULL, EXAMPLE_RUNS, NULL, &a), "a");
    test_assert_ok(gait_load_compute(reversed_days, reversed_km, NULL, EXAMPLE_RUNS, NULL, &b),
                   "b");
    ck_assert_uint_eq(a->n_days, b->n_days);
    for (size_t k = 0; k < a->n_days; k++) {
        ck_assert_double_eq(a->days[k].distance_km, b->days[k].distance_km);
        ck_assert_double_eq(a->days[k].ewma_chronic_km, b->days[k].ewma_chronic_km);
    }
    gait_load_free(a);
    gait_load_free(b);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("load");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, hand_computed_weeks);
    tcase_add_test(tc, hand_computed_days);
    tcase_add_test(tc, settings_move_the_flags);
    tcase_add_test(tc, one_run_gives_one_week);
    tcase_add_test(tc, dates_parse_and_format);
    tcase_add_test(tc, invalid_dates_are_refused);
    tcase_add_test(tc, weekdays_and_iso_weeks);
    tcase_add_test(tc, bad_runs_are_refused);
    tcase_add_test(tc, order_does_not_matter);
    suite_add_tcase(suite, tc);
    return suite;
}
