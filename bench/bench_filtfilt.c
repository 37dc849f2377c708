/* SPDX-License-Identifier: GPL-3.0-or-later */
/* filtfilt throughput: bench_filtfilt INPUT.f64 OUTPUT.f64 RATE_HZ ORDER CUTOFF_HZ REPEATS
 * Reads raw little-endian float64 samples, filters them REPEATS times, prints the best wall time as
 * "samples N seconds S samples_per_s R" and writes the filtered series for bench/run_bench.py to
 * compare with scipy. */
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

static double *read_samples(const char *path, size_t *n)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    fseek(file, 0, SEEK_END);
    long bytes = ftell(file);
    fseek(file, 0, SEEK_SET);
    *n = bytes > 0 ? (size_t)bytes / sizeof(double) : 0;
    double *x = malloc(*n * sizeof *x + 1);
    if (x != NULL && fread(x, sizeof *x, *n, file) != *n) {
        free(x);
        x = NULL;
    }
    fclose(file);
    return x;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: %s INPUT.f64 OUTPUT.f64 RATE_HZ ORDER CUTOFF_HZ REPEATS\n",
                argv[0]);
        return 2;
    }
    size_t n = 0;
    double *x = read_samples(argv[1], &n);
    if (x == NULL || n == 0) {
        fprintf(stderr, "%s: cannot read samples\n", argv[1]);
        return 1;
    }
    gait_filter_settings settings = gait_filter_settings_default();
    settings.order = atoi(argv[4]);
    settings.cutoff_hz = atof(argv[5]);
    int repeats = atoi(argv[6]);
    gait_butterworth filter;
    double *y = malloc(n * sizeof *y);
    if (y == NULL || gait_butterworth_design(&settings, atof(argv[3]), &filter) != GAIT_OK) {
        fprintf(stderr, "design failed: %s\n", gait_last_error_detail());
        return 1;
    }
    double best_s = 1e300;
    for (int r = 0; r < repeats; r++) {
        double start = now_s();
        if (gait_filtfilt(&filter, x, y, n) != GAIT_OK) {
            fprintf(stderr, "filtfilt failed: %s\n", gait_last_error_detail());
            return 1;
        }
        double elapsed = now_s() - start;
        best_s = elapsed < best_s ? elapsed : best_s;
    }
    FILE *out = fopen(argv[2], "wb");
    if (out == NULL || fwrite(y, sizeof *y, n, out) != n) {
        fprintf(stderr, "%s: cannot write\n", argv[2]);
        return 1;
    }
    fclose(out);
    printf("samples %zu seconds %.6f samples_per_s %.1f\n", n, best_s, (double)n / best_s);
    free(x);
    free(y);
    return 0;
}
