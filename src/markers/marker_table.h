/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every marker trajectory of a recording in one table, whatever file it came from (C3D points or
 * a TRC file), so that the ankle analysis reads C3D and OpenSim pairs the same way. */
#ifndef GAIT_MARKER_TABLE_H
#define GAIT_MARKER_TABLE_H

#include <stddef.h>

#include "gait/c3d.h"
#include "gait/status.h"
#include "gait/trc.h"

typedef struct gait_marker_table {
    size_t n_markers, n_frames;
    double rate_hz;
    double t0_s;         /* time of frame 0 on the recording's clock */
    const char **labels; /* n_markers, owned by the source handle (keep it open) */
    double *xyz_m;       /* marker m, frame k, axis a at [3 (m n_frames + k) + a]; NaN missing */
} gait_marker_table;

/* Read every point (C3D: a sample at exactly (0, 0, 0) counts as missing, as many writers store
 * gaps so). Errors: GAIT_E_NO_DATA (no marker or frame), GAIT_E_NOMEM. */
gait_status gait_marker_table_from_c3d(const gait_c3d *c3d, gait_marker_table *table);
gait_status gait_marker_table_from_trc(const gait_trc *trc, gait_marker_table *table);
void gait_marker_table_free(gait_marker_table *table);

/* Index of the first marker labelled `label`, also after a "Subject:" prefix of the stored label.
 * Returns 1 when found. */
int gait_marker_table_find(const gait_marker_table *table, const char *label, size_t *index);

/* Trajectory of marker m (3 n_frames doubles) or NULL for m < 0 or out of range. */
const double *gait_marker_table_xyz(const gait_marker_table *table, long m);

#endif
