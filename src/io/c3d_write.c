/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a C3D file from the model behind a gait_c3d handle: Intel, float storage, the header and
 * the POINT/ANALOG/EVENT/TRIAL parameters regenerated from the model, every other parameter copied.
 * The rules are documented in gait/c3d_write.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/internal.h"
#include "gait/c3d_write.h"
#include "io/bytes.h"
#include "io/c3d_internal.h"
#include "io/c3d_write_internal.h"

#define BLOCK_BYTES          512
#define HEADER_KEY           0x50
#define INTEL_PROCESSOR_BYTE 84
#define EVENT_KEY            12345
#define MAX_HEADER_EVENTS    18
#define MAX_PARAM_BLOCKS     255   /* the parameter section's block count is one byte */
#define MAX_RECORD_OFFSET    32767 /* the next-record offset is a signed 16-bit word */
#define MAX_PER_PARAM        255   /* a dimension is one byte */
#define MAX_CONTINUATIONS    99    /* LABELS, LABELS2, ... LABELS99: as far as readers look */
#define MAX_POINTS           65535
#define MAX_ANALOG_WORDS     65535
#define MAX_EVENTS           255
#define MAX_GROUP_ID         127
#define MAX_HEADER_FRAME     65535
#define DESCRIPTION_CAPACITY 256
#define MM_IN_M              0.001

/* Header word w (1-based, as the C3D documentation counts) starts at byte 2 * (w - 1). */
#define HEADER_WORD(w) (2 * ((w)-1))

/* ---- which parameters the writer owns ---- */

/* name is base, or base followed by digits (a continuation: LABELS2, SCALE3, ...). */
static int is_series(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncasecmp(name, base, n) != 0)
        return 0;
    for (const char *c = name + n; *c != '\0'; c++)
        if (!isdigit((unsigned char)*c))
            return 0;
    return 1;
}

static int is_one_of(const char *name, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcasecmp(name, *list) == 0)
            return 1;
    return 0;
}

int c3d_param_is_regenerated(const char *group, const char *name)
{
    static const char *const point[] = {"USED",   "SCALE",       "RATE",  "DATA_START",
                                        "FRAMES", "LONG_FRAMES", "UNITS", NULL};
    static const char *const analog[] = {"USED", "RATE", "GEN_SCALE", "FORMAT", NULL};
    static const char *const event[] = {"USED", "TIMES", NULL};
    static const char *const trial[] = {"ACTUAL_START_FIELD", "ACTUAL_END_FIELD", NULL};
    if (strcasecmp(group, "POINT") == 0)
        return is_one_of(name, point) || is_series(name, "LABELS");
    if (strcasecmp(group, "ANALOG") == 0)
        return is_one_of(name, analog) || is_series(name, "LABELS") || is_series(name, "UNITS") ||
               is_series(name, "SCALE") || is_series(name, "OFFSET");
    if (strcasecmp(group, "EVENT") == 0)
        return is_one_of(name, event) || is_series(name, "LABELS") || is_series(name, "CONTEXTS") ||
               is_series(name, "DESCRIPTIONS");
    if (strcasecmp(group, "TRIAL") == 0)
        return is_one_of(name, trial);
    return 0;
}

int c3d_param_is_rebuilt(const char *group, const char *name)
{
    return c3d_param_is_regenerated(group, name) ||
           ((strcasecmp(group, "POINT") == 0 || strcasecmp(group, "ANALOG") == 0) &&
            is_series(name, "DESCRIPTIONS"));
}

/* ---- the list of parameter records to write ---- */

typedef struct record {
    int group_id; /* positive */
    int is_group;
    char name[C3D_NAME_CAPACITY];
    const char *description; /* may be NULL */
    gait_c3d_param_shape shape;
    const void *data; /* host order, shape.n_values elements */
    void *owned;      /* freed with the plan */
} record;

typedef struct plan {
    const gait_c3d *c3d;
    record *records;
    size_t n, capacity;
} plan;

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->records[i].owned);
    free(p->records);
    memset(p, 0, sizeof *p);
}

/* Append r (taking over r->owned, freed on failure). */
static gait_status plan_push(plan *p, const record *r)
{
    record *grown = gait_array_reserve(p->records, &p->capacity, p->n, sizeof *grown, 64);
    if (grown == NULL) {
        free(r->owned);
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_write: %s: out of memory for parameters",
                         p->c3d->name);
    }
    p->records = grown;
    p->records[p->n++] = *r;
    return GAIT_OK;
}

static gait_status plan_group(plan *p, int id, const char *name, const char *description)
{
    record r = {.group_id = id, .is_group = 1, .description = description};
    snprintf(r.name, sizeof r.name, "%s", name);
    return plan_push(p, &r);
}

static gait_status plan_copy(plan *p, const c3d_param *param)
{
    record r = {.group_id = param->group_id,
                .description = param->description,
                .shape = param->shape,
                .data = param->data};
    snprintf(r.name, sizeof r.name, "%s", param->name);
    return plan_push(p, &r);
}

static size_t element_size(gait_c3d_param_type type)
{
    return type == GAIT_C3D_REAL ? 4 : type == GAIT_C3D_INTEGER ? 2 : 1;
}

/* A numeric parameter from n doubles (known to fit the type); dims may be NULL for a scalar. */
static gait_status plan_numbers(plan *p, int group_id, const char *name, gait_c3d_param_type type,
                                int n_dims, const int *dims, const double *values)
{
    record r = {.group_id = group_id, .shape = {.type = type, .n_dims = n_dims, .n_values = 1}};
    snprintf(r.name, sizeof r.name, "%s", name);
    for (int d = 0; d < n_dims; d++) {
        r.shape.dims[d] = dims[d];
        r.shape.n_values *= (size_t)dims[d];
    }
    r.owned = malloc(r.shape.n_values * element_size(type) + 1);
    if (r.owned == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_write: out of memory for %s", name);
    for (size_t k = 0; k < r.shape.n_values; k++) {
        if (type == GAIT_C3D_INTEGER)
            ((int16_t *)r.owned)[k] = (int16_t)(values[k] > 32767 ? values[k] - 65536 : values[k]);
        else if (type == GAIT_C3D_REAL)
            ((float *)r.owned)[k] = (float)values[k];
        else
            ((int8_t *)r.owned)[k] = (int8_t)values[k];
    }
    r.data = r.owned;
    return plan_push(p, &r);
}

static gait_status plan_scalar(plan *p, int group_id, const char *name, gait_c3d_param_type type,
                               double value)
{
    return plan_numbers(p, group_id, name, type, 0, NULL, &value);
}

/* n strings (string i at strings + i * stride), as CHAR (longest, n); one_d: (longest) for n 1. */
static gait_status plan_texts(plan *p, int group_id, const char *name, const char *strings,
                              size_t stride, size_t n, int one_d)
{
    size_t width = 1;
    for (size_t i = 0; i < n; i++) {
        size_t length = strlen(strings + i * stride);
        if (length > width)
            width = length;
    }
    if (width > MAX_PER_PARAM)
        width = MAX_PER_PARAM;
    record r = {.group_id = group_id, .shape = {.type = GAIT_C3D_CHAR}};
    snprintf(r.name, sizeof r.name, "%s", name);
    r.shape.n_dims = one_d && n == 1 ? 1 : 2;
    r.shape.dims[0] = (int)width;
    r.shape.dims[1] = r.shape.n_dims == 2 ? (int)n : 0;
    r.shape.n_values = width * n;
    char *text = malloc(r.shape.n_values + 1);
    if (text == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_write: out of memory for %s", name);
    memset(text, ' ', r.shape.n_values);
    for (size_t i = 0; i < n; i++) {
        const char *s = strings + i * stride;
        size_t length = strlen(s);
        memcpy(text + i * width, s, length < width ? length : width);
    }
    r.owned = text;
    r.data = text;
    return plan_push(p, &r);
}

/* Name of part `part` (0-based) of a series: BASE, BASE2, BASE3, ... */
static void series_name(char *out, size_t capacity, const char *base, size_t part)
{
    if (part == 0)
        snprintf(out, capacity, "%s", base);
    else
        snprintf(out, capacity, "%s%zu", base, part + 1);
}

static gait_status check_series(const plan *p, const char *group, const char *base, size_t n)
{
    if (n > (size_t)MAX_CONTINUATIONS * MAX_PER_PARAM)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "gait_c3d_write: %s: %zu values of %s:%s need more than %d continuation "
                         "parameters",
                         p->c3d->name, n, group, base, MAX_CONTINUATIONS);
    return GAIT_OK;
}

/* n strings split 255 to a parameter: BASE, BASE2, ...; nothing when n is 0. */
static gait_status plan_text_series(plan *p, int group_id, const char *group, const char *base,
                                    const char *strings, size_t stride, size_t n)
{
    gait_status status = check_series(p, group, base, n);
    for (size_t part = 0; status == GAIT_OK && part * MAX_PER_PARAM < n; part++) {
        char name[C3D_NAME_CAPACITY];
        series_name(name, sizeof name, base, part);
        size_t start = part * MAX_PER_PARAM, count = n - start;
        if (count > MAX_PER_PARAM)
            count = MAX_PER_PARAM;
        status = plan_texts(p, group_id, name, strings + start * stride, stride, count, 0);
    }
    return status;
}

/* n copies of `value` split 255 to a one-dimensional parameter: BASE, BASE2, ... */
static gait_status plan_constant_series(plan *p, int group_id, const char *group, const char *base,
                                        gait_c3d_param_type type, double value, size_t n)
{
    double values[MAX_PER_PARAM];
    for (size_t k = 0; k < MAX_PER_PARAM; k++)
        values[k] = value;
    gait_status status = check_series(p, group, base, n);
    for (size_t part = 0; status == GAIT_OK && part * MAX_PER_PARAM < n; part++) {
        char name[C3D_NAME_CAPACITY];
        series_name(name, sizeof name, base, part);
        size_t count = n - part * MAX_PER_PARAM;
        int dims[1] = {(int)(count > MAX_PER_PARAM ? MAX_PER_PARAM : count)};
        status = plan_numbers(p, group_id, name, type, 1, dims, values);
    }
    return status;
}

/* ---- what the file will hold ---- */

typedef struct layout {
    size_t n_points, n_channels, per_frame, n_frames, n_events;
    size_t frame_bytes, data_bytes;
    double first, last; /* frame numbers */
    int need_trial;     /* frame numbers beyond the header's 16 bits, or TRIAL fields read */
    float scale;        /* POINT:SCALE, negative */
    double residual_m;  /* metres per residual unit */
    double units_m;     /* metres per POINT:UNITS unit */
    char units[GAIT_C3D_TEXT_CAPACITY];
} layout;

static gait_status plan_layout(const gait_c3d *c3d, layout *l)
{
    const gait_c3d_info *info = &c3d->info;
    memset(l, 0, sizeof *l);
    l->n_points = info->n_points;
    l->n_channels = info->n_analog_channels;
    l->per_frame = l->n_channels > 0 ? info->analog_samples_per_frame : 0;
    l->n_frames = info->n_frames;
    l->n_events = info->n_events;
    if (l->n_points > MAX_POINTS)
        return gait_fail(GAIT_E_UNSUPPORTED, "gait_c3d_write: %s: %zu points; C3D holds 65535",
                         c3d->name, l->n_points);
    if (l->per_frame > 0 && l->n_channels > MAX_ANALOG_WORDS / l->per_frame)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "gait_c3d_write: %s: %zu analog channels x %zu samples per frame exceed "
                         "the 65535 of header word 3",
                         c3d->name, l->n_channels, l->per_frame);
    if (l->n_events > MAX_EVENTS)
        return gait_fail(GAIT_E_UNSUPPORTED, "gait_c3d_write: %s: %zu events; EVENT holds 255",
                         c3d->name, l->n_events);
    if (info->first_frame < 0)
        return gait_fail(GAIT_E_UNSUPPORTED, "gait_c3d_write: %s: first frame %ld is negative",
                         c3d->name, info->first_frame);
    l->first = (double)info->first_frame;
    l->last = l->first + (double)l->n_frames - 1.0;
    if (l->last > 4294967295.0)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "gait_c3d_write: %s: last frame number %.0f is beyond 32 bits", c3d->name,
                         l->last);
    l->need_trial = l->first > MAX_HEADER_FRAME || l->last > MAX_HEADER_FRAME ||
                    c3d_find_param(c3d, "TRIAL", "ACTUAL_START_FIELD") != NULL ||
                    c3d_find_param(c3d, "TRIAL", "ACTUAL_END_FIELD") != NULL;

    double scale = fabs(info->point_scale);
    l->scale = isfinite(scale) && scale > 0 && scale < 3.0e38 ? (float)-scale : -1.0f;
    l->units_m = gait_is_positive_finite(info->point_units_m) ? info->point_units_m : MM_IN_M;
    snprintf(l->units, sizeof l->units, "%s",
             c3d_length_unit_m(info->point_units) != 0.0 ? info->point_units : "mm");
    l->residual_m = fabs((double)l->scale) * l->units_m;

    size_t words = 4 * l->n_points + l->n_channels * l->per_frame; /* at most 4 x 65535 + 65535 */
    l->frame_bytes = 4 * words;
    if (l->frame_bytes > 0 && l->n_frames > (SIZE_MAX / 2) / l->frame_bytes)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_write: %s: %zu frames of %zu bytes overflow",
                         c3d->name, l->n_frames, l->frame_bytes);
    l->data_bytes = l->n_frames * l->frame_bytes;
    return GAIT_OK;
}

/* ---- regenerated groups ---- */

/* n strings from GROUP:BASE, BASE2, ... of the model ("" where missing). */
static void collect_strings(const gait_c3d *c3d, const char *group, const char *base, size_t n,
                            char (*out)[DESCRIPTION_CAPACITY])
{
    size_t found = 0;
    for (size_t part = 0; found < n && part < MAX_CONTINUATIONS; part++) {
        char name[C3D_NAME_CAPACITY];
        series_name(name, sizeof name, base, part);
        const c3d_param *p = c3d_find_param(c3d, group, name);
        if (p == NULL)
            break;
        size_t count = c3d_param_text_count(p);
        for (size_t k = 0; k < count && found < n; k++, found++)
            c3d_param_text(p, k, out[found], DESCRIPTION_CAPACITY);
    }
}

/* DESCRIPTIONS for n points or channels: the model's strings re-split, "" for the rest. */
static gait_status plan_descriptions(plan *p, int group_id, const char *group, size_t n)
{
    if (n == 0)
        return GAIT_OK;
    char(*text)[DESCRIPTION_CAPACITY] = calloc(n, sizeof *text);
    if (text == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_write: out of memory for %s:DESCRIPTIONS", group);
    collect_strings(p->c3d, group, "DESCRIPTIONS", n, text);
    gait_status status =
        plan_text_series(p, group_id, group, "DESCRIPTIONS", text[0], sizeof *text, n);
    free(text);
    return status;
}

static gait_status plan_point(plan *p, int id, const layout *l, size_t *data_start_record)
{
    const gait_c3d *c3d = p->c3d;
    gait_status status = plan_scalar(p, id, "USED", GAIT_C3D_INTEGER, (double)l->n_points);
    if (status == GAIT_OK)
        status = plan_scalar(p, id, "SCALE", GAIT_C3D_REAL, l->scale);
    if (status == GAIT_OK)
        status = plan_scalar(p, id, "RATE", GAIT_C3D_REAL, c3d->info.point_rate_hz);
    if (status == GAIT_OK) {
        *data_start_record = p->n;
        status = plan_scalar(p, id, "DATA_START", GAIT_C3D_INTEGER, 0.0); /* set when laid out */
    }
    if (status == GAIT_OK)
        status =
            plan_scalar(p, id, "FRAMES", GAIT_C3D_INTEGER,
                        l->n_frames > MAX_HEADER_FRAME ? MAX_HEADER_FRAME : (double)l->n_frames);
    if (status == GAIT_OK)
        status = plan_texts(p, id, "UNITS", l->units, 0, 1, 1);
    if (status == GAIT_OK && l->n_points > 0)
        status = plan_text_series(p, id, "POINT", "LABELS", c3d->point_labels[0],
                                  sizeof *c3d->point_labels, l->n_points);
    if (status == GAIT_OK)
        status = plan_descriptions(p, id, "POINT", l->n_points);
    return status;
}

/* The handle's analog rate (as read, so it reads back the same), or point rate x samples per
 * frame when that is unusable or disagrees as the reader would not accept. */
static double analog_rate_hz(const gait_c3d *c3d, const layout *l)
{
    double rate = c3d->info.analog_rate_hz;
    if (l->n_channels == 0)
        return gait_is_positive_finite(rate) && rate < 3.0e38 ? rate : 0.0;
    double from_ratio = c3d->info.point_rate_hz * (double)l->per_frame;
    return gait_is_positive_finite(rate) && fabs(rate - from_ratio) <= 1e-4 * from_ratio
               ? rate
               : from_ratio;
}

static gait_status plan_analog(plan *p, int id, const layout *l)
{
    const gait_c3d *c3d = p->c3d;
    const size_t n = l->n_channels;
    gait_status status = plan_scalar(p, id, "USED", GAIT_C3D_INTEGER, (double)n);
    if (status == GAIT_OK && n > 0)
        status = plan_text_series(p, id, "ANALOG", "LABELS", c3d->analog_labels[0],
                                  sizeof *c3d->analog_labels, n);
    if (status == GAIT_OK)
        status = plan_descriptions(p, id, "ANALOG", n);
    if (status == GAIT_OK && n > 0)
        status = plan_text_series(p, id, "ANALOG", "UNITS", c3d->analog_units[0],
                                  sizeof *c3d->analog_units, n);
    if (status == GAIT_OK)
        status = plan_constant_series(p, id, "ANALOG", "SCALE", GAIT_C3D_REAL, 1.0, n);
    if (status == GAIT_OK)
        status = plan_constant_series(p, id, "ANALOG", "OFFSET", GAIT_C3D_INTEGER, 0.0, n);
    if (status == GAIT_OK)
        status = plan_scalar(p, id, "GEN_SCALE", GAIT_C3D_REAL, 1.0);
    if (status == GAIT_OK)
        status = plan_scalar(p, id, "RATE", GAIT_C3D_REAL, analog_rate_hz(c3d, l));
    return status;
}

static gait_status plan_event(plan *p, int id, const layout *l)
{
    const gait_c3d *c3d = p->c3d;
    const size_t n = l->n_events;
    gait_status status = plan_scalar(p, id, "USED", GAIT_C3D_INTEGER, (double)n);
    if (status != GAIT_OK || n == 0)
        return status;
    double times[2 * MAX_EVENTS];
    for (size_t i = 0; i < n; i++) {
        /* Whole minutes, then the seconds left: both exact for times read from a file. */
        double t = c3d->events[i].time_s, minutes = floor(t / 60.0);
        times[2 * i] = minutes;
        times[2 * i + 1] = t - 60.0 * minutes;
    }
    int dims[2] = {2, (int)n};
    status = plan_numbers(p, id, "TIMES", GAIT_C3D_REAL, 2, dims, times);
    if (status == GAIT_OK)
        status = plan_texts(p, id, "LABELS", c3d->events[0].label, sizeof *c3d->events, n, 0);
    if (status == GAIT_OK)
        status = plan_texts(p, id, "CONTEXTS", c3d->events[0].context, sizeof *c3d->events, n, 0);
    if (status == GAIT_OK)
        status = plan_texts(p, id, "DESCRIPTIONS", c3d->events[0].description, sizeof *c3d->events,
                            n, 0);
    return status;
}

static gait_status plan_trial(plan *p, int id, const layout *l)
{
    double start = l->first, end = l->last < 0 ? 0 : l->last;
    double start_words[2] = {fmod(start, 65536.0), floor(start / 65536.0)};
    double end_words[2] = {fmod(end, 65536.0), floor(end / 65536.0)};
    int dims[1] = {2};
    gait_status status =
        plan_numbers(p, id, "ACTUAL_START_FIELD", GAIT_C3D_INTEGER, 1, dims, start_words);
    if (status == GAIT_OK)
        status = plan_numbers(p, id, "ACTUAL_END_FIELD", GAIT_C3D_INTEGER, 1, dims, end_words);
    return status;
}

/* ---- the whole parameter section ---- */

typedef enum group_kind { KIND_OTHER, KIND_POINT, KIND_ANALOG, KIND_EVENT, KIND_TRIAL } group_kind;

static group_kind kind_of(const char *name)
{
    if (strcasecmp(name, "POINT") == 0)
        return KIND_POINT;
    if (strcasecmp(name, "ANALOG") == 0)
        return KIND_ANALOG;
    if (strcasecmp(name, "EVENT") == 0)
        return KIND_EVENT;
    if (strcasecmp(name, "TRIAL") == 0)
        return KIND_TRIAL;
    return KIND_OTHER;
}

static int id_in_use(const gait_c3d *c3d, const int *extra, size_t n_extra, int id)
{
    for (size_t i = 0; i < c3d->params.n_groups; i++)
        if (c3d->params.groups[i].id == id)
            return 1;
    for (size_t i = 0; i < n_extra; i++)
        if (extra[i] == id)
            return 1;
    return 0;
}

/* Ids for the standard groups the model lacks: POINT, ANALOG always; EVENT with events; TRIAL when
 * needed. 0 when the model has the group (or it is not wanted). */
static gait_status new_group_ids(const gait_c3d *c3d, const layout *l, int ids[5])
{
    int wanted[5] = {0, c3d_find_group(c3d, "POINT") == NULL, c3d_find_group(c3d, "ANALOG") == NULL,
                     l->n_events > 0 && c3d_find_group(c3d, "EVENT") == NULL,
                     l->need_trial && c3d_find_group(c3d, "TRIAL") == NULL};
    int taken[5] = {0};
    size_t n_taken = 0;
    for (int kind = 0; kind < 5; kind++) {
        ids[kind] = 0;
        if (!wanted[kind])
            continue;
        for (int id = 1; id <= MAX_GROUP_ID && ids[kind] == 0; id++)
            if (!id_in_use(c3d, taken, n_taken, id))
                ids[kind] = id;
        if (ids[kind] == 0)
            return gait_fail(GAIT_E_UNSUPPORTED, "gait_c3d_write: %s: no free group number left",
                             c3d->name);
        taken[n_taken++] = ids[kind];
    }
    return GAIT_OK;
}

static gait_status plan_regenerated(plan *p, group_kind kind, int id, const layout *l,
                                    size_t *data_start_record)
{
    switch (kind) {
    case KIND_POINT:
        return plan_point(p, id, l, data_start_record);
    case KIND_ANALOG:
        return plan_analog(p, id, l);
    case KIND_EVENT:
        return plan_event(p, id, l);
    case KIND_TRIAL:
        return l->need_trial ? plan_trial(p, id, l) : GAIT_OK;
    case KIND_OTHER:
    default:
        return GAIT_OK;
    }
}

static gait_status plan_new_group(plan *p, group_kind kind, int id, const layout *l,
                                  size_t *data_start_record)
{
    static const char *const names[5] = {"", "POINT", "ANALOG", "EVENT", "TRIAL"};
    if (id == 0)
        return GAIT_OK;
    gait_status status = plan_group(p, id, names[kind], NULL);
    if (status == GAIT_OK)
        status = plan_regenerated(p, kind, id, l, data_start_record);
    return status;
}

static gait_status build_plan(plan *p, const layout *l, size_t *data_start_record)
{
    const gait_c3d *c3d = p->c3d;
    int ids[5];
    gait_status status = new_group_ids(c3d, l, ids);
    if (status == GAIT_OK)
        status = plan_new_group(p, KIND_POINT, ids[KIND_POINT], l, data_start_record);
    if (status == GAIT_OK)
        status = plan_new_group(p, KIND_ANALOG, ids[KIND_ANALOG], l, data_start_record);
    const c3d_params *model = &c3d->params;
    for (size_t g = 0; g < model->n_groups && status == GAIT_OK; g++) {
        const c3d_group *group = &model->groups[g];
        int duplicate = group->name[0] == '\0' || group->id <= 0 || group->id > MAX_GROUP_ID;
        for (size_t h = 0; h < g && !duplicate; h++)
            duplicate = model->groups[h].id == group->id;
        if (duplicate)
            continue; /* a group without a name or with another's number cannot be written */
        status = plan_group(p, group->id, group->name, group->description);
        group_kind kind = kind_of(group->name);
        if (status == GAIT_OK && kind != KIND_OTHER && c3d_find_group(c3d, group->name) == group)
            status = plan_regenerated(p, kind, group->id, l, data_start_record);
        for (size_t i = 0; i < model->n_params && status == GAIT_OK; i++) {
            const c3d_param *param = &model->params[i];
            if (param->group_id != group->id || param->name[0] == '\0' ||
                c3d_param_is_rebuilt(group->name, param->name))
                continue;
            status = plan_copy(p, param);
        }
    }
    if (status == GAIT_OK)
        status = plan_new_group(p, KIND_EVENT, ids[KIND_EVENT], l, data_start_record);
    if (status == GAIT_OK)
        status = plan_new_group(p, KIND_TRIAL, ids[KIND_TRIAL], l, data_start_record);
    return status;
}

static size_t description_length(const record *r)
{
    size_t n = r->description != NULL ? strlen(r->description) : 0;
    return n > 255 ? 255 : n;
}

/* Bytes of record r; fails when its next-record offset would not fit a signed 16-bit word. */
static gait_status record_size(const plan *p, const record *r, size_t *size)
{
    size_t name_length = strlen(r->name);
    size_t body = 2; /* the next-record offset */
    if (!r->is_group)
        body += 2 + (size_t)r->shape.n_dims + r->shape.n_values * element_size(r->shape.type);
    body += 1 + description_length(r);
    if (body > MAX_RECORD_OFFSET)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "gait_c3d_write: %s: parameter %s holds %zu bytes; a record holds at most "
                         "32767",
                         p->c3d->name, r->name, body);
    *size = 2 + name_length + body;
    return GAIT_OK;
}

static void put_record(uint8_t *out, const record *r, size_t size, int last)
{
    size_t name_length = strlen(r->name);
    out[0] = (uint8_t)name_length;
    out[1] = (uint8_t)(r->is_group ? -r->group_id : r->group_id);
    memcpy(out + 2, r->name, name_length);
    uint8_t *at = out + 2 + name_length;
    gait_bytes_put_u16(at, last ? 0 : (uint16_t)(size - 2 - name_length), GAIT_C3D_INTEL);
    at += 2;
    if (!r->is_group) {
        at[0] = (uint8_t)(int8_t)r->shape.type;
        at[1] = (uint8_t)r->shape.n_dims;
        at += 2;
        for (int d = 0; d < r->shape.n_dims; d++)
            *at++ = (uint8_t)r->shape.dims[d];
        size_t n = r->shape.n_values;
        if (r->shape.type == GAIT_C3D_INTEGER) {
            for (size_t k = 0; k < n; k++, at += 2)
                gait_bytes_put_u16(at, (uint16_t)((const int16_t *)r->data)[k], GAIT_C3D_INTEL);
        } else if (r->shape.type == GAIT_C3D_REAL) {
            for (size_t k = 0; k < n; k++, at += 4)
                gait_bytes_put_f32(at, ((const float *)r->data)[k], GAIT_C3D_INTEL);
        } else {
            if (n > 0)
                memcpy(at, r->data, n);
            at += n;
        }
    }
    size_t description = description_length(r);
    *at++ = (uint8_t)description;
    if (description > 0)
        memcpy(at, r->description, description);
}

/* ---- header and data ---- */

static void put_header(uint8_t *out, const gait_c3d *c3d, const layout *l, size_t data_start_block)
{
    out[0] = 2; /* the parameters start at block 2 */
    out[1] = HEADER_KEY;
    gait_bytes_put_u16(out + HEADER_WORD(2), (uint16_t)l->n_points, GAIT_C3D_INTEL);
    gait_bytes_put_u16(out + HEADER_WORD(3), (uint16_t)(l->n_channels * l->per_frame),
                       GAIT_C3D_INTEL);
    double first = fmin(l->first, MAX_HEADER_FRAME);
    double last = l->n_frames == 0 ? fmax(first - 1.0, 0.0) : fmin(l->last, MAX_HEADER_FRAME);
    gait_bytes_put_u16(out + HEADER_WORD(4), (uint16_t)first, GAIT_C3D_INTEL);
    gait_bytes_put_u16(out + HEADER_WORD(5), (uint16_t)last, GAIT_C3D_INTEL);
    gait_bytes_put_f32(out + HEADER_WORD(7), l->scale, GAIT_C3D_INTEL);
    gait_bytes_put_u16(out + HEADER_WORD(9), (uint16_t)data_start_block, GAIT_C3D_INTEL);
    gait_bytes_put_u16(out + HEADER_WORD(10), (uint16_t)l->per_frame, GAIT_C3D_INTEL);
    gait_bytes_put_f32(out + HEADER_WORD(11), (float)c3d->info.point_rate_hz, GAIT_C3D_INTEL);
    if (l->n_events > MAX_HEADER_EVENTS)
        return;
    gait_bytes_put_u16(out + HEADER_WORD(150), EVENT_KEY, GAIT_C3D_INTEL);
    gait_bytes_put_u16(out + HEADER_WORD(151), (uint16_t)l->n_events, GAIT_C3D_INTEL);
    for (size_t i = 0; i < l->n_events; i++) {
        const gait_c3d_event *e = &c3d->events[i];
        gait_bytes_put_f32(out + HEADER_WORD(153) + 4 * i, (float)e->time_s, GAIT_C3D_INTEL);
        out[HEADER_WORD(189) + i] = 1; /* displayed */
        uint8_t *label = out + HEADER_WORD(199) + 4 * i;
        memset(label, ' ', 4);
        size_t length = strlen(e->label);
        memcpy(label, e->label, length < 4 ? length : 4);
    }
}

static void put_data(uint8_t *out, const gait_c3d *c3d, const layout *l)
{
    const size_t np = l->n_points, nc = l->n_channels, per_frame = l->per_frame;
    for (size_t f = 0; f < l->n_frames; f++) {
        uint8_t *frame = out + f * l->frame_bytes;
        for (size_t i = 0; i < np; i++) {
            const double *p = c3d->points + 4 * (f * np + i);
            uint8_t *at = frame + 16 * i;
            int missing = isnan(p[0]) || isnan(p[1]) || isnan(p[2]) || p[3] < 0;
            float residual = -1.0f;
            if (!missing) {
                double units = isnan(p[3]) ? 0.0 : p[3] / l->residual_m;
                residual = (float)fmin(nearbyint(units), 255.0);
            }
            for (int a = 0; a < 3; a++)
                gait_bytes_put_f32(at + 4 * a, missing ? 0.0f : (float)(p[a] / l->units_m),
                                   GAIT_C3D_INTEL);
            gait_bytes_put_f32(at + 12, residual, GAIT_C3D_INTEL);
        }
        uint8_t *at = frame + 16 * np;
        for (size_t s = 0; s < per_frame; s++) {
            const double *row = c3d->analog + (f * per_frame + s) * nc;
            for (size_t c = 0; c < nc; c++, at += 4)
                gait_bytes_put_f32(at, (float)row[c], GAIT_C3D_INTEL);
        }
    }
}

/* ---- public ---- */

gait_status gait_c3d_write_memory(const gait_c3d *c3d, unsigned char **bytes, size_t *size)
{
    if (bytes != NULL)
        *bytes = NULL;
    if (size != NULL)
        *size = 0;
    if (c3d == NULL || bytes == NULL || size == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_write_memory: NULL argument");
    layout l;
    gait_status status = plan_layout(c3d, &l);
    if (status != GAIT_OK)
        return status;
    plan p = {.c3d = c3d};
    size_t data_start_record = SIZE_MAX;
    status = build_plan(&p, &l, &data_start_record);
    if (status == GAIT_OK && (data_start_record >= p.n || p.n == 0))
        status = gait_fail(GAIT_E_INTERNAL, "gait_c3d_write: %s: POINT:DATA_START not planned",
                           c3d->name);
    size_t *sizes = NULL, section = 4;
    if (status == GAIT_OK && (sizes = malloc(p.n * sizeof *sizes)) == NULL)
        status = gait_fail(GAIT_E_NOMEM, "gait_c3d_write: %s: out of memory", c3d->name);
    for (size_t i = 0; status == GAIT_OK && i < p.n; i++) {
        status = record_size(&p, &p.records[i], &sizes[i]);
        section += status == GAIT_OK ? sizes[i] : 0;
    }
    size_t blocks = (section + BLOCK_BYTES - 1) / BLOCK_BYTES;
    if (status == GAIT_OK && blocks > MAX_PARAM_BLOCKS)
        status = gait_fail(GAIT_E_UNSUPPORTED,
                           "gait_c3d_write: %s: the parameters need %zu bytes (%zu blocks); a C3D "
                           "parameter section holds at most 255 blocks",
                           c3d->name, section, blocks);
    /* The data section is padded to whole blocks, as most writers do. */
    size_t data_start = (1 + blocks) * BLOCK_BYTES;
    size_t total = data_start + (l.data_bytes + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES;
    uint8_t *out = NULL;
    if (status == GAIT_OK && (out = calloc(1, total)) == NULL)
        status =
            gait_fail(GAIT_E_NOMEM, "gait_c3d_write: %s: cannot hold %zu bytes", c3d->name, total);
    if (status == GAIT_OK) {
        *(int16_t *)p.records[data_start_record].owned = (int16_t)(2 + blocks);
        put_header(out, c3d, &l, 2 + blocks);
        uint8_t *section_start = out + BLOCK_BYTES;
        section_start[0] = 1;
        section_start[1] = HEADER_KEY;
        section_start[2] = (uint8_t)blocks;
        section_start[3] = INTEL_PROCESSOR_BYTE;
        size_t at = BLOCK_BYTES + 4;
        for (size_t i = 0; i < p.n; i++) {
            put_record(out + at, &p.records[i], sizes[i], i + 1 == p.n);
            at += sizes[i];
        }
        put_data(out + data_start, c3d, &l);
        *bytes = out;
        *size = total;
    }
    free(sizes);
    plan_free(&p);
    return status;
}

void gait_c3d_free_bytes(void *bytes)
{
    free(bytes);
}

gait_status gait_c3d_write(const gait_c3d *c3d, const char *path)
{
    if (c3d == NULL || path == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_write: NULL argument");
    unsigned char *bytes;
    size_t size;
    gait_status status = gait_c3d_write_memory(c3d, &bytes, &size);
    if (status != GAIT_OK)
        return status;
    FILE *file = fopen(path, "wb");
    if (file == NULL) {
        status =
            gait_fail(GAIT_E_IO, "gait_c3d_write: %s: cannot create: %s", path, strerror(errno));
        free(bytes);
        return status;
    }
    size_t written = fwrite(bytes, 1, size, file);
    int write_error = written != size || ferror(file);
    int saved_errno = errno;
    if (fclose(file) != 0 && !write_error) {
        write_error = 1;
        saved_errno = errno;
    }
    free(bytes);
    if (write_error) {
        remove(path);
        return gait_fail(GAIT_E_IO, "gait_c3d_write: %s: write failed after %zu of %zu bytes: %s",
                         path, written, size, strerror(saved_errno));
    }
    return GAIT_OK;
}
