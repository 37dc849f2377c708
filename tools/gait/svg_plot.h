/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small inline-SVG plots for the HTML report: axes with nice ticks, polyline series, shaded bands,
 * spans and event lines, histograms, a legend. Every series is one <g class="series"> (so a test
 * can count them), bands are <polygon class="band">, spans <rect class="span ..."> and event lines
 * <line class="event ...">. Text is escaped; colours come from one fixed palette. */
#ifndef GAIT_SVG_PLOT_H
#define GAIT_SVG_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* The palette, by role. */
enum {
    SVG_RIGHT,  /* green: right side (the gait lab's convention) */
    SVG_LEFT,   /* red: left side */
    SVG_OTHER,  /* grey: unknown side, neutral series */
    SVG_BLUE,   /* blue: a signal, a histogram */
    SVG_PURPLE, /* more series */
    SVG_ORANGE,
    SVG_COLOURS
};

/* "#rrggbb" of palette entry i (wraps around). */
const char *svg_colour(int i);

/* Write text with & < > " ' escaped for HTML and SVG. */
void svg_escape(FILE *out, const char *text);

/* The span of some values (finite ones only): lo > hi while empty; min_step > 0 keeps the ticks
 * at least that far apart (1: whole numbers only). */
typedef struct svg_range {
    double lo, hi;
    double min_step;
} svg_range;

svg_range svg_range_empty(void);
void svg_range_add(svg_range *range, const double *values, size_t n);
void svg_range_add_value(svg_range *range, double value);

#define SVG_LEGEND_CAPACITY 8

typedef struct svg_plot {
    FILE *out;
    char id[64];
    double x_min, x_max, y_min, y_max; /* data range of the axes */
    double left, top, plot_w, plot_h;  /* plot area in pixels */
    int n_legend;
    char legend[SVG_LEGEND_CAPACITY][64];
    int legend_colour[SVG_LEGEND_CAPACITY];
} svg_plot;

/* Start a plot of width x height pixels with the id (letters, digits, '-', '_'), a title and axis
 * labels (may be NULL). The ranges are widened to whole ticks; an empty range becomes [0, 1]. */
void svg_plot_begin(svg_plot *plot, FILE *out, const char *id, const char *title,
                    const char *x_label, const char *y_label, svg_range x, svg_range y, int width,
                    int height);
/* Draw the legend and close the SVG. */
void svg_plot_end(svg_plot *plot);

/* One series: a polyline through the finite points (broken at NaN), with dot markers when markers
 * is 1 (markers only when 2). label (may be NULL) goes to the legend. */
void svg_plot_series(svg_plot *plot, const double *x, const double *y, size_t n, int colour,
                     const char *label, int markers);
/* A shaded band between lo and hi (broken where either is NaN). */
void svg_plot_band(svg_plot *plot, const double *x, const double *lo, const double *hi, size_t n,
                   int colour);
/* A shaded vertical span from x0 to x1 with the extra class (e.g. "stance"). */
void svg_plot_span(svg_plot *plot, double x0, double x1, int colour, const char *class_name);
/* A vertical line at x with the extra class (e.g. "ic"), dashed when dashed is 1. */
void svg_plot_vline(svg_plot *plot, double x, int colour, const char *class_name, int dashed);
/* A histogram series: counts[i] over [edges[i], edges[i + 1]); the bars of series `slot` of
 * n_slots share each bin side by side. */
void svg_plot_histogram(svg_plot *plot, const double *edges, const double *counts, size_t n_bins,
                        int colour, const char *label, int slot, int n_slots);

#endif
