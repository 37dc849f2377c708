/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a whole input file into memory: every reader parses from a buffer, so that reading from
 * a path and from memory share one code path. */
#ifndef GAIT_IO_FILE_H
#define GAIT_IO_FILE_H

#include <stddef.h>

#include "gait/status.h"

/* Read the whole file at path into a new malloc'd buffer (*bytes, *size; release with free()).
 * A regular file is read with one allocation of its size; pipes and other streams grow a buffer.
 * One extra byte is allocated past *size (set to 0) so text parsers may stop on it.
 * Errors: GAIT_E_IO (cannot open or read; the detail names path, function and errno text),
 * GAIT_E_NOMEM. */
gait_status gait_read_whole_file(const char *path, const char *function, void **bytes,
                                 size_t *size);

#endif
