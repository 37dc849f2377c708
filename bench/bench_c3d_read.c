/* SPDX-License-Identifier: GPL-3.0-or-later */
/* C3D read throughput: bench_c3d_read REPEATS FILE... opens and fully decodes each file REPEATS
 * times (gait_c3d_open: read, parse parameters, decode points and analog to doubles) and prints
 * "bytes N seconds S" for the best repeat of the whole set. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include <gait/gait.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPEATS FILE...\n", argv[0]);
        return 2;
    }
    int repeats = atoi(argv[1]);
    double total_bytes = 0.0;
    for (int i = 2; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0)
            total_bytes += (double)st.st_size;
    }
    double best_s = 1e300;
    for (int r = 0; r < repeats; r++) {
        double start = now_s();
        for (int i = 2; i < argc; i++) {
            gait_c3d *c3d = NULL;
            if (gait_c3d_open(argv[i], &c3d) != GAIT_OK) {
                fprintf(stderr, "%s: %s\n", argv[i], gait_last_error_detail());
                return 1;
            }
            gait_c3d_close(c3d);
        }
        double elapsed = now_s() - start;
        best_s = elapsed < best_s ? elapsed : best_s;
    }
    printf("bytes %.0f seconds %.6f\n", total_bytes, best_s);
    return 0;
}
