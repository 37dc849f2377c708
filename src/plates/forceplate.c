/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force platform channels to the lab-frame ground reaction wrench, COP and free moment. The
 * conventions (corner order, ORIGIN sign, channel meaning) are documented in gait/forceplate.h.
 *
 * Every sample is worked in the plate frame first: the ground reaction force F on the subject and
 * its moment M_S about the centre of the working surface S, as the channels give them. Rotated to
 * the lab they are the outputs; the COP and the free moment come from (F, M_S). */
#include <math.h>
#include <stddef.h>

#include "core/internal.h"
#include "gait/forceplate.h"

/* Edge directions further than this from perpendicular (|cos| above cos 45°) are not a plate. */
#define MAX_EDGE_COSINE 0.70710678118654752
/* Corners further than this fraction of the half-diagonal from the fitted plane are not a plate. */
#define MAX_PLANE_DEVIATION 0.05
/* An edge direction shorter than this fraction of the half-diagonal is taken as zero. */
#define MIN_EDGE_FRACTION 1e-9

/* Where the plate is: its axes in the lab frame (the columns of the plate-to-lab rotation) and
 * the centre of the working surface S. */
typedef struct plate_frame {
    gait_vec3 x, y, z; /* plate axes, lab frame */
    gait_vec3 centre;  /* S, lab frame, metres */
} plate_frame;

gait_plate_settings gait_plate_settings_default(void)
{
    gait_plate_settings settings = {.cop_threshold_n = 20.0};
    return settings;
}

size_t gait_plate_channel_count(int type)
{
    switch (type) {
    case 1:
    case 2:
    case 4:
        return 6;
    case 3:
        return 8;
    default:
        return 0;
    }
}

static int vec3_is_finite(gait_vec3 v)
{
    return isfinite(v.x) && isfinite(v.y) && isfinite(v.z);
}

/* Plate-frame vector to lab frame. */
static gait_vec3 to_lab(const plate_frame *frame, gait_vec3 v)
{
    return gait_vec3_add(
        gait_vec3_add(gait_vec3_scale(frame->x, v.x), gait_vec3_scale(frame->y, v.y)),
        gait_vec3_scale(frame->z, v.z));
}

static gait_status build_frame(const gait_vec3 corners[4], plate_frame *frame)
{
    static const char *const fn = "gait_plate_compute";
    for (int i = 0; i < 4; i++)
        if (!vec3_is_finite(corners[i]))
            return gait_fail(GAIT_E_INVALID_ARG, "%s: corner %d is not finite", fn, i + 1);

    gait_vec3 centre = gait_vec3_scale(
        gait_vec3_add(gait_vec3_add(corners[0], corners[1]), gait_vec3_add(corners[2], corners[3])),
        0.25);
    double half_diagonal_m = 0.0;
    for (int i = 0; i < 4; i++)
        half_diagonal_m = fmax(half_diagonal_m, gait_vec3_norm(gait_vec3_sub(corners[i], centre)));
    if (!(half_diagonal_m > 0.0))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: degenerate corners: all four coincide", fn);

    /* Both edges along each axis, so that neither corner pair is preferred. */
    gait_vec3 x_raw =
        gait_vec3_add(gait_vec3_sub(corners[0], corners[1]), gait_vec3_sub(corners[3], corners[2]));
    gait_vec3 y_raw =
        gait_vec3_add(gait_vec3_sub(corners[0], corners[3]), gait_vec3_sub(corners[1], corners[2]));
    double x_norm = gait_vec3_norm(x_raw), y_norm = gait_vec3_norm(y_raw);
    if (x_norm <= MIN_EDGE_FRACTION * half_diagonal_m ||
        y_norm <= MIN_EDGE_FRACTION * half_diagonal_m)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: degenerate corners: the plate %s axis has zero length (corners not "
                         "in C3D order +x+y, -x+y, -x-y, +x-y?)",
                         fn, x_norm <= MIN_EDGE_FRACTION * half_diagonal_m ? "x" : "y");
    gait_vec3 x_unit = gait_vec3_scale(x_raw, 1.0 / x_norm);
    gait_vec3 y_unit = gait_vec3_scale(y_raw, 1.0 / y_norm);
    double cosine = gait_vec3_dot(x_unit, y_unit);
    if (fabs(cosine) > MAX_EDGE_COSINE)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: degenerate corners: the plate x and y edges are %.1f degrees apart, "
                         "not near 90",
                         fn, acos(fmax(-1.0, fmin(1.0, cosine))) * 180.0 / M_PI);

    /* Symmetric orthogonalisation in the plane of x_unit and y_unit: the bisectors of the two
     * (unit) directions are exactly perpendicular; rotate them back by 45 degrees. */
    gait_vec3 sum = gait_vec3_add(x_unit, y_unit), difference = gait_vec3_sub(x_unit, y_unit);
    sum = gait_vec3_scale(sum, 1.0 / gait_vec3_norm(sum));
    difference = gait_vec3_scale(difference, 1.0 / gait_vec3_norm(difference));
    frame->x = gait_vec3_scale(gait_vec3_add(sum, difference), M_SQRT1_2);
    frame->y = gait_vec3_scale(gait_vec3_sub(sum, difference), M_SQRT1_2);
    frame->z = gait_vec3_cross(frame->x, frame->y);
    frame->centre = centre;

    for (int i = 0; i < 4; i++) {
        double off_plane_m = gait_vec3_dot(gait_vec3_sub(corners[i], centre), frame->z);
        if (fabs(off_plane_m) > MAX_PLANE_DEVIATION * half_diagonal_m)
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: degenerate corners: corner %d lies %g m off the plate plane "
                             "(half-diagonal %g m)",
                             fn, i + 1, off_plane_m, half_diagonal_m);
    }
    return GAIT_OK;
}

/* The ORIGIN after the sign rule of gait/forceplate.h: the vector from the transducer origin O to
 * the centre of the working surface S, plate frame. */
static gait_vec3 origin_to_surface(const gait_force_plate *plate)
{
    gait_vec3 origin = plate->origin_m;
    if (plate->type == 3)
        return gait_vec3_make(0.0, 0.0, -fabs(origin.z));
    if (origin.z > 0.0)
        return gait_vec3_scale(origin, -1.0);
    return origin;
}

static gait_status check_plate(const gait_force_plate *plate)
{
    static const char *const fn = "gait_plate_compute";
    if (plate->type != 1 && !vec3_is_finite(plate->origin_m))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: ORIGIN (%g, %g, %g) m is not finite", fn,
                         plate->origin_m.x, plate->origin_m.y, plate->origin_m.z);
    if (plate->type == 4) {
        for (int i = 0; i < 36; i++)
            if (!isfinite(plate->cal_matrix[i]))
                return gait_fail(GAIT_E_INVALID_ARG,
                                 "%s: cal_matrix row %d column %d is not finite", fn, i / 6 + 1,
                                 i % 6 + 1);
        for (int i = 0; i < 6; i++)
            if (!gait_is_positive_finite(plate->output_to_si[i]))
                return gait_fail(GAIT_E_INVALID_ARG,
                                 "%s: output_to_si[%d] = %g must be finite and > 0", fn, i,
                                 plate->output_to_si[i]);
    }
    return GAIT_OK;
}

/* One sample, plate frame: the ground reaction on the subject (force), its moment about S
 * (moment) and, for type 1, the COP relative to S and Tz from the channels. */
typedef struct plate_sample {
    gait_vec3 force, moment;
    gait_vec3 cop; /* type 1 only */
    double tz;     /* type 1 only */
} plate_sample;

static plate_sample read_sample(const gait_force_plate *plate, gait_vec3 surface, const double *ch)
{
    plate_sample s = {0};
    switch (plate->type) {
    case 1:
        s.force = gait_vec3_make(ch[0], ch[1], ch[2]);
        s.cop = gait_vec3_make(ch[3], ch[4], 0.0);
        s.tz = ch[5];
        s.moment = gait_vec3_add(gait_vec3_cross(s.cop, s.force), gait_vec3_make(0.0, 0.0, s.tz));
        return s;
    case 3: {
        double a = plate->origin_m.x, b = plate->origin_m.y;
        s.force = gait_vec3_make(ch[0] + ch[1], ch[2] + ch[3], ch[4] + ch[5] + ch[6] + ch[7]);
        gait_vec3 moment_o =
            gait_vec3_make(b * (ch[4] + ch[5] - ch[6] - ch[7]), a * (ch[5] + ch[6] - ch[4] - ch[7]),
                           b * (ch[1] - ch[0]) + a * (ch[2] - ch[3]));
        s.moment = gait_vec3_add(moment_o, gait_vec3_cross(s.force, surface));
        return s;
    }
    case 4: {
        double out[6];
        for (int i = 0; i < 6; i++) {
            double sum = 0.0;
            for (int j = 0; j < 6; j++)
                sum += plate->cal_matrix[6 * i + j] * ch[j];
            out[i] = sum * plate->output_to_si[i];
        }
        s.force = gait_vec3_make(out[0], out[1], out[2]);
        s.moment = gait_vec3_add(gait_vec3_make(out[3], out[4], out[5]),
                                 gait_vec3_cross(s.force, surface));
        return s;
    }
    default: /* 2 */
        s.force = gait_vec3_make(ch[0], ch[1], ch[2]);
        s.moment =
            gait_vec3_add(gait_vec3_make(ch[3], ch[4], ch[5]), gait_vec3_cross(s.force, surface));
        return s;
    }
}

gait_status gait_plate_compute(const gait_force_plate *plate, const gait_plate_settings *settings,
                               const double *channels, size_t n_samples, double *force_n,
                               double *moment_nm, double *cop_m, double *free_moment_nm)
{
    static const char *const fn = "gait_plate_compute";
    if (plate == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: plate is NULL", fn);
    size_t n_channels = gait_plate_channel_count(plate->type);
    if (n_channels == 0)
        return gait_fail(GAIT_E_UNSUPPORTED,
                         "%s: force platform TYPE %d is not supported (types 1, 2, 3 and 4 are)",
                         fn, plate->type);
    gait_plate_settings defaults = gait_plate_settings_default();
    if (settings == NULL)
        settings = &defaults;
    double threshold_n = settings->cop_threshold_n;
    if (!isfinite(threshold_n) || threshold_n < 0.0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: cop_threshold_n %g must be finite and >= 0", fn,
                         threshold_n);
    plate_frame frame = {0};
    gait_status status = build_frame(plate->corners_m, &frame);
    if (status != GAIT_OK)
        return status;
    status = check_plate(plate);
    if (status != GAIT_OK)
        return status;
    if (n_samples == 0)
        return gait_fail(GAIT_E_NO_DATA, "%s: n_samples is 0", fn);
    if (channels == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: channels is NULL", fn);

    gait_vec3 surface = origin_to_surface(plate);
    for (size_t k = 0; k < n_samples; k++) {
        plate_sample s = read_sample(plate, surface, channels + k * n_channels);
        if (force_n != NULL) {
            gait_vec3 f = to_lab(&frame, s.force);
            force_n[3 * k] = f.x;
            force_n[3 * k + 1] = f.y;
            force_n[3 * k + 2] = f.z;
        }
        if (moment_nm != NULL) {
            gait_vec3 m = to_lab(&frame, s.moment);
            moment_nm[3 * k] = m.x;
            moment_nm[3 * k + 1] = m.y;
            moment_nm[3 * k + 2] = m.z;
        }
        if (cop_m == NULL && free_moment_nm == NULL)
            continue;

        double normal_n = s.force.z;
        gait_vec3 cop_lab = gait_vec3_make(NAN, NAN, NAN);
        double free_nm = NAN;
        /* Written so that a NaN force fails the test too. */
        if (fabs(normal_n) >= threshold_n && normal_n != 0.0 && isfinite(normal_n)) {
            gait_vec3 cop = s.cop;
            double tz = s.tz;
            if (plate->type != 1) {
                cop = gait_vec3_make(-s.moment.y / normal_n, s.moment.x / normal_n, 0.0);
                tz = s.moment.z - (cop.x * s.force.y - cop.y * s.force.x);
            }
            cop_lab = gait_vec3_add(frame.centre, to_lab(&frame, cop));
            /* The free moment is tz about plate z; the surface normal toward the subject is the
             * side the normal reaction points to, sign(normal_n) z. */
            free_nm = normal_n > 0.0 ? tz : -tz;
        }
        if (cop_m != NULL) {
            cop_m[3 * k] = cop_lab.x;
            cop_m[3 * k + 1] = cop_lab.y;
            cop_m[3 * k + 2] = cop_lab.z;
        }
        if (free_moment_nm != NULL)
            free_moment_nm[k] = free_nm;
    }
    return GAIT_OK;
}
