/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TRC marker files: see include/gait/trc.h for the layout and the rules. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/trc.h"
#include "io/text.h"

struct gait_trc {
    gait_trc_info info;
    char **labels;  /* n_markers names */
    double *xyz_m;  /* n_frames x n_markers x 3, frame-major, metres */
    double *time_s; /* n_frames */
    long *frame;    /* n_frames */
    gait_warnings warnings;
};

/* Header keys of line 2, in the order of the standard layout. */
enum trc_key {
    KEY_DATA_RATE,
    KEY_CAMERA_RATE,
    KEY_NUM_FRAMES,
    KEY_NUM_MARKERS,
    KEY_UNITS,
    KEY_ORIG_DATA_RATE,
    KEY_ORIG_DATA_START_FRAME,
    KEY_ORIG_NUM_FRAMES,
    KEY_COUNT
};

static const char *const trc_key_names[KEY_COUNT] = {
    "DataRate", "CameraRate",   "NumFrames",          "NumMarkers",
    "Units",    "OrigDataRate", "OrigDataStartFrame", "OrigNumFrames",
};

/* Everything a parse needs to name the place of a failure. */
typedef struct trc_parser {
    const char *name;
    size_t size;
    gait_text_lines lines;
    gait_trc *trc;
} trc_parser;

void gait_trc_close(gait_trc *trc)
{
    if (trc == NULL)
        return;
    if (trc->labels != NULL)
        for (size_t i = 0; i < trc->info.n_markers; i++)
            free(trc->labels[i]);
    free(trc->labels);
    free(trc->xyz_m);
    free(trc->time_s);
    free(trc->frame);
    free(trc);
}

/* The next line, or a located "truncated" failure naming what was expected. */
static gait_status need_line(trc_parser *p, gait_text_line *line, const char *expected)
{
    if (gait_text_next_line(&p->lines, line))
        return GAIT_OK;
    return gait_text_fail(GAIT_E_FORMAT, p->name, p->lines.number + 1, 0,
                          "file ends before %s (truncated TRC header)", expected);
}

/* Line 1: PathFileType 4 ... */
static gait_status parse_path_file_type(trc_parser *p)
{
    gait_text_line line;
    gait_status status = need_line(p, &line, "the PathFileType line");
    if (status != GAIT_OK)
        return status;
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, &line, GAIT_TEXT_TAB);
    if (gait_text_next_field(&fields, &field) != 1 ||
        !gait_text_field_equals(&field, "PathFileType"))
        return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, 1,
                              "not a TRC file: line 1 does not start with PathFileType");
    if (gait_text_next_field(&fields, &field) != 1)
        return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, line.length + 1,
                              "PathFileType has no value");
    long type;
    status = gait_text_parse_integer(&field, p->name, line.number, "PathFileType", 0, 1000, &type);
    if (status != GAIT_OK)
        return status;
    if (type != 4)
        return gait_text_fail(GAIT_E_UNSUPPORTED, p->name, line.number, field.column,
                              "PathFileType %ld is not supported (only 4, X/Y/Z)", type);
    return GAIT_OK;
}

static gait_status parse_units(trc_parser *p, const gait_text_field *field, size_t line_number)
{
    gait_trc_info *info = &p->trc->info;
    static const struct {
        const char *name;
        double metres;
    } units[] = {{"mm", 0.001}, {"cm", 0.01}, {"m", 1.0}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (gait_text_field_equals(field, units[i].name)) {
            memcpy(info->units, field->start, field->length);
            info->units[field->length] = '\0';
            info->units_m = units[i].metres;
            return GAIT_OK;
        }
    }
    char preview[GAIT_TEXT_PREVIEW_CAPACITY];
    gait_text_field_preview(field, preview, sizeof preview);
    if (field->length == 0)
        return gait_text_fail(GAIT_E_FORMAT, p->name, line_number, field->column, "Units is empty");
    return gait_text_fail(GAIT_E_UNSUPPORTED, p->name, line_number, field->column,
                          "Units '%s' is not supported (mm, cm or m)", preview);
}

/* One value of line 3 for key `key`. */
static gait_status parse_header_value(trc_parser *p, enum trc_key key, const gait_text_field *field,
                                      size_t line_number)
{
    gait_trc_info *info = &p->trc->info;
    const char *what = trc_key_names[key];
    double value;
    gait_status status;
    switch (key) {
    case KEY_DATA_RATE:
        status = gait_text_parse_double(field, p->name, line_number, what, &value);
        if (status != GAIT_OK)
            return status;
        if (!gait_is_positive_finite(value))
            return gait_text_fail(GAIT_E_FORMAT, p->name, line_number, field->column,
                                  "DataRate must be a finite number > 0");
        info->rate_hz = value;
        return GAIT_OK;
    case KEY_CAMERA_RATE:
        return gait_text_parse_double(field, p->name, line_number, what, &info->camera_rate_hz);
    case KEY_ORIG_DATA_RATE:
        return gait_text_parse_double(field, p->name, line_number, what, &info->orig_data_rate_hz);
    case KEY_NUM_FRAMES:
        return gait_text_parse_integer(field, p->name, line_number, what, 0, LONG_MAX,
                                       &info->header_n_frames);
    case KEY_NUM_MARKERS:
        return gait_text_parse_integer(field, p->name, line_number, what, 0, LONG_MAX,
                                       &info->header_n_markers);
    case KEY_ORIG_DATA_START_FRAME:
        if (field->length == 0)
            return GAIT_OK;
        return gait_text_parse_integer(field, p->name, line_number, what, LONG_MIN, LONG_MAX,
                                       &info->orig_data_start_frame);
    case KEY_ORIG_NUM_FRAMES:
        if (field->length == 0)
            return GAIT_OK;
        return gait_text_parse_integer(field, p->name, line_number, what, 0, LONG_MAX,
                                       &info->orig_n_frames);
    case KEY_UNITS:
        return parse_units(p, field, line_number);
    case KEY_COUNT:
        break;
    }
    return gait_fail(GAIT_E_INTERNAL, "gait_trc: unknown header key %d", (int)key);
}

/* Lines 2 and 3: header keys and their values, matched column for column. */
static gait_status parse_header(trc_parser *p)
{
    gait_text_line keys, values;
    gait_status status = need_line(p, &keys, "the header keys (line 2)");
    if (status == GAIT_OK)
        status = need_line(p, &values, "the header values (line 3)");
    if (status != GAIT_OK)
        return status;

    size_t key_field[KEY_COUNT];
    for (int k = 0; k < KEY_COUNT; k++)
        key_field[k] = SIZE_MAX;
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, &keys, GAIT_TEXT_TAB);
    int r;
    while ((r = gait_text_next_field(&fields, &field)) != 0) {
        if (r < 0)
            return gait_text_fail(GAIT_E_FORMAT, p->name, keys.number, field.column,
                                  "unterminated quote in the header keys");
        for (int k = 0; k < KEY_COUNT; k++) {
            if (gait_text_field_equals(&field, trc_key_names[k])) {
                if (key_field[k] != SIZE_MAX)
                    return gait_text_fail(GAIT_E_FORMAT, p->name, keys.number, field.column,
                                          "header key %s appears twice", trc_key_names[k]);
                key_field[k] = field.index;
            }
        }
    }
    static const enum trc_key required[] = {KEY_DATA_RATE, KEY_NUM_MARKERS, KEY_UNITS};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (key_field[required[i]] == SIZE_MAX)
            return gait_text_fail(GAIT_E_FORMAT, p->name, keys.number, 0, "header keys lack %s",
                                  trc_key_names[required[i]]);

    int seen[KEY_COUNT] = {0};
    gait_text_fields_init(&fields, &values, GAIT_TEXT_TAB);
    while ((r = gait_text_next_field(&fields, &field)) != 0) {
        if (r < 0)
            return gait_text_fail(GAIT_E_FORMAT, p->name, values.number, field.column,
                                  "unterminated quote in the header values");
        for (int k = 0; k < KEY_COUNT; k++) {
            if (key_field[k] != field.index)
                continue;
            seen[k] = 1;
            status = parse_header_value(p, (enum trc_key)k, &field, values.number);
            if (status != GAIT_OK)
                return status;
        }
    }
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!seen[required[i]])
            return gait_text_fail(GAIT_E_FORMAT, p->name, values.number, values.length + 1,
                                  "header value %s (column %zu) is missing",
                                  trc_key_names[required[i]], key_field[required[i]] + 1);
    return GAIT_OK;
}

/* Line 4: Frame# Time and the marker names, one every three columns. */
static gait_status parse_marker_names(trc_parser *p)
{
    gait_trc *trc = p->trc;
    gait_text_line line;
    gait_status status = need_line(p, &line, "the marker names (line 4)");
    if (status != GAIT_OK)
        return status;
    gait_text_fields fields;
    gait_text_field field;

    /* Pass 1: check the layout and count the marker slots. */
    size_t n_markers = 0, n_named = 0;
    gait_text_fields_init(&fields, &line, GAIT_TEXT_TAB);
    int r;
    while ((r = gait_text_next_field(&fields, &field)) != 0) {
        if (r < 0)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                  "unterminated quote in the marker names");
        if (field.index == 0 && !gait_text_field_equals(&field, "Frame#"))
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                  "line 4 must start with Frame#");
        if (field.index == 1 && !gait_text_field_equals(&field, "Time"))
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                  "the second column of line 4 must be Time");
        if (field.index < 2 || field.length == 0)
            continue;
        if ((field.index - 2) % 3 != 0) {
            char preview[GAIT_TEXT_PREVIEW_CAPACITY];
            gait_text_field_preview(&field, preview, sizeof preview);
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                  "marker name '%s' is not in a marker's X column (column %zu "
                                  "is a Y or Z column)",
                                  preview, field.index + 1);
        }
        n_markers = (field.index - 2) / 3 + 1;
        n_named++;
    }
    if (n_markers > 0) {
        trc->labels = calloc(n_markers, sizeof *trc->labels);
        if (trc->labels == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_trc: cannot allocate %zu marker names", n_markers);
    }
    trc->info.n_markers = n_markers;

    /* Pass 2: copy the names; unnamed slots get "". */
    gait_text_fields_init(&fields, &line, GAIT_TEXT_TAB);
    while (gait_text_next_field(&fields, &field) == 1) {
        if (field.index < 2 || (field.index - 2) % 3 != 0)
            continue;
        size_t k = (field.index - 2) / 3;
        if (k >= n_markers)
            break;
        trc->labels[k] = gait_text_field_dup(&field);
        if (trc->labels[k] == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_trc: cannot copy marker name %zu", k);
    }
    for (size_t k = 0; k < n_markers; k++) {
        if (trc->labels[k] == NULL) { /* line ended before this slot: cannot happen, but be safe */
            trc->labels[k] = calloc(1, 1);
            if (trc->labels[k] == NULL)
                return gait_fail(GAIT_E_NOMEM, "gait_trc: cannot copy marker name %zu", k);
        }
    }
    if (n_named < n_markers)
        gait_warn(&trc->warnings, "line 4 leaves %zu of %zu marker slots without a name",
                  n_markers - n_named, n_markers);
    if (trc->info.header_n_markers != (long)n_markers)
        gait_warn(&trc->warnings,
                  "header NumMarkers is %ld but line 4 names %zu markers; reading %zu",
                  trc->info.header_n_markers, n_markers, n_markers);
    return GAIT_OK;
}

/* Line 5: "" "" X1 Y1 Z1 ... (only its X column of the first marker is checked). */
static gait_status parse_coordinate_row(trc_parser *p, int *has_line)
{
    gait_text_line line;
    *has_line = gait_text_next_line(&p->lines, &line);
    if (!*has_line || p->trc->info.n_markers == 0)
        return GAIT_OK;
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, &line, GAIT_TEXT_TAB);
    while (gait_text_next_field(&fields, &field) == 1) {
        if (field.index < 2)
            continue;
        if (field.length > 0 && (field.start[0] == 'X' || field.start[0] == 'x'))
            return GAIT_OK;
        break;
    }
    return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, 0,
                          "line 5 must be the coordinate row (X1 Y1 Z1 ...)");
}

static gait_status parse_data(trc_parser *p)
{
    gait_trc *trc = p->trc;
    gait_trc_info *info = &trc->info;
    const size_t n_markers = info->n_markers;

    /* Pass 1: count the rows so that everything is allocated once. */
    size_t n_rows = gait_text_count_nonblank_lines(&p->lines);
    if (!gait_text_cells_fit(n_rows, n_markers * 3, p->size))
        return gait_text_fail(GAIT_E_FORMAT, p->name, 0, 0,
                              "%zu rows x %zu markers are more cells than the input has bytes "
                              "(rows shorter than the names row?)",
                              n_rows, n_markers);
    size_t n_values = n_rows * n_markers * 3;
    trc->xyz_m = malloc((n_values > 0 ? n_values : 1) * sizeof *trc->xyz_m);
    trc->time_s = malloc((n_rows > 0 ? n_rows : 1) * sizeof *trc->time_s);
    trc->frame = malloc((n_rows > 0 ? n_rows : 1) * sizeof *trc->frame);
    if (trc->xyz_m == NULL || trc->time_s == NULL || trc->frame == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_trc: cannot allocate %zu frames x %zu markers", n_rows,
                         n_markers);
    for (size_t i = 0; i < n_values; i++)
        trc->xyz_m[i] = NAN;

    /* Pass 2: parse. */
    size_t row = 0, unnamed_cells = 0, unnamed_rows = 0, first_unnamed_line = 0;
    gait_text_line line;
    while (gait_text_next_nonblank_line(&p->lines, &line)) {
        gait_text_fields fields;
        gait_text_field field;
        gait_text_fields_init(&fields, &line, GAIT_TEXT_TAB);
        double *xyz = trc->xyz_m + row * n_markers * 3;
        size_t unnamed_here = 0;
        int r;
        while ((r = gait_text_next_field(&fields, &field)) != 0) {
            if (r < 0)
                return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                      "unterminated quote");
            gait_status status;
            if (field.index == 0) {
                status = gait_text_parse_integer(&field, p->name, line.number, "Frame#", LONG_MIN,
                                                 LONG_MAX, &trc->frame[row]);
            } else if (field.index == 1) {
                status =
                    gait_text_parse_double(&field, p->name, line.number, "Time", &trc->time_s[row]);
                if (status == GAIT_OK && !isfinite(trc->time_s[row]))
                    return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                          "Time is empty or not finite");
            } else {
                size_t cell = field.index - 2, marker = cell / 3, axis = cell % 3;
                double value;
                status = gait_text_parse_double(&field, p->name, line.number, "cell", &value);
                if (status != GAIT_OK) { /* say again, naming the marker */
                    char what[160];
                    if (marker < n_markers)
                        snprintf(what, sizeof what, "marker '%s' %c", trc->labels[marker],
                                 "XYZ"[axis]);
                    else
                        snprintf(what, sizeof what, "unnamed marker %zu %c", marker + 1,
                                 "XYZ"[axis]);
                    return gait_text_parse_double(&field, p->name, line.number, what, &value);
                }
                if (status == GAIT_OK && marker < n_markers)
                    xyz[cell] = value * info->units_m;
                else if (status == GAIT_OK && field.length > 0)
                    unnamed_here++;
            }
            if (status != GAIT_OK)
                return status;
        }
        if (fields.index < 2)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, line.length + 1,
                                  "data row has no Time");
        for (size_t m = 0; m < n_markers; m++)
            if (isnan(xyz[3 * m]) || isnan(xyz[3 * m + 1]) || isnan(xyz[3 * m + 2]))
                xyz[3 * m] = xyz[3 * m + 1] = xyz[3 * m + 2] = NAN;
        if (unnamed_here > 0) {
            if (unnamed_rows == 0)
                first_unnamed_line = line.number;
            unnamed_rows++;
            unnamed_cells += unnamed_here;
        }
        row++;
    }
    info->n_frames = row;
    if (row > 0) {
        info->first_frame = trc->frame[0];
        info->start_time_s = trc->time_s[0];
    }
    if (unnamed_rows > 0)
        gait_warn(&trc->warnings,
                  "%zu rows (the first on line %zu) hold %zu values after the last named "
                  "marker (unnamed markers); ignored",
                  unnamed_rows, first_unnamed_line, unnamed_cells);
    if (info->header_n_frames >= 0 && (size_t)info->header_n_frames != row)
        gait_warn(&trc->warnings, "header NumFrames is %ld but the file holds %zu rows",
                  info->header_n_frames, row);
    return GAIT_OK;
}

static gait_status parse(void *context)
{
    trc_parser *p = context;
    gait_status status = parse_path_file_type(p);
    if (status == GAIT_OK)
        status = parse_header(p);
    if (status == GAIT_OK)
        status = parse_marker_names(p);
    int has_coordinate_row = 0;
    if (status == GAIT_OK)
        status = parse_coordinate_row(p, &has_coordinate_row);
    if (status != GAIT_OK)
        return status;
    if (!has_coordinate_row) {
        if (p->trc->info.n_markers > 0)
            return gait_text_fail(GAIT_E_FORMAT, p->name, p->lines.number + 1, 0,
                                  "file ends before the coordinate row (line 5)");
        gait_warn(&p->trc->warnings, "no coordinate row and no data rows");
    }
    return parse_data(p);
}

static gait_status open_buffer(const char *data, size_t size, const char *name, void *context)
{
    gait_trc **trc = context;
    if (size == 0)
        return gait_text_fail(GAIT_E_NO_DATA, name, 0, 0, "empty input");
    gait_trc *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_trc: cannot allocate a handle");
    handle->info.camera_rate_hz = NAN;
    handle->info.start_time_s = NAN;
    handle->info.header_n_frames = -1;
    handle->info.orig_data_rate_hz = NAN;
    handle->info.orig_data_start_frame = -1;
    handle->info.orig_n_frames = -1;

    trc_parser parser = {.name = name, .size = size, .trc = handle};
    gait_text_lines_init(&parser.lines, data, size);
    gait_status status = gait_text_parse_in_c_locale("gait_trc", parse, &parser);
    if (status != GAIT_OK) {
        gait_trc_close(handle);
        return status;
    }
    handle->info.n_warnings = handle->warnings.count;
    *trc = handle;
    return GAIT_OK;
}

gait_status gait_trc_open(const char *path, gait_trc **trc)
{
    if (trc != NULL)
        *trc = NULL;
    if (path == NULL || trc == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_open: NULL argument");
    return gait_text_open_path(path, "gait_trc_open", open_buffer, trc);
}

gait_status gait_trc_open_memory(const void *bytes, size_t size, const char *name, gait_trc **trc)
{
    if (trc != NULL)
        *trc = NULL;
    if (trc == NULL || (bytes == NULL && size > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_open_memory: NULL argument");
    return open_buffer(bytes, size, gait_text_source_name(name), trc);
}

gait_status gait_trc_get_info(const gait_trc *trc, gait_trc_info *info)
{
    if (trc == NULL || info == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_get_info: NULL argument");
    *info = trc->info;
    return GAIT_OK;
}

const char *gait_trc_warning(const gait_trc *trc, size_t i)
{
    return trc != NULL ? gait_warning(&trc->warnings, i) : NULL;
}

const char *gait_trc_marker_label(const gait_trc *trc, size_t i)
{
    if (trc == NULL || i >= trc->info.n_markers)
        return NULL;
    return trc->labels[i];
}

gait_status gait_trc_find_marker(const gait_trc *trc, const char *label, size_t *index)
{
    if (trc == NULL || label == NULL || index == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_find_marker: NULL argument");
    for (size_t i = 0; i < trc->info.n_markers; i++) {
        if (strcmp(trc->labels[i], label) == 0) {
            *index = i;
            return GAIT_OK;
        }
    }
    return gait_fail(GAIT_E_NO_DATA, "gait_trc_find_marker: no marker named '%s'", label);
}

gait_status gait_trc_get_marker(const gait_trc *trc, size_t i, double *xyz_m)
{
    if (trc == NULL || xyz_m == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_get_marker: NULL argument");
    if (i >= trc->info.n_markers)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_get_marker: marker %zu out of range (%zu)",
                         i, trc->info.n_markers);
    const size_t stride = trc->info.n_markers * 3;
    for (size_t k = 0; k < trc->info.n_frames; k++)
        memcpy(xyz_m + 3 * k, trc->xyz_m + k * stride + 3 * i, 3 * sizeof *xyz_m);
    return GAIT_OK;
}

gait_status gait_trc_get_times(const gait_trc *trc, double *time_s)
{
    if (trc == NULL || time_s == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_get_times: NULL argument");
    if (trc->info.n_frames > 0)
        memcpy(time_s, trc->time_s, trc->info.n_frames * sizeof *time_s);
    return GAIT_OK;
}

gait_status gait_trc_get_frame_numbers(const gait_trc *trc, long *frame)
{
    if (trc == NULL || frame == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_trc_get_frame_numbers: NULL argument");
    if (trc->info.n_frames > 0)
        memcpy(frame, trc->frame, trc->info.n_frames * sizeof *frame);
    return GAIT_OK;
}
