/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libgait: running-gait analysis. Umbrella header; C and C++ alike.
 *
 * Conventions: SI units inside (m, s, N, N·m, rad), the unit in every public name, times on the
 * recording's own clock, NaN for missing samples. Every fallible call returns a gait_status; see
 * gait/status.h. */
#ifndef GAIT_GAIT_H
#define GAIT_GAIT_H

#include "gait/version.h"
#include "gait/status.h"
#include "gait/signal.h"
#include "gait/filter.h"
#include "gait/gapfill.h"
#include "gait/resample.h"
#include "gait/derivative.h"
#include "gait/spectrum.h"
#include "gait/c3d.h"
#include "gait/c3d_write.h"
#include "gait/forceplate.h"
#include "gait/c3d_plates.h"
#include "gait/simulate.h"
#include "gait/step.h"
#include "gait/analyze.h"
#include "gait/trc.h"
#include "gait/mot.h"
#include "gait/imu_csv.h"
#include "gait/csv.h"
#include "gait/imu.h"
#include "gait/kinematics.h"
#include "gait/kinetics.h"
#include "gait/binding.h"
#include "gait/load.h"

#endif
