/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One status enum for every failure in libgait, its text, and a thread-local detail message.
 *
 * Every function that can fail returns a gait_status. On failure it also leaves a one-line detail
 * message for the calling thread (naming the file, byte offset, field or argument at fault), read
 * with gait_last_error_detail(). The library never prints and never ends the process. */
#ifndef GAIT_STATUS_H
#define GAIT_STATUS_H

#include "gait/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gait_status {
    GAIT_OK = 0,
    GAIT_E_IO = 1,          /* a file could not be opened, read or written */
    GAIT_E_FORMAT = 2,      /* the input is malformed or truncated */
    GAIT_E_INVALID_ARG = 3, /* an argument is out of its documented range */
    GAIT_E_NOMEM = 4,       /* an allocation failed */
    GAIT_E_UNSUPPORTED = 5, /* valid input that libgait does not handle (named in the detail) */
    GAIT_E_NO_DATA = 6,     /* empty input, or nothing usable in it */
    GAIT_E_NUMERIC = 7,     /* a numerical method failed (singular system, unstable filter) */
    GAIT_E_BUFFER_SIZE = 8, /* a caller-provided buffer has the wrong size (query it first) */
    GAIT_E_INTERNAL = 9     /* a bug in libgait: please report it with the detail message */
} gait_status;

/* Number of gait_status values, for bindings that build a table. */
#define GAIT_STATUS_COUNT 10

/* Static English text for a status, e.g. "invalid argument". Never NULL; unknown codes give
 * "unknown status". */
GAIT_API const char *gait_strerror(gait_status status);

/* The detail message of the last failure on the calling thread, e.g.
 * "gait_butterworth_design: cutoff_hz 60 must be below the Nyquist frequency 50 Hz".
 * Thread-local storage owned by libgait, valid until the thread's next failing libgait call.
 * Empty string when no call has failed on this thread. */
GAIT_API const char *gait_last_error_detail(void);

/* Forget the calling thread's detail message. */
GAIT_API void gait_clear_error(void);

#ifdef __cplusplus
}
#endif

#endif
