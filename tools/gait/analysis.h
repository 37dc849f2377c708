/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the commands that analyse one recording (analyze, report) share: the analysis options,
 * opening the recording (C3D, MOT, TRC + --grf, IMU CSV with --imu) and running the analysis. */
#ifndef GAIT_CLI_ANALYSIS_H
#define GAIT_CLI_ANALYSIS_H

#include <getopt.h>
#include <stdio.h>

#include <gait/gait.h>

/* getopt_long values of the analysis options; a command's own long options start at
 * CLI_OPT_END. */
enum {
    CLI_OPT_THRESHOLD = 256,
    CLI_OPT_MASS,
    CLI_OPT_FOOT,
    CLI_OPT_CUTOFF,
    CLI_OPT_GRF,
    CLI_OPT_STATIC,
    CLI_OPT_ANKLE_CUTOFF,
    CLI_OPT_FRAME,
    CLI_OPT_PIG,
    CLI_OPT_ANKLE_WIDTH,
    CLI_OPT_KNEE_WIDTH,
    CLI_OPT_IMU,
    CLI_OPT_RATE,
    CLI_OPT_SENSOR,
    CLI_OPT_SIDE,
    CLI_OPT_ACC_G,
    CLI_OPT_GYR_RAD,
    CLI_OPT_END
};

/* The entries of a command's struct option table for the analysis options. */
#define CLI_ANALYSIS_OPTIONS                                                                       \
    {"threshold-n", required_argument, NULL, CLI_OPT_THRESHOLD},                                   \
        {"mass-kg", required_argument, NULL, CLI_OPT_MASS},                                        \
        {"foot-length-m", required_argument, NULL, CLI_OPT_FOOT},                                  \
        {"cutoff-hz", required_argument, NULL, CLI_OPT_CUTOFF},                                    \
        {"grf", required_argument, NULL, CLI_OPT_GRF},                                             \
        {"static", required_argument, NULL, CLI_OPT_STATIC},                                       \
        {"ankle-cutoff-hz", required_argument, NULL, CLI_OPT_ANKLE_CUTOFF},                        \
        {"moment-frame", required_argument, NULL, CLI_OPT_FRAME},                                  \
        {"plugin-gait", required_argument, NULL, CLI_OPT_PIG},                                     \
        {"ankle-width-m", required_argument, NULL, CLI_OPT_ANKLE_WIDTH},                           \
        {"knee-width-m", required_argument, NULL, CLI_OPT_KNEE_WIDTH},                             \
        {"imu", required_argument, NULL, CLI_OPT_IMU},                                             \
        {"rate-hz", required_argument, NULL, CLI_OPT_RATE},                                        \
        {"sensor", required_argument, NULL, CLI_OPT_SENSOR},                                       \
        {"side", required_argument, NULL, CLI_OPT_SIDE},                                           \
        {"acc-g", no_argument, NULL, CLI_OPT_ACC_G},                                               \
    {                                                                                              \
        "gyr-rad", no_argument, NULL, CLI_OPT_GYR_RAD                                              \
    }

typedef struct cli_analysis {
    gait_analyze_settings settings;
    gait_analyze_imu_settings imu_settings;
    gait_imu_csv_settings csv_settings;
    int imu; /* 1: the recording is an IMU CSV (--imu) */
    const char *grf_path, *static_path;
} cli_analysis;

/* The defaults. */
void cli_analysis_init(cli_analysis *analysis);

/* Apply getopt_long's option (with its argument) when it is an analysis option: 1 done, 0 a bad
 * value (after "gait COMMAND: ..." on stderr), -1 not an analysis option. */
int cli_analysis_option(cli_analysis *analysis, const char *command, int option, const char *arg);

/* Help lines of the analysis options. */
void cli_analysis_usage(FILE *out);

/* The open files of one recording. */
typedef struct cli_recording {
    gait_c3d *c3d, *static_c3d;
    gait_trc *trc, *static_trc;
    gait_mot *mot;
    gait_imu_csv *imu;
} cli_recording;

/* Open PATH (with --grf, --static) into *recording and analyse it into *trial. Returns EXIT_OK, or
 * the exit status after a message on stderr. The files stay open (for the raw signals) until
 * cli_recording_close(), also on failure. */
int cli_analysis_run(const char *command, const char *path, const cli_analysis *analysis,
                     cli_recording *recording, gait_trial **trial);
void cli_recording_close(cli_recording *recording);

/* The same without messages: the library's status (its detail in gait_last_error_detail()), and
 * in *failed the file that failed (NULL for an unsupported combination of files, which alone is
 * still reported on stderr as a usage error). For `gait batch`, which lists failures in a
 * table. */
gait_status cli_analysis_try(const char *command, const char *path, const cli_analysis *analysis,
                             cli_recording *recording, gait_trial **trial, const char **failed);

/* "right", "left", or NULL for an unknown side. */
const char *cli_side_name(int side);

/* Names of the strike patterns (gait_strike_pattern 0..2). */
extern const char *const cli_pattern_names[3];

/* Names of the six ankle curves, in gait_trial_get_ankle_curves order (angles then moments), as in
 * the long-format curves CSV. */
#define CLI_CURVE_COUNT 6
extern const char *const cli_curve_names[CLI_CURVE_COUNT];

#endif
