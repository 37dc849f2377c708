/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's public face: samples the model (model.c, motion.c, grf.c, dynamics.c) at the
 * requested rates, adds reproducible noise, places force plates, applies the treadmill shift and
 * the output lab frame, and records the truth of every step. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/mat3.h"
#include "gait/c3d_write.h"
#include "sim/sim_internal.h"

/* Overground plates: AMTI-sized (0.6 m along the runway, 0.4 m across), surface centre ahead of the
 * stance's heel by half a foot, transducer origin 40 mm below the surface. */
#define PLATE_LENGTH_M 0.6
#define PLATE_WIDTH_M  0.4
#define PLATE_DEPTH_M  0.04
/* Treadmill: one plate under the whole belt. */
#define BELT_LENGTH_M 2.0
#define BELT_WIDTH_M  0.6
/* Moment-channel noise: the force noise acting over this lever arm. */
#define MOMENT_NOISE_LEVER_M 0.01
/* Truth peaks are searched on this grid within each stance. */
#define TRUTH_STEP_S 1e-4

struct gait_sim {
    sim_model model;
    gait_c3d *c3d;
    gait_sim_step *steps;
    size_t n_imu;
    double *imu[2][2]; /* [segment][0 acc, 1 gyr], 3 per sample */
};

gait_sim_settings gait_sim_settings_default(void)
{
    gait_sim_settings s = {
        .seed = 1,
        .mode = GAIT_SIM_OVERGROUND,
        .speed_mps = 3.5,
        .cadence_steps_per_min = 172.0,
        .contact_time_s = 0.24,
        .n_steps = 8,
        .body_mass_kg = 70.0,
        .foot_length_m = 0.26,
        .strike = GAIT_STRIKE_REARFOOT,
        .peak_dorsiflexion_deg = 20.0,
        .peak_eversion_deg = 10.0,
        .peak_external_rotation_deg = 8.0,
        .toe_off_plantarflexion_deg = 25.0,
        .marker_noise_m = 0.0005,
        .force_noise_n = 2.0,
        .acc_noise_mps2 = 0.05,
        .gyr_noise_rad_s = 0.005,
        .acc_bias_mps2 = 0.0,
        .gyr_bias_rad_s = 0.0,
        .imu_mount_zyx_deg = {0.0, 0.0, 0.0},
        .vertical = GAIT_SIM_Z_UP,
        .progression = GAIT_SIM_PLUS_X,
        .marker_rate_hz = 200.0,
        .plate_rate_hz = 1000.0,
        .imu_rate_hz = 200.0,
    };
    return s;
}

/* ---- reproducible noise: splitmix64 and Box–Muller, the same numbers on every machine ---- */

typedef struct noise {
    uint64_t state;
    int has_spare;
    double spare;
} noise;

static uint64_t next_u64(noise *n)
{
    uint64_t z = (n->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1]. */
static double next_unit(noise *n)
{
    return ((double)(next_u64(n) >> 11) + 1.0) / 9007199254740992.0;
}

static double gaussian(noise *n, double sd)
{
    if (sd == 0.0)
        return 0.0;
    if (n->has_spare) {
        n->has_spare = 0;
        return sd * n->spare;
    }
    double r = sqrt(-2.0 * log(next_unit(n))), angle = 2.0 * M_PI * next_unit(n);
    n->spare = r * sin(angle);
    n->has_spare = 1;
    return sd * r * cos(angle);
}

/* ---- output frame ---- */

/* Canonical (x forward, y left, z up) to the output lab frame, as a rotation matrix. */
static void lab_rotation(const gait_sim_settings *s, double r[9])
{
    gait_vec3 forward, up;
    if (s->vertical == GAIT_SIM_Z_UP) {
        up = gait_vec3_make(0, 0, 1);
        const gait_vec3 directions[4] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}};
        forward = directions[s->progression];
    } else {
        up = gait_vec3_make(0, 1, 0);
        const gait_vec3 directions[4] = {{1, 0, 0}, {-1, 0, 0}, {0, 0, 1}, {0, 0, -1}};
        forward = directions[s->progression];
    }
    gait_vec3 left = gait_vec3_cross(up, forward);
    const gait_vec3 columns[3] = {forward, left, up};
    for (int c = 0; c < 3; c++)
        gait_mat3_set_column(r, c, columns[c]);
}

/* A canonical position at time t in the output frame: treadmill shift, then the lab rotation. */
static gait_vec3 to_lab_position(const gait_sim *sim, const double lab[9], gait_vec3 p, double t)
{
    if (sim->model.settings.mode == GAIT_SIM_TREADMILL)
        p.x -= sim->model.settings.speed_mps * t;
    return gait_mat3_mul_vec(lab, p);
}

/* ---- plates ---- */

typedef struct plate {
    gait_vec3 centre; /* surface centre, canonical frame (before the treadmill shift: fixed) */
    double half_length, half_width;
    long stance; /* the stance it was laid under, or -1 for the treadmill */
} plate;

/* Overground: plates under stances 2, 3 and 5 (the first steps accelerate nothing here, but labs
 * rarely catch them; 4 and 6+ miss plates). Treadmill: one plate under the belt. */
static size_t place_plates(const gait_sim *sim, plate *plates)
{
    const sim_model *m = &sim->model;
    if (m->settings.mode == GAIT_SIM_TREADMILL) {
        /* Feet land near x = speed x IC - speed x IC = 0 and travel back with the belt. */
        plates[0] =
            (plate){gait_vec3_make(-0.2, 0.0, 0.0), BELT_LENGTH_M / 2, BELT_WIDTH_M / 2, -1};
        return 1;
    }
    static const size_t stance_with_plate[] = {2, 3, 5};
    size_t n = 0;
    for (size_t i = 0; i < sizeof stance_with_plate / sizeof stance_with_plate[0]; i++) {
        size_t k = stance_with_plate[i];
        if (k >= m->n_stances)
            break;
        const sim_stance *s = &m->stances[k];
        gait_vec3 centre =
            gait_vec3_add(s->heel_m, gait_vec3_scale(s->forward, 0.5 * m->foot.length_m));
        plates[n++] = (plate){centre, PLATE_LENGTH_M / 2, PLATE_WIDTH_M / 2, (long)k};
    }
    return n;
}

/* Whether a canonical ground point at time t is on the plate (treadmill: the plate does not move
 * with the belt, so the shift applies). */
static int on_plate(const gait_sim *sim, const plate *p, gait_vec3 point, double t)
{
    if (sim->model.settings.mode == GAIT_SIM_TREADMILL)
        point.x -= sim->model.settings.speed_mps * t;
    return fabs(point.x - p->centre.x) <= p->half_length &&
           fabs(point.y - p->centre.y) <= p->half_width;
}

/* The plate frame in the lab: x along the runway, z down (so corners are listed as C3D wants: 1 at
 * +x+y, 2 at -x+y, 3 at -x-y, 4 at +x-y of the plate), and its corners in the output frame. */
static void plate_geometry(const double lab[9], const plate *p, double corners_m[12],
                           double plate_to_lab[9])
{
    /* Plate axes in the canonical frame: x forward, y right (-left), z down. */
    const gait_vec3 axes[3] = {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}};
    const double signs[4][2] = {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}};
    for (int c = 0; c < 4; c++) {
        gait_vec3 corner = gait_vec3_add(
            p->centre, gait_vec3_add(gait_vec3_scale(axes[0], signs[c][0] * p->half_length),
                                     gait_vec3_scale(axes[1], signs[c][1] * p->half_width)));
        gait_vec3 out = gait_mat3_mul_vec(lab, corner);
        corners_m[3 * c] = out.x;
        corners_m[3 * c + 1] = out.y;
        corners_m[3 * c + 2] = out.z;
    }
    for (int c = 0; c < 3; c++)
        gait_mat3_set_column(plate_to_lab, c, gait_mat3_mul_vec(lab, axes[c]));
}

/* Ground reaction on plate p at t in the output frame (force on the subject, COP, free moment
 * vector along the lab vertical); zero force and NaN COP when no foot loads it. */
static void plate_load(const gait_sim *sim, const double lab[9], const plate *p, double t,
                       gait_vec3 *force_n, gait_vec3 *cop_m, gait_vec3 *free_moment_nm)
{
    *force_n = gait_vec3_make(0, 0, 0);
    *cop_m = gait_vec3_make(NAN, NAN, NAN);
    *free_moment_nm = gait_vec3_make(0, 0, 0);
    const sim_model *m = &sim->model;
    for (size_t k = 0; k < m->n_stances; k++) {
        if (t < m->stances[k].ic_s || t >= m->stances[k].to_s)
            continue;
        gait_vec3 f, cop;
        double tz;
        sim_grf(m, k, t, &f, &cop, &tz);
        if (!isfinite(cop.x) || !on_plate(sim, p, cop, t))
            continue;
        *force_n = gait_mat3_mul_vec(lab, f);
        *cop_m = to_lab_position(sim, lab, cop, t);
        *free_moment_nm = gait_vec3_scale(gait_mat3_mul_vec(lab, gait_vec3_make(0, 0, 1)), tz);
    }
}

/* Six type-2 channels of plate p (Fx Fy Fz in N, Mx My Mz in N·mm about the transducer origin),
 * plate frame, the reaction on the subject as C3D files store it (see gait/forceplate.h). */
static void plate_channels(const gait_sim *sim, const double lab[9], const plate *p,
                           const double plate_to_lab[9], double t, double channels[6])
{
    gait_vec3 force, cop, free_moment;
    plate_load(sim, lab, p, t, &force, &cop, &free_moment);
    gait_vec3 surface = gait_mat3_mul_vec(lab, p->centre);
    gait_vec3 down = gait_mat3_column(plate_to_lab, 2);
    gait_vec3 transducer = gait_vec3_add(surface, gait_vec3_scale(down, PLATE_DEPTH_M));
    gait_vec3 moment = free_moment;
    if (isfinite(cop.x))
        moment = gait_vec3_add(gait_vec3_cross(gait_vec3_sub(cop, transducer), force), free_moment);
    /* Lab -> plate axes; moments in N·mm. */
    const gait_vec3 f = gait_mat3_transpose_mul_vec(plate_to_lab, force);
    const gait_vec3 m = gait_mat3_transpose_mul_vec(plate_to_lab, moment);
    const double plate_axes[6] = {f.x, f.y, f.z, 1000.0 * m.x, 1000.0 * m.y, 1000.0 * m.z};
    memcpy(channels, plate_axes, sizeof plate_axes);
}

/* ---- recording ---- */

static gait_status add_markers(gait_sim *sim, const double lab[9], size_t n_frames, noise *rng)
{
    const sim_model *m = &sim->model;
    double *xyz = malloc(3 * n_frames * sizeof *xyz);
    if (xyz == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory for markers");
    gait_status status = GAIT_OK;
    for (int side = SIM_RIGHT; side <= SIM_LEFT && status == GAIT_OK; side++) {
        for (size_t i = 0; i < sim_marker_count() && status == GAIT_OK; i++) {
            for (size_t f = 0; f < n_frames; f++) {
                double t = (double)f / m->settings.marker_rate_hz;
                gait_vec3 p;
                sim_marker_position(m, i, side, t, &p);
                p = to_lab_position(sim, lab, p, t);
                xyz[3 * f] = p.x + gaussian(rng, m->settings.marker_noise_m);
                xyz[3 * f + 1] = p.y + gaussian(rng, m->settings.marker_noise_m);
                xyz[3 * f + 2] = p.z + gaussian(rng, m->settings.marker_noise_m);
            }
            status = gait_c3d_add_point(sim->c3d, sim_marker_name(i, side), xyz, NULL);
        }
    }
    free(xyz);
    return status;
}

static gait_status add_plates(gait_sim *sim, const double lab[9], size_t n_frames, noise *rng,
                              plate *plates, size_t *n_plates)
{
    const gait_sim_settings *s = &sim->model.settings;
    size_t per_frame = (size_t)lround(s->plate_rate_hz / s->marker_rate_hz);
    size_t n_samples = n_frames * per_frame;
    *n_plates = place_plates(sim, plates);
    double *values = malloc(6 * n_samples * sizeof *values);
    if (values == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory for plate channels");
    gait_status status = GAIT_OK;
    static const char *const names[6] = {"Fx", "Fy", "Fz", "Mx", "My", "Mz"};
    static const char *const units[6] = {"N", "N", "N", "Nmm", "Nmm", "Nmm"};
    for (size_t p = 0; p < *n_plates && status == GAIT_OK; p++) {
        double corners[12], plate_to_lab[9];
        plate_geometry(lab, &plates[p], corners, plate_to_lab);
        for (size_t j = 0; j < n_samples; j++) {
            double channels[6];
            plate_channels(sim, lab, &plates[p], plate_to_lab, (double)j / s->plate_rate_hz,
                           channels);
            for (int c = 0; c < 6; c++) {
                double sd =
                    c < 3 ? s->force_noise_n : 1000.0 * s->force_noise_n * MOMENT_NOISE_LEVER_M;
                values[c * n_samples + j] = channels[c] + gaussian(rng, sd);
            }
        }
        gait_c3d_info info;
        gait_c3d_get_info(sim->c3d, &info);
        size_t first_channel = info.n_analog_channels;
        for (int c = 0; c < 6 && status == GAIT_OK; c++) {
            char label[32]; /* "Mz" and a plate number of at most 3 digits */
            snprintf(label, sizeof label, "%s%u", names[c], (unsigned)(p + 1));
            status = gait_c3d_add_analog(sim->c3d, label, units[c], values + c * n_samples);
        }
        size_t channel_index[6];
        for (int c = 0; c < 6; c++)
            channel_index[c] = first_channel + (size_t)c;
        const double origin_m[3] = {0.0, 0.0, -PLATE_DEPTH_M};
        if (status == GAIT_OK)
            status = gait_c3d_add_force_plate(sim->c3d, 2, corners, origin_m, channel_index, 6);
    }
    free(values);
    return status;
}

/* C3D's EVENT group holds at most 255 events: longer trials carry the events of their first 127
 * steps (the truth has them all). */
#define MAX_EVENT_STEPS 127

static gait_status add_events(gait_sim *sim)
{
    gait_status status = GAIT_OK;
    for (size_t k = 0; k < sim->model.n_stances && k < MAX_EVENT_STEPS && status == GAIT_OK; k++) {
        const sim_stance *s = &sim->model.stances[k];
        gait_c3d_event e = {0};
        snprintf(e.context, sizeof e.context, "%s", s->side == SIM_RIGHT ? "Right" : "Left");
        snprintf(e.label, sizeof e.label, "Foot Strike");
        e.time_s = s->ic_s;
        status = gait_c3d_add_event(sim->c3d, &e);
        snprintf(e.label, sizeof e.label, "Foot Off");
        e.time_s = s->to_s;
        if (status == GAIT_OK)
            status = gait_c3d_add_event(sim->c3d, &e);
    }
    return status;
}

static gait_status sample_imus(gait_sim *sim, noise *rng)
{
    const gait_sim_settings *s = &sim->model.settings;
    sim->n_imu = (size_t)floor(sim->model.duration_s * s->imu_rate_hz) + 1;
    for (int segment = 0; segment < 2; segment++) {
        for (int kind = 0; kind < 2; kind++) {
            sim->imu[segment][kind] = malloc(3 * sim->n_imu * sizeof(double));
            if (sim->imu[segment][kind] == NULL)
                return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory for IMU samples");
        }
        for (size_t j = 0; j < sim->n_imu; j++) {
            gait_vec3 acc, gyr;
            sim_imu_sample(&sim->model, (gait_sim_segment)segment, SIM_RIGHT,
                           (double)j / s->imu_rate_hz, &acc, &gyr);
            const double a[3] = {acc.x, acc.y, acc.z}, g[3] = {gyr.x, gyr.y, gyr.z};
            for (int axis = 0; axis < 3; axis++) {
                sim->imu[segment][0][3 * j + axis] =
                    a[axis] + s->acc_bias_mps2 + gaussian(rng, s->acc_noise_mps2);
                sim->imu[segment][1][3 * j + axis] =
                    g[axis] + s->gyr_bias_rad_s + gaussian(rng, s->gyr_noise_rad_s);
            }
        }
    }
    return GAIT_OK;
}

/* ---- truth ---- */

static double degrees(double radians)
{
    return radians * 180.0 / M_PI;
}

/* The plate holding the whole stance k (its COP at IC and just before TO), or -1. */
static int stance_plate(const gait_sim *sim, const plate *plates, size_t n_plates, size_t k)
{
    const sim_stance *s = &sim->model.stances[k];
    const double times[2] = {s->ic_s, s->to_s - TRUTH_STEP_S};
    for (size_t p = 0; p < n_plates; p++) {
        int holds = 1;
        for (int i = 0; i < 2; i++) {
            gait_vec3 f, cop;
            double tz;
            sim_grf(&sim->model, k, times[i], &f, &cop, &tz);
            holds = holds && isfinite(cop.x) && on_plate(sim, &plates[p], cop, times[i]);
        }
        if (holds)
            return (int)p;
    }
    return -1;
}

static void stance_truth(const gait_sim *sim, size_t k, gait_sim_step *step)
{
    const sim_model *m = &sim->model;
    const sim_stance *s = &m->stances[k];
    const double weight_n = m->settings.body_mass_kg * SIM_GRAVITY_MPS2;
    /* Inversion is +x of the right foot's frame; the left side is mirrored. */
    const double inversion_sign = s->side == SIM_RIGHT ? 1.0 : -1.0;
    memset(step, 0, sizeof *step);
    step->side = s->side;
    step->ic_s = s->ic_s;
    step->to_s = s->to_s;
    step->contact_time_s = s->to_s - s->ic_s;
    step->flight_time_s = k + 1 < m->n_stances ? m->stances[k + 1].ic_s - s->to_s : NAN;
    step->cadence_steps_per_min =
        k + 1 < m->n_stances ? 60.0 / (m->stances[k + 1].ic_s - s->ic_s) : NAN;
    step->pattern = m->settings.strike;
    step->strike_index = sim_strike_index(m->settings.strike);
    step->foot_strike_angle_deg = degrees(sim_sole_angle(m, s->side, s->ic_s));
    double dorsi = -INFINITY, eversion = -INFINITY, external = -INFINITY, inversion = -INFINITY;
    double vertical = 0.0;
    size_t n = (size_t)floor((s->to_s - s->ic_s) / TRUTH_STEP_S);
    for (size_t i = 0; i <= n; i++) {
        double t = fmin(s->ic_s + (double)i * TRUTH_STEP_S, s->to_s - 1e-9);
        double angles[3];
        sim_ankle_angles(m, s->side, t, angles);
        dorsi = fmax(dorsi, angles[0]);
        eversion = fmax(eversion, -angles[1]);
        external = fmax(external, -angles[2]);
        gait_vec3 moment, force, cop;
        double tz;
        sim_ankle_moment(m, k, t, &moment, NULL);
        sim_frame foot;
        sim_foot_frame(m, s->side, t, &foot);
        gait_vec3 foot_x = gait_mat3_column(foot.rotation, 0);
        inversion = fmax(inversion, inversion_sign * gait_vec3_dot(moment, foot_x));
        sim_grf(m, k, t, &force, &cop, &tz);
        vertical = fmax(vertical, force.z);
    }
    step->peak_dorsiflexion_deg = degrees(dorsi);
    step->peak_eversion_deg = degrees(eversion);
    step->peak_external_rotation_deg = degrees(external);
    step->peak_inversion_moment_nm_kg = inversion / m->settings.body_mass_kg;
    step->peak_vertical_grf_bw = vertical / weight_n;
}

/* ---- public API ---- */

static gait_status check_rates(const gait_sim_settings *s)
{
    if (!gait_is_positive_finite(s->marker_rate_hz) || !gait_is_positive_finite(s->imu_rate_hz) ||
        !gait_is_positive_finite(s->plate_rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: sampling rates must be finite and > 0");
    double ratio = s->plate_rate_hz / s->marker_rate_hz;
    if (ratio < 1.0 || fabs(ratio - round(ratio)) > 1e-9 || ratio > 1000.0)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_sim_run: plate_rate_hz %g must be a whole multiple (1..1000) of "
                         "marker_rate_hz %g",
                         s->plate_rate_hz, s->marker_rate_hz);
    if (s->vertical != GAIT_SIM_Z_UP && s->vertical != GAIT_SIM_Y_UP)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: unknown vertical axis %d",
                         (int)s->vertical);
    if (s->progression < GAIT_SIM_PLUS_X || s->progression > GAIT_SIM_MINUS_Y)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: unknown progression %d",
                         (int)s->progression);
    if (s->mode != GAIT_SIM_OVERGROUND && s->mode != GAIT_SIM_TREADMILL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: unknown mode %d", (int)s->mode);
    const double noises[6] = {s->marker_noise_m,  s->force_noise_n,       s->acc_noise_mps2,
                              s->gyr_noise_rad_s, fabs(s->acc_bias_mps2), fabs(s->gyr_bias_rad_s)};
    for (int i = 0; i < 6; i++)
        if (!(noises[i] >= 0.0 && isfinite(noises[i])))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_sim_run: noise levels and biases must be finite (noise >= 0)");
    return GAIT_OK;
}

static gait_status build(gait_sim *sim, const gait_sim_settings *settings)
{
    gait_status status = check_rates(settings);
    if (status == GAIT_OK)
        status = sim_model_init(&sim->model, settings);
    if (status != GAIT_OK)
        return status;
    const gait_sim_settings *s = &sim->model.settings;
    double lab[9];
    lab_rotation(s, lab);
    size_t n_frames = (size_t)floor(sim->model.duration_s * s->marker_rate_hz) + 1;
    size_t per_frame = (size_t)lround(s->plate_rate_hz / s->marker_rate_hz);
    status = gait_c3d_create(s->marker_rate_hz, n_frames, per_frame, 1, &sim->c3d);
    if (status != GAIT_OK)
        return status;
    /* One generator, drawn in a fixed order (markers, plates, IMUs): same seed, same bytes. */
    noise rng = {.state = s->seed};
    plate plates[3];
    size_t n_plates = 0;
    if ((status = add_markers(sim, lab, n_frames, &rng)) != GAIT_OK ||
        (status = add_plates(sim, lab, n_frames, &rng, plates, &n_plates)) != GAIT_OK ||
        (status = add_events(sim)) != GAIT_OK ||
        (status = gait_c3d_set_param_real(sim->c3d, "PROCESSING", "Bodymass", &s->body_mass_kg,
                                          1)) != GAIT_OK ||
        (status = sample_imus(sim, &rng)) != GAIT_OK)
        return status;
    sim->steps = calloc(sim->model.n_stances, sizeof *sim->steps);
    if (sim->steps == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory for the truth");
    for (size_t k = 0; k < sim->model.n_stances; k++) {
        stance_truth(sim, k, &sim->steps[k]);
        sim->steps[k].plate = stance_plate(sim, plates, n_plates, k);
    }
    return GAIT_OK;
}

gait_status gait_sim_run(const gait_sim_settings *settings, gait_sim **sim)
{
    if (sim == NULL || settings == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_run: NULL argument");
    *sim = NULL;
    gait_sim *handle = calloc(1, sizeof *handle);
    if (handle == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_sim_run: out of memory");
    gait_status status = build(handle, settings);
    if (status != GAIT_OK) {
        gait_sim_close(handle);
        return status;
    }
    *sim = handle;
    return GAIT_OK;
}

void gait_sim_close(gait_sim *sim)
{
    if (sim == NULL)
        return;
    sim_model_free(&sim->model);
    gait_c3d_close(sim->c3d);
    free(sim->steps);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            free(sim->imu[i][j]);
    free(sim);
}

size_t gait_sim_step_count(const gait_sim *sim)
{
    return sim != NULL ? sim->model.n_stances : 0;
}

gait_status gait_sim_get_step(const gait_sim *sim, size_t i, gait_sim_step *step)
{
    if (sim == NULL || step == NULL || i >= sim->model.n_stances)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_get_step: NULL or step %zu out of range", i);
    *step = sim->steps[i];
    return GAIT_OK;
}

const gait_c3d *gait_sim_c3d(const gait_sim *sim)
{
    return sim != NULL ? sim->c3d : NULL;
}

size_t gait_sim_imu_samples(const gait_sim *sim)
{
    return sim != NULL ? sim->n_imu : 0;
}

gait_status gait_sim_get_imu(const gait_sim *sim, gait_sim_segment segment, double *acc_mps2,
                             double *gyr_rad_s)
{
    if (sim == NULL || acc_mps2 == NULL || gyr_rad_s == NULL ||
        (segment != GAIT_SIM_FOOT && segment != GAIT_SIM_SHANK))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_sim_get_imu: NULL argument or bad segment");
    memcpy(acc_mps2, sim->imu[segment][0], 3 * sim->n_imu * sizeof *acc_mps2);
    memcpy(gyr_rad_s, sim->imu[segment][1], 3 * sim->n_imu * sizeof *gyr_rad_s);
    return GAIT_OK;
}
