/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait info FILE [--json]: what a recording holds. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static int emit(json_t *summary, int as_json);

static const char *processor_name(gait_c3d_processor p)
{
    return p == GAIT_C3D_DEC ? "dec" : p == GAIT_C3D_MIPS ? "mips" : "intel";
}

/* FORCE_PLATFORM:TYPE of every plate, as JSON objects. */
static json_t *plates_json(const gait_c3d *c3d, size_t n_plates)
{
    json_t *plates = json_array();
    double *types = calloc(n_plates + 1, sizeof *types);
    size_t n_types = 0;
    if (types != NULL &&
        gait_c3d_param_doubles(c3d, "FORCE_PLATFORM", "TYPE", types, n_plates, &n_types) != GAIT_OK)
        n_types = 0;
    for (size_t i = 0; i < n_plates; i++) {
        json_t *plate = json_object();
        if (i < n_types)
            json_object_set_new(plate, "type", json_integer((json_int_t)types[i]));
        else
            json_object_set_new(plate, "type", json_null());
        json_array_append_new(plates, plate);
    }
    free(types);
    return plates;
}

static json_t *c3d_json(const char *path, const gait_c3d *c3d)
{
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    json_t *root = json_object();
    json_object_set_new(root, "file", json_string(path));
    json_object_set_new(root, "format", json_string("c3d"));
    json_object_set_new(root, "processor", json_string(processor_name(info.processor)));
    json_object_set_new(root, "storage",
                        json_string(info.storage == GAIT_C3D_FLOAT ? "float" : "int16"));
    json_object_set_new(root, "points",
                        json_pack("{s:I, s:f, s:I, s:I, s:s, s:f, s:f}", "count",
                                  (json_int_t)info.n_points, "rate_hz", info.point_rate_hz,
                                  "frames", (json_int_t)info.n_frames, "first_frame",
                                  (json_int_t)info.first_frame, "units", info.point_units,
                                  "units_m", info.point_units_m, "start_time_s",
                                  (double)(info.first_frame - 1) / info.point_rate_hz));
    json_object_set_new(root, "analog",
                        json_pack("{s:I, s:f, s:I}", "channels", (json_int_t)info.n_analog_channels,
                                  "rate_hz", info.analog_rate_hz, "samples_per_frame",
                                  (json_int_t)info.analog_samples_per_frame));
    json_object_set_new(root, "force_platforms", plates_json(c3d, info.n_force_platforms));
    double mass_kg;
    json_object_set_new(root, "body_mass_kg",
                        gait_c3d_body_mass_kg(c3d, &mass_kg) == GAIT_OK ? json_real(mass_kg)
                                                                        : json_null());
    json_t *events = json_array();
    for (size_t i = 0; i < info.n_events; i++) {
        gait_c3d_event e;
        gait_c3d_get_event(c3d, i, &e);
        json_array_append_new(events, json_pack("{s:s, s:s, s:f}", "label", e.label, "context",
                                                e.context, "time_s", e.time_s));
    }
    json_object_set_new(root, "events", events);
    json_t *warnings = json_array();
    for (size_t i = 0; i < info.n_warnings; i++)
        json_array_append_new(warnings, json_string(gait_c3d_warning(c3d, i)));
    json_object_set_new(root, "warnings", warnings);
    return root;
}

static void print_c3d_text(const char *path, const gait_c3d *c3d, json_t *summary)
{
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    printf("file      %s\n", path);
    printf("format    C3D, %s processor, %s storage\n", processor_name(info.processor),
           info.storage == GAIT_C3D_FLOAT ? "float" : "int16");
    printf("points    %zu at %g Hz, %zu frames from frame %ld (t = %.4f s), units '%s'\n",
           info.n_points, info.point_rate_hz, info.n_frames, info.first_frame,
           (double)(info.first_frame - 1) / info.point_rate_hz, info.point_units);
    printf("analog    %zu channels at %g Hz (%zu per frame)\n", info.n_analog_channels,
           info.analog_rate_hz, info.analog_samples_per_frame);
    json_t *plates = json_object_get(summary, "force_platforms");
    printf("plates    %zu", json_array_size(plates));
    for (size_t i = 0; i < json_array_size(plates); i++)
        printf("%s type %lld", i == 0 ? ":" : ",",
               (long long)json_integer_value(json_object_get(json_array_get(plates, i), "type")));
    json_t *mass = json_object_get(summary, "body_mass_kg");
    if (json_is_real(mass))
        printf("\nsubject   body mass %g kg", json_real_value(mass));
    printf("\nevents    %zu\n", info.n_events);
    for (size_t i = 0; i < info.n_events; i++) {
        gait_c3d_event e;
        gait_c3d_get_event(c3d, i, &e);
        printf("          %8.4f s  %s%s%s\n", e.time_s, e.context, e.context[0] ? " " : "",
               e.label);
    }
    for (size_t i = 0; i < info.n_warnings; i++)
        printf("warning   %s\n", gait_c3d_warning(c3d, i));
}

static int info_c3d(const char *path, int as_json)
{
    gait_c3d *c3d = NULL;
    gait_status status = gait_c3d_open(path, &c3d);
    if (status != GAIT_OK)
        return cli_fail(path, status);
    json_t *summary = c3d_json(path, c3d);
    if (!as_json) {
        print_c3d_text(path, c3d, summary);
        json_decref(summary);
        gait_c3d_close(c3d);
        return EXIT_OK;
    }
    gait_c3d_close(c3d);
    return emit(summary, as_json);
}

/* Print the summary as JSON or as "key  value" lines (nested objects flattened with dots). */
static void print_text(json_t *value, const char *prefix)
{
    const char *key;
    json_t *child;
    if (json_is_object(value)) {
        json_object_foreach(value, key, child)
        {
            char name[256];
            snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", key);
            print_text(child, name);
        }
        return;
    }
    if (json_is_array(value) && json_array_size(value) > 0 &&
        json_is_string(json_array_get(value, 0))) {
        for (size_t i = 0; i < json_array_size(value); i++)
            printf("%-26s %s\n", prefix, json_string_value(json_array_get(value, i)));
        return;
    }
    if (json_is_string(value)) {
        printf("%-26s %s\n", prefix, json_string_value(value));
        return;
    }
    char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(10));
    printf("%-26s %s\n", prefix, text != NULL ? text : "?");
    free(text);
}

static int emit(json_t *summary, int as_json)
{
    if (as_json) {
        json_dumpf(summary, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
        putchar('\n');
    } else {
        print_text(summary, "");
    }
    json_decref(summary);
    return EXIT_OK;
}

static json_t *warnings_json(const char *(*warning)(const void *, size_t), const void *handle,
                             size_t n)
{
    json_t *warnings = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(warnings, json_string(warning(handle, i)));
    return warnings;
}

static const char *trc_warning(const void *h, size_t i)
{
    return gait_trc_warning(h, i);
}

static const char *mot_warning(const void *h, size_t i)
{
    return gait_mot_warning(h, i);
}

static int info_trc(const char *path, int as_json)
{
    gait_trc *trc = NULL;
    gait_status status = gait_trc_open(path, &trc);
    if (status != GAIT_OK)
        return cli_fail(path, status);
    gait_trc_info info;
    gait_trc_get_info(trc, &info);
    json_t *root = json_pack("{s:s, s:s}", "file", path, "format", "trc");
    json_object_set_new(
        root, "points",
        json_pack("{s:I, s:f, s:I, s:I, s:s, s:f, s:f}", "count", (json_int_t)info.n_markers,
                  "rate_hz", info.rate_hz, "frames", (json_int_t)info.n_frames, "first_frame",
                  (json_int_t)info.first_frame, "units", info.units, "units_m", info.units_m,
                  "start_time_s", isfinite(info.start_time_s) ? info.start_time_s : 0.0));
    json_object_set_new(root, "warnings", warnings_json(trc_warning, trc, info.n_warnings));
    gait_trc_close(trc);
    return emit(root, as_json);
}

static int info_mot(const char *path, int as_json)
{
    gait_mot *mot = NULL;
    gait_status status = gait_mot_open(path, &mot);
    if (status != GAIT_OK)
        return cli_fail(path, status);
    gait_mot_info info;
    gait_mot_get_info(mot, &info);
    json_t *root = json_pack("{s:s, s:s, s:s, s:i}", "file", path, "format", "mot", "name",
                             info.name, "version", info.version);
    double rate_hz = 0.0;
    double *times = malloc((info.n_rows + 1) * sizeof *times);
    if (times != NULL && info.n_rows > 1 && gait_mot_get_times(mot, times) == GAIT_OK)
        rate_hz = (double)(info.n_rows - 1) / (times[info.n_rows - 1] - times[0]);
    json_object_set_new(
        root, "table",
        json_pack("{s:I, s:I, s:f, s:f, s:o}", "rows", (json_int_t)info.n_rows, "columns",
                  (json_int_t)info.n_columns, "rate_hz", isfinite(rate_hz) ? rate_hz : 0.0,
                  "start_time_s", times != NULL && info.n_rows > 0 ? times[0] : 0.0, "in_degrees",
                  info.in_degrees < 0 ? json_null() : json_boolean(info.in_degrees)));
    free(times);
    json_t *sets = json_array();
    for (size_t i = 0; i < info.n_grf; i++) {
        gait_mot_grf meta;
        gait_mot_get_grf(mot, i, &meta, NULL, NULL, NULL);
        char side[2] = {meta.side, '\0'};
        json_array_append_new(sets,
                              json_pack("{s:s, s:s, s:b, s:b}", "name", meta.name, "side", side,
                                        "cop", meta.point_column[0] != GAIT_MOT_NO_COLUMN, "torque",
                                        meta.torque_column[0] != GAIT_MOT_NO_COLUMN));
    }
    json_object_set_new(root, "force_sets", sets);
    json_object_set_new(root, "frame", json_string("OpenSim ground: y up"));
    json_object_set_new(root, "warnings", warnings_json(mot_warning, mot, info.n_warnings));
    gait_mot_close(mot);
    return emit(root, as_json);
}

static int info_csv(const char *path, int as_json, const gait_imu_csv_settings *settings)
{
    gait_imu_csv *imu = NULL;
    gait_status status = gait_imu_csv_open(path, settings, &imu);
    if (status == GAIT_E_INVALID_ARG && settings->rate_hz == 0.0) {
        fprintf(stderr, "gait: %s: no time column: give its sampling rate with --rate HZ\n", path);
        return EXIT_BAD_DATA;
    }
    if (status != GAIT_OK)
        return cli_fail(path, status);
    gait_imu_csv_info info;
    gait_imu_csv_get_info(imu, &info);
    json_t *root = json_pack("{s:s, s:s}", "file", path, "format", "imu_csv");
    json_t *sensors = json_array();
    for (size_t i = 0; i < info.n_sensors; i++) {
        int has_acc = 0, has_gyr = 0;
        gait_imu_csv_sensor_channels(imu, i, &has_acc, &has_gyr);
        json_array_append_new(sensors,
                              json_pack("{s:s, s:b, s:b}", "name", gait_imu_csv_sensor_name(imu, i),
                                        "acc", has_acc, "gyr", has_gyr));
    }
    json_object_set_new(root, "imu",
                        json_pack("{s:I, s:f, s:b, s:f, s:i, s:o}", "samples",
                                  (json_int_t)info.n_samples, "rate_hz", info.rate_hz, "has_time",
                                  info.has_time, "start_time_s",
                                  isfinite(info.start_time_s) ? info.start_time_s : 0.0,
                                  "header_rows", info.header_rows, "sensors", sensors));
    json_object_set_new(
        root, "units",
        json_pack("{s:s, s:s}", "acc",
                  settings->acc_unit == GAIT_IMU_ACC_G ? "g (read as m/s^2)" : "m/s^2", "gyr",
                  settings->gyr_unit == GAIT_IMU_GYR_RAD_S ? "rad/s" : "deg/s (read as rad/s)"));
    gait_imu_csv_close(imu);
    return emit(root, as_json);
}

static void usage(FILE *out)
{
    fputs("Usage: gait info [--json] [--rate HZ] [--acc-g] [--gyr-rad] FILE\n"
          "Summarise a recording (.c3d, .trc, .mot/.sto, IMU .csv): markers, analog channels,\n"
          "force platforms or force sets, events, and every quirk met while reading it.\n"
          "Times are on the file's own clock (C3D: (frame - 1) / point rate).\n"
          "  --json      print a JSON object instead of text\n"
          "  --rate HZ   IMU CSV without a time column: its sampling rate (e.g. 204.8)\n"
          "  --acc-g     IMU CSV accelerations are in g (default m/s^2)\n"
          "  --gyr-rad   IMU CSV angular rates are in rad/s (default deg/s)\n",
          out);
}

int cmd_info(int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},  {"rate", required_argument, NULL, 'r'},
        {"acc-g", no_argument, NULL, 'g'}, {"gyr-rad", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},  {NULL, 0, NULL, 0},
    };
    gait_imu_csv_settings imu_settings = gait_imu_csv_settings_default();
    int as_json = 0, option;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while ((option = getopt_long(argc, argv, "jr:gRh", options, NULL)) != -1) {
        if (option == 'j') {
            as_json = 1;
        } else if (option == 'r') {
            /* Rates below a micro-hertz are typos, not recordings. */
            if (!cli_parse_number("info", "--rate", optarg, 1e-6, &imu_settings.rate_hz))
                return EXIT_USAGE;
        } else if (option == 'g') {
            imu_settings.acc_unit = GAIT_IMU_ACC_G;
        } else if (option == 'R') {
            imu_settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
        } else if (option == 'h') {
            usage(stdout);
            return EXIT_OK;
        } else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    switch (cli_format_of(path)) {
    case FORMAT_C3D:
        return info_c3d(path, as_json);
    case FORMAT_TRC:
        return info_trc(path, as_json);
    case FORMAT_MOT:
        return info_mot(path, as_json);
    case FORMAT_CSV:
        return info_csv(path, as_json, &imu_settings);
    default:
        fprintf(stderr, "gait: %s: unknown format (expected .c3d, .trc, .mot, .sto or .csv)\n",
                path);
        return EXIT_BAD_DATA;
    }
}
