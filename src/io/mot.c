/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OpenSim .mot / .sto tables: see include/gait/mot.h for the headers understood and the rules. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/mot.h"
#include "io/text.h"

struct gait_mot {
    gait_mot_info info;
    char **labels;     /* n_columns */
    size_t *sorted;    /* column indices sorted by label (then index), for lookups */
    double *values;    /* n_rows x n_columns, row-major */
    gait_mot_grf *grf; /* n_grf */
    gait_warnings warnings;
};

typedef struct mot_parser {
    const char *name;
    size_t size;
    gait_text_lines lines;
    gait_mot *mot;
    int headerless; /* no "endheader": leading "#" comment lines are skipped */
} mot_parser;

void gait_mot_close(gait_mot *mot)
{
    if (mot == NULL)
        return;
    if (mot->labels != NULL)
        for (size_t i = 0; i < mot->info.n_columns; i++)
            free(mot->labels[i]);
    free(mot->labels);
    free(mot->sorted);
    free(mot->values);
    free(mot->grf);
    free(mot);
}

/* ---- header ---- */

static void copy_text(char *out, size_t capacity, const char *start, size_t length)
{
    size_t n = length < capacity - 1 ? length : capacity - 1;
    memcpy(out, start, n);
    out[n] = '\0';
}

/* A field over [start, start + length) of line, trimmed, for the number parsers. */
static gait_text_field slice_field(const gait_text_line *line, const char *start, size_t length)
{
    gait_text_line slice = {start, length, line->number};
    gait_text_line trimmed = gait_text_line_trim(&slice);
    gait_text_field field = {trimmed.start, trimmed.length,
                             (size_t)(trimmed.start - line->start) + 1, 0, 0};
    return field;
}

static gait_status parse_count(mot_parser *p, const gait_text_line *line,
                               const gait_text_field *value, const char *key, long *out)
{
    return gait_text_parse_integer(value, p->name, line->number, key, 0, LONG_MAX, out);
}

/* key=value: version, nRows, nColumns, inDegrees; other keys are ignored. */
static gait_status parse_key_value(mot_parser *p, const gait_text_line *line, const char *equals)
{
    gait_mot_info *info = &p->mot->info;
    gait_text_field key = slice_field(line, line->start, (size_t)(equals - line->start));
    gait_text_field value =
        slice_field(line, equals + 1, line->length - (size_t)(equals + 1 - line->start));
    if (gait_text_field_equals(&key, "version")) {
        long version;
        gait_status status =
            gait_text_parse_integer(&value, p->name, line->number, "version", 0, INT_MAX, &version);
        if (status == GAIT_OK)
            info->version = (int)version;
        return status;
    }
    if (gait_text_field_equals(&key, "nRows"))
        return parse_count(p, line, &value, "nRows", &info->header_n_rows);
    if (gait_text_field_equals(&key, "nColumns"))
        return parse_count(p, line, &value, "nColumns", &info->header_n_columns);
    if (gait_text_field_equals(&key, "inDegrees")) {
        if (gait_text_field_equals(&value, "yes")) {
            info->in_degrees = 1;
        } else if (gait_text_field_equals(&value, "no")) {
            info->in_degrees = 0;
        } else {
            char preview[GAIT_TEXT_PREVIEW_CAPACITY];
            gait_text_field_preview(&value, preview, sizeof preview);
            return gait_text_fail(GAIT_E_FORMAT, p->name, line->number, value.column,
                                  "inDegrees: '%s' is neither yes nor no", preview);
        }
    }
    return GAIT_OK;
}

/* One header line (before endheader). first: it is the first non-blank one, which names the
 * table unless it is a key=value or old-style keyword line. */
static gait_status parse_header_line(mot_parser *p, const gait_text_line *raw, int first)
{
    gait_mot_info *info = &p->mot->info;
    gait_text_line line = gait_text_line_trim(raw);
    if (line.length == 0)
        return GAIT_OK;
    const char *equals = memchr(line.start, '=', line.length);
    if (equals != NULL)
        return parse_key_value(p, &line, equals);

    /* Old style: "<keyword> <value...>" */
    gait_text_fields words;
    gait_text_field keyword, value;
    gait_text_fields_init(&words, &line, GAIT_TEXT_WHITESPACE);
    gait_text_next_field(&words, &keyword);
    int has_value = gait_text_next_field(&words, &value) == 1;
    if (gait_text_field_equals(&keyword, "name")) {
        const char *rest = keyword.start + keyword.length;
        gait_text_field text = slice_field(&line, rest, line.length - (size_t)(rest - line.start));
        copy_text(info->name, sizeof info->name, text.start, text.length);
        return GAIT_OK;
    }
    if (gait_text_field_equals(&keyword, "datacolumns") ||
        gait_text_field_equals(&keyword, "datarows")) {
        int rows = gait_text_field_equals(&keyword, "datarows");
        const char *what = rows ? "datarows" : "datacolumns";
        if (!has_value)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, 0, "%s has no value", what);
        value.column += (size_t)(line.start - raw->start);
        return parse_count(p, raw, &value, what,
                           rows ? &info->header_n_rows : &info->header_n_columns);
    }
    if (gait_text_field_equals(&keyword, "range"))
        return GAIT_OK;
    if (first)
        copy_text(info->name, sizeof info->name, line.start, line.length);
    return GAIT_OK; /* free text */
}

/* Blank, or (in a file without header) a "#" comment line. */
static int is_skipped(const gait_text_line *line, int skip_comments)
{
    gait_text_line trimmed = gait_text_line_trim(line);
    return trimmed.length == 0 || (skip_comments && trimmed.start[0] == '#');
}

static int is_endheader(const gait_text_line *line)
{
    gait_text_line trimmed = gait_text_line_trim(line);
    gait_text_field field = {trimmed.start, trimmed.length, 1, 0, 0};
    return gait_text_field_equals(&field, "endheader");
}

/* Find the header's end and parse the header lines; leaves p->lines just after "endheader" (or at
 * the start for a file without header). */
static gait_status parse_header(mot_parser *p)
{
    gait_text_lines scan = p->lines;
    gait_text_line line;
    int found = 0;
    while (gait_text_next_line(&scan, &line)) {
        if (is_endheader(&line)) {
            found = 1;
            break;
        }
    }
    if (!found) {
        /* No header: the first line that is not blank or a "#" comment must be the labels,
         * starting with "time". */
        scan = p->lines;
        int has_line;
        while ((has_line = gait_text_next_line(&scan, &line)) && is_skipped(&line, 1))
            ;
        gait_text_fields fields;
        gait_text_field field;
        int is_labels = 0;
        if (has_line) {
            gait_text_fields_init(&fields, &line, gait_text_guess_separator(&line));
            is_labels = gait_text_next_field(&fields, &field) == 1 &&
                        gait_text_field_equals(&field, "time");
        }
        if (!is_labels)
            return gait_text_fail(GAIT_E_FORMAT, p->name, 0, 0,
                                  "no 'endheader' line, and the first line is not a label row "
                                  "starting with 'time'");
        gait_warn(&p->mot->warnings, "no header: line %zu taken as the column labels", line.number);
        p->headerless = 1;
        return GAIT_OK;
    }
    int first = 1;
    while (gait_text_next_line(&p->lines, &line)) {
        if (is_endheader(&line))
            break;
        gait_status status = parse_header_line(p, &line, first);
        if (status != GAIT_OK)
            return status;
        if (!gait_text_line_is_blank(&line))
            first = 0;
    }
    return GAIT_OK;
}

/* ---- labels ---- */

typedef struct label_ref {
    const char *label;
    size_t index;
} label_ref;

static int compare_label_refs(const void *a, const void *b)
{
    const label_ref *x = a, *y = b;
    return gait_text_compare_names(x->label, x->index, y->label, y->index);
}

static gait_status build_lookup(gait_mot *mot)
{
    size_t n = mot->info.n_columns;
    label_ref *refs = malloc((n > 0 ? n : 1) * sizeof *refs);
    mot->sorted = malloc((n > 0 ? n : 1) * sizeof *mot->sorted);
    if (refs == NULL || mot->sorted == NULL) {
        free(refs);
        return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot index %zu column labels", n);
    }
    for (size_t i = 0; i < n; i++)
        refs[i] = (label_ref){mot->labels[i], i};
    qsort(refs, n, sizeof *refs, compare_label_refs);
    for (size_t i = 0; i < n; i++)
        mot->sorted[i] = refs[i].index;
    free(refs);
    return GAIT_OK;
}

/* First column labelled exactly label, or GAIT_MOT_NO_COLUMN. */
static size_t lookup(const gait_mot *mot, const char *label)
{
    size_t lo = 0, hi = mot->info.n_columns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(mot->labels[mot->sorted[mid]], label) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < mot->info.n_columns && strcmp(mot->labels[mot->sorted[lo]], label) == 0)
        return mot->sorted[lo];
    return GAIT_MOT_NO_COLUMN;
}

static gait_status parse_labels(mot_parser *p, gait_text_separator *separator)
{
    gait_mot *mot = p->mot;
    gait_text_line line;
    int has_line;
    while ((has_line = gait_text_next_line(&p->lines, &line)) && is_skipped(&line, p->headerless))
        ;
    if (!has_line)
        return gait_text_fail(GAIT_E_FORMAT, p->name, p->lines.number + 1, 0,
                              "no column-label line after the header");
    *separator = gait_text_guess_separator(&line);

    /* Pass 1: count labels up to the last non-empty one; no empty label before it. */
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, &line, *separator);
    size_t n_columns = 0, first_empty = SIZE_MAX, first_empty_column = 0;
    int r;
    while ((r = gait_text_next_field(&fields, &field)) != 0) {
        if (r < 0)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                  "unterminated quote in the column labels");
        if (field.length == 0) {
            if (first_empty == SIZE_MAX) {
                first_empty = field.index;
                first_empty_column = field.column;
            }
            continue;
        }
        if (first_empty != SIZE_MAX)
            return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, first_empty_column,
                                  "column %zu has no label", first_empty + 1);
        n_columns = field.index + 1;
    }
    if (n_columns == 0)
        return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, 0, "no column labels");
    mot->labels = calloc(n_columns, sizeof *mot->labels);
    if (mot->labels == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot allocate %zu labels", n_columns);
    mot->info.n_columns = n_columns;

    /* Pass 2: copy them. */
    gait_text_fields_init(&fields, &line, *separator);
    while (gait_text_next_field(&fields, &field) == 1 && field.index < n_columns) {
        mot->labels[field.index] = gait_text_field_dup(&field);
        if (mot->labels[field.index] == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot copy label %zu", field.index);
    }
    for (size_t i = 0; i < n_columns; i++) {
        if (mot->labels[i] == NULL)
            return gait_fail(GAIT_E_INTERNAL, "gait_mot: label %zu was not copied", i);
        if (mot->info.time_column == GAIT_MOT_NO_COLUMN) {
            gait_text_field label = {mot->labels[i], strlen(mot->labels[i]), 1, i, 0};
            if (gait_text_field_equals(&label, "time"))
                mot->info.time_column = i;
        }
    }
    return build_lookup(mot);
}

/* ---- data ---- */

static gait_status parse_data(mot_parser *p, gait_text_separator separator)
{
    gait_mot *mot = p->mot;
    const size_t n_columns = mot->info.n_columns;
    size_t n_rows = gait_text_count_nonblank_lines(&p->lines);
    if (!gait_text_cells_fit(n_rows, n_columns, p->size))
        return gait_text_fail(GAIT_E_FORMAT, p->name, 0, 0,
                              "%zu rows x %zu columns are more cells than the input has bytes "
                              "(rows much shorter than the label row?)",
                              n_rows, n_columns);
    size_t n_values = n_rows * n_columns;
    mot->values = malloc((n_values > 0 ? n_values : 1) * sizeof *mot->values);
    if (mot->values == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot allocate %zu x %zu values", n_rows,
                         n_columns);

    size_t row = 0, short_rows = 0, first_short_line = 0;
    gait_text_line line;
    while (gait_text_next_nonblank_line(&p->lines, &line)) {
        double *values = mot->values + row * n_columns;
        gait_text_fields fields;
        gait_text_field field;
        gait_text_fields_init(&fields, &line, separator);
        int r;
        while ((r = gait_text_next_field(&fields, &field)) != 0) {
            if (r < 0)
                return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                      "unterminated quote");
            if (field.index >= n_columns) {
                if (field.length == 0)
                    continue;
                return gait_text_fail(GAIT_E_FORMAT, p->name, line.number, field.column,
                                      "value in column %zu, but there are only %zu column "
                                      "labels",
                                      field.index + 1, n_columns);
            }
            gait_status status =
                gait_text_parse_double(&field, p->name, line.number, "value", &values[field.index]);
            if (status != GAIT_OK) { /* say again, naming the column */
                char what[GAIT_MOT_TEXT_CAPACITY + 16];
                snprintf(what, sizeof what, "column '%s'", mot->labels[field.index]);
                return gait_text_parse_double(&field, p->name, line.number, what,
                                              &values[field.index]);
            }
        }
        size_t present = fields.index < n_columns ? fields.index : n_columns;
        for (size_t c = present; c < n_columns; c++)
            values[c] = NAN;
        if (present < n_columns) {
            if (short_rows == 0)
                first_short_line = line.number;
            short_rows++;
        }
        row++;
    }
    mot->info.n_rows = row;
    if (short_rows > 0)
        gait_warn(&mot->warnings,
                  "%zu rows (the first on line %zu) have fewer values than the %zu labels; "
                  "padded with NaN",
                  short_rows, first_short_line, n_columns);
    if (mot->info.header_n_rows >= 0 && (size_t)mot->info.header_n_rows != row)
        gait_warn(&mot->warnings, "header gives %ld rows but the file holds %zu",
                  mot->info.header_n_rows, row);
    if (mot->info.header_n_columns >= 0 && (size_t)mot->info.header_n_columns != n_columns)
        gait_warn(&mot->warnings, "header gives %ld columns but the label row has %zu",
                  mot->info.header_n_columns, n_columns);
    return GAIT_OK;
}

/* ---- ground reaction forces ---- */

/* Look up base + suffix[0..2] (e.g. "ground_force_p" + "x"); all three must exist. */
static int find_triple(const gait_mot *mot, const char *base, const char *const suffix[3],
                       size_t column[3])
{
    char label[GAIT_MOT_TEXT_CAPACITY + 8];
    for (int axis = 0; axis < 3; axis++) {
        snprintf(label, sizeof label, "%s%s", base, suffix[axis]);
        column[axis] = lookup(mot, label);
        if (column[axis] == GAIT_MOT_NO_COLUMN)
            return 0;
    }
    return 1;
}

/* P with its last occurrence of "force" replaced by word, into out; 0 if P has no "force" or the
 * result does not fit. */
static int replace_force(const char *prefix, const char *word, char *out, size_t capacity)
{
    const char *last = NULL;
    for (const char *s = strstr(prefix, "force"); s != NULL; s = strstr(s + 1, "force"))
        last = s;
    if (last == NULL)
        return 0;
    int n = snprintf(out, capacity, "%.*s%s%s", (int)(last - prefix), prefix, word, last + 5);
    return n > 0 && (size_t)n < capacity;
}

static char guess_side(const char *name)
{
    int left = 0, right = 0;
    const char *s = name;
    while (*s != '\0') {
        while (*s == '_' || *s == '.' || *s == '-' || *s == ' ')
            s++;
        const char *start = s;
        while (*s != '\0' && *s != '_' && *s != '.' && *s != '-' && *s != ' ')
            s++;
        gait_text_field token = {start, (size_t)(s - start), 1, 0, 0};
        left |= gait_text_field_equals(&token, "l") || gait_text_field_equals(&token, "left");
        right |= gait_text_field_equals(&token, "r") || gait_text_field_equals(&token, "right");
    }
    return left == right ? '?' : left ? 'l' : 'r';
}

static gait_status find_grf(gait_mot *mot)
{
    static const char *const v_suffix[3] = {"vx", "vy", "vz"};
    static const char *const p_suffix[3] = {"px", "py", "pz"};
    static const char *const m_suffix[3] = {"mx", "my", "mz"};
    static const char *const xyz_suffix[3] = {"x", "y", "z"};
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) { /* pass 0 counts, pass 1 fills */
        size_t k = 0;
        for (size_t c = 0; c < mot->info.n_columns; c++) {
            const char *label = mot->labels[c];
            size_t length = strlen(label);
            if (length < 2 || length >= GAIT_MOT_TEXT_CAPACITY ||
                strcmp(label + length - 2, "vx") != 0)
                continue;
            char prefix[GAIT_MOT_TEXT_CAPACITY - 2]; /* holds length - 2 <= capacity - 3 */
            copy_text(prefix, sizeof prefix, label, length - 2);
            size_t force[3];
            if (!find_triple(mot, prefix, v_suffix, force) || force[0] != c)
                continue;
            if (pass == 0) {
                n++;
                continue;
            }
            gait_mot_grf *grf = &mot->grf[k++];
            memset(grf, 0, sizeof *grf);
            size_t name_length = length - 2;
            if (name_length > 0 && prefix[name_length - 1] == '_')
                name_length--;
            copy_text(grf->name, sizeof grf->name, prefix, name_length);
            snprintf(grf->force_identifier, sizeof grf->force_identifier, "%sv", prefix);
            memcpy(grf->force_column, force, sizeof force);
            grf->side = guess_side(grf->name);
            for (int axis = 0; axis < 3; axis++)
                grf->point_column[axis] = grf->torque_column[axis] = GAIT_MOT_NO_COLUMN;
            if (find_triple(mot, prefix, p_suffix, grf->point_column))
                snprintf(grf->point_identifier, sizeof grf->point_identifier, "%sp", prefix);
            else
                grf->point_column[0] = grf->point_column[1] = grf->point_column[2] =
                    GAIT_MOT_NO_COLUMN;
            char torque[GAIT_MOT_TEXT_CAPACITY];
            int found = 0;
            if (find_triple(mot, prefix, m_suffix, grf->torque_column)) {
                snprintf(grf->torque_identifier, sizeof grf->torque_identifier, "%sm", prefix);
                found = 1;
            }
            if (!found && replace_force(prefix, "torque", torque, sizeof torque) &&
                find_triple(mot, torque, xyz_suffix, grf->torque_column)) {
                copy_text(grf->torque_identifier, sizeof grf->torque_identifier, torque,
                          strlen(torque));
                found = 1;
            }
            if (!found && replace_force(prefix, "moment", torque, sizeof torque) &&
                find_triple(mot, torque, xyz_suffix, grf->torque_column)) {
                copy_text(grf->torque_identifier, sizeof grf->torque_identifier, torque,
                          strlen(torque));
                found = 1;
            }
            if (!found)
                grf->torque_column[0] = grf->torque_column[1] = grf->torque_column[2] =
                    GAIT_MOT_NO_COLUMN;
        }
        if (pass == 0) {
            if (n == 0)
                break;
            mot->grf = calloc(n, sizeof *mot->grf);
            if (mot->grf == NULL)
                return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot allocate %zu force sets", n);
        }
    }
    mot->info.n_grf = n;
    return GAIT_OK;
}

/* ---- open ---- */

static gait_status parse(void *context)
{
    mot_parser *p = context;
    gait_text_separator separator = GAIT_TEXT_TAB;
    gait_status status = parse_header(p);
    if (status == GAIT_OK)
        status = parse_labels(p, &separator);
    if (status == GAIT_OK)
        status = parse_data(p, separator);
    if (status == GAIT_OK)
        status = find_grf(p->mot);
    return status;
}

static gait_status open_buffer(const char *data, size_t size, const char *name, void *context)
{
    gait_mot **mot = context;
    if (size == 0)
        return gait_text_fail(GAIT_E_NO_DATA, name, 0, 0, "empty input");
    gait_mot *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_mot: cannot allocate a handle");
    handle->info.in_degrees = -1;
    handle->info.time_column = GAIT_MOT_NO_COLUMN;
    handle->info.header_n_rows = -1;
    handle->info.header_n_columns = -1;

    mot_parser parser = {.name = name, .size = size, .mot = handle};
    gait_text_lines_init(&parser.lines, data, size);
    gait_status status = gait_text_parse_in_c_locale("gait_mot", parse, &parser);
    if (status != GAIT_OK) {
        gait_mot_close(handle);
        return status;
    }
    handle->info.n_warnings = handle->warnings.count;
    *mot = handle;
    return GAIT_OK;
}

gait_status gait_mot_open(const char *path, gait_mot **mot)
{
    if (mot != NULL)
        *mot = NULL;
    if (path == NULL || mot == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_open: NULL argument");
    return gait_text_open_path(path, "gait_mot_open", open_buffer, mot);
}

gait_status gait_mot_open_memory(const void *bytes, size_t size, const char *name, gait_mot **mot)
{
    if (mot != NULL)
        *mot = NULL;
    if (mot == NULL || (bytes == NULL && size > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_open_memory: NULL argument");
    return open_buffer(bytes, size, gait_text_source_name(name), mot);
}

/* ---- access ---- */

gait_status gait_mot_get_info(const gait_mot *mot, gait_mot_info *info)
{
    if (mot == NULL || info == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_info: NULL argument");
    *info = mot->info;
    return GAIT_OK;
}

const char *gait_mot_warning(const gait_mot *mot, size_t i)
{
    return mot != NULL ? gait_warning(&mot->warnings, i) : NULL;
}

const char *gait_mot_column_label(const gait_mot *mot, size_t i)
{
    if (mot == NULL || i >= mot->info.n_columns)
        return NULL;
    return mot->labels[i];
}

gait_status gait_mot_find_column(const gait_mot *mot, const char *label, size_t *index)
{
    if (mot == NULL || label == NULL || index == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_find_column: NULL argument");
    size_t found = lookup(mot, label);
    if (found == GAIT_MOT_NO_COLUMN)
        return gait_fail(GAIT_E_NO_DATA, "gait_mot_find_column: no column labelled '%s'", label);
    *index = found;
    return GAIT_OK;
}

static void copy_column(const gait_mot *mot, size_t column, double *out, size_t stride)
{
    for (size_t k = 0; k < mot->info.n_rows; k++)
        out[k * stride] =
            column == GAIT_MOT_NO_COLUMN ? NAN : mot->values[k * mot->info.n_columns + column];
}

gait_status gait_mot_get_column(const gait_mot *mot, size_t i, double *values)
{
    if (mot == NULL || values == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_column: NULL argument");
    if (i >= mot->info.n_columns)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_column: column %zu out of range (%zu)",
                         i, mot->info.n_columns);
    copy_column(mot, i, values, 1);
    return GAIT_OK;
}

gait_status gait_mot_get_times(const gait_mot *mot, double *time_s)
{
    if (mot == NULL || time_s == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_times: NULL argument");
    if (mot->info.time_column == GAIT_MOT_NO_COLUMN)
        return gait_fail(GAIT_E_NO_DATA, "gait_mot_get_times: no column labelled 'time'");
    copy_column(mot, mot->info.time_column, time_s, 1);
    return GAIT_OK;
}

size_t gait_mot_grf_count(const gait_mot *mot)
{
    return mot != NULL ? mot->info.n_grf : 0;
}

gait_status gait_mot_get_grf(const gait_mot *mot, size_t i, gait_mot_grf *meta, double *force_n,
                             double *cop_m, double *torque_nm)
{
    if (mot == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_grf: NULL handle");
    if (i >= mot->info.n_grf)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_mot_get_grf: force set %zu out of range (%zu)",
                         i, mot->info.n_grf);
    const gait_mot_grf *grf = &mot->grf[i];
    if (meta != NULL)
        *meta = *grf;
    for (int axis = 0; axis < 3; axis++) {
        if (force_n != NULL)
            copy_column(mot, grf->force_column[axis], force_n + axis, 3);
        if (cop_m != NULL)
            copy_column(mot, grf->point_column[axis], cop_m + axis, 3);
        if (torque_nm != NULL)
            copy_column(mot, grf->torque_column[axis], torque_nm + axis, 3);
    }
    return GAIT_OK;
}
