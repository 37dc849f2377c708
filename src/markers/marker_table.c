/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "markers/marker_table.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static gait_status allocate(gait_marker_table *table, size_t n_markers, size_t n_frames)
{
    table->n_markers = n_markers;
    table->n_frames = n_frames;
    table->labels = calloc(n_markers, sizeof *table->labels);
    table->xyz_m = n_frames <= SIZE_MAX / 3 / sizeof(double) / n_markers
                       ? malloc(3 * n_markers * n_frames * sizeof *table->xyz_m)
                       : NULL;
    if (table->labels == NULL || table->xyz_m == NULL) {
        gait_marker_table_free(table);
        return gait_fail(GAIT_E_NOMEM, "marker table: out of memory for %zu markers x %zu frames",
                         n_markers, n_frames);
    }
    return GAIT_OK;
}

gait_status gait_marker_table_from_c3d(const gait_c3d *c3d, gait_marker_table *table)
{
    memset(table, 0, sizeof *table);
    gait_c3d_info info;
    gait_status status = gait_c3d_get_info(c3d, &info);
    if (status != GAIT_OK)
        return status;
    if (info.n_points == 0 || info.n_frames == 0 || !(info.point_rate_hz > 0.0))
        return gait_fail(GAIT_E_NO_DATA, "the C3D file has no marker trajectories");
    if ((status = allocate(table, info.n_points, info.n_frames)) != GAIT_OK)
        return status;
    table->rate_hz = info.point_rate_hz;
    table->t0_s = (double)(info.first_frame - 1) / info.point_rate_hz;
    for (size_t m = 0; m < info.n_points && status == GAIT_OK; m++) {
        double *xyz = table->xyz_m + 3 * m * info.n_frames;
        table->labels[m] = gait_c3d_point_label(c3d, m);
        status = gait_c3d_get_point(c3d, m, xyz, NULL);
        for (size_t k = 0; k < info.n_frames && status == GAIT_OK; k++)
            if (xyz[3 * k] == 0.0 && xyz[3 * k + 1] == 0.0 && xyz[3 * k + 2] == 0.0)
                xyz[3 * k] = xyz[3 * k + 1] = xyz[3 * k + 2] = NAN;
    }
    if (status != GAIT_OK)
        gait_marker_table_free(table);
    return status;
}

gait_status gait_marker_table_from_trc(const gait_trc *trc, gait_marker_table *table)
{
    memset(table, 0, sizeof *table);
    gait_trc_info info;
    gait_status status = gait_trc_get_info(trc, &info);
    if (status != GAIT_OK)
        return status;
    if (info.n_markers == 0 || info.n_frames == 0 || !(info.rate_hz > 0.0))
        return gait_fail(GAIT_E_NO_DATA, "the TRC file has no marker trajectories");
    if ((status = allocate(table, info.n_markers, info.n_frames)) != GAIT_OK)
        return status;
    table->rate_hz = info.rate_hz;
    /* The Time column is the clock a paired .mot uses. */
    table->t0_s = isfinite(info.start_time_s) ? info.start_time_s : 0.0;
    for (size_t m = 0; m < info.n_markers && status == GAIT_OK; m++) {
        table->labels[m] = gait_trc_marker_label(trc, m);
        status = gait_trc_get_marker(trc, m, table->xyz_m + 3 * m * info.n_frames);
    }
    if (status != GAIT_OK)
        gait_marker_table_free(table);
    return status;
}

void gait_marker_table_free(gait_marker_table *table)
{
    if (table == NULL)
        return;
    free(table->labels);
    free(table->xyz_m);
    memset(table, 0, sizeof *table);
}

const double *gait_marker_table_xyz(const gait_marker_table *table, long m)
{
    if (table == NULL || m < 0 || (size_t)m >= table->n_markers)
        return NULL;
    return table->xyz_m + 3 * (size_t)m * table->n_frames;
}

int gait_marker_table_find(const gait_marker_table *table, const char *label, size_t *index)
{
    for (size_t m = 0; table != NULL && m < table->n_markers; m++) {
        const char *stored = table->labels[m];
        if (stored == NULL)
            continue;
        const char *colon = strrchr(stored, ':');
        if (strcmp(stored, label) == 0 || (colon != NULL && strcmp(colon + 1, label) == 0)) {
            *index = m;
            return 1;
        }
    }
    return 0;
}
