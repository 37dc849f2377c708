/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV writer: see include/gait/csv.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "gait/csv.h"
#include "io/text.h"

/* Shortest "%.*g" text of x (15, 16 or 17 significant digits) that strtod reads back to x. The
 * caller has entered the C locale. */
static void format_double(double x, char *out, size_t capacity)
{
    if (isnan(x)) {
        out[0] = '\0';
        return;
    }
    if (isinf(x)) {
        snprintf(out, capacity, "%s", x < 0 ? "-inf" : "inf");
        return;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(out, capacity, "%.*g", digits, x);
        if (strtod(out, NULL) == x)
            return;
    }
}

static int needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

static int write_name(FILE *stream, const char *name)
{
    if (!needs_quotes(name))
        return fputs(name, stream) >= 0;
    if (fputc('"', stream) == EOF)
        return 0;
    for (const char *s = name; *s != '\0'; s++) {
        if (*s == '"' && fputc('"', stream) == EOF)
            return 0;
        if (fputc(*s, stream) == EOF)
            return 0;
    }
    return fputc('"', stream) != EOF;
}

/* "# " + each line of the comment (split at CR, LF or CRLF). */
static int write_comment(FILE *stream, const char *comment)
{
    const char *s = comment;
    for (;;) {
        size_t n = strcspn(s, "\r\n");
        if (fputs("# ", stream) < 0 || fwrite(s, 1, n, stream) != n || fputc('\n', stream) == EOF)
            return 0;
        s += n;
        if (*s == '\0')
            return 1;
        s += (s[0] == '\r' && s[1] == '\n') ? 2 : 1;
        if (*s == '\0')
            return 1;
    }
}

static gait_status write_table(FILE *stream, const char *const *comments, size_t n_comments,
                               const char *const *column_names, size_t n_columns,
                               const double *values, size_t n_rows, const char *function)
{
    int ok = 1;
    for (size_t i = 0; ok && i < n_comments; i++)
        ok = write_comment(stream, comments[i]);
    for (size_t c = 0; ok && c < n_columns; c++)
        ok = (c == 0 || fputc(',', stream) != EOF) && write_name(stream, column_names[c]);
    ok = ok && fputc('\n', stream) != EOF;
    char text[40];
    for (size_t r = 0; ok && r < n_rows; r++) {
        for (size_t c = 0; ok && c < n_columns; c++) {
            format_double(values[r * n_columns + c], text, sizeof text);
            ok = (c == 0 || fputc(',', stream) != EOF) && fputs(text, stream) >= 0;
        }
        ok = ok && fputc('\n', stream) != EOF;
    }
    if (!ok || ferror(stream))
        return gait_fail(GAIT_E_IO, "%s: write error", function);
    return GAIT_OK;
}

static gait_status check_arguments(const char *const *comments, size_t n_comments,
                                   const char *const *column_names, size_t n_columns,
                                   const double *values, size_t n_rows, const char *function)
{
    if (column_names == NULL || (comments == NULL && n_comments > 0) ||
        (values == NULL && n_rows > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    if (n_columns == 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: n_columns must be >= 1", function);
    for (size_t i = 0; i < n_comments; i++)
        if (comments[i] == NULL)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: comment %zu is NULL", function, i);
    for (size_t c = 0; c < n_columns; c++)
        if (column_names[c] == NULL)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: column name %zu is NULL", function, c);
    return GAIT_OK;
}

static gait_status write_locale(FILE *stream, const char *const *comments, size_t n_comments,
                                const char *const *column_names, size_t n_columns,
                                const double *values, size_t n_rows, const char *function)
{
    gait_text_locale locale;
    gait_status status = gait_text_locale_enter(&locale, function);
    if (status != GAIT_OK)
        return status;
    status = write_table(stream, comments, n_comments, column_names, n_columns, values, n_rows,
                         function);
    gait_text_locale_leave(&locale);
    return status;
}

gait_status gait_csv_write_stream(FILE *stream, const char *const *comments, size_t n_comments,
                                  const char *const *column_names, size_t n_columns,
                                  const double *values, size_t n_rows)
{
    const char *function = "gait_csv_write_stream";
    if (stream == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: stream is NULL", function);
    gait_status status =
        check_arguments(comments, n_comments, column_names, n_columns, values, n_rows, function);
    if (status != GAIT_OK)
        return status;
    return write_locale(stream, comments, n_comments, column_names, n_columns, values, n_rows,
                        function);
}

gait_status gait_csv_write(const char *path, const char *const *comments, size_t n_comments,
                           const char *const *column_names, size_t n_columns, const double *values,
                           size_t n_rows)
{
    const char *function = "gait_csv_write";
    if (path == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: path is NULL", function);
    gait_status status =
        check_arguments(comments, n_comments, column_names, n_columns, values, n_rows, function);
    if (status != GAIT_OK)
        return status;
    FILE *stream = fopen(path, "w");
    if (stream == NULL)
        return gait_fail(GAIT_E_IO, "%s: cannot create %s", function, path);
    status = write_locale(stream, comments, n_comments, column_names, n_columns, values, n_rows,
                          function);
    if (fclose(stream) != 0 && status == GAIT_OK)
        status = gait_fail(GAIT_E_IO, "%s: cannot finish writing %s", function, path);
    return status;
}
