/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building a C3D recording in memory: an empty handle, then points, analog channels, events, force
 * platforms and parameters added to its model (c3d_internal.h). c3d_write.c turns it into a file.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/internal.h"
#include "gait/c3d_write.h"
#include "io/c3d_internal.h"
#include "io/c3d_write_internal.h"

#define MM_IN_M          0.001
#define MAX_POINTS       65535
#define MAX_ANALOG_WORDS 65535 /* header word 3: channels x samples per frame */
#define MAX_EVENTS       255
#define MAX_PLATES       255
#define MAX_DIM          255
#define MAX_GROUP_ID     127
#define MAX_FRAME_NUMBER 4294967295.0 /* TRIAL:ACTUAL_END_FIELD: two 16-bit words */

static gait_status ensure_group(gait_c3d *c3d, const char *name, int *id, const char *function);

gait_status gait_c3d_create(double point_rate_hz, size_t n_frames, size_t analog_samples_per_frame,
                            long first_frame, gait_c3d **c3d)
{
    if (c3d == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_create: c3d is NULL");
    *c3d = NULL;
    if (!gait_is_positive_finite(point_rate_hz) || point_rate_hz > FLT_MAX)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_c3d_create: point_rate_hz %g must be positive and finite",
                         point_rate_hz);
    if (first_frame < 1)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_create: first_frame %ld must be >= 1",
                         first_frame);
    if ((double)first_frame + (double)n_frames - 1.0 > MAX_FRAME_NUMBER)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_c3d_create: frames %ld to %ld + %zu - 1 go past frame number "
                         "4294967295, the largest C3D can store",
                         first_frame, first_frame, n_frames);
    if (analog_samples_per_frame > MAX_ANALOG_WORDS)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_c3d_create: analog_samples_per_frame %zu is above 65535",
                         analog_samples_per_frame);
    gait_c3d *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_create: out of memory");
    snprintf(handle->name, sizeof handle->name, "(new recording)");
    gait_c3d_info *info = &handle->info;
    info->processor = GAIT_C3D_INTEL;
    info->storage = GAIT_C3D_FLOAT;
    info->point_rate_hz = point_rate_hz;
    info->n_frames = n_frames;
    info->first_frame = first_frame;
    /* As it reads back: POINT:SCALE is stored as a float. */
    info->point_scale = (double)(float)-GAIT_C3D_CREATE_RESIDUAL_UNIT_MM;
    snprintf(info->point_units, sizeof info->point_units, "mm");
    info->point_units_m = MM_IN_M;
    info->analog_samples_per_frame = analog_samples_per_frame;
    info->analog_rate_hz = point_rate_hz * (double)analog_samples_per_frame;
    /* POINT and ANALOG first, as numbers 1 and 2, as most writers have them. */
    int id;
    gait_status status = ensure_group(handle, "POINT", &id, "gait_c3d_create");
    if (status == GAIT_OK)
        status = ensure_group(handle, "ANALOG", &id, "gait_c3d_create");
    if (status != GAIT_OK) {
        gait_c3d_close(handle);
        return status;
    }
    *c3d = handle;
    return GAIT_OK;
}

/* ---- text checks ---- */

/* A label or unit as the writer can store it and the reader give back: printable ASCII, no
 * trailing space, shorter than GAIT_C3D_TEXT_CAPACITY; empty only when allow_empty. */
static gait_status check_text(const char *text, int allow_empty, const char *what,
                              const char *function)
{
    size_t n = 0;
    while (n < GAIT_C3D_TEXT_CAPACITY && text[n] != '\0') {
        unsigned char c = (unsigned char)text[n];
        if (c < 0x20 || c > 0x7E)
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: %s has byte 0x%02x at %zu; only printable ASCII is allowed",
                             function, what, c, n);
        n++;
    }
    if (n == GAIT_C3D_TEXT_CAPACITY)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: %s is longer than %d characters", function, what,
                         GAIT_C3D_TEXT_CAPACITY - 1);
    if (n == 0 && !allow_empty)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: %s is empty", function, what);
    if (n > 0 && text[n - 1] == ' ')
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: %s '%s' ends with a space, which C3D readers remove", function, what,
                         text);
    return GAIT_OK;
}

static gait_status check_unique(const char (*labels)[GAIT_C3D_TEXT_CAPACITY], size_t n,
                                const char *label, const char *function)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i], label) == 0)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: label '%s' is already used (index %zu)",
                             function, label, i);
    return GAIT_OK;
}

/* Grow a row-major table of n_rows x n_cols doubles by one column in place, moving rows from the
 * last; the new column is left for the caller. *table may be NULL when n_rows is 0. */
static gait_status add_column(double **table, size_t n_rows, size_t n_cols, size_t width,
                              const char *function)
{
    if (n_rows == 0)
        return GAIT_OK;
    size_t new_cols = n_cols + 1;
    if (new_cols > SIZE_MAX / width || n_rows > SIZE_MAX / (new_cols * width) ||
        n_rows * new_cols * width > SIZE_MAX / sizeof(double))
        return gait_fail(GAIT_E_NOMEM, "%s: %zu x %zu samples overflow memory", function, n_rows,
                         new_cols);
    double *grown = realloc(*table, n_rows * new_cols * width * sizeof *grown);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for %zu x %zu samples", function, n_rows,
                         new_cols);
    for (size_t r = n_rows; r-- > 0;)
        memmove(grown + r * new_cols * width, grown + r * n_cols * width,
                n_cols * width * sizeof *grown);
    *table = grown;
    return GAIT_OK;
}

static gait_status grow_labels(char (**labels)[GAIT_C3D_TEXT_CAPACITY], size_t n, const char *text,
                               const char *function)
{
    char(*grown)[GAIT_C3D_TEXT_CAPACITY] = realloc(*labels, (n + 1) * sizeof *grown);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for labels", function);
    *labels = grown;
    snprintf(grown[n], sizeof grown[n], "%s", text);
    return GAIT_OK;
}

/* ---- points and analog channels ---- */

gait_status gait_c3d_add_point(gait_c3d *c3d, const char *label, const double *xyz_m,
                               const double *residual_m)
{
    static const char *const fn = "gait_c3d_add_point";
    if (c3d == NULL || label == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", fn);
    gait_c3d_info *info = &c3d->info;
    const size_t n_frames = info->n_frames, n_points = info->n_points;
    if (xyz_m == NULL && n_frames > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: xyz_m is NULL", fn);
    gait_status status = check_text(label, 0, "label", fn);
    if (status == GAIT_OK)
        status = check_unique((const char(*)[GAIT_C3D_TEXT_CAPACITY])c3d->point_labels, n_points,
                              label, fn);
    if (status != GAIT_OK)
        return status;
    if (n_points >= MAX_POINTS)
        return gait_fail(GAIT_E_UNSUPPORTED, "%s: a C3D file holds at most %d points", fn,
                         MAX_POINTS);
    const double unit = info->point_units_m > 0 ? info->point_units_m : MM_IN_M;
    for (size_t k = 0; k < 3 * n_frames; k++) {
        double x = xyz_m[k];
        if (isinf(x) || (!isnan(x) && fabs(x / unit) > FLT_MAX))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: '%s' frame %zu axis %zu: %g m cannot be stored as a float in %s",
                             fn, label, k / 3, k % 3, x, info->point_units);
    }
    if ((status = grow_labels(&c3d->point_labels, n_points, label, fn)) != GAIT_OK)
        return status;
    if ((status = add_column(&c3d->points, n_frames, n_points, 4, fn)) != GAIT_OK)
        return status;
    for (size_t f = 0; f < n_frames; f++) {
        double *out = c3d->points + 4 * (f * (n_points + 1) + n_points);
        const double *xyz = xyz_m + 3 * f;
        double residual = residual_m != NULL ? residual_m[f] : 0.0;
        int missing = isnan(xyz[0]) || isnan(xyz[1]) || isnan(xyz[2]) || residual < 0;
        for (int a = 0; a < 3; a++)
            out[a] = missing ? NAN : xyz[a];
        out[3] = missing ? NAN : (isnan(residual) ? 0.0 : residual);
    }
    info->n_points = n_points + 1;
    return GAIT_OK;
}

gait_status gait_c3d_add_analog(gait_c3d *c3d, const char *label, const char *unit,
                                const double *values)
{
    static const char *const fn = "gait_c3d_add_analog";
    if (c3d == NULL || label == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", fn);
    gait_c3d_info *info = &c3d->info;
    const size_t per_frame = info->analog_samples_per_frame, channels = info->n_analog_channels;
    if (per_frame == 0)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: the recording has 0 analog samples per frame (see gait_c3d_create)",
                         fn);
    if (info->n_frames > SIZE_MAX / per_frame)
        return gait_fail(GAIT_E_NOMEM, "%s: %zu frames x %zu samples overflow", fn, info->n_frames,
                         per_frame);
    const size_t n_samples = info->n_frames * per_frame;
    if (values == NULL && n_samples > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: values is NULL", fn);
    gait_status status = check_text(label, 0, "label", fn);
    if (status == GAIT_OK)
        status = check_text(unit != NULL ? unit : "", 1, "unit", fn);
    if (status == GAIT_OK)
        status = check_unique((const char(*)[GAIT_C3D_TEXT_CAPACITY])c3d->analog_labels, channels,
                              label, fn);
    if (status != GAIT_OK)
        return status;
    if ((channels + 1) * per_frame > MAX_ANALOG_WORDS)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "%s: %zu channels x %zu samples per frame would exceed the 65535 analog "
                         "words a C3D frame can hold (header word 3)",
                         fn, channels + 1, per_frame);
    for (size_t k = 0; k < n_samples; k++)
        if (isinf(values[k]) || (!isnan(values[k]) && fabs(values[k]) > FLT_MAX))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: '%s' sample %zu: %g is beyond the float range", fn, label, k,
                             values[k]);
    if ((status = grow_labels(&c3d->analog_labels, channels, label, fn)) != GAIT_OK)
        return status;
    if ((status = grow_labels(&c3d->analog_units, channels, unit != NULL ? unit : "", fn)) !=
        GAIT_OK)
        return status;
    if ((status = add_column(&c3d->analog, n_samples, channels, 1, fn)) != GAIT_OK)
        return status;
    for (size_t k = 0; k < n_samples; k++)
        c3d->analog[k * (channels + 1) + channels] = values[k];
    info->n_analog_channels = channels + 1;
    return GAIT_OK;
}

/* ---- events ---- */

static gait_status check_field(const char *text, int allow_empty, const char *what,
                               const char *function)
{
    if (memchr(text, '\0', GAIT_C3D_TEXT_CAPACITY) == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: event %s is not NUL-terminated", function, what);
    return check_text(text, allow_empty, what, function);
}

gait_status gait_c3d_add_event(gait_c3d *c3d, const gait_c3d_event *event)
{
    static const char *const fn = "gait_c3d_add_event";
    if (c3d == NULL || event == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", fn);
    gait_status status = check_field(event->label, 0, "label", fn);
    if (status == GAIT_OK)
        status = check_field(event->context, 1, "context", fn);
    if (status == GAIT_OK)
        status = check_field(event->description, 1, "description", fn);
    if (status != GAIT_OK)
        return status;
    if (!isfinite(event->time_s) || fabs(event->time_s) > FLT_MAX)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: time_s %g is not finite", fn, event->time_s);
    size_t n = c3d->info.n_events;
    if (n >= MAX_EVENTS)
        return gait_fail(GAIT_E_UNSUPPORTED, "%s: EVENT:TIMES holds at most %d events", fn,
                         MAX_EVENTS);
    gait_c3d_event *grown = realloc(c3d->events, (n + 1) * sizeof *grown);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory", fn);
    c3d->events = grown;
    grown[n] = *event;
    grown[n].from_header = 0;
    c3d->info.n_events = n + 1;
    return GAIT_OK;
}

/* ---- parameters in the model ---- */

static size_t element_size(gait_c3d_param_type type)
{
    return type == GAIT_C3D_REAL ? 4 : type == GAIT_C3D_INTEGER ? 2 : 1;
}

static c3d_group *group_named(gait_c3d *c3d, const char *name)
{
    for (size_t i = 0; i < c3d->params.n_groups; i++)
        if (strcasecmp(c3d->params.groups[i].name, name) == 0)
            return &c3d->params.groups[i];
    return NULL;
}

static c3d_param *param_named(gait_c3d *c3d, int group_id, const char *name)
{
    for (size_t i = 0; i < c3d->params.n_params; i++) {
        c3d_param *p = &c3d->params.params[i];
        if (p->group_id == group_id && strcasecmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

/* Make room for `extra` more parameter records so that later appends cannot fail. */
static gait_status reserve_params(gait_c3d *c3d, size_t extra, const char *function)
{
    c3d_params *p = &c3d->params;
    /* Room for n_params + extra records: reserve as if n_params + extra - 1 were stored. */
    c3d_param *grown =
        gait_array_reserve(p->params, &p->params_capacity, p->n_params + extra, sizeof *grown, 64);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for parameters", function);
    p->params = grown;
    return GAIT_OK;
}

/* The id of group `name`, created (with the smallest free id) when absent. */
static gait_status ensure_group(gait_c3d *c3d, const char *name, int *id, const char *function)
{
    c3d_group *g = group_named(c3d, name);
    if (g != NULL) {
        *id = g->id;
        return GAIT_OK;
    }
    int free_id = 0;
    for (int candidate = 1; candidate <= MAX_GROUP_ID && free_id == 0; candidate++) {
        free_id = candidate;
        for (size_t i = 0; i < c3d->params.n_groups; i++)
            if (c3d->params.groups[i].id == candidate)
                free_id = 0;
    }
    if (free_id == 0)
        return gait_fail(GAIT_E_UNSUPPORTED, "%s: no free group number for %s (at most %d groups)",
                         function, name, MAX_GROUP_ID);
    c3d_params *p = &c3d->params;
    c3d_group *grown =
        gait_array_reserve(p->groups, &p->groups_capacity, p->n_groups, sizeof *grown, 16);
    if (grown == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for groups", function);
    p->groups = grown;
    g = &p->groups[p->n_groups++];
    memset(g, 0, sizeof *g);
    g->id = free_id;
    snprintf(g->name, sizeof g->name, "%s", name);
    *id = free_id;
    return GAIT_OK;
}

/* Replace or append GROUP_ID:NAME with data (malloc'd, taken over). Room must be reserved. */
static void put_param(gait_c3d *c3d, int group_id, const char *name, gait_c3d_param_shape shape,
                      void *data)
{
    c3d_param *p = param_named(c3d, group_id, name);
    if (p != NULL) {
        free(p->data);
    } else {
        p = &c3d->params.params[c3d->params.n_params++];
        memset(p, 0, sizeof *p);
        p->group_id = group_id;
        snprintf(p->name, sizeof p->name, "%s", name);
    }
    p->shape = shape;
    p->data = data;
}

/* Host-order values of `type` from doubles, checked against the type's range. */
static gait_status encode_numbers(gait_c3d_param_type type, const double *values, size_t n,
                                  void **data, const char *what, const char *function)
{
    *data = malloc(n * element_size(type) + 1);
    if (*data == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for %s", function, what);
    for (size_t k = 0; k < n; k++) {
        double v = values[k];
        double low = type == GAIT_C3D_BYTE ? -128 : type == GAIT_C3D_INTEGER ? -32768 : -FLT_MAX;
        double high = type == GAIT_C3D_BYTE ? 127 : type == GAIT_C3D_INTEGER ? 65535 : FLT_MAX;
        if (type != GAIT_C3D_REAL)
            v = nearbyint(v);
        if (!isfinite(v) || v < low || v > high) {
            free(*data);
            *data = NULL;
            return gait_fail(GAIT_E_INVALID_ARG, "%s: %s value %zu (%g) is outside %g..%g",
                             function, what, k, values[k], low, high);
        }
        if (type == GAIT_C3D_BYTE)
            ((int8_t *)*data)[k] = (int8_t)v;
        else if (type == GAIT_C3D_INTEGER)
            ((int16_t *)*data)[k] = (int16_t)(v > 32767 ? v - 65536 : v);
        else
            ((float *)*data)[k] = (float)v;
    }
    return GAIT_OK;
}

static gait_status check_name(const char *name, const char *what, const char *function)
{
    size_t n = 0;
    for (; name[n] != '\0' && n < C3D_NAME_CAPACITY; n++) {
        char c = name[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return gait_fail(GAIT_E_INVALID_ARG, "%s: %s '%s' may hold only A-Z, a-z, 0-9 and '_'",
                             function, what, name);
    }
    if (n == 0 || n >= C3D_NAME_CAPACITY)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: %s must have 1 to %d characters", function, what,
                         C3D_NAME_CAPACITY - 1);
    return GAIT_OK;
}

/* Store GROUP:NAME with the given shape and host-order data (taken over, freed on failure). */
static gait_status set_param(gait_c3d *c3d, const char *group, const char *name,
                             gait_c3d_param_shape shape, void *data, const char *function)
{
    int id;
    gait_status status = reserve_params(c3d, 1, function);
    if (status == GAIT_OK)
        status = ensure_group(c3d, group, &id, function);
    if (status != GAIT_OK) {
        free(data);
        return status;
    }
    put_param(c3d, id, name, shape, data);
    if (strcasecmp(group, "FORCE_PLATFORM") == 0 && strcasecmp(name, "USED") == 0) {
        double used = c3d_param_number(c3d, "FORCE_PLATFORM", "USED", 0.0);
        c3d->info.n_force_platforms = used > 0 ? (size_t)used : 0;
    }
    return GAIT_OK;
}

static gait_status check_group_and_name(gait_c3d *c3d, const char *group, const char *name,
                                        const char *function)
{
    if (c3d == NULL || group == NULL || name == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    gait_status status = check_name(group, "group", function);
    if (status == GAIT_OK)
        status = check_name(name, "name", function);
    if (status != GAIT_OK)
        return status;
    if (c3d_param_is_regenerated(group, name))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: %s:%s is written from the recording itself and cannot be set",
                         function, group, name);
    return GAIT_OK;
}

gait_status gait_c3d_set_param_numbers(gait_c3d *c3d, const char *group, const char *name,
                                       gait_c3d_param_type type, int n_dims, const int *dims,
                                       const double *values)
{
    static const char *const fn = "gait_c3d_set_param_numbers";
    gait_status status = check_group_and_name(c3d, group, name, fn);
    if (status != GAIT_OK)
        return status;
    if (type != GAIT_C3D_BYTE && type != GAIT_C3D_INTEGER && type != GAIT_C3D_REAL)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: type %d is not BYTE (1), INTEGER (2) or REAL (4); use "
                         "gait_c3d_set_param_text() for text",
                         fn, (int)type);
    if (n_dims < 0 || n_dims > GAIT_C3D_MAX_DIMS || (n_dims > 0 && dims == NULL))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: %d dimensions (0 to %d, dims non-NULL)", fn,
                         n_dims, GAIT_C3D_MAX_DIMS);
    gait_c3d_param_shape shape = {.type = type, .n_dims = n_dims, .n_values = 1};
    for (int d = 0; d < n_dims; d++) {
        if (dims[d] < 0 || dims[d] > MAX_DIM)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: dimension %d is %d, not 0 to 255", fn, d,
                             dims[d]);
        shape.dims[d] = dims[d];
        shape.n_values *= (size_t)dims[d];
    }
    /* 255^7 values cannot fit a parameter record (under 32 KiB); refuse before allocating. */
    if (shape.n_values * element_size(type) > 32767)
        return gait_fail(GAIT_E_UNSUPPORTED, "%s: %s:%s with %zu values exceeds a 32 KiB record",
                         fn, group, name, shape.n_values);
    if (values == NULL && shape.n_values > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: values is NULL", fn);
    void *data;
    if ((status = encode_numbers(type, values, shape.n_values, &data, name, fn)) != GAIT_OK)
        return status;
    return set_param(c3d, group, name, shape, data, fn);
}

gait_status gait_c3d_set_param_real(gait_c3d *c3d, const char *group, const char *name,
                                    const double *values, size_t n)
{
    if (n == 0 || n > MAX_DIM)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_set_param_real: n %zu is not 1 to 255", n);
    int dims[1] = {(int)n};
    return gait_c3d_set_param_numbers(c3d, group, name, GAIT_C3D_REAL, 1, dims, values);
}

gait_status gait_c3d_set_param_integer(gait_c3d *c3d, const char *group, const char *name,
                                       const double *values, size_t n)
{
    if (n == 0 || n > MAX_DIM)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_set_param_integer: n %zu is not 1 to 255",
                         n);
    int dims[1] = {(int)n};
    return gait_c3d_set_param_numbers(c3d, group, name, GAIT_C3D_INTEGER, 1, dims, values);
}

gait_status gait_c3d_set_param_text(gait_c3d *c3d, const char *group, const char *name,
                                    const char *const *strings, size_t n)
{
    static const char *const fn = "gait_c3d_set_param_text";
    gait_status status = check_group_and_name(c3d, group, name, fn);
    if (status != GAIT_OK)
        return status;
    if (strings == NULL || n == 0 || n > MAX_DIM)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: %zu strings (1 to 255, strings non-NULL)", fn, n);
    size_t width = 1;
    for (size_t i = 0; i < n; i++) {
        if (strings[i] == NULL)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: string %zu is NULL", fn, i);
        size_t length = strlen(strings[i]);
        if (length > MAX_DIM)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: string %zu has %zu bytes, more than 255", fn,
                             i, length);
        if (length > width)
            width = length;
    }
    gait_c3d_param_shape shape = {.type = GAIT_C3D_CHAR, .n_dims = n > 1 ? 2 : 1};
    shape.dims[0] = (int)width;
    shape.dims[1] = n > 1 ? (int)n : 0;
    shape.n_values = width * n;
    char *data = malloc(shape.n_values + 1);
    if (data == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory", fn);
    memset(data, ' ', shape.n_values);
    for (size_t i = 0; i < n; i++)
        memcpy(data + i * width, strings[i], strlen(strings[i]));
    return set_param(c3d, group, name, shape, data, fn);
}

/* ---- force platforms ---- */

/* Values of FORCE_PLATFORM:NAME laid out as `rows` values per plate for n plates (the old
 * parameter's own row count taken from its first dimension when it has more than one), padded with
 * `pad` (or the identity for CAL_MATRIX) into out[rows * n]. */
static void old_columns(const gait_c3d *c3d, const char *name, size_t rows, size_t n, double *out,
                        double pad, int identity)
{
    const c3d_param *p = c3d_find_param(c3d, "FORCE_PLATFORM", name);
    size_t old_rows = rows;
    if (p != NULL && p->shape.n_dims == 2 && p->shape.dims[0] > 0)
        old_rows = (size_t)p->shape.dims[0];
    for (size_t plate = 0; plate < n; plate++) {
        for (size_t r = 0; r < rows; r++) {
            double v = NAN;
            if (r < old_rows)
                v = c3d_param_value(p, plate * old_rows + r);
            if (isnan(v))
                v = identity ? (r % 7 == 0 ? 1.0 : 0.0) : pad;
            out[plate * rows + r] = v;
        }
    }
}

gait_status gait_c3d_add_force_plate(gait_c3d *c3d, int type, const double corners_m[12],
                                     const double origin_m[3], const size_t channel_indices[],
                                     size_t n_channels)
{
    static const char *const fn = "gait_c3d_add_force_plate";
    if (c3d == NULL || corners_m == NULL || origin_m == NULL || channel_indices == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", fn);
    if (type < 1 || type > 4)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: type %d is not 1, 2, 3 or 4", fn, type);
    size_t wanted = type == 3 ? 8 : 6;
    if (n_channels != wanted)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: a type-%d plate has %zu channels, not %zu", fn,
                         type, wanted, n_channels);
    for (size_t i = 0; i < n_channels; i++)
        if (channel_indices[i] >= c3d->info.n_analog_channels)
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: channel %zu is analog channel %zu of %zu; add the channels "
                             "first",
                             fn, i, channel_indices[i], c3d->info.n_analog_channels);
    const double unit = c3d->info.point_units_m > 0 ? c3d->info.point_units_m : MM_IN_M;
    for (size_t k = 0; k < 15; k++) {
        double v = k < 12 ? corners_m[k] : origin_m[k - 12];
        if (!isfinite(v) || fabs(v / unit) > FLT_MAX)
            return gait_fail(GAIT_E_INVALID_ARG, "%s: %s value %zu (%g m) is not finite", fn,
                             k < 12 ? "corner" : "origin", k < 12 ? k : k - 12, v);
    }

    double used = c3d_param_number(c3d, "FORCE_PLATFORM", "USED", 0.0);
    size_t n_old = used > 0 ? (size_t)used : 0;
    if (n_old >= MAX_PLATES)
        return gait_fail(GAIT_E_UNSUPPORTED, "%s: FORCE_PLATFORM holds at most %d plates", fn,
                         MAX_PLATES);
    const size_t n = n_old + 1;
    const c3d_param *old_channel = c3d_find_param(c3d, "FORCE_PLATFORM", "CHANNEL");
    size_t rows = wanted;
    if (n_old > 0 && old_channel != NULL && old_channel->shape.n_dims == 2 &&
        (size_t)old_channel->shape.dims[0] > rows)
        rows = (size_t)old_channel->shape.dims[0];
    const int with_cal = type == 4 || c3d_find_param(c3d, "FORCE_PLATFORM", "CAL_MATRIX") != NULL;
    const int with_zero = c3d_find_param(c3d, "FORCE_PLATFORM", "ZERO") == NULL;

    /* Build every new value first, so that a failure leaves the model as it was. */
    size_t n_values = 1 + n + 12 * n + 3 * n + rows * n + (with_cal ? 36 * n : 0) + 2;
    double *all = malloc(n_values * sizeof *all);
    void *data[7] = {0};
    if (all == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory", fn);
    double *v_used = all, *v_type = v_used + 1, *v_corners = v_type + n,
           *v_origin = v_corners + 12 * n;
    double *v_channel = v_origin + 3 * n, *v_cal = v_channel + rows * n;
    double *v_zero = v_cal + (with_cal ? 36 * n : 0);
    v_used[0] = (double)n;
    old_columns(c3d, "TYPE", 1, n_old, v_type, 0.0, 0);
    v_type[n_old] = type;
    old_columns(c3d, "CORNERS", 12, n_old, v_corners, 0.0, 0);
    for (size_t k = 0; k < 12; k++)
        v_corners[12 * n_old + k] = corners_m[k] / unit;
    old_columns(c3d, "ORIGIN", 3, n_old, v_origin, 0.0, 0);
    for (size_t k = 0; k < 3; k++)
        v_origin[3 * n_old + k] = origin_m[k] / unit;
    old_columns(c3d, "CHANNEL", rows, n_old, v_channel, 0.0, 0);
    for (size_t r = 0; r < rows; r++)
        v_channel[rows * n_old + r] = r < n_channels ? (double)channel_indices[r] + 1.0 : 0.0;
    if (with_cal) {
        old_columns(c3d, "CAL_MATRIX", 36, n, v_cal, 0.0, 1);
        for (size_t r = 0; r < 36; r++)
            v_cal[36 * n_old + r] = r % 7 == 0 ? 1.0 : 0.0;
    }
    v_zero[0] = v_zero[1] = 0.0;

    static const char *const names[7] = {"USED",    "TYPE",       "CORNERS", "ORIGIN",
                                         "CHANNEL", "CAL_MATRIX", "ZERO"};
    gait_c3d_param_shape shapes[7] = {
        {.type = GAIT_C3D_INTEGER, .n_dims = 0, .n_values = 1},
        {.type = GAIT_C3D_INTEGER, .n_dims = 1, .dims = {(int)n}, .n_values = n},
        {.type = GAIT_C3D_REAL, .n_dims = 3, .dims = {3, 4, (int)n}, .n_values = 12 * n},
        {.type = GAIT_C3D_REAL, .n_dims = 2, .dims = {3, (int)n}, .n_values = 3 * n},
        {.type = GAIT_C3D_INTEGER, .n_dims = 2, .dims = {(int)rows, (int)n}, .n_values = rows * n},
        {.type = GAIT_C3D_REAL, .n_dims = 3, .dims = {6, 6, (int)n}, .n_values = 36 * n},
        {.type = GAIT_C3D_INTEGER, .n_dims = 1, .dims = {2}, .n_values = 2},
    };
    const double *sources[7] = {v_used, v_type, v_corners, v_origin, v_channel, v_cal, v_zero};
    const int wanted_param[7] = {1, 1, 1, 1, 1, with_cal, with_zero};
    gait_status status = GAIT_OK;
    for (int i = 0; i < 7 && status == GAIT_OK; i++)
        if (wanted_param[i])
            status = encode_numbers(shapes[i].type, sources[i], shapes[i].n_values, &data[i],
                                    names[i], fn);
    free(all);
    int id = 0;
    if (status == GAIT_OK)
        status = reserve_params(c3d, 7, fn);
    if (status == GAIT_OK)
        status = ensure_group(c3d, "FORCE_PLATFORM", &id, fn);
    if (status != GAIT_OK) {
        for (int i = 0; i < 7; i++)
            free(data[i]);
        return status;
    }
    for (int i = 0; i < 7; i++)
        if (wanted_param[i])
            put_param(c3d, id, names[i], shapes[i], data[i]);
    c3d->info.n_force_platforms = n;
    return GAIT_OK;
}
