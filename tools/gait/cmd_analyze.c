/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait analyze FILE: stance phases and per-step markers, as a table, JSON or CSV. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static const char *const pattern_names[] = {"rearfoot", "midfoot", "forefoot"};
static const char *const mass_sources[] = {"unknown", "file", "option", "force"};

static json_t *number_or_null(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

static const char *side_name(int side)
{
    return side == 0 ? "right" : side == 1 ? "left" : NULL;
}

static json_t *step_json(const gait_step *s)
{
    json_t *step = json_object();
    json_object_set_new(step, "side",
                        side_name(s->side) ? json_string(side_name(s->side)) : json_null());
    json_object_set_new(step, "complete", json_boolean(s->complete));
    json_object_set_new(step, "events_from", json_string(s->from_plate ? "plate" : "markers"));
    json_object_set_new(step, "plate", s->plate >= 0 ? json_integer(s->plate + 1) : json_null());
    json_object_set_new(step, "ic_s", number_or_null(s->ic_s));
    json_object_set_new(step, "to_s", number_or_null(s->to_s));
    json_object_set_new(step, "contact_time_s", number_or_null(s->contact_time_s));
    json_object_set_new(step, "flight_time_s", number_or_null(s->flight_time_s));
    json_object_set_new(step, "step_time_s", number_or_null(s->step_time_s));
    json_object_set_new(step, "peak_vgrf_n", number_or_null(s->peak_vgrf_n));
    json_object_set_new(step, "peak_vgrf_bw", number_or_null(s->peak_vgrf_bw));
    json_object_set_new(step, "impact_peak_bw", number_or_null(s->impact_peak_bw));
    json_object_set_new(step, "loading_rate_bw_s", number_or_null(s->loading_rate_bw_s));
    json_object_set_new(step, "instantaneous_loading_rate_bw_s",
                        number_or_null(s->instantaneous_loading_rate_bw_s));
    json_object_set_new(step, "braking_impulse_bw_s", number_or_null(s->braking_impulse_bw_s));
    json_object_set_new(step, "propulsive_impulse_bw_s",
                        number_or_null(s->propulsive_impulse_bw_s));
    json_object_set_new(step, "strike_index", number_or_null(s->strike_index));
    json_object_set_new(step, "strike_pattern",
                        s->strike_pattern >= 0 && s->strike_pattern <= 2
                            ? json_string(pattern_names[s->strike_pattern])
                            : json_null());
    json_object_set_new(step, "foot_strike_angle_deg", number_or_null(s->foot_strike_angle_deg));
    return step;
}

static json_t *per_marker(const double *values)
{
    json_t *object = json_object();
    for (size_t k = 0; k < GAIT_STEP_MARKER_COUNT; k++) {
        const char *name = gait_step_marker_name(k);
        if (name != NULL)
            json_object_set_new(object, name, number_or_null(values[k]));
    }
    return object;
}

static json_t *summary_json(const gait_trial_summary *s)
{
    json_t *summary = json_object();
    json_object_set_new(summary, "cadence_spm", number_or_null(s->cadence_spm));
    json_object_set_new(summary, "steps", json_integer((json_int_t)s->n_steps));
    json_object_set_new(summary, "complete_steps", json_integer((json_int_t)s->n_complete));
    for (int side = 0; side < 2; side++) {
        json_t *per_side = json_object();
        json_object_set_new(per_side, "complete_steps", json_integer((json_int_t)s->n_side[side]));
        json_object_set_new(per_side, "mean", per_marker(s->mean[side]));
        json_object_set_new(per_side, "sd", per_marker(s->sd[side]));
        json_object_set_new(summary, side_name(side), per_side);
    }
    json_object_set_new(summary, "symmetry_index_pct", per_marker(s->symmetry_index_pct));
    return summary;
}

static json_t *trial_json(const char *path, const gait_trial *trial)
{
    json_t *root = json_object();
    json_object_set_new(root, "file", json_string(path));
    gait_mass_source source;
    double mass = gait_trial_body_mass_kg(trial, &source);
    json_object_set_new(root, "body_mass_kg", number_or_null(mass));
    json_object_set_new(
        root, "mass_source",
        json_string(mass_sources[(int)source >= 0 && (int)source < 4 ? source : 0]));
    int axis = 2, sign = 1;
    json_object_set_new(root, "frame", json_string(gait_trial_frame(trial, &axis, &sign, NULL)));
    json_t *steps = json_array();
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        gait_trial_get_step(trial, i, &step);
        json_array_append_new(steps, step_json(&step));
    }
    json_object_set_new(root, "steps", steps);
    gait_trial_summary summary;
    if (gait_trial_get_summary(trial, &summary) == GAIT_OK)
        json_object_set_new(root, "summary", summary_json(&summary));
    json_t *warnings = json_array();
    const char *warning;
    for (size_t i = 0; (warning = gait_trial_warning(trial, i)) != NULL; i++)
        json_array_append_new(warnings, json_string(warning));
    json_object_set_new(root, "warnings", warnings);
    return root;
}

/* Step keys of the table and the CSV, in JSON order. */
static const char *const csv_keys[] = {"side",
                                       "complete",
                                       "events_from",
                                       "plate",
                                       "ic_s",
                                       "to_s",
                                       "contact_time_s",
                                       "flight_time_s",
                                       "step_time_s",
                                       "peak_vgrf_n",
                                       "peak_vgrf_bw",
                                       "impact_peak_bw",
                                       "loading_rate_bw_s",
                                       "instantaneous_loading_rate_bw_s",
                                       "braking_impulse_bw_s",
                                       "propulsive_impulse_bw_s",
                                       "strike_index",
                                       "strike_pattern",
                                       "foot_strike_angle_deg"};
#define N_CSV_KEYS (sizeof csv_keys / sizeof csv_keys[0])

static void print_cell(json_t *value, int csv)
{
    if (json_is_null(value) || value == NULL) {
        if (!csv)
            printf("%8s", "-");
    } else if (json_is_string(value)) {
        printf(csv ? "%s" : "%8s", json_string_value(value));
    } else if (json_is_boolean(value))
        printf(csv ? "%s" : "%8s", json_is_true(value) ? "yes" : "no");
    else if (json_is_integer(value))
        printf(csv ? "%lld" : "%8lld", (long long)json_integer_value(value));
    else
        printf(csv ? "%.6g" : "%8.4g", json_real_value(value));
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
        for (size_t k = 0; k < N_CSV_KEYS; k++)
            printf("%s%s", k ? "," : "", csv_keys[k]);
        putchar('\n');
    }
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        for (size_t k = 0; k < N_CSV_KEYS; k++) {
            if (k > 0)
                putchar(csv ? ',' : ' ');
            print_cell(json_object_get(step, csv_keys[k]), csv);
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
    if (json_is_real(mass))
        printf("body mass   %.1f kg (%s)\n", json_real_value(mass),
               json_string_value(json_object_get(root, "mass_source")));
    else
        printf("body mass   unknown: per-BW markers are '-' (give --mass-kg)\n");
    printf("\n    side complete  events   plate     IC s     TO s contact  flight    step  "
           "peak N peak BW  impact  LR BW/s  ILR   brake   propel  SI pattern  FSA deg\n");
    json_t *steps = json_object_get(root, "steps");
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        for (size_t k = 0; k < N_CSV_KEYS; k++) {
            putchar(' ');
            print_cell(json_object_get(step, csv_keys[k]), 0);
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

static void usage(FILE *out)
{
    fputs("Usage: gait analyze [--json | --csv] [options] FILE.c3d|FILE.mot\n"
          "Stance phases from the force plates (or an OpenSim GRF table) and, per step: side,\n"
          "IC/TO (s, file clock), contact, flight and step time, peak vertical GRF (N, BW),\n"
          "impact peak, loading rate (20-80 %), braking/propulsive impulses (BW s), strike index\n"
          "and pattern, foot strike angle; then cadence and per-side means, SDs and symmetry.\n"
          "Values that cannot be computed are '-' (null in JSON, empty in CSV). Steps that touch\n"
          "the recording's ends or a plate edge are listed but kept out of the summary.\n"
          "  --json               one JSON object (keys as in the table header)\n"
          "  --csv                one row per step\n"
          "  --threshold-n N      contact on/off threshold (default 20 N)\n"
          "  --mass-kg KG         body mass (default: from the file, else from the force)\n"
          "  --foot-length-m M    foot length for the strike index (default: heel/toe markers)\n"
          "  --cutoff-hz HZ       zero-lag low-pass of forces and markers (default: none)\n",
          out);
}

int cmd_analyze(int argc, char **argv)
{
    enum { THRESHOLD = 256, MASS, FOOT, CUTOFF };
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},
        {"threshold-n", required_argument, NULL, THRESHOLD},
        {"mass-kg", required_argument, NULL, MASS},
        {"foot-length-m", required_argument, NULL, FOOT},
        {"cutoff-hz", required_argument, NULL, CUTOFF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gait_analyze_settings settings = gait_analyze_settings_default();
    int as_json = 0, csv = 0, ok = 1, option;
    optind = 1;
    while (ok && (option = getopt_long(argc, argv, "jch", options, NULL)) != -1) {
        switch (option) {
        case 'j':
            as_json = 1;
            break;
        case 'c':
            csv = 1;
            break;
        case THRESHOLD:
            ok = cli_parse_number("analyze", "--threshold-n", optarg, 0.0,
                                  &settings.stance.on_threshold_n);
            settings.stance.off_threshold_n = settings.stance.on_threshold_n;
            break;
        case MASS:
            ok = cli_parse_number("analyze", "--mass-kg", optarg, 0.0, &settings.mass_kg);
            break;
        case FOOT:
            ok = cli_parse_number("analyze", "--foot-length-m", optarg, 0.0,
                                  &settings.foot_length_m);
            break;
        case CUTOFF:
            ok =
                cli_parse_number("analyze", "--cutoff-hz", optarg, 0.0, &settings.stance.cutoff_hz);
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            ok = 0;
            break;
        }
    }
    if (!ok || optind != argc - 1 || (as_json && csv)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    gait_trial *trial = NULL;
    gait_status status;
    file_format format = cli_format_of(path);
    if (format == FORMAT_C3D) {
        gait_c3d *c3d = NULL;
        status = gait_c3d_open(path, &c3d);
        if (status == GAIT_OK)
            status = gait_analyze_c3d(c3d, &settings, &trial);
        gait_c3d_close(c3d);
    } else if (format == FORMAT_MOT) {
        gait_mot *mot = NULL;
        status = gait_mot_open(path, &mot);
        if (status == GAIT_OK)
            status = gait_analyze_mot(mot, &settings, &trial);
        gait_mot_close(mot);
    } else {
        fprintf(stderr, "gait: %s: analyze reads .c3d and .mot/.sto files\n", path);
        return EXIT_BAD_DATA;
    }
    if (status != GAIT_OK)
        return cli_fail(path, status);
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
