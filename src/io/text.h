/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers shared by the text-format readers (TRC, MOT/STO, IMU CSV) and the CSV
 * writer: whole-file loading, line and field splitting over a buffer that is NOT NUL-terminated,
 * strict number parsing in the C locale and located error messages (warnings: core/warnings.h).
 *
 * Nothing here reads outside [data, data + size): every scanner carries its end with it. */
#ifndef GAIT_IO_TEXT_H
#define GAIT_IO_TEXT_H

#include <locale.h>
#include <stddef.h>

#include "core/warnings.h"
#include "gait/status.h"

/* ---- input ---- */

/* A reader's open from bytes: parse data[0..size-1] (size may be 0), named name in messages, into
 * the handle that context says where to store. The bytes are the caller's: copy what is kept. */
typedef gait_status (*gait_text_open_fn)(const char *data, size_t size, const char *name,
                                         void *context);

/* The path half of a reader's open: read the whole file at path, hand it to open_buffer (named
 * path, with context) and free it. Errors: GAIT_E_IO (cannot open or read), GAIT_E_NOMEM (function
 * names the caller in those messages), or what open_buffer returns. */
gait_status gait_text_open_path(const char *path, const char *function,
                                gait_text_open_fn open_buffer, void *context);

/* Name used in messages for an input read from memory: name, or "<memory>" when name is NULL. */
const char *gait_text_source_name(const char *name);

/* ---- located errors ---- */

/* Record "<name>:<line>:<column>: <message>" as the thread's detail and return status. line and
 * column are 1-based; column 0 leaves the column out, line 0 both. */
gait_status gait_text_fail(gait_status status, const char *name, size_t line, size_t column,
                           const char *format, ...) __attribute__((format(printf, 5, 6)));

/* ---- lines ---- */

typedef struct gait_text_line {
    const char *start; /* first byte of the line */
    size_t length;     /* bytes before the terminator ("\n", "\r\n" or a lone "\r") */
    size_t number;     /* 1-based line number */
} gait_text_line;

typedef struct gait_text_lines {
    const char *data;
    size_t size;
    size_t pos;
    size_t number; /* number of the last line returned */
} gait_text_lines;

/* Start scanning data[0..size-1]; a leading UTF-8 byte-order mark is skipped. */
void gait_text_lines_init(gait_text_lines *lines, const char *data, size_t size);

/* The next line into *line: 1 while there is one, 0 at the end. A final line without a
 * terminator counts; the empty "line" after a final terminator does not. */
int gait_text_next_line(gait_text_lines *lines, gait_text_line *line);

/* 1 if the line holds only spaces and tabs (or nothing). */
int gait_text_line_is_blank(const gait_text_line *line);

/* The next line that is not blank into *line: 1 while there is one, 0 at the end. */
int gait_text_next_nonblank_line(gait_text_lines *lines, gait_text_line *line);

/* How many lines that are not blank follow the scanner's position (which does not move): the rows
 * a reader allocates for before it parses them. */
size_t gait_text_count_nonblank_lines(const gait_text_lines *lines);

/* The line with leading and trailing spaces and tabs removed. */
gait_text_line gait_text_line_trim(const gait_text_line *line);

/* 1 if some byte of the line equals c. */
int gait_text_line_contains(const gait_text_line *line, char c);

/* ---- fields ---- */

/* How a line is cut into fields. TAB, COMMA and SEMICOLON: every separator starts a new field, so
 * "a\t\tb\t" holds four fields (the second and the last empty). WHITESPACE: runs of spaces and tabs
 * separate, leading and trailing ones are ignored, so no field is empty. */
typedef enum gait_text_separator {
    GAIT_TEXT_TAB = '\t',
    GAIT_TEXT_COMMA = ',',
    GAIT_TEXT_SEMICOLON = ';',
    GAIT_TEXT_WHITESPACE = ' '
} gait_text_separator;

typedef struct gait_text_field {
    const char *start; /* content with surrounding spaces (and tabs) removed; inside the quotes */
    size_t length;
    size_t column; /* 1-based byte column of the field's first character in its line */
    size_t index;  /* 0-based field number in the line */
    int quoted;    /* 1 if the field was "quoted" (content may hold doubled quotes "") */
} gait_text_field;

typedef struct gait_text_fields {
    const char *line_start;
    size_t line_length;
    gait_text_separator separator;
    size_t pos;
    size_t index;
    int done;
} gait_text_fields;

void gait_text_fields_init(gait_text_fields *fields, const gait_text_line *line,
                           gait_text_separator separator);

/* The next field into *field: 1 while there is one, 0 at the end of the line, -1 when a quoted
 * field has no closing quote or text after it (field->column says where it starts). Quotes are
 * recognised only at the start of a field and only with TAB, COMMA and SEMICOLON. */
int gait_text_next_field(gait_text_fields *fields, gait_text_field *field);

/* Number of fields in the line (a malformed quote counts as a field). */
size_t gait_text_count_fields(const gait_text_line *line, gait_text_separator separator);

/* The separator that occurs most often in the line among tab, comma and semicolon (ties: tab, then
 * comma); WHITESPACE when none occurs. */
gait_text_separator gait_text_guess_separator(const gait_text_line *line);

/* 1 if the field's content equals s, ignoring ASCII case. */
int gait_text_field_equals(const gait_text_field *field, const char *s);

/* New malloc'd NUL-terminated copy of the field's content (doubled quotes of a quoted field made
 * single); NULL when out of memory. */
char *gait_text_field_dup(const gait_text_field *field);

/* Copy of at most 40 bytes of the field into out (capacity >= 48) for messages, with bytes that
 * are not printable ASCII shown as '?' and "..." when cut. */
void gait_text_field_preview(const gait_text_field *field, char *out, size_t capacity);
#define GAIT_TEXT_PREVIEW_CAPACITY 48

/* ---- sorting ---- */

/* Order of two named items for qsort: by name (strcmp), then by index, so that a sort keeps items
 * of the same name in index order. */
int gait_text_compare_names(const char *a_name, size_t a_index, const char *b_name, size_t b_index);

/* ---- numbers ---- */

/* Parse the field as a number: [+-]digits[.digits][(e|E)[+-]digits] (digits on at least one side
 * of the point), or nan / inf / infinity in any case with an optional sign. An empty field gives
 * NaN. Anything else, including hexadecimal, or a magnitude beyond the double range, is
 * GAIT_E_FORMAT with a message "<name>:<line>:<column>: <what>: '<text>' is not a number".
 * Call between gait_text_locale_enter() and _leave() so that the decimal point is '.'. */
gait_status gait_text_parse_double(const gait_text_field *field, const char *name, size_t line,
                                   const char *what, double *value);

/* Parse a non-empty field holding a whole number in [minimum, maximum] (written as an integer or
 * as a number with a zero fraction, e.g. "788" or "788.0"). Errors: GAIT_E_FORMAT. */
gait_status gait_text_parse_integer(const gait_text_field *field, const char *name, size_t line,
                                    const char *what, long minimum, long maximum, long *value);

/* Switch the calling thread to the C locale for numbers (strtod, snprintf) and back. */
typedef struct gait_text_locale {
    locale_t c_locale;
    locale_t saved;
} gait_text_locale;

gait_status gait_text_locale_enter(gait_text_locale *locale, const char *function);
void gait_text_locale_leave(gait_text_locale *locale);

/* parse(context) with the calling thread in the C locale and back: what a reader runs its parser
 * under. Errors: GAIT_E_NOMEM (no C locale; function names the caller), or what parse returns. */
gait_status gait_text_parse_in_c_locale(const char *function, gait_status (*parse)(void *context),
                                        void *context);

/* ---- memory bound ---- */

/* 1 if rows x columns cells fit in the input: rows * columns <= input_size, without overflow. A
 * table whose rows all have their full width always fits (each cell takes at least its separator
 * or line terminator), so the readers use this to refuse short-row inputs whose decoded size would
 * not be proportional to their length. */
int gait_text_cells_fit(size_t rows, size_t columns, size_t input_size);

#endif
