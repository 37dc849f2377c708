/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait analyze FILE: stance phases and per-step markers, as a table, JSON or CSV. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis.h"
#include "cli.h"
#include "trial_output.h"

/* One table cell, 8 wide; '-' for null. */
static void print_cell(json_t *value)
{
    if (json_is_null(value) || value == NULL)
        printf("%8s", "-");
    else if (json_is_string(value))
        printf("%8s", json_string_value(value));
    else if (json_is_boolean(value))
        printf("%8s", json_is_true(value) ? "yes" : "no");
    else if (json_is_integer(value))
        printf("%8lld", (long long)json_integer_value(value));
    else
        printf("%8.4g", json_real_value(value));
}

static void print_steps(json_t *root, int csv)
{
    json_t *steps = json_object_get(root, "steps");
    if (csv) {
        json_t *mass = json_object_get(root, "body_mass_kg");
        printf("# %s; %s; body mass ", json_string_value(json_object_get(root, "file")),
               json_string_value(json_object_get(root, "frame")));
        if (json_is_real(mass))
            printf("%g kg", json_real_value(mass));
        else
            printf("unknown");
        printf(" (%s)\n", json_string_value(json_object_get(root, "mass_source")));
        for (size_t k = 0; k < trial_csv_key_count; k++)
            printf("%s%s", k ? "," : "", trial_csv_keys[k]);
        putchar('\n');
    }
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        for (size_t k = 0; k < trial_csv_key_count; k++) {
            if (k > 0)
                putchar(csv ? ',' : ' ');
            if (csv)
                write_csv_value(stdout, json_object_get(step, trial_csv_keys[k]));
            else
                print_cell(json_object_get(step, trial_csv_keys[k]));
        }
        putchar('\n');
    }
}

/* "mean (SD)" in 18 columns; '-' for what is undefined (no steps, or one step's SD). */
static void print_mean_sd(json_t *mean, json_t *sd)
{
    char text[64];
    if (!json_is_number(mean))
        snprintf(text, sizeof text, "-");
    else if (!json_is_number(sd))
        snprintf(text, sizeof text, "%.4g (-)", json_number_value(mean));
    else
        snprintf(text, sizeof text, "%.4g (%.2g)", json_number_value(mean), json_number_value(sd));
    printf(" %18s", text);
}

static void print_table(json_t *root)
{
    json_t *mass = json_object_get(root, "body_mass_kg");
    printf("file        %s\n", json_string_value(json_object_get(root, "file")));
    printf("frame       %s\n", json_string_value(json_object_get(root, "frame")));
    json_t *ankle = json_object_get(root, "ankle");
    printf("ankle       markers %s, %s model; moments in the %s frame, N.m/kg\n",
           json_string_length(json_object_get(ankle, "marker_set"))
               ? json_string_value(json_object_get(ankle, "marker_set"))
               : "none",
           json_string_value(json_object_get(ankle, "model")),
           json_string_value(json_object_get(ankle, "moment_frame")));
    for (int side = 0; side < 2; side++) {
        json_t *problem = json_object_get(ankle, side == 0 ? "right_problem" : "left_problem");
        if (json_is_string(problem))
            printf("ankle       %s: %s\n", cli_side_name(side), json_string_value(problem));
    }
    if (json_is_real(mass))
        printf("body mass   %.1f kg (%s)\n", json_real_value(mass),
               json_string_value(json_object_get(root, "mass_source")));
    else
        printf("body mass   unknown: per-BW markers are '-' (give --mass-kg)\n");
    printf("\n    side complete  events   plate     IC s     TO s contact  flight    step   stride "
           "   swing "
           "peak N peak BW  impact  LR BW/s  ILR   brake   propel  SI pattern  FSA deg"
           "  INV Nm/kg EV Nm/kg PF Nm/kg  ER deg   EV deg DF@IC deg\n");
    json_t *steps = json_object_get(root, "steps");
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        for (size_t k = 0; k < trial_csv_key_count; k++) {
            putchar(' ');
            print_cell(json_object_get(step, trial_csv_keys[k]));
        }
        putchar('\n');
    }
    json_t *summary = json_object_get(root, "summary");
    if (summary == NULL)
        return;
    printf("\ncadence     %.1f steps/min over %lld steps (%lld complete)\n",
           json_real_value(json_object_get(summary, "cadence_spm")),
           (long long)json_integer_value(json_object_get(summary, "steps")),
           (long long)json_integer_value(json_object_get(summary, "complete_steps")));
    printf("%-34s %18s %18s %8s\n", "complete steps, mean (SD)", "right", "left", "SI %");
    json_t *sides[2] = {json_object_get(summary, "right"), json_object_get(summary, "left")};
    json_t *symmetry = json_object_get(summary, "symmetry_index_pct");
    const char *key;
    json_t *value;
    json_object_foreach(json_object_get(sides[0], "mean"), key, value)
    {
        printf("%-34s", key);
        for (int side = 0; side < 2; side++) {
            json_t *mean = json_object_get(json_object_get(sides[side], "mean"), key);
            json_t *sd = json_object_get(json_object_get(sides[side], "sd"), key);
            print_mean_sd(mean, sd);
        }
        json_t *si = json_object_get(symmetry, key);
        if (json_is_number(si))
            printf(" %8.3g\n", json_number_value(si));
        else
            printf(" %8s\n", "-");
    }
    json_t *warnings = json_object_get(root, "warnings");
    for (size_t i = 0; i < json_array_size(warnings); i++)
        printf("warning     %s\n", json_string_value(json_array_get(warnings, i)));
}

/* Long-format curves of every step with ankle values; NaN points are left out. Returns 0 (after
 * a message) when the file cannot be written. */
static int write_curves(const char *out_path, const char *path, const gait_trial *trial)
{
    FILE *out = fopen(out_path, "w");
    if (out == NULL) {
        fprintf(stderr, "gait analyze: %s: cannot write: %s\n", out_path, strerror(errno));
        return 0;
    }
    fprintf(out, "file,side,step,variable,percent,value\n");
    write_curve_rows(out, path, trial);
    int ok = !ferror(out);
    ok = fclose(out) == 0 && ok;
    if (!ok)
        fprintf(stderr, "gait analyze: %s: write failed\n", out_path);
    return ok;
}

/* Print the trial as JSON, CSV or a table, and free it. */
static int print_trial(const char *path, gait_trial *trial, int as_json, int csv)
{
    json_t *root = trial_json(path, trial);
    gait_trial_free(trial);
    if (as_json) {
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
        putchar('\n');
    } else if (csv) {
        print_steps(root, 1);
    } else {
        print_table(root);
    }
    json_decref(root);
    return EXIT_OK;
}

static void usage(FILE *out)
{
    fputs("Usage: gait analyze [--json | --csv] [options] FILE.c3d|FILE.mot\n"
          "       gait analyze [options] MARKERS.trc --grf GRF.mot [--static STATIC.trc|c3d]\n"
          "Stance phases from the force plates (or an OpenSim GRF table) and, per step: side,\n"
          "IC/TO (s, file clock), contact, flight and step time, peak vertical GRF (N, BW),\n"
          "impact peak, loading rate (20-80 %), braking/propulsive impulses (BW s), strike index\n"
          "and pattern, foot strike angle; with markers, the ankle: peak inversion, eversion and\n"
          "plantarflexion moments (N.m/kg, internal), peak external rotation and eversion (deg)\n"
          "and dorsiflexion at IC; then cadence and per-side means, SDs and symmetry.\n"
          "Values that cannot be computed are '-' (null in JSON, empty in CSV). Steps that touch\n"
          "the recording's ends or a plate edge are listed but kept out of the summary.\n"
          "  --json               one JSON object (keys as in the table header)\n"
          "  --csv                one row per step\n"
          "  --curves FILE.csv    101-point stance curves of the ankle angles and moments,\n"
          "                       long format: file,side,step,variable,percent,value\n"
          "IMU recordings:\n"
          "       gait analyze FILE --imu foot|shank [--rate-hz R] [--sensor NAME]\n"
          "                    [--side left|right] [--acc-g] [--gyr-rad]\n",
          out);
    cli_analysis_usage(out);
}

int cmd_analyze(int argc, char **argv)
{
    enum { CURVES = CLI_OPT_END };
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},
        {"curves", required_argument, NULL, CURVES},
        {"help", no_argument, NULL, 'h'},
        CLI_ANALYSIS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    cli_analysis analysis;
    cli_analysis_init(&analysis);
    int as_json = 0, csv = 0, ok = 1, option;
    const char *curves_path = NULL;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while (ok && (option = getopt_long(argc, argv, "jch", options, NULL)) != -1) {
        switch (option) {
        case 'j':
            as_json = 1;
            break;
        case 'c':
            csv = 1;
            break;
        case CURVES:
            curves_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            ok = cli_analysis_option(&analysis, "analyze", option, optarg) == 1;
            break;
        }
    }
    if (!ok || optind != argc - 1 || (as_json && csv)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    gait_trial *trial = NULL;
    cli_recording recording = {0};
    int exit_status = cli_analysis_run("analyze", path, &analysis, &recording, &trial);
    cli_recording_close(&recording);
    if (exit_status != EXIT_OK)
        return exit_status;
    if (curves_path != NULL && analysis.imu)
        fprintf(stderr, "gait analyze: --curves needs markers; ignored for an IMU file\n");
    else if (curves_path != NULL && !write_curves(curves_path, path, trial)) {
        gait_trial_free(trial);
        return EXIT_BAD_DATA;
    }
    return print_trial(path, trial, as_json, csv);
}
