/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "svg_plot.h"

static const char *const palette[SVG_COLOURS] = {"#1a9850", "#d73027", "#666666",
                                                 "#4575b4", "#7b3294", "#f46d43"};

const char *svg_colour(int i)
{
    return palette[((i % SVG_COLOURS) + SVG_COLOURS) % SVG_COLOURS];
}

void svg_escape(FILE *out, const char *text)
{
    static const char special[] = "&<>\"'";
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (const char *c = text; c != NULL && *c; c++) {
        const char *hit = strchr(special, *c);
        if (hit != NULL)
            fputs(entities[hit - special], out);
        else
            fputc(*c, out);
    }
}

svg_range svg_range_empty(void)
{
    return (svg_range){INFINITY, -INFINITY, 0.0};
}

void svg_range_add_value(svg_range *range, double value)
{
    if (!isfinite(value))
        return;
    if (value < range->lo)
        range->lo = value;
    if (value > range->hi)
        range->hi = value;
}

void svg_range_add(svg_range *range, const double *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        svg_range_add_value(range, values[i]);
}

/* A 1, 2 or 5 times a power of ten near span / 5. */
static double tick_step(double span)
{
    double raw = span / 5.0;
    double power = pow(10.0, floor(log10(raw)));
    double fraction = raw / power;
    return (fraction < 1.5 ? 1.0 : fraction < 3.5 ? 2.0 : fraction < 7.5 ? 5.0 : 10.0) * power;
}

/* Widen [lo, hi] to whole ticks at least min_step apart; returns the tick step. */
static double nice_range(double *lo, double *hi, double min_step)
{
    if (!(*lo <= *hi)) {
        *lo = 0.0;
        *hi = 1.0;
    }
    if (*hi - *lo < 1e-12 * fmax(1.0, fabs(*lo))) {
        double pad = *lo == 0.0 ? 1.0 : 0.1 * fabs(*lo);
        *lo -= pad;
        *hi += pad;
    }
    double step = fmax(tick_step(*hi - *lo), min_step);
    *lo = floor(*lo / step + 1e-9) * step;
    *hi = ceil(*hi / step - 1e-9) * step;
    return step;
}

static double px_x(const svg_plot *p, double x)
{
    return p->left + (x - p->x_min) / (p->x_max - p->x_min) * p->plot_w;
}

static double px_y(const svg_plot *p, double y)
{
    return p->top + (p->y_max - y) / (p->y_max - p->y_min) * p->plot_h;
}

static void tick_label(char *text, size_t size, double value, double step)
{
    int decimals = step >= 1.0 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(value) < 1e-9 * step)
        value = 0.0;
    snprintf(text, size, "%.*f", decimals, value);
}

static void text_at(FILE *out, double x, double y, const char *anchor, const char *extra,
                    const char *text)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor,
            extra ? extra : "");
    svg_escape(out, text);
    fputs("</text>\n", out);
}

void svg_plot_begin(svg_plot *p, FILE *out, const char *id, const char *title, const char *x_label,
                    const char *y_label, svg_range x, svg_range y, int width, int height)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    snprintf(p->id, sizeof p->id, "%s", id);
    p->x_min = x.lo;
    p->x_max = x.hi;
    p->y_min = y.lo;
    p->y_max = y.hi;
    double x_step = nice_range(&p->x_min, &p->x_max, x.min_step);
    double y_step = nice_range(&p->y_min, &p->y_max, y.min_step);
    p->left = 58.0;
    p->top = 44.0;
    p->plot_w = width - p->left - 14.0;
    p->plot_h = height - p->top - 40.0;
    fprintf(out,
            "<svg class=\"plot\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
            p->id, width, height, width, height);
    fputs("<title>", out);
    svg_escape(out, title);
    fputs("</title>\n", out);
    fprintf(out,
            "<defs><clipPath id=\"%s-clip\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            "height=\"%.1f\"/></clipPath></defs>\n",
            p->id, p->left, p->top, p->plot_w, p->plot_h);
    fprintf(out, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
            p->left, p->top, p->plot_w, p->plot_h);
    text_at(out, p->left, 18.0, "start", " class=\"title\"", title);
    char label[48];
    fputs("<g class=\"axes\">\n", out);
    for (double t = p->x_min; t <= p->x_max + 1e-9 * x_step; t += x_step) {
        double px = px_x(p, t);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", px,
                p->top, px, p->top + p->plot_h);
        tick_label(label, sizeof label, t, x_step);
        text_at(out, px, p->top + p->plot_h + 14.0, "middle", NULL, label);
    }
    for (double t = p->y_min; t <= p->y_max + 1e-9 * y_step; t += y_step) {
        double py = px_y(p, t);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                p->left, py, p->left + p->plot_w, py);
        tick_label(label, sizeof label, t, y_step);
        text_at(out, p->left - 4.0, py + 4.0, "end", NULL, label);
    }
    if (x_label != NULL)
        text_at(out, p->left + p->plot_w / 2.0, p->top + p->plot_h + 32.0, "middle", NULL, x_label);
    if (y_label != NULL) {
        char transform[96];
        snprintf(transform, sizeof transform, " transform=\"rotate(-90 14 %.1f)\"",
                 p->top + p->plot_h / 2.0);
        text_at(out, 14.0, p->top + p->plot_h / 2.0, "middle", transform, y_label);
    }
    fputs("</g>\n", out);
}

static void add_legend(svg_plot *p, const char *label, int colour)
{
    if (label == NULL || p->n_legend >= SVG_LEGEND_CAPACITY)
        return;
    snprintf(p->legend[p->n_legend], sizeof p->legend[0], "%s", label);
    p->legend_colour[p->n_legend++] = colour;
}

void svg_plot_end(svg_plot *p)
{
    FILE *out = p->out;
    if (p->n_legend > 0) {
        /* One row between the title and the plot area, right-aligned; ~6.5 px per character. */
        double width = 0.0;
        for (int i = 0; i < p->n_legend; i++)
            width += 26.0 + 6.5 * (double)strlen(p->legend[i]);
        double x = fmax(p->left, p->left + p->plot_w - width);
        fputs("<g class=\"legend\">\n", out);
        for (int i = 0; i < p->n_legend; i++) {
            fprintf(out, "<rect x=\"%.1f\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/>\n", x,
                    svg_colour(p->legend_colour[i]));
            text_at(out, x + 14.0, 35.0, "start", NULL, p->legend[i]);
            x += 26.0 + 6.5 * (double)strlen(p->legend[i]);
        }
        fputs("</g>\n", out);
    }
    fputs("</svg>\n", out);
}

/* Open a clipped group with the class and colour attributes. */
static void group_open(const svg_plot *p, const char *class_name, const char *label,
                       const char *paint)
{
    fprintf(p->out, "<g class=\"%s\" clip-path=\"url(#%s-clip)\" %s", class_name, p->id, paint);
    if (label != NULL) {
        fputs(" data-label=\"", p->out);
        svg_escape(p->out, label);
        fputc('"', p->out);
    }
    fputs(">\n", p->out);
}

void svg_plot_series(svg_plot *p, const double *x, const double *y, size_t n, int colour,
                     const char *label, int markers)
{
    FILE *out = p->out;
    char paint[96];
    snprintf(paint, sizeof paint, "stroke=\"%s\" fill=\"%s\"", svg_colour(colour),
             svg_colour(colour));
    group_open(p, "series", label, paint);
    add_legend(p, label, colour);
    if (markers != 2) {
        int open = 0;
        for (size_t i = 0; i <= n; i++) {
            int finite = i < n && isfinite(x[i]) && isfinite(y[i]);
            if (finite && !open)
                fputs("<polyline fill=\"none\" points=\"", out);
            if (finite)
                fprintf(out, "%s%.1f,%.1f", open ? " " : "", px_x(p, x[i]), px_y(p, y[i]));
            else if (open)
                fputs("\"/>\n", out);
            open = finite;
        }
    }
    if (markers)
        for (size_t i = 0; i < n; i++)
            if (isfinite(x[i]) && isfinite(y[i]))
                fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>\n", px_x(p, x[i]),
                        px_y(p, y[i]));
    fputs("</g>\n", out);
}

void svg_plot_band(svg_plot *p, const double *x, const double *lo, const double *hi, size_t n,
                   int colour)
{
    size_t start = 0;
    while (start < n) {
        while (start < n && !(isfinite(x[start]) && isfinite(lo[start]) && isfinite(hi[start])))
            start++;
        size_t end = start;
        while (end < n && isfinite(x[end]) && isfinite(lo[end]) && isfinite(hi[end]))
            end++;
        if (end > start) {
            fprintf(p->out,
                    "<polygon class=\"band\" clip-path=\"url(#%s-clip)\" fill=\"%s\" "
                    "points=\"",
                    p->id, svg_colour(colour));
            for (size_t i = start; i < end; i++)
                fprintf(p->out, "%.1f,%.1f ", px_x(p, x[i]), px_y(p, hi[i]));
            for (size_t i = end; i-- > start;)
                fprintf(p->out, "%.1f,%.1f%s", px_x(p, x[i]), px_y(p, lo[i]), i > start ? " " : "");
            fputs("\"/>\n", p->out);
        }
        start = end;
    }
}

void svg_plot_span(svg_plot *p, double x0, double x1, int colour, const char *class_name)
{
    double a = px_x(p, fmax(x0, p->x_min)), b = px_x(p, fmin(x1, p->x_max));
    if (!(b > a))
        return;
    fprintf(p->out,
            "<rect class=\"span %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\"/>\n",
            class_name, a, p->top, b - a, p->plot_h, svg_colour(colour));
}

void svg_plot_vline(svg_plot *p, double x, int colour, const char *class_name, int dashed)
{
    if (!isfinite(x) || x < p->x_min || x > p->x_max)
        return;
    double px = px_x(p, x);
    fprintf(p->out,
            "<line class=\"event %s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\"%s/>\n",
            class_name, px, p->top, px, p->top + p->plot_h, svg_colour(colour),
            dashed ? " stroke-dasharray=\"4 3\"" : "");
}

void svg_plot_histogram(svg_plot *p, const double *edges, const double *counts, size_t n_bins,
                        int colour, const char *label, int slot, int n_slots)
{
    char paint[64];
    snprintf(paint, sizeof paint, "fill=\"%s\"", svg_colour(colour));
    group_open(p, "series histogram", label, paint);
    add_legend(p, label, colour);
    for (size_t i = 0; i < n_bins; i++) {
        if (!(counts[i] > 0))
            continue;
        double a = px_x(p, edges[i]), b = px_x(p, edges[i + 1]);
        double w = (b - a) / (n_slots > 0 ? n_slots : 1);
        double top = px_y(p, counts[i]), bottom = px_y(p, fmax(0.0, p->y_min));
        fprintf(p->out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%g</title>"
                "</rect>\n",
                a + w * slot + 0.5, top, fmax(w - 1.0, 0.5), bottom - top, counts[i]);
    }
    fputs("</g>\n", p->out);
}
