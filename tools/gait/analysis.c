/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"

const char *const cli_pattern_names[3] = {"rearfoot", "midfoot", "forefoot"};

const char *const cli_curve_names[CLI_CURVE_COUNT] = {
    "ankle_dorsiflexion_deg",       "ankle_inversion_deg",
    "ankle_internal_rotation_deg",  "ankle_plantarflexion_moment_nm_kg",
    "ankle_inversion_moment_nm_kg", "ankle_internal_rotation_moment_nm_kg",
};

const char *cli_side_name(int side)
{
    return side == 0 ? "right" : side == 1 ? "left" : NULL;
}

void cli_analysis_init(cli_analysis *a)
{
    memset(a, 0, sizeof *a);
    a->settings = gait_analyze_settings_default();
    a->imu_settings = gait_analyze_imu_settings_default();
    a->csv_settings = gait_imu_csv_settings_default();
}

/* One of the words in `words` (NULL-terminated): its index, else -1 after a message. */
static int choose(const char *command, const char *option, const char *arg,
                  const char *const *words, const char *wanted)
{
    for (int i = 0; words[i] != NULL; i++)
        if (strcmp(arg, words[i]) == 0)
            return i;
    fprintf(stderr, "gait %s: %s wants %s\n", command, option, wanted);
    return -1;
}

/* The options that take a number >= 0, and where it goes. */
static const struct {
    int option;
    const char *name;
    size_t offset;
} number_options[] = {
    {CLI_OPT_MASS, "--mass-kg", offsetof(cli_analysis, settings.mass_kg)},
    {CLI_OPT_FOOT, "--foot-length-m", offsetof(cli_analysis, settings.foot_length_m)},
    {CLI_OPT_CUTOFF, "--cutoff-hz", offsetof(cli_analysis, settings.stance.cutoff_hz)},
    {CLI_OPT_ANKLE_CUTOFF, "--ankle-cutoff-hz", offsetof(cli_analysis, settings.ankle_cutoff_hz)},
    {CLI_OPT_ANKLE_WIDTH, "--ankle-width-m", offsetof(cli_analysis, settings.ankle_width_m)},
    {CLI_OPT_KNEE_WIDTH, "--knee-width-m", offsetof(cli_analysis, settings.knee_width_m)},
    {CLI_OPT_RATE, "--rate-hz", offsetof(cli_analysis, csv_settings.rate_hz)},
};

int cli_analysis_option(cli_analysis *a, const char *command, int option, const char *arg)
{
    for (size_t i = 0; i < sizeof number_options / sizeof number_options[0]; i++)
        if (number_options[i].option == option)
            return cli_parse_number(command, number_options[i].name, arg, 0.0,
                                    (double *)((char *)a + number_options[i].offset));
    static const char *const placements[] = {"foot", "shank", NULL};
    static const char *const sides[] = {"right", "left", NULL};
    static const char *const pig[] = {"off", "on", "auto", NULL};
    gait_analyze_settings *s = &a->settings;
    int choice;
    switch (option) {
    case CLI_OPT_THRESHOLD:
        if (!cli_parse_number(command, "--threshold-n", arg, 0.0, &s->stance.on_threshold_n))
            return 0;
        s->stance.off_threshold_n = s->stance.on_threshold_n;
        return 1;
    case CLI_OPT_GRF:
        a->grf_path = arg;
        return 1;
    case CLI_OPT_STATIC:
        a->static_path = arg;
        return 1;
    case CLI_OPT_SENSOR:
        a->imu_settings.sensor = arg;
        return 1;
    case CLI_OPT_ACC_G:
        a->csv_settings.acc_unit = GAIT_IMU_ACC_G;
        return 1;
    case CLI_OPT_GYR_RAD:
        a->csv_settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
        return 1;
    case CLI_OPT_IMU:
        choice = choose(command, "--imu", arg, placements, "foot or shank");
        a->imu = 1;
        a->imu_settings.placement = choice == 1 ? GAIT_IMU_SHANK : GAIT_IMU_FOOT;
        return choice >= 0;
    case CLI_OPT_SIDE:
        choice = choose(command, "--side", arg, sides, "left or right");
        a->imu_settings.side = choice;
        return choice >= 0;
    case CLI_OPT_PIG:
        choice = choose(command, "--plugin-gait", arg, pig, "auto, on or off");
        s->plugin_gait = choice == 2 ? -1 : choice;
        return choice >= 0;
    case CLI_OPT_FRAME:
        for (int f = 0; gait_moment_frame_name(f) != NULL; f++)
            if (strcmp(arg, gait_moment_frame_name(f)) == 0) {
                s->moment_frame = (gait_moment_frame)f;
                return 1;
            }
        fprintf(stderr, "gait %s: --moment-frame wants foot, shank, jcs or lab\n", command);
        return 0;
    default:
        return -1;
    }
}

void cli_analysis_usage(FILE *out)
{
    fputs("  --threshold-n N      contact on/off threshold (default 20 N)\n"
          "  --mass-kg KG         body mass (default: from the file, else from the force)\n"
          "  --foot-length-m M    foot length for the strike index (default: heel/toe markers)\n"
          "  --cutoff-hz HZ       zero-lag low-pass of forces and markers (default: none)\n"
          "  --grf FILE.mot       forces for a TRC marker file (OpenSim pair, same clock)\n"
          "  --static FILE        static calibration trial (.trc or .c3d) with the anatomical\n"
          "                       markers (malleoli, femoral condyles) the running trial lacks\n"
          "  --ankle-cutoff-hz HZ low-pass of markers AND forces for the ankle (default 15)\n"
          "  --moment-frame F     foot (default), shank, jcs or lab\n"
          "  --ankle-width-m M    ankle and knee widths (default: the file's PiG values) for\n"
          "  --knee-width-m M     legs with lateral markers only (knee, malleolus, tibia)\n"
          "  --plugin-gait M      auto (default: when the C3D has PiG parameters), on or off\n"
          "IMU recordings (CSV of gait/imu_csv.h, or an Xsens text export):\n"
          "  --imu P              the sensors are on the foot or the shank\n"
          "  --rate-hz R          sampling rate when the file has no time column\n"
          "  --sensor NAME        analyse only this sensor (default: every sensor)\n"
          "  --side S             which foot (default: from the sensor names, e.g. left_sensor)\n"
          "  --acc-g, --gyr-rad   units of the file (default m/s^2 and deg/s)\n",
          out);
}

void cli_recording_close(cli_recording *r)
{
    gait_c3d_close(r->c3d);
    gait_c3d_close(r->static_c3d);
    gait_trc_close(r->trc);
    gait_trc_close(r->static_trc);
    gait_mot_close(r->mot);
    gait_imu_csv_close(r->imu);
    memset(r, 0, sizeof *r);
}

/* Open the marker/force files (FILE, --grf, --static). On failure *failed names the file (NULL
 * after a usage error, already reported). */
static gait_status open_files(const char *command, const char *path, const cli_analysis *a,
                              cli_recording *r, const char **failed)
{
    file_format format = cli_format_of(path);
    const char *grf = a->grf_path, *fixed = a->static_path;
    gait_status status = GAIT_OK;
    *failed = path;
    if (format == FORMAT_C3D && grf == NULL) {
        status = gait_c3d_open(path, &r->c3d);
    } else if (format == FORMAT_MOT && grf == NULL) {
        status = gait_mot_open(path, &r->mot);
    } else if (format == FORMAT_TRC && grf != NULL && cli_format_of(grf) == FORMAT_MOT) {
        status = gait_trc_open(path, &r->trc);
        if (status == GAIT_OK) {
            *failed = grf;
            status = gait_mot_open(grf, &r->mot);
        }
    } else {
        fprintf(stderr,
                "gait %s: %s: give a .c3d file, a .mot/.sto table, or a .trc file "
                "with --grf FILE.mot (an IMU CSV with --imu foot|shank)\n",
                command, path);
        *failed = NULL;
        return GAIT_E_UNSUPPORTED;
    }
    if (status == GAIT_OK && fixed != NULL) {
        *failed = fixed;
        file_format static_format = cli_format_of(fixed);
        if (static_format == FORMAT_C3D)
            status = gait_c3d_open(fixed, &r->static_c3d);
        else if (static_format == FORMAT_TRC)
            status = gait_trc_open(fixed, &r->static_trc);
        else {
            fprintf(stderr, "gait %s: %s: --static reads .trc or .c3d\n", command, fixed);
            *failed = NULL;
            return GAIT_E_UNSUPPORTED;
        }
    }
    return status;
}

gait_status cli_analysis_try(const char *command, const char *path, const cli_analysis *a,
                             cli_recording *r, gait_trial **trial, const char **failed)
{
    gait_status status;
    *failed = path;
    *trial = NULL;
    if (a->imu) {
        status = gait_imu_csv_open(path, &a->csv_settings, &r->imu);
        if (status == GAIT_OK)
            status = gait_analyze_imu(r->imu, &a->imu_settings, trial);
        return status;
    }
    status = open_files(command, path, a, r, failed);
    if (status == GAIT_OK) {
        gait_analyze_inputs inputs = {r->c3d, r->trc, r->mot, r->static_c3d, r->static_trc};
        status = gait_analyze(&inputs, &a->settings, trial);
    }
    return status;
}

int cli_analysis_run(const char *command, const char *path, const cli_analysis *a, cli_recording *r,
                     gait_trial **trial)
{
    const char *failed = path;
    gait_status status = cli_analysis_try(command, path, a, r, trial, &failed);
    if (status == GAIT_E_UNSUPPORTED && failed == NULL)
        return EXIT_USAGE;
    return status == GAIT_OK ? EXIT_OK : cli_fail(failed, status);
}
