/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IMU CSV reader: gaitmap's example data in ../shared/data (both header layouts; values
 * checked independently with Python's csv module, converted here from deg/s to rad/s), small
 * in-memory files for every rule and error path, mutated input, and a round trip through the CSV
 * writer. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* deg/s -> rad/s exactly as the reader does it. */
#define RAD(deg) ((deg) * (M_PI / 180.0))

static gait_imu_csv *open_shared(const char *relative, double rate_hz)
{
    char path[TEST_PATH_CAPACITY];
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.rate_hz = rate_hz;
    gait_imu_csv *imu = NULL;
    test_assert_ok(gait_imu_csv_open(test_shared_path(path, relative), &settings, &imu), relative);
    return imu;
}

static gait_imu_csv *open_text(const char *text, const gait_imu_csv_settings *settings)
{
    gait_imu_csv *imu = NULL;
    test_assert_ok(gait_imu_csv_open_memory(text, strlen(text), "mem.csv", settings, &imu),
                   "mem.csv");
    return imu;
}

static gait_imu_csv_info info_of(const gait_imu_csv *imu)
{
    gait_imu_csv_info info;
    ck_assert_int_eq(gait_imu_csv_get_info(imu, &info), GAIT_OK);
    return info;
}

/* acc (quantity 0) or gyr (1) of sensor `name` at sample k. */
static void sample_at(const gait_imu_csv *imu, const char *name, int quantity, size_t k,
                      double out[3])
{
    size_t sensor;
    ck_assert_msg(gait_imu_csv_find_sensor(imu, name, &sensor) == GAIT_OK, "no sensor '%s'", name);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_lt(k, info.n_samples);
    double *all = malloc(3 * info.n_samples * sizeof *all);
    ck_assert_int_eq(quantity == 0 ? gait_imu_csv_get_acc(imu, sensor, all)
                                   : gait_imu_csv_get_gyr(imu, sensor, all),
                     GAIT_OK);
    memcpy(out, all + 3 * k, 3 * sizeof *out);
    free(all);
}

/* acc (quantity 0) or gyr (1) of sensor `name` at sample k is (x, y, z), to the last bit. */
static void assert_sample_at(const gait_imu_csv *imu, const char *name, int quantity, size_t k,
                             double x, double y, double z)
{
    double v[3];
    sample_at(imu, name, quantity, k, v);
    test_assert_xyz(v, x, y, z);
}

static double time_at(const gait_imu_csv *imu, size_t k)
{
    gait_imu_csv_info info = info_of(imu);
    double *t = malloc(info.n_samples * sizeof *t);
    ck_assert_int_eq(gait_imu_csv_get_times(imu, t), GAIT_OK);
    double v = t[k];
    free(t);
    return v;
}

static void expect_memory(const char *text, const gait_imu_csv_settings *settings,
                          gait_status expected, const char *detail)
{
    gait_imu_csv *imu = (gait_imu_csv *)0x1;
    gait_status status = gait_imu_csv_open_memory(text, strlen(text), "mem.csv", settings, &imu);
    test_assert_open_status(status, expected, imu, detail);
    gait_imu_csv_close(imu);
}

/* ---- real files ---- */

/* Two header rows (sensor, axis), left/right interleaved, sample index first, 204.8 Hz (README),
 * acc in m/s² and gyr in deg/s (README). */
START_TEST(test_gaitmap_imu_sample)
{
    if (test_skip_without_shared_data("test_gaitmap_imu_sample"))
        return;
    gait_imu_csv *imu = open_shared("gaitmap-foot-imu-walk/imu_sample.csv", 204.8);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_sensors, 2);
    ck_assert_uint_eq(info.n_samples, 7928);
    ck_assert_double_eq(info.rate_hz, 204.8);
    ck_assert_int_eq(info.has_time, 0);
    ck_assert_int_eq(info.header_rows, 2);
    ck_assert_double_eq(info.start_time_s, 0.0);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "left_sensor");
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 1), "right_sensor");
    ck_assert_ptr_null(gait_imu_csv_sensor_name(imu, 2));
    int has_acc = 0, has_gyr = 0;
    ck_assert_int_eq(gait_imu_csv_sensor_channels(imu, 1, &has_acc, &has_gyr), GAIT_OK);
    ck_assert(has_acc && has_gyr);

    double v[3];
    assert_sample_at(imu, "left_sensor", 0, 0, 0.8808107066241624, 2.7622080650315652,
                     9.408650477990726);
    assert_sample_at(imu, "left_sensor", 1, 0, RAD(-0.11240170597252427),
                     RAD(-0.032157165192030705), RAD(-0.06226105420289057));
    assert_sample_at(imu, "left_sensor", 0, 1000, 5.027360664539251, 4.816936769333847,
                     16.80705230594741);
    sample_at(imu, "left_sensor", 1, 1000, v);
    test_assert_xyz(v, RAD(-6.047602356505796), RAD(264.7983968495093), RAD(-98.91554678533359));
    ck_assert_double_le(fabs(v[1] - 4.6216), 1e-4); /* 264.8 deg/s is 4.62 rad/s */
    sample_at(imu, "right_sensor", 1, 1000, v);
    ck_assert_double_eq(v[1], RAD(357.2178639817175));
    assert_sample_at(imu, "left_sensor", 0, 7927, 0.8771801420867985, 2.909201945759127,
                     9.37727320812342);
    ck_assert_double_eq(time_at(imu, 1000), 1000 / 204.8);
    ck_assert_double_eq(time_at(imu, 1000), 4.8828125);
    gait_imu_csv_close(imu);

    /* Without a time column the rate must be given. */
    char path[TEST_PATH_CAPACITY];
    test_shared_path(path, "gaitmap-foot-imu-walk/imu_sample.csv");
    ck_assert_int_eq(gait_imu_csv_open(path, NULL, &imu), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "no time column: set settings.rate_hz"));
    ck_assert_ptr_null(imu);
}
END_TEST

/* The stair file's unlabelled first column holds seconds, not an index: it is ignored, and the
 * times from the 204.8 Hz rate agree with it. Its README says "LEFT sensor only", but it holds
 * left and right columns (different data). */
START_TEST(test_gaitmap_stair_up)
{
    if (test_skip_without_shared_data("test_gaitmap_stair_up"))
        return;
    gait_imu_csv *imu = open_shared("gaitmap-foot-imu-walk/imu_sample_healthy_stair_up.csv", 204.8);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_sensors, 2);
    ck_assert_uint_eq(info.n_samples, 5130);
    ck_assert_int_eq(info.header_rows, 2);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 1), "right_sensor");
    ck_assert_double_eq(time_at(imu, 1000), 4.8828125);
    ck_assert_double_eq(time_at(imu, 5129), 25.0439453125);
    double v[3];
    assert_sample_at(imu, "left_sensor", 0, 1000, -5.311707141598021, -0.8350546201721593,
                     10.89375423855219);
    assert_sample_at(imu, "left_sensor", 1, 1000, RAD(24.34698498362931), RAD(-78.98070851300484),
                     RAD(29.013874309835227));
    sample_at(imu, "right_sensor", 1, 5129, v);
    ck_assert_double_eq(v[1], RAD(0.6395559005670544));
    gait_imu_csv_close(imu);
}
END_TEST

/* One header row without sensor prefix (",index,acc_x,..."), 102.4 Hz per the README; and the
 * 102.4 Hz two-row file. */
START_TEST(test_gaitmap_single_row)
{
    if (test_skip_without_shared_data("test_gaitmap_single_row"))
        return;
    gait_imu_csv *imu = open_shared("gaitmap-foot-imu-walk/imu_sample_ms_left.csv", 102.4);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_sensors, 1);
    ck_assert_uint_eq(info.n_samples, 7000);
    ck_assert_int_eq(info.header_rows, 1);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "");
    double v[3];
    assert_sample_at(imu, "", 0, 6999, 19.048313210085755, -8.135899994344227, 10.814188958443129);
    assert_sample_at(imu, "", 1, 6999, RAD(394.90168697226545), RAD(-340.9526970603783),
                     RAD(-24.05687273831262));
    sample_at(imu, "", 1, 1000, v);
    ck_assert_double_eq(v[2], RAD(2.3459816461934992));
    ck_assert_double_eq(time_at(imu, 6999), 6999 / 102.4);
    gait_imu_csv_close(imu);

    imu = open_shared("gaitmap-foot-imu-walk/imu_sample_ic_stride.csv", 102.4);
    info = info_of(imu);
    ck_assert_uint_eq(info.n_samples, 4053);
    assert_sample_at(imu, "left_sensor", 1, 1000, RAD(-235.3688233), RAD(89.14554963),
                     RAD(-101.7084916));
    assert_sample_at(imu, "left_sensor", 0, 4052, -7.100791155, -1.023900744, 6.297991721);
    gait_imu_csv_close(imu);
}
END_TEST

/* ---- in-memory files ---- */

START_TEST(test_one_row_layout)
{
    /* Comments, BOM, CRLF, semicolons, prefixes with '_' and '.', "Accel" in any case, an ignored
     * text column, an empty cell, a short row; acc in g, gyr in rad/s; rate from the time column.
     */
    const char *text = "\xEF\xBB\xBF# exported by hand\r\n\r\n"
                       "time;left_acc_x;left_acc_y;left_acc_z;left_gyr_x;left_gyr_y;left_gyr_z;"
                       "Right.Accel_X;Right.Accel_Y;Right.Accel_Z;temp\r\n"
                       "0.00;0;0;1;0.1;0.2;0.3;1;;-1;25\r\n"
                       "0.01;0.5;0.5;1;1;2;3;0;0;-1;hot\r\n"
                       "0.02;0;0;1;0;0;0\r\n\r\n";
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.acc_unit = GAIT_IMU_ACC_G;
    settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
    gait_imu_csv *imu = open_text(text, &settings);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_sensors, 2);
    ck_assert_uint_eq(info.n_samples, 3);
    ck_assert_int_eq(info.has_time, 1);
    ck_assert_int_eq(info.header_rows, 1);
    ck_assert_double_eq(info.start_time_s, 0.0);
    ck_assert_double_le(fabs(info.rate_hz - 100.0), 1e-9);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "left");
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 1), "Right");
    double v[3];
    assert_sample_at(imu, "left", 0, 0, 0.0, 0.0, 9.80665);
    assert_sample_at(imu, "left", 0, 1, 0.5 * 9.80665, 0.5 * 9.80665, 9.80665);
    assert_sample_at(imu, "left", 1, 1, 1.0, 2.0, 3.0);
    sample_at(imu, "Right", 0, 0, v);
    ck_assert_double_eq(v[0], 9.80665);
    ck_assert(isnan(v[1]));
    ck_assert_double_eq(v[2], -9.80665);
    sample_at(imu, "Right", 0, 2, v);
    ck_assert(isnan(v[0]) && isnan(v[1]) && isnan(v[2]));
    int has_acc, has_gyr;
    ck_assert_int_eq(gait_imu_csv_sensor_channels(imu, 1, &has_acc, &has_gyr), GAIT_OK);
    ck_assert_int_eq(has_acc, 1);
    ck_assert_int_eq(has_gyr, 0);
    double all[9];
    ck_assert_int_eq(gait_imu_csv_get_gyr(imu, 1, all), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_imu_csv_get_acc(imu, 2, all), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_imu_csv_get_acc(imu, 0, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_imu_csv_sensor_channels(imu, 2, &has_acc, &has_gyr), GAIT_E_INVALID_ARG);
    size_t index;
    ck_assert_int_eq(gait_imu_csv_find_sensor(imu, "right", &index), GAIT_E_NO_DATA);
    ck_assert_double_eq(time_at(imu, 2), 0.02);
    gait_imu_csv_close(imu);

    /* A given rate wins over the time column for info.rate_hz; times stay the column's. */
    settings = gait_imu_csv_settings_default();
    settings.rate_hz = 50.0;
    imu = open_text("t,time_ms,acc_x,acc_y,acc_z\n9,1000,1,2,3\n9,1020,4,5,6\n", &settings);
    info = info_of(imu);
    ck_assert_double_eq(info.rate_hz, 50.0);
    ck_assert_double_eq(time_at(imu, 1), 1.02);
    ck_assert_double_eq(info.start_time_s, 1.0);
    gait_imu_csv_close(imu);

    /* Tabs, gyro only, "gyro" spelled out, sensor name with a quoted comma in a comma file. */
    imu = open_text("time\tGyro_x\tGyro_y\tGyro_z\n0\t90\t180\t-360\n", NULL);
    assert_sample_at(imu, "", 1, 0, RAD(90.0), RAD(180.0), RAD(-360.0));
    ck_assert(isnan(info_of(imu).rate_hz)); /* one sample */
    gait_imu_csv_close(imu);
    imu = open_text("time,\"a,b_acc_x\",\"a,b_acc_y\",\"a,b_acc_z\"\n0,1,2,3\n1,4,5,6\n", NULL);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "a,b");
    ck_assert_double_eq(info_of(imu).rate_hz, 1.0);
    gait_imu_csv_close(imu);
}
END_TEST

START_TEST(test_two_row_layout)
{
    /* Time named in the axis row; sensors numbered by first column. */
    gait_imu_csv *imu = open_text("sensor,b,a,b,a,b,a\n"
                                  "time,acc_x,acc_x,acc_y,acc_y,acc_z,acc_z\n"
                                  "0.5,1,10,2,20,3,30\n0.75,4,40,5,50,6,60\n",
                                  NULL);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_int_eq(info.header_rows, 2);
    ck_assert_int_eq(info.has_time, 1);
    ck_assert_double_eq(info.rate_hz, 4.0);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "b");
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 1), "a");
    assert_sample_at(imu, "a", 0, 1, 40, 50, 60);
    assert_sample_at(imu, "b", 0, 0, 1, 2, 3);
    gait_imu_csv_close(imu);
}
END_TEST

START_TEST(test_malformed)
{
    gait_imu_csv_settings rate = gait_imu_csv_settings_default();
    rate.rate_hz = 100.0;
    expect_memory("", NULL, GAIT_E_NO_DATA, "empty input");
    expect_memory("# only a comment\n\n", NULL, GAIT_E_NO_DATA, "no header row");
    expect_memory("a,b,c\n1,2,3\n", &rate, GAIT_E_NO_DATA, "mem.csv:1: no acc/gyr column");
    expect_memory("acc_x,acc_y\n1,2\n", &rate, GAIT_E_FORMAT,
                  "mem.csv:1: sensor '' has 2 of the 3 acc axes");
    expect_memory("acc_x,acc_y,acc_z,ACC_X\n1,2,3,4\n", &rate, GAIT_E_FORMAT,
                  "sensor '' has two acc_x columns (1 and 4)");
    expect_memory("l_acc_x,l_acc_y,l_acc_z\n1,2,3\n1,2e,3\n", &rate, GAIT_E_FORMAT,
                  "mem.csv:3:3: sensor 'l' acc_y: '2e' is not a number");
    expect_memory("acc_x,acc_y,acc_z\n1,2,3,,4\n", &rate, GAIT_E_FORMAT,
                  "mem.csv:2:8: value in column 5, but the header has 3 columns");
    expect_memory("time,acc_x,acc_y,acc_z\n,1,2,3\n", NULL, GAIT_E_FORMAT,
                  "mem.csv:2:1: time is empty or not finite");
    expect_memory("acc_x,acc_y,acc_z,time\n1,2,3\n", NULL, GAIT_E_FORMAT,
                  "mem.csv:2:6: row ends before its time (column 4)");
    expect_memory("time,acc_x,acc_y,acc_z\n1,1,2,3\n0.5,1,2,3\n", NULL, GAIT_E_FORMAT,
                  "time does not increase");
    expect_memory("acc_x,acc_y,\"acc_z\n1,2,3\n", &rate, GAIT_E_FORMAT,
                  "mem.csv:1:13: unterminated quote in the header");
    expect_memory("acc_x,acc_y,acc_z\n1,2,\"3\n", &rate, GAIT_E_FORMAT,
                  "mem.csv:2:5: unterminated quote");
    /* Row 2 of a two-row header must use row 1's separator. */
    expect_memory("Acquisition frequency: 100 Hz\nPacketCounter\tAcc_X\tAcc_Y\tAcc_Z\n0\t1\t2\t3\n",
                  &rate, GAIT_E_NO_DATA, "no acc/gyr column");

    gait_imu_csv_settings bad = gait_imu_csv_settings_default();
    bad.acc_unit = (gait_imu_acc_unit)7;
    expect_memory("acc_x,acc_y,acc_z\n1,2,3\n", &bad, GAIT_E_INVALID_ARG, "unknown acc_unit 7");
    bad = gait_imu_csv_settings_default();
    bad.gyr_unit = (gait_imu_gyr_unit)-1;
    expect_memory("acc_x,acc_y,acc_z\n1,2,3\n", &bad, GAIT_E_INVALID_ARG, "unknown gyr_unit");
    bad = gait_imu_csv_settings_default();
    bad.rate_hz = -5.0;
    expect_memory("acc_x,acc_y,acc_z\n1,2,3\n", &bad, GAIT_E_INVALID_ARG, "rate_hz -5");
    bad.rate_hz = NAN;
    expect_memory("acc_x,acc_y,acc_z\n1,2,3\n", &bad, GAIT_E_INVALID_ARG, "rate_hz nan");

    gait_imu_csv *imu = (gait_imu_csv *)0x1;
    ck_assert_int_eq(gait_imu_csv_open(NULL, NULL, &imu), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(imu);
    ck_assert_int_eq(gait_imu_csv_open("/nonexistent/imu.csv", NULL, &imu), GAIT_E_IO);
    ck_assert_int_eq(gait_imu_csv_open_memory(NULL, 4, NULL, NULL, &imu), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_imu_csv_get_info(NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_imu_csv_get_times(NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(gait_imu_csv_sensor_name(NULL, 0));
    gait_imu_csv_close(NULL);
}
END_TEST

/* Short rows may not inflate memory: 3000 sensors and 4000 rows of "1" would decode to 36 million
 * doubles from a 100 kB file. */
START_TEST(test_memory_bound)
{
    size_t n_sensors = 3000, n_rows = 4000;
    size_t capacity = 64 + n_sensors * 60 + n_rows * 2;
    char *text = malloc(capacity);
    size_t n = 0;
    for (size_t s = 0; s < n_sensors; s++)
        n += (size_t)snprintf(text + n, capacity - n, "%ss%zu_acc_x,s%zu_acc_y,s%zu_acc_z",
                              s == 0 ? "" : ",", s, s, s);
    n += (size_t)snprintf(text + n, capacity - n, "\n");
    for (size_t r = 0; r < n_rows; r++)
        n += (size_t)snprintf(text + n, capacity - n, "1\n");
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.rate_hz = 10.0;
    gait_imu_csv *imu = NULL;
    ck_assert_int_eq(gait_imu_csv_open_memory(text, n, "big.csv", &settings, &imu), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "more cells than the input has bytes"));
    free(text);
}
END_TEST

/* context: the settings. */
static void check_prefix(const char *data, size_t size, const char *name, void *context)
{
    gait_imu_csv *imu = NULL;
    gait_status status = gait_imu_csv_open_memory(data, size, name, context, &imu);
    ck_assert((status == GAIT_OK) == (imu != NULL));
    gait_imu_csv_close(imu);
}

static void check_mutant(const char *data, size_t size, const char *name, void *context)
{
    gait_imu_csv *imu = NULL;
    gait_status status = gait_imu_csv_open_memory(data, size, name, context, &imu);
    ck_assert((status == GAIT_OK) == (imu != NULL));
    if (status == GAIT_OK) {
        gait_imu_csv_info info = info_of(imu);
        double *buffer = malloc((3 * info.n_samples + 1) * sizeof *buffer);
        for (size_t s = 0; s < info.n_sensors; s++) {
            int has_acc, has_gyr;
            ck_assert_int_eq(gait_imu_csv_sensor_channels(imu, s, &has_acc, &has_gyr), GAIT_OK);
            ck_assert(has_acc || has_gyr);
            ck_assert_int_eq(gait_imu_csv_get_acc(imu, s, buffer),
                             has_acc ? GAIT_OK : GAIT_E_NO_DATA);
            ck_assert_int_eq(gait_imu_csv_get_gyr(imu, s, buffer),
                             has_gyr ? GAIT_OK : GAIT_E_NO_DATA);
        }
        ck_assert_int_eq(gait_imu_csv_get_times(imu, buffer), GAIT_OK);
        free(buffer);
    }
    gait_imu_csv_close(imu);
}

START_TEST(test_truncated_and_mutated)
{
    static const char text[] = "sensor,l,l,l,l,l,l,r,r,r\n"
                               "time,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z\n"
                               "0,1,2,3,4,5,6,7,8,9\n0.5,-1e3,,3.25,nan,5,6,7,8,9\n";
    const size_t size = sizeof text - 1;
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    test_each_prefix(text, size, check_prefix, &settings);
    static const char bytes[] = {'\0', '\t', '\n', '\r', '"', '-', ';', 'e', '9', ' ', ',', '_'};
    settings.rate_hz = 10.0;
    test_each_mutant(text, size, bytes, sizeof bytes, 4242, 4000, check_mutant, &settings);
}
END_TEST

/* gait_csv_write() output read back by this reader: time + six IMU columns, m/s² and rad/s. */
START_TEST(test_csv_round_trip)
{
    enum { rows = 200 };
    double values[rows * 7];
    for (size_t k = 0; k < rows; k++) {
        values[7 * k] = (double)k / 204.8;
        for (size_t c = 1; c < 7; c++)
            values[7 * k + c] = sin(0.01 * (double)(k * 7 + c)) * (c < 4 ? 9.81 : 5.0) / 3.0;
    }
    values[7 * 10 + 2] = NAN;
    const char *names[] = {"time", "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"};
    const char *comment = "round trip";
    FILE *stream = tmpfile();
    ck_assert_ptr_nonnull(stream);
    ck_assert_int_eq(gait_csv_write_stream(stream, &comment, 1, names, 7, values, rows), GAIT_OK);
    size_t size;
    char *text = test_read_stream(stream, &size);
    fclose(stream);

    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
    gait_imu_csv *imu = NULL;
    ck_assert_int_eq(gait_imu_csv_open_memory(text, size, "rt", &settings, &imu), GAIT_OK);
    free(text);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_samples, rows);
    ck_assert_int_eq(info.has_time, 1);
    double acc[3 * rows], gyr[3 * rows], t[rows];
    ck_assert_int_eq(gait_imu_csv_get_acc(imu, 0, acc), GAIT_OK);
    ck_assert_int_eq(gait_imu_csv_get_gyr(imu, 0, gyr), GAIT_OK);
    ck_assert_int_eq(gait_imu_csv_get_times(imu, t), GAIT_OK);
    for (size_t k = 0; k < rows; k++) {
        ck_assert_double_eq(t[k], values[7 * k]);
        for (size_t a = 0; a < 3; a++) {
            if (k == 10 && a == 1)
                ck_assert(isnan(acc[3 * k + a]));
            else
                ck_assert_double_eq(acc[3 * k + a], values[7 * k + 1 + a]);
            ck_assert_double_eq(gyr[3 * k + a], values[7 * k + 4 + a]);
        }
    }
    ck_assert_double_le(fabs(info.rate_hz - 204.8), 1e-9);
    gait_imu_csv_close(imu);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("imu_csv");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 120);
    tcase_add_test(corpus, test_gaitmap_imu_sample);
    tcase_add_test(corpus, test_gaitmap_stair_up);
    tcase_add_test(corpus, test_gaitmap_single_row);
    suite_add_tcase(suite, corpus);
    TCase *memory = tcase_create("memory");
    tcase_set_timeout(memory, 120);
    tcase_add_test(memory, test_one_row_layout);
    tcase_add_test(memory, test_two_row_layout);
    tcase_add_test(memory, test_malformed);
    tcase_add_test(memory, test_memory_bound);
    tcase_add_test(memory, test_truncated_and_mutated);
    tcase_add_test(memory, test_csv_round_trip);
    suite_add_tcase(suite, memory);
    return suite;
}
