/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait plates [--csv] [--threshold N] [--all] FILE: the ground reaction of every loaded plate. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct plate_rows {
    double *force_n, *cop_m, *free_moment_nm;
} plate_rows;

static void print_value(double v, int csv)
{
    if (csv)
        isfinite(v) ? printf(",%.9g", v) : printf(",");
    else
        printf(" %12.6g", v);
}

/* Largest force magnitude on a plate: a plate that never reaches the COP threshold is unloaded. */
static double peak_force_n(const double *force_n, size_t n)
{
    double peak = 0.0;
    for (size_t k = 0; k < n; k++) {
        double magnitude =
            sqrt(force_n[3 * k] * force_n[3 * k] + force_n[3 * k + 1] * force_n[3 * k + 1] +
                 force_n[3 * k + 2] * force_n[3 * k + 2]);
        if (isfinite(magnitude) && magnitude > peak)
            peak = magnitude;
    }
    return peak;
}

static int write_rows(const char *path, const gait_c3d *c3d, const gait_plate_settings *settings,
                      int csv, int all)
{
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n = info.n_frames * info.analog_samples_per_frame;
    if (info.n_force_platforms == 0 || n == 0) {
        fprintf(stderr, "gait: %s: no force platforms with analog data\n", path);
        return EXIT_BAD_DATA;
    }
    plate_rows *rows = calloc(info.n_force_platforms, sizeof *rows);
    int *shown = calloc(info.n_force_platforms, sizeof *shown);
    if (rows == NULL || shown == NULL) {
        free(rows);
        free(shown);
        fprintf(stderr, "gait: %s: out of memory\n", path);
        return EXIT_BAD_DATA;
    }
    int status = EXIT_OK, plates_failed = 0;
    for (size_t p = 0; p < info.n_force_platforms && status == EXIT_OK; p++) {
        rows[p].force_n = malloc(3 * n * sizeof(double));
        rows[p].cop_m = malloc(3 * n * sizeof(double));
        rows[p].free_moment_nm = malloc(n * sizeof(double));
        if (rows[p].force_n == NULL || rows[p].cop_m == NULL || rows[p].free_moment_nm == NULL) {
            fprintf(stderr, "gait: %s: out of memory\n", path);
            status = EXIT_BAD_DATA;
            break;
        }
        gait_status s = gait_c3d_plate_wrench(c3d, p, settings, rows[p].force_n, NULL,
                                              rows[p].cop_m, rows[p].free_moment_nm);
        if (s != GAIT_OK) {
            /* One bad plate (FP_Type1.c3d's plates 2-4 have no real corners) loses no others. */
            fprintf(stderr, "gait: %s: plate %zu skipped: %s\n", path, p + 1,
                    gait_last_error_detail());
            plates_failed = 1;
        } else {
            shown[p] = all || peak_force_n(rows[p].force_n, n) >= settings->cop_threshold_n;
        }
    }
    if (status == EXIT_OK) {
        const char *sep = csv ? "," : " ";
        printf("# %s: ground reaction on the subject in the file's lab frame (C3D global axes), "
               "N, m, N*m; COP and Tz empty below %g N; plates numbered from 1\n",
               path, settings->cop_threshold_n);
        printf("time_s%splate%sfx_n%sfy_n%sfz_n%scop_x_m%scop_y_m%scop_z_m%stz_nm\n", sep, sep, sep,
               sep, sep, sep, sep, sep);
        double start_s = (double)(info.first_frame - 1) / info.point_rate_hz;
        for (size_t p = 0; p < info.n_force_platforms; p++) {
            if (!shown[p])
                continue;
            for (size_t k = 0; k < n; k++) {
                printf(csv ? "%.6f,%zu" : "%10.6f %5zu", start_s + (double)k / info.analog_rate_hz,
                       p + 1);
                for (int a = 0; a < 3; a++)
                    print_value(rows[p].force_n[3 * k + a], csv);
                for (int a = 0; a < 3; a++)
                    print_value(rows[p].cop_m[3 * k + a], csv);
                print_value(rows[p].free_moment_nm[k], csv);
                putchar('\n');
            }
        }
    }
    for (size_t p = 0; p < info.n_force_platforms; p++) {
        free(rows[p].force_n);
        free(rows[p].cop_m);
        free(rows[p].free_moment_nm);
    }
    free(rows);
    free(shown);
    return status == EXIT_OK && plates_failed ? EXIT_BAD_DATA : status;
}

static void usage(FILE *out)
{
    fputs(
        "Usage: gait plates [--csv] [--threshold N] [--all] FILE.c3d\n"
        "One row per analog sample per loaded force platform:\n"
        "  time_s plate fx_n fy_n fz_n cop_x_m cop_y_m cop_z_m tz_nm\n"
        "Frame: the file's lab frame (C3D global axes, metres), the ground reaction force acting\n"
        "on the subject, COP on the plate surface, Tz the free moment about the plate normal.\n"
        "Time on the file's clock: (first frame - 1) / point rate + sample / analog rate.\n"
        "  --csv          comma-separated (empty cell where COP/Tz are undefined)\n"
        "  --threshold N  vertical force below which COP and Tz are undefined (default 20 N)\n"
        "  --all          also plates that never carry N newtons\n"
        "A plate that cannot be read is skipped with a message; the others are still\n"
        "written and the exit status is 1.\n",
        out);
}

int cmd_plates(int argc, char **argv)
{
    static const struct option options[] = {
        {"csv", no_argument, NULL, 'c'},
        {"threshold", required_argument, NULL, 't'},
        {"all", no_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gait_plate_settings settings = gait_plate_settings_default();
    int csv = 0, all = 0, option;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while ((option = getopt_long(argc, argv, "ct:ah", options, NULL)) != -1) {
        switch (option) {
        case 'c':
            csv = 1;
            break;
        case 'a':
            all = 1;
            break;
        case 't':
            if (!cli_parse_number("plates", "--threshold", optarg, 0.0, &settings.cop_threshold_n))
                return EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    if (cli_format_of(path) != FORMAT_C3D) {
        fprintf(stderr, "gait: %s: plates are read from C3D files\n", path);
        return EXIT_BAD_DATA;
    }
    gait_c3d *c3d = NULL;
    gait_status status = gait_c3d_open(path, &c3d);
    if (status != GAIT_OK)
        return cli_fail(path, status);
    int result = write_rows(path, c3d, &settings, csv, all);
    gait_c3d_close(c3d);
    return result;
}
