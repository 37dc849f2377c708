/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the gait command's subcommands. */
#ifndef GAIT_CLI_H
#define GAIT_CLI_H

#include <stdio.h>

#include <gait/gait.h>

enum { EXIT_OK = 0, EXIT_BAD_DATA = 1, EXIT_USAGE = 2 };

typedef enum file_format {
    FORMAT_UNKNOWN,
    FORMAT_C3D,
    FORMAT_TRC,
    FORMAT_MOT,
    FORMAT_CSV
} file_format;

/* Format from the file name's extension (.c3d .trc .mot .sto .csv), case-insensitive. */
file_format cli_format_of(const char *path);

/* Print "gait: FILE: reason" for a failed library call and return EXIT_BAD_DATA (or EXIT_USAGE
 * for an invalid argument, which the caller passed). */
int cli_fail(const char *path, gait_status status);

/* Parse a number option: finite and >= minimum (-INFINITY for any). On failure prints
 * "gait COMMAND: OPTION wants ..." and returns 0. */
int cli_parse_number(const char *command, const char *option, const char *text, double minimum,
                     double *value);

/* Make room for `needed` elements of `size` bytes in a growing array (doubling): 1, or 0 when out
 * of memory (the array is then unchanged). */
int cli_grow(void **array, size_t *capacity, size_t needed, size_t size);

/* Subcommands: argc/argv start at the subcommand's name. */
int cmd_info(int argc, char **argv);
int cmd_plates(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
