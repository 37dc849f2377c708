/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared text-parsing helpers: see text.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/file.h"
#include "io/text.h"

/* Longest number accepted, in bytes after trimming: 17 significant digits, a sign, a point and an
 * exponent fit with room to spare; padding zeros beyond this are refused rather than copied. */
#define GAIT_TEXT_NUMBER_CAPACITY 128

/* ---- input ---- */

gait_status gait_text_open_path(const char *path, const char *function,
                                gait_text_open_fn open_buffer, void *context)
{
    void *bytes = NULL;
    size_t size = 0;
    gait_status status = gait_read_whole_file(path, function, &bytes, &size);
    if (status != GAIT_OK)
        return status;
    status = open_buffer(bytes, size, path, context);
    free(bytes);
    return status;
}

const char *gait_text_source_name(const char *name)
{
    return name != NULL ? name : "<memory>";
}

/* ---- located errors ---- */

gait_status gait_text_fail(gait_status status, const char *name, size_t line, size_t column,
                           const char *format, ...)
{
    char message[384];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (line == 0)
        return gait_fail(status, "%s: %s", name, message);
    if (column == 0)
        return gait_fail(status, "%s:%zu: %s", name, line, message);
    return gait_fail(status, "%s:%zu:%zu: %s", name, line, column, message);
}

/* ---- lines ---- */

void gait_text_lines_init(gait_text_lines *lines, const char *data, size_t size)
{
    lines->data = data;
    lines->size = data != NULL ? size : 0;
    lines->pos = 0;
    lines->number = 0;
    if (lines->size >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        lines->pos = 3;
}

int gait_text_next_line(gait_text_lines *lines, gait_text_line *line)
{
    if (lines->pos >= lines->size)
        return 0;
    const char *start = lines->data + lines->pos;
    size_t remaining = lines->size - lines->pos;
    size_t length = 0;
    while (length < remaining && start[length] != '\n' && start[length] != '\r')
        length++;
    size_t consumed = length;
    if (consumed < remaining) {
        if (start[consumed] == '\r' && consumed + 1 < remaining && start[consumed + 1] == '\n')
            consumed += 2;
        else
            consumed += 1;
    }
    lines->pos += consumed;
    lines->number++;
    line->start = start;
    line->length = length;
    line->number = lines->number;
    return 1;
}

static int is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

int gait_text_line_is_blank(const gait_text_line *line)
{
    for (size_t i = 0; i < line->length; i++)
        if (!is_blank_char(line->start[i]))
            return 0;
    return 1;
}

int gait_text_next_nonblank_line(gait_text_lines *lines, gait_text_line *line)
{
    while (gait_text_next_line(lines, line))
        if (!gait_text_line_is_blank(line))
            return 1;
    return 0;
}

size_t gait_text_count_nonblank_lines(const gait_text_lines *lines)
{
    gait_text_lines scan = *lines;
    gait_text_line line;
    size_t count = 0;
    while (gait_text_next_nonblank_line(&scan, &line))
        count++;
    return count;
}

gait_text_line gait_text_line_trim(const gait_text_line *line)
{
    gait_text_line trimmed = *line;
    while (trimmed.length > 0 && is_blank_char(trimmed.start[0])) {
        trimmed.start++;
        trimmed.length--;
    }
    while (trimmed.length > 0 && is_blank_char(trimmed.start[trimmed.length - 1]))
        trimmed.length--;
    return trimmed;
}

int gait_text_line_contains(const gait_text_line *line, char c)
{
    return line->length > 0 && memchr(line->start, c, line->length) != NULL;
}

/* ---- fields ---- */

void gait_text_fields_init(gait_text_fields *fields, const gait_text_line *line,
                           gait_text_separator separator)
{
    fields->line_start = line->start;
    fields->line_length = line->length;
    fields->separator = separator;
    fields->pos = 0;
    fields->index = 0;
    fields->done = 0;
}

/* Spaces are always trimmed around a field; tabs too unless they separate fields. */
static int is_trim_char(char c, gait_text_separator separator)
{
    return c == ' ' || (c == '\t' && separator != GAIT_TEXT_TAB);
}

static int next_whitespace_field(gait_text_fields *fields, gait_text_field *field)
{
    const char *s = fields->line_start;
    size_t n = fields->line_length, pos = fields->pos;
    while (pos < n && is_blank_char(s[pos]))
        pos++;
    if (pos >= n) {
        fields->done = 1;
        fields->pos = n;
        return 0;
    }
    size_t start = pos;
    while (pos < n && !is_blank_char(s[pos]))
        pos++;
    field->start = s + start;
    field->length = pos - start;
    field->column = start + 1;
    field->index = fields->index++;
    field->quoted = 0;
    fields->pos = pos;
    return 1;
}

int gait_text_next_field(gait_text_fields *fields, gait_text_field *field)
{
    if (fields->done)
        return 0;
    if (fields->separator == GAIT_TEXT_WHITESPACE)
        return next_whitespace_field(fields, field);
    const char *s = fields->line_start;
    size_t n = fields->line_length, pos = fields->pos;
    const char separator = (char)fields->separator;
    while (pos < n && is_trim_char(s[pos], fields->separator))
        pos++;
    field->index = fields->index++;
    field->column = pos + 1;
    field->quoted = 0;
    if (pos < n && s[pos] == '"') {
        size_t content = pos + 1, i = content;
        for (;;) {
            if (i >= n) {
                fields->done = 1;
                field->start = s + content;
                field->length = n - content;
                return -1;
            }
            if (s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"') {
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        field->start = s + content;
        field->length = i - content;
        field->quoted = 1;
        pos = i + 1;
        while (pos < n && is_trim_char(s[pos], fields->separator))
            pos++;
        if (pos < n && s[pos] != separator) {
            fields->done = 1;
            return -1;
        }
    } else {
        size_t start = pos;
        while (pos < n && s[pos] != separator)
            pos++;
        size_t end = pos;
        while (end > start && is_trim_char(s[end - 1], fields->separator))
            end--;
        field->start = s + start;
        field->length = end - start;
    }
    if (pos < n) {
        fields->pos = pos + 1; /* past the separator: a field follows, possibly empty */
    } else {
        fields->pos = n;
        fields->done = 1;
    }
    return 1;
}

size_t gait_text_count_fields(const gait_text_line *line, gait_text_separator separator)
{
    gait_text_fields fields;
    gait_text_field field;
    gait_text_fields_init(&fields, line, separator);
    size_t count = 0;
    while (gait_text_next_field(&fields, &field) != 0)
        count++;
    return count;
}

gait_text_separator gait_text_guess_separator(const gait_text_line *line)
{
    size_t tabs = 0, commas = 0, semicolons = 0;
    for (size_t i = 0; i < line->length; i++) {
        char c = line->start[i];
        tabs += c == '\t';
        commas += c == ',';
        semicolons += c == ';';
    }
    if (tabs == 0 && commas == 0 && semicolons == 0)
        return GAIT_TEXT_WHITESPACE;
    if (tabs >= commas && tabs >= semicolons)
        return GAIT_TEXT_TAB;
    return commas >= semicolons ? GAIT_TEXT_COMMA : GAIT_TEXT_SEMICOLON;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int gait_text_field_equals(const gait_text_field *field, const char *s)
{
    size_t n = strlen(s);
    if (field->length != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(field->start[i]) != ascii_lower(s[i]))
            return 0;
    return 1;
}

char *gait_text_field_dup(const gait_text_field *field)
{
    char *copy = malloc(field->length + 1);
    if (copy == NULL)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < field->length; i++) {
        copy[out++] = field->start[i];
        if (field->quoted && field->start[i] == '"' && i + 1 < field->length &&
            field->start[i + 1] == '"')
            i++;
    }
    copy[out] = '\0';
    return copy;
}

void gait_text_field_preview(const gait_text_field *field, char *out, size_t capacity)
{
    if (capacity == 0)
        return;
    size_t limit = 40, n = 0;
    for (size_t i = 0; i < field->length && i < limit && n + 1 < capacity; i++) {
        unsigned char c = (unsigned char)field->start[i];
        out[n++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
    }
    if (field->length > limit && n + 4 < capacity) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

/* ---- sorting ---- */

int gait_text_compare_names(const char *a_name, size_t a_index, const char *b_name, size_t b_index)
{
    int c = strcmp(a_name, b_name);
    if (c != 0)
        return c;
    return (a_index > b_index) - (a_index < b_index);
}

/* ---- numbers ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 if s[0..n-1] is a decimal number in the grammar of gait_text_parse_double(). */
static int is_decimal_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && is_digit(s[i])) {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exponent_digits = 0;
        while (i < n && is_digit(s[i])) {
            i++;
            exponent_digits++;
        }
        if (exponent_digits == 0)
            return 0;
    }
    return i == n;
}

/* nan, inf, infinity with an optional sign, any case: NaN or the signed infinity into *value. */
static int parse_special(const char *s, size_t n, double *value)
{
    double sign = 1.0;
    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        sign = s[0] == '-' ? -1.0 : 1.0;
        s++;
        n--;
    }
    gait_text_field word = {s, n, 1, 0, 0};
    if (gait_text_field_equals(&word, "nan")) {
        *value = NAN;
        return 1;
    }
    if (gait_text_field_equals(&word, "inf") || gait_text_field_equals(&word, "infinity")) {
        *value = sign * INFINITY;
        return 1;
    }
    return 0;
}

static gait_status not_a_number(const gait_text_field *field, const char *name, size_t line,
                                const char *what, const char *why)
{
    char preview[GAIT_TEXT_PREVIEW_CAPACITY];
    gait_text_field_preview(field, preview, sizeof preview);
    return gait_text_fail(GAIT_E_FORMAT, name, line, field->column, "%s: '%s' %s", what, preview,
                          why);
}

gait_status gait_text_parse_double(const gait_text_field *field, const char *name, size_t line,
                                   const char *what, double *value)
{
    if (field->length == 0) {
        *value = NAN;
        return GAIT_OK;
    }
    if (parse_special(field->start, field->length, value))
        return GAIT_OK;
    if (!is_decimal_number(field->start, field->length))
        return not_a_number(field, name, line, what, "is not a number");
    if (field->length >= GAIT_TEXT_NUMBER_CAPACITY)
        return not_a_number(field, name, line, what, "is longer than 127 characters");
    char text[GAIT_TEXT_NUMBER_CAPACITY];
    memcpy(text, field->start, field->length);
    text[field->length] = '\0';
    errno = 0;
    char *end = NULL;
    double parsed = strtod(text, &end);
    if (end != text + field->length)
        return not_a_number(field, name, line, what,
                            "is not a number (is the decimal point a comma?)");
    if (errno == ERANGE && fabs(parsed) > 1.0)
        return not_a_number(field, name, line, what, "is beyond the range of a double");
    *value = parsed;
    return GAIT_OK;
}

gait_status gait_text_parse_integer(const gait_text_field *field, const char *name, size_t line,
                                    const char *what, long minimum, long maximum, long *value)
{
    if (field->length == 0)
        return gait_text_fail(GAIT_E_FORMAT, name, line, field->column, "%s is empty", what);
    double parsed;
    gait_status status = gait_text_parse_double(field, name, line, what, &parsed);
    if (status != GAIT_OK)
        return status;
    /* (double)LONG_MAX rounds up to 2^63, which does not fit a long: refuse it explicitly. */
    if (!isfinite(parsed) || parsed != floor(parsed) || parsed < (double)minimum ||
        parsed > (double)maximum || parsed >= 9223372036854775808.0) {
        char preview[GAIT_TEXT_PREVIEW_CAPACITY];
        gait_text_field_preview(field, preview, sizeof preview);
        return gait_text_fail(GAIT_E_FORMAT, name, line, field->column,
                              "%s: '%s' is not a whole number in [%ld, %ld]", what, preview,
                              minimum, maximum);
    }
    *value = (long)parsed;
    return GAIT_OK;
}

gait_status gait_text_locale_enter(gait_text_locale *locale, const char *function)
{
    locale->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (locale->c_locale == (locale_t)0)
        return gait_fail(GAIT_E_NOMEM, "%s: cannot create the C locale", function);
    locale->saved = uselocale(locale->c_locale);
    return GAIT_OK;
}

void gait_text_locale_leave(gait_text_locale *locale)
{
    if (locale->c_locale == (locale_t)0)
        return;
    uselocale(locale->saved);
    freelocale(locale->c_locale);
    locale->c_locale = (locale_t)0;
}

gait_status gait_text_parse_in_c_locale(const char *function, gait_status (*parse)(void *context),
                                        void *context)
{
    gait_text_locale locale;
    gait_status status = gait_text_locale_enter(&locale, function);
    if (status != GAIT_OK)
        return status;
    status = parse(context);
    gait_text_locale_leave(&locale);
    return status;
}

/* ---- memory bound ---- */

int gait_text_cells_fit(size_t rows, size_t columns, size_t input_size)
{
    if (rows == 0 || columns == 0)
        return 1;
    if (rows > SIZE_MAX / columns)
        return 0;
    return rows * columns <= input_size;
}
