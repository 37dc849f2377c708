/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the C3D builder (c3d_build.c) and writer (c3d_write.c). */
#ifndef GAIT_IO_C3D_WRITE_INTERNAL_H
#define GAIT_IO_C3D_WRITE_INTERNAL_H

/* 1 if the writer regenerates GROUP:NAME from the model (POINT:LABELS, ANALOG:SCALE2, EVENT:TIMES,
 * TRIAL:ACTUAL_START_FIELD, ...), so that it can be neither copied nor set. Case-insensitive. */
int c3d_param_is_regenerated(const char *group, const char *name);

/* 1 if the writer rebuilds GROUP:NAME from the parameters of the same name rather than copying it:
 * the regenerated ones and POINT/ANALOG:DESCRIPTIONS(n), which are re-split to the point and
 * channel counts. */
int c3d_param_is_rebuilt(const char *group, const char *name);

#endif
