/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force platforms against known loads. Each test places a plate in a lab, applies a known ground
 * reaction G (on the subject) at a known point P of the working surface with a known free moment
 * T about the upward surface normal, writes the channels the transducer would report (the forward
 * computation, done here independently: C3D plate channels hold the ground reaction on the subject
 * in the plate frame, its moment about the transducer origin being r x G + free moment), and
 * asserts that gait_plate_compute() recovers G, P, T and the moment about the surface centre. */
#include <math.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

/* Recovered values agree with the known load to rounding. Relative to the load's scale: force to
 * |G|, COP to 1 m, free moment and moment to |G| x 1 m. */
#define RELATIVE_TOLERANCE 1e-12

/* Where a plate sits: its axes in the lab (plate x, y, z as lab vectors), the centre of its
 * working surface and half its side lengths. The plate z axis points down into the plate, as C3D
 * plates have it, unless a test says otherwise. */
typedef struct placement {
    const char *name;
    gait_vec3 x, y, z;
    gait_vec3 centre;
    double half_x_m, half_y_m;
} placement;

/* A load on the subject: G = fx plate_x + fy plate_y + f_up up, at P = centre + px plate_x +
 * py plate_y, free moment t_nm about up (the normal toward the subject). */
typedef struct load {
    double fx_n, fy_n, f_up_n, px_m, py_m, t_nm;
} load;

static const load LOADS[] = {
    {0.0, 0.0, 800.0, 0.0, 0.0, 0.0},            /* standing still at the centre */
    {150.0, -60.0, 1800.0, 0.05, -0.12, 4.5},    /* mid-stance */
    {-300.0, 220.0, 2500.0, -0.17, 0.26, -7.25}, /* impact peak, braking */
    {40.0, 35.0, 25.0, 0.19, 0.29, 0.3},         /* near corner 1, just above 20 N */
    {-500.0, -400.0, 900.0, -0.1, 0.05, 12.0},   /* large shear */
};
#define N_LOADS (sizeof LOADS / sizeof LOADS[0])

static gait_vec3 v3(double x, double y, double z)
{
    return gait_vec3_make(x, y, z);
}

/* Lab vector in the plate frame. */
static gait_vec3 to_plate(const placement *p, gait_vec3 v)
{
    return v3(gait_vec3_dot(v, p->x), gait_vec3_dot(v, p->y), gait_vec3_dot(v, p->z));
}

/* The upward normal of the working surface: the plate z points down. */
static gait_vec3 up_of(const placement *p)
{
    return gait_vec3_scale(p->z, -1.0);
}

static gait_vec3 grf_of(const placement *p, const load *l)
{
    return gait_vec3_add(
        gait_vec3_add(gait_vec3_scale(p->x, l->fx_n), gait_vec3_scale(p->y, l->fy_n)),
        gait_vec3_scale(up_of(p), l->f_up_n));
}

static gait_vec3 cop_of(const placement *p, const load *l)
{
    return gait_vec3_add(
        p->centre, gait_vec3_add(gait_vec3_scale(p->x, l->px_m), gait_vec3_scale(p->y, l->py_m)));
}

/* Corners in C3D order: quadrants +x+y, -x+y, -x-y, +x-y of the plate frame. */
static void set_corners(gait_force_plate *plate, const placement *p)
{
    static const double sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};
    for (int i = 0; i < 4; i++)
        plate->corners_m[i] =
            gait_vec3_add(p->centre, gait_vec3_add(gait_vec3_scale(p->x, sx[i] * p->half_x_m),
                                                   gait_vec3_scale(p->y, sy[i] * p->half_y_m)));
}

/* Solve a x = b (6 x 6, row-major) by Gaussian elimination with partial pivoting. */
static void solve6(const double *a_in, const double *b_in, double *x)
{
    double a[6][7];
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++)
            a[i][j] = a_in[6 * i + j];
        a[i][6] = b_in[i];
    }
    for (int c = 0; c < 6; c++) {
        int pivot = c;
        for (int r = c + 1; r < 6; r++)
            if (fabs(a[r][c]) > fabs(a[pivot][c]))
                pivot = r;
        for (int j = 0; j < 7; j++) {
            double t = a[c][j];
            a[c][j] = a[pivot][j];
            a[pivot][j] = t;
        }
        for (int r = c + 1; r < 6; r++) {
            double factor = a[r][c] / a[c][c];
            for (int j = c; j < 7; j++)
                a[r][j] -= factor * a[c][j];
        }
    }
    for (int r = 5; r >= 0; r--) {
        double sum = a[r][6];
        for (int j = r + 1; j < 6; j++)
            sum -= a[r][j] * x[j];
        x[r] = sum / a[r][r];
    }
}

/* A calibration matrix with cross-talk: channels in volts, outputs in N and N·mm. */
static void set_calibration(gait_force_plate *plate)
{
    static const double diagonal[6] = {500.0, 510.0, 1000.0, 3.0e5, 2.9e5, 1.5e5};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            double cross_talk = i == j ? 1.0 : 0.03 * sin(1.0 + 7.0 * i + 3.0 * j);
            plate->cal_matrix[6 * i + j] = diagonal[i] * cross_talk;
        }
    for (int i = 0; i < 6; i++)
        plate->output_to_si[i] = i < 3 ? 1.0 : 0.001;
}

/* The channels a plate of this type reads under load l. origin_true: the vector from the
 * transducer origin to the centre of the working surface (type 3: (a, b, az0) with the surface
 * at (0, 0, az0)), plate frame, whatever the plate stores in origin_m. */
static void synthesise(const gait_force_plate *plate, const placement *p, gait_vec3 origin_true,
                       const load *l, double *ch)
{
    gait_vec3 force = to_plate(p, grf_of(p, l)); /* on the subject, so Fz < 0 under load */
    gait_vec3 point = to_plate(p, gait_vec3_sub(cop_of(p, l), p->centre));
    point.z = 0.0; /* on the surface */
    gait_vec3 torque = to_plate(p, gait_vec3_scale(up_of(p), l->t_nm));
    switch (plate->type) {
    case 1: {
        double c[6] = {force.x, force.y, force.z, point.x, point.y, torque.z};
        memcpy(ch, c, sizeof c);
        return;
    }
    case 2:
    case 4: {
        gait_vec3 r = gait_vec3_add(point, origin_true); /* transducer origin to P */
        gait_vec3 m = gait_vec3_add(gait_vec3_cross(r, force), torque);
        double out[6] = {force.x, force.y, force.z, m.x, m.y, m.z};
        if (plate->type == 2) {
            memcpy(ch, out, sizeof out);
            return;
        }
        for (int i = 0; i < 6; i++)
            out[i] /= plate->output_to_si[i];
        solve6(plate->cal_matrix, out, ch);
        return;
    }
    case 3: {
        /* Four 3-axis sensors at (+-a, +-b, 0), sensor k in the quadrant of corner k. The plate is
         * statically indeterminate: split the load with arbitrary but consistent shares (the
         * library must not depend on them). */
        double a = origin_true.x, b = origin_true.y, az0 = origin_true.z;
        gait_vec3 r = gait_vec3_add(point, v3(0.0, 0.0, az0));
        gait_vec3 m = gait_vec3_add(gait_vec3_cross(r, force), torque); /* about the sensor plane */
        /* Vertical shares: sum, y moment, x moment and a free twist mode. */
        double s = force.z, u = m.x / b, v = m.y / a, w = 0.07 * force.z + 3.0;
        double fz1 = (s + u - v + w) / 4, fz2 = (s + u + v - w) / 4;
        double fz3 = (s - u + v + w) / 4, fz4 = (s - u - v - w) / 4;
        double dx = 0.3 * force.x - 11.0; /* fx34 - fx12, free */
        double dy = (m.z - b * dx) / a;   /* fy14 - fy23 */
        double c[8] = {(force.x - dx) / 2,
                       (force.x + dx) / 2,
                       (force.y + dy) / 2,
                       (force.y - dy) / 2,
                       fz1,
                       fz2,
                       fz3,
                       fz4};
        memcpy(ch, c, sizeof c);
        /* Check the split from the sensor geometry itself: sensor k at its corner's quadrant,
         * each pair sharing its x or y channel equally. */
        const gait_vec3 at[4] = {v3(a, b, 0), v3(-a, b, 0), v3(-a, -b, 0), v3(a, -b, 0)};
        const gait_vec3 f[4] = {v3(c[0] / 2, c[2] / 2, c[4]), v3(c[0] / 2, c[3] / 2, c[5]),
                                v3(c[1] / 2, c[3] / 2, c[6]), v3(c[1] / 2, c[2] / 2, c[7])};
        gait_vec3 f_sum = v3(0, 0, 0), m_sum = v3(0, 0, 0);
        for (int k = 0; k < 4; k++) {
            f_sum = gait_vec3_add(f_sum, f[k]);
            m_sum = gait_vec3_add(m_sum, gait_vec3_cross(at[k], f[k]));
        }
        ck_assert_double_le(gait_vec3_norm(gait_vec3_sub(f_sum, force)),
                            1e-13 * gait_vec3_norm(force));
        ck_assert_double_le(gait_vec3_norm(gait_vec3_sub(m_sum, m)), 1e-13 * gait_vec3_norm(force));
        return;
    }
    default:
        ck_abort_msg("no synthesis for type %d", plate->type);
    }
}

static double dist(gait_vec3 a, const double *b)
{
    return gait_vec3_norm(gait_vec3_sub(a, v3(b[0], b[1], b[2])));
}

/* Worst errors over a run, relative to the scales above. */
typedef struct worst {
    double force, cop, free_moment, moment;
} worst;

/* Compute the loads on plate at p (synthesised with origin_true) and assert every output. */
static void check_recovers(const gait_force_plate *plate, const placement *p, gait_vec3 origin_true,
                           worst *w)
{
    double ch[N_LOADS * GAIT_PLATE_MAX_CHANNELS];
    size_t n_ch = gait_plate_channel_count(plate->type);
    for (size_t k = 0; k < N_LOADS; k++)
        synthesise(plate, p, origin_true, &LOADS[k], ch + k * n_ch);
    double force[3 * N_LOADS], moment[3 * N_LOADS], cop[3 * N_LOADS], free_nm[N_LOADS];
    gait_plate_settings settings = gait_plate_settings_default();
    ck_assert_int_eq(gait_plate_compute(plate, &settings, ch, N_LOADS, force, moment, cop, free_nm),
                     GAIT_OK);
    for (size_t k = 0; k < N_LOADS; k++) {
        const load *l = &LOADS[k];
        gait_vec3 g = grf_of(p, l), at = cop_of(p, l);
        double scale_n = gait_vec3_norm(g);
        gait_vec3 m = gait_vec3_add(gait_vec3_cross(gait_vec3_sub(at, p->centre), g),
                                    gait_vec3_scale(up_of(p), l->t_nm));
        double e_force = dist(g, force + 3 * k) / scale_n;
        double e_cop = dist(at, cop + 3 * k);
        double e_free = fabs(free_nm[k] - l->t_nm) / scale_n;
        double e_moment = dist(m, moment + 3 * k) / scale_n;
        double off_surface_m = gait_vec3_dot(
            gait_vec3_sub(v3(cop[3 * k], cop[3 * k + 1], cop[3 * k + 2]), p->centre), up_of(p));
        ck_assert_msg(e_force <= RELATIVE_TOLERANCE && e_cop <= RELATIVE_TOLERANCE &&
                          e_free <= RELATIVE_TOLERANCE && e_moment <= RELATIVE_TOLERANCE &&
                          fabs(off_surface_m) <= RELATIVE_TOLERANCE,
                      "%s type %d load %zu: force %.3g cop %.3g m free %.3g moment %.3g "
                      "off-surface %.3g m",
                      p->name, plate->type, k, e_force, e_cop, e_free, e_moment, off_surface_m);
        /* Vertical up positive: the reaction pushes the subject away from the plate. */
        ck_assert(gait_vec3_dot(v3(force[3 * k], force[3 * k + 1], force[3 * k + 2]), up_of(p)) >
                  0.0);
        w->force = fmax(w->force, e_force);
        w->cop = fmax(w->cop, e_cop);
        w->free_moment = fmax(w->free_moment, e_free);
        w->moment = fmax(w->moment, e_moment);
    }
}

/* Plates in a z-up lab turned 90 and 180 degrees, a y-up lab (OpenSim) and a tilted plate. */
static placement placement_at(int index)
{
    const double yaw = 30.0 * M_PI / 180.0, tilt = 10.0 * M_PI / 180.0;
    placement p[4] = {
        {"z-up lab, plate turned 90 deg", v3(0, 1, 0), v3(1, 0, 0), v3(0, 0, -1), v3(0.3, 1.1, 0.0),
         0.2, 0.3},
        {"z-up lab, plate turned 180 deg", v3(-1, 0, 0), v3(0, 1, 0), v3(0, 0, -1),
         v3(-0.5, 2.0, 0.01), 0.2, 0.3},
        {"y-up lab", v3(1, 0, 0), v3(0, 0, 1), v3(0, -1, 0), v3(1.5, 0.0, -0.25), 0.2, 0.3},
        {"tilted plate", v3(cos(yaw), sin(yaw), 0),
         v3(sin(yaw) * cos(tilt), -cos(yaw) * cos(tilt), -sin(tilt)),
         v3(-sin(yaw) * sin(tilt), cos(yaw) * sin(tilt), -cos(tilt)), v3(2.0, -1.0, 0.3), 0.2, 0.3},
    };
    return p[index];
}
#define N_PLACEMENTS 4

static gait_force_plate plate_of(int type, const placement *p, gait_vec3 origin)
{
    gait_force_plate plate;
    memset(&plate, 0, sizeof plate);
    plate.type = type;
    set_corners(&plate, p);
    plate.origin_m = origin;
    if (type == 4)
        set_calibration(&plate);
    return plate;
}

static void run_type(int type, gait_vec3 origin_stored, gait_vec3 origin_true)
{
    worst w = {0};
    for (int i = 0; i < N_PLACEMENTS; i++) {
        placement p = placement_at(i);
        /* The placements are orthonormal and right-handed. */
        ck_assert_double_eq_tol(gait_vec3_dot(gait_vec3_cross(p.x, p.y), p.z), 1.0, 1e-15);
        gait_force_plate plate = plate_of(type, &p, origin_stored);
        check_recovers(&plate, &p, origin_true, &w);
    }
    fprintf(stderr,
            "forceplate type %d: worst errors force %.1e, cop %.1e m, free moment %.1e, moment "
            "%.1e (relative)\n",
            type, w.force, w.cop, w.free_moment, w.moment);
}

START_TEST(type1_recovers_load)
{
    /* Type 1 ignores ORIGIN: its COP channels are already relative to the surface centre. */
    run_type(1, v3(0.01, 0.02, -0.04), v3(0, 0, 0));
}
END_TEST

START_TEST(type2_recovers_load)
{
    run_type(2, v3(0, 0, -0.04), v3(0, 0, -0.04));
    run_type(2, v3(0.0011, -0.0007, -0.0425), v3(0.0011, -0.0007, -0.0425));
}
END_TEST

START_TEST(type3_recovers_load)
{
    /* Kistler 9281-like: sensors 0.12 m and 0.2 m off the axes, surface 45 mm above them. */
    run_type(3, v3(0.12, 0.2, -0.045), v3(0.12, 0.2, -0.045));
}
END_TEST

START_TEST(type4_recovers_load)
{
    /* Non-diagonal calibration, moments calibrated to N·mm, output_to_si 0.001 for them. */
    run_type(4, v3(0.0011, -0.0007, -0.0425), v3(0.0011, -0.0007, -0.0425));
}
END_TEST

START_TEST(positive_origin_z_is_reversed)
{
    /* ORIGIN stored from the surface to the transducer (z positive): the library reverses it, as
     * BTK, ezc3d and Visual3D do. */
    run_type(2, v3(-0.0011, 0.0007, 0.0425), v3(0.0011, -0.0007, -0.0425));
    run_type(4, v3(-0.0011, 0.0007, 0.0425), v3(0.0011, -0.0007, -0.0425));
    /* Type 3: only az0 is reversed; a and b keep their meaning. */
    run_type(3, v3(0.12, 0.2, 0.045), v3(0.12, 0.2, -0.045));
}
END_TEST

START_TEST(plate_z_up_gives_same_physics)
{
    /* Corners listed so that the plate z points up (x = lab X, y = lab Y): the loaded plate then
     * reads a positive Fz. GRF, COP and free moment about the upward normal are unchanged. ORIGIN
     * z is 0 here (processed data), so its sign rule does not apply. */
    placement p = {"z-up plate frame", v3(1, 0, 0), v3(0, 1, 0), v3(0, 0, 1),
                   v3(0.2, 0.3, 0.0),  0.25,        0.25};
    gait_force_plate plate = plate_of(2, &p, v3(0.002, -0.001, 0.0));
    double ch[6], force[3], cop[3], free_nm;
    gait_vec3 up = v3(0, 0, 1);
    gait_vec3 g = v3(120.0, -45.0, 1300.0), at = v3(0.2 + 0.1, 0.3 - 0.07, 0.0);
    double t_nm = -3.5;
    gait_vec3 f = to_plate(&p, g);
    gait_vec3 r = gait_vec3_add(to_plate(&p, gait_vec3_sub(at, p.centre)), plate.origin_m);
    gait_vec3 m = gait_vec3_add(gait_vec3_cross(r, f), to_plate(&p, gait_vec3_scale(up, t_nm)));
    double c[6] = {f.x, f.y, f.z, m.x, m.y, m.z};
    memcpy(ch, c, sizeof c);
    ck_assert_double_gt(f.z, 0.0);
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 1, force, NULL, cop, &free_nm), GAIT_OK);
    ck_assert_double_le(dist(g, force), RELATIVE_TOLERANCE * gait_vec3_norm(g));
    ck_assert_double_le(dist(at, cop), RELATIVE_TOLERANCE);
    ck_assert_double_eq_tol(free_nm, t_nm, RELATIVE_TOLERANCE * gait_vec3_norm(g));
}
END_TEST

START_TEST(threshold_gates_cop_and_free_moment)
{
    placement p = placement_at(0);
    gait_force_plate plate = plate_of(2, &p, v3(0, 0, -0.04));
    /* Normal forces 19.9 N (below), 20 N (at: defined), 0 N, 1500 N, then a NaN channel. */
    const double up_n[5] = {19.9, 20.0, 0.0, 1500.0, 1500.0};
    double ch[5 * 6];
    for (int k = 0; k < 5; k++) {
        load l = {3.0, -2.0, up_n[k], 0.1, -0.05, 0.2};
        synthesise(&plate, &p, plate.origin_m, &l, ch + 6 * k);
    }
    ch[4 * 6 + 4] = NAN; /* My of the last sample */
    double force[15], moment[15], cop[15], free_nm[5];
    gait_plate_settings settings = gait_plate_settings_default();
    ck_assert_double_eq(settings.cop_threshold_n, 20.0);
    ck_assert_int_eq(gait_plate_compute(&plate, &settings, ch, 5, force, moment, cop, free_nm),
                     GAIT_OK);
    for (int k = 0; k < 5; k++) {
        int defined = k == 1 || k == 3;
        for (int axis = 0; axis < 3; axis++)
            ck_assert_msg(defined ? isfinite(cop[3 * k + axis]) : isnan(cop[3 * k + axis]),
                          "sample %d cop %d = %g", k, axis, cop[3 * k + axis]);
        ck_assert_msg(defined ? isfinite(free_nm[k]) : isnan(free_nm[k]), "sample %d free %g", k,
                      free_nm[k]);
        /* Force is reported whatever its size; the moment too, except where a channel is NaN. */
        for (int axis = 0; axis < 3; axis++)
            ck_assert(isfinite(force[3 * k + axis]));
        int moment_finite =
            isfinite(moment[3 * k]) && isfinite(moment[3 * k + 1]) && isfinite(moment[3 * k + 2]);
        ck_assert_int_eq(moment_finite, k != 4);
    }
    /* Below threshold the force is still exact: 19.9 N up. */
    ck_assert_double_eq_tol(force[2], 19.9, 1e-12);
    /* At exactly the threshold the COP is right. */
    gait_vec3 at = gait_vec3_add(
        p.centre, gait_vec3_add(gait_vec3_scale(p.x, 0.1), gait_vec3_scale(p.y, -0.05)));
    ck_assert_double_le(dist(at, cop + 3), 1e-12);

    /* Threshold 0: a zero force still gives NaN, not a division by zero. NULL outputs are
     * skipped. */
    settings.cop_threshold_n = 0.0;
    ck_assert_int_eq(gait_plate_compute(&plate, &settings, ch, 5, NULL, NULL, cop, NULL), GAIT_OK);
    ck_assert(isfinite(cop[0]) && isnan(cop[6]) && isfinite(cop[9]));

    /* NULL settings mean the defaults (20 N). */
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 5, NULL, NULL, NULL, free_nm), GAIT_OK);
    ck_assert(isnan(free_nm[0]) && isfinite(free_nm[1]));
}
END_TEST

START_TEST(channel_counts)
{
    ck_assert_uint_eq(gait_plate_channel_count(1), 6);
    ck_assert_uint_eq(gait_plate_channel_count(2), 6);
    ck_assert_uint_eq(gait_plate_channel_count(3), 8);
    ck_assert_uint_eq(gait_plate_channel_count(4), 6);
    ck_assert_uint_eq(gait_plate_channel_count(5), 0);
    ck_assert_uint_eq(gait_plate_channel_count(0), 0);
    ck_assert_uint_eq(gait_plate_channel_count(-2), 0);
    ck_assert_uint_le(gait_plate_channel_count(3), GAIT_PLATE_MAX_CHANNELS);
}
END_TEST

START_TEST(unsupported_type)
{
    placement p = placement_at(0);
    gait_force_plate plate = plate_of(5, &p, v3(0, 0, -0.04));
    double ch[8] = {0}, force[3] = {7, 7, 7};
    gait_clear_error();
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "5"));
    ck_assert_double_eq(force[0], 7.0); /* nothing written */
    plate.type = 21;
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "21"));
}
END_TEST

START_TEST(degenerate_corners)
{
    placement p = placement_at(0);
    double ch[6] = {0, 0, -800, 0, 0, 0}, force[3] = {7, 7, 7};
    gait_force_plate plate = plate_of(2, &p, v3(0, 0, -0.04));
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 1, force, NULL, NULL, NULL), GAIT_OK);
    ck_assert_double_eq_tol(force[2], 800.0, 1e-12);
    force[2] = 7.0;

    gait_force_plate bad = plate; /* all four corners at one point */
    for (int i = 0; i < 4; i++)
        bad.corners_m[i] = v3(1, 2, 3);
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "corners"));

    bad = plate; /* collinear */
    for (int i = 0; i < 4; i++)
        bad.corners_m[i] = v3(0.1 * i, 0.2 * i, 0);
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);

    bad = plate; /* corners 3 and 4 swapped: out of C3D order */
    bad.corners_m[2] = plate.corners_m[3];
    bad.corners_m[3] = plate.corners_m[2];
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);

    bad = plate; /* corner 1 lifted 0.1 m off the plane of the others */
    bad.corners_m[0].z += 0.1;
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);

    bad = plate; /* sheared along the plate x (lab Y here) into a parallelogram of 31 degrees */
    bad.corners_m[0] = gait_vec3_add(plate.corners_m[0], v3(0, 1.0, 0));
    bad.corners_m[1] = gait_vec3_add(plate.corners_m[1], v3(0, 1.0, 0));
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);

    bad = plate;
    bad.corners_m[2].y = NAN;
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_double_eq(force[2], 7.0); /* nothing written on failure */

    /* A few millimetres of measurement error in the corners are accepted. */
    bad = plate;
    bad.corners_m[0] = gait_vec3_add(bad.corners_m[0], v3(0.003, -0.002, 0.002));
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL), GAIT_OK);
}
END_TEST

START_TEST(invalid_arguments)
{
    placement p = placement_at(0);
    gait_force_plate plate = plate_of(4, &p, v3(0, 0, -0.04));
    double ch[6] = {0, 0, 1, 0, 0, 0}, force[3] = {7, 7, 7};
    ck_assert_int_eq(gait_plate_compute(NULL, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, NULL, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, ch, 0, force, NULL, NULL, NULL),
                     GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_plate_compute(&plate, NULL, NULL, 0, force, NULL, NULL, NULL),
                     GAIT_E_NO_DATA);
    gait_plate_settings settings = {.cop_threshold_n = -1.0};
    ck_assert_int_eq(gait_plate_compute(&plate, &settings, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    settings.cop_threshold_n = NAN;
    ck_assert_int_eq(gait_plate_compute(&plate, &settings, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    gait_force_plate bad = plate;
    bad.output_to_si[4] = 0.0;
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "output_to_si"));
    bad = plate;
    bad.cal_matrix[7] = INFINITY;
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    bad = plate;
    bad.origin_m.z = NAN;
    ck_assert_int_eq(gait_plate_compute(&bad, NULL, ch, 1, force, NULL, NULL, NULL),
                     GAIT_E_INVALID_ARG);
    ck_assert_double_eq(force[0], 7.0); /* nothing written on failure */
}
END_TEST

Suite *make_suite(void)
{
    Suite *s = suite_create("forceplate");
    TCase *tc = tcase_create("forceplate");
    tcase_add_test(tc, type1_recovers_load);
    tcase_add_test(tc, type2_recovers_load);
    tcase_add_test(tc, type3_recovers_load);
    tcase_add_test(tc, type4_recovers_load);
    tcase_add_test(tc, positive_origin_z_is_reversed);
    tcase_add_test(tc, plate_z_up_gives_same_physics);
    tcase_add_test(tc, threshold_gates_cop_and_free_moment);
    tcase_add_test(tc, channel_counts);
    tcase_add_test(tc, unsupported_type);
    tcase_add_test(tc, degenerate_corners);
    tcase_add_test(tc, invalid_arguments);
    suite_add_tcase(s, tc);
    return s;
}
