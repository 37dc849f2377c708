/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "core/warnings.h"

void gait_vwarn(gait_warnings *warnings, const char *format, va_list args)
{
    if (warnings->count >= GAIT_MAX_WARNINGS - 1) {
        warnings->dropped++;
        snprintf(warnings->text[GAIT_MAX_WARNINGS - 1], GAIT_WARNING_CAPACITY,
                 "%zu further warning(s) not kept", warnings->dropped);
        warnings->count = GAIT_MAX_WARNINGS;
        return;
    }
    vsnprintf(warnings->text[warnings->count], GAIT_WARNING_CAPACITY, format, args);
    warnings->count++;
}

void gait_warn(gait_warnings *warnings, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    gait_vwarn(warnings, format, args);
    va_end(args);
}

const char *gait_warning(const gait_warnings *warnings, size_t i)
{
    if (warnings == NULL || i >= warnings->count)
        return NULL;
    return warnings->text[i];
}
