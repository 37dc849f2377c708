/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `gait` command-line program. Exit status: 0 ok, 1 bad data, 2 bad usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "cli.h"

static void print_usage(FILE *out)
{
    fputs(
        "Usage: gait [--help] [--version] COMMAND [ARGS]\n"
        "\n"
        "Running-gait analysis: stance phases, cadence, contact time and the ankle markers linked\n"
        "to Achilles tendinopathy, from lab and wearable recordings.\n"
        "\n"
        "Options:\n"
        "  -h, --help     show this help and exit\n"
        "  -V, --version  show the library version and exit\n"
        "\n"
        "Commands:\n"
        "  analyze FILE [--json]   stance phases and per-step markers from force plates\n"
        "  info FILE [--json]      what a recording holds (C3D, TRC, MOT/STO, IMU CSV)\n"
        "  load RUNS.csv [--json|--csv] [--svg FILE]\n"
        "                          weekly running distance, change, ACWR and spike flags\n"
        "  report INPUT -o F.html  an HTML report (plots, study markers) of a recording or a\n"
        "                          gait batch output directory\n"
        "  plates FILE [--csv]     ground reaction, COP and free moment of each force plate\n"
        "  simulate --out DIR      a running trial with known truth (C3D, IMU CSV, JSON)\n"
        "  batch -o DIR INPUT...   many recordings in parallel into CSV tables (resumable)\n"
        "  merge -o OUT DIR...     combine the outputs of batch shards\n"
        "Run 'gait COMMAND --help' for a command's options.\n"
        "\n"
        "Exit status: 0 success, 1 bad or unreadable data, 2 bad usage.\n",
        out);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int option;
    /* '+' stops at the first non-option: what follows belongs to the subcommand. */
    while ((option = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
        switch (option) {
        case 'h':
            print_usage(stdout);
            return EXIT_OK;
        case 'V':
            printf("gait %s (libgait %s)\n", GAIT_VERSION_STRING, gait_version());
            return EXIT_OK;
        default:
            print_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[optind];
    if (strcmp(command, "info") == 0)
        return cmd_info(argc - optind, argv + optind);
    if (strcmp(command, "plates") == 0)
        return cmd_plates(argc - optind, argv + optind);
    if (strcmp(command, "analyze") == 0)
        return cmd_analyze(argc - optind, argv + optind);
    if (strcmp(command, "batch") == 0)
        return cmd_batch(argc - optind, argv + optind);
    if (strcmp(command, "merge") == 0)
        return cmd_merge(argc - optind, argv + optind);
    if (strcmp(command, "load") == 0)
        return cmd_load(argc - optind, argv + optind);
    if (strcmp(command, "report") == 0)
        return cmd_report(argc - optind, argv + optind);
    if (strcmp(command, "simulate") == 0)
        return cmd_simulate(argc - optind, argv + optind);
    fprintf(stderr, "gait: unknown command '%s' (see gait --help)\n", command);
    return EXIT_USAGE;
}
