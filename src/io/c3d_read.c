/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a C3D file: header, parameters, then points, analog channels and events decoded into the
 * handle's model. The rules for header/parameter disagreements are documented in gait/c3d.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "io/bytes.h"
#include "io/c3d_internal.h"
#include "io/file.h"

#define C3D_BLOCK_BYTES       512
#define C3D_HEADER_KEY        0x50
#define C3D_EVENT_KEY         12345
#define C3D_MAX_HEADER_EVENTS 18
#define MM_IN_M               0.001

/* Header word w (1-based, as the C3D documentation counts) starts at byte 2 * (w - 1). */
#define HEADER_WORD(w) (2 * ((w)-1))

typedef struct c3d_header {
    size_t param_block;
    unsigned n_points, analog_per_frame, first_frame, last_frame, data_start, samples_per_frame;
    double scale, rate_hz;
    unsigned event_key, n_events;
} c3d_header;

static void read_header(const uint8_t *file, gait_c3d_processor processor, c3d_header *h)
{
    h->param_block = file[0];
    h->n_points = gait_bytes_u16(file + HEADER_WORD(2), processor);
    h->analog_per_frame = gait_bytes_u16(file + HEADER_WORD(3), processor);
    h->first_frame = gait_bytes_u16(file + HEADER_WORD(4), processor);
    h->last_frame = gait_bytes_u16(file + HEADER_WORD(5), processor);
    h->scale = gait_bytes_f32(file + HEADER_WORD(7), processor);
    h->data_start = gait_bytes_u16(file + HEADER_WORD(9), processor);
    h->samples_per_frame = gait_bytes_u16(file + HEADER_WORD(10), processor);
    h->rate_hz = gait_bytes_f32(file + HEADER_WORD(11), processor);
    h->event_key = gait_bytes_u16(file + HEADER_WORD(150), processor);
    h->n_events = gait_bytes_u16(file + HEADER_WORD(151), processor);
}

/* An INTEGER parameter that counts things is unsigned in practice (e.g. POINT:USED > 32767). */
static double unsigned_count(double value)
{
    return value < 0 ? value + 65536.0 : value;
}

/* Largest count a C3D header word or unsigned INTEGER parameter can hold. */
#define C3D_MAX_COUNT 65535.0

/* A stored count as a size, safely: NaN and negatives give 0, anything beyond what C3D can count
 * (a REAL parameter may hold 1e30) gives C3D_MAX_COUNT. */
static size_t as_count(double value)
{
    if (!(value >= 0.0))
        return 0;
    return (size_t)fmin(floor(value), C3D_MAX_COUNT);
}

double c3d_length_unit_m(const char *units)
{
    char lower[16];
    size_t n = 0;
    for (; units[n] != '\0' && n + 1 < sizeof lower; n++)
        lower[n] = (char)tolower((unsigned char)units[n]);
    lower[n] = '\0';
    if (strcmp(lower, "mm") == 0 || strcmp(lower, "millimeters") == 0 ||
        strcmp(lower, "millimetres") == 0)
        return MM_IN_M;
    if (strcmp(lower, "cm") == 0)
        return 0.01;
    if (strcmp(lower, "in") == 0 || strcmp(lower, "inch") == 0)
        return 0.0254;
    /* "m", and "meters"/"metres" cut to the stored length, e.g. "mete" (sample15). */
    if (n >= 1 && (strncmp(lower, "meters", n) == 0 || strncmp(lower, "metres", n) == 0))
        return 1.0;
    return 0.0;
}

/* Part `part` of a parameter continued over GROUP:BASE, BASE2, BASE3, ... (labels beyond 255). */
static const c3d_param *continuation(const gait_c3d *c3d, const char *group, const char *base,
                                     int part)
{
    char name[C3D_NAME_CAPACITY];
    if (part == 1)
        snprintf(name, sizeof name, "%s", base);
    else
        snprintf(name, sizeof name, "%s%d", base, part);
    return c3d_find_param(c3d, group, name);
}

/* Most continuation parts looked for (BASE2 .. BASE99). */
#define MAX_CONTINUATION_PARTS 100

/* Collect n strings from GROUP:BASE and its continuations. Strings not found are left empty;
 * returns how many were found. */
static size_t collect_texts(const gait_c3d *c3d, const char *group, const char *base, size_t n,
                            char (*out)[GAIT_C3D_TEXT_CAPACITY])
{
    size_t found = 0;
    const c3d_param *p;
    for (int part = 1; found < n && part < MAX_CONTINUATION_PARTS &&
                       (p = continuation(c3d, group, base, part)) != NULL;
         part++) {
        size_t count = c3d_param_text_count(p);
        for (size_t k = 0; k < count && found < n; k++, found++)
            c3d_param_text(p, k, out[found], GAIT_C3D_TEXT_CAPACITY);
    }
    return found;
}

/* Collect n numbers from GROUP:BASE and its continuations; missing values become `fallback`. */
static size_t collect_numbers(const gait_c3d *c3d, const char *group, const char *base, size_t n,
                              double *out, double fallback)
{
    size_t found = 0;
    const c3d_param *p;
    for (int part = 1;
         found < n && part < MAX_CONTINUATION_PARTS &&
         (p = continuation(c3d, group, base, part)) != NULL && p->shape.type != GAIT_C3D_CHAR;
         part++) {
        for (size_t k = 0; k < p->shape.n_values && found < n; k++, found++)
            out[found] = c3d_param_value(p, k);
    }
    for (size_t i = found; i < n; i++)
        out[i] = fallback;
    return found;
}

/* A 32-bit frame number stored as two INTEGER words (TRIAL:ACTUAL_START_FIELD and friends). */
static int trial_field(const gait_c3d *c3d, const char *name, double *value)
{
    const c3d_param *p = c3d_find_param(c3d, "TRIAL", name);
    if (p == NULL || p->shape.type != GAIT_C3D_INTEGER || p->shape.n_values < 2)
        return 0;
    *value =
        unsigned_count(c3d_param_value(p, 0)) + 65536.0 * unsigned_count(c3d_param_value(p, 1));
    return 1;
}

static gait_status resolve_points(gait_c3d *c3d, const c3d_header *h)
{
    gait_c3d_info *info = &c3d->info;
    double used = c3d_param_number(c3d, "POINT", "USED", NAN);
    if (isnan(used)) {
        if (c3d_find_group(c3d, "POINT") == NULL)
            c3d_warn(c3d, "no POINT group; using the header's %u points", h->n_points);
        used = h->n_points;
    } else {
        used = unsigned_count(used); /* checked against the data size in decode() */
    }
    info->n_points = as_count(used);

    double scale = c3d_param_number(c3d, "POINT", "SCALE", NAN);
    if (isnan(scale) || !isfinite(scale)) {
        scale = h->scale;
    } else if ((scale < 0) != (h->scale < 0) && isfinite(h->scale) && h->scale != 0) {
        c3d_warn(c3d,
                 "POINT:SCALE %g and the header scale %g disagree in sign; storage follows "
                 "POINT:SCALE",
                 scale, h->scale);
    }
    if (!isfinite(scale))
        scale = -1.0;
    info->point_scale = scale;
    info->storage = scale < 0 ? GAIT_C3D_FLOAT : GAIT_C3D_INT16;

    double rate = c3d_param_number(c3d, "POINT", "RATE", NAN);
    if (!gait_is_positive_finite(rate)) {
        if (!gait_is_positive_finite(h->rate_hz))
            return gait_fail(GAIT_E_FORMAT,
                             "%s: no point rate: POINT:RATE is missing and the header rate (word "
                             "11) is %g",
                             c3d->name, h->rate_hz);
        if (c3d_find_param(c3d, "POINT", "RATE") == NULL)
            c3d_warn(c3d, "POINT:RATE missing; using the header rate %g Hz", h->rate_hz);
        rate = h->rate_hz;
    }
    info->point_rate_hz = rate;

    const c3d_param *units = c3d_find_param(c3d, "POINT", "UNITS");
    if (units != NULL)
        c3d_param_text(units, 0, info->point_units, sizeof info->point_units);
    info->point_units_m = c3d_length_unit_m(info->point_units);
    if (info->point_units_m == 0.0) {
        if (info->n_points > 0)
            c3d_warn(c3d, "POINT:UNITS '%s' not recognised; assuming millimetres",
                     info->point_units);
        info->point_units_m = MM_IN_M;
    }
    return GAIT_OK;
}

static void resolve_analog(gait_c3d *c3d, const c3d_header *h)
{
    gait_c3d_info *info = &c3d->info;
    double used = c3d_param_number(c3d, "ANALOG", "USED", NAN);
    size_t channels;
    if (isnan(used)) {
        channels = h->samples_per_frame > 0 ? h->analog_per_frame / h->samples_per_frame : 0;
        if (channels > 0)
            c3d_warn(c3d, "no ANALOG:USED; using the header's %zu channels", channels);
    } else {
        channels = as_count(unsigned_count(used));
    }
    info->n_analog_channels = channels;

    size_t per_frame = 0;
    double rate = c3d_param_number(c3d, "ANALOG", "RATE", NAN);
    if (channels > 0 && h->analog_per_frame % channels == 0) {
        per_frame = h->analog_per_frame / channels;
    } else if (channels > 0 && gait_is_positive_finite(rate)) {
        per_frame = as_count(round(rate / info->point_rate_hz));
        c3d_warn(c3d,
                 "header word 3 (%u analog samples per frame) does not divide into %zu "
                 "channels; using ANALOG:RATE / POINT:RATE = %zu",
                 h->analog_per_frame, channels, per_frame);
    } else if (channels > 0) {
        per_frame = h->samples_per_frame;
    }
    if (channels > 0 && per_frame == 0) {
        c3d_warn(c3d, "%zu analog channels but no samples per frame; ignoring the analog data",
                 channels);
        info->n_analog_channels = channels = 0;
    }
    info->analog_samples_per_frame = per_frame;
    double from_ratio = info->point_rate_hz * (double)per_frame;
    if (!gait_is_positive_finite(rate)) {
        if (channels > 0)
            c3d_warn(c3d, "ANALOG:RATE missing; using point rate x samples per frame = %g Hz",
                     from_ratio);
        rate = from_ratio;
    } else if (channels > 0 && fabs(rate - from_ratio) > 1e-3 * from_ratio) {
        c3d_warn(c3d,
                 "ANALOG:RATE %g Hz disagrees with %zu samples per frame at %g Hz; using %g Hz",
                 rate, per_frame, info->point_rate_hz, from_ratio);
        rate = from_ratio;
    }
    info->analog_rate_hz = channels > 0 ? rate : (gait_is_positive_finite(rate) ? rate : 0.0);
}

/* Byte offset of the data section. */
static size_t resolve_data_start(gait_c3d *c3d, const c3d_header *h, size_t size)
{
    size_t param_start = (h->param_block - 1) * C3D_BLOCK_BYTES;
    double from_param = c3d_param_number(c3d, "POINT", "DATA_START", NAN);
    if (!isnan(from_param)) {
        size_t block = as_count(unsigned_count(from_param));
        size_t offset = block > 0 ? (block - 1) * C3D_BLOCK_BYTES : 0;
        if (block > 0 && offset > param_start && offset <= size) {
            if (block != h->data_start)
                c3d_warn(c3d, "POINT:DATA_START %zu disagrees with header word 9 (%u); using %zu",
                         block, h->data_start, block);
            return offset;
        }
        c3d_warn(c3d, "POINT:DATA_START %zu is unusable; using header word 9 (%u)", block,
                 h->data_start);
    }
    return h->data_start > 0 ? ((size_t)h->data_start - 1) * C3D_BLOCK_BYTES : 0;
}

static double declared_frames(gait_c3d *c3d, const c3d_header *h)
{
    double long_frames = c3d_param_number(c3d, "POINT", "LONG_FRAMES", NAN);
    if (gait_is_positive_finite(long_frames))
        return floor(long_frames);
    double start, end;
    if (trial_field(c3d, "ACTUAL_START_FIELD", &start) &&
        trial_field(c3d, "ACTUAL_END_FIELD", &end) && end >= start)
        return end - start + 1.0;
    double frames = c3d_param_number(c3d, "POINT", "FRAMES", NAN);
    if (!isnan(frames)) {
        const c3d_param *p = c3d_find_param(c3d, "POINT", "FRAMES");
        return p->shape.type == GAIT_C3D_INTEGER ? unsigned_count(frames) : floor(frames);
    }
    return h->last_frame >= h->first_frame ? (double)(h->last_frame - h->first_frame + 1) : 0.0;
}

static gait_status decode_points(gait_c3d *c3d, const uint8_t *data, size_t frame_bytes,
                                 gait_c3d_processor processor)
{
    const gait_c3d_info *info = &c3d->info;
    size_t n = info->n_frames * info->n_points;
    if (n == 0)
        return GAIT_OK;
    c3d->points = malloc(n * 4 * sizeof *c3d->points);
    if (c3d->points == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: cannot hold %zu point samples", c3d->name, n);
    const double unit = info->point_units_m, scale = fabs(info->point_scale);
    const int is_float = info->storage == GAIT_C3D_FLOAT;
    for (size_t f = 0; f < info->n_frames; f++) {
        const uint8_t *frame = data + f * frame_bytes;
        for (size_t p = 0; p < info->n_points; p++) {
            double *out = c3d->points + 4 * (f * info->n_points + p);
            double xyz[3], residual_word;
            for (int a = 0; a < 3; a++)
                xyz[a] = is_float ? gait_bytes_f32(frame + 16 * p + 4 * a, processor)
                                  : gait_bytes_i16(frame + 8 * p + 2 * a, processor) * scale;
            residual_word = is_float ? gait_bytes_f32(frame + 16 * p + 12, processor)
                                     : gait_bytes_i16(frame + 8 * p + 6, processor);
            /* The low byte of the residual word is the residual in scale units, the high byte
             * the camera mask; a negative word marks the point invalid. */
            int valid = isfinite(residual_word) && residual_word > -0.5;
            for (int a = 0; a < 3; a++)
                out[a] = valid && isfinite(xyz[a]) ? xyz[a] * unit : NAN;
            if (valid) {
                long word = lround(fmin(residual_word, 65535.0));
                out[3] = (double)(word & 0xFF) * scale * unit;
            } else {
                out[3] = NAN;
            }
        }
    }
    return GAIT_OK;
}

static int analog_is_unsigned(const gait_c3d *c3d)
{
    char format[GAIT_C3D_TEXT_CAPACITY];
    const c3d_param *p = c3d_find_param(c3d, "ANALOG", "FORMAT");
    return p != NULL && c3d_param_text(p, 0, format, sizeof format) &&
           strcasecmp(format, "UNSIGNED") == 0;
}

static gait_status decode_analog(gait_c3d *c3d, const uint8_t *data, size_t frame_bytes,
                                 gait_c3d_processor processor)
{
    const gait_c3d_info *info = &c3d->info;
    const size_t channels = info->n_analog_channels, per_frame = info->analog_samples_per_frame;
    size_t n_samples = info->n_frames * per_frame;
    if (channels == 0 || n_samples == 0)
        return GAIT_OK;
    double *scale = malloc(channels * sizeof *scale), *offset = malloc(channels * sizeof *offset);
    c3d->analog = malloc(n_samples * channels * sizeof *c3d->analog);
    if (scale == NULL || offset == NULL || c3d->analog == NULL) {
        free(scale);
        free(offset);
        return gait_fail(GAIT_E_NOMEM, "%s: cannot hold %zu analog samples", c3d->name,
                         n_samples * channels);
    }
    size_t n_scales = collect_numbers(c3d, "ANALOG", "SCALE", channels, scale, 1.0);
    size_t n_offsets = collect_numbers(c3d, "ANALOG", "OFFSET", channels, offset, 0.0);
    if (n_scales < channels || n_offsets < channels)
        c3d_warn(c3d, "ANALOG:SCALE/OFFSET cover %zu/%zu of %zu channels; the rest use 1 and 0",
                 n_scales, n_offsets, channels);
    double gen_scale = c3d_param_number(c3d, "ANALOG", "GEN_SCALE", 1.0);
    const int is_unsigned = analog_is_unsigned(c3d);
    if (is_unsigned)
        for (size_t c = 0; c < channels; c++)
            offset[c] = unsigned_count(offset[c]);
    const int is_float = info->storage == GAIT_C3D_FLOAT;
    const size_t word = is_float ? 4 : 2;
    const size_t analog_at = info->n_points * 4 * word;
    for (size_t f = 0; f < info->n_frames; f++) {
        const uint8_t *frame = data + f * frame_bytes + analog_at;
        for (size_t s = 0; s < per_frame; s++) {
            double *out = c3d->analog + (f * per_frame + s) * channels;
            for (size_t c = 0; c < channels; c++) {
                const uint8_t *at = frame + (s * channels + c) * word;
                double raw;
                if (is_float)
                    raw = gait_bytes_f32(at, processor);
                else if (is_unsigned)
                    raw = gait_bytes_u16(at, processor);
                else
                    raw = gait_bytes_i16(at, processor);
                out[c] = isfinite(raw) ? (raw - offset[c]) * scale[c] * gen_scale : NAN;
            }
        }
    }
    free(scale);
    free(offset);
    return GAIT_OK;
}

static gait_status read_labels(gait_c3d *c3d)
{
    const gait_c3d_info *info = &c3d->info;
    size_t np = info->n_points, na = info->n_analog_channels;
    c3d->point_labels = calloc(np > 0 ? np : 1, sizeof *c3d->point_labels);
    c3d->analog_labels = calloc(na > 0 ? na : 1, sizeof *c3d->analog_labels);
    c3d->analog_units = calloc(na > 0 ? na : 1, sizeof *c3d->analog_units);
    if (c3d->point_labels == NULL || c3d->analog_labels == NULL || c3d->analog_units == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for labels", c3d->name);
    size_t found = collect_texts(c3d, "POINT", "LABELS", np, c3d->point_labels);
    if (found < np)
        c3d_warn(c3d, "POINT:LABELS names %zu of %zu points", found, np);
    found = collect_texts(c3d, "ANALOG", "LABELS", na, c3d->analog_labels);
    if (found < na)
        c3d_warn(c3d, "ANALOG:LABELS names %zu of %zu channels", found, na);
    collect_texts(c3d, "ANALOG", "UNITS", na, c3d->analog_units);
    return GAIT_OK;
}

static gait_status read_events(gait_c3d *c3d, const uint8_t *file, const c3d_header *h,
                               gait_c3d_processor processor)
{
    const c3d_param *times = c3d_find_param(c3d, "EVENT", "TIMES");
    double used = c3d_param_number(c3d, "EVENT", "USED", NAN);
    size_t n = 0;
    if (times != NULL && !isnan(used) && used > 0) {
        n = as_count(unsigned_count(used));
        if (2 * n > times->shape.n_values) {
            c3d_warn(c3d, "EVENT:USED %zu but EVENT:TIMES holds %zu", n, times->shape.n_values / 2);
            n = times->shape.n_values / 2;
        }
    }
    if (n > 0) {
        c3d->events = calloc(n, sizeof *c3d->events);
        char(*text)[GAIT_C3D_TEXT_CAPACITY] = calloc(n, sizeof *text);
        if (c3d->events == NULL || text == NULL) {
            free(text);
            return gait_fail(GAIT_E_NOMEM, "%s: out of memory for events", c3d->name);
        }
        collect_texts(c3d, "EVENT", "LABELS", n, text);
        for (size_t i = 0; i < n; i++)
            memcpy(c3d->events[i].label, text[i], sizeof text[i]);
        memset(text, 0, n * sizeof *text);
        collect_texts(c3d, "EVENT", "CONTEXTS", n, text);
        for (size_t i = 0; i < n; i++) {
            /* Contexts are often padded with spaces on both sides ("  Left"). */
            const char *t = text[i];
            while (isspace((unsigned char)*t))
                t++;
            snprintf(c3d->events[i].context, sizeof c3d->events[i].context, "%s", t);
        }
        memset(text, 0, n * sizeof *text);
        collect_texts(c3d, "EVENT", "DESCRIPTIONS", n, text);
        for (size_t i = 0; i < n; i++) {
            memcpy(c3d->events[i].description, text[i], sizeof text[i]);
            c3d->events[i].time_s =
                60.0 * c3d_param_value(times, 2 * i) + c3d_param_value(times, 2 * i + 1);
        }
        free(text);
        c3d->info.n_events = n;
        return GAIT_OK;
    }
    if (h->event_key != C3D_EVENT_KEY || h->n_events == 0)
        return GAIT_OK;
    n = h->n_events > C3D_MAX_HEADER_EVENTS ? C3D_MAX_HEADER_EVENTS : h->n_events;
    c3d->events = calloc(n, sizeof *c3d->events);
    if (c3d->events == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: out of memory for events", c3d->name);
    for (size_t i = 0; i < n; i++) {
        gait_c3d_event *e = &c3d->events[i];
        e->time_s = gait_bytes_f32(file + HEADER_WORD(153) + 4 * i, processor);
        const char *label = (const char *)file + HEADER_WORD(199) + 4 * i;
        size_t length = 0;
        while (length < 4 && label[length] != '\0')
            length++;
        while (length > 0 && label[length - 1] == ' ')
            length--;
        memcpy(e->label, label, length);
        e->from_header = 1;
    }
    c3d->info.n_events = n;
    return GAIT_OK;
}

/* Whole frames of n_points that fit in `available` data bytes. */
static double frames_that_fit(const gait_c3d *c3d, size_t n_points, size_t available)
{
    const gait_c3d_info *info = &c3d->info;
    size_t word = info->storage == GAIT_C3D_FLOAT ? 4 : 2;
    size_t bytes = (n_points * 4 + info->n_analog_channels * info->analog_samples_per_frame) * word;
    return bytes > 0 ? (double)(available / bytes) : INFINITY;
}

/* POINT:USED wins over header word 2 unless only the header's count makes the claimed frames fit
 * in the data section (kyowadengyo.c3d: USED 12, header 11, and 152 frames fit only with 11). */
static void choose_point_count(gait_c3d *c3d, const c3d_header *h, double claimed, size_t available)
{
    size_t from_param = c3d->info.n_points;
    if (from_param == h->n_points || c3d_find_param(c3d, "POINT", "USED") == NULL)
        return;
    int param_fits = frames_that_fit(c3d, from_param, available) >= claimed;
    int header_fits = frames_that_fit(c3d, h->n_points, available) >= claimed;
    if (!param_fits && header_fits) {
        c3d->info.n_points = h->n_points;
        c3d_warn(c3d,
                 "POINT:USED %zu disagrees with the header's %u points; using %u, the count "
                 "with which the claimed %.0f frames fit the data section",
                 from_param, h->n_points, h->n_points, claimed);
    } else {
        c3d_warn(c3d, "POINT:USED %zu disagrees with the header's %u points; using %zu", from_param,
                 h->n_points, from_param);
    }
}

static gait_status decode(gait_c3d *c3d, const uint8_t *file, size_t size)
{
    if (size < C3D_BLOCK_BYTES)
        return gait_fail(GAIT_E_FORMAT, "%s: %zu bytes is shorter than the 512-byte C3D header",
                         c3d->name, size);
    if (file[1] != C3D_HEADER_KEY)
        return gait_fail(GAIT_E_FORMAT, "%s: not a C3D file: byte 1 is 0x%02x, not 0x50", c3d->name,
                         file[1]);
    if (file[0] == 0)
        return gait_fail(GAIT_E_FORMAT, "%s: header byte 0 points to parameter block 0", c3d->name);
    size_t param_start = ((size_t)file[0] - 1) * C3D_BLOCK_BYTES;
    if (!gait_bytes_in_range(param_start, 4, size))
        return gait_fail(GAIT_E_FORMAT,
                         "%s: parameter block %u (byte %zu) lies beyond the end of the file",
                         c3d->name, file[0], param_start);
    int processor_byte = file[param_start + 3];
    if (processor_byte < 84 || processor_byte > 86)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "%s: byte %zu: processor type %d is not Intel (84), DEC (85) or MIPS (86)",
                         c3d->name, param_start + 3, processor_byte);
    gait_c3d_processor processor = (gait_c3d_processor)(processor_byte - 83);
    c3d->info.processor = processor;

    c3d_header h;
    read_header(file, processor, &h);
    /* Records at or past the header's data start are data, not parameters (sgi_int.c3d). */
    size_t header_data_start = h.data_start > 0 ? ((size_t)h.data_start - 1) * C3D_BLOCK_BYTES : 0;
    size_t params_end =
        header_data_start > param_start && header_data_start < size ? header_data_start : size;
    gait_status status = c3d_parse_params(c3d, file, params_end, param_start, processor);
    if (status != GAIT_OK)
        return status;
    if ((status = resolve_points(c3d, &h)) != GAIT_OK)
        return status;
    resolve_analog(c3d, &h);
    c3d->info.first_frame = h.first_frame;
    double trial_start;
    if (trial_field(c3d, "ACTUAL_START_FIELD", &trial_start) && trial_start != h.first_frame &&
        h.first_frame == 65535)
        c3d->info.first_frame = (long)trial_start;

    size_t data_start = resolve_data_start(c3d, &h, size);
    if (data_start <= param_start)
        return gait_fail(GAIT_E_FORMAT, "%s: data section (byte %zu) starts before the parameters",
                         c3d->name, data_start);
    const size_t word = c3d->info.storage == GAIT_C3D_FLOAT ? 4 : 2;
    /* A REAL or BYTE frame count may be negative or not finite (found by fuzzing): no frames. */
    double claimed = declared_frames(c3d, &h);
    if (!(claimed >= 0.0))
        claimed = 0.0;
    size_t available = size > data_start ? size - data_start : 0;
    choose_point_count(c3d, &h, claimed, available);
    const size_t frame_words =
        c3d->info.n_points * 4 + c3d->info.n_analog_channels * c3d->info.analog_samples_per_frame;
    size_t frame_bytes = frame_words * word;
    if (frame_words > 0 && frame_bytes / word != frame_words)
        return gait_fail(GAIT_E_FORMAT, "%s: %zu words per frame overflow", c3d->name, frame_words);
    /* With nothing stored per frame there is nothing to read, whatever the header claims. */
    double fits = frame_bytes > 0 ? (double)(available / frame_bytes) : 0.0;
    size_t frames = (size_t)fmin(claimed, fits);
    if (claimed > fits)
        c3d_warn(c3d, "the file claims %.0f frames but its data section holds %.0f; reading %zu",
                 claimed, fits, frames);
    c3d->info.n_frames = frames;

    const uint8_t *data = file + data_start;
    if ((status = decode_points(c3d, data, frame_bytes, processor)) != GAIT_OK)
        return status;
    if ((status = decode_analog(c3d, data, frame_bytes, processor)) != GAIT_OK)
        return status;
    if ((status = read_labels(c3d)) != GAIT_OK)
        return status;
    if ((status = read_events(c3d, file, &h, processor)) != GAIT_OK)
        return status;
    double plates = c3d_param_number(c3d, "FORCE_PLATFORM", "USED", 0.0);
    c3d->info.n_force_platforms = as_count(plates);
    return GAIT_OK;
}

gait_status gait_c3d_open_memory(const void *bytes, size_t size, const char *name, gait_c3d **c3d)
{
    if (c3d == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_open_memory: c3d is NULL");
    *c3d = NULL;
    if (bytes == NULL && size > 0)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_open_memory: bytes is NULL");
    gait_c3d *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_open_memory: out of memory");
    snprintf(handle->name, sizeof handle->name, "%s", name != NULL ? name : "(memory)");
    gait_status status = decode(handle, bytes, size);
    if (status != GAIT_OK) {
        gait_c3d_close(handle);
        return status;
    }
    *c3d = handle;
    return GAIT_OK;
}

gait_status gait_c3d_open(const char *path, gait_c3d **c3d)
{
    if (c3d == NULL || path == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_open: NULL argument");
    *c3d = NULL;
    void *bytes = NULL;
    size_t size = 0;
    gait_status status = gait_read_whole_file(path, "gait_c3d_open", &bytes, &size);
    if (status != GAIT_OK)
        return status;
    status = gait_c3d_open_memory(bytes, size, path, c3d);
    free(bytes);
    return status;
}

void gait_c3d_close(gait_c3d *c3d)
{
    if (c3d == NULL)
        return;
    c3d_free_params(&c3d->params);
    free(c3d->point_labels);
    free(c3d->points);
    free(c3d->analog_labels);
    free(c3d->analog_units);
    free(c3d->analog);
    free(c3d->events);
    free(c3d);
}

/* ---- accessors ---- */

gait_status gait_c3d_get_info(const gait_c3d *c3d, gait_c3d_info *info)
{
    if (c3d == NULL || info == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_info: NULL argument");
    *info = c3d->info;
    return GAIT_OK;
}

const char *gait_c3d_warning(const gait_c3d *c3d, size_t i)
{
    return c3d != NULL ? gait_warning(&c3d->warnings, i) : NULL;
}

const char *gait_c3d_point_label(const gait_c3d *c3d, size_t i)
{
    return c3d != NULL && i < c3d->info.n_points ? c3d->point_labels[i] : NULL;
}

const char *gait_c3d_analog_label(const gait_c3d *c3d, size_t i)
{
    return c3d != NULL && i < c3d->info.n_analog_channels ? c3d->analog_labels[i] : NULL;
}

const char *gait_c3d_analog_unit(const gait_c3d *c3d, size_t i)
{
    return c3d != NULL && i < c3d->info.n_analog_channels ? c3d->analog_units[i] : NULL;
}

/* Label equality, also after a "Subject:" prefix of the stored label. */
static int label_matches(const char *stored, const char *wanted)
{
    if (strcmp(stored, wanted) == 0)
        return 1;
    const char *colon = strrchr(stored, ':');
    return colon != NULL && strcmp(colon + 1, wanted) == 0;
}

static gait_status find_label(const gait_c3d *c3d, const char (*labels)[GAIT_C3D_TEXT_CAPACITY],
                              size_t n, const char *label, size_t *index, const char *function)
{
    if (c3d == NULL || label == NULL || index == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument", function);
    for (size_t i = 0; i < n; i++) {
        if (label_matches(labels[i], label)) {
            *index = i;
            return GAIT_OK;
        }
    }
    return gait_fail(GAIT_E_NO_DATA, "%s: %s has no '%s'", function, c3d->name, label);
}

gait_status gait_c3d_find_point(const gait_c3d *c3d, const char *label, size_t *index)
{
    return find_label(c3d,
                      c3d != NULL ? (const char(*)[GAIT_C3D_TEXT_CAPACITY])c3d->point_labels : NULL,
                      c3d != NULL ? c3d->info.n_points : 0, label, index, "gait_c3d_find_point");
}

gait_status gait_c3d_find_analog(const gait_c3d *c3d, const char *label, size_t *index)
{
    return find_label(
        c3d, c3d != NULL ? (const char(*)[GAIT_C3D_TEXT_CAPACITY])c3d->analog_labels : NULL,
        c3d != NULL ? c3d->info.n_analog_channels : 0, label, index, "gait_c3d_find_analog");
}

gait_status gait_c3d_get_point(const gait_c3d *c3d, size_t i, double *xyz_m, double *residual_m)
{
    if (c3d == NULL || xyz_m == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_point: NULL argument");
    if (i >= c3d->info.n_points)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_point: point %zu of %zu", i,
                         c3d->info.n_points);
    for (size_t f = 0; f < c3d->info.n_frames; f++) {
        const double *p = c3d->points + 4 * (f * c3d->info.n_points + i);
        xyz_m[3 * f] = p[0];
        xyz_m[3 * f + 1] = p[1];
        xyz_m[3 * f + 2] = p[2];
        if (residual_m != NULL)
            residual_m[f] = p[3];
    }
    return GAIT_OK;
}

gait_status gait_c3d_get_analog(const gait_c3d *c3d, size_t i, double *values)
{
    if (c3d == NULL || values == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_analog: NULL argument");
    size_t channels = c3d->info.n_analog_channels;
    if (i >= channels)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_analog: channel %zu of %zu", i,
                         channels);
    size_t n = c3d->info.n_frames * c3d->info.analog_samples_per_frame;
    for (size_t k = 0; k < n; k++)
        values[k] = c3d->analog[k * channels + i];
    return GAIT_OK;
}

gait_status gait_c3d_get_event(const gait_c3d *c3d, size_t i, gait_c3d_event *event)
{
    if (c3d == NULL || event == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_event: NULL argument");
    if (i >= c3d->info.n_events)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_event: event %zu of %zu", i,
                         c3d->info.n_events);
    *event = c3d->events[i];
    return GAIT_OK;
}

gait_status gait_c3d_body_mass_kg(const gait_c3d *c3d, double *mass_kg)
{
    if (c3d == NULL || mass_kg == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_body_mass_kg: NULL argument");
    static const char *const sources[][2] = {
        {"PROCESSING", "Bodymass"},
        {"SUBJECTS", "WEIGHT"},
        {"SUBJECTS", "MASS"},
        {"SUBJECT", "WEIGHT"},
    };
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        const c3d_param *p = c3d_find_param(c3d, sources[i][0], sources[i][1]);
        double value = c3d_param_value(p, 0);
        if (isnan(value))
            continue;
        if (!isfinite(value) || value < GAIT_C3D_MIN_BODY_MASS_KG)
            return gait_fail(GAIT_E_NO_DATA,
                             "gait_c3d_body_mass_kg: %s: %s:%s is %g, not a body mass in kg",
                             c3d->name, sources[i][0], sources[i][1], value);
        *mass_kg = value;
        return GAIT_OK;
    }
    return gait_fail(GAIT_E_NO_DATA,
                     "gait_c3d_body_mass_kg: %s has no PROCESSING:Bodymass, SUBJECTS:WEIGHT, "
                     "SUBJECTS:MASS or SUBJECT:WEIGHT",
                     c3d->name);
}
