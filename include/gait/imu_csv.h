/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMU recordings (accelerometer + gyroscope of one or more sensors) in CSV files: reading from a
 * path or from memory.
 *
 * A gait_imu_csv handle holds every sensor's acceleration in m/s² and angular velocity in rad/s,
 * converted from the units given in the settings, in each sensor's own axes (nothing is rotated),
 * NaN for missing cells. Handles are independent: different threads may use different handles.
 *
 * Layouts (recognised from the header; separator: the most frequent of tab, comma and semicolon
 * in the first header row; "\n", "\r\n", a UTF-8 BOM, leading "#" comment lines and blank lines
 * are accepted):
 * (a) one header row: a column per axis named [<sensor><sep>]<quantity>[_]<axis>, where quantity is
 *     acc, accel, gyr or gyro, axis is x, y or z, sep is '_', '.', '-', ':' or ' ', all in any
 *     case: "acc_x", "Gyr_Z", "left_acc_x", "right.gyr_y". No prefix gives the sensor name "".
 *     A column named time or time_s holds seconds, time_ms milliseconds.
 *         time,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z
 * (b) two header rows (pandas MultiIndex, e.g. gaitmap's example data): row 1 the sensor name of
 *     each column, row 2 its axis (acc_x ... gyr_z as above, without prefix); a column whose row-1
 *     or row-2 cell names time as above is the time column. Layout (b) is used when no cell of row
 *     1 is an axis name, some cell of row 2 is, and both rows have the same separator.
 *         sensor,left_sensor,right_sensor,left_sensor,...
 *         axis,acc_x,acc_x,acc_y,...
 * Every other column (an index, a sample counter, magnetometer, text) is ignored and not parsed.
 *
 * Rules:
 * - A sensor needs a complete acc triple, a complete gyr triple, or both; a quantity with only some
 *   of its axes, or an axis that appears twice for one sensor, is GAIT_E_FORMAT. Sensors are
 *   numbered in the order of their first column.
 * - An empty cell, a row that ends before a column, or "nan" is NaN. A non-empty cell after the
 *   last header column, or a cell of a used column that is not a number, is GAIT_E_FORMAT with its
 *   line and column. A time cell must be a finite number.
 * - Times: the time column when there is one; otherwise sample k is at k / rate_hz seconds.
 *   info.rate_hz: settings.rate_hz when given (> 0), else (n - 1) / (t[n-1] - t[0]) from the time
 *   column (which must then increase from first to last sample), NaN with fewer than 2 samples.
 *   Without a time column settings.rate_hz is required (GAIT_E_INVALID_ARG otherwise).
 * - Memory: samples x used columns may not exceed the input size in bytes, else GAIT_E_FORMAT.
 */
#ifndef GAIT_IMU_CSV_H
#define GAIT_IMU_CSV_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gait_imu_csv gait_imu_csv;

/* Standard gravity, m/s² per g. */
#define GAIT_STANDARD_GRAVITY_MPS2 9.80665

typedef enum gait_imu_acc_unit {
    GAIT_IMU_ACC_MPS2 = 0, /* m/s² (default) */
    GAIT_IMU_ACC_G = 1     /* multiples of standard gravity, 9.80665 m/s² */
} gait_imu_acc_unit;

typedef enum gait_imu_gyr_unit {
    GAIT_IMU_GYR_DEG_S = 0, /* degrees per second (default) */
    GAIT_IMU_GYR_RAD_S = 1  /* radians per second */
} gait_imu_gyr_unit;

/* How to read the numbers. Start from gait_imu_csv_settings_default(). */
typedef struct gait_imu_csv_settings {
    gait_imu_acc_unit acc_unit; /* unit of the acc columns; default GAIT_IMU_ACC_MPS2 */
    gait_imu_gyr_unit gyr_unit; /* unit of the gyr columns; default GAIT_IMU_GYR_DEG_S */
    double rate_hz;             /* sampling rate; default 0 = from the time column, which is then
                                   required. gaitmap's imu_sample.csv: 204.8 */
} gait_imu_csv_settings;

/* The defaults: m/s², deg/s (the units of gaitmap and of most IMU exports in deg/s), rate_hz 0. */
GAIT_API gait_imu_csv_settings gait_imu_csv_settings_default(void);

/* Longest sensor name kept, in bytes including the terminating NUL (longer names: the column is
 * not taken as an IMU axis). */
#define GAIT_IMU_CSV_NAME_CAPACITY 128

/* Summary of an open file. */
typedef struct gait_imu_csv_info {
    size_t n_sensors;
    size_t n_samples;
    double rate_hz;      /* see the rules above */
    int has_time;        /* 1 if the file has a time column */
    double start_time_s; /* time of sample 0 (0 without a time column; NaN without samples) */
    int header_rows;     /* 1 (layout a) or 2 (layout b) */
} gait_imu_csv_info;

/* Open and decode an IMU CSV file. settings may be NULL for the defaults. On success *imu is a new
 * handle, release it with gait_imu_csv_close(). On failure *imu is NULL and
 * gait_last_error_detail() names the file, line, column and field. Errors: GAIT_E_IO,
 * GAIT_E_FORMAT, GAIT_E_NO_DATA (empty input or no IMU column), GAIT_E_NOMEM, GAIT_E_INVALID_ARG
 * (NULL, bad settings, no time column and no rate_hz). */
GAIT_API gait_status gait_imu_csv_open(const char *path, const gait_imu_csv_settings *settings,
                                       gait_imu_csv **imu);

/* The same from size bytes in memory (not NUL-terminated; read only within [bytes, bytes + size);
 * the caller keeps ownership). name (may be NULL) stands for the path in messages. */
GAIT_API gait_status gait_imu_csv_open_memory(const void *bytes, size_t size, const char *name,
                                              const gait_imu_csv_settings *settings,
                                              gait_imu_csv **imu);

/* Release a handle and everything it owns. NULL is a no-op. */
GAIT_API void gait_imu_csv_close(gait_imu_csv *imu);

/* Fill *info. Errors: GAIT_E_INVALID_ARG (NULL). */
GAIT_API gait_status gait_imu_csv_get_info(const gait_imu_csv *imu, gait_imu_csv_info *info);

/* Name of sensor i, e.g. "left_sensor" ("" for unprefixed columns). Owned by the handle; NULL when
 * out of range. */
GAIT_API const char *gait_imu_csv_sensor_name(const gait_imu_csv *imu, size_t i);

/* Index of the sensor named exactly `name`. Errors: GAIT_E_NO_DATA, GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_imu_csv_find_sensor(const gait_imu_csv *imu, const char *name,
                                              size_t *index);

/* Which quantities sensor i has (1/0). Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_imu_csv_sensor_channels(const gait_imu_csv *imu, size_t i, int *has_acc,
                                                  int *has_gyr);

/* Acceleration of sensor i, acc_mps2[3 * k + axis] in m/s² (3 * n_samples doubles,
 * caller-owned). Errors: GAIT_E_NO_DATA (the sensor has no acc columns), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_imu_csv_get_acc(const gait_imu_csv *imu, size_t i, double *acc_mps2);

/* Angular velocity of sensor i, gyr_rad_s[3 * k + axis] in rad/s (3 * n_samples doubles,
 * caller-owned). Errors: GAIT_E_NO_DATA (no gyr columns), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_imu_csv_get_gyr(const gait_imu_csv *imu, size_t i, double *gyr_rad_s);

/* Time of every sample in seconds (n_samples doubles, caller-owned), see the rules above.
 * Errors: GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_imu_csv_get_times(const gait_imu_csv *imu, double *time_s);

#ifdef __cplusplus
}
#endif

#endif
