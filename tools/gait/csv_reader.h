/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a CSV table by its header's column names (RFC 4180 quoting, "\n" or "\r\n" line ends,
 * "#" comment lines before the header and blank lines skipped), one row at a time, so that large
 * tables (a batch's curves.csv) stream through in fixed memory. */
#ifndef GAIT_CSV_READER_H
#define GAIT_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

typedef struct csv_reader {
    FILE *file;
    char *text; /* the current row, its fields NUL-separated */
    size_t text_capacity;
    size_t *starts; /* offset of each field in text */
    size_t n_fields, fields_capacity;
    char **header;
    size_t n_header;
    long line; /* line number of the current row's start */
} csv_reader;

/* Open path and read its header. Returns 1, or 0 when the file cannot be opened (errno set) or
 * has no header row (errno 0). */
int csv_reader_open(csv_reader *reader, const char *path);

/* The next row: 1, or 0 at the end. */
int csv_reader_next(csv_reader *reader);

/* Index of the header column named name, -1 when absent. */
int csv_reader_column(const csv_reader *reader, const char *name);

/* Field `column` of the current row; "" for column -1 or a short row. */
const char *csv_reader_field(const csv_reader *reader, int column);

/* The field as a number; NaN when empty or not a number. */
double csv_reader_number(const csv_reader *reader, int column);

void csv_reader_close(csv_reader *reader);

#endif
