/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes through the IMU CSV reader, with and without a declared rate. */
#include <stdint.h>
#include <stdlib.h>

#include <gait/gait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const uint8_t *data, size_t size, const gait_imu_csv_settings *settings)
{
    gait_imu_csv *imu = NULL;
    if (gait_imu_csv_open_memory(data, size, "fuzz.csv", settings, &imu) != GAIT_OK)
        return;
    gait_imu_csv_info info;
    gait_imu_csv_get_info(imu, &info);
    double *buffer = malloc((3 * info.n_samples + 1) * sizeof *buffer);
    if (buffer != NULL) {
        for (size_t s = 0; s < info.n_sensors; s++) {
            int has_acc = 0, has_gyr = 0;
            gait_imu_csv_sensor_name(imu, s);
            gait_imu_csv_sensor_channels(imu, s, &has_acc, &has_gyr);
            gait_imu_csv_get_acc(imu, s, buffer);
            gait_imu_csv_get_gyr(imu, s, buffer);
        }
        gait_imu_csv_get_times(imu, buffer);
    }
    free(buffer);
    gait_imu_csv_close(imu);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    read_all(data, size, &settings);
    settings.rate_hz = 204.8;
    settings.acc_unit = GAIT_IMU_ACC_G;
    read_all(data, size, &settings);
    return 0;
}
