/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A handle's warnings (quirks met while reading or analysing): a bounded list that never
 * allocates, so that a hostile input cannot make it grow. The first GAIT_MAX_WARNINGS - 1
 * warnings are kept in full; the last slot then counts those dropped. */
#ifndef GAIT_CORE_WARNINGS_H
#define GAIT_CORE_WARNINGS_H

#include <stdarg.h>
#include <stddef.h>

#define GAIT_MAX_WARNINGS     16
#define GAIT_WARNING_CAPACITY 256

typedef struct gait_warnings {
    char text[GAIT_MAX_WARNINGS][GAIT_WARNING_CAPACITY];
    size_t count;
    size_t dropped;
} gait_warnings;

void gait_warn(gait_warnings *warnings, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void gait_vwarn(gait_warnings *warnings, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));

/* Warning i, or NULL when out of range (or warnings is NULL). */
const char *gait_warning(const gait_warnings *warnings, size_t i);

#endif
