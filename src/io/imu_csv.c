/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMU CSV files: see include/gait/imu_csv.h for the layouts and the rules. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/imu_csv.h"
#include "io/text.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

enum { QUANTITY_ACC = 0, QUANTITY_GYR = 1 };

typedef struct imu_sensor {
    char *name;
    size_t column[2][3]; /* [quantity][axis] header column, SIZE_MAX when absent */
    int has[2];          /* complete triples */
    double *values[2];   /* [quantity]: 3 x n_samples, sample-major; NULL when absent */
} imu_sensor;

struct gait_imu_csv {
    gait_imu_csv_info info;
    imu_sensor *sensors;
    double *time_s;
};

/* What a header column is. */
enum column_role { ROLE_IGNORED = 0, ROLE_TIME, ROLE_AXIS };

typedef struct column_map {
    enum column_role role;
    size_t sensor; /* ROLE_AXIS */
    int quantity;
    int axis;
} column_map;

/* An axis column found in the header, before sensors are numbered. */
typedef struct axis_entry {
    char *name; /* sensor name (malloc'd) */
    size_t column;
    int quantity, axis;
} axis_entry;

typedef struct imu_parser {
    const char *name;
    size_t size;
    gait_text_lines lines;
    gait_imu_csv_settings settings;
    gait_imu_csv *imu;
    gait_text_separator separator;
    size_t n_header_columns;
    column_map *map;
    size_t time_column;
    double time_scale;
    size_t header_line;  /* line of the (first) header row, for messages */
    double file_rate_hz; /* from a sampling-rate line before the header; 0 without one */
} imu_parser;

gait_imu_csv_settings gait_imu_csv_settings_default(void)
{
    gait_imu_csv_settings settings = {GAIT_IMU_ACC_MPS2, GAIT_IMU_GYR_DEG_S, 0.0};
    return settings;
}

void gait_imu_csv_close(gait_imu_csv *imu)
{
    if (imu == NULL)
        return;
    if (imu->sensors != NULL) {
        for (size_t i = 0; i < imu->info.n_sensors; i++) {
            free(imu->sensors[i].name);
            free(imu->sensors[i].values[0]);
            free(imu->sensors[i].values[1]);
        }
    }
    free(imu->sensors);
    free(imu->time_s);
    free(imu);
}

/* ---- header names ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 if s[0..n-1] ends with word (ASCII case ignored). */
static int ends_with(const char *s, size_t n, const char *word)
{
    size_t m = strlen(word);
    if (m > n)
        return 0;
    for (size_t i = 0; i < m; i++)
        if (lower(s[n - m + i]) != word[i])
            return 0;
    return 1;
}

/* [<sensor><sep>](acc|accel|gyr|gyro)[_](x|y|z), any case: 1 with the parts, else 0. */
static int parse_axis_name(const char *s, int *quantity, int *axis, size_t *prefix_length)
{
    size_t n = strlen(s);
    if (n < 4)
        return 0;
    char last = lower(s[n - 1]);
    if (last < 'x' || last > 'z')
        return 0;
    *axis = last - 'x';
    n--;
    if (s[n - 1] == '_')
        n--;
    static const struct {
        const char *word;
        int quantity;
    } words[] = {{"accel", QUANTITY_ACC},
                 {"acc", QUANTITY_ACC},
                 {"gyro", QUANTITY_GYR},
                 {"gyr", QUANTITY_GYR}};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        if (!ends_with(s, n, words[w].word))
            continue;
        size_t start = n - strlen(words[w].word);
        if (start == 0) {
            *prefix_length = 0;
        } else if (strchr("_.-: ", s[start - 1]) != NULL) {
            *prefix_length = start - 1;
        } else {
            return 0;
        }
        *quantity = words[w].quantity;
        return 1;
    }
    return 0;
}

/* time / time_s (seconds) or time_ms: 1 with the factor to seconds. */
static int parse_time_name(const char *s, double *scale)
{
    gait_text_field field = {s, strlen(s), 1, 0, 0};
    if (gait_text_field_equals(&field, "time") || gait_text_field_equals(&field, "time_s")) {
        *scale = 1.0;
        return 1;
    }
    if (gait_text_field_equals(&field, "time_ms")) {
        *scale = 0.001;
        return 1;
    }
    return 0;
}

/* The header cells of a line as malloc'd strings (*cells, *n); NULL entries never occur. */
static gait_status read_cells(imu_parser *p, const gait_text_line *line, char ***cells, size_t *n)
{
    *cells = NULL;
    *n = 0;
    size_t count = gait_text_count_fields(line, p->separator);
    char **out = calloc(count > 0 ? count : 1, sizeof *out);
    if (out == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot allocate %zu header cells", count);
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, line, p->separator);
    size_t i = 0;
    int r;
    while (i < count && (r = gait_text_next_field(&fields, &field)) != 0) {
        if (r < 0) {
            for (size_t j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return gait_text_fail(GAIT_E_FORMAT, p->name, line->number, field.column,
                                  "unterminated quote in the header");
        }
        out[i] = gait_text_field_dup(&field);
        if (out[i] == NULL) {
            for (size_t j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot copy a header cell");
        }
        i++;
    }
    *cells = out;
    *n = i;
    return GAIT_OK;
}

static void free_cells(char **cells, size_t n)
{
    if (cells == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

static int count_axis_names(char **cells, size_t n, int require_no_prefix)
{
    int count = 0, quantity, axis;
    size_t prefix;
    for (size_t i = 0; i < n; i++)
        if (parse_axis_name(cells[i], &quantity, &axis, &prefix) &&
            (!require_no_prefix || prefix == 0))
            count++;
    return count;
}

static int compare_entries(const void *a, const void *b)
{
    const axis_entry *x = a, *y = b;
    return gait_text_compare_names(x->name, x->column, y->name, y->column);
}

static int compare_sensors_by_column(const void *a, const void *b)
{
    const imu_sensor *x = a, *y = b;
    size_t cx = SIZE_MAX, cy = SIZE_MAX;
    for (int q = 0; q < 2; q++) {
        for (int k = 0; k < 3; k++) {
            if (x->column[q][k] < cx)
                cx = x->column[q][k];
            if (y->column[q][k] < cy)
                cy = y->column[q][k];
        }
    }
    return (cx > cy) - (cx < cy);
}

static const char *const quantity_names[2] = {"acc", "gyr"};

/* Group the axis entries into sensors (sorting by name keeps this O(n log n) for any header), check
 * them, number them in the order of their first column and fill p->map. Takes the names. */
static gait_status build_sensors(imu_parser *p, axis_entry *entries, size_t n_entries)
{
    gait_imu_csv *imu = p->imu;
    qsort(entries, n_entries, sizeof *entries, compare_entries);
    size_t n_sensors = 0;
    for (size_t i = 0; i < n_entries; i++)
        if (i == 0 || strcmp(entries[i].name, entries[i - 1].name) != 0)
            n_sensors++;
    imu->sensors = calloc(n_sensors, sizeof *imu->sensors);
    if (imu->sensors == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot allocate %zu sensors", n_sensors);
    imu->info.n_sensors = n_sensors;

    size_t s = SIZE_MAX;
    for (size_t i = 0; i < n_entries; i++) {
        axis_entry *e = &entries[i];
        if (s == SIZE_MAX || strcmp(e->name, imu->sensors[s].name) != 0) {
            s = s == SIZE_MAX ? 0 : s + 1;
            imu_sensor *sensor = &imu->sensors[s];
            for (int q = 0; q < 2; q++)
                for (int k = 0; k < 3; k++)
                    sensor->column[q][k] = SIZE_MAX;
            sensor->name = e->name;
            e->name = NULL;
        }
        imu_sensor *sensor = &imu->sensors[s];
        if (sensor->column[e->quantity][e->axis] != SIZE_MAX)
            return gait_text_fail(GAIT_E_FORMAT, p->name, p->header_line, 0,
                                  "sensor '%s' has two %s_%c columns (%zu and %zu)", sensor->name,
                                  quantity_names[e->quantity], 'x' + e->axis,
                                  sensor->column[e->quantity][e->axis] + 1, e->column + 1);
        sensor->column[e->quantity][e->axis] = e->column;
    }
    for (size_t i = 0; i < n_sensors; i++) {
        imu_sensor *sensor = &imu->sensors[i];
        for (int q = 0; q < 2; q++) {
            int present = 0;
            for (int k = 0; k < 3; k++)
                present += sensor->column[q][k] != SIZE_MAX;
            if (present != 0 && present != 3)
                return gait_text_fail(GAIT_E_FORMAT, p->name, p->header_line, 0,
                                      "sensor '%s' has %d of the 3 %s axes", sensor->name, present,
                                      quantity_names[q]);
            sensor->has[q] = present == 3;
        }
    }
    qsort(imu->sensors, n_sensors, sizeof *imu->sensors, compare_sensors_by_column);
    for (size_t i = 0; i < n_sensors; i++) {
        for (int q = 0; q < 2; q++) {
            for (int k = 0; k < 3; k++) {
                size_t c = imu->sensors[i].column[q][k];
                if (c == SIZE_MAX)
                    continue;
                p->map[c].role = ROLE_AXIS;
                p->map[c].sensor = i;
                p->map[c].quantity = q;
                p->map[c].axis = k;
            }
        }
    }
    return GAIT_OK;
}

/* ---- sampling-rate line ---- */

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 if s[0..n-1] holds the word "frequency" or "rate" (ASCII case ignored), words being runs of
 * letters cut also where a lower-case letter is followed by an upper-case one ("SamplingRate"). */
static int names_a_rate(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!is_letter(s[i])) {
            i++;
            continue;
        }
        size_t start = i++;
        while (i < n && is_letter(s[i]) &&
               !(s[i - 1] >= 'a' && s[i - 1] <= 'z' && s[i] >= 'A' && s[i] <= 'Z'))
            i++;
        gait_text_field word = {s + start, i - start, start + 1, 0, 0};
        if (gait_text_field_equals(&word, "frequency") || gait_text_field_equals(&word, "rate"))
            return 1;
    }
    return 0;
}

/* If the (non-blank, non-comment) line is a sampling-rate line "<key>: <number> Hz" (see the
 * header), store its rate in p->file_rate_hz and set *is_rate_line. A line whose key qualifies but
 * whose value is not a finite number > 0 followed by Hz is GAIT_E_FORMAT. */
static gait_status parse_rate_line(imu_parser *p, const gait_text_line *line, int *is_rate_line)
{
    *is_rate_line = 0;
    gait_text_line trimmed = gait_text_line_trim(line);
    const char *colon = memchr(trimmed.start, ':', trimmed.length);
    if (colon == NULL)
        return GAIT_OK;
    size_t key_length = (size_t)(colon - trimmed.start);
    for (size_t i = 0; i < key_length; i++)
        if (strchr("\t,;\"", trimmed.start[i]) != NULL)
            return GAIT_OK; /* a header row, not a key */
    if (!names_a_rate(trimmed.start, key_length))
        return GAIT_OK;
    *is_rate_line = 1;

    /* The value: trimmed, ending in "Hz", the number before it trimmed again. */
    gait_text_line value = {colon + 1, trimmed.length - key_length - 1, line->number};
    value = gait_text_line_trim(&value);
    size_t column = (size_t)(value.start - line->start) + 1;
    gait_text_field whole = {value.start, value.length, column, 0, 0};
    char preview[GAIT_TEXT_PREVIEW_CAPACITY];
    gait_text_field_preview(&whole, preview, sizeof preview);
    gait_text_field unit = {value.start + value.length - (value.length >= 2 ? 2 : 0),
                            value.length >= 2 ? 2 : 0, 0, 0, 0};
    if (value.length < 2 || !gait_text_field_equals(&unit, "hz"))
        return gait_text_fail(GAIT_E_FORMAT, p->name, line->number, column,
                              "sampling-rate line: '%s' is not '<number> Hz'", preview);
    gait_text_line number_text = {value.start, value.length - 2, line->number};
    number_text = gait_text_line_trim(&number_text);
    gait_text_field number = {number_text.start, number_text.length,
                              (size_t)(number_text.start - line->start) + 1, 0, 0};
    if (number.length == 0)
        return gait_text_fail(GAIT_E_FORMAT, p->name, line->number, column,
                              "sampling-rate line: '%s' is not '<number> Hz'", preview);
    double rate;
    gait_status status =
        gait_text_parse_double(&number, p->name, line->number, "sampling-rate line", &rate);
    if (status != GAIT_OK)
        return status;
    if (!gait_is_positive_finite(rate))
        return gait_text_fail(GAIT_E_FORMAT, p->name, line->number, number.column,
                              "sampling-rate line: %g Hz must be finite and > 0", rate);
    const double given = p->settings.rate_hz;
    if (given > 0.0 && fabs(given - rate) > 1e-6 * rate)
        return gait_text_fail(GAIT_E_INVALID_ARG, p->name, line->number, number.column,
                              "settings.rate_hz %.15g Hz conflicts with the file's sampling rate "
                              "%.15g Hz; give 0 (use the file's) or the file's rate",
                              given, rate);
    p->file_rate_hz = rate;
    return GAIT_OK;
}

/* ---- header ---- */

/* Read the optional sampling-rate line and the header row(s), leaving p->lines at the first data
 * line. */
static gait_status parse_header(imu_parser *p)
{
    gait_text_line line;
    int has_line, may_be_rate_line = 1;
    for (;;) {
        has_line = gait_text_next_line(&p->lines, &line);
        if (!has_line)
            return gait_text_fail(GAIT_E_NO_DATA, p->name, 0, 0, "no header row");
        gait_text_line trimmed = gait_text_line_trim(&line);
        if (trimmed.length == 0 || trimmed.start[0] == '#')
            continue;
        if (!may_be_rate_line)
            break;
        may_be_rate_line = 0;
        int is_rate_line;
        gait_status status = parse_rate_line(p, &line, &is_rate_line);
        if (status != GAIT_OK)
            return status;
        if (!is_rate_line)
            break;
    }
    p->header_line = line.number;
    p->separator = gait_text_guess_separator(&line);
    char **row1 = NULL, **row2 = NULL;
    size_t n1 = 0, n2 = 0;
    gait_status status = read_cells(p, &line, &row1, &n1);
    if (status != GAIT_OK)
        return status;
    int header_rows = 1;
    if (count_axis_names(row1, n1, 0) == 0) {
        gait_text_lines peek = p->lines;
        gait_text_line second;
        if (gait_text_next_line(&peek, &second) &&
            gait_text_guess_separator(&second) == p->separator) {
            status = read_cells(p, &second, &row2, &n2);
            if (status != GAIT_OK) {
                free_cells(row1, n1);
                return status;
            }
            if (count_axis_names(row2, n2, 1) > 0) {
                header_rows = 2;
                p->lines = peek;
            }
        }
        if (header_rows == 1) {
            free_cells(row1, n1);
            free_cells(row2, n2);
            return gait_text_fail(GAIT_E_NO_DATA, p->name, line.number, 0,
                                  "no acc/gyr column in the header (expected e.g. acc_x or "
                                  "left_gyr_z, or a sensor row above an axis row)");
        }
    }
    p->imu->info.header_rows = header_rows;
    p->n_header_columns = header_rows == 2 && n2 > n1 ? n2 : n1;
    p->map = calloc(p->n_header_columns, sizeof *p->map);
    axis_entry *entries = calloc(p->n_header_columns, sizeof *entries);
    size_t n_entries = 0;
    if (p->map == NULL || entries == NULL) {
        free(entries);
        free_cells(row1, n1);
        free_cells(row2, n2);
        return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot map %zu columns", p->n_header_columns);
    }
    for (size_t c = 0; c < p->n_header_columns && status == GAIT_OK; c++) {
        const char *top = c < n1 ? row1[c] : "";
        const char *axis_name = header_rows == 2 ? (c < n2 ? row2[c] : "") : top;
        int quantity, axis;
        size_t prefix;
        double scale;
        if (p->time_column == SIZE_MAX && (parse_time_name(axis_name, &scale) ||
                                           (header_rows == 2 && parse_time_name(top, &scale)))) {
            p->time_column = c;
            p->time_scale = scale;
            p->map[c].role = ROLE_TIME;
            continue;
        }
        if (!parse_axis_name(axis_name, &quantity, &axis, &prefix))
            continue;
        if (header_rows == 2 && prefix != 0)
            continue;
        const char *sensor = header_rows == 2 ? top : axis_name;
        size_t length = header_rows == 2 ? strlen(top) : prefix;
        if (length >= GAIT_IMU_CSV_NAME_CAPACITY)
            continue;
        char *name = malloc(length + 1);
        if (name == NULL) {
            status = gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot copy a sensor name");
            break;
        }
        memcpy(name, sensor, length);
        name[length] = '\0';
        entries[n_entries++] = (axis_entry){name, c, quantity, axis};
    }
    free_cells(row1, n1);
    free_cells(row2, n2);
    if (status == GAIT_OK && n_entries == 0)
        status = gait_text_fail(GAIT_E_NO_DATA, p->name, line.number, 0,
                                "no usable acc/gyr column in the header");
    if (status == GAIT_OK)
        status = build_sensors(p, entries, n_entries);
    for (size_t i = 0; i < n_entries; i++)
        free(entries[i].name);
    free(entries);
    return status;
}

/* ---- data ---- */

static gait_status allocate(imu_parser *p, size_t n_rows)
{
    gait_imu_csv *imu = p->imu;
    size_t used = p->time_column != SIZE_MAX;
    for (size_t i = 0; i < imu->info.n_sensors; i++)
        used += 3 * (size_t)(imu->sensors[i].has[0] + imu->sensors[i].has[1]);
    if (!gait_text_cells_fit(n_rows, used, p->size))
        return gait_text_fail(GAIT_E_FORMAT, p->name, 0, 0,
                              "%zu rows x %zu columns are more cells than the input has bytes "
                              "(rows much shorter than the header?)",
                              n_rows, used);
    size_t n = n_rows > 0 ? n_rows : 1;
    imu->time_s = malloc(n * sizeof *imu->time_s);
    if (imu->time_s == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot allocate %zu times", n_rows);
    for (size_t i = 0; i < imu->info.n_sensors; i++) {
        for (int q = 0; q < 2; q++) {
            if (!imu->sensors[i].has[q])
                continue;
            double *values = malloc(3 * n * sizeof *values);
            if (values == NULL)
                return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot allocate %zu samples", n_rows);
            for (size_t k = 0; k < 3 * n; k++)
                values[k] = NAN;
            imu->sensors[i].values[q] = values;
        }
    }
    return GAIT_OK;
}

static gait_status parse_data(imu_parser *p)
{
    gait_imu_csv *imu = p->imu;
    size_t n_rows = gait_text_count_nonblank_lines(&p->lines);
    gait_status status = allocate(p, n_rows);
    if (status != GAIT_OK)
        return status;

    const double scale[2] = {
        p->settings.acc_unit == GAIT_IMU_ACC_G ? GAIT_STANDARD_GRAVITY_MPS2 : 1.0,
        p->settings.gyr_unit == GAIT_IMU_GYR_DEG_S ? M_PI / 180.0 : 1.0,
    };
    size_t row = 0;
    gait_text_line line;
    while (gait_text_next_nonblank_line(&p->lines, &line)) {
        gait_text_fields fields;
        gait_text_field field;
        gait_text_fields_init(&fields, &line, p->separator);
        int has_time = 0, r;
        while ((r = gait_text_next_field(&fields, &field)) != 0) {
            if (r < 0)
                return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                      "unterminated quote");
            if (field.index >= p->n_header_columns) {
                if (field.length == 0)
                    continue;
                return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                      "value in column %zu, but the header has %zu columns",
                                      field.index + 1, p->n_header_columns);
            }
            const column_map *map = &p->map[field.index];
            if (map->role == ROLE_IGNORED)
                continue;
            double value;
            status = gait_text_parse_double(&field, p->name, line.number, "value", &value);
            if (status != GAIT_OK) { /* say again, naming the column */
                char what[GAIT_IMU_CSV_NAME_CAPACITY + 32];
                if (map->role == ROLE_TIME)
                    snprintf(what, sizeof what, "time");
                else
                    snprintf(what, sizeof what, "sensor '%s' %s_%c", imu->sensors[map->sensor].name,
                             quantity_names[map->quantity], 'x' + map->axis);
                return gait_text_parse_double(&field, p->name, line.number, what, &value);
            }
            if (map->role == ROLE_TIME) {
                if (!isfinite(value))
                    return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                          "time is empty or not finite");
                imu->time_s[row] = value * p->time_scale;
                has_time = 1;
            } else {
                imu->sensors[map->sensor].values[map->quantity][3 * row + (size_t)map->axis] =
                    value * scale[map->quantity];
            }
        }
        if (p->time_column != SIZE_MAX && !has_time)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, line.length + 1,
                                  "row ends before its time (column %zu)", p->time_column + 1);
        row++;
    }
    imu->info.n_samples = row;
    return GAIT_OK;
}

static gait_status finish_times(imu_parser *p)
{
    gait_imu_csv_info *info = &p->imu->info;
    double *t = p->imu->time_s;
    const size_t n = info->n_samples;
    /* Declared (settings, then the file's rate line, which agrees with them) beats derived. */
    const double declared = p->settings.rate_hz > 0.0 ? p->settings.rate_hz : p->file_rate_hz;
    info->has_time = p->time_column != SIZE_MAX;
    if (!info->has_time) {
        if (!(declared > 0.0))
            return gait_text_fail(GAIT_E_INVALID_ARG, p->name, p->header_line, 0,
                                  "no time column: set settings.rate_hz (the file has no "
                                  "sampling-rate line either)");
        info->rate_hz = declared;
        for (size_t k = 0; k < n; k++)
            t[k] = (double)k / info->rate_hz;
        info->start_time_s = n > 0 ? 0.0 : NAN;
        return GAIT_OK;
    }
    info->start_time_s = n > 0 ? t[0] : NAN;
    if (declared > 0.0) {
        info->rate_hz = declared;
    } else if (n >= 2) {
        double span = t[n - 1] - t[0];
        if (!(span > 0.0))
            return gait_text_fail(GAIT_E_FORMAT, p->name, 0, 0,
                                  "time does not increase from the first sample (%g s) to the "
                                  "last (%g s); cannot derive rate_hz",
                                  t[0], t[n - 1]);
        info->rate_hz = (double)(n - 1) / span;
    } else {
        info->rate_hz = NAN;
    }
    return GAIT_OK;
}

static gait_status parse(void *context)
{
    imu_parser *p = context;
    gait_status status = parse_header(p);
    if (status == GAIT_OK)
        status = parse_data(p);
    if (status == GAIT_OK)
        status = finish_times(p);
    return status;
}

/* Where gait_imu_csv_open and _open_memory want the handle, and with which settings. */
typedef struct imu_open_request {
    const gait_imu_csv_settings *settings;
    gait_imu_csv **imu;
} imu_open_request;

static gait_status open_buffer(const char *data, size_t size, const char *name, void *context)
{
    const gait_imu_csv_settings *settings = ((const imu_open_request *)context)->settings;
    gait_imu_csv **imu = ((const imu_open_request *)context)->imu;
    gait_imu_csv_settings chosen = settings != NULL ? *settings : gait_imu_csv_settings_default();
    if (chosen.acc_unit != GAIT_IMU_ACC_MPS2 && chosen.acc_unit != GAIT_IMU_ACC_G)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv: unknown acc_unit %d",
                         (int)chosen.acc_unit);
    if (chosen.gyr_unit != GAIT_IMU_GYR_DEG_S && chosen.gyr_unit != GAIT_IMU_GYR_RAD_S)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv: unknown gyr_unit %d",
                         (int)chosen.gyr_unit);
    if (!(chosen.rate_hz == 0.0 || gait_is_positive_finite(chosen.rate_hz)))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_imu_csv: rate_hz %g must be 0 (from the time column) or finite "
                         "and > 0",
                         chosen.rate_hz);
    if (size == 0)
        return gait_text_fail(GAIT_E_NO_DATA, name, 0, 0, "empty input");
    gait_imu_csv *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_imu_csv: cannot allocate a handle");
    handle->info.rate_hz = NAN;
    handle->info.start_time_s = NAN;

    imu_parser parser = {.name = name, .size = size, .settings = chosen, .imu = handle};
    parser.time_column = SIZE_MAX;
    parser.time_scale = 1.0;
    gait_text_lines_init(&parser.lines, data, size);
    gait_status status = gait_text_parse_in_c_locale("gait_imu_csv", parse, &parser);
    free(parser.map);
    if (status != GAIT_OK) {
        gait_imu_csv_close(handle);
        return status;
    }
    *imu = handle;
    return GAIT_OK;
}

gait_status gait_imu_csv_open(const char *path, const gait_imu_csv_settings *settings,
                              gait_imu_csv **imu)
{
    if (imu != NULL)
        *imu = NULL;
    if (path == NULL || imu == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_open: NULL argument");
    imu_open_request request = {.settings = settings, .imu = imu};
    return gait_text_open_path(path, "gait_imu_csv_open", open_buffer, &request);
}

gait_status gait_imu_csv_open_memory(const void *bytes, size_t size, const char *name,
                                     const gait_imu_csv_settings *settings, gait_imu_csv **imu)
{
    if (imu != NULL)
        *imu = NULL;
    if (imu == NULL || (bytes == NULL && size > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_open_memory: NULL argument");
    imu_open_request request = {.settings = settings, .imu = imu};
    return open_buffer(bytes, size, gait_text_source_name(name), &request);
}

/* ---- access ---- */

gait_status gait_imu_csv_get_info(const gait_imu_csv *imu, gait_imu_csv_info *info)
{
    if (imu == NULL || info == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_get_info: NULL argument");
    *info = imu->info;
    return GAIT_OK;
}

const char *gait_imu_csv_sensor_name(const gait_imu_csv *imu, size_t i)
{
    if (imu == NULL || i >= imu->info.n_sensors)
        return NULL;
    return imu->sensors[i].name;
}

gait_status gait_imu_csv_find_sensor(const gait_imu_csv *imu, const char *name, size_t *index)
{
    if (imu == NULL || name == NULL || index == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_find_sensor: NULL argument");
    for (size_t i = 0; i < imu->info.n_sensors; i++) {
        if (strcmp(imu->sensors[i].name, name) == 0) {
            *index = i;
            return GAIT_OK;
        }
    }
    return gait_fail(GAIT_E_NO_DATA, "gait_imu_csv_find_sensor: no sensor named '%s'", name);
}

gait_status gait_imu_csv_sensor_channels(const gait_imu_csv *imu, size_t i, int *has_acc,
                                         int *has_gyr)
{
    if (imu == NULL || has_acc == NULL || has_gyr == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_sensor_channels: NULL argument");
    if (i >= imu->info.n_sensors)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_imu_csv_sensor_channels: sensor %zu out of range (%zu)", i,
                         imu->info.n_sensors);
    *has_acc = imu->sensors[i].has[QUANTITY_ACC];
    *has_gyr = imu->sensors[i].has[QUANTITY_GYR];
    return GAIT_OK;
}

static gait_status get_quantity(const gait_imu_csv *imu, size_t i, int quantity, double *out,
                                const char *function)
{
    if (imu == NULL || out == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    if (i >= imu->info.n_sensors)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: sensor %zu out of range (%zu)", function, i,
                         imu->info.n_sensors);
    const imu_sensor *sensor = &imu->sensors[i];
    if (!sensor->has[quantity])
        return gait_fail(GAIT_E_NO_DATA, "%s: sensor '%s' has no %s columns", function,
                         sensor->name, quantity_names[quantity]);
    if (imu->info.n_samples > 0)
        memcpy(out, sensor->values[quantity], 3 * imu->info.n_samples * sizeof *out);
    return GAIT_OK;
}

gait_status gait_imu_csv_get_acc(const gait_imu_csv *imu, size_t i, double *acc_mps2)
{
    return get_quantity(imu, i, QUANTITY_ACC, acc_mps2, "gait_imu_csv_get_acc");
}

gait_status gait_imu_csv_get_gyr(const gait_imu_csv *imu, size_t i, double *gyr_rad_s)
{
    return get_quantity(imu, i, QUANTITY_GYR, gyr_rad_s, "gait_imu_csv_get_gyr");
}

gait_status gait_imu_csv_get_times(const gait_imu_csv *imu, double *time_s)
{
    if (imu == NULL || time_s == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_imu_csv_get_times: NULL argument");
    if (imu->info.n_samples > 0)
        memcpy(time_s, imu->time_s, imu->info.n_samples * sizeof *time_s);
    return GAIT_OK;
}
