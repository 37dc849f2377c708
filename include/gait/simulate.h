/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A running-trial simulator with known ground truth.
 *
 * It writes what a lab would record from a runner whose every quantity is known by construction:
 * force plates (overground, one plate per stance with some steps missing plates; or one long
 * treadmill plate), shank and foot markers, foot and shank IMUs, and per-step truth (IC/TO times,
 * contact/flight time, cadence, strike index and pattern, foot strike angle, peak ankle external
 * rotation, peak ankle inversion moment).
 *
 * Honesty: angles are prescribed; the truth moment comes from the simulator's own Newton–Euler
 * (src/sim/dynamics.c) with analytic accelerations, never from the library functions it is used to
 * test. The published magnitudes the curves are built to are listed at the end of this comment.
 *
 * Frames. Internally x is forward, y left, z up; the output lab frame is chosen by `vertical` and
 * `progression`. Segment frames (foot, shank) and the ankle angles follow the ISB joint coordinate
 * system (gait/GUIDE conventions): e1 = shank medio-lateral axis (dorsiflexion +), e3 = foot
 * superior axis (internal rotation +), e2 = e3 x e1 floating (inversion +), the left side mirrored
 * so that the signs mean the same on both sides.
 *
 * Magnitudes the curves are built to (running at about 3-5 m/s; details and full citations in the
 * headers of src/sim/grf.c and src/sim/motion.c): vertical GRF active peak ~2.5 BW, rearfoot impact
 * ~1.5-2 BW with loading rates ~70-100 BW/s, braking/propulsive peaks ~0.4 BW, free moment a few
 * N·m (Cavanagh & Lafortune 1980; Munro et al. 1987; Nilsson & Thorstensson 1989; Milner et al.
 * 2006; Holden & Cavanagh 1991; Clark et al. 2017); contact 0.2-0.3 s and cadence 160-185
 * steps/min; ankle dorsiflexion ~20 deg in mid-stance and ~25 deg plantarflexion at toe-off
 * (Novacheck 1998; Dugan & Bhat 2005); foot strike angle bands (Altman & Davis 2012); rearfoot
 * eversion 5-15 deg and tibial/foot rotation of a few degrees (Reinschmidt et al. 1997); segment
 * proportions (Winter 2009); foot inertia (de Leva 1996). */
#ifndef GAIT_SIMULATE_H
#define GAIT_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "gait/c3d.h"
#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gait_strike_pattern {
    GAIT_STRIKE_REARFOOT = 0, /* COP starts at the heel (strike index ~0.1), impact transient */
    GAIT_STRIKE_MIDFOOT = 1,  /* COP starts mid-foot (~0.45), small or no transient */
    GAIT_STRIKE_FOREFOOT = 2  /* COP starts under the metatarsal heads (~0.75), no transient */
} gait_strike_pattern;

typedef enum gait_sim_vertical { GAIT_SIM_Z_UP = 0, GAIT_SIM_Y_UP = 1 } gait_sim_vertical;

/* Direction of progression in the output lab frame. */
typedef enum gait_sim_progression {
    GAIT_SIM_PLUS_X = 0,
    GAIT_SIM_MINUS_X = 1,
    GAIT_SIM_PLUS_Y = 2, /* with GAIT_SIM_Y_UP this means +z */
    GAIT_SIM_MINUS_Y = 3
} gait_sim_progression;

typedef enum gait_sim_mode { GAIT_SIM_OVERGROUND = 0, GAIT_SIM_TREADMILL = 1 } gait_sim_mode;

/* Everything the simulator takes. Start from gait_sim_settings_default(). */
typedef struct gait_sim_settings {
    uint64_t seed;                /* noise generator seed; default 1 */
    gait_sim_mode mode;           /* default overground */
    double speed_mps;             /* default 3.5 */
    double cadence_steps_per_min; /* default 172 */
    double contact_time_s;        /* default 0.24; must leave a flight phase */
    int n_steps;                  /* default 8 (alternating, right first) */
    double body_mass_kg;          /* default 70 */
    double foot_length_m;         /* default 0.26 */
    gait_strike_pattern strike;   /* default rearfoot */
    /* Prescribed ankle angle peaks during stance, degrees (signs as named). */
    double peak_dorsiflexion_deg;      /* default 20 */
    double peak_eversion_deg;          /* default 10 (inversion negative) */
    double peak_external_rotation_deg; /* default 8 */
    double toe_off_plantarflexion_deg; /* default 25 */
    /* Noise (standard deviations) and biases. */
    double marker_noise_m;  /* default 0.0005 */
    double force_noise_n;   /* default 2 */
    double acc_noise_mps2;  /* default 0.05 */
    double gyr_noise_rad_s; /* default 0.005 */
    double acc_bias_mps2;   /* default 0 (added to every axis) */
    double gyr_bias_rad_s;  /* default 0 */
    /* IMU mounting: sensor frame relative to the segment frame, intrinsic Z-Y-X degrees. */
    double imu_mount_zyx_deg[3];      /* default 0 0 0 */
    gait_sim_vertical vertical;       /* default z up */
    gait_sim_progression progression; /* default +x */
    double marker_rate_hz;            /* default 200 */
    double plate_rate_hz;             /* default 1000; a whole multiple of marker_rate_hz */
    double imu_rate_hz;               /* default 200 */
} gait_sim_settings;

/* The documented defaults above. */
GAIT_API gait_sim_settings gait_sim_settings_default(void);

/* Ground truth of one step (stance), from the simulator's construction. */
typedef struct gait_sim_step {
    int side;          /* 0 right, 1 left */
    double ic_s, to_s; /* initial contact and toe-off, on the recording clock */
    double contact_time_s;
    double flight_time_s;         /* from this TO to the next IC (NaN for the last step) */
    double cadence_steps_per_min; /* 60 / (next IC - this IC) (NaN for the last step) */
    double strike_index;          /* COP at IC as a fraction of foot length from the heel */
    gait_strike_pattern pattern;
    double foot_strike_angle_deg; /* sole angle at IC relative to flat (+ toe up) */
    double peak_external_rotation_deg;
    double peak_dorsiflexion_deg;
    double peak_eversion_deg;
    double peak_inversion_moment_nm_kg; /* internal ankle moment on the foot, component along the
                                           foot's long axis (x), + inversion, / body mass */
    double peak_vertical_grf_bw;        /* body weights */
    int plate;                          /* 0-based force plate that holds the whole stance, or -1 */
} gait_sim_step;

typedef struct gait_sim gait_sim;

/* Run the simulator. *sim is a new handle (release with gait_sim_close()). Errors:
 * GAIT_E_INVALID_ARG (a setting out of range, named in the detail), GAIT_E_NOMEM. */
GAIT_API gait_status gait_sim_run(const gait_sim_settings *settings, gait_sim **sim);

GAIT_API void gait_sim_close(gait_sim *sim);

/* Number of steps and step i's truth. */
GAIT_API size_t gait_sim_step_count(const gait_sim *sim);
GAIT_API gait_status gait_sim_get_step(const gait_sim *sim, size_t i, gait_sim_step *step);

/* The recording as a C3D handle (markers, analog plate channels, FORCE_PLATFORM, events, body
 * mass), owned by sim; write it with gait_c3d_write(). Foot Strike/Off events cover the first 127
 * steps (C3D's EVENT group holds 255 events); the truth covers every step. */
GAIT_API const gait_c3d *gait_sim_c3d(const gait_sim *sim);

typedef enum gait_sim_segment { GAIT_SIM_FOOT = 0, GAIT_SIM_SHANK = 1 } gait_sim_segment;

/* Samples of the IMUs (right side) at imu_rate_hz from t = 0. */
GAIT_API size_t gait_sim_imu_samples(const gait_sim *sim);

/* acc_mps2 (specific force incl. gravity) and gyr_rad_s in the sensor frame, 3 per sample
 * (caller-owned, 3 x gait_sim_imu_samples()). */
GAIT_API gait_status gait_sim_get_imu(const gait_sim *sim, gait_sim_segment segment,
                                      double *acc_mps2, double *gyr_rad_s);

#ifdef __cplusplus
}
#endif

#endif
