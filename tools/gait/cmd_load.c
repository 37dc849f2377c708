/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait load RUNS.csv [--json | --csv] [--svg FILE]: weekly running load from a log of runs. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cli.h"
#include "load_svg.h"

/* A run read from the CSV. */
typedef struct run_row {
    int32_t day;
    double distance_km;
    double duration_min; /* NaN when unknown */
} run_row;

typedef struct run_log {
    run_row *rows;
    size_t n, capacity;
} run_log;

/* Where the columns are: -1 when absent. */
typedef struct columns {
    long date, distance, duration;
} columns;

enum { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON };

static int run_log_push(run_log *log, run_row row)
{
    if (log->n == log->capacity) {
        size_t capacity = log->capacity ? 2 * log->capacity : 64;
        run_row *rows = realloc(log->rows, capacity * sizeof *rows);
        if (rows == NULL)
            return 0;
        log->rows = rows;
        log->capacity = capacity;
    }
    log->rows[log->n++] = row;
    return 1;
}

/* gait_load_compute() over the log's runs, split into the library's arrays. */
static gait_status compute_load(const run_log *log, int has_duration,
                                const gait_load_settings *settings, gait_load **load)
{
    int32_t *day = malloc(log->n * sizeof *day);
    double *km = malloc(log->n * sizeof *km);
    double *minutes = malloc(log->n * sizeof *minutes);
    gait_status status = GAIT_E_NOMEM;
    if (day != NULL && km != NULL && minutes != NULL) {
        for (size_t i = 0; i < log->n; i++) {
            day[i] = log->rows[i].day;
            km[i] = log->rows[i].distance_km;
            minutes[i] = log->rows[i].duration_min;
        }
        status = gait_load_compute(day, km, has_duration ? minutes : NULL, log->n, settings, load);
    }
    free(day);
    free(km);
    free(minutes);
    return status;
}

/* The whole of a file ("-": standard input) as a NUL-terminated buffer; NULL on failure. */
static char *read_all(const char *path)
{
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (file == NULL)
        return NULL;
    size_t size = 0, capacity = 4096;
    char *text = malloc(capacity);
    while (text != NULL) {
        size += fread(text + size, 1, capacity - 1 - size, file);
        if (size < capacity - 1)
            break;
        char *bigger = realloc(text, 2 * capacity);
        if (bigger == NULL) {
            free(text);
            text = NULL;
        }
        text = bigger;
        capacity *= 2;
    }
    int failed = ferror(file);
    if (file != stdin)
        fclose(file);
    if (text == NULL || failed) {
        free(text);
        return NULL;
    }
    text[size] = '\0';
    return text;
}

/* Split a NUL-terminated line in place into at most capacity fields at sep, with "quoted" fields
 * (doubled quotes inside) unquoted and spaces around fields trimmed. Returns the number of fields
 * (which may exceed capacity: the rest are not stored), or -1 for an unclosed quote. */
static long split_fields(char *line, char sep, char **fields, size_t capacity)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || (*p == '\t' && sep != '\t'))
            p++;
        char *start = p, *end;
        if (*p == '"') {
            char *write = start;
            p++;
            for (;; p++) {
                if (*p == '\0')
                    return -1;
                if (*p == '"' && p[1] == '"')
                    *write++ = *p++;
                else if (*p == '"')
                    break;
                else
                    *write++ = *p;
            }
            end = write;
            p++;
            while (*p == ' ' || (*p == '\t' && sep != '\t'))
                p++;
            if (*p != sep && *p != '\0')
                return -1;
        } else {
            while (*p != sep && *p != '\0')
                p++;
            end = p;
            while (end > start && (end[-1] == ' ' || (end[-1] == '\t' && sep != '\t')))
                end--;
        }
        int last = *p == '\0';
        *end = '\0';
        if (n < capacity)
            fields[n] = start;
        n++;
        if (last)
            return (long)n;
        p++;
    }
}

static char guess_separator(const char *header)
{
    size_t commas = 0, semicolons = 0, tabs = 0;
    for (const char *c = header; *c != '\0'; c++) {
        commas += *c == ',';
        semicolons += *c == ';';
        tabs += *c == '\t';
    }
    if (semicolons > commas && semicolons >= tabs)
        return ';';
    if (tabs > commas && tabs > semicolons)
        return '\t';
    return ',';
}

/* A number cell: finite and >= 0. With ';' or tab separators a single decimal comma is taken as
 * a decimal point ("12,5"). */
static int parse_amount(char *cell, char sep, double *value)
{
    if (sep != ',') {
        char *comma = strchr(cell, ',');
        if (comma != NULL && strchr(comma + 1, ',') == NULL && strchr(cell, '.') == NULL)
            *comma = '.';
    }
    char *end = NULL;
    errno = 0;
    *value = strtod(cell, &end);
    return end != cell && *end == '\0' && isfinite(*value) && *value >= 0.0;
}

static int header_columns(const char *path, size_t line_number, char **names, long n, columns *c)
{
    c->date = c->distance = c->duration = -1;
    for (long i = 0; i < n; i++) {
        long *slot = strcasecmp(names[i], "date") == 0           ? &c->date
                     : strcasecmp(names[i], "distance_km") == 0  ? &c->distance
                     : strcasecmp(names[i], "duration_min") == 0 ? &c->duration
                                                                 : NULL;
        if (slot == NULL)
            continue;
        if (*slot >= 0) {
            fprintf(stderr, "gait: %s:%zu: column '%s' appears twice\n", path, line_number,
                    names[i]);
            return 0;
        }
        *slot = i;
    }
    if (c->date < 0 || c->distance < 0) {
        fprintf(stderr, "gait: %s:%zu: the header needs the columns date and distance_km\n", path,
                line_number);
        return 0;
    }
    return 1;
}

/* One data row into the log; prints the reason naming the line and returns 0 when it is bad. */
static int read_row(const char *path, size_t line_number, char **cells, long n, char sep,
                    const columns *c, run_log *log)
{
    long needed = c->date > c->distance ? c->date : c->distance;
    if (n <= needed) {
        fprintf(stderr, "gait: %s:%zu: %ld cells, the %s column is number %ld\n", path, line_number,
                n, c->date > c->distance ? "date" : "distance_km", needed + 1);
        return 0;
    }
    char *date = cells[c->date];
    /* A date-time keeps its date as written ("2024-01-02T07:30:00", "2024-01-02 07:30"). */
    if (strlen(date) > 10 && (date[10] == 'T' || date[10] == ' '))
        date[10] = '\0';
    int32_t day;
    if (gait_load_parse_date(date, &day) != GAIT_OK) {
        /* The library's detail says what is wrong: "'2023-02-29': month 2 of 2023 has 28 days". */
        const char *detail = gait_last_error_detail();
        const char *prefix = "gait_load_parse_date: ";
        if (strncmp(detail, prefix, strlen(prefix)) == 0)
            detail += strlen(prefix);
        fprintf(stderr, "gait: %s:%zu: date %s\n", path, line_number, detail);
        return 0;
    }
    if (day > GAIT_LOAD_DAY_MAX - 5) {
        fprintf(stderr, "gait: %s:%zu: date '%s' is after 9999-12-26 (its week ends in 10000)\n",
                path, line_number, date);
        return 0;
    }
    double km, minutes = NAN;
    if (!parse_amount(cells[c->distance], sep, &km)) {
        fprintf(stderr, "gait: %s:%zu: distance_km '%.40s' is not a number >= 0\n", path,
                line_number, cells[c->distance]);
        return 0;
    }
    if (c->duration >= 0 && c->duration < n && cells[c->duration][0] != '\0' &&
        strcasecmp(cells[c->duration], "nan") != 0 &&
        !parse_amount(cells[c->duration], sep, &minutes)) {
        fprintf(stderr, "gait: %s:%zu: duration_min '%.40s' is not a number >= 0 (or empty)\n",
                path, line_number, cells[c->duration]);
        return 0;
    }
    if (!run_log_push(log, (run_row){day, km, minutes})) {
        fprintf(stderr, "gait: %s: out of memory\n", path);
        return 0;
    }
    return 1;
}

/* Read the runs of a CSV file. Returns EXIT_OK, or EXIT_BAD_DATA after printing why. */
static int read_runs(const char *path, run_log *log, int *has_duration)
{
    char *text = read_all(path);
    if (text == NULL) {
        fprintf(stderr, "gait: %s: cannot read: %s\n", path, strerror(errno ? errno : EIO));
        return EXIT_BAD_DATA;
    }
    char *p = strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
    columns c = {-1, -1, -1};
    char sep = ',';
    size_t line_number = 0, capacity = 0;
    char **cells = NULL;
    int status = EXIT_OK, have_header = 0;
    while (*p != '\0' && status == EXIT_OK) {
        char *line = p;
        p += strcspn(p, "\r\n");
        if (*p == '\r' && p[1] == '\n')
            *p++ = '\0';
        if (*p != '\0')
            *p++ = '\0';
        line_number++;
        if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#')
            continue;
        if (!have_header)
            sep = guess_separator(line);
        long n = (long)strlen(line) + 1; /* more fields than bytes is impossible */
        if ((size_t)n > capacity) {
            char **more = realloc(cells, (size_t)n * sizeof *more);
            if (more == NULL) {
                fprintf(stderr, "gait: %s: out of memory\n", path);
                status = EXIT_BAD_DATA;
                break;
            }
            cells = more;
            capacity = (size_t)n;
        }
        n = split_fields(line, sep, cells, capacity);
        if (n < 0) {
            fprintf(stderr, "gait: %s:%zu: a quoted cell is not closed properly\n", path,
                    line_number);
            status = EXIT_BAD_DATA;
        } else if (!have_header) {
            have_header = 1;
            if (!header_columns(path, line_number, cells, n, &c))
                status = EXIT_BAD_DATA;
        } else if (!read_row(path, line_number, cells, n, sep, &c, log)) {
            status = EXIT_BAD_DATA;
        }
    }
    if (status == EXIT_OK && !have_header) {
        fprintf(stderr, "gait: %s: empty file: no header with date and distance_km\n", path);
        status = EXIT_BAD_DATA;
    } else if (status == EXIT_OK && log->n == 0) {
        fprintf(stderr, "gait: %s: no runs after the header\n", path);
        status = EXIT_BAD_DATA;
    }
    *has_duration = c.duration >= 0;
    free(cells);
    free(text);
    return status;
}

int load_read_csv(const char *path, const gait_load_settings *settings, gait_load **load)
{
    run_log log = {0};
    int has_duration = 0;
    *load = NULL;
    int result = read_runs(path, &log, &has_duration);
    if (result == EXIT_OK) {
        gait_status status = compute_load(&log, has_duration, settings, load);
        if (status != GAIT_OK)
            result = cli_fail(path, status);
    }
    free(log.rows);
    return result;
}

static void date_text(int32_t day, char out[GAIT_LOAD_DATE_CAPACITY])
{
    if (gait_load_format_date(day, out) != GAIT_OK)
        strcpy(out, "?");
}

/* First and last day with a run. */
static void run_span(const gait_load *load, int32_t *first, int32_t *last)
{
    size_t a = 0, b = load->n_days - 1;
    while (a < b && load->days[a].n_runs == 0)
        a++;
    while (b > a && load->days[b].n_runs == 0)
        b--;
    *first = load->days[a].day;
    *last = load->days[b].day;
}

/* The numbers of a week in output order, with their names (CSV and JSON) and table formats. */
#define WEEK_VALUES 6
static const char *const week_value_names[WEEK_VALUES] = {
    "distance_km", "duration_min", "change_km", "change_pct", "acwr_rolling", "acwr_ewma"};
static const char *const week_value_formats[WEEK_VALUES] = {"%*.2f",  "%*.1f", "%+*.2f",
                                                            "%+*.1f", "%*.3f", "%*.3f"};
static const int week_value_widths[WEEK_VALUES] = {13, 14, 11, 10, 14, 11};

static void week_values(const gait_load_week *week, double values[WEEK_VALUES])
{
    values[0] = week->distance_km;
    values[1] = week->duration_min;
    values[2] = week->change_km;
    values[3] = week->change_pct;
    values[4] = week->acwr_rolling;
    values[5] = week->acwr_ewma;
}

static void print_cell(double value, const char *format, int width)
{
    if (isfinite(value))
        printf(format, width, value);
    else
        printf("%*s", width, "-");
}

static void print_flags(const gait_load_week *week)
{
    const char *names[3] = {"spike", "acwr", "ewma"};
    int set[3] = {week->spike, week->acwr_rolling_high, week->acwr_ewma_high};
    int any = 0;
    printf("  ");
    for (int i = 0; i < 3; i++) {
        if (set[i]) {
            printf("%s%s", any ? "," : "", names[i]);
            any = 1;
        }
    }
    printf("%s\n", any ? "" : "-");
}

static void print_table(const char *path, const gait_load *load)
{
    char first[GAIT_LOAD_DATE_CAPACITY], last[GAIT_LOAD_DATE_CAPACITY];
    int32_t first_day, last_day;
    run_span(load, &first_day, &last_day);
    date_text(first_day, first);
    date_text(last_day, last);
    printf("# %s: %zu runs from %s to %s in %zu ISO weeks (Monday to Sunday)\n", path, load->n_runs,
           first, last, load->n_weeks);
    printf("# ACWR on each week's Sunday: rolling = 7-day km / (28-day km / 4); EWMA with lambda "
           "2/8 and 2/29 on daily km; none before 28 days of log\n");
    printf("# flags: spike = km up more than %g%% on the week before; acwr, ewma = that ACWR "
           "above %g\n",
           load->settings.spike_threshold_pct, load->settings.acwr_threshold);
    printf("week      monday      runs  distance_km  duration_min  change_km  change_%%  "
           "acwr_rolling  acwr_ewma  flags\n");
    for (size_t w = 0; w < load->n_weeks; w++) {
        const gait_load_week *week = &load->weeks[w];
        char monday[GAIT_LOAD_DATE_CAPACITY];
        date_text(week->start_day, monday);
        printf("%04d-W%02d  %s  %4zu", (int)week->iso_year, (int)week->iso_week, monday,
               week->n_runs);
        double values[WEEK_VALUES];
        week_values(week, values);
        for (int v = 0; v < WEEK_VALUES; v++)
            print_cell(values[v], week_value_formats[v], week_value_widths[v]);
        print_flags(week);
    }
}

static void print_csv_number(double value)
{
    if (isfinite(value))
        printf(",%.12g", value);
    else
        printf(",");
}

static void print_csv(const gait_load *load)
{
    printf("week,week_start,runs");
    for (int v = 0; v < WEEK_VALUES; v++)
        printf(",%s", week_value_names[v]);
    printf(",spike,acwr_rolling_high,acwr_ewma_high\n");
    for (size_t w = 0; w < load->n_weeks; w++) {
        const gait_load_week *week = &load->weeks[w];
        char monday[GAIT_LOAD_DATE_CAPACITY];
        date_text(week->start_day, monday);
        printf("%04d-W%02d,%s,%zu", (int)week->iso_year, (int)week->iso_week, monday, week->n_runs);
        double values[WEEK_VALUES];
        week_values(week, values);
        for (int v = 0; v < WEEK_VALUES; v++)
            print_csv_number(values[v]);
        printf(",%d,%d,%d\n", week->spike, week->acwr_rolling_high, week->acwr_ewma_high);
    }
}

static json_t *number_or_null(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

static json_t *date_json(int32_t day)
{
    char text[GAIT_LOAD_DATE_CAPACITY];
    date_text(day, text);
    return json_string(text);
}

static json_t *week_json(const gait_load_week *week)
{
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-W%02d", (int)week->iso_year, (int)week->iso_week);
    json_t *j = json_object();
    json_object_set_new(j, "week", json_string(iso));
    json_object_set_new(j, "week_start", date_json(week->start_day));
    json_object_set_new(j, "runs", json_integer((json_int_t)week->n_runs));
    double values[WEEK_VALUES];
    week_values(week, values);
    for (int v = 0; v < WEEK_VALUES; v++)
        json_object_set_new(j, week_value_names[v], number_or_null(values[v]));
    json_object_set_new(j, "spike", json_boolean(week->spike));
    json_object_set_new(j, "acwr_rolling_high", json_boolean(week->acwr_rolling_high));
    json_object_set_new(j, "acwr_ewma_high", json_boolean(week->acwr_ewma_high));
    return j;
}

static json_t *day_json(const gait_load_day *day)
{
    static const char *const names[] = {"distance_km",  "acute_km",      "chronic_km",
                                        "acwr_rolling", "ewma_acute_km", "ewma_chronic_km",
                                        "acwr_ewma"};
    const double values[] = {day->distance_km,  day->acute_km,      day->chronic_km,
                             day->acwr_rolling, day->ewma_acute_km, day->ewma_chronic_km,
                             day->acwr_ewma};
    json_t *j = json_object();
    json_object_set_new(j, "date", date_json(day->day));
    json_object_set_new(j, "runs", json_integer((json_int_t)day->n_runs));
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        json_object_set_new(j, names[v], number_or_null(values[v]));
    return j;
}

static void add_flag(json_t *flags, const gait_load_week *week, const char *kind, double value,
                     double threshold)
{
    json_t *flag = json_object();
    json_object_set_new(flag, "week_start", date_json(week->start_day));
    json_object_set_new(flag, "flag", json_string(kind));
    json_object_set_new(flag, "value", json_real(value));
    json_object_set_new(flag, "threshold", json_real(threshold));
    json_array_append_new(flags, flag);
}

static int print_json(const char *path, const gait_load *load)
{
    json_t *root = json_object();
    json_object_set_new(root, "file", json_string(path));
    json_object_set_new(root, "weeks_are", json_string("ISO 8601 weeks, Monday to Sunday"));
    json_t *settings = json_object();
    json_object_set_new(settings, "spike_threshold_pct",
                        json_real(load->settings.spike_threshold_pct));
    json_object_set_new(settings, "acwr_threshold", json_real(load->settings.acwr_threshold));
    json_object_set_new(settings, "acute_days", json_integer(GAIT_LOAD_ACUTE_DAYS));
    json_object_set_new(settings, "chronic_days", json_integer(GAIT_LOAD_CHRONIC_DAYS));
    json_object_set_new(settings, "ewma_lambda_acute", json_real(2.0 / (GAIT_LOAD_ACUTE_DAYS + 1)));
    json_object_set_new(settings, "ewma_lambda_chronic",
                        json_real(2.0 / (GAIT_LOAD_CHRONIC_DAYS + 1)));
    json_object_set_new(root, "settings", settings);
    json_object_set_new(root, "runs", json_integer((json_int_t)load->n_runs));
    json_t *weeks = json_array(), *days = json_array(), *flags = json_array();
    for (size_t w = 0; w < load->n_weeks; w++) {
        const gait_load_week *week = &load->weeks[w];
        json_array_append_new(weeks, week_json(week));
        if (week->spike)
            add_flag(flags, week, "spike", week->change_pct, load->settings.spike_threshold_pct);
        if (week->acwr_rolling_high)
            add_flag(flags, week, "acwr_rolling", week->acwr_rolling,
                     load->settings.acwr_threshold);
        if (week->acwr_ewma_high)
            add_flag(flags, week, "acwr_ewma", week->acwr_ewma, load->settings.acwr_threshold);
    }
    for (size_t k = 0; k < load->n_days; k++)
        json_array_append_new(days, day_json(&load->days[k]));
    json_object_set_new(root, "weeks", weeks);
    json_object_set_new(root, "days", days);
    json_object_set_new(root, "flags", flags);
    int failed = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0;
    putchar('\n');
    json_decref(root);
    if (failed)
        fprintf(stderr, "gait: cannot write the JSON output\n");
    return failed ? EXIT_BAD_DATA : EXIT_OK;
}

static int write_svg(const char *svg_path, const char *path, const gait_load *load)
{
    FILE *out = fopen(svg_path, "w");
    if (out == NULL) {
        fprintf(stderr, "gait: %s: cannot write: %s\n", svg_path, strerror(errno));
        return EXIT_BAD_DATA;
    }
    const char *base = strrchr(path, '/');
    char title[256];
    snprintf(title, sizeof title, "Weekly running load: %s", base != NULL ? base + 1 : path);
    int failed = load_svg_write(out, load, title, 1) != 0;
    failed |= fclose(out) != 0;
    if (failed) {
        fprintf(stderr, "gait: %s: cannot write the chart\n", svg_path);
        return EXIT_BAD_DATA;
    }
    return EXIT_OK;
}

static void usage(FILE *out)
{
    fputs("Usage: gait load [--json | --csv] [--svg FILE] [--spike PCT] [--acwr-threshold X] "
          "RUNS.csv\n"
          "Weekly running load from a log of runs: a CSV file ('-': standard input) whose header\n"
          "names the columns date (YYYY-MM-DD; a date-time keeps its date), distance_km and\n"
          "optionally duration_min (empty: unknown), in any order, separated by commas,\n"
          "semicolons or tabs (the most frequent in the header; with ';' or tabs a decimal comma\n"
          "is accepted). Other columns, blank lines and '#' lines are ignored. Rows may come in\n"
          "any order; runs of one day are summed; days without runs count as 0 km.\n"
          "Output per ISO week (Monday to Sunday), from the first run's week to the last:\n"
          "  runs, distance_km, duration_min, change_km and change_% on the week before,\n"
          "  acwr_rolling = 7-day km / (28-day km / 4) and acwr_ewma (EWMA, lambda 2/8 and 2/29,\n"
          "  Williams et al. 2017) on the week's Sunday, none in the first 28 days, and the flags\n"
          "  spike (km up more than PCT %, default 10) and ACWR above X (default 1.5).\n"
          "  --json                weeks, the daily ACWR series and the flags as JSON\n"
          "  --csv                 one CSV row per week (empty cell: undefined)\n"
          "  --svg FILE            also write a bar chart of weekly km with the ACWR lines\n"
          "  --spike PCT           spike threshold in % (default 10)\n"
          "  --acwr-threshold X    ACWR flag threshold (default 1.5)\n"
          "A bad row (date, distance) exits with status 1 naming its line.\n",
          out);
}

int cmd_load(int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},
        {"svg", required_argument, NULL, 's'},
        {"spike", required_argument, NULL, 'p'},
        {"acwr-threshold", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gait_load_settings settings = gait_load_settings_default();
    int output = OUTPUT_TABLE, option, formats = 0;
    const char *svg_path = NULL;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while ((option = getopt_long(argc, argv, "jcs:p:a:h", options, NULL)) != -1) {
        switch (option) {
        case 'j':
            output = OUTPUT_JSON;
            formats++;
            break;
        case 'c':
            output = OUTPUT_CSV;
            formats++;
            break;
        case 's':
            svg_path = optarg;
            break;
        case 'p':
            if (!cli_parse_number("load", "--spike", optarg, 0.0, &settings.spike_threshold_pct))
                return EXIT_USAGE;
            break;
        case 'a':
            if (!cli_parse_number("load", "--acwr-threshold", optarg, 0.0,
                                  &settings.acwr_threshold) ||
                settings.acwr_threshold <= 0.0) {
                fprintf(stderr, "gait load: --acwr-threshold wants a number > 0\n");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || formats > 1) {
        if (formats > 1)
            fprintf(stderr, "gait load: --json and --csv exclude each other\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    gait_load *load = NULL;
    int result = load_read_csv(path, &settings, &load);
    if (result == EXIT_OK && svg_path != NULL)
        result = write_svg(svg_path, path, load);
    if (result == EXIT_OK) {
        if (output == OUTPUT_JSON)
            result = print_json(path, load);
        else if (output == OUTPUT_CSV)
            print_csv(load);
        else
            print_table(path, load);
    }
    gait_load_free(load);
    return result;
}
