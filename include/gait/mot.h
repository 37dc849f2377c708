/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: being written. */
#ifndef GAIT_MOT_H
#define GAIT_MOT_H

#include "gait/export.h"
#include "gait/status.h"

#endif
