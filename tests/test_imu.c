/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMU events against references: mocap events (gaitmap walking), manually checked footsteps
 * (ipol walking), the simulator's running truth (foot and shank), a force plate (Qualisys shank
 * accelerometers); and the streaming contract (chunking, memory, no allocation in push). */
#include <jansson.h>
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_runner.h"

#define MATCH_S 0.050

/* Reference events of one foot, seconds. */
typedef struct events {
    double t[256];
    size_t n;
} events;

/* Nearest detected time to each reference within MATCH_S: matched count, mean absolute and mean
 * signed (detected - reference) error in seconds. */
typedef struct match {
    size_t matched, total;
    double mae_s, bias_s;
} match;

static match match_within(const events *reference, const double *detected, size_t n_detected,
                          double window_s)
{
    match m = {0, reference->n, 0.0, 0.0};
    for (size_t r = 0; r < reference->n; r++) {
        double best = INFINITY;
        for (size_t d = 0; d < n_detected; d++)
            if (fabs(detected[d] - reference->t[r]) < fabs(best))
                best = detected[d] - reference->t[r];
        if (fabs(best) <= window_s) {
            m.matched++;
            m.mae_s += fabs(best);
            m.bias_s += best;
        }
    }
    if (m.matched > 0) {
        m.mae_s /= (double)m.matched;
        m.bias_s /= (double)m.matched;
    }
    return m;
}

static match match_events(const events *reference, const double *detected, size_t n_detected)
{
    return match_within(reference, detected, n_detected, MATCH_S);
}

/* IC and TO times of the trial's steps of one side (or of every step for side -1). */
static size_t side_times(const gait_trial *trial, int side, int which, double *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < gait_trial_step_count(trial) && n < cap; i++) {
        gait_step s;
        gait_trial_get_step(trial, i, &s);
        double t = which == 0 ? s.ic_s : s.to_s;
        if ((side < 0 || s.side == side) && isfinite(t))
            out[n++] = t;
    }
    return n;
}

static gait_trial *analyze_imu_file(const char *path, const gait_imu_csv_settings *csv_settings,
                                    gait_imu_placement placement, int side)
{
    gait_imu_csv *csv = NULL;
    test_assert_ok(gait_imu_csv_open(path, csv_settings, &csv), path);
    gait_analyze_imu_settings settings = gait_analyze_imu_settings_default();
    settings.placement = placement;
    settings.side = side;
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_imu(csv, &settings, &trial), "gait_analyze_imu");
    gait_imu_csv_close(csv);
    return trial;
}

/* gaitmap's walking sample against its mocap events (stride_events_sample.csv: ic, tc in samples
 * at 204.8 Hz). */
START_TEST(gaitmap_walking)
{
    if (test_skip_without_shared_file("gaitmap", "gaitmap-foot-imu-walk/imu_sample.csv"))
        return;
    const double rate = 204.8;
    char path[TEST_PATH_CAPACITY];
    gait_imu_csv_settings cs = gait_imu_csv_settings_default();
    cs.rate_hz = rate;
    gait_trial *trial = analyze_imu_file(
        test_shared_path(path, "gaitmap-foot-imu-walk/imu_sample.csv"), &cs, GAIT_IMU_FOOT, -1);
    events ic[2] = {{{0}, 0}, {{0}, 0}}, tc[2] = {{{0}, 0}, {{0}, 0}};
    FILE *f = test_open_shared("gaitmap-foot-imu-walk/stride_events_sample.csv");
    char line[512];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        int id;
        char foot[16];
        double start, end, t_ic, t_tc;
        if (sscanf(line, "%d,%15[^,],%lf,%lf,%lf,%lf", &id, foot, &start, &end, &t_ic, &t_tc) != 6)
            continue;
        int side = strcmp(foot, "left") == 0 ? 1 : 0;
        ic[side].t[ic[side].n++] = t_ic / rate;
        tc[side].t[tc[side].n++] = t_tc / rate;
    }
    fclose(f);
    ck_assert_uint_eq(ic[0].n + ic[1].n, 57);
    size_t matched_ic = 0, matched_tc = 0;
    for (int side = 0; side < 2; side++) {
        double got[512];
        size_t n_ic = side_times(trial, side, 0, got, 512);
        match mi = match_events(&ic[side], got, n_ic);
        size_t n_tc = side_times(trial, side, 1, got, 512);
        match mt = match_events(&tc[side], got, n_tc);
        fprintf(stderr,
                "gaitmap %s foot: IC %zu/%zu matched, MAE %.1f ms, bias %+.1f ms; TC %zu/%zu, "
                "MAE %.1f ms, bias %+.1f ms (detected %zu IC, %zu TC)\n",
                side ? "left" : "right", mi.matched, mi.total, 1e3 * mi.mae_s, 1e3 * mi.bias_s,
                mt.matched, mt.total, 1e3 * mt.mae_s, 1e3 * mt.bias_s, n_ic, n_tc);
        ck_assert_double_le(mi.mae_s, 0.010);
        ck_assert_double_le(mt.mae_s, 0.010);
        matched_ic += mi.matched;
        matched_tc += mt.matched;
    }
    ck_assert_uint_ge(matched_ic, 56);
    ck_assert_uint_ge(matched_tc, 56);
    gait_trial_free(trial);
}
END_TEST

/* ipol: three trials, both feet; events [foot-off, foot-strike] per footstep, manually checked.
 * Their events come from IMU algorithms (Voisard et al. 2023) with their own definitions, which
 * sit some 20-45 ms later than the mocap-referenced ones of gaitmap; recall is therefore counted
 * as detection of each reference event by a detected one within IPOL_DETECT_S (a quarter of a
 * step), and the timing (MAE, bias) is reported, as the issue asks. The footsteps counted are
 * those of the trial (within TrialBoundaries: the walk, its turn included); the json also lists
 * steps before and after it, reported separately. */
#define IPOL_DETECT_S 0.100
START_TEST(ipol_walking)
{
    static const char *const trials[] = {"1-1", "5-2", "12-1"};
    if (test_skip_without_shared_file("ipol", "ipol-foot-imu-walk/1-1.json"))
        return;
    size_t total = 0, found = 0, found_50 = 0, outside = 0;
    for (size_t k = 0; k < 3; k++) {
        char path[TEST_PATH_CAPACITY], name[64];
        snprintf(name, sizeof name, "ipol-foot-imu-walk/%s.json", trials[k]);
        json_error_t error;
        json_t *root = json_load_file(test_shared_path(path, name), 0, &error);
        ck_assert_msg(root != NULL, "%s: %s", name, error.text);
        for (int side = 0; side < 2; side++) {
            snprintf(name, sizeof name, "ipol-foot-imu-walk/%s_%s.txt", trials[k],
                     side ? "lf" : "rf");
            gait_imu_csv_settings cs = gait_imu_csv_settings_default();
            cs.gyr_unit = GAIT_IMU_GYR_RAD_S;
            gait_trial *trial =
                analyze_imu_file(test_shared_path(path, name), &cs, GAIT_IMU_FOOT, side);
            json_t *list = json_object_get(root, side ? "LeftFootEvents" : "RightFootEvents");
            json_t *bounds = json_object_get(root, "TrialBoundaries");
            double from = json_number_value(json_array_get(bounds, 0));
            double to = json_number_value(json_array_get(bounds, 1));
            events off = {{0}, 0}, strike = {{0}, 0};
            for (size_t i = 0; i < json_array_size(list) && off.n < 256; i++) {
                json_t *pair = json_array_get(list, i);
                double a = json_number_value(json_array_get(pair, 0));
                double b = json_number_value(json_array_get(pair, 1));
                if (a < from || b > to) {
                    outside++;
                    continue;
                }
                off.t[off.n++] = a / 100.0;
                strike.t[strike.n++] = b / 100.0;
            }
            double ics[512], tos[512];
            size_t n_ic = side_times(trial, side, 0, ics, 512);
            size_t n_to = side_times(trial, side, 1, tos, 512);
            match mt = match_within(&off, tos, n_to, IPOL_DETECT_S);
            match mi = match_within(&strike, ics, n_ic, IPOL_DETECT_S);
            fprintf(stderr,
                    "ipol %s %s foot: foot strikes %zu/%zu, MAE %.1f ms, bias %+.1f ms; foot-offs "
                    "%zu/%zu, MAE %.1f ms, bias %+.1f ms\n",
                    trials[k], side ? "left" : "right", mi.matched, mi.total, 1e3 * mi.mae_s,
                    1e3 * mi.bias_s, mt.matched, mt.total, 1e3 * mt.mae_s, 1e3 * mt.bias_s);
            total += mi.total + mt.total;
            found += mi.matched + mt.matched;
            found_50 +=
                match_events(&off, tos, n_to).matched + match_events(&strike, ics, n_ic).matched;
            gait_trial_free(trial);
        }
        json_decref(root);
    }
    fprintf(stderr,
            "ipol: recall %.1f %% of %zu reference events within %.0f ms (%.1f %% within %.0f "
            "ms); %zu footsteps outside the trials not counted\n",
            100.0 * (double)found / (double)total, total, 1e3 * IPOL_DETECT_S,
            100.0 * (double)found_50 / (double)total, 1e3 * MATCH_S, outside);
    ck_assert_double_ge((double)found / (double)total, 0.98);
}
END_TEST

/* Running_0002.c3d: accelerometers of the Delsys sensors on the shank muscles (channels
 * "CHn - XX_ACC_X/Y/Z", in g, at the analog rate) against the plate's contact in the same file.
 * The target is IC within 10 ms; the file's accelerometer channels turn out to update
 * in steps of ~7 ms and to lag the force by over 100 ms (a wireless-EMG latency the file does
 * not correct), so the test asserts what the data allow: every impact found lies inside the
 * plate stance (none in the swing), at least one sensor finds it, and the differences are
 * reported. */
START_TEST(qualisys_shank_accelerometers)
{
    static const char *const muscles[] = {"TA", "PL", "GL", "GM", "SO"};
    const char *file = "pyorerun-running-c3d/Running_0002.c3d";
    if (test_skip_without_shared_file("Running_0002", file))
        return;
    gait_c3d *c3d = test_open_shared_c3d(file);
    gait_trial *trial = NULL;
    test_assert_ok(gait_analyze_c3d(c3d, NULL, &trial), "analyze");
    gait_step stance;
    test_assert_ok(gait_trial_get_step(trial, 0, &stance), "stance");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    size_t n = info.n_frames * info.analog_samples_per_frame;
    double *acc = malloc(3 * n * sizeof *acc), *column = malloc(n * sizeof *column);
    double t0 = (double)(info.first_frame - 1) / info.point_rate_hz;
    size_t inside = 0, total = 0;
    for (size_t m = 0; m < 5; m++) {
        for (int axis = 0; axis < 3; axis++) {
            char label[64];
            size_t index;
            snprintf(label, sizeof label, "CH%zu - %s_ACC_%c", m + 7, muscles[m], "XYZ"[axis]);
            test_assert_ok(gait_c3d_find_analog(c3d, label, &index), label);
            test_assert_ok(gait_c3d_get_analog(c3d, index, column), label);
            for (size_t k = 0; k < n; k++)
                acc[3 * k + (size_t)axis] = column[k] * GAIT_STANDARD_GRAVITY_MPS2;
        }
        double times[16];
        size_t found = 0;
        test_assert_ok(gait_imu_impacts(acc, n, info.analog_rate_hz, t0, times, 16, &found),
                       "impacts");
        double first = found > 0 ? times[0] : NAN;
        fprintf(stderr,
                "Running_0002 %s accelerometer: %zu impacts, first at %.4f s; plate IC %.4f s, "
                "TO %.4f s: IC difference %+.1f ms\n",
                muscles[m], found, first, stance.ic_s, stance.to_s, 1e3 * (first - stance.ic_s));
        for (size_t k = 0; k < found && k < 16; k++)
            inside += times[k] >= stance.ic_s && times[k] <= stance.to_s;
        total += found;
    }
    ck_assert_uint_ge(inside, 1);
    ck_assert_uint_eq(inside, total);
    free(acc), free(column);
    gait_trial_free(trial);
    gait_c3d_close(c3d);
}
END_TEST

/* ---- the simulator ---- */

/* Simulated running, right foot or shank IMU with noise: events, foot strike angle, pattern and
 * cadence against the truth. */
static void simulated(gait_strike_pattern strike, double speed_mps, gait_imu_placement placement,
                      const double mount_zyx_deg[3])
{
    gait_sim_settings s = gait_sim_settings_default();
    s.strike = strike;
    s.speed_mps = speed_mps;
    s.n_steps = 40;
    s.mode = GAIT_SIM_TREADMILL;
    s.imu_rate_hz = 500.0;
    for (int i = 0; i < 3; i++)
        s.imu_mount_zyx_deg[i] = mount_zyx_deg[i];
    gait_sim *sim = NULL;
    test_assert_ok(gait_sim_run(&s, &sim), "gait_sim_run");
    size_t n = gait_sim_imu_samples(sim);
    double *acc = malloc(3 * n * sizeof *acc), *gyr = malloc(3 * n * sizeof *gyr);
    test_assert_ok(gait_sim_get_imu(
                       sim, placement == GAIT_IMU_SHANK ? GAIT_SIM_SHANK : GAIT_SIM_FOOT, acc, gyr),
                   "imu");
    gait_imu_settings is = gait_imu_settings_default();
    is.rate_hz = s.imu_rate_hz;
    is.placement = placement;
    is.side = 0;
    gait_step *steps = NULL;
    size_t n_steps = 0;
    test_assert_ok(gait_imu_steps(acc, gyr, n, &is, &steps, &n_steps), "gait_imu_steps");
    double worst_ic = 0, worst_to = 0, worst_fsa = 0;
    size_t compared = 0, pattern_right = 0, with_fsa = 0;
    double stride_sum = 0;
    size_t n_strides = 0;
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_sim_get_step(sim, k, &truth);
        if (truth.side != 0)
            continue;
        const gait_step *best = NULL;
        for (size_t j = 0; j < n_steps; j++)
            if (fabs(steps[j].ic_s - truth.ic_s) < 0.05)
                best = &steps[j];
        if (best == NULL)
            continue;
        compared++;
        worst_ic = fmax(worst_ic, fabs(best->ic_s - truth.ic_s));
        worst_to = fmax(worst_to, fabs(best->to_s - truth.to_s));
        if (placement == GAIT_IMU_FOOT) {
            with_fsa++;
            worst_fsa =
                fmax(worst_fsa, fabs(best->foot_strike_angle_deg - truth.foot_strike_angle_deg));
            pattern_right += best->strike_pattern == (int)truth.pattern;
        }
        if (isfinite(best->stride_time_s)) {
            stride_sum += best->stride_time_s;
            n_strides++;
        }
    }
    size_t right_steps = 0;
    for (size_t k = 0; k < gait_sim_step_count(sim); k++) {
        gait_sim_step truth;
        gait_sim_get_step(sim, k, &truth);
        right_steps += truth.side == 0;
    }
    double cadence = n_strides ? 120.0 / (stride_sum / (double)n_strides) : NAN;
    fprintf(stderr,
            "simulated %s IMU, strike %d, %.1f m/s, mount (%g, %g, %g) deg: %zu of %zu right "
            "stances; IC error <= %.1f ms, TO <= %.1f ms, FSA <= %.2f deg, pattern %zu/%zu, "
            "cadence %.2f (truth %.1f)\n",
            placement == GAIT_IMU_SHANK ? "shank" : "foot", (int)strike, speed_mps,
            mount_zyx_deg[0], mount_zyx_deg[1], mount_zyx_deg[2], compared, right_steps,
            1e3 * worst_ic, 1e3 * worst_to, worst_fsa, pattern_right, with_fsa, cadence,
            s.cadence_steps_per_min);
    /* every stance but the ones the bout's ends cut */
    ck_assert_uint_ge(compared + 2, right_steps);
    ck_assert_double_le(worst_ic, 0.005);
    ck_assert_double_le(worst_to, 0.005);
    if (placement == GAIT_IMU_FOOT) {
        ck_assert_double_le(worst_fsa, 2.0);
        ck_assert_double_ge((double)pattern_right, 0.95 * (double)with_fsa);
    }
    ck_assert_double_le(fabs(cadence - s.cadence_steps_per_min), 0.5);
    gait_imu_steps_free(steps);
    free(acc), free(gyr);
    gait_sim_close(sim);
}

START_TEST(simulated_foot)
{
    static const double square[3] = {0, 0, 0}, tilted[3] = {30, -20, 15};
    for (int strike = 0; strike < 3; strike++) {
        simulated((gait_strike_pattern)strike, 3.5, GAIT_IMU_FOOT, square);
        simulated((gait_strike_pattern)strike, strike == 1 ? 2.5 : 5.0, GAIT_IMU_FOOT, tilted);
    }
}
END_TEST

/* Shank: rearfoot and midfoot landings. (Forefoot landings are left out: the simulator's shank,
 * derived from foot pitch and ankle angles, decelerates at up to 10 g along its axis just before
 * a forefoot IC, which buries the 1.5 g impact; the closing note of issue 7 reports it.) */
START_TEST(simulated_shank)
{
    static const double square[3] = {0, 0, 0}, tilted[3] = {-25, 10, 5};
    for (int strike = 0; strike < 2; strike++) {
        simulated((gait_strike_pattern)strike, 3.5, GAIT_IMU_SHANK, square);
        simulated((gait_strike_pattern)strike, strike ? 2.5 : 5.0, GAIT_IMU_SHANK, tilted);
    }
}
END_TEST

/* ---- streaming ---- */

/* A simulated run's right foot IMU: acc and gyr (3 n each) and interleaved samples (6 n). */
typedef struct sim_imu {
    gait_sim *sim;
    size_t n;
    double *acc, *gyr, *samples;
} sim_imu;

static sim_imu sim_imu_run(const gait_sim_settings *s)
{
    sim_imu r = {NULL, 0, NULL, NULL, NULL};
    test_assert_ok(gait_sim_run(s, &r.sim), "gait_sim_run");
    r.n = gait_sim_imu_samples(r.sim);
    r.acc = malloc(3 * r.n * sizeof *r.acc);
    r.gyr = malloc(3 * r.n * sizeof *r.gyr);
    r.samples = malloc(6 * r.n * sizeof *r.samples);
    test_assert_ok(gait_sim_get_imu(r.sim, GAIT_SIM_FOOT, r.acc, r.gyr), "imu");
    for (size_t k = 0; k < r.n; k++)
        for (int a = 0; a < 3; a++) {
            r.samples[6 * k + (size_t)a] = r.acc[3 * k + (size_t)a];
            r.samples[6 * k + 3 + (size_t)a] = r.gyr[3 * k + (size_t)a];
        }
    return r;
}

/* The same steps whatever the chunks: one sample at a time, 64 at a time, random sizes. */
START_TEST(stream_chunking)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.n_steps = 30;
    s.mode = GAIT_SIM_TREADMILL;
    sim_imu run = sim_imu_run(&s);
    gait_sim *sim = run.sim;
    size_t n = run.n;
    double *acc = run.acc, *gyr = run.gyr, *samples = run.samples;
    gait_imu_settings is = gait_imu_settings_default();
    is.rate_hz = s.imu_rate_hz;
    is.side = 0;
    gait_step *batch = NULL;
    size_t n_batch = 0;
    test_assert_ok(gait_imu_steps(acc, gyr, n, &is, &batch, &n_batch), "batch");
    ck_assert_uint_ge(n_batch, 12);
    uint32_t seed = 12345;
    double worst_latency = 0.0;
    for (int mode = 0; mode < 3; mode++) {
        gait_stream *stream = NULL;
        test_assert_ok(gait_stream_create(&is, &stream), "create");
        ck_assert_uint_le(gait_stream_memory_bytes(stream), 65536);
        size_t got = 0;
        for (size_t k = 0; k < n;) {
            size_t chunk = mode == 0   ? 1
                           : mode == 1 ? 64
                                       : 1 + (seed = seed * 1664525u + 1013904223u) % 300;
            if (chunk > n - k)
                chunk = n - k;
            test_assert_ok(gait_stream_push(stream, samples + 6 * k, chunk), "push");
            k += chunk;
            gait_step step;
            while (gait_stream_pop_step(stream, &step) == GAIT_OK) {
                ck_assert_uint_lt(got, n_batch);
                ck_assert_int_eq(memcmp(&step, &batch[got], sizeof step), 0);
                /* latency: out within a stride of its toe-off (chunks of one sample: exact) */
                double now = (double)k / s.imu_rate_hz;
                if (mode == 0 && isfinite(step.stride_time_s))
                    worst_latency = fmax(worst_latency, (now - step.to_s) / step.stride_time_s);
                got++;
            }
        }
        test_assert_ok(gait_stream_finish(stream), "finish");
        gait_step step;
        while (gait_stream_pop_step(stream, &step) == GAIT_OK) {
            ck_assert_uint_lt(got, n_batch);
            ck_assert_int_eq(memcmp(&step, &batch[got], sizeof step), 0);
            got++;
        }
        ck_assert_uint_eq(got, n_batch);
        gait_stream_destroy(stream);
    }
    fprintf(stderr, "stream latency: steps out at most %.2f strides after their toe-off\n",
            worst_latency);
    ck_assert_double_le(worst_latency, 1.0);
    gait_imu_steps_free(batch);
    free(acc), free(gyr), free(samples);
    gait_sim_close(sim);
}
END_TEST

/* push() allocates nothing: the heap's in-use bytes (glibc mallinfo2) stay the same over a whole
 * recording pushed in 7-sample chunks. (Under ASan, which has its own allocator, this measures
 * nothing; the release build runs it for real.) */
START_TEST(stream_push_does_not_allocate)
{
    gait_sim_settings s = gait_sim_settings_default();
    s.n_steps = 12;
    sim_imu run = sim_imu_run(&s);
    gait_sim *sim = run.sim;
    size_t n = run.n;
    double *acc = run.acc, *gyr = run.gyr, *samples = run.samples;
    gait_imu_settings is = gait_imu_settings_default();
    is.rate_hz = s.imu_rate_hz;
    gait_stream *stream = NULL;
    test_assert_ok(gait_stream_create(&is, &stream), "create");
    size_t before = mallinfo2().uordblks, steps = 0;
    for (size_t k = 0; k < n; k += 7) {
        test_assert_ok(gait_stream_push(stream, samples + 6 * k, n - k < 7 ? n - k : 7), "push");
        gait_step step;
        while (gait_stream_pop_step(stream, &step) == GAIT_OK)
            steps++;
    }
    size_t after = mallinfo2().uordblks;
    ck_assert_uint_gt(steps, 3);
    ck_assert_uint_eq(after, before);
    gait_stream_destroy(stream);
    free(acc), free(gyr), free(samples);
    gait_sim_close(sim);
}
END_TEST

START_TEST(stream_bad_arguments)
{
    gait_imu_settings is = gait_imu_settings_default();
    gait_stream *stream = NULL;
    ck_assert_int_eq(gait_stream_create(&is, &stream), GAIT_E_INVALID_ARG); /* no rate */
    ck_assert_ptr_null(stream);
    is.rate_hz = 100.0;
    is.placement = (gait_imu_placement)7;
    ck_assert_int_eq(gait_stream_create(&is, &stream), GAIT_E_INVALID_ARG);
    is.placement = GAIT_IMU_FOOT;
    test_assert_ok(gait_stream_create(&is, &stream), "create");
    ck_assert_int_eq(gait_stream_push(stream, NULL, 3), GAIT_E_INVALID_ARG);
    gait_step step;
    ck_assert_int_eq(gait_stream_pop_step(stream, &step), GAIT_E_NO_DATA);
    /* NaN and garbage do not crash and produce no step */
    double junk[6 * 50];
    for (int i = 0; i < 6 * 50; i++)
        junk[i] = i % 7 == 0 ? NAN : 1e300 * (i % 2 ? 1 : -1);
    test_assert_ok(gait_stream_push(stream, junk, 50), "push junk");
    test_assert_ok(gait_stream_finish(stream), "finish");
    ck_assert_int_eq(gait_stream_pop_step(stream, &step), GAIT_E_NO_DATA);
    gait_stream_destroy(stream);
    gait_stream_destroy(NULL);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("imu");
    TCase *real = tcase_create("real");
    tcase_set_timeout(real, 120);
    tcase_add_test(real, gaitmap_walking);
    tcase_add_test(real, ipol_walking);
    tcase_add_test(real, qualisys_shank_accelerometers);
    suite_add_tcase(suite, real);
    TCase *sim = tcase_create("simulated");
    tcase_set_timeout(sim, 200);
    tcase_add_test(sim, simulated_foot);
    tcase_add_test(sim, simulated_shank);
    suite_add_tcase(suite, sim);
    TCase *stream = tcase_create("stream");
    tcase_set_timeout(stream, 120);
    tcase_add_test(stream, stream_chunking);
    tcase_add_test(stream, stream_bad_arguments);
    tcase_add_test(stream, stream_push_does_not_allocate);
    suite_add_tcase(suite, stream);
    return suite;
}
