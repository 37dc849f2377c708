/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TRC reader: the real files of ../shared/data (values checked independently with Python's csv
 * module: counts, header values, marker coordinates converted to metres at given frames), small
 * in-memory files for every rule and error path, and truncated / mutated input that must fail
 * cleanly. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

/* ---- helpers ---- */

static gait_trc *open_shared(const char *relative)
{
    char path[TEST_PATH_CAPACITY];
    gait_trc *trc = NULL;
    test_assert_ok(gait_trc_open(test_shared_path(path, relative), &trc), relative);
    return trc;
}

static gait_trc_info info_of(const gait_trc *trc)
{
    gait_trc_info info;
    ck_assert_int_eq(gait_trc_get_info(trc, &info), GAIT_OK);
    return info;
}

/* Marker `label` at frame k is (x, y, z) metres. The reader parses the text (correctly rounded,
 * as the compiler does with the literals of the expectations) and multiplies by the unit; the
 * expectations do the same, so they agree to the last bit. */
static void assert_marker_at(const gait_trc *trc, const char *label, size_t k, double x, double y,
                             double z)
{
    size_t index;
    ck_assert_msg(gait_trc_find_marker(trc, label, &index) == GAIT_OK, "no marker %s", label);
    gait_trc_info info = info_of(trc);
    ck_assert_uint_lt(k, info.n_frames);
    double *all = malloc(3 * info.n_frames * sizeof *all);
    ck_assert_ptr_nonnull(all);
    ck_assert_int_eq(gait_trc_get_marker(trc, index, all), GAIT_OK);
    test_assert_xyz(all + 3 * k, x, y, z);
    free(all);
}

static double time_at(const gait_trc *trc, size_t k)
{
    gait_trc_info info = info_of(trc);
    double *t = malloc((info.n_frames + 1) * sizeof *t);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(gait_trc_get_times(trc, t), GAIT_OK);
    double value = t[k];
    free(t);
    return value;
}

/* Open bytes from memory expecting `expected`; on failure the detail must contain `detail`. */
static void expect_memory(const char *text, gait_status expected, const char *detail)
{
    gait_trc *trc = (gait_trc *)0x1;
    gait_status status = gait_trc_open_memory(text, strlen(text), "mem.trc", &trc);
    test_assert_open_status(status, expected, trc, detail);
    gait_trc_close(trc);
}

/* A small valid file: BOM, CRLF, cm, a blank line before the data, a missing Y (frame 6, marker A)
 * and a short row (frame 7 ends after marker A), trailing blank lines. */
static const char small_trc[] =
    "\xEF\xBB\xBFPathFileType\t4\t(X/Y/Z)\tsmall.trc\r\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\t"
    "OrigNumFrames\r\n"
    "100.0\t120\t3\t2\tcm\t100.0\t5\t3\r\n"
    "Frame#\tTime\tA\t\t\tB\t\t\t\r\n"
    "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\r\n"
    "\r\n"
    "5\t0.05\t1.5\t2.5\t-3.5\t10\t20\t30\r\n"
    "6\t0.06\t1.6\t\t-3.6\t11\t21\t31\t\r\n"
    "7\t0.07\t1.7\t2.7\t-3.7\r\n"
    "\r\n"
    "\r\n";

/* ---- real files ---- */

START_TEST(test_sprint_motion)
{
    if (test_skip_without_shared_data("test_sprint_motion"))
        return;
    gait_trc *trc = open_shared("btk-sprint-trc/SprintMotion.trc");
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 59);
    ck_assert_uint_eq(info.n_frames, 788);
    ck_assert_double_eq(info.rate_hz, 250.0);
    ck_assert_double_eq(info.camera_rate_hz, 250.0);
    ck_assert_str_eq(info.units, "mm");
    ck_assert_double_eq(info.units_m, 0.001);
    ck_assert_int_eq(info.first_frame, 1);
    ck_assert_double_eq(info.start_time_s, 0.0);
    ck_assert_int_eq(info.header_n_frames, 788);
    ck_assert_int_eq(info.header_n_markers, 59);
    ck_assert_double_eq(info.orig_data_rate_hz, 250.0);
    ck_assert_int_eq(info.orig_data_start_frame, 1);
    ck_assert_int_eq(info.orig_n_frames, 788);
    ck_assert_uint_eq(info.n_warnings, 0);
    ck_assert_str_eq(gait_trc_marker_label(trc, 0), "C7");
    ck_assert_str_eq(gait_trc_marker_label(trc, 41), "R.Calca");
    ck_assert_str_eq(gait_trc_marker_label(trc, 58), "StartArr");
    ck_assert_ptr_null(gait_trc_marker_label(trc, 59));

    assert_marker_at(trc, "R.Calca", 0, -766.98590 * 0.001, -37.45245 * 0.001, 266.87323 * 0.001);
    assert_marker_at(trc, "R.Calca", 400, -839.73846 * 0.001, -7.98899 * 0.001, 271.64368 * 0.001);
    assert_marker_at(trc, "R.Calca", 787, 2810.85840 * 0.001, -69.00317 * 0.001, 142.15013 * 0.001);
    ck_assert_double_eq(time_at(trc, 400), 1.6);
    ck_assert_double_eq(time_at(trc, 787), 3.148);

    long *frames = malloc(788 * sizeof *frames);
    ck_assert_int_eq(gait_trc_get_frame_numbers(trc, frames), GAIT_OK);
    for (size_t k = 0; k < 788; k++)
        ck_assert_int_eq(frames[k], (long)k + 1);
    free(frames);
    gait_trc_close(trc);
}
END_TEST

/* OpenSim/Rajagopal: no CRLF, no padding, data start at frame 23 (t = 0.23 s), rows end in a tab
 * one column beyond the names row. */
START_TEST(test_rajagopal_run)
{
    if (test_skip_without_shared_data("test_rajagopal_run"))
        return;
    gait_trc *trc = open_shared("opensim-rajagopal-run/motion_capture_run.trc");
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 42);
    ck_assert_uint_eq(info.n_frames, 510);
    ck_assert_double_eq(info.rate_hz, 100.0);
    ck_assert_int_eq(info.first_frame, 23);
    ck_assert_double_eq(info.start_time_s, 0.23);
    ck_assert_int_eq(info.orig_data_start_frame, 23);
    ck_assert_int_eq(info.orig_n_frames, 128); /* as stored, though 510 frames follow */
    ck_assert_uint_eq(info.n_warnings, 0);
    ck_assert_str_eq(gait_trc_marker_label(trc, 0), "LPSI");
    ck_assert_str_eq(gait_trc_marker_label(trc, 41), "LASI");
    assert_marker_at(trc, "RCAL", 0, 967.397158 * 0.001, 95.849552 * 0.001, -338.628671 * 0.001);
    assert_marker_at(trc, "RCAL", 100, 414.355588 * 0.001, 593.124513 * 0.001, -257.238275 * 0.001);
    assert_marker_at(trc, "RCAL", 509, 283.466913 * 0.001, 522.089345 * 0.001, -258.594238 * 0.001);
    ck_assert_double_eq(time_at(trc, 509), 5.32);
    gait_trc_close(trc);
}
END_TEST

/* AddBiomechanics output: units m (no conversion), OrigDataStartFrame 0, markers x52/x53. */
START_TEST(test_nimble_metres)
{
    if (test_skip_without_shared_data("test_nimble_metres"))
        return;
    gait_trc *trc = open_shared("nimble-sprint-c3d/opensim_results/JA1Gait35.trc");
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 53);
    ck_assert_uint_eq(info.n_frames, 322);
    ck_assert_double_eq(info.rate_hz, 250.0);
    ck_assert_str_eq(info.units, "m");
    ck_assert_double_eq(info.units_m, 1.0);
    ck_assert_int_eq(info.orig_data_start_frame, 0);
    ck_assert_str_eq(gait_trc_marker_label(trc, 52), "x53");
    assert_marker_at(trc, "LHEEL", 0, -5.78856, 0.399884, 0.146627);
    assert_marker_at(trc, "LHEEL", 150, -0.311761, 0.0679986, 0.210732);
    assert_marker_at(trc, "LHEEL", 321, 6.00832, 0.819864, 0.217823);
    ck_assert_double_eq(time_at(trc, 150), 0.6);
    gait_trc_close(trc);
}
END_TEST

/* Motion Analysis Gait.trc: NumMarkers 66 but 33 names; empty cells for missing markers; rows
 * carrying values of unnamed markers after the named ones. */
START_TEST(test_motion_analysis_gaps)
{
    if (test_skip_without_shared_data("test_motion_analysis_gaps"))
        return;
    gait_trc *trc = open_shared("btk-gait-c3d/motion-analysis-gait-trial/Gait.trc");
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 33);
    ck_assert_int_eq(info.header_n_markers, 66);
    ck_assert_uint_eq(info.n_frames, 487);
    ck_assert_double_eq(info.rate_hz, 100.0);
    ck_assert_uint_eq(info.n_warnings, 2);
    ck_assert_ptr_nonnull(strstr(gait_trc_warning(trc, 0), "NumMarkers is 66"));
    ck_assert_ptr_nonnull(strstr(gait_trc_warning(trc, 1), "unnamed markers"));
    ck_assert_ptr_null(gait_trc_warning(trc, 2));
    ck_assert_str_eq(gait_trc_marker_label(trc, 32), "PX");

    size_t heel;
    ck_assert_int_eq(gait_trc_find_marker(trc, "R.Heel", &heel), GAIT_OK);
    ck_assert_uint_eq(heel, 14);
    double *xyz = malloc(3 * 487 * sizeof *xyz);
    ck_assert_int_eq(gait_trc_get_marker(trc, heel, xyz), GAIT_OK);
    size_t present = 0, first = SIZE_MAX, last = 0;
    for (size_t k = 0; k < 487; k++) {
        int nan_count = isnan(xyz[3 * k]) + isnan(xyz[3 * k + 1]) + isnan(xyz[3 * k + 2]);
        ck_assert(nan_count == 0 || nan_count == 3);
        if (nan_count == 0) {
            present++;
            if (first == SIZE_MAX)
                first = k;
            last = k;
        }
    }
    ck_assert_uint_eq(present, 280);
    ck_assert_uint_eq(first, 159);
    ck_assert_uint_eq(last, 438);
    test_assert_xyz(xyz + 3 * 159, 2279.62158 * 0.001, 52.51770 * 0.001, 77.84895 * 0.001);
    test_assert_xyz(xyz + 3 * 438, -1956.50110 * 0.001, 51.00536 * 0.001, 52.21939 * 0.001);
    free(xyz);

    /* Missing marker-frames over all 33 markers, counted independently: 7306. */
    size_t missing = 0;
    double *m = malloc(3 * 487 * sizeof *m);
    for (size_t i = 0; i < 33; i++) {
        ck_assert_int_eq(gait_trc_get_marker(trc, i, m), GAIT_OK);
        for (size_t k = 0; k < 487; k++)
            missing += isnan(m[3 * k]) != 0;
    }
    free(m);
    ck_assert_uint_eq(missing, 7306);
    gait_trc_close(trc);
}
END_TEST

/* The other layouts of the corpus: SprintCalib (65 names, 70 markers of data), static_run (Units
 * padded with spaces, a line of tabs after the coordinate row, trailing tabs on header lines),
 * Hamner (names row without trailing tabs, CameraRate 60). */
START_TEST(test_other_layouts)
{
    if (test_skip_without_shared_data("test_other_layouts"))
        return;
    gait_trc *trc = open_shared("btk-sprint-trc/SprintCalib.trc");
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 65);
    ck_assert_uint_eq(info.n_frames, 337);
    ck_assert_uint_eq(info.n_warnings, 1);
    ck_assert_ptr_nonnull(strstr(gait_trc_warning(trc, 0), "5055 values"));
    assert_marker_at(trc, "StartArr", 336, -1120.09912 * 0.001, 77.42618 * 0.001, 55.58952 * 0.001);
    gait_trc_close(trc);

    trc = open_shared("opensim-rajagopal-run/static_run.trc");
    info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 64);
    ck_assert_uint_eq(info.n_frames, 397);
    ck_assert_str_eq(info.units, "mm");
    ck_assert_uint_eq(info.n_warnings, 0);
    assert_marker_at(trc, "LASI", 396, 627.68823 * 0.001, 1083.35461 * 0.001, -365.38779 * 0.001);
    ck_assert_double_eq(time_at(trc, 396), 3.96);
    gait_trc_close(trc);

    trc = open_shared("opensim-hamner-run/subject02_running.trc");
    info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 41);
    ck_assert_uint_eq(info.n_frames, 600);
    ck_assert_double_eq(info.rate_hz, 60.0);
    ck_assert_str_eq(gait_trc_marker_label(trc, 40), "Top.Head");
    assert_marker_at(trc, "L.Heel", 599, 181.445890 * 0.001, 302.501160 * 0.001,
                     -239.640290 * 0.001);
    ck_assert_double_eq(time_at(trc, 599), 9.983); /* rounded to 3 decimals in the file */
    gait_trc_close(trc);

    /* Every TRC of the corpus opens. */
    static const char *const all[] = {"opensim-gait2354-walk/subject01_walk1.trc",
                                      "opensim-gait2354-walk/subject01_static.trc",
                                      "opensim-hamner-run/subject02_static.trc"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        trc = open_shared(all[i]);
        info = info_of(trc);
        ck_assert_uint_gt(info.n_frames, 100);
        ck_assert_uint_eq(info.n_warnings, 0);
        gait_trc_close(trc);
    }
}
END_TEST

/* ---- in-memory files ---- */

START_TEST(test_small_memory_file)
{
    gait_trc *trc = NULL;
    ck_assert_int_eq(gait_trc_open_memory(small_trc, sizeof small_trc - 1, NULL, &trc), GAIT_OK);
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 2);
    ck_assert_uint_eq(info.n_frames, 3);
    ck_assert_double_eq(info.rate_hz, 100.0);
    ck_assert_double_eq(info.camera_rate_hz, 120.0);
    ck_assert_str_eq(info.units, "cm");
    ck_assert_double_eq(info.units_m, 0.01);
    ck_assert_int_eq(info.first_frame, 5);
    ck_assert_double_eq(info.start_time_s, 0.05);
    ck_assert_uint_eq(info.n_warnings, 0);
    ck_assert_str_eq(gait_trc_marker_label(trc, 0), "A");
    ck_assert_str_eq(gait_trc_marker_label(trc, 1), "B");
    double a[9], b[9], t[3];
    ck_assert_int_eq(gait_trc_get_marker(trc, 0, a), GAIT_OK);
    ck_assert_int_eq(gait_trc_get_marker(trc, 1, b), GAIT_OK);
    ck_assert_int_eq(gait_trc_get_times(trc, t), GAIT_OK);
    test_assert_xyz(a, 1.5 * 0.01, 2.5 * 0.01, -3.5 * 0.01);
    ck_assert(isnan(a[3]) && isnan(a[4]) && isnan(a[5])); /* Y missing: the whole marker */
    test_assert_xyz(a + 6, 1.7 * 0.01, 2.7 * 0.01, -3.7 * 0.01);
    test_assert_xyz(b, 10 * 0.01, 20 * 0.01, 30 * 0.01);
    test_assert_xyz(b + 3, 11 * 0.01, 21 * 0.01, 31 * 0.01);
    ck_assert(isnan(b[6]) && isnan(b[7]) && isnan(b[8])); /* short row */
    ck_assert_double_eq(t[2], 0.07);
    size_t index = 99;
    ck_assert_int_eq(gait_trc_find_marker(trc, "C", &index), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_trc_find_marker(trc, "a", &index), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_trc_get_marker(trc, 2, a), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trc_get_marker(trc, 0, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trc_get_times(trc, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trc_get_info(trc, NULL), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(gait_trc_warning(trc, 0));
    gait_trc_close(trc);
}
END_TEST

START_TEST(test_header_disagreements)
{
    /* NumFrames 5 but 2 rows, NumMarkers 3 but 1 name, keys in another order, Units "MM", a
     * marker slot without a name between two named ones. */
    const char *text = "PathFileType\t4\n"
                       "Units\tNumMarkers\tDataRate\tNumFrames\n"
                       "MM\t3\t50\t5\n"
                       "Frame#\tTime\tA\n"
                       "\t\tX1\tY1\tZ1\n"
                       "1\t0\t1\t2\t3\n"
                       "2\t0.02\t4\t5\t6\n";
    gait_trc *trc = NULL;
    ck_assert_int_eq(gait_trc_open_memory(text, strlen(text), "x", &trc), GAIT_OK);
    gait_trc_info info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 1);
    ck_assert_uint_eq(info.n_frames, 2);
    ck_assert_str_eq(info.units, "MM");
    ck_assert(isnan(info.camera_rate_hz));
    ck_assert_int_eq(info.orig_n_frames, -1);
    ck_assert_uint_eq(info.n_warnings, 2);
    ck_assert_ptr_nonnull(strstr(gait_trc_warning(trc, 0), "NumMarkers is 3"));
    ck_assert_ptr_nonnull(strstr(gait_trc_warning(trc, 1), "NumFrames is 5"));
    gait_trc_close(trc);

    const char *gap = "PathFileType\t4\n"
                      "DataRate\tNumMarkers\tUnits\n"
                      "50\t2\tm\n"
                      "Frame#\tTime\t\t\t\tB\n"
                      "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n"
                      "1\t0\t1\t2\t3\t4\t5\t6\n";
    ck_assert_int_eq(gait_trc_open_memory(gap, strlen(gap), "x", &trc), GAIT_OK);
    info = info_of(trc);
    ck_assert_uint_eq(info.n_markers, 2);
    ck_assert_str_eq(gait_trc_marker_label(trc, 0), "");
    ck_assert_str_eq(gait_trc_marker_label(trc, 1), "B");
    ck_assert_uint_eq(info.n_warnings, 1);
    ck_assert_int_eq(info.header_n_frames, -1);
    double b[3];
    ck_assert_int_eq(gait_trc_get_marker(trc, 1, b), GAIT_OK);
    test_assert_xyz(b, 4, 5, 6);
    gait_trc_close(trc);

    /* A header without data rows is an empty recording, not an error. */
    const char *empty = "PathFileType\t4\nDataRate\tNumMarkers\tUnits\tNumFrames\n"
                        "50\t1\tmm\t0\nFrame#\tTime\tA\n\t\tX1\tY1\tZ1\n\n";
    ck_assert_int_eq(gait_trc_open_memory(empty, strlen(empty), "x", &trc), GAIT_OK);
    info = info_of(trc);
    ck_assert_uint_eq(info.n_frames, 0);
    ck_assert(isnan(info.start_time_s));
    ck_assert_uint_eq(info.n_warnings, 0);
    gait_trc_close(trc);
}
END_TEST

START_TEST(test_malformed)
{
    expect_memory("", GAIT_E_NO_DATA, "empty input");
    expect_memory("hello\n", GAIT_E_FORMAT, "mem.trc:1:1: not a TRC file");
    expect_memory("PathFileType\t3\n", GAIT_E_UNSUPPORTED, "PathFileType 3");
    expect_memory("PathFileType\n", GAIT_E_FORMAT, "PathFileType has no value");
    expect_memory("PathFileType\t4\n", GAIT_E_FORMAT,
                  "mem.trc:2: file ends before the header keys");
    expect_memory("PathFileType\t4\nDataRate\tUnits\n50\tmm\n", GAIT_E_FORMAT,
                  "mem.trc:2: header keys lack NumMarkers");
    expect_memory("PathFileType\t4\nDataRate\tNumMarkers\tUnits\n50\t1\n", GAIT_E_FORMAT,
                  "mem.trc:3:5: header value Units (column 3) is missing");
    expect_memory("PathFileType\t4\nDataRate\tNumMarkers\tUnits\nfifty\t1\tmm\n", GAIT_E_FORMAT,
                  "mem.trc:3:1: DataRate: 'fifty' is not a number");
    expect_memory("PathFileType\t4\nDataRate\tNumMarkers\tUnits\n0\t1\tmm\n", GAIT_E_FORMAT,
                  "DataRate must be a finite number > 0");
    expect_memory("PathFileType\t4\nDataRate\tNumMarkers\tUnits\n50\t1.5\tmm\n", GAIT_E_FORMAT,
                  "mem.trc:3:4: NumMarkers: '1.5' is not a whole number");
    expect_memory("PathFileType\t4\nDataRate\tNumMarkers\tUnits\n50\t1\tinch\n", GAIT_E_UNSUPPORTED,
                  "mem.trc:3:6: Units 'inch' is not supported");
    expect_memory("PathFileType\t4\nDataRate\tDataRate\tNumMarkers\tUnits\n50\t50\t1\tmm\n",
                  GAIT_E_FORMAT, "appears twice");

    const char *head = "PathFileType\t4\nDataRate\tNumMarkers\tUnits\n50\t1\tmm\n";
    char text[512];
    snprintf(text, sizeof text, "%sFrame#\tTime\t\tA\n", head);
    expect_memory(text, GAIT_E_FORMAT,
                  "mem.trc:4:14: marker name 'A' is not in a marker's X column (column 4");
    snprintf(text, sizeof text, "%sTime\tFrame#\tA\n", head);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:4:1: line 4 must start with Frame#");
    snprintf(text, sizeof text, "%sFrame#\tTime\tA\n", head);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:5: file ends before the coordinate row");
    snprintf(text, sizeof text, "%sFrame#\tTime\tA\n1\t0\t1\t2\t3\n", head);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:5: line 5 must be the coordinate row");

    const char *body = "Frame#\tTime\tA\n\t\tX1\tY1\tZ1\n";
    snprintf(text, sizeof text, "%s%s1\t0\t1\t2\t3\n2\t0.02\t1\t2.5x\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:7:10: marker 'A' Y: '2.5x' is not a number");
    snprintf(text, sizeof text, "%s%s1\t0\t1,5\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:6:5: marker 'A' X: '1,5' is not a number");
    snprintf(text, sizeof text, "%s%s1\t0\t0x10\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "'0x10' is not a number");
    snprintf(text, sizeof text, "%s%s1\t0\t1e999\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "beyond the range of a double");
    snprintf(text, sizeof text, "%s%s\t0\t1\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:6:1: Frame# is empty");
    snprintf(text, sizeof text, "%s%s1.5\t0\t1\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "Frame#: '1.5' is not a whole number");
    snprintf(text, sizeof text, "%s%s9223372036854775807\t0\t1\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "'9223372036854775807' is not a whole number");
    snprintf(text, sizeof text, "%s%s1\t\t1\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:6:3: Time is empty or not finite");
    snprintf(text, sizeof text, "%s%s1\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:6:2: data row has no Time");
    snprintf(text, sizeof text, "%s%s1\t0\t1\t2\t3\t\t\tbad\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "unnamed marker 2 Z: 'bad' is not a number");
    snprintf(text, sizeof text, "%s%s1\t0\t\"1\t2\t3\n", head, body);
    expect_memory(text, GAIT_E_FORMAT, "mem.trc:6:5: unterminated quote");
}
END_TEST

/* Short rows may not inflate memory: 4000 marker names and 3000 rows of "1\t0" would decode to
 * 36 million doubles from 52 kB of text. */
START_TEST(test_memory_bound)
{
    size_t n_markers = 4000, n_rows = 3000;
    size_t capacity = 200 + n_markers * 16 + n_rows * 8;
    char *text = malloc(capacity);
    ck_assert_ptr_nonnull(text);
    size_t n = (size_t)snprintf(text, capacity,
                                "PathFileType\t4\nDataRate\tNumMarkers\tUnits\n50\t%zu\tmm\n"
                                "Frame#\tTime",
                                n_markers);
    for (size_t m = 0; m < n_markers; m++)
        n += (size_t)snprintf(text + n, capacity - n, "\tM%zu\t\t", m);
    n += (size_t)snprintf(text + n, capacity - n, "\n\t\tX1\n");
    for (size_t r = 0; r < n_rows; r++)
        n += (size_t)snprintf(text + n, capacity - n, "%zu\t0\n", r % 10);
    gait_trc *trc = NULL;
    ck_assert_int_eq(gait_trc_open_memory(text, n, "big.trc", &trc), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "more cells than the input has bytes"));
    free(text);
}
END_TEST

START_TEST(test_arguments)
{
    gait_trc *trc = (gait_trc *)0x1;
    ck_assert_int_eq(gait_trc_open(NULL, &trc), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(trc);
    ck_assert_int_eq(gait_trc_open("x.trc", NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trc_open_memory(NULL, 10, "x", &trc), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_trc_open_memory(NULL, 0, "x", &trc), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_trc_open("/nonexistent/dir/x.trc", &trc), GAIT_E_IO);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "/nonexistent/dir/x.trc"));
    ck_assert_ptr_null(trc);
    gait_trc_close(NULL);
    ck_assert_ptr_null(gait_trc_marker_label(NULL, 0));
    ck_assert_ptr_null(gait_trc_warning(NULL, 0));
    ck_assert_int_eq(gait_trc_get_info(NULL, NULL), GAIT_E_INVALID_ARG);
}
END_TEST

/* Every prefix of a valid file, and single-byte mutations of it, either open or fail with a
 * status: never crash or read outside the buffer (the sanitizer build checks the latter; each
 * input is copied into a buffer of exactly its size). */
static void check_prefix(const char *data, size_t size, const char *name, void *context)
{
    (void)context;
    gait_trc *trc = NULL;
    gait_status status = gait_trc_open_memory(data, size, name, &trc);
    ck_assert(status == GAIT_OK || status == GAIT_E_FORMAT || status == GAIT_E_NO_DATA ||
              status == GAIT_E_UNSUPPORTED);
    ck_assert((status == GAIT_OK) == (trc != NULL));
    gait_trc_close(trc);
}

static void check_mutant(const char *data, size_t size, const char *name, void *context)
{
    (void)context;
    gait_trc *trc = NULL;
    gait_status status = gait_trc_open_memory(data, size, name, &trc);
    ck_assert((status == GAIT_OK) == (trc != NULL));
    if (status == GAIT_OK) {
        gait_trc_info info = info_of(trc);
        double *xyz = malloc((3 * info.n_frames + 1) * sizeof *xyz);
        for (size_t k = 0; k < info.n_markers; k++)
            ck_assert_int_eq(gait_trc_get_marker(trc, k, xyz), GAIT_OK);
        free(xyz);
    } else {
        ck_assert(gait_last_error_detail()[0] != '\0');
    }
    gait_trc_close(trc);
}

START_TEST(test_truncated_and_mutated)
{
    const size_t size = sizeof small_trc - 1;
    test_each_prefix(small_trc, size, check_prefix, NULL);
    static const char bytes[] = {'\0', '\t', '\n', '\r', '"', '-', '.', 'e', '9', ' ', 'X', '\xff'};
    test_each_mutant(small_trc, size, bytes, sizeof bytes, 12345, 4000, check_mutant, NULL);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("trc");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 120);
    tcase_add_test(corpus, test_sprint_motion);
    tcase_add_test(corpus, test_rajagopal_run);
    tcase_add_test(corpus, test_nimble_metres);
    tcase_add_test(corpus, test_motion_analysis_gaps);
    tcase_add_test(corpus, test_other_layouts);
    suite_add_tcase(suite, corpus);
    TCase *memory = tcase_create("memory");
    tcase_set_timeout(memory, 120);
    tcase_add_test(memory, test_small_memory_file);
    tcase_add_test(memory, test_header_disagreements);
    tcase_add_test(memory, test_malformed);
    tcase_add_test(memory, test_memory_bound);
    tcase_add_test(memory, test_arguments);
    tcase_add_test(memory, test_truncated_and_mutated);
    suite_add_tcase(suite, memory);
    return suite;
}
