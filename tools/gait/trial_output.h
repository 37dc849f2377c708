/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by `gait analyze` and `gait batch`: opening a recording, the trial as JSON, CSV cells. */
#ifndef GAIT_TRIAL_OUTPUT_H
#define GAIT_TRIAL_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "cli.h"

/* "right", "left" or NULL. */
const char *side_name(int side);

/* The trial as the JSON object of `gait analyze --json` (new reference). */
json_t *trial_json(const char *path, const gait_trial *trial);

/* Step keys of the CSV and the table, in JSON order. */
extern const char *const trial_csv_keys[];
extern const size_t trial_csv_key_count;

/* A JSON value as a CSV cell: empty for null, yes/no, %.6g numbers, RFC 4180 quoting. */
void write_csv_value(FILE *out, json_t *value);
void write_csv_text(FILE *out, const char *text);

/* The names of the six ankle curves (angles, then moments). */
extern const char *const curve_names[6];

/* Long-format curve rows "file,side,step,variable,percent,value" of every step with ankle values
 * (NaN points left out). */
void write_curve_rows(FILE *out, const char *file, const gait_trial *trial);

/* The files of one analysis, opened. */
typedef struct analyze_files {
    gait_c3d *c3d, *static_c3d;
    gait_trc *trc, *static_trc;
    gait_mot *mot;
    gait_analyze_inputs inputs;
} analyze_files;

/* Open FILE (+ a .mot for a .trc, + a static trial). On failure *failed names the file (NULL
 * after a usage error, already reported on stderr). */
gait_status open_files(const char *path, const char *grf, const char *fixed, analyze_files *f,
                       const char **failed);
void close_files(analyze_files *f);

#endif
