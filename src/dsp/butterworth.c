/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Butterworth design by the bilinear transform, in the same steps and the same order of
 * floating-point operations as scipy.signal.butter, so that coefficients agree to rounding. Neither
 * GSL nor FFTW designs IIR filters, hence the few lines here. */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "gait/filter.h"

/* scipy's normalisation: frequencies in units of Nyquist, bilinear transform with fs = 2. */
#define BILINEAR_FS 2.0

/* Beyond this relative error in the pass-band gain, the (b, a) form no longer represents the
 * design. */
#define GAIN_TOLERANCE 1e-6

gait_filter_settings gait_filter_settings_default(void)
{
    gait_filter_settings settings = {
        .type = GAIT_FILTER_LOWPASS,
        .order = 2,
        .cutoff_hz = 15.0,
        .correct_for_passes = 0,
    };
    return settings;
}

double gait_winter_correction(int order, int n_passes)
{
    if (order < 1 || n_passes < 1)
        return NAN;
    return pow(pow(2.0, 1.0 / n_passes) - 1.0, 1.0 / (2.0 * order));
}

/* Coefficients of prod(x - roots[i]), highest power first, as numpy.poly builds them. */
static void poly_from_roots(const double complex *roots, int n_roots, double complex *coeffs)
{
    coeffs[0] = 1.0;
    for (int i = 1; i <= n_roots; i++)
        coeffs[i] = 0.0;
    for (int r = 0; r < n_roots; r++)
        for (int i = r + 1; i >= 1; i--)
            coeffs[i] = coeffs[i] - roots[r] * coeffs[i - 1];
}

/* Cutoff of one pass such that n_passes passes have their -3 dB point at cutoff_hz. */
static double corrected_cutoff_hz(const gait_filter_settings *settings, double rate_hz)
{
    double correction = gait_winter_correction(settings->order, 2);
    double warped = tan(M_PI * settings->cutoff_hz / rate_hz);
    warped = settings->type == GAIT_FILTER_LOWPASS ? warped / correction : warped * correction;
    return atan(warped) * rate_hz / M_PI;
}

static gait_status check_settings(const gait_filter_settings *settings, double rate_hz)
{
    if (settings == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_butterworth_design: settings is NULL");
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_butterworth_design: rate_hz %g must be finite and > 0", rate_hz);
    if (settings->type != GAIT_FILTER_LOWPASS && settings->type != GAIT_FILTER_HIGHPASS)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_butterworth_design: unknown filter type %d",
                         (int)settings->type);
    if (settings->order < 1 || settings->order > GAIT_BUTTERWORTH_MAX_ORDER)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_butterworth_design: order %d not in 1..%d",
                         settings->order, GAIT_BUTTERWORTH_MAX_ORDER);
    double nyquist_hz = rate_hz / 2.0;
    if (!gait_is_positive_finite(settings->cutoff_hz) || settings->cutoff_hz >= nyquist_hz)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_butterworth_design: cutoff_hz %g must be in (0, %g), below the "
                         "Nyquist frequency of rate_hz %g",
                         settings->cutoff_hz, nyquist_hz, rate_hz);
    return GAIT_OK;
}

/* Gain where the filter should pass unchanged: DC for a low-pass, Nyquist for a high-pass. */
static double passband_gain(const gait_butterworth *filter)
{
    double sign = 1.0, numerator = 0.0, denominator = 0.0;
    for (int i = 0; i <= filter->order; i++) {
        numerator += sign * filter->b[i];
        denominator += sign * filter->a[i];
        if (filter->type == GAIT_FILTER_HIGHPASS)
            sign = -sign;
    }
    return numerator / denominator;
}

gait_status gait_butterworth_design(const gait_filter_settings *settings, double rate_hz,
                                    gait_butterworth *filter)
{
    if (filter == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_butterworth_design: filter is NULL");
    gait_status status = check_settings(settings, rate_hz);
    if (status != GAIT_OK)
        return status;

    const int order = settings->order;
    double design_cutoff_hz =
        settings->correct_for_passes ? corrected_cutoff_hz(settings, rate_hz) : settings->cutoff_hz;
    double fs2 = 2.0 * BILINEAR_FS;
    double wn = design_cutoff_hz / (rate_hz / 2.0);
    double warped = 2.0 * BILINEAR_FS * tan(M_PI * wn / BILINEAR_FS);

    /* Analog prototype poles on the left unit half-circle; the middle one exactly real. */
    double complex poles[GAIT_BUTTERWORTH_MAX_ORDER], zeros[GAIT_BUTTERWORTH_MAX_ORDER];
    double complex gain = 1.0;
    for (int i = 0; i < order; i++) {
        int m = -order + 1 + 2 * i;
        poles[i] = -cexp(I * M_PI * m / (2.0 * order));
    }
    if (settings->type == GAIT_FILTER_LOWPASS) {
        for (int i = 0; i < order; i++) {
            poles[i] = warped * poles[i];
            gain *= warped;
        }
        double complex denominator = 1.0;
        for (int i = 0; i < order; i++)
            denominator *= fs2 - poles[i];
        gain = gain * creal(1.0 / denominator);
        for (int i = 0; i < order; i++) {
            zeros[i] = -1.0;
            poles[i] = (fs2 + poles[i]) / (fs2 - poles[i]);
        }
    } else {
        double complex minus_poles = 1.0;
        for (int i = 0; i < order; i++)
            minus_poles *= -poles[i];
        gain = creal(1.0 / minus_poles);
        double complex numerator = 1.0, denominator = 1.0;
        for (int i = 0; i < order; i++) {
            poles[i] = warped / poles[i];
            numerator *= fs2;
            denominator *= fs2 - poles[i];
        }
        gain = gain * creal(numerator / denominator);
        for (int i = 0; i < order; i++) {
            zeros[i] = 1.0;
            poles[i] = (fs2 + poles[i]) / (fs2 - poles[i]);
        }
    }

    double complex b[GAIT_BUTTERWORTH_MAX_ORDER + 1], a[GAIT_BUTTERWORTH_MAX_ORDER + 1];
    poly_from_roots(zeros, order, b);
    poly_from_roots(poles, order, a);

    memset(filter, 0, sizeof *filter);
    filter->type = settings->type;
    filter->order = order;
    filter->rate_hz = rate_hz;
    filter->cutoff_hz = settings->cutoff_hz;
    filter->design_cutoff_hz = design_cutoff_hz;
    for (int i = 0; i <= order; i++) {
        filter->b[i] = creal(gain * b[i]);
        filter->a[i] = creal(a[i]);
    }
    double passband = passband_gain(filter);
    if (!(fabs(passband - 1.0) <= GAIN_TOLERANCE))
        return gait_fail(GAIT_E_NUMERIC,
                         "gait_butterworth_design: order %d at %g Hz of %g Hz is unstable in "
                         "transfer-function form (pass-band gain %g); use a lower order",
                         order, design_cutoff_hz, rate_hz, passband);
    return GAIT_OK;
}
