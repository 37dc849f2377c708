/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait info FILE [--json]: what a recording holds. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

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
    if (as_json) {
        json_dumpf(summary, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
        putchar('\n');
    } else {
        print_c3d_text(path, c3d, summary);
    }
    json_decref(summary);
    gait_c3d_close(c3d);
    return EXIT_OK;
}

static void usage(FILE *out)
{
    fputs("Usage: gait info [--json] FILE\n"
          "Summarise a recording: format, markers, analog channels, force platforms, events,\n"
          "and every quirk met while reading it. Times are on the file's own clock (C3D:\n"
          "(frame - 1) / point rate).\n"
          "  --json   print a JSON object instead of text\n",
          out);
}

int cmd_info(int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int as_json = 0, option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
        if (option == 'j') {
            as_json = 1;
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
    default:
        fprintf(stderr, "gait: %s: unknown format (expected .c3d, .trc, .mot, .sto or .csv)\n",
                path);
        return EXIT_BAD_DATA;
    }
}
