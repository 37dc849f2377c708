/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait simulate: a running trial with known truth, written as C3D + IMU CSVs + truth JSON. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"

static const char *const strike_names[] = {"rearfoot", "midfoot", "forefoot"};
static const char *const progression_names[] = {"+x", "-x", "+y", "-y"};

static void usage(FILE *out)
{
    fputs("Usage: gait simulate --out DIR [options]\n"
          "Write a simulated running trial with known truth: DIR/NAME.c3d (markers, force plates,\n"
          "events, body mass), DIR/NAME_foot_imu.csv and DIR/NAME_shank_imu.csv (right side;\n"
          "time s, acc m/s^2 incl. gravity, gyr deg/s, sensor frame), DIR/NAME_truth.json.\n"
          "The same options and seed give byte-identical files.\n"
          "  --out DIR            output directory (created if missing)\n"
          "  --name NAME          file name stem (default trial)\n"
          "  --seed N             noise seed (default 1)\n"
          "  --treadmill          one long plate under a belt (default: overground, 3 plates)\n"
          "  --speed M_S          running speed (default 3.5)\n"
          "  --cadence SPM        steps per minute (default 172)\n"
          "  --contact S          contact time (default 0.24)\n"
          "  --steps N            number of steps, right first (default 8)\n"
          "  --mass KG            body mass (default 70)\n"
          "  --foot-length M      foot length (default 0.26)\n"
          "  --strike PATTERN     rearfoot, midfoot or forefoot (default rearfoot)\n"
          "  --eversion DEG       peak ankle eversion (default 10)\n"
          "  --external-rotation DEG  peak ankle external rotation (default 8)\n"
          "  --y-up               lab y vertical (default z)\n"
          "  --progression DIR    +x, -x, +y or -y (with --y-up, +y/-y mean +z/-z; default +x)\n"
          "  --no-noise           no marker, force or IMU noise\n"
          "  --marker-rate HZ --plate-rate HZ --imu-rate HZ   (defaults 200, 1000, 200)\n",
          out);
}

static int find_name(const char *text, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(text, names[i]) == 0)
            return i;
    return -1;
}

/* Non-finite numbers (the last step's flight time) are written as JSON null. */
static json_t *number_or_null(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

static json_t *truth_json(const gait_sim *sim, const gait_sim_settings *s, const char *name)
{
    json_t *root = json_object();
    json_object_set_new(root, "generator", json_string("gait simulate " GAIT_VERSION_STRING));
    json_object_set_new(root, "synthetic", json_true());
    json_object_set_new(
        root, "settings",
        json_pack("{s:I, s:s, s:f, s:f, s:f, s:i, s:f, s:f, s:s, s:f, s:f, s:f, s:f, s:s, s:s}",
                  "seed", (json_int_t)s->seed, "mode",
                  s->mode == GAIT_SIM_TREADMILL ? "treadmill" : "overground", "speed_mps",
                  s->speed_mps, "cadence_steps_per_min", s->cadence_steps_per_min, "contact_time_s",
                  s->contact_time_s, "n_steps", s->n_steps, "body_mass_kg", s->body_mass_kg,
                  "foot_length_m", s->foot_length_m, "strike", strike_names[s->strike],
                  "peak_dorsiflexion_deg", s->peak_dorsiflexion_deg, "peak_eversion_deg",
                  s->peak_eversion_deg, "peak_external_rotation_deg", s->peak_external_rotation_deg,
                  "toe_off_plantarflexion_deg", s->toe_off_plantarflexion_deg, "vertical",
                  s->vertical == GAIT_SIM_Y_UP ? "y" : "z", "progression",
                  progression_names[s->progression]));
    json_object_set_new(root, "conventions",
                        json_pack("{s:s, s:s, s:s}", "angles",
                                  "ISB ankle JCS: dorsiflexion, inversion, internal rotation "
                                  "positive on both sides",
                                  "moment",
                                  "internal ankle moment on the foot, N*m/kg; inversion = foot "
                                  "long-axis component, mirrored on the left",
                                  "times", "seconds on the C3D clock: (frame - 1) / rate"));
    char file[512];
    snprintf(file, sizeof file, "%s.c3d", name);
    json_object_set_new(root, "c3d", json_string(file));
    json_t *steps = json_array();
    for (size_t i = 0; i < gait_sim_step_count(sim); i++) {
        gait_sim_step t;
        gait_sim_get_step(sim, i, &t);
        json_t *step = json_object();
        json_object_set_new(step, "side", json_string(t.side == 0 ? "right" : "left"));
        json_object_set_new(step, "ic_s", json_real(t.ic_s));
        json_object_set_new(step, "to_s", json_real(t.to_s));
        json_object_set_new(step, "contact_time_s", json_real(t.contact_time_s));
        json_object_set_new(step, "flight_time_s", number_or_null(t.flight_time_s));
        json_object_set_new(step, "cadence_steps_per_min", number_or_null(t.cadence_steps_per_min));
        json_object_set_new(step, "strike_index", json_real(t.strike_index));
        json_object_set_new(step, "strike_pattern", json_string(strike_names[t.pattern]));
        json_object_set_new(step, "foot_strike_angle_deg", json_real(t.foot_strike_angle_deg));
        json_object_set_new(step, "peak_dorsiflexion_deg", json_real(t.peak_dorsiflexion_deg));
        json_object_set_new(step, "peak_eversion_deg", json_real(t.peak_eversion_deg));
        json_object_set_new(step, "peak_external_rotation_deg",
                            json_real(t.peak_external_rotation_deg));
        json_object_set_new(step, "peak_inversion_moment_nm_kg",
                            json_real(t.peak_inversion_moment_nm_kg));
        json_object_set_new(step, "peak_vertical_grf_bw", json_real(t.peak_vertical_grf_bw));
        json_object_set_new(step, "plate", t.plate >= 0 ? json_integer(t.plate + 1) : json_null());
        json_array_append_new(steps, step);
    }
    json_object_set_new(root, "steps", steps);
    return root;
}

static int write_imu(const char *path, const gait_sim *sim, gait_sim_segment segment,
                     const gait_sim_settings *s)
{
    size_t n = gait_sim_imu_samples(sim);
    double *acc = malloc(3 * n * sizeof *acc), *gyr = malloc(3 * n * sizeof *gyr);
    double *table = malloc(7 * n * sizeof *table);
    int result = EXIT_OK;
    if (acc == NULL || gyr == NULL || table == NULL) {
        fprintf(stderr, "gait simulate: out of memory\n");
        result = EXIT_BAD_DATA;
    } else {
        gait_sim_get_imu(sim, segment, acc, gyr);
        for (size_t j = 0; j < n; j++) {
            table[7 * j] = (double)j / s->imu_rate_hz;
            for (int a = 0; a < 3; a++) {
                table[7 * j + 1 + a] = acc[3 * j + a];
                table[7 * j + 4 + a] = gyr[3 * j + a] * 180.0 / M_PI;
            }
        }
        static const char *const columns[7] = {"time",  "acc_x", "acc_y", "acc_z",
                                               "gyr_x", "gyr_y", "gyr_z"};
        char comment[256];
        snprintf(comment, sizeof comment,
                 "synthetic %s IMU (right), sensor frame; time s, acc m/s^2 incl. gravity, gyr "
                 "deg/s; gait simulate",
                 segment == GAIT_SIM_FOOT ? "foot" : "shank");
        const char *comments[1] = {comment};
        gait_status status = gait_csv_write(path, comments, 1, columns, 7, table, n);
        if (status != GAIT_OK)
            result = cli_fail(path, status);
    }
    free(acc);
    free(gyr);
    free(table);
    return result;
}

static int write_outputs(const char *dir, const char *name, const gait_sim *sim,
                         const gait_sim_settings *s)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gait simulate: %s: cannot create: %s\n", dir, strerror(errno));
        return EXIT_BAD_DATA;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.c3d", dir, name);
    gait_status status = gait_c3d_write(gait_sim_c3d(sim), path);
    if (status != GAIT_OK)
        return cli_fail(path, status);
    snprintf(path, sizeof path, "%s/%s_foot_imu.csv", dir, name);
    if (write_imu(path, sim, GAIT_SIM_FOOT, s) != EXIT_OK)
        return EXIT_BAD_DATA;
    snprintf(path, sizeof path, "%s/%s_shank_imu.csv", dir, name);
    if (write_imu(path, sim, GAIT_SIM_SHANK, s) != EXIT_OK)
        return EXIT_BAD_DATA;
    snprintf(path, sizeof path, "%s/%s_truth.json", dir, name);
    json_t *truth = truth_json(sim, s, name);
    int failed =
        json_dump_file(truth, path, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
    json_decref(truth);
    if (failed) {
        fprintf(stderr, "gait simulate: %s: cannot write\n", path);
        return EXIT_BAD_DATA;
    }
    return EXIT_OK;
}

int cmd_simulate(int argc, char **argv)
{
    enum {
        SPEED = 256,
        CADENCE,
        CONTACT,
        STEPS,
        MASS,
        FOOT,
        STRIKE,
        EVERSION,
        EXTERNAL,
        Y_UP,
        PROGRESSION,
        NO_NOISE,
        MARKER_RATE,
        PLATE_RATE,
        IMU_RATE,
        TREADMILL,
        NAME
    };
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 's'},
        {"name", required_argument, NULL, NAME},
        {"treadmill", no_argument, NULL, TREADMILL},
        {"speed", required_argument, NULL, SPEED},
        {"cadence", required_argument, NULL, CADENCE},
        {"contact", required_argument, NULL, CONTACT},
        {"steps", required_argument, NULL, STEPS},
        {"mass", required_argument, NULL, MASS},
        {"foot-length", required_argument, NULL, FOOT},
        {"strike", required_argument, NULL, STRIKE},
        {"eversion", required_argument, NULL, EVERSION},
        {"external-rotation", required_argument, NULL, EXTERNAL},
        {"y-up", no_argument, NULL, Y_UP},
        {"progression", required_argument, NULL, PROGRESSION},
        {"no-noise", no_argument, NULL, NO_NOISE},
        {"marker-rate", required_argument, NULL, MARKER_RATE},
        {"plate-rate", required_argument, NULL, PLATE_RATE},
        {"imu-rate", required_argument, NULL, IMU_RATE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gait_sim_settings s = gait_sim_settings_default();
    const char *dir = NULL, *name = "trial";
    double value = 0.0;
    int option, ok = 1;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while (ok && (option = getopt_long(argc, argv, "o:s:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            dir = optarg;
            break;
        case NAME:
            name = optarg;
            break;
        case 's':
            ok = cli_parse_number("simulate", "--seed", optarg, -INFINITY, &value) && value >= 0 &&
                 value < 1e18;
            s.seed = (uint64_t)value;
            break;
        case TREADMILL:
            s.mode = GAIT_SIM_TREADMILL;
            break;
        case SPEED:
            ok = cli_parse_number("simulate", "--speed", optarg, -INFINITY, &s.speed_mps);
            break;
        case CADENCE:
            ok = cli_parse_number("simulate", "--cadence", optarg, -INFINITY,
                                  &s.cadence_steps_per_min);
            break;
        case CONTACT:
            ok = cli_parse_number("simulate", "--contact", optarg, -INFINITY, &s.contact_time_s);
            break;
        case STEPS:
            ok = cli_parse_number("simulate", "--steps", optarg, -INFINITY, &value);
            s.n_steps = ok && value >= 1 && value <= 10000 ? (int)value : 0;
            break;
        case MASS:
            ok = cli_parse_number("simulate", "--mass", optarg, -INFINITY, &s.body_mass_kg);
            break;
        case FOOT:
            ok = cli_parse_number("simulate", "--foot-length", optarg, -INFINITY, &s.foot_length_m);
            break;
        case STRIKE:
            s.strike = (gait_strike_pattern)find_name(optarg, strike_names, 3);
            ok = (int)s.strike >= 0;
            if (!ok)
                fprintf(stderr, "gait simulate: --strike is rearfoot, midfoot or forefoot\n");
            break;
        case EVERSION:
            ok =
                cli_parse_number("simulate", "--eversion", optarg, -INFINITY, &s.peak_eversion_deg);
            break;
        case EXTERNAL:
            ok = cli_parse_number("simulate", "--external-rotation", optarg, -INFINITY,
                                  &s.peak_external_rotation_deg);
            break;
        case Y_UP:
            s.vertical = GAIT_SIM_Y_UP;
            break;
        case PROGRESSION:
            s.progression = (gait_sim_progression)find_name(optarg, progression_names, 4);
            ok = (int)s.progression >= 0;
            if (!ok)
                fprintf(stderr, "gait simulate: --progression is +x, -x, +y or -y\n");
            break;
        case NO_NOISE:
            s.marker_noise_m = s.force_noise_n = s.acc_noise_mps2 = s.gyr_noise_rad_s = 0.0;
            break;
        case MARKER_RATE:
            ok =
                cli_parse_number("simulate", "--marker-rate", optarg, -INFINITY, &s.marker_rate_hz);
            break;
        case PLATE_RATE:
            ok = cli_parse_number("simulate", "--plate-rate", optarg, -INFINITY, &s.plate_rate_hz);
            break;
        case IMU_RATE:
            ok = cli_parse_number("simulate", "--imu-rate", optarg, -INFINITY, &s.imu_rate_hz);
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            ok = 0;
            break;
        }
    }
    if (!ok || dir == NULL || optind != argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    gait_sim *sim = NULL;
    gait_status status = gait_sim_run(&s, &sim);
    if (status != GAIT_OK) {
        fprintf(stderr, "gait simulate: %s\n", gait_last_error_detail());
        return status == GAIT_E_INVALID_ARG ? EXIT_USAGE : EXIT_BAD_DATA;
    }
    int result = write_outputs(dir, name, sim, &s);
    gait_sim_close(sim);
    return result;
}
