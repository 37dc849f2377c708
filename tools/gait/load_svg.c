/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>

#include "load_svg.h"

/* Geometry of the viewBox, in user units. */
#define SVG_WIDTH   760.0
#define SVG_HEIGHT  380.0
#define PLOT_LEFT   60.0
#define PLOT_RIGHT  700.0
#define PLOT_TOP    66.0
#define PLOT_BOTTOM 320.0

#define COLOR_BAR       "#9ecae1"
#define COLOR_SPIKE     "#fd8d3c"
#define COLOR_ACWR_HIGH "#de2d26"
#define COLOR_ROLLING   "#08519c"
#define COLOR_EWMA      "#756bb1"

typedef struct chart {
    FILE *out;
    const gait_load *load;
    double distance_top_km; /* left axis 0 .. this */
    double distance_step_km;
    double acwr_top; /* right axis 0 .. this */
} chart;

static void write_escaped(FILE *out, const char *text)
{
    for (const char *c = text; *c != '\0'; c++) {
        switch (*c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            fputc((unsigned char)*c < 0x20 && *c != '\t' ? '?' : *c, out);
        }
    }
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about five ticks up to top. */
static double nice_step(double top)
{
    double raw = top / 5.0;
    double power = pow(10.0, floor(log10(raw)));
    double fraction = raw / power;
    return (fraction <= 1.0 ? 1.0 : fraction <= 2.0 ? 2.0 : fraction <= 5.0 ? 5.0 : 10.0) * power;
}

static void scale_axes(chart *c)
{
    double top_km = 0.0, top_acwr = 0.0;
    for (size_t w = 0; w < c->load->n_weeks; w++)
        top_km = fmax(top_km, c->load->weeks[w].distance_km);
    for (size_t k = 0; k < c->load->n_days; k++) {
        const gait_load_day *d = &c->load->days[k];
        if (isfinite(d->acwr_rolling))
            top_acwr = fmax(top_acwr, d->acwr_rolling);
        if (isfinite(d->acwr_ewma))
            top_acwr = fmax(top_acwr, d->acwr_ewma);
    }
    /* Headroom above the highest bar for its flag marker. */
    top_km = top_km > 0.0 ? 1.12 * top_km : 1.0;
    c->distance_step_km = nice_step(top_km);
    c->distance_top_km = ceil(top_km / c->distance_step_km) * c->distance_step_km;
    top_acwr = fmax(top_acwr, c->load->settings.acwr_threshold);
    c->acwr_top = fmax(2.0, ceil(top_acwr * 1.1 * 2.0) / 2.0);
}

static double y_of_km(const chart *c, double km)
{
    return PLOT_BOTTOM - km / c->distance_top_km * (PLOT_BOTTOM - PLOT_TOP);
}

static double y_of_acwr(const chart *c, double acwr)
{
    return PLOT_BOTTOM - acwr / c->acwr_top * (PLOT_BOTTOM - PLOT_TOP);
}

static double slot_width(const chart *c)
{
    return (PLOT_RIGHT - PLOT_LEFT) / (double)c->load->n_weeks;
}

static void write_axes(const chart *c)
{
    FILE *out = c->out;
    fprintf(out,
            "<g class=\"axes\" stroke=\"#444\" stroke-width=\"1\">"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
            PLOT_LEFT, PLOT_TOP, PLOT_LEFT, PLOT_BOTTOM, PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT,
            PLOT_BOTTOM, PLOT_RIGHT, PLOT_TOP, PLOT_RIGHT, PLOT_BOTTOM);
    fputs("<g class=\"ticks\" font-size=\"10\" fill=\"#444\">\n", out);
    for (double km = 0.0; km <= c->distance_top_km * (1.0 + 1e-9); km += c->distance_step_km) {
        double y = y_of_km(c, km);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                PLOT_LEFT, y, PLOT_RIGHT, y, PLOT_LEFT - 4.0, y + 3.5, km);
    }
    for (double a = 0.0; a <= c->acwr_top * (1.0 + 1e-9); a += 0.5)
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%.1f</text>\n", PLOT_RIGHT + 4.0,
                y_of_acwr(c, a) + 3.5, a);
    /* Week labels: at most one per 70 units. */
    size_t every = (size_t)ceil(70.0 / slot_width(c));
    for (size_t w = 0; w < c->load->n_weeks; w += every) {
        char date[GAIT_LOAD_DATE_CAPACITY];
        if (gait_load_format_date(c->load->weeks[w].start_day, date) != GAIT_OK)
            continue;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                PLOT_LEFT + ((double)w + 0.5) * slot_width(c), PLOT_BOTTOM + 14.0, date);
    }
    fprintf(out,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">"
            "ISO week (Monday start)</text>\n"
            "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
            "font-size=\"11\">weekly distance (km)</text>\n"
            "<text transform=\"translate(%.1f %.1f) rotate(90)\" text-anchor=\"middle\" "
            "font-size=\"11\">acute:chronic workload ratio</text>\n</g>\n",
            (PLOT_LEFT + PLOT_RIGHT) / 2.0, PLOT_BOTTOM + 34.0, (PLOT_TOP + PLOT_BOTTOM) / 2.0,
            SVG_WIDTH - 18.0, (PLOT_TOP + PLOT_BOTTOM) / 2.0);
}

static void write_bars(const chart *c)
{
    FILE *out = c->out;
    double slot = slot_width(c);
    fputs("<g class=\"bars\">\n", out);
    for (size_t w = 0; w < c->load->n_weeks; w++) {
        const gait_load_week *week = &c->load->weeks[w];
        int high = week->acwr_rolling_high || week->acwr_ewma_high;
        double x = PLOT_LEFT + (double)w * slot + 0.15 * slot;
        double y = y_of_km(c, week->distance_km);
        char date[GAIT_LOAD_DATE_CAPACITY] = "";
        gait_load_format_date(week->start_day, date);
        fprintf(out,
                "<rect class=\"bar%s%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                "fill=\"%s\"%s><title>%04d-W%02d from %s: %.1f km, %zu run%s",
                week->spike ? " spike" : "", high ? " acwr-high" : "", x, y, 0.7 * slot,
                PLOT_BOTTOM - y, week->spike ? COLOR_SPIKE : COLOR_BAR,
                high ? " stroke=\"" COLOR_ACWR_HIGH "\" stroke-width=\"2\"" : "",
                (int)week->iso_year, (int)week->iso_week, date, week->distance_km, week->n_runs,
                week->n_runs == 1 ? "" : "s");
        if (isfinite(week->change_pct))
            fprintf(out, ", %+.0f%% on the week before", week->change_pct);
        if (isfinite(week->acwr_rolling))
            fprintf(out, ", ACWR %.2f rolling, %.2f EWMA", week->acwr_rolling, week->acwr_ewma);
        fputs("</title></rect>\n", out);
        if (week->spike || high) {
            /* A downward triangle above the bar. */
            double cx = x + 0.35 * slot, top = y - 4.0;
            fprintf(out,
                    "<path class=\"flag-marker\" d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fZ\" "
                    "fill=\"%s\"><title>",
                    cx - 5.0, top - 8.0, cx + 5.0, top - 8.0, cx, top,
                    high ? COLOR_ACWR_HIGH : COLOR_SPIKE);
            if (week->spike)
                fprintf(out, "spike: %+.0f%% > %g%%%s", week->change_pct,
                        c->load->settings.spike_threshold_pct, high ? "; " : "");
            if (high)
                fprintf(out, "ACWR above %g", c->load->settings.acwr_threshold);
            fputs("</title></path>\n", out);
        }
    }
    fputs("</g>\n", out);
}

/* A daily ACWR series as one path, broken where it is NaN; nothing when it is NaN throughout. */
static void write_acwr_path(const chart *c, int ewma)
{
    FILE *out = c->out;
    double day_width = (PLOT_RIGHT - PLOT_LEFT) / (double)c->load->n_days;
    int open = 0, started = 0;
    for (size_t k = 0; k < c->load->n_days; k++) {
        double a = ewma ? c->load->days[k].acwr_ewma : c->load->days[k].acwr_rolling;
        if (!isfinite(a)) {
            open = 0;
            continue;
        }
        if (!started)
            fprintf(out,
                    "<path class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                    "d=\"",
                    ewma ? "acwr-ewma" : "acwr-rolling", ewma ? COLOR_EWMA : COLOR_ROLLING,
                    ewma ? " stroke-dasharray=\"5 3\"" : "");
        fprintf(out, "%s%.2f %.2f", open ? "L" : "M", PLOT_LEFT + ((double)k + 0.5) * day_width,
                y_of_acwr(c, fmin(a, c->acwr_top)));
        open = started = 1;
    }
    if (started)
        fprintf(out, "\"><title>%s ACWR (daily)</title></path>\n",
                ewma ? "EWMA" : "rolling 7/28-day");
}

static void write_legend(const chart *c, const char *title)
{
    FILE *out = c->out;
    fputs("<text x=\"60\" y=\"22\" font-size=\"14\" font-weight=\"bold\">", out);
    write_escaped(out, title != NULL ? title : "Weekly running load");
    fputs("</text>\n<g class=\"legend\" font-size=\"10\">\n", out);
    fprintf(out,
            "<rect class=\"legend\" x=\"60\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/>"
            "<text x=\"74\" y=\"41\">weekly km</text>\n"
            "<rect class=\"legend\" x=\"140\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/>"
            "<text x=\"154\" y=\"41\">spike &gt; %g%%</text>\n"
            "<rect class=\"legend\" x=\"240\" y=\"32\" width=\"10\" height=\"10\" fill=\"none\" "
            "stroke=\"%s\" stroke-width=\"2\"/><text x=\"254\" y=\"41\">ACWR &gt; %g</text>\n"
            "<line x1=\"340\" y1=\"37\" x2=\"360\" y2=\"37\" stroke=\"%s\" stroke-width=\"1.5\"/>"
            "<text x=\"364\" y=\"41\">rolling ACWR</text>\n"
            "<line x1=\"450\" y1=\"37\" x2=\"470\" y2=\"37\" stroke=\"%s\" stroke-width=\"1.5\" "
            "stroke-dasharray=\"5 3\"/><text x=\"474\" y=\"41\">EWMA ACWR</text>\n</g>\n",
            COLOR_BAR, COLOR_SPIKE, c->load->settings.spike_threshold_pct, COLOR_ACWR_HIGH,
            c->load->settings.acwr_threshold, COLOR_ROLLING, COLOR_EWMA);
}

int load_svg_write(FILE *out, const gait_load *load, const char *title, int xml_declaration)
{
    chart c = {.out = out, .load = load};
    scale_axes(&c);
    if (xml_declaration)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gait-load-chart\" "
            "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
            "font-family=\"sans-serif\" role=\"img\">\n"
            "<rect class=\"background\" width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
            SVG_WIDTH, SVG_HEIGHT, SVG_WIDTH, SVG_HEIGHT);
    write_legend(&c, title);
    write_axes(&c);
    write_bars(&c);
    double y = y_of_acwr(&c, load->settings.acwr_threshold);
    fprintf(out,
            "<line class=\"acwr-threshold\" x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" "
            "stroke=\"%s\" stroke-dasharray=\"2 3\"><title>ACWR %g</title></line>\n",
            PLOT_LEFT, y, PLOT_RIGHT, y, COLOR_ACWR_HIGH, load->settings.acwr_threshold);
    write_acwr_path(&c, 0);
    write_acwr_path(&c, 1);
    fputs("</svg>\n", out);
    return ferror(out) ? -1 : 0;
}
