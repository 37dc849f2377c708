/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by `gait analyze` and `gait batch`: the trial as JSON, CSV cells and curve rows. (Opening
 * and analysing a recording: analysis.h.) */
#ifndef GAIT_TRIAL_OUTPUT_H
#define GAIT_TRIAL_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "cli.h"

/* The trial as the JSON object of `gait analyze --json` (new reference). */
json_t *trial_json(const char *path, const gait_trial *trial);

/* Step keys of the CSV and the table, in JSON order. */
extern const char *const trial_csv_keys[];
extern const size_t trial_csv_key_count;

/* A JSON value as a CSV cell: empty for null, yes/no, %.6g numbers, RFC 4180 quoting. */
void write_csv_value(FILE *out, json_t *value);
void write_csv_text(FILE *out, const char *text);

/* Long-format curve rows "file,side,step,variable,percent,value" of every step with ankle values
 * (NaN points left out). */
void write_curve_rows(FILE *out, const char *file, const gait_trial *trial);

#endif
