/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The streaming IMU gait-event detector. The batch API (batch.c) runs this same code, so batch
 * and streaming results are identical whatever the chunk sizes.
 *
 * Pipeline per sample:
 * 1. Decimation: rates above PROCESS_MAX_HZ are averaged over D = ceil(rate / PROCESS_MAX_HZ)
 *    samples (a boxcar; its time is the block's centre). Everything below runs at rate / D.
 * 2. A ring buffer of the last RING_S of samples (6 floats each): the only large memory.
 * 3. Alignment (alignment.c) until it locks; samples wait in the ring meanwhile, so the first
 *    strides are analysed once the axes are known.
 * 4. Sagittal angular velocity w = gyr . right (toes-up / distal-end-forward positive) minus its
 *    bias (mean over the last BIAS_S of still samples), a causal 2nd-order 20 Hz Butterworth of
 *    it, and swing lobes: runs of the causal signal from above LOBE_ON down to 0 that last at
 *    least LOBE_MIN_S, at most LOBE_MAX_S, and peak above MIDSWING_MIN (mid-swing).
 * 5. At each lobe's end + MARGIN_S, the window [lobe start - PRE_S, lobe end + MARGIN_S] is
 *    filtered forward and backward (zero phase, gait_filtfilt_with_scratch: no allocation) at
 *    20 Hz (w20) and 40 Hz (w40), and:
 *    - the lobe is re-found on w20 (start and end = its zero crossings, linearly interpolated,
 *      mid-swing = its maximum);
 *    - TC of the stance before it = the minimum of w40 within TC_SEARCH_S before the lobe start
 *      (the toes-down rotation of push-off peaks at toe-off), refined by a parabola;
 *    - IC after it, two candidates: the lobe end (the first downward zero crossing of w20 after
 *      mid-swing: the foot stops rotating toes-up when the heel lands, walking) and the impact:
 *      within IMPACT_SEARCH_S of the lobe end, the onset of a landing spike of the acceleration
 *      along the segment's up axis (impact.c; the landing decelerates the segment upward); IC is
 *      half a sample before it.
 *    Constants tuned on gaitmap's walking sample (the 20/40 Hz cutoffs); the others are physical
 *    round numbers, validated on the ipol walks and the simulator.
 * 6. A stance is emitted when the next lobe's analysis gives its TC and the next IC: contact
 *    = TC - IC, stride = next IC - IC, swing = next IC - TC. Running (a flight phase) when the
 *    duty factor from the zero-crossing ICs, contact / stride, is below 0.5: the IC is then the
 *    impact when one was found (the zero crossing comes 10-40 ms early in running, and at foot
 *    flat for forefoot landings), else the zero crossing. A stance longer than MAX_STANCE_S or a
 *    lobe further than BOUT_GAP_S from the last one ends the bout: the stance is emitted with no
 *    TC, and the first lobe of a bout gives a step with only its TC (the toe-off that ends
 *    standing); both are incomplete.
 * 7. Foot strike angle (foot IMU): the sole's pitch at IC relative to the flat foot: the
 *    sagittal angular velocity integrated from IC to the start of the first still run after it
 *    (before TC), minus its mean over that still run (gyroscope bias), negated. Integrating only
 *    over this ~0.1 s keeps drift below a tenth of a degree, and the pitch is reset to the flat
 *    foot at each still run (the zero-velocity / gravity reset): no full orientation filter is
 *    needed for a sagittal angle. Pattern by GUIDE cut-offs: rearfoot > 8, forefoot < -1.6 deg.
 * Memory: at most ~56 KiB at any rate (ring 2.5 s at <= 500 Hz, three 1.4 s windows). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include "core/internal.h"
#include "gait/filter.h"
#include "imu/imu_internal.h"

#define PROCESS_MAX_HZ    500.0
#define RING_S            2.5
#define BIAS_S            10.0
#define LOBE_ON           (20.0 * M_PI / 180.0) /* a lobe starts above this, ends at 0 */
#define LOBE_MIN_S        0.10
#define LOBE_MAX_S        0.70
#define MIDSWING_MIN      (60.0 * M_PI / 180.0)
#define PRE_S             0.40
#define MARGIN_S          0.20
#define TC_SEARCH_S       0.30
#define IMPACT_SEARCH_S   0.10
#define LOW_CUTOFF_HZ     20.0
#define HIGH_CUTOFF_HZ    40.0
#define MAX_STANCE_S      1.5
#define BOUT_GAP_S        2.5
#define RUNNING_DUTY      0.5
#define REARFOOT_MIN_DEG  8.0
#define FOREFOOT_MAX_DEG  (-1.6)
#define MAX_INPUT_RATE_HZ 2000.0
#define WINDOW_S          (PRE_S + LOBE_MAX_S + MARGIN_S)

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A stance in progress: its IC candidates (in processed samples, fractional). */
typedef struct stance {
    int valid;
    double ic_cross, ic_impact; /* NaN when none */
} stance;

/* A swing lobe found by the causal detector, waiting for its analysis. */
typedef struct lobe {
    int valid;
    uint64_t start, end;
} lobe;

struct gait_stream {
    gait_imu_settings settings;
    unsigned decimation;
    double rate_hz; /* processing rate */
    double block[6];
    unsigned in_block;
    int block_bad;
    float *ring; /* 6 floats per sample */
    size_t capacity;
    uint64_t written; /* samples written so far */
    uint64_t cursor;  /* next sample for the causal detector */
    imu_alignment align;
    double right[3];
    double bias;        /* gyroscope bias along `right` (rad/s), from still samples */
    double bias_weight; /* how much still time it rests on */
    /* causal 20 Hz low-pass of w */
    gait_butterworth causal;
    double causal_state[2];
    int causal_primed;
    int in_lobe;
    uint64_t lobe_start;
    double lobe_peak;
    lobe due; /* the lobe waiting for MARGIN_S more samples */
    uint64_t last_lobe_end;
    int have_last_lobe;
    stance current; /* the stance after the last analysed lobe */
    double last_ic; /* the last emitted IC (processed samples), so steps come in time order */
    gait_imu_activity activity;
    /* zero-phase filters and their buffers */
    gait_butterworth low, high;
    int have_high;
    size_t window_capacity;
    double *w, *w_low, *w_high, *scratch;
    size_t scratch_size;
    /* finished steps */
    gait_step queue[GAIT_STREAM_QUEUE];
    size_t queue_head, queue_count, dropped;
    size_t bytes;
};

gait_imu_settings gait_imu_settings_default(void)
{
    gait_imu_settings s;
    memset(&s, 0, sizeof s);
    s.rate_hz = 0.0;
    s.t0_s = 0.0;
    s.placement = GAIT_IMU_FOOT;
    s.side = -1;
    s.use_mount = 0;
    s.sensor_to_segment[0] = s.sensor_to_segment[4] = s.sensor_to_segment[8] = 1.0;
    return s;
}

static double time_of(const gait_stream *s, double index)
{
    return s->settings.t0_s + (index * (double)s->decimation + 0.5 * (double)(s->decimation - 1)) /
                                  s->settings.rate_hz;
}

static const float *sample_at(const gait_stream *s, uint64_t index)
{
    return s->ring + 6 * (size_t)(index % s->capacity);
}

/* Sagittal angular velocity, bias removed. */
static double sagittal(const gait_stream *s, const float *x)
{
    return s->right[0] * x[3] + s->right[1] * x[4] + s->right[2] * x[5] - s->bias;
}

/* Track the gyroscope bias over still samples: an average over the last BIAS_S of still time
 * (a standing IMU's offset drifts slowly; a positive offset would merge standing into a swing
 * lobe). */
static void track_bias(gait_stream *s, const float *x)
{
    const double acc[3] = {x[0], x[1], x[2]}, gyr[3] = {x[3], x[4], x[5]};
    if (!imu_is_still(acc, gyr))
        return;
    double raw = s->right[0] * x[3] + s->right[1] * x[4] + s->right[2] * x[5];
    double cap = BIAS_S * s->rate_hz;
    s->bias_weight = fmin(s->bias_weight + 1.0, cap);
    s->bias += (raw - s->bias) / s->bias_weight;
}

/* Acceleration along the segment's up axis (the axis of a landing impact). */
static double acc_up(const gait_stream *s, const float *x)
{
    const double *z = s->align.sensor_to_segment + 6;
    return z[0] * x[0] + z[1] * x[1] + z[2] * x[2];
}

/* ---- creation ---- */

static gait_status check_settings(const gait_imu_settings *s)
{
    if (s == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_create: NULL settings");
    if (!(s->rate_hz > 0.0) || !(s->rate_hz <= MAX_INPUT_RATE_HZ))
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_stream_create: rate_hz %g must be > 0 and <= %g (decimate first)",
                         s->rate_hz, MAX_INPUT_RATE_HZ);
    if (!isfinite(s->t0_s))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_create: t0_s %g is not finite", s->t0_s);
    if (s->placement != GAIT_IMU_FOOT && s->placement != GAIT_IMU_SHANK)
        return gait_fail(GAIT_E_INVALID_ARG,
                         "gait_stream_create: placement %d is not foot or shank",
                         (int)s->placement);
    if (s->side < -1 || s->side > 1)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_create: side %d is not -1, 0 or 1",
                         s->side);
    if (s->use_mount) {
        /* a rotation: orthonormal rows, determinant +1 */
        const double *r = s->sensor_to_segment;
        double worst = 0.0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double d = r[3 * i] * r[3 * j] + r[3 * i + 1] * r[3 * j + 1] +
                           r[3 * i + 2] * r[3 * j + 2] - (i == j);
                worst = fmax(worst, fabs(d));
            }
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) +
                     r[2] * (r[3] * r[7] - r[4] * r[6]);
        if (!(worst < 1e-6) || !(det > 0.0))
            return gait_fail(GAIT_E_INVALID_ARG,
                             "gait_stream_create: sensor_to_segment is not a rotation");
    }
    return GAIT_OK;
}

gait_status gait_stream_create(const gait_imu_settings *settings, gait_stream **stream)
{
    if (stream == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_create: NULL stream");
    *stream = NULL;
    gait_status status = check_settings(settings);
    if (status != GAIT_OK)
        return status;
    gait_stream *s = calloc(1, sizeof *s);
    if (s == NULL)
        return gait_fail(GAIT_E_NOMEM, "gait_stream_create: out of memory");
    s->settings = *settings;
    s->decimation = (unsigned)ceil(settings->rate_hz / PROCESS_MAX_HZ - 1e-9);
    if (s->decimation < 1)
        s->decimation = 1;
    s->rate_hz = settings->rate_hz / s->decimation;
    s->capacity = (size_t)ceil(RING_S * s->rate_hz) + 1;
    s->window_capacity = (size_t)ceil(WINDOW_S * s->rate_hz) + 2;
    gait_filter_settings fs = gait_filter_settings_default();
    fs.order = 2;
    fs.cutoff_hz = fmin(LOW_CUTOFF_HZ, 0.45 * s->rate_hz);
    status = gait_butterworth_design(&fs, s->rate_hz, &s->low);
    if (status == GAIT_OK)
        status = gait_butterworth_design(&fs, s->rate_hz, &s->causal);
    fs.cutoff_hz = fmin(HIGH_CUTOFF_HZ, 0.45 * s->rate_hz);
    if (status == GAIT_OK)
        status = gait_butterworth_design(&fs, s->rate_hz, &s->high);
    s->scratch_size = gait_filtfilt_scratch_size(&s->low, s->window_capacity);
    s->ring = malloc(6 * s->capacity * sizeof *s->ring);
    s->w = malloc(3 * s->window_capacity * sizeof *s->w);
    s->scratch = malloc(s->scratch_size * sizeof *s->scratch);
    if (status == GAIT_OK && (s->ring == NULL || s->w == NULL || s->scratch == NULL))
        status = gait_fail(GAIT_E_NOMEM, "gait_stream_create: out of memory");
    if (status != GAIT_OK) {
        gait_stream_destroy(s);
        return status;
    }
    s->w_low = s->w + s->window_capacity;
    s->w_high = s->w + 2 * s->window_capacity;
    s->bytes = sizeof *s + 6 * s->capacity * sizeof *s->ring +
               3 * s->window_capacity * sizeof *s->w + s->scratch_size * sizeof *s->scratch;
    imu_alignment_init(&s->align, settings->placement, s->rate_hz);
    if (settings->use_mount) {
        memcpy(s->align.sensor_to_segment, settings->sensor_to_segment,
               sizeof s->align.sensor_to_segment);
        s->align.locked = 1;
        for (int i = 0; i < 3; i++)
            s->right[i] = -settings->sensor_to_segment[3 + i];
    }
    s->current.ic_cross = s->current.ic_impact = NAN;
    s->last_ic = -INFINITY;
    *stream = s;
    return GAIT_OK;
}

void gait_stream_destroy(gait_stream *stream)
{
    if (stream == NULL)
        return;
    free(stream->ring);
    free(stream->w);
    free(stream->scratch);
    free(stream);
}

size_t gait_stream_memory_bytes(const gait_stream *stream)
{
    return stream != NULL ? stream->bytes : 0;
}

size_t gait_stream_dropped_steps(const gait_stream *stream)
{
    return stream != NULL ? stream->dropped : 0;
}

gait_imu_activity gait_stream_activity(const gait_stream *stream)
{
    return stream != NULL ? stream->activity : GAIT_IMU_UNKNOWN;
}

int gait_stream_alignment(const gait_stream *stream, double sensor_to_segment[9])
{
    if (stream == NULL || !stream->align.locked)
        return 0;
    if (sensor_to_segment != NULL)
        memcpy(sensor_to_segment, stream->align.sensor_to_segment, 9 * sizeof(double));
    return 1;
}

/* ---- steps ---- */

static void blank(gait_step *step)
{
    memset(step, 0, sizeof *step);
    double *fields[] = {&step->ic_s,
                        &step->to_s,
                        &step->contact_time_s,
                        &step->flight_time_s,
                        &step->step_time_s,
                        &step->stride_time_s,
                        &step->swing_time_s,
                        &step->peak_vgrf_n,
                        &step->peak_vgrf_bw,
                        &step->impact_peak_bw,
                        &step->loading_rate_bw_s,
                        &step->instantaneous_loading_rate_bw_s,
                        &step->braking_impulse_bw_s,
                        &step->propulsive_impulse_bw_s,
                        &step->strike_index,
                        &step->foot_strike_angle_deg,
                        &step->ankle_inversion_moment_peak_nm_kg,
                        &step->ankle_eversion_moment_peak_nm_kg,
                        &step->ankle_plantarflexion_moment_peak_nm_kg,
                        &step->ankle_external_rotation_peak_deg,
                        &step->ankle_eversion_peak_deg,
                        &step->ankle_dorsiflexion_ic_deg,
                        &step->stride_length_m,
                        &step->speed_m_s};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = NAN;
    step->plate = -1;
    step->sensor = -1;
    step->strike_pattern = -1;
}

static void enqueue(gait_stream *s, const gait_step *step)
{
    if (s->queue_count == GAIT_STREAM_QUEUE) {
        s->dropped++;
        return; /* the oldest are kept: they are what the caller has not read yet */
    }
    s->queue[(s->queue_head + s->queue_count) % GAIT_STREAM_QUEUE] = *step;
    s->queue_count++;
}

gait_status gait_stream_pop_step(gait_stream *stream, gait_step *step)
{
    if (stream == NULL || step == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_pop_step: NULL argument");
    if (stream->queue_count == 0)
        return GAIT_E_NO_DATA; /* the normal "nothing yet": no detail needed */
    *step = stream->queue[stream->queue_head];
    stream->queue_head = (stream->queue_head + 1) % GAIT_STREAM_QUEUE;
    stream->queue_count--;
    return GAIT_OK;
}

/* Foot strike angle of a stance from IC to its first still run before TC (see step 7). */
static double strike_angle_deg(const gait_stream *s, double ic, double tc)
{
    if (s->settings.placement != GAIT_IMU_FOOT || !isfinite(ic) || !isfinite(tc) || !(tc > ic))
        return NAN;
    uint64_t oldest = s->written > s->capacity ? s->written - s->capacity : 0;
    uint64_t first = (uint64_t)ceil(ic), last = (uint64_t)floor(tc);
    if (first < oldest || last >= s->written)
        return NAN;
    const size_t min_run = (size_t)ceil(IMU_STILL_MIN_S * s->rate_hz);
    /* the first still run of min_run samples */
    uint64_t flat = 0;
    size_t run = 0;
    for (uint64_t k = first; k <= last && run < min_run; k++) {
        const float *x = sample_at(s, k);
        const double acc[3] = {x[0], x[1], x[2]}, gyr[3] = {x[3], x[4], x[5]};
        run = imu_is_still(acc, gyr) ? run + 1 : 0;
        if (run == min_run)
            flat = k + 1 - min_run;
    }
    if (run < min_run)
        return NAN;
    double bias = 0.0;
    for (uint64_t j = flat; j < flat + min_run; j++)
        bias += sagittal(s, sample_at(s, j));
    bias /= (double)min_run;
    /* pitch change from IC to flat: the fraction of a sample before `first`, then whole samples */
    double change = ((double)first - ic) * (sagittal(s, sample_at(s, first)) - bias);
    for (uint64_t j = first; j < flat; j++)
        change += sagittal(s, sample_at(s, j)) - bias;
    return -change / s->rate_hz * 180.0 / M_PI;
}

/* Emit the current stance with its TC (processed samples; NaN: none) and the next IC (NaN:
 * none). */
static void emit(gait_stream *s, double tc, double next_ic_cross, double next_ic_impact)
{
    if (!s->current.valid)
        return;
    stance *st = &s->current;
    double duty = (tc - st->ic_cross) / (next_ic_cross - st->ic_cross);
    int running = isfinite(duty) && duty < RUNNING_DUTY;
    if (isfinite(duty))
        s->activity = running ? GAIT_IMU_RUNNING : GAIT_IMU_WALKING;
    else
        running = s->activity == GAIT_IMU_RUNNING;
    int impacts = running && isfinite(st->ic_impact);
    double ic = impacts ? st->ic_impact : st->ic_cross;
    if (!(ic > s->last_ic)) {
        /* an IC at or before the last one (an impact found past a short next swing, in input
         * that is not gait): not a step */
        st->valid = 0;
        return;
    }
    s->last_ic = ic;
    /* a stride between ICs of one kind: impact to impact, else zero crossing to zero crossing */
    double stride = impacts && isfinite(next_ic_impact) ? next_ic_impact - st->ic_impact
                                                        : next_ic_cross - st->ic_cross;
    double next = ic + stride;
    gait_step step;
    blank(&step);
    step.side = s->settings.side;
    step.complete = isfinite(tc);
    step.ic_s = time_of(s, ic);
    if (isfinite(tc) && tc > ic) {
        step.to_s = time_of(s, tc);
        step.contact_time_s = step.to_s - step.ic_s;
    }
    if (isfinite(next) && next > ic) {
        step.stride_time_s = (next - ic) / s->rate_hz;
        if (isfinite(step.to_s))
            step.swing_time_s = (next - tc) / s->rate_hz;
    }
    if (s->settings.placement == GAIT_IMU_FOOT) {
        step.foot_strike_angle_deg = strike_angle_deg(s, ic, tc);
        double a = step.foot_strike_angle_deg;
        step.strike_pattern = !isfinite(a)           ? -1
                              : a > REARFOOT_MIN_DEG ? 0
                              : a < FOREFOOT_MAX_DEG ? 2
                                                     : 1;
    }
    enqueue(s, &step);
    st->valid = 0;
}

/* ---- window analysis ---- */

/* Linear interpolation of the zero crossing between samples i and i + 1 of x. */
static double crossing(const double *x, size_t i)
{
    double d = x[i] - x[i + 1];
    return d != 0.0 ? (double)i + x[i] / d : (double)i;
}

/* Analyse the lobe [start, end) (absolute samples) with the window around it. */
static void analyse(gait_stream *s, const lobe *l)
{
    double rate = s->rate_hz;
    uint64_t pre = (uint64_t)ceil(PRE_S * rate), post = (uint64_t)ceil(MARGIN_S * rate);
    uint64_t oldest = s->written > s->capacity ? s->written - s->capacity : 0;
    uint64_t a = l->start > pre ? l->start - pre : 0;
    if (a < oldest)
        a = oldest;
    uint64_t b = l->end + post;
    if (b > s->written)
        b = s->written;
    size_t n = (size_t)(b - a);
    if (n < 8 || n > s->window_capacity)
        return;
    for (size_t i = 0; i < n; i++) {
        s->w[i] = sagittal(s, sample_at(s, a + i));
        if (!isfinite(s->w[i]))
            return; /* a gap: no events from this window */
    }
    if (gait_filtfilt_with_scratch(&s->low, s->w, s->w_low, n, s->scratch, s->scratch_size) !=
            GAIT_OK ||
        gait_filtfilt_with_scratch(&s->high, s->w, s->w_high, n, s->scratch, s->scratch_size) !=
            GAIT_OK)
        return;
    /* the lobe on w_low: from the causal lobe's middle, out to the zero crossings */
    size_t mid = (size_t)((l->start + l->end) / 2 - a);
    if (mid >= n || !(s->w_low[mid] > 0.0)) {
        /* find the maximum within the causal lobe instead */
        size_t best = (size_t)(l->start - a);
        for (size_t i = (size_t)(l->start - a); i < (size_t)(l->end - a) && i < n; i++)
            if (s->w_low[i] > s->w_low[best])
                best = i;
        mid = best;
        if (mid >= n || !(s->w_low[mid] > 0.0))
            return;
    }
    size_t i0 = mid, i1 = mid;
    while (i0 > 0 && s->w_low[i0 - 1] > 0.0)
        i0--;
    while (i1 + 1 < n && s->w_low[i1 + 1] > 0.0)
        i1++;
    if (i0 == 0 || i1 + 1 >= n)
        return; /* the lobe runs off the window */
    size_t peak = i0;
    for (size_t i = i0; i <= i1; i++)
        if (s->w_low[i] > s->w_low[peak])
            peak = i;
    if (!(s->w_low[peak] > MIDSWING_MIN))
        return;
    double lobe_start = crossing(s->w_low, i0 - 1); /* window samples */
    double lobe_end = crossing(s->w_low, i1);
    /* TC: minimum of w_high within TC_SEARCH_S before the lobe start */
    double tc = NAN;
    size_t search = (size_t)ceil(TC_SEARCH_S * rate);
    size_t t1 = i0, t0 = i0 > search ? i0 - search : 1;
    size_t m = t0;
    for (size_t i = t0; i < t1; i++)
        if (s->w_high[i] < s->w_high[m])
            m = i;
    if (m > t0 && m + 1 < t1 && s->w_high[m] < 0.0) {
        double y0 = s->w_high[m - 1], y1 = s->w_high[m], y2 = s->w_high[m + 1];
        double denominator = y0 - 2.0 * y1 + y2;
        double shift = denominator > 0.0 ? 0.5 * (y0 - y2) / denominator : 0.0;
        tc = (double)a + (double)m + fmax(-0.5, fmin(0.5, shift));
    }
    /* IC candidates after this lobe */
    double ic_cross = (double)a + lobe_end;
    double ic_impact = NAN;
    size_t reach = (size_t)ceil(IMPACT_SEARCH_S * rate);
    size_t c = (size_t)lobe_end;
    size_t j0 = c > reach ? c - reach : 1, j1 = c + reach < n ? c + reach : n - 1;
    if (j0 <= peak)
        j0 = peak + 1;
    /* the impact's onset on the up acceleration (w_high is free again after the TC search) */
    for (size_t i = 0; i < n; i++)
        s->w_high[i] = acc_up(s, sample_at(s, a + i));
    size_t at = imu_impact_onset(s->w_high, n, j0, j1, rate);
    if (at != IMU_NO_IMPACT)
        ic_impact = (double)a + (double)at - 0.5;
    /* this lobe starts a new bout when the last one is far; its TC then belongs to nothing */
    uint64_t abs_start = a + (uint64_t)lobe_start;
    int new_bout =
        !s->have_last_lobe || (double)(abs_start - s->last_lobe_end) / rate > BOUT_GAP_S ||
        (s->current.valid && ((double)a + lobe_start - s->current.ic_cross) / rate > MAX_STANCE_S);
    if (new_bout) {
        emit(s, NAN, NAN, NAN);
        if (isfinite(tc)) {
            /* the toe-off that ends standing: a step with no IC in this bout */
            gait_step step;
            blank(&step);
            step.side = s->settings.side;
            step.to_s = time_of(s, tc);
            enqueue(s, &step);
        }
    } else {
        emit(s, tc, ic_cross, ic_impact);
    }
    s->current.valid = 1;
    s->current.ic_cross = ic_cross;
    s->current.ic_impact = ic_impact;
    s->have_last_lobe = 1;
    s->last_lobe_end = a + (uint64_t)lobe_end;
}

/* ---- per sample ---- */

/* The causal detector at the cursor. */
static void detect(gait_stream *s)
{
    const float *x = sample_at(s, s->cursor);
    track_bias(s, x);
    double w = sagittal(s, x);
    if (!isfinite(w)) {
        /* a gap ends the bout */
        emit(s, NAN, NAN, NAN);
        s->in_lobe = 0;
        s->causal_primed = 0;
        s->have_last_lobe = 0;
        s->due.valid = 0;
        s->cursor++;
        return;
    }
    const gait_butterworth *f = &s->causal;
    if (!s->causal_primed) {
        /* start in the steady state of the first value (unit DC gain): no start-up transient */
        s->causal_state[0] = w * (f->b[1] + f->b[2] - f->a[1] - f->a[2]);
        s->causal_state[1] = w * (f->b[2] - f->a[2]);
        s->causal_primed = 1;
    }
    double y = s->causal_state[0] + f->b[0] * w;
    s->causal_state[0] = s->causal_state[1] + f->b[1] * w - f->a[1] * y;
    s->causal_state[1] = f->b[2] * w - f->a[2] * y;
    uint64_t k = s->cursor++;
    if (y > 0.0 && (s->in_lobe || y > LOBE_ON)) {
        if (!s->in_lobe) {
            s->in_lobe = 1;
            s->lobe_start = k;
            s->lobe_peak = y;
        }
        s->lobe_peak = fmax(s->lobe_peak, y);
    } else if (s->in_lobe) {
        s->in_lobe = 0;
        double length = (double)(k - s->lobe_start) / s->rate_hz;
        if (length >= LOBE_MIN_S && length <= LOBE_MAX_S && s->lobe_peak > MIDSWING_MIN) {
            s->due.valid = 1;
            s->due.start = s->lobe_start;
            s->due.end = k;
        }
    }
    if (s->due.valid && s->cursor >= s->due.end + (uint64_t)ceil(MARGIN_S * s->rate_hz)) {
        lobe l = s->due;
        s->due.valid = 0;
        analyse(s, &l);
    }
}

/* One processed sample into the ring, then alignment and detection. */
static void process(gait_stream *s, const double x[6], int bad)
{
    float *slot = s->ring + 6 * (size_t)(s->written % s->capacity);
    for (int i = 0; i < 6; i++)
        slot[i] = bad ? NAN : (float)x[i];
    s->written++;
    if (!s->align.locked) {
        if (!bad && imu_alignment_update(&s->align, x, x + 3))
            for (int i = 0; i < 3; i++)
                s->right[i] = -s->align.sensor_to_segment[3 + i];
        if (!s->align.locked) {
            /* not aligned yet: keep what the ring holds, drop what falls out of it */
            uint64_t oldest = s->written > s->capacity ? s->written - s->capacity : 0;
            if (s->cursor < oldest)
                s->cursor = oldest;
            return;
        }
    }
    uint64_t oldest = s->written > s->capacity ? s->written - s->capacity : 0;
    if (s->cursor < oldest)
        s->cursor = oldest;
    while (s->cursor < s->written)
        detect(s);
}

gait_status gait_stream_push(gait_stream *stream, const double *samples, size_t n)
{
    if (stream == NULL || (samples == NULL && n > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_push: NULL argument");
    gait_stream *s = stream;
    for (size_t k = 0; k < n; k++) {
        const double *x = samples + 6 * k;
        for (int i = 0; i < 6; i++) {
            if (!isfinite(x[i]) || fabs(x[i]) > 1e6)
                s->block_bad = 1;
            s->block[i] += x[i];
        }
        if (++s->in_block < s->decimation)
            continue;
        double mean[6];
        for (int i = 0; i < 6; i++)
            mean[i] = s->block[i] / s->decimation;
        process(s, mean, s->block_bad);
        memset(s->block, 0, sizeof s->block);
        s->in_block = 0;
        s->block_bad = 0;
    }
    return GAIT_OK;
}

gait_status gait_stream_finish(gait_stream *stream)
{
    if (stream == NULL)
        return gait_fail(GAIT_E_INVALID_ARG, "gait_stream_finish: NULL stream");
    gait_stream *s = stream;
    /* a lobe still waiting for its margin is analysed with what there is */
    if (s->due.valid) {
        lobe l = s->due;
        s->due.valid = 0;
        analyse(s, &l);
    }
    emit(s, NAN, NAN, NAN);
    /* afresh: the next push starts a new bout after a gap */
    s->in_lobe = 0;
    s->causal_primed = 0;
    s->have_last_lobe = 0;
    memset(s->block, 0, sizeof s->block);
    s->in_block = 0;
    s->block_bad = 0;
    return GAIT_OK;
}
