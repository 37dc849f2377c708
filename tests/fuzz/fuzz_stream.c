/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes as IMU samples through the streaming detector. The first byte
 * picks the rate and placement, the next ones the chunk sizes; the rest are samples (float32,
 * scaled so that typical values land in the range of real acc and gyr data). Checks the stream's
 * contract: memory at most 64 KiB, and steps in time order with IC before TO. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gait/gait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const double rates[4] = {100.0, 204.8, 500.0, 2000.0};
    gait_imu_settings settings = gait_imu_settings_default();
    settings.rate_hz = rates[data[0] & 3];
    settings.placement = (data[0] >> 2) & 1 ? GAIT_IMU_SHANK : GAIT_IMU_FOOT;
    size_t chunk = 1 + data[1] % 97;
    gait_stream *stream = NULL;
    if (gait_stream_create(&settings, &stream) != GAIT_OK)
        return 0;
    if (gait_stream_memory_bytes(stream) > 65536)
        __builtin_trap();
    double samples[6 * 97];
    size_t n_floats = (size - 2) / sizeof(float);
    size_t filled = 0;
    double last_ic = -INFINITY;
    for (size_t k = 0; k < n_floats; k++) {
        float v;
        memcpy(&v, data + 2 + k * sizeof v, sizeof v);
        samples[filled++] = (k % 6 < 3 ? 20.0 : 5.0) * tanh((double)v);
        if (filled == 6 * chunk || k + 1 == n_floats) {
            gait_stream_push(stream, samples, filled / 6);
            filled = 0;
            gait_step step;
            while (gait_stream_pop_step(stream, &step) == GAIT_OK) {
                if (isfinite(step.ic_s) && (step.ic_s < last_ic || step.to_s < step.ic_s))
                    __builtin_trap();
                if (isfinite(step.ic_s))
                    last_ic = step.ic_s;
            }
        }
    }
    gait_stream_finish(stream);
    gait_step step;
    while (gait_stream_pop_step(stream, &step) == GAIT_OK)
        ;
    gait_stream_destroy(stream);
    return 0;
}
