/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The weekly-load chart as SVG, for `gait load --svg` and for any tool that embeds it (a report's
 * inline SVG): one bar per ISO week (weekly distance, left axis), the daily rolling and EWMA ACWR
 * as lines (right axis) with the ACWR threshold, flagged weeks drawn in another colour with a
 * marker above the bar. Self-contained: no script, no external style sheet, font or image. */
#ifndef GAIT_LOAD_SVG_H
#define GAIT_LOAD_SVG_H

#include <stdio.h>

#include <gait/gait.h>

/* Write the chart to out as one <svg> element (xmlns set, viewBox 0 0 760 380, so it scales).
 * title (may be NULL: "Weekly running load") is drawn and escaped. xml_declaration 1 puts an
 * "<?xml ...?>" line first, for a standalone .svg file; 0 leaves it out, for inline HTML.
 * Elements a test or a style can find: rect.bar per week (also .spike, .acwr-high when flagged),
 * path.acwr-rolling, path.acwr-ewma, line.acwr-threshold, path.flag-marker; every bar and marker
 * has a <title> tooltip. Returns 0, or -1 when writing failed. */
int load_svg_write(FILE *out, const gait_load *load, const char *title, int xml_declaration);

/* Read a training log CSV (the format of `gait load`) and compute its load (*load: free with
 * gait_load_free). Returns EXIT_OK, or the exit status after a message on stderr naming the file
 * and line (cmd_load.c). */
int load_read_csv(const char *path, const gait_load_settings *settings, gait_load **load);

#endif
