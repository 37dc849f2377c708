/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FORCE_PLATFORM parameters of a C3D file turned into gait_force_plate descriptions. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "gait/c3d_plates.h"

/* Most plates a file can describe with the usual 255-element dimensions. */
#define MAX_PLATES 255

/* What a plate channel measures, for choosing a unit when ANALOG:UNITS says nothing useful. */
typedef enum channel_kind { FORCE, MOMENT, LENGTH } channel_kind;

static channel_kind kind_of(int type, size_t channel)
{
    if (type == 3)
        return FORCE;
    if (type == 1)
        return channel < 3 ? FORCE : channel < 5 ? LENGTH : MOMENT;
    return channel < 3 ? FORCE : MOMENT;
}

/* SI factor of an analog unit string for a channel of the given kind; 0 when the unit is not
 * recognised or measures something else (sample28/type1.C3D labels its COP channels "N"). */
static double unit_to_si(const char *unit, channel_kind kind)
{
    char u[32];
    size_t n = 0;
    for (const char *p = unit; *p != '\0' && n + 1 < sizeof u; p++)
        if (!isspace((unsigned char)*p))
            u[n++] = (char)tolower((unsigned char)*p);
    u[n] = '\0';
    static const struct {
        const char *name;
        channel_kind kind;
        double factor;
    } units[] = {
        {"n", FORCE, 1.0},      {"nt", FORCE, 1.0},     {"newtons", FORCE, 1.0},
        {"newton", FORCE, 1.0}, {"nmm", MOMENT, 1e-3},  {"n.mm", MOMENT, 1e-3},
        {"n-mm", MOMENT, 1e-3}, {"n*mm", MOMENT, 1e-3}, {"ntmm", MOMENT, 1e-3},
        {"nm", MOMENT, 1.0},    {"n.m", MOMENT, 1.0},   {"n-m", MOMENT, 1.0},
        {"n*m", MOMENT, 1.0},   {"ncm", MOMENT, 1e-2},  {"mm", LENGTH, 1e-3},
        {"m", LENGTH, 1.0},     {"cm", LENGTH, 1e-2},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (units[i].kind == kind && strcmp(u, units[i].name) == 0)
            return units[i].factor;
    return 0.0;
}

/* Reads the numeric parameter FORCE_PLATFORM:name into a malloc'd array. */
static gait_status plate_param(const gait_c3d *c3d, const char *name, double **values,
                               gait_c3d_param_shape *shape)
{
    gait_status status = gait_c3d_param_shape_of(c3d, "FORCE_PLATFORM", name, shape);
    if (status != GAIT_OK)
        return gait_fail(GAIT_E_FORMAT, "gait_c3d_get_force_plate: FORCE_PLATFORM:%s is missing",
                         name);
    *values = malloc((shape->n_values + 1) * sizeof **values);
    if (*values == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_get_force_plate: out of memory");
    status = gait_c3d_param_doubles(c3d, "FORCE_PLATFORM", name, *values, shape->n_values, NULL);
    if (status != GAIT_OK) {
        free(*values);
        *values = NULL;
        return gait_fail(GAIT_E_FORMAT,
                         "gait_c3d_get_force_plate: FORCE_PLATFORM:%s is not numeric", name);
    }
    return GAIT_OK;
}

/* The per-plate block of a parameter whose last dimension counts plates: block `plate` of
 * `per_plate` values, checked to exist. */
static gait_status plate_block(const double *values, const gait_c3d_param_shape *shape,
                               size_t per_plate, size_t plate, const char *name,
                               const double **block)
{
    if ((plate + 1) * per_plate > shape->n_values)
        return gait_fail(GAIT_E_FORMAT,
                         "gait_c3d_get_force_plate: FORCE_PLATFORM:%s holds %zu values, too few "
                         "for plate %zu",
                         name, shape->n_values, plate + 1);
    *block = values + plate * per_plate;
    return GAIT_OK;
}

typedef struct plate_params {
    double *type, *corners, *origin, *channel, *cal;
    gait_c3d_param_shape type_shape, corners_shape, origin_shape, channel_shape, cal_shape;
} plate_params;

static void free_plate_params(plate_params *p)
{
    free(p->type);
    free(p->corners);
    free(p->origin);
    free(p->channel);
    free(p->cal);
}

static gait_status load_plate_params(const gait_c3d *c3d, int with_cal, plate_params *p)
{
    gait_status status;
    if ((status = plate_param(c3d, "TYPE", &p->type, &p->type_shape)) != GAIT_OK ||
        (status = plate_param(c3d, "CORNERS", &p->corners, &p->corners_shape)) != GAIT_OK ||
        (status = plate_param(c3d, "ORIGIN", &p->origin, &p->origin_shape)) != GAIT_OK ||
        (status = plate_param(c3d, "CHANNEL", &p->channel, &p->channel_shape)) != GAIT_OK)
        return status;
    if (with_cal)
        return plate_param(c3d, "CAL_MATRIX", &p->cal, &p->cal_shape);
    return GAIT_OK;
}

static gait_status describe(const gait_c3d *c3d, const gait_c3d_info *info, size_t plate,
                            plate_params *p, gait_force_plate *d, size_t *channel_index,
                            double *channel_to_si)
{
    const double *block = NULL;
    gait_status status = plate_block(p->type, &p->type_shape, 1, plate, "TYPE", &block);
    if (status != GAIT_OK)
        return status;
    memset(d, 0, sizeof *d);
    /* A REAL TYPE may hold anything: only small whole numbers name a plate type. */
    d->type = block[0] >= 0.0 && block[0] <= 1000.0 ? (int)block[0] : -1;
    size_t n_channels = gait_plate_channel_count(d->type);
    if (n_channels == 0)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "gait_c3d_get_force_plate: plate %zu has FORCE_PLATFORM:TYPE %d; "
                         "libgait reads types 1, 2, 3 and 4",
                         plate + 1, d->type);
    const double length_m = info->point_units_m;
    if ((status = plate_block(p->corners, &p->corners_shape, 12, plate, "CORNERS", &block)) !=
        GAIT_OK)
        return status;
    for (int c = 0; c < 4; c++)
        d->corners_m[c] = gait_vec3_make(block[3 * c] * length_m, block[3 * c + 1] * length_m,
                                         block[3 * c + 2] * length_m);
    if ((status = plate_block(p->origin, &p->origin_shape, 3, plate, "ORIGIN", &block)) != GAIT_OK)
        return status;
    d->origin_m = gait_vec3_make(block[0] * length_m, block[1] * length_m, block[2] * length_m);

    size_t rows = p->channel_shape.n_dims >= 1 ? (size_t)p->channel_shape.dims[0] : 1;
    if (rows < n_channels)
        return gait_fail(GAIT_E_FORMAT,
                         "gait_c3d_get_force_plate: FORCE_PLATFORM:CHANNEL has %zu rows, type %d "
                         "needs %zu",
                         rows, d->type, n_channels);
    if ((status = plate_block(p->channel, &p->channel_shape, rows, plate, "CHANNEL", &block)) !=
        GAIT_OK)
        return status;
    size_t index[GAIT_PLATE_MAX_CHANNELS];
    double to_si[GAIT_PLATE_MAX_CHANNELS];
    for (size_t k = 0; k < n_channels; k++) {
        double one_based = block[k];
        if (!(one_based >= 1.0 && one_based <= (double)info->n_analog_channels))
            return gait_fail(GAIT_E_FORMAT,
                             "gait_c3d_get_force_plate: FORCE_PLATFORM:CHANNEL of plate %zu names "
                             "analog channel %g of %zu",
                             plate + 1, one_based, info->n_analog_channels);
        index[k] = (size_t)one_based - 1;
        channel_kind kind = kind_of(d->type, k);
        double factor = unit_to_si(gait_c3d_analog_unit(c3d, index[k]), kind);
        if (factor == 0.0)
            factor = kind == FORCE ? 1.0 : length_m;
        to_si[k] = factor;
    }
    if (d->type == 4) {
        size_t cal_rows = p->cal_shape.n_dims >= 1 ? (size_t)p->cal_shape.dims[0] : 0;
        size_t cal_cols = p->cal_shape.n_dims >= 2 ? (size_t)p->cal_shape.dims[1] : 0;
        if (cal_rows < 6 || cal_cols < 6)
            return gait_fail(GAIT_E_FORMAT,
                             "gait_c3d_get_force_plate: FORCE_PLATFORM:CAL_MATRIX is %zu x %zu, "
                             "type 4 needs 6 x 6",
                             cal_rows, cal_cols);
        if ((status = plate_block(p->cal, &p->cal_shape, cal_rows * cal_cols, plate, "CAL_MATRIX",
                                  &block)) != GAIT_OK)
            return status;
        for (size_t r = 0; r < 6; r++)
            for (size_t c = 0; c < 6; c++)
                d->cal_matrix[6 * r + c] = block[r + cal_rows * c];
        for (size_t k = 0; k < 6; k++) {
            d->output_to_si[k] = to_si[k];
            to_si[k] = 1.0; /* calibration works on the channels as stored */
        }
    }
    if (channel_index != NULL)
        memcpy(channel_index, index, n_channels * sizeof *index);
    if (channel_to_si != NULL)
        memcpy(channel_to_si, to_si, n_channels * sizeof *to_si);
    return GAIT_OK;
}

gait_status gait_c3d_get_force_plate(const gait_c3d *c3d, size_t plate,
                                     gait_force_plate *description, size_t *channel_index,
                                     double *channel_to_si)
{
    if (c3d == NULL || description == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_force_plate: NULL argument");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    if (plate >= info.n_force_platforms || plate >= MAX_PLATES)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_c3d_get_force_plate: plate %zu of %zu", plate,
                         info.n_force_platforms);
    double type = NAN;
    size_t n_types = 0;
    gait_c3d_param_doubles(c3d, "FORCE_PLATFORM", "TYPE", NULL, 0, &n_types);
    if (plate < n_types) {
        double *types = malloc(n_types * sizeof *types);
        if (types == NULL)
            return gait_fail(GAIT_E_NOMEM, "gait_c3d_get_force_plate: out of memory");
        gait_c3d_param_doubles(c3d, "FORCE_PLATFORM", "TYPE", types, n_types, NULL);
        type = types[plate];
        free(types);
    }
    plate_params params = {0};
    gait_status status = load_plate_params(c3d, type == 4.0, &params);
    if (status == GAIT_OK)
        status = describe(c3d, &info, plate, &params, description, channel_index, channel_to_si);
    free_plate_params(&params);
    return status;
}

gait_status gait_c3d_plate_wrench(const gait_c3d *c3d, size_t plate,
                                  const gait_plate_settings *settings, double *force_n,
                                  double *moment_nm, double *cop_m, double *free_moment_nm)
{
    gait_force_plate description;
    size_t index[GAIT_PLATE_MAX_CHANNELS];
    double to_si[GAIT_PLATE_MAX_CHANNELS];
    gait_status status = gait_c3d_get_force_plate(c3d, plate, &description, index, to_si);
    if (status != GAIT_OK)
        return status;
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n = info.n_frames * info.analog_samples_per_frame;
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "gait_c3d_plate_wrench: the file has no analog samples");
    size_t k_channels = gait_plate_channel_count(description.type);
    double *column = malloc(n * sizeof *column);
    double *channels = malloc(n * k_channels * sizeof *channels);
    if (column == NULL || channels == NULL) {
        free(column);
        free(channels);
        return gait_fail(GAIT_E_NOMEM, "gait_c3d_plate_wrench: out of memory for %zu samples", n);
    }
    for (size_t k = 0; k < k_channels; k++) {
        gait_c3d_get_analog(c3d, index[k], column);
        for (size_t s = 0; s < n; s++)
            channels[s * k_channels + k] = column[s] * to_si[k];
    }
    status = gait_plate_compute(&description, settings, channels, n, force_n, moment_nm, cop_m,
                                free_moment_nm);
    free(column);
    free(channels);
    return status;
}
