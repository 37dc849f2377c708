/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Binding aid: the size of every public struct, by name, so that a foreign-function binding that
 * mirrors the structs (the Python package's ctypes.Structure classes, python/libgait/_structs.py)
 * can check its layouts against the compiled library. Not needed from C or C++. */
#ifndef GAIT_BINDING_H
#define GAIT_BINDING_H

#include <stddef.h>

#include "gait/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sizeof the public struct typedef called `name`, e.g. "gait_step"; 0 for NULL or an unknown
 * name. gait_struct_name() lists the names known, 0 <= i < count (NULL past the end). */
GAIT_API size_t gait_struct_size(const char *name);
GAIT_API const char *gait_struct_name(size_t i);

#ifdef __cplusplus
}
#endif

#endif
