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

static const char *const mass_sources[] = {"unknown", "file", "option", "force"};

static json_t *number_or_null(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

static json_t *step_json(const gait_step *s, const gait_trial *trial)
{
    json_t *step = json_object();
    gait_trial_sensor sensor;
    if (s->sensor >= 0 && gait_trial_get_sensor(trial, (size_t)s->sensor, &sensor) == GAIT_OK)
        json_object_set_new(step, "sensor", json_string(sensor.name));
    json_object_set_new(step, "side",
                        cli_side_name(s->side) ? json_string(cli_side_name(s->side)) : json_null());
    json_object_set_new(step, "complete", json_boolean(s->complete));
    json_object_set_new(step, "events_from",
                        json_string(s->sensor >= 0  ? "imu"
                                    : s->from_plate ? "plate"
                                                    : "markers"));
    json_object_set_new(step, "plate", s->plate >= 0 ? json_integer(s->plate + 1) : json_null());
    json_object_set_new(step, "ic_s", number_or_null(s->ic_s));
    json_object_set_new(step, "to_s", number_or_null(s->to_s));
    json_object_set_new(step, "contact_time_s", number_or_null(s->contact_time_s));
    json_object_set_new(step, "flight_time_s", number_or_null(s->flight_time_s));
    json_object_set_new(step, "step_time_s", number_or_null(s->step_time_s));
    json_object_set_new(step, "stride_time_s", number_or_null(s->stride_time_s));
    json_object_set_new(step, "swing_time_s", number_or_null(s->swing_time_s));
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
                            ? json_string(cli_pattern_names[s->strike_pattern])
                            : json_null());
    json_object_set_new(step, "foot_strike_angle_deg", number_or_null(s->foot_strike_angle_deg));
    json_object_set_new(step, "ankle_inversion_moment_peak_nm_kg",
                        number_or_null(s->ankle_inversion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_eversion_moment_peak_nm_kg",
                        number_or_null(s->ankle_eversion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_plantarflexion_moment_peak_nm_kg",
                        number_or_null(s->ankle_plantarflexion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_external_rotation_peak_deg",
                        number_or_null(s->ankle_external_rotation_peak_deg));
    json_object_set_new(step, "ankle_eversion_peak_deg",
                        number_or_null(s->ankle_eversion_peak_deg));
    json_object_set_new(step, "ankle_dorsiflexion_ic_deg",
                        number_or_null(s->ankle_dorsiflexion_ic_deg));
    json_object_set_new(step, "stride_length_m", number_or_null(s->stride_length_m));
    json_object_set_new(step, "speed_m_s", number_or_null(s->speed_m_s));
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
        json_object_set_new(summary, cli_side_name(side), per_side);
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
    gait_moment_frame moment_frame = GAIT_MOMENT_FOOT;
    const char *problems[2] = {"", ""};
    int plugin_gait = 0;
    const char *marker_set =
        gait_trial_ankle(trial, &moment_frame, &plugin_gait, &problems[0], &problems[1]);
    json_t *ankle = json_object();
    json_object_set_new(ankle, "marker_set", json_string(marker_set != NULL ? marker_set : ""));
    json_object_set_new(ankle, "model", json_string(plugin_gait ? "plug-in-gait" : "libgait"));
    json_object_set_new(ankle, "moment_frame",
                        json_string(gait_moment_frame_name((int)moment_frame)));
    json_object_set_new(ankle, "moment_units",
                        json_string("N.m/kg, internal, at the ankle centre"));
    for (int side = 0; side < 2; side++) {
        char key[32];
        snprintf(key, sizeof key, "%s_problem", cli_side_name(side));
        json_object_set_new(ankle, key,
                            problems[side][0] ? json_string(problems[side]) : json_null());
    }
    json_object_set_new(root, "ankle", ankle);
    json_t *steps = json_array();
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        gait_trial_get_step(trial, i, &step);
        json_array_append_new(steps, step_json(&step, trial));
    }
    json_object_set_new(root, "steps", steps);
    if (gait_trial_sensor_count(trial) > 0) {
        static const char *const activities[] = {"unknown", "walking", "running"};
        json_t *sensors = json_array();
        for (size_t i = 0; i < gait_trial_sensor_count(trial); i++) {
            gait_trial_sensor s;
            gait_trial_get_sensor(trial, i, &s);
            json_array_append_new(
                sensors,
                json_pack("{s:s, s:o, s:I, s:s, s:b, s:o, s:o}", "name", s.name, "side",
                          cli_side_name(s.side) ? json_string(cli_side_name(s.side)) : json_null(),
                          "steps", (json_int_t)s.n_steps, "activity",
                          activities[(int)s.activity >= 0 && (int)s.activity < 3 ? s.activity : 0],
                          "aligned", s.aligned, "event_cadence_spm",
                          number_or_null(s.event_cadence_spm), "spectral_cadence_spm",
                          number_or_null(s.spectral_cadence_spm)));
        }
        json_object_set_new(root, "sensors", sensors);
    }
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
                                       "stride_time_s",
                                       "swing_time_s",
                                       "peak_vgrf_n",
                                       "peak_vgrf_bw",
                                       "impact_peak_bw",
                                       "loading_rate_bw_s",
                                       "instantaneous_loading_rate_bw_s",
                                       "braking_impulse_bw_s",
                                       "propulsive_impulse_bw_s",
                                       "strike_index",
                                       "strike_pattern",
                                       "foot_strike_angle_deg",
                                       "ankle_inversion_moment_peak_nm_kg",
                                       "ankle_eversion_moment_peak_nm_kg",
                                       "ankle_plantarflexion_moment_peak_nm_kg",
                                       "ankle_external_rotation_peak_deg",
                                       "ankle_eversion_peak_deg",
                                       "ankle_dorsiflexion_ic_deg"};
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
    double values[6 * GAIT_CURVE_POINTS];
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        if (gait_trial_get_step(trial, i, &step) != GAIT_OK ||
            gait_trial_get_ankle_curves(trial, i, values, values + 3 * GAIT_CURVE_POINTS) !=
                GAIT_OK)
            continue;
        for (int v = 0; v < 6; v++)
            for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
                double value = values[v * GAIT_CURVE_POINTS + p];
                if (isfinite(value))
                    fprintf(out, "%s,%s,%zu,%s,%d,%.6g\n", path,
                            cli_side_name(step.side) ? cli_side_name(step.side) : "", i + 1,
                            cli_curve_names[v], p, value);
            }
    }
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
