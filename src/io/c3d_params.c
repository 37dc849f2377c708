/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The C3D parameter section: a chain of group and parameter records, each pointing to the next. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/internal.h"
#include "io/bytes.h"
#include "io/c3d_internal.h"

#define C3D_BLOCK_BYTES 512

/* Far more than any real file has (groups are numbered up to 127); a bound on memory for junk. */
#define C3D_MAX_RECORDS 20000

void c3d_warn(gait_c3d *c3d, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    gait_vwarn(&c3d->warnings, format, args);
    va_end(args);
    c3d->info.n_warnings = c3d->warnings.count;
}

void c3d_free_params(c3d_params *params)
{
    for (size_t i = 0; i < params->n_groups; i++)
        free(params->groups[i].description);
    for (size_t i = 0; i < params->n_params; i++) {
        free(params->params[i].data);
        free(params->params[i].description);
    }
    free(params->groups);
    free(params->params);
    memset(params, 0, sizeof *params);
}

/* Copy n bytes of text, stopping at a NUL, into a NUL-terminated buffer. */
static void copy_text(char *out, size_t capacity, const uint8_t *text, size_t n)
{
    size_t length = n < capacity - 1 ? n : capacity - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

static char *dup_text(const uint8_t *text, size_t n)
{
    char *out = malloc(n + 1);
    if (out != NULL)
        copy_text(out, n + 1, text, n);
    return out;
}

/* The bytes of one record after its name and next-offset word: [at, end). */
typedef struct record_span {
    size_t at, end;
} record_span;

/* Read a description (a length byte then text) if it fits; NULL means none (or no memory). */
static char *read_description(const uint8_t *file, record_span span)
{
    if (span.at >= span.end)
        return NULL;
    size_t length = file[span.at];
    if (length > span.end - span.at - 1)
        length = span.end - span.at - 1;
    return dup_text(file + span.at + 1, length);
}

static gait_status add_group(gait_c3d *c3d, int id, const uint8_t *name, size_t name_length,
                             const uint8_t *file, record_span span)
{
    c3d_params *p = &c3d->params;
    c3d_group *grown =
        gait_array_reserve(p->groups, &p->groups_capacity, p->n_groups, sizeof *grown, 16);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory reading parameter groups", c3d->name);
    p->groups = grown;
    c3d_group *g = &p->groups[p->n_groups++];
    memset(g, 0, sizeof *g);
    g->id = id;
    copy_text(g->name, sizeof g->name, name, name_length);
    g->description = read_description(file, span);
    return GAIT_OK;
}

static size_t element_size(gait_c3d_param_type type)
{
    switch (type) {
    case GAIT_C3D_CHAR:
    case GAIT_C3D_BYTE:
        return 1;
    case GAIT_C3D_INTEGER:
        return 2;
    case GAIT_C3D_REAL:
        return 4;
    }
    return 0;
}

/* Decode n values of a parameter into host order. */
static void decode_values(void *out, const uint8_t *in, size_t n, gait_c3d_param_type type,
                          gait_c3d_processor processor)
{
    if (type == GAIT_C3D_INTEGER) {
        int16_t *v = out;
        for (size_t i = 0; i < n; i++)
            v[i] = gait_bytes_i16(in + 2 * i, processor);
    } else if (type == GAIT_C3D_REAL) {
        float *v = out;
        for (size_t i = 0; i < n; i++)
            v[i] = gait_bytes_f32(in + 4 * i, processor);
    } else {
        memcpy(out, in, n);
    }
}

/* Parse a parameter record's body; 0 and a warning when it does not fit its span. */
static gait_status add_param(gait_c3d *c3d, int group_id, const uint8_t *name, size_t name_length,
                             const uint8_t *file, record_span span, gait_c3d_processor processor,
                             int *ok)
{
    *ok = 0;
    char param_name[C3D_NAME_CAPACITY];
    copy_text(param_name, sizeof param_name, name, name_length);
    if (span.end - span.at < 2) {
        c3d_warn(c3d, "parameter %s at byte %zu is cut short; skipped", param_name, span.at);
        return GAIT_OK;
    }
    gait_c3d_param_shape shape = {0};
    shape.type = (gait_c3d_param_type)(int8_t)file[span.at];
    shape.n_dims = (int8_t)file[span.at + 1];
    size_t size = element_size(shape.type);
    if (size == 0 || shape.n_dims < 0 || shape.n_dims > GAIT_C3D_MAX_DIMS) {
        c3d_warn(c3d, "parameter %s at byte %zu has type %d and %d dimensions; skipped", param_name,
                 span.at, (int)shape.type, shape.n_dims);
        return GAIT_OK;
    }
    size_t at = span.at + 2;
    if ((size_t)shape.n_dims > span.end - at) {
        c3d_warn(c3d, "parameter %s: dimensions run past its record; skipped", param_name);
        return GAIT_OK;
    }
    /* Count values without overflow: stop as soon as they could not fit in the record. */
    size_t n_values = 1, room = span.end - at - (size_t)shape.n_dims;
    for (int d = 0; d < shape.n_dims; d++) {
        shape.dims[d] = file[at + (size_t)d];
        n_values *= (size_t)shape.dims[d];
        if (n_values > room / size)
            n_values = room / size + 1;
    }
    at += (size_t)shape.n_dims;
    if (n_values * size > span.end - at) {
        c3d_warn(c3d,
                 "parameter %s at byte %zu: its values run past its record (into the data "
                 "section or the end of the file); skipped",
                 param_name, span.at);
        return GAIT_OK;
    }
    shape.n_values = n_values;

    c3d_params *p = &c3d->params;
    c3d_param *grown =
        gait_array_reserve(p->params, &p->params_capacity, p->n_params, sizeof *grown, 64);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory reading parameters", c3d->name);
    p->params = grown;
    c3d_param *param = &p->params[p->n_params];
    memset(param, 0, sizeof *param);
    param->group_id = group_id;
    memcpy(param->name, param_name, sizeof param_name);
    param->shape = shape;
    param->data = malloc(n_values * size + 1);
    if (param->data == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory reading parameter %s", c3d->name,
                         param_name);
    decode_values(param->data, file + at, n_values, shape.type, processor);
    at += n_values * size;
    param->description = read_description(file, (record_span){at, span.end});
    p->n_params++;
    *ok = 1;
    return GAIT_OK;
}

gait_status c3d_parse_params(gait_c3d *c3d, const uint8_t *file, size_t size, size_t start,
                             gait_c3d_processor processor)
{
    if (!gait_bytes_in_range(start, 4, size))
        return gait_fail(GAIT_E_FORMAT,
                         "%s: the parameter section (byte %zu) lies beyond the end of the file "
                         "(%zu bytes)",
                         c3d->name, start, size);
    size_t declared_end = start + (size_t)file[start + 2] * C3D_BLOCK_BYTES;
    int warned_past_declared = 0;
    size_t position = start + 4;
    for (size_t n_records = 0;; n_records++) {
        if (n_records == C3D_MAX_RECORDS) {
            c3d_warn(c3d, "more than %d parameter records; ignoring the rest", C3D_MAX_RECORDS);
            break;
        }
        if (position >= size || (position + 1 == size && file[position] == 0))
            break; /* the section ends exactly at its limit */
        if (!gait_bytes_in_range(position, 2, size)) {
            c3d_warn(c3d,
                     "parameter section runs into the data section or the end of the file "
                     "at byte %zu",
                     position);
            break;
        }
        int name_chars = (int8_t)file[position];
        int id = (int8_t)file[position + 1];
        if (name_chars == 0 || id == 0)
            break; /* the normal end */
        size_t name_length = (size_t)abs(name_chars);
        size_t offset_at = position + 2 + name_length;
        if (!gait_bytes_in_range(position + 2, name_length + 2, size)) {
            c3d_warn(c3d, "parameter record at byte %zu runs past the end of the file", position);
            break;
        }
        if (position >= declared_end && !warned_past_declared) {
            c3d_warn(c3d,
                     "parameters continue past the %u blocks the parameter section declares "
                     "(byte %zu)",
                     file[start + 2], position);
            warned_past_declared = 1;
        }
        int next_offset = gait_bytes_i16(file + offset_at, processor);
        size_t next = 0;
        if (next_offset < 0 || (next_offset > 0 && next_offset < 2)) {
            c3d_warn(c3d,
                     "parameter record '%.*s' at byte %zu points backwards (offset %d); the "
                     "parameter section ends there",
                     (int)name_length, (const char *)file + position + 2, position, next_offset);
            break;
        }
        if (next_offset > 0) {
            next = offset_at + (size_t)next_offset;
            if (next > size) {
                c3d_warn(c3d, "parameter record at byte %zu points past the end of the file",
                         position);
                next = 0;
            }
        }
        record_span span = {offset_at + 2, next > 0 ? next : size};
        if (span.at > span.end)
            span.at = span.end;
        const uint8_t *name = file + position + 2;
        gait_status status = GAIT_OK;
        if (id < 0) {
            status = add_group(c3d, -id, name, name_length, file, span);
        } else {
            int ok;
            status = add_param(c3d, id, name, name_length, file, span, processor, &ok);
        }
        if (status != GAIT_OK)
            return status;
        if (next == 0)
            break;
        position = next;
    }
    return GAIT_OK;
}

const c3d_group *c3d_find_group(const gait_c3d *c3d, const char *group)
{
    for (size_t i = 0; i < c3d->params.n_groups; i++)
        if (strcasecmp(c3d->params.groups[i].name, group) == 0)
            return &c3d->params.groups[i];
    return NULL;
}

const c3d_param *c3d_find_param(const gait_c3d *c3d, const char *group, const char *name)
{
    const c3d_group *g = c3d_find_group(c3d, group);
    if (g == NULL)
        return NULL;
    for (size_t i = 0; i < c3d->params.n_params; i++) {
        const c3d_param *p = &c3d->params.params[i];
        if (p->group_id == g->id && strcasecmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

double c3d_param_value(const c3d_param *param, size_t k)
{
    if (param == NULL || k >= param->shape.n_values)
        return NAN;
    switch (param->shape.type) {
    case GAIT_C3D_BYTE:
        return ((const int8_t *)param->data)[k];
    case GAIT_C3D_INTEGER:
        return ((const int16_t *)param->data)[k];
    case GAIT_C3D_REAL:
        return ((const float *)param->data)[k];
    case GAIT_C3D_CHAR:
    default:
        return NAN;
    }
}

double c3d_param_number(const gait_c3d *c3d, const char *group, const char *name, double fallback)
{
    const c3d_param *p = c3d_find_param(c3d, group, name);
    double value = c3d_param_value(p, 0);
    return isnan(value) ? fallback : value;
}

size_t c3d_param_text_count(const c3d_param *param)
{
    if (param == NULL || param->shape.type != GAIT_C3D_CHAR)
        return 0;
    if (param->shape.n_dims <= 1)
        return param->shape.n_values > 0 || param->shape.n_dims == 0 ? 1 : 0;
    return param->shape.dims[0] == 0 ? 0 : param->shape.n_values / (size_t)param->shape.dims[0];
}

int c3d_param_text(const c3d_param *param, size_t k, char *out, size_t capacity)
{
    out[0] = '\0';
    if (k >= c3d_param_text_count(param))
        return 0;
    size_t length = param->shape.n_dims == 0 ? param->shape.n_values : (size_t)param->shape.dims[0];
    const char *text = (const char *)param->data + k * length;
    size_t n = 0;
    while (n < length && text[n] != '\0')
        n++;
    while (n > 0 && (isspace((unsigned char)text[n - 1]) || text[n - 1] == '\0'))
        n--;
    copy_text(out, capacity, (const uint8_t *)text, n);
    return 1;
}

/* ---- public parameter access ---- */

static gait_status find_for_api(const gait_c3d *c3d, const char *group, const char *name,
                                const c3d_param **param, const char *function)
{
    if (c3d == NULL || group == NULL || name == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    *param = c3d_find_param(c3d, group, name);
    if (*param == NULL)
        return gait_fail(GAIT_E_NO_DATA, "%s: %s has no parameter %s:%s", function, c3d->name,
                         group, name);
    return GAIT_OK;
}

gait_status gait_c3d_param_shape_of(const gait_c3d *c3d, const char *group, const char *name,
                                    gait_c3d_param_shape *shape)
{
    const c3d_param *param;
    gait_status status = find_for_api(c3d, group, name, &param, "gait_c3d_param_shape_of");
    if (status != GAIT_OK)
        return status;
    if (shape == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_param_shape_of: shape is NULL");
    *shape = param->shape;
    return GAIT_OK;
}

gait_status gait_c3d_param_doubles(const gait_c3d *c3d, const char *group, const char *name,
                                   double *values, size_t capacity, size_t *n_values)
{
    const c3d_param *param;
    gait_status status = find_for_api(c3d, group, name, &param, "gait_c3d_param_doubles");
    if (status != GAIT_OK)
        return status;
    if (param->shape.type == GAIT_C3D_CHAR)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_param_doubles: %s:%s holds text", group,
                         name);
    if (values == NULL && capacity > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_param_doubles: values is NULL");
    for (size_t k = 0; k < capacity && k < param->shape.n_values; k++)
        values[k] = c3d_param_value(param, k);
    if (n_values != NULL)
        *n_values = param->shape.n_values;
    return GAIT_OK;
}

gait_status gait_c3d_param_string(const gait_c3d *c3d, const char *group, const char *name,
                                  size_t index, char *out, size_t capacity)
{
    const c3d_param *param;
    gait_status status = find_for_api(c3d, group, name, &param, "gait_c3d_param_string");
    if (status != GAIT_OK)
        return status;
    if (out == NULL || capacity == 0)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_param_string: no output buffer");
    if (param->shape.type != GAIT_C3D_CHAR)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_param_string: %s:%s is not text", group,
                         name);
    if (!c3d_param_text(param, index, out, capacity))
        return gait_fail(GAIT_E_NO_DATA, "gait_c3d_param_string: %s:%s has no string %zu", group,
                         name, index);
    return GAIT_OK;
}
