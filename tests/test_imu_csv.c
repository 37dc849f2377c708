/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IMU CSV reader: gaitmap's example data in ../shared/data (both header layouts; values
 * checked independently with Python's csv module, converted here from deg/s to rad/s), the ipol
 * Xsens MTw exports (sampling-rate line; rows counted and parsed here independently), small
 * in-memory files for every rule and error path, truncated and mutated input, and a round trip
 * through the CSV writer. */
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
    if (test_skip_without_shared_file("test_gaitmap_imu_sample",
                                      "gaitmap-foot-imu-walk/imu_sample.csv"))
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
    if (test_skip_without_shared_file("test_gaitmap_stair_up",
                                      "gaitmap-foot-imu-walk/imu_sample_healthy_stair_up.csv"))
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
    if (test_skip_without_shared_file("test_gaitmap_single_row",
                                      "gaitmap-foot-imu-walk/imu_sample_ms_left.csv"))
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

/* ---- ipol-foot-imu-walk (Xsens MTw) ---- */

/* What the test reads from an Xsens export by itself: the number of data rows (non-blank lines
 * after the rate line and the header) and the first and last rows' Acc_X..Gyr_Z (columns 2-7). */
typedef struct xsens_rows {
    size_t n_rows;
    double first[6], last[6];
} xsens_rows;

static void parse_row(const char *line, double out[6])
{
    const char *p = line;
    char *end;
    strtod(p, &end); /* PacketCounter */
    ck_assert_ptr_ne(end, p);
    for (int c = 0; c < 6; c++) {
        p = end;
        ck_assert_int_eq(*p, '\t');
        out[c] = strtod(p + 1, &end);
        ck_assert_ptr_ne(end, p + 1);
    }
}

static xsens_rows count_xsens_rows(const char *relative)
{
    size_t size;
    unsigned char *bytes = test_load_shared(relative, &size);
    char *text = malloc(size + 1);
    memcpy(text, bytes, size);
    text[size] = '\0';
    free(bytes);
    xsens_rows rows = {0};
    size_t line_number = 0;
    for (char *line = text; *line != '\0';) {
        char *newline = strchr(line, '\n');
        if (newline != NULL)
            *newline = '\0';
        line_number++;
        if (line_number == 1)
            ck_assert_msg(strncmp(line, "Acquisition frequency: 100 Hz", 29) == 0, "%s", relative);
        if (line_number == 2)
            ck_assert_msg(strncmp(line, "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X", 37) == 0, "%s",
                          relative);
        if (line_number > 2 && strspn(line, " \t\r") < strlen(line)) {
            parse_row(line, rows.n_rows == 0 ? rows.first : rows.last);
            rows.n_rows++;
        }
        if (newline == NULL)
            break;
        line = newline + 1;
    }
    free(text);
    ck_assert_uint_ge(rows.n_rows, 2);
    return rows;
}

/* Every trial and sensor: 100 Hz from the rate line, PacketCounter and Mag_* ignored, one sensor
 * "", all rows, first and last rows as the test parsed them, gyr in rad/s as declared. */
START_TEST(test_ipol_xsens)
{
    static const char *const trials[] = {"1-1", "5-2", "12-1"};
    static const char *const places[] = {"lf", "rf", "lb"};
    if (test_skip_without_shared_file("test_ipol_xsens", "ipol-foot-imu-walk/1-1_lf.txt"))
        return;
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
    for (size_t t = 0; t < 3; t++) {
        for (size_t s = 0; s < 3; s++) {
            char relative[128];
            snprintf(relative, sizeof relative, "ipol-foot-imu-walk/%s_%s.txt", trials[t],
                     places[s]);
            xsens_rows rows = count_xsens_rows(relative);
            char path[TEST_PATH_CAPACITY];
            gait_imu_csv *imu = NULL;
            test_assert_ok(gait_imu_csv_open(test_shared_path(path, relative), &settings, &imu),
                           relative);
            gait_imu_csv_info info = info_of(imu);
            ck_assert_double_eq(info.rate_hz, 100.0);
            ck_assert_int_eq(info.has_time, 0);
            ck_assert_int_eq(info.header_rows, 1);
            ck_assert_uint_eq(info.n_sensors, 1);
            ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "");
            ck_assert_msg(info.n_samples == rows.n_rows, "%s: %zu samples, %zu rows", relative,
                          info.n_samples, rows.n_rows);
            const size_t n = info.n_samples;
            assert_sample_at(imu, "", 0, 0, rows.first[0], rows.first[1], rows.first[2]);
            assert_sample_at(imu, "", 1, 0, rows.first[3], rows.first[4], rows.first[5]);
            assert_sample_at(imu, "", 0, n - 1, rows.last[0], rows.last[1], rows.last[2]);
            assert_sample_at(imu, "", 1, n - 1, rows.last[3], rows.last[4], rows.last[5]);
            ck_assert_double_eq(time_at(imu, n - 1), (double)(n - 1) / 100.0);
            gait_imu_csv_close(imu);
        }
    }
}
END_TEST

/* 1-1_lf.txt in detail: 2913 rows (Python counts the same), the first sample at rest near gravity
 * (|a| = 10.28 m/s^2 for this sensor; 9.87 is the README's typical value), units as declared. */
START_TEST(test_ipol_xsens_left_foot)
{
    const char *relative = "ipol-foot-imu-walk/1-1_lf.txt";
    if (test_skip_without_shared_file("test_ipol_xsens_left_foot", relative))
        return;
    xsens_rows rows = count_xsens_rows(relative);
    ck_assert_uint_eq(rows.n_rows, 2913);
    char path[TEST_PATH_CAPACITY];
    test_shared_path(path, relative);
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
    gait_imu_csv *imu = NULL;
    test_assert_ok(gait_imu_csv_open(path, &settings, &imu), relative);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_uint_eq(info.n_samples, 2913);
    ck_assert_double_eq(info.rate_hz, 100.0);
    ck_assert_double_eq(info.start_time_s, 0.0);
    double a[3], w[3];
    sample_at(imu, "", 0, 0, a);
    test_assert_xyz(a, rows.first[0], rows.first[1], rows.first[2]);
    test_assert_xyz(a, 5.090554, 0.409101, 8.923938);
    double magnitude = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    ck_assert_double_le(fabs(magnitude - 10.2819), 1e-3);
    ck_assert_double_le(fabs(magnitude - GAIT_STANDARD_GRAVITY_MPS2), 0.5);
    sample_at(imu, "", 1, 0, w);
    test_assert_xyz(w, -0.002503, 0.008869, -0.017776);
    gait_imu_csv_close(imu);

    /* Units are not guessed: the default deg/s reads the same numbers as deg/s. */
    imu = open_shared(relative, 0.0);
    assert_sample_at(imu, "", 1, 0, RAD(-0.002503), RAD(0.008869), RAD(-0.017776));
    gait_imu_csv_close(imu);

    /* A given rate must agree with the file's. */
    settings.rate_hz = 100.0;
    test_assert_ok(gait_imu_csv_open(path, &settings, &imu), relative);
    gait_imu_csv_close(imu);
    settings.rate_hz = 120.0;
    imu = (gait_imu_csv *)0x1;
    gait_status status = gait_imu_csv_open(path, &settings, &imu);
    test_assert_open_status(status, GAIT_E_INVALID_ARG, imu,
                            "1-1_lf.txt:1:24: settings.rate_hz 120 Hz conflicts with the file's "
                            "sampling rate 100 Hz");
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
    expect_memory("Recorded by hand\nPacketCounter\tAcc_X\tAcc_Y\tAcc_Z\n0\t1\t2\t3\n", &rate,
                  GAIT_E_NO_DATA, "no acc/gyr column");

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

/* A small Xsens MTw export (made-up numbers in the layout of the ipol files): rate line, tab header
 * with PacketCounter and Mag_*, acc m/s^2, gyr rad/s. */
static const char xsens_text[] =
    "Acquisition frequency: 100 Hz\n"
    "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z\n"
    "0.0\t5.1\t0.4\t8.9\t-0.0025\t0.0089\t-0.0178\t-0.62\t-0.01\t-0.40\n"
    "1.0\t5.05\t0.44\t8.96\t-0.011\t0.0089\t-0.0159\t-0.63\t-0.01\t-0.40\n"
    "2.0\t5.03\t0.41\t8.92\t-0.0087\t0.0118\t-0.0204\t-0.62\t-0.01\t-0.40\n";

static gait_imu_csv_settings rad_s_at(double rate_hz)
{
    gait_imu_csv_settings settings = gait_imu_csv_settings_default();
    settings.gyr_unit = GAIT_IMU_GYR_RAD_S;
    settings.rate_hz = rate_hz;
    return settings;
}

/* text opens with 3 samples of xsens_text at rate_hz, without a time column. */
static void assert_xsens(const char *text, const gait_imu_csv_settings *settings, double rate_hz)
{
    gait_imu_csv *imu = open_text(text, settings);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_double_eq(info.rate_hz, rate_hz);
    ck_assert_int_eq(info.has_time, 0);
    ck_assert_int_eq(info.header_rows, 1);
    ck_assert_uint_eq(info.n_sensors, 1);
    ck_assert_uint_eq(info.n_samples, 3);
    ck_assert_double_eq(info.start_time_s, 0.0);
    ck_assert_str_eq(gait_imu_csv_sensor_name(imu, 0), "");
    assert_sample_at(imu, "", 0, 0, 5.1, 0.4, 8.9);
    assert_sample_at(imu, "", 1, 2, -0.0087, 0.0118, -0.0204);
    ck_assert_double_eq(time_at(imu, 2), 2.0 / rate_hz);
    gait_imu_csv_close(imu);
}

/* xsens_text with its first line replaced by first_line (which carries its own terminator). */
static char *with_first_line(const char *first_line)
{
    const char *rest = strchr(xsens_text, '\n') + 1;
    size_t n = strlen(first_line) + strlen(rest) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", first_line, rest);
    return text;
}

/* xsens_text with "\n" made "\r\n". */
static char *with_crlf(const char *text)
{
    size_t n = strlen(text), lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += text[i] == '\n';
    char *out = malloc(n + lines + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            *o++ = '\r';
        *o++ = text[i];
    }
    *o = '\0';
    return out;
}

static void expect_first_line(const char *first_line, const gait_imu_csv_settings *settings,
                              gait_status expected, const char *detail)
{
    char *text = with_first_line(first_line);
    expect_memory(text, settings, expected, detail);
    free(text);
}

static void assert_first_line(const char *first_line, double rate_hz)
{
    gait_imu_csv_settings settings = rad_s_at(0.0);
    char *text = with_first_line(first_line);
    assert_xsens(text, &settings, rate_hz);
    free(text);
}

START_TEST(test_rate_line)
{
    gait_imu_csv_settings settings = rad_s_at(0.0);
    assert_xsens(xsens_text, &settings, 100.0);
    char *crlf = with_crlf(xsens_text);
    assert_xsens(crlf, &settings, 100.0);
    free(crlf);

    /* Without the rate line the rate must be given; PacketCounter is no time column. */
    const char *header = strchr(xsens_text, '\n') + 1;
    expect_memory(header, &settings, GAIT_E_INVALID_ARG,
                  "mem.csv:1: no time column: set settings.rate_hz");
    settings = rad_s_at(100.0);
    assert_xsens(header, &settings, 100.0);

    /* Spacing, case, other keys and number forms; comments and blank lines before it. */
    assert_first_line("  ACQUISITION Frequency :\t 100 HZ \t\n", 100.0);
    assert_first_line("sampling rate:204.8hz\n", 204.8);
    assert_first_line("SamplingRate: 1e2 Hz\r\n", 100.0);
    assert_first_line("sample_rate: +50.0 hZ\n", 50.0);
    assert_first_line("Output Data Rate (ODR): 60 Hz\n", 60.0);
    assert_first_line("\xEF\xBB\xBF# Xsens MT Manager\n\nAcquisition frequency: 100 Hz\n\n", 100.0);
    assert_first_line("\n# c\nRate: 25 Hz\r\n", 25.0);

    /* Given rates: equal within 1e-6 relative (the settings' value is used), or a conflict. */
    settings = rad_s_at(100.0);
    assert_xsens(xsens_text, &settings, 100.0);
    settings = rad_s_at(100.00005);
    assert_xsens(xsens_text, &settings, 100.00005);
    settings = rad_s_at(100.001);
    expect_memory(xsens_text, &settings, GAIT_E_INVALID_ARG,
                  "mem.csv:1:24: settings.rate_hz 100.001 Hz conflicts with the file's sampling "
                  "rate 100 Hz");
    settings = rad_s_at(50.0);
    expect_first_line("# export\nSampling rate: 204.8 Hz\n", &settings, GAIT_E_INVALID_ARG,
                      "mem.csv:2:16: settings.rate_hz 50 Hz conflicts with the file's sampling "
                      "rate 204.8 Hz");

    /* Malformed values: GAIT_E_FORMAT naming the line. */
    settings = rad_s_at(0.0);
    expect_first_line("Acquisition frequency: fast\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: 'fast' is not '<number> Hz'");
    expect_first_line("Acquisition frequency: 100\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: '100' is not '<number> Hz'");
    expect_first_line("Acquisition frequency:\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:23: sampling-rate line: '' is not '<number> Hz'");
    expect_first_line("Acquisition frequency: Hz\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: 'Hz' is not '<number> Hz'");
    expect_first_line("Acquisition frequency: 0.1 kHz\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: '0.1 k' is not a number");
    expect_first_line("Acquisition frequency: 1,5 Hz\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: '1,5' is not a number");
    expect_first_line("Acquisition frequency: 0 Hz\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: 0 Hz must be finite and > 0");
    expect_first_line("Acquisition frequency: -100 Hz\n", &settings, GAIT_E_FORMAT,
                      "mem.csv:1:24: sampling-rate line: -100 Hz must be finite and > 0");
    expect_first_line("Acquisition frequency: nan Hz\n", &settings, GAIT_E_FORMAT,
                      "must be finite and > 0");
    expect_first_line("Acquisition frequency: inf Hz\n", &settings, GAIT_E_FORMAT,
                      "must be finite and > 0");
    expect_first_line("Acquisition frequency: 1e999 Hz\n", &settings, GAIT_E_FORMAT,
                      "beyond the range of a double");

    /* Not a rate line: taken as the header (then no acc/gyr column, or a second rate line). */
    expect_first_line("Generated by: MT Manager 4.8\n", &settings, GAIT_E_NO_DATA,
                      "mem.csv:1: no acc/gyr column");
    expect_first_line("Acquisition frequency: 100 Hz\nAcquisition frequency: 100 Hz\n", &settings,
                      GAIT_E_NO_DATA, "mem.csv:2: no acc/gyr column");
    expect_memory("Acquisition frequency: 100 Hz\r\n\r\n", &settings, GAIT_E_NO_DATA,
                  "no header row");
    /* A key with a separator is a header row: "rate: 5" is an ignored column. */
    gait_imu_csv *imu =
        open_text("time,rate: 5 Hz,acc_x,acc_y,acc_z\n0,9,1,2,3\n0.5,9,4,5,6\n", &settings);
    ck_assert_double_eq(info_of(imu).rate_hz, 2.0);
    gait_imu_csv_close(imu);

    /* With a time column the declared rate is info.rate_hz; times stay the column's. */
    imu = open_text("Sampling frequency: 100 Hz\ntime,acc_x,acc_y,acc_z\n1,1,2,3\n1.5,4,5,6\n",
                    &settings);
    gait_imu_csv_info info = info_of(imu);
    ck_assert_int_eq(info.has_time, 1);
    ck_assert_double_eq(info.rate_hz, 100.0);
    ck_assert_double_eq(info.start_time_s, 1.0);
    ck_assert_double_eq(time_at(imu, 1), 1.5);
    gait_imu_csv_close(imu);
}
END_TEST

START_TEST(test_rate_line_truncated_and_mutated)
{
    const size_t size = sizeof xsens_text - 1;
    gait_imu_csv_settings settings = rad_s_at(0.0);
    test_each_prefix(xsens_text, size, check_prefix, &settings);
    settings = rad_s_at(100.0);
    test_each_prefix(xsens_text, size, check_prefix, &settings);
    char *crlf = with_crlf(xsens_text);
    test_each_prefix(crlf, strlen(crlf), check_prefix, &settings);
    free(crlf);
    static const char bytes[] = {'\0', '\t', '\n', '\r', ':', ' ', 'H', 'z', '0', '-', 'e', '#'};
    settings = rad_s_at(0.0);
    test_each_mutant(xsens_text, size, bytes, sizeof bytes, 2024, 3000, check_mutant, &settings);
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
    tcase_add_test(corpus, test_ipol_xsens);
    tcase_add_test(corpus, test_ipol_xsens_left_foot);
    suite_add_tcase(suite, corpus);
    TCase *memory = tcase_create("memory");
    tcase_set_timeout(memory, 120);
    tcase_add_test(memory, test_one_row_layout);
    tcase_add_test(memory, test_two_row_layout);
    tcase_add_test(memory, test_malformed);
    tcase_add_test(memory, test_memory_bound);
    tcase_add_test(memory, test_truncated_and_mutated);
    tcase_add_test(memory, test_rate_line);
    tcase_add_test(memory, test_rate_line_truncated_and_mutated);
    tcase_add_test(memory, test_csv_round_trip);
    suite_add_tcase(suite, memory);
    return suite;
}
