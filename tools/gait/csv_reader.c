/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv_reader.h"

static int put(csv_reader *r, size_t *length, char c)
{
    if (!cli_grow((void **)&r->text, &r->text_capacity, *length + 1, 1))
        return 0;
    r->text[(*length)++] = c;
    return 1;
}

static int start_field(csv_reader *r, size_t offset)
{
    if (!cli_grow((void **)&r->starts, &r->fields_capacity, r->n_fields + 1, sizeof *r->starts))
        return 0;
    r->starts[r->n_fields++] = offset;
    return 1;
}

/* One record, blank lines skipped: 1, or 0 at the end (or out of memory). */
static int read_record(csv_reader *r)
{
    int c;
    do {
        r->line++;
        c = getc(r->file);
        if (c == '\r')
            c = getc(r->file);
    } while (c == '\n');
    if (c == EOF)
        return 0;
    size_t length = 0;
    int quoted = 0;
    r->n_fields = 0;
    if (!start_field(r, 0))
        return 0;
    for (; c != EOF; c = getc(r->file)) {
        if (quoted) {
            if (c == '"') {
                int next = getc(r->file);
                if (next != '"') {
                    quoted = 0;
                    ungetc(next, r->file);
                    continue;
                }
            } else if (c == '\n')
                r->line++;
        } else if (c == '"') {
            quoted = 1;
            continue;
        } else if (c == '\n') {
            break;
        } else if (c == '\r') {
            continue;
        } else if (c == ',') {
            if (!put(r, &length, '\0') || !start_field(r, length))
                return 0;
            continue;
        }
        if (!put(r, &length, (char)c))
            return 0;
    }
    return put(r, &length, '\0');
}

int csv_reader_open(csv_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->file = fopen(path, "rb");
    if (r->file == NULL)
        return 0;
    do {
        if (!read_record(r)) {
            errno = 0;
            return 0;
        }
    } while (r->text[0] == '#');
    r->header = calloc(r->n_fields, sizeof *r->header);
    if (r->header == NULL)
        return 0;
    r->n_header = r->n_fields;
    for (size_t i = 0; i < r->n_fields; i++) {
        const char *name = r->text + r->starts[i];
        if (i == 0 && (unsigned char)name[0] == 0xEF && (unsigned char)name[1] == 0xBB &&
            (unsigned char)name[2] == 0xBF)
            name += 3; /* UTF-8 byte order mark */
        r->header[i] = strdup(name);
        if (r->header[i] == NULL)
            return 0;
    }
    return 1;
}

int csv_reader_next(csv_reader *r)
{
    return read_record(r);
}

int csv_reader_column(const csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->n_header; i++)
        if (strcmp(r->header[i], name) == 0)
            return (int)i;
    return -1;
}

const char *csv_reader_field(const csv_reader *r, int column)
{
    if (column < 0 || (size_t)column >= r->n_fields)
        return "";
    return r->text + r->starts[column];
}

double csv_reader_number(const csv_reader *r, int column)
{
    const char *text = csv_reader_field(r, column);
    char *end = NULL;
    double value = strtod(text, &end);
    return end == text || *end != '\0' ? NAN : value;
}

void csv_reader_close(csv_reader *r)
{
    if (r->file != NULL)
        fclose(r->file);
    for (size_t i = 0; i < r->n_header; i++)
        free(r->header[i]);
    free(r->header);
    free(r->text);
    free(r->starts);
    memset(r, 0, sizeof *r);
}
