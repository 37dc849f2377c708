/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>

#include "core/internal.h"

/* Room for a path, an offset and a field name. */
#define GAIT_DETAIL_CAPACITY 512

static _Thread_local char gait_detail[GAIT_DETAIL_CAPACITY];

static const char *const gait_status_text[GAIT_STATUS_COUNT] = {
    [GAIT_OK] = "success",
    [GAIT_E_IO] = "input/output error",
    [GAIT_E_FORMAT] = "malformed input",
    [GAIT_E_INVALID_ARG] = "invalid argument",
    [GAIT_E_NOMEM] = "out of memory",
    [GAIT_E_UNSUPPORTED] = "unsupported input",
    [GAIT_E_NO_DATA] = "no data",
    [GAIT_E_NUMERIC] = "numerical failure",
    [GAIT_E_BUFFER_SIZE] = "buffer size mismatch",
    [GAIT_E_INTERNAL] = "internal error",
};

const char *gait_strerror(gait_status status)
{
    if ((int)status < 0 || (int)status >= GAIT_STATUS_COUNT)
        return "unknown status";
    return gait_status_text[status];
}

const char *gait_last_error_detail(void)
{
    return gait_detail;
}

void gait_clear_error(void)
{
    gait_detail[0] = '\0';
}

gait_status gait_fail(gait_status status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(gait_detail, sizeof gait_detail, format, args);
    va_end(args);
    return status;
}
