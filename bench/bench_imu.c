/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMU event detection throughput: bench_imu SECONDS RATE_HZ REPEATS OUT.bin simulates SECONDS of
 * treadmill running (right foot IMU, noise on), writes the samples to OUT.bin (n x 6 float64: acc
 * m/s^2, gyr rad/s) for the numpy side, and prints the best of REPEATS wall times of the batch
 * API and of streaming in 1- and 64-sample chunks, as
 * "samples N steps S batch_s B stream1_s T1 stream64_s T64 memory_bytes M". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gait/gait.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double stream_time(const double *samples, size_t n, const gait_imu_settings *settings,
                          size_t chunk, size_t *steps)
{
    gait_stream *stream = NULL;
    if (gait_stream_create(settings, &stream) != GAIT_OK)
        return -1.0;
    double start = now_s();
    gait_step step;
    *steps = 0;
    for (size_t k = 0; k < n; k += chunk) {
        gait_stream_push(stream, samples + 6 * k, n - k < chunk ? n - k : chunk);
        while (gait_stream_pop_step(stream, &step) == GAIT_OK)
            (*steps)++;
    }
    gait_stream_finish(stream);
    while (gait_stream_pop_step(stream, &step) == GAIT_OK)
        (*steps)++;
    double elapsed = now_s() - start;
    gait_stream_destroy(stream);
    return elapsed;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s SECONDS RATE_HZ REPEATS OUT.bin\n", argv[0]);
        return 2;
    }
    double seconds = atof(argv[1]), rate = atof(argv[2]);
    int repeats = atoi(argv[3]);
    gait_sim_settings s = gait_sim_settings_default();
    s.mode = GAIT_SIM_TREADMILL;
    s.imu_rate_hz = rate;
    s.n_steps = (int)(seconds * s.cadence_steps_per_min / 60.0);
    gait_sim *sim = NULL;
    if (gait_sim_run(&s, &sim) != GAIT_OK) {
        fprintf(stderr, "simulate: %s\n", gait_last_error_detail());
        return 1;
    }
    size_t n = gait_sim_imu_samples(sim);
    double *acc = malloc(3 * n * sizeof *acc), *gyr = malloc(3 * n * sizeof *gyr);
    double *samples = malloc(6 * n * sizeof *samples);
    if (acc == NULL || gyr == NULL || samples == NULL ||
        gait_sim_get_imu(sim, GAIT_SIM_FOOT, acc, gyr) != GAIT_OK)
        return 1;
    for (size_t k = 0; k < n; k++)
        for (int a = 0; a < 3; a++) {
            samples[6 * k + a] = acc[3 * k + a];
            samples[6 * k + 3 + a] = gyr[3 * k + a];
        }
    FILE *out = fopen(argv[4], "wb");
    if (out == NULL || fwrite(samples, sizeof *samples, 6 * n, out) != 6 * n || fclose(out) != 0)
        return 1;
    gait_imu_settings settings = gait_imu_settings_default();
    settings.rate_hz = rate;
    settings.side = 0;
    double batch = 1e300, one = 1e300, chunked = 1e300;
    size_t steps = 0, steps1 = 0, steps64 = 0;
    for (int r = 0; r < repeats; r++) {
        double start = now_s();
        gait_step *list = NULL;
        if (gait_imu_steps(acc, gyr, n, &settings, &list, &steps) != GAIT_OK)
            return 1;
        double elapsed = now_s() - start;
        gait_imu_steps_free(list);
        batch = elapsed < batch ? elapsed : batch;
        double t1 = stream_time(samples, n, &settings, 1, &steps1);
        double t64 = stream_time(samples, n, &settings, 64, &steps64);
        one = t1 < one ? t1 : one;
        chunked = t64 < chunked ? t64 : chunked;
    }
    gait_stream *stream = NULL;
    gait_stream_create(&settings, &stream);
    printf("samples %zu steps %zu batch_s %.6f stream1_s %.6f stream64_s %.6f memory_bytes %zu "
           "stream_steps %zu %zu\n",
           n, steps, batch, one, chunked, gait_stream_memory_bytes(stream), steps1, steps64);
    gait_stream_destroy(stream);
    free(acc), free(gyr), free(samples);
    gait_sim_close(sim);
    return 0;
}
