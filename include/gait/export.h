/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Symbol visibility: only what is marked GAIT_API leaves the shared library. */
#ifndef GAIT_EXPORT_H
#define GAIT_EXPORT_H

#if defined(GAIT_BUILDING_LIBRARY) && defined(__GNUC__)
#define GAIT_API __attribute__((visibility("default")))
#else
#define GAIT_API
#endif

#endif
