/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>

#include <gsl/gsl_errno.h>

#include "core/internal.h"
#include "gait/version.h"

static pthread_once_t gait_gsl_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t gait_fftw_mutex = PTHREAD_MUTEX_INITIALIZER;

static void gait_gsl_setup_once(void)
{
    /* GSL's default handler ends the process; libgait reports through return codes instead. */
    gsl_set_error_handler_off();
}

void gait_gsl_setup(void)
{
    pthread_once(&gait_gsl_once, gait_gsl_setup_once);
}

void gait_fftw_planner_lock(void)
{
    pthread_mutex_lock(&gait_fftw_mutex);
}

void gait_fftw_planner_unlock(void)
{
    pthread_mutex_unlock(&gait_fftw_mutex);
}

int gait_is_positive_finite(double x)
{
    return isfinite(x) && x > 0.0;
}

const char *gait_version(void)
{
    return GAIT_VERSION_STRING;
}
