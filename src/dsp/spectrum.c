/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Welch power spectral density with the definition of scipy.signal.welch (periodic Hann window,
 * constant detrend per segment, density scaling, mean over segments) and the dominant frequency in
 * a band. FFTW plans are made per call with FFTW_ESTIMATE; planning, array allocation and plan
 * destruction happen under the library's planner lock, only execution runs in parallel. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <fftw3.h>

#include "core/internal.h"
#include "gait/spectrum.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The resolved shape of one Welch computation. */
typedef struct welch_layout {
    size_t segment;  /* samples per segment, after cutting to the series length */
    size_t overlap;  /* samples shared by neighbouring segments, < segment */
    size_t fft;      /* FFT length >= segment */
    size_t step;     /* segment - overlap */
    size_t segments; /* number of whole segments in the series */
    size_t bins;     /* fft / 2 + 1 */
} welch_layout;

gait_welch_settings gait_welch_settings_default(void)
{
    /* overlap 0 means half of the segment as finally used, so a series shorter than 256 samples
     * gets scipy's nperseg = n, noverlap = n // 2 rather than an overlap error. */
    gait_welch_settings settings = {.segment_length = 256, .overlap = 0, .fft_length = 0};
    return settings;
}

/* Fill *layout from settings (NULL: defaults) for n >= 1 samples, or fail naming fn. */
static gait_status resolve_layout(const char *fn, const gait_welch_settings *settings, size_t n,
                                  welch_layout *layout)
{
    gait_welch_settings s = settings != NULL ? *settings : gait_welch_settings_default();
    if (s.segment_length == 0)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: segment_length must be >= 1", fn);
    size_t segment = s.segment_length < n ? s.segment_length : n;
    size_t overlap = s.overlap == 0 ? segment / 2 : s.overlap;
    if (overlap >= segment)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: overlap %zu must be below the segment length %zu (after cutting the "
                         "segment to the %zu-sample series)",
                         fn, overlap, segment, n);
    size_t fft = s.fft_length == 0 ? segment : s.fft_length;
    if (fft < segment)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: fft_length %zu must be >= the segment length %zu",
                         fn, fft, segment);
    if (fft > (size_t)INT_MAX || fft > SIZE_MAX / sizeof(fftw_complex))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: fft_length %zu exceeds FFTW's limit %d", fn, fft,
                         INT_MAX);
    layout->segment = segment;
    layout->overlap = overlap;
    layout->fft = fft;
    layout->step = segment - overlap;
    layout->segments = (n - overlap) / layout->step;
    layout->bins = fft / 2 + 1;
    return GAIT_OK;
}

size_t gait_welch_bins(const gait_welch_settings *settings, size_t n)
{
    gait_welch_settings s = settings != NULL ? *settings : gait_welch_settings_default();
    if (n == 0 || s.segment_length == 0)
        return 0;
    size_t segment = s.segment_length < n ? s.segment_length : n;
    size_t fft = s.fft_length == 0 ? segment : s.fft_length;
    return fft / 2 + 1;
}

static gait_status check_samples(const char *fn, const double *x, size_t n, double rate_hz)
{
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: rate_hz %g must be finite and > 0", fn, rate_hz);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "%s: sample %zu is %g (not finite); fill or cut gaps first", fn, i,
                             x[i]);
    }
    return GAIT_OK;
}

/* Welch's method over x[0..n-1] (all finite, rate valid) with the resolved layout; writes
 * layout->bins values into freq_hz and psd. */
static gait_status welch_compute(const char *fn, const double *x, double rate_hz,
                                 const welch_layout *layout, double *freq_hz, double *psd)
{
    const size_t segment = layout->segment;
    const size_t fft = layout->fft;
    const size_t bins = layout->bins;

    double *window = malloc(segment * sizeof *window);
    if (window == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: cannot allocate a %zu-sample window", fn, segment);

    /* FFTW documents only execution as thread-safe, so its allocator and planner run locked. */
    gait_fftw_planner_lock();
    double *in = fftw_malloc(fft * sizeof *in);
    fftw_complex *out = fftw_malloc(bins * sizeof *out);
    fftw_plan plan = NULL;
    if (in != NULL && out != NULL)
        plan = fftw_plan_dft_r2c_1d((int)fft, in, out, FFTW_ESTIMATE);
    gait_fftw_planner_unlock();

    gait_status status = GAIT_OK;
    if (in == NULL || out == NULL) {
        status = gait_fail(GAIT_E_NOMEM, "%s: cannot allocate FFT buffers of %zu samples", fn, fft);
    } else if (plan == NULL) {
        status =
            gait_fail(GAIT_E_INTERNAL, "%s: FFTW could not plan a real FFT of length %zu", fn, fft);
    } else {
        /* Periodic Hann (scipy.signal.get_window('hann', segment)); a 1-sample window is 1. */
        double window_power = 0.0;
        for (size_t j = 0; j < segment; j++) {
            window[j] =
                segment == 1 ? 1.0 : 0.5 - 0.5 * cos(2.0 * M_PI * (double)j / (double)segment);
            window_power += window[j] * window[j];
        }
        for (size_t b = 0; b < bins; b++)
            psd[b] = 0.0;
        for (size_t j = segment; j < fft; j++)
            in[j] = 0.0;

        for (size_t k = 0; k < layout->segments; k++) {
            const double *seg = x + k * layout->step;
            double sum = 0.0;
            for (size_t j = 0; j < segment; j++)
                sum += seg[j];
            double mean = sum / (double)segment;
            for (size_t j = 0; j < segment; j++)
                in[j] = (seg[j] - mean) * window[j];
            fftw_execute_dft_r2c(plan, in, out);
            for (size_t b = 0; b < bins; b++)
                psd[b] += out[b][0] * out[b][0] + out[b][1] * out[b][1];
        }

        /* Density scaling 1 / (fs * sum(w^2)); one-sided: double all but DC and, for an even FFT
         * length, the Nyquist bin. Then the mean over segments. */
        double scale = 1.0 / (rate_hz * window_power);
        size_t last_doubled = fft % 2 == 0 ? bins - 2 : bins - 1;
        for (size_t b = 0; b < bins; b++) {
            double value = psd[b] * scale;
            if (b >= 1 && b <= last_doubled)
                value *= 2.0;
            psd[b] = value / (double)layout->segments;
            freq_hz[b] = (double)b * rate_hz / (double)fft;
        }
    }

    gait_fftw_planner_lock();
    if (plan != NULL)
        fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(out);
    gait_fftw_planner_unlock();
    free(window);
    return status;
}

gait_status gait_welch(const double *x, size_t n, double rate_hz,
                       const gait_welch_settings *settings, double *freq_hz, double *psd,
                       size_t n_bins)
{
    static const char fn[] = "gait_welch";
    if (x == NULL || freq_hz == NULL || psd == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument (x, freq_hz or psd)", fn);
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "%s: empty input (0 samples)", fn);
    gait_status status = check_samples(fn, x, n, rate_hz);
    if (status != GAIT_OK)
        return status;
    welch_layout layout;
    status = resolve_layout(fn, settings, n, &layout);
    if (status != GAIT_OK)
        return status;
    if (n_bins != layout.bins)
        return gait_fail(GAIT_E_BUFFER_SIZE,
                         "%s: n_bins %zu differs from the %zu bins of this spectrum "
                         "(gait_welch_bins)",
                         fn, n_bins, layout.bins);
    return welch_compute(fn, x, rate_hz, &layout, freq_hz, psd);
}

/* The single zero-padded segment used when gait_dominant_frequency() gets no settings: the whole
 * series, FFT length the smallest power of two >= 8 n. */
static gait_status whole_series_layout(const char *fn, size_t n, welch_layout *layout)
{
    if (n > (size_t)INT_MAX / 8)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: %zu samples are too many to zero-pad 8x; pass Welch settings", fn, n);
    size_t fft = 1;
    while (fft < 8 * n)
        fft *= 2;
    if (fft > (size_t)INT_MAX || fft > SIZE_MAX / sizeof(fftw_complex))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: %zu samples are too many to zero-pad 8x; pass Welch settings", fn, n);
    layout->segment = n;
    layout->overlap = 0;
    layout->fft = fft;
    layout->step = n;
    layout->segments = 1;
    layout->bins = fft / 2 + 1;
    return GAIT_OK;
}

gait_status gait_dominant_frequency(const double *x, size_t n, double rate_hz, double band_low_hz,
                                    double band_high_hz, const gait_welch_settings *settings,
                                    double *frequency_hz)
{
    static const char fn[] = "gait_dominant_frequency";
    if (x == NULL || frequency_hz == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "%s: NULL argument (x or frequency_hz)", fn);
    if (n == 0)
        return gait_fail(GAIT_E_NO_DATA, "%s: empty input (0 samples)", fn);
    if (!gait_is_positive_finite(rate_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: rate_hz %g must be finite and > 0", fn, rate_hz);
    double nyquist = rate_hz / 2.0;
    if (!isfinite(band_low_hz) || !isfinite(band_high_hz) || band_low_hz < 0.0 ||
        band_high_hz > nyquist)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "%s: band [%g, %g] Hz must lie within [0, %g] Hz (0 to Nyquist)", fn,
                         band_low_hz, band_high_hz, nyquist);
    if (!(band_low_hz < band_high_hz))
        return gait_fail(GAIT_E_INVALID_ARG, "%s: band [%g, %g] Hz is empty (low must be < high)",
                         fn, band_low_hz, band_high_hz);
    gait_status status = check_samples(fn, x, n, rate_hz);
    if (status != GAIT_OK)
        return status;

    size_t varying = 1;
    while (varying < n && x[varying] == x[0])
        varying++;
    if (varying == n)
        return gait_fail(GAIT_E_NO_DATA, "%s: the series is constant (%g), so it has no power", fn,
                         x[0]);

    welch_layout layout;
    status = settings == NULL ? whole_series_layout(fn, n, &layout)
                              : resolve_layout(fn, settings, n, &layout);
    if (status != GAIT_OK)
        return status;

    double *freq = malloc(2 * layout.bins * sizeof *freq);
    if (freq == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: cannot allocate %zu spectrum bins", fn, layout.bins);
    double *psd = freq + layout.bins;
    status = welch_compute(fn, x, rate_hz, &layout, freq, psd);
    if (status != GAIT_OK) {
        free(freq);
        return status;
    }

    size_t best = SIZE_MAX;
    for (size_t b = 0; b < layout.bins; b++) {
        if (freq[b] < band_low_hz || freq[b] > band_high_hz)
            continue;
        if (best == SIZE_MAX || psd[b] > psd[best])
            best = b;
    }
    if (best == SIZE_MAX) {
        double spacing = rate_hz / (double)layout.fft;
        free(freq);
        return gait_fail(GAIT_E_NO_DATA,
                         "%s: no frequency bin lies within [%g, %g] Hz (bin spacing %g Hz)", fn,
                         band_low_hz, band_high_hz, spacing);
    }
    if (!(psd[best] > 0.0)) {
        free(freq);
        return gait_fail(GAIT_E_NO_DATA, "%s: no power within [%g, %g] Hz", fn, band_low_hz,
                         band_high_hz);
    }

    /* Parabola through the log power of the peak bin and its neighbours, when it is a local
     * maximum; the vertex moves at most half a bin. */
    double offset = 0.0;
    if (best > 0 && best + 1 < layout.bins && psd[best - 1] > 0.0 && psd[best + 1] > 0.0 &&
        psd[best] >= psd[best - 1] && psd[best] >= psd[best + 1]) {
        double left = log(psd[best - 1]);
        double centre = log(psd[best]);
        double right = log(psd[best + 1]);
        double curvature = left - 2.0 * centre + right;
        if (curvature < 0.0) {
            offset = 0.5 * (left - right) / curvature;
            if (offset > 0.5)
                offset = 0.5;
            else if (offset < -0.5)
                offset = -0.5;
        }
    }
    double frequency = ((double)best + offset) * rate_hz / (double)layout.fft;
    if (frequency < band_low_hz)
        frequency = band_low_hz;
    else if (frequency > band_high_hz)
        frequency = band_high_hz;
    *frequency_hz = frequency;
    free(freq);
    return GAIT_OK;
}
