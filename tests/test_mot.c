/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OpenSim .mot/.sto reader and the CSV writer: the real files of ../shared/data in their three
 * header styles (values checked independently with Python's csv module), the force-set detection,
 * small in-memory files for every rule and error path, mutated input, and CSV round trips. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gait/gait.h>

#include "check_runner.h"

/* ---- helpers ---- */

static gait_mot *open_shared(const char *relative)
{
    char path[TEST_PATH_CAPACITY];
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open(test_shared_path(path, relative), &mot), relative);
    return mot;
}

static gait_mot *open_text(const char *text)
{
    gait_mot *mot = NULL;
    test_assert_ok(gait_mot_open_memory(text, strlen(text), "mem.mot", &mot), "mem.mot");
    return mot;
}

static gait_mot_info info_of(const gait_mot *mot)
{
    gait_mot_info info;
    ck_assert_int_eq(gait_mot_get_info(mot, &info), GAIT_OK);
    return info;
}

/* Value of the column labelled `label` at row k. */
static double value_at(const gait_mot *mot, const char *label, size_t k)
{
    size_t column;
    ck_assert_msg(gait_mot_find_column(mot, label, &column) == GAIT_OK, "no column %s", label);
    gait_mot_info info = info_of(mot);
    ck_assert_uint_lt(k, info.n_rows);
    double *values = malloc(info.n_rows * sizeof *values);
    ck_assert_int_eq(gait_mot_get_column(mot, column, values), GAIT_OK);
    double v = values[k];
    free(values);
    return v;
}

static double time_at(const gait_mot *mot, size_t k)
{
    gait_mot_info info = info_of(mot);
    double *t = malloc(info.n_rows * sizeof *t);
    ck_assert_int_eq(gait_mot_get_times(mot, t), GAIT_OK);
    double v = t[k];
    free(t);
    return v;
}

/* Force set i at row k: force, COP, torque and the description. */
typedef struct grf_sample {
    gait_mot_grf meta;
    double force[3], cop[3], torque[3];
} grf_sample;

static grf_sample grf_at(const gait_mot *mot, size_t i, size_t k)
{
    gait_mot_info info = info_of(mot);
    double *f = malloc(3 * info.n_rows * sizeof *f);
    double *c = malloc(3 * info.n_rows * sizeof *c);
    double *m = malloc(3 * info.n_rows * sizeof *m);
    grf_sample s;
    ck_assert_int_eq(gait_mot_get_grf(mot, i, &s.meta, f, c, m), GAIT_OK);
    memcpy(s.force, f + 3 * k, sizeof s.force);
    memcpy(s.cop, c + 3 * k, sizeof s.cop);
    memcpy(s.torque, m + 3 * k, sizeof s.torque);
    free(f);
    free(c);
    free(m);
    return s;
}

static void assert_columns(const size_t got[3], size_t x, size_t y, size_t z)
{
    ck_assert_uint_eq(got[0], x);
    ck_assert_uint_eq(got[1], y);
    ck_assert_uint_eq(got[2], z);
}

static void expect_memory(const char *text, gait_status expected, const char *detail)
{
    gait_mot *mot = (gait_mot *)0x1;
    gait_status status = gait_mot_open_memory(text, strlen(text), "mem.mot", &mot);
    test_assert_open_status(status, expected, mot, detail);
    gait_mot_close(mot);
}

/* ---- real files ---- */

/* Version-1 header with trailing tabs; OpenSim's two force sets of subject01. */
START_TEST(test_gait2354_grf)
{
    if (test_skip_without_shared_data("test_gait2354_grf"))
        return;
    gait_mot *mot = open_shared("opensim-gait2354-walk/subject01_walk1_grf.mot");
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 1501);
    ck_assert_uint_eq(info.n_columns, 19);
    ck_assert_int_eq(info.version, 1);
    ck_assert_int_eq(info.in_degrees, 1); /* a GRF file that says inDegrees=yes */
    ck_assert_uint_eq(info.time_column, 0);
    ck_assert_int_eq(info.header_n_rows, 1501);
    ck_assert_int_eq(info.header_n_columns, 19);
    ck_assert_str_eq(info.name, "subject01_walk1_grf.mot");
    ck_assert_uint_eq(info.n_grf, 2);
    ck_assert_uint_eq(gait_mot_grf_count(mot), 2);
    ck_assert_uint_eq(info.n_warnings, 0);
    ck_assert_str_eq(gait_mot_column_label(mot, 7), "1_ground_force_vx");
    ck_assert_ptr_null(gait_mot_column_label(mot, 19));
    ck_assert_double_eq(time_at(mot, 1), 0.0017);
    ck_assert_double_eq(time_at(mot, 1500), 2.5);

    grf_sample s = grf_at(mot, 0, 1225);
    ck_assert_str_eq(s.meta.name, "ground_force");
    ck_assert_str_eq(s.meta.force_identifier, "ground_force_v");
    ck_assert_str_eq(s.meta.point_identifier, "ground_force_p");
    ck_assert_str_eq(s.meta.torque_identifier, "ground_torque_");
    ck_assert_int_eq(s.meta.side, '?');
    assert_columns(s.meta.force_column, 1, 2, 3);
    assert_columns(s.meta.point_column, 4, 5, 6);
    assert_columns(s.meta.torque_column, 13, 14, 15);
    ck_assert_double_eq(s.force[1], 804.859797);
    ck_assert_double_eq(s.cop[0], 0.72509149);
    ck_assert_double_eq(s.cop[1], -0.0075);
    ck_assert_double_eq(s.cop[2], 0.11185611);
    ck_assert_double_eq(s.torque[1], -1.53057076);

    s = grf_at(mot, 1, 1103);
    ck_assert_str_eq(s.meta.name, "1_ground_force");
    ck_assert_str_eq(s.meta.torque_identifier, "1_ground_torque_");
    assert_columns(s.meta.force_column, 7, 8, 9);
    assert_columns(s.meta.point_column, 10, 11, 12);
    assert_columns(s.meta.torque_column, 16, 17, 18);
    ck_assert_double_eq(s.force[1], 810.8403781);
    ck_assert_double_eq(s.cop[0], 0.35169674);
    ck_assert_double_eq(s.torque[1], 4.26395271);
    ck_assert_double_eq(value_at(mot, "ground_force_vy", 1), 743.0973413);
    gait_mot_close(mot);
}
END_TEST

/* Old-style header (name/datacolumns/datarows/range), R_/L_ prefixes, 1000 Hz. */
START_TEST(test_rajagopal_grf)
{
    if (test_skip_without_shared_data("test_rajagopal_grf"))
        return;
    gait_mot *mot = open_shared("opensim-rajagopal-run/grf_run.mot");
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 5091);
    ck_assert_uint_eq(info.n_columns, 19);
    ck_assert_int_eq(info.version, 0);
    ck_assert_int_eq(info.in_degrees, -1);
    ck_assert_int_eq(info.header_n_rows, 5091);
    ck_assert_int_eq(info.header_n_columns, 19);
    ck_assert_str_eq(info.name, "grf_run.mot");
    ck_assert_str_eq(gait_mot_column_label(mot, 0), "time"); /* padded with spaces in the file */
    ck_assert_uint_eq(info.n_grf, 2);
    ck_assert_uint_eq(info.n_warnings, 0);
    ck_assert_double_eq(time_at(mot, 0), 0.23);
    ck_assert_double_eq(time_at(mot, 742), 0.972);

    grf_sample s = grf_at(mot, 0, 742); /* the right foot's peak vertical force */
    ck_assert_str_eq(s.meta.name, "R_ground_force");
    ck_assert_str_eq(s.meta.torque_identifier, "R_ground_torque_");
    ck_assert_int_eq(s.meta.side, 'r');
    ck_assert_double_eq(s.force[0], -113.919823);
    ck_assert_double_eq(s.force[1], 1977.164551);
    ck_assert_double_eq(s.force[2], 52.4874);
    ck_assert_double_eq(s.cop[0], 0.977104);
    ck_assert_double_eq(s.cop[2], -0.32984);
    ck_assert_double_eq(s.torque[1], -0.601252);
    s = grf_at(mot, 1, 3147);
    ck_assert_str_eq(s.meta.name, "L_ground_force");
    ck_assert_int_eq(s.meta.side, 'l');
    ck_assert_double_eq(s.force[1], 1960.6604);
    ck_assert_double_eq(s.torque[1], 4.523331);

    /* The peak of R_ground_force_vy over the file is at row 742. */
    double *f = malloc(3 * info.n_rows * sizeof *f);
    ck_assert_int_eq(gait_mot_get_grf(mot, 0, NULL, f, NULL, NULL), GAIT_OK);
    size_t peak = 0;
    for (size_t k = 1; k < info.n_rows; k++)
        if (f[3 * k + 1] > f[3 * peak + 1])
            peak = k;
    ck_assert_uint_eq(peak, 742);
    free(f);
    gait_mot_close(mot);
}
END_TEST

/* Hamner's odd combined file: the header claims 901 rows and range 0-15 s, the file holds 601
 * rows (0-10 s); 23 zero coordinate columns before the forces. */
START_TEST(test_hamner_odd_grf)
{
    if (test_skip_without_shared_data("test_hamner_odd_grf"))
        return;
    gait_mot *mot = open_shared("opensim-hamner-run/subject02_running_grf.mot");
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 601);
    ck_assert_uint_eq(info.n_columns, 42);
    ck_assert_int_eq(info.header_n_rows, 901);
    ck_assert_int_eq(info.header_n_columns, 42);
    ck_assert_str_eq(info.name, "subject02_running.mot");
    ck_assert_uint_eq(info.n_warnings, 1);
    ck_assert_ptr_nonnull(strstr(gait_mot_warning(mot, 0), "901 rows but the file holds 601"));
    ck_assert_double_eq(time_at(mot, 1), 0.017);
    ck_assert_double_eq(time_at(mot, 600), 10.0);
    ck_assert_double_eq(value_at(mot, "pelvis_tx", 300), 0.0);
    ck_assert_uint_eq(info.n_grf, 2);
    grf_sample s = grf_at(mot, 0, 486);
    ck_assert_str_eq(s.meta.name, "ground_force");
    assert_columns(s.meta.force_column, 24, 25, 26);
    assert_columns(s.meta.torque_column, 36, 37, 38);
    ck_assert_double_eq(s.force[1], 1573.53437);
    ck_assert_double_eq(s.cop[0], 0.86732097);
    s = grf_at(mot, 1, 135);
    ck_assert_str_eq(s.meta.name, "1_ground_force");
    ck_assert_double_eq(s.force[1], 1618.255713);
    ck_assert_double_eq(s.cop[0], 0.79094718);
    ck_assert_double_eq(s.torque[1], 6.11784996);
    gait_mot_close(mot);
}
END_TEST

/* OpenSim 4 "version=3" header without a name line; AddBiomechanics' ground_force_N_m* torques. */
START_TEST(test_nimble_eight_plates)
{
    if (test_skip_without_shared_data("test_nimble_eight_plates"))
        return;
    gait_mot *mot = open_shared("nimble-sprint-c3d/opensim_results/JA1Gait35_grf.mot");
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 322);
    ck_assert_uint_eq(info.n_columns, 73);
    ck_assert_int_eq(info.version, 3);
    ck_assert_str_eq(info.name, "");
    ck_assert_uint_eq(info.n_grf, 8);
    for (size_t i = 0; i < 8; i++) {
        gait_mot_grf meta;
        ck_assert_int_eq(gait_mot_get_grf(mot, i, &meta, NULL, NULL, NULL), GAIT_OK);
        char name[32];
        snprintf(name, sizeof name, "ground_force_%zu", i + 1);
        ck_assert_str_eq(meta.name, name);
        assert_columns(meta.force_column, 1 + 9 * i, 2 + 9 * i, 3 + 9 * i);
        assert_columns(meta.torque_column, 7 + 9 * i, 8 + 9 * i, 9 + 9 * i);
    }
    grf_sample s = grf_at(mot, 1, 94);
    ck_assert_str_eq(s.meta.torque_identifier, "ground_force_2_m");
    ck_assert_double_eq(s.force[1], 2434.32);
    ck_assert_double_eq(s.cop[0], -2.30932);
    ck_assert_double_eq(s.torque[1], 17.0996);
    ck_assert_double_eq(grf_at(mot, 7, 265).force[1], 2153.82);
    ck_assert_double_eq(time_at(mot, 94), 0.376);
    gait_mot_close(mot);
}
END_TEST

/* IK and ID tables: inDegrees, free text and blank lines in the header, padded numbers. */
START_TEST(test_ik_and_id)
{
    if (test_skip_without_shared_data("test_ik_and_id"))
        return;
    gait_mot *mot = open_shared("opensim-gait2354-walk/reference/subject01_walk1_ik.mot");
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 73);
    ck_assert_uint_eq(info.n_columns, 24);
    ck_assert_int_eq(info.in_degrees, 1);
    ck_assert_str_eq(info.name, "Coordinates");
    ck_assert_uint_eq(info.n_grf, 0);
    ck_assert_double_eq(value_at(mot, "ankle_angle_r", 0), 2.56726654);
    ck_assert_double_eq(value_at(mot, "ankle_angle_r", 72), 1.89605611);
    ck_assert_double_eq(value_at(mot, "knee_angle_r", 72), -62.85809655);
    ck_assert_double_eq(time_at(mot, 72), 1.6);
    gait_mot_close(mot);

    mot = open_shared("nimble-sprint-c3d/opensim_results/JA1Gait35_ik.mot");
    info = info_of(mot);
    ck_assert_int_eq(info.in_degrees, 0);
    ck_assert_uint_eq(info.n_rows, 322);
    ck_assert_double_eq(value_at(mot, "ankle_angle_r", 321), 0.197927);
    gait_mot_close(mot);

    mot = open_shared("opensim-gait2354-walk/reference/inverse_dynamics.sto");
    info = info_of(mot);
    ck_assert_int_eq(info.in_degrees, 0);
    ck_assert_str_eq(info.name, "Inverse Dynamics Generalized Forces");
    ck_assert_double_eq(value_at(mot, "ankle_angle_r_moment", 0), 2.03582320);
    ck_assert_double_eq(value_at(mot, "ankle_angle_r_moment", 72), 1.13774053);
    ck_assert_double_eq(time_at(mot, 0), 0.39999976);
    gait_mot_close(mot);

    static const char *const others[] = {
        "opensim-gait2354-walk/reference/Gait10dof18musc_subject01_walk_ID.sto",
        "opensim-gait2354-walk/reference/Gait10dof18musc_subject01_walk_IK.mot",
        "opensim-hamner-run/reference/subject02_running_ik.mot",
        "nimble-sprint-c3d/opensim_results/JA1Gait35_ik_by_opensim.mot",
        "nimble-sprint-c3d/opensim_results/JA1Gait35_id_output.sto"};
    static const size_t rows[] = {151, 151, 599, 322, 322};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        mot = open_shared(others[i]);
        info = info_of(mot);
        ck_assert_uint_eq(info.n_rows, rows[i]);
        ck_assert_int_eq(info.header_n_rows, (long)rows[i]);
        ck_assert_uint_eq(info.n_warnings, 0);
        gait_mot_close(mot);
    }
}
END_TEST

/* ---- in-memory files ---- */

START_TEST(test_header_styles)
{
    /* Version 1 with BOM, CRLF, free text, blank lines, keys in any case, a short row. */
    gait_mot *mot = open_text("\xEF\xBB\xBFmy table\r\nversion=2\r\nnrows=3\r\nNCOLUMNS=3\r\n"
                              "inDegrees=NO\r\n\r\nsome text: a=b\r\nendheader\r\n"
                              "time\tq1\tq2\r\n0\t1.5\t-2\r\n0.01\t\tnan\r\n0.02\t3\r\n\r\n");
    gait_mot_info info = info_of(mot);
    ck_assert_str_eq(info.name, "my table");
    ck_assert_int_eq(info.version, 2);
    ck_assert_int_eq(info.in_degrees, 0);
    ck_assert_uint_eq(info.n_rows, 3);
    ck_assert_uint_eq(info.n_columns, 3);
    ck_assert_uint_eq(info.n_warnings, 1);
    ck_assert_ptr_nonnull(strstr(gait_mot_warning(mot, 0), "(the first on line 12)"));
    double q1[3], q2[3];
    ck_assert_int_eq(gait_mot_get_column(mot, 1, q1), GAIT_OK);
    ck_assert_int_eq(gait_mot_get_column(mot, 2, q2), GAIT_OK);
    ck_assert_double_eq(q1[0], 1.5);
    ck_assert(isnan(q1[1]));
    ck_assert_double_eq(q1[2], 3.0);
    ck_assert_double_eq(q2[0], -2.0);
    ck_assert(isnan(q2[1]) && isnan(q2[2]));
    size_t index;
    ck_assert_int_eq(gait_mot_find_column(mot, "Q1", &index), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_mot_find_column(mot, "q2", &index), GAIT_OK);
    ck_assert_uint_eq(index, 2);
    ck_assert_int_eq(gait_mot_get_column(mot, 3, q1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_mot_get_grf(mot, 0, NULL, NULL, NULL, NULL), GAIT_E_INVALID_ARG);
    gait_mot_close(mot);

    /* Old SIMM style, space separated; header counts that disagree. */
    mot = open_text("name walk.mot\ndatacolumns 4\ndatarows 5\nrange 0 1\nendheader\n"
                    "   time   a   b\n  0  1  2\n  1  3  4  \n");
    info = info_of(mot);
    ck_assert_str_eq(info.name, "walk.mot");
    ck_assert_uint_eq(info.n_rows, 2);
    ck_assert_uint_eq(info.n_columns, 3);
    ck_assert_uint_eq(info.n_warnings, 2);
    ck_assert_double_eq(value_at(mot, "b", 1), 4.0);
    gait_mot_close(mot);

    /* No header: comments, then a comma-separated table starting with time (as gait_csv_write
     * makes); duplicate labels: the first wins. */
    mot = open_text("# made by hand\ntime,x,x\n0,1,2\n");
    info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 1);
    ck_assert_int_eq(info.version, 0);
    ck_assert_uint_eq(info.n_warnings, 1);
    ck_assert_ptr_nonnull(strstr(gait_mot_warning(mot, 0), "no header"));
    ck_assert_double_eq(value_at(mot, "x", 0), 1.0);
    gait_mot_close(mot);

    /* No time column: get_times says so. */
    mot = open_text("endheader\nt\ta\n0\t1\n");
    info = info_of(mot);
    ck_assert_uint_eq(info.time_column, GAIT_MOT_NO_COLUMN);
    double t[1];
    ck_assert_int_eq(gait_mot_get_times(mot, t), GAIT_E_NO_DATA);
    gait_mot_close(mot);
}
END_TEST

START_TEST(test_grf_detection)
{
    gait_mot *mot = open_text(
        "endheader\ntime\tcalcn_l_force_vx\tcalcn_l_force_vy\tcalcn_l_force_vz\tcalcn_l_torque_x\t"
        "calcn_l_torque_y\tcalcn_l_torque_z\tr_ground_force_vx\tr_ground_force_vy\t"
        "r_ground_force_vz\tr_ground_force_px\tr_ground_force_py\tr_ground_moment_x\t"
        "r_ground_moment_y\tr_ground_moment_z\tright_vx\tright_vy\n"
        "0\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\n");
    ck_assert_uint_eq(gait_mot_grf_count(mot), 2);
    grf_sample s = grf_at(mot, 0, 0);
    ck_assert_str_eq(s.meta.name, "calcn_l_force");
    ck_assert_int_eq(s.meta.side, 'l');
    ck_assert_str_eq(s.meta.point_identifier, "");
    ck_assert_str_eq(s.meta.torque_identifier, "calcn_l_torque_");
    assert_columns(s.meta.point_column, GAIT_MOT_NO_COLUMN, GAIT_MOT_NO_COLUMN, GAIT_MOT_NO_COLUMN);
    ck_assert(isnan(s.cop[0]) && isnan(s.cop[1]) && isnan(s.cop[2]));
    ck_assert_double_eq(s.force[2], 3.0);
    ck_assert_double_eq(s.torque[0], 4.0);
    s = grf_at(mot, 1, 0);
    ck_assert_str_eq(s.meta.name, "r_ground_force");
    ck_assert_int_eq(s.meta.side, 'r');
    ck_assert_str_eq(s.meta.point_identifier, ""); /* px, py but no pz */
    ck_assert_str_eq(s.meta.torque_identifier, "r_ground_moment_");
    ck_assert_double_eq(s.force[0], 7.0);
    ck_assert_double_eq(s.torque[2], 14.0);
    ck_assert(isnan(s.cop[0]));
    ck_assert_int_eq(gait_mot_get_grf(mot, 2, NULL, NULL, NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_mot_get_grf(NULL, 0, NULL, NULL, NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_uint_eq(gait_mot_grf_count(NULL), 0);
    gait_mot_close(mot);

    /* Left and right tokens together, or none: '?'. */
    mot = open_text("endheader\ntime\tl_r_vx\tl_r_vy\tl_r_vz\tleft.plate_vx\tleft.plate_vy\t"
                    "left.plate_vz\n0\t1\t2\t3\t4\t5\t6\n");
    ck_assert_uint_eq(gait_mot_grf_count(mot), 2);
    ck_assert_int_eq(grf_at(mot, 0, 0).meta.side, '?');
    ck_assert_int_eq(grf_at(mot, 1, 0).meta.side, 'l');
    gait_mot_close(mot);
}
END_TEST

START_TEST(test_malformed)
{
    expect_memory("", GAIT_E_NO_DATA, "empty input");
    expect_memory("hello\nworld\n", GAIT_E_FORMAT, "no 'endheader' line");
    expect_memory("a\nversion=one\nendheader\ntime\n", GAIT_E_FORMAT,
                  "mem.mot:2:9: version: 'one' is not a number");
    expect_memory("a\nversion=1.5\nendheader\ntime\n", GAIT_E_FORMAT, "not a whole number");
    expect_memory("a\ninDegrees=maybe\nendheader\ntime\n", GAIT_E_FORMAT,
                  "mem.mot:2:11: inDegrees: 'maybe' is neither yes nor no");
    expect_memory("a\nnRows=-1\nendheader\ntime\n", GAIT_E_FORMAT, "nRows: '-1' is not a whole");
    expect_memory("a\ndatarows\nendheader\ntime\n", GAIT_E_FORMAT, "mem.mot:2: datarows has no");
    expect_memory("a\ndatarows  x7\nendheader\ntime\n", GAIT_E_FORMAT,
                  "mem.mot:2:11: datarows: 'x7' is not a number");
    expect_memory("a\nendheader\n\n", GAIT_E_FORMAT, "no column-label line after the header");
    expect_memory("endheader\ntime\t\tb\n", GAIT_E_FORMAT, "mem.mot:2:6: column 2 has no label");
    expect_memory("endheader\ntime\tb\n0\t1\n1\t2b\n", GAIT_E_FORMAT,
                  "mem.mot:4:3: column 'b': '2b' is not a number");
    expect_memory("endheader\ntime\tb\n0\t1\t\t5\n", GAIT_E_FORMAT,
                  "mem.mot:3:6: value in column 4, but there are only 2 column labels");
    expect_memory("endheader\ntime\tb\n0\t\"1\n", GAIT_E_FORMAT, "mem.mot:3:3: unterminated quote");
    expect_memory("endheader\n\"time\tb\n", GAIT_E_FORMAT, "unterminated quote in the column");

    /* Trailing empty cells beyond the labels are fine (trailing tabs). */
    gait_mot *mot = open_text("endheader\ntime\tb\t\t\n0\t1\t\t\n");
    ck_assert_uint_eq(info_of(mot).n_columns, 2);
    gait_mot_close(mot);
}
END_TEST

START_TEST(test_memory_bound)
{
    size_t n_columns = 5000, n_rows = 5000;
    size_t capacity = 64 + n_columns * 8 + n_rows * 3;
    char *text = malloc(capacity);
    size_t n = (size_t)snprintf(text, capacity, "endheader\ntime");
    for (size_t c = 1; c < n_columns; c++)
        n += (size_t)snprintf(text + n, capacity - n, "\tc%zu", c);
    n += (size_t)snprintf(text + n, capacity - n, "\n");
    for (size_t r = 0; r < n_rows; r++)
        n += (size_t)snprintf(text + n, capacity - n, "%zu\n", r % 10);
    gait_mot *mot = NULL;
    ck_assert_int_eq(gait_mot_open_memory(text, n, "big.mot", &mot), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "more cells than the input has bytes"));
    free(text);
}
END_TEST

START_TEST(test_arguments)
{
    gait_mot *mot = (gait_mot *)0x1;
    ck_assert_int_eq(gait_mot_open(NULL, &mot), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(mot);
    ck_assert_int_eq(gait_mot_open("/nonexistent/x.mot", &mot), GAIT_E_IO);
    ck_assert_int_eq(gait_mot_open_memory(NULL, 3, NULL, &mot), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_mot_open_memory("x", 1, NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_mot_open_memory("x", 1, NULL, &mot), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "<memory>"));
    gait_mot_close(NULL);
    ck_assert_ptr_null(gait_mot_column_label(NULL, 0));
    ck_assert_ptr_null(gait_mot_warning(NULL, 0));
    ck_assert_int_eq(gait_mot_get_info(NULL, NULL), GAIT_E_INVALID_ARG);
}
END_TEST

static void check_prefix(const char *data, size_t size, const char *name, void *context)
{
    (void)context;
    gait_mot *mot = NULL;
    gait_status status = gait_mot_open_memory(data, size, name, &mot);
    ck_assert((status == GAIT_OK) == (mot != NULL));
    gait_mot_close(mot);
}

static void check_mutant(const char *data, size_t size, const char *name, void *context)
{
    (void)context;
    gait_mot *mot = NULL;
    gait_status status = gait_mot_open_memory(data, size, name, &mot);
    ck_assert((status == GAIT_OK) == (mot != NULL));
    if (status == GAIT_OK) {
        gait_mot_info info = info_of(mot);
        double *buffer = malloc((3 * info.n_rows + 1) * sizeof *buffer);
        for (size_t c = 0; c < info.n_columns; c++)
            ck_assert_int_eq(gait_mot_get_column(mot, c, buffer), GAIT_OK);
        for (size_t g = 0; g < info.n_grf; g++)
            ck_assert_int_eq(gait_mot_get_grf(mot, g, NULL, buffer, buffer, buffer), GAIT_OK);
        free(buffer);
    }
    gait_mot_close(mot);
}

START_TEST(test_truncated_and_mutated)
{
    static const char text[] = "grf\nversion=1\nnRows=2\nnColumns=7\ninDegrees=no\nendheader\n"
                               "time\tg_vx\tg_vy\tg_vz\tg_px\tg_py\tg_pz\n"
                               "0\t1\t2\t3\t4\t5\t6\n0.5\t-1e3\t\t3.25\tnan\t5\t6\n";
    const size_t size = sizeof text - 1;
    test_each_prefix(text, size, check_prefix, NULL);
    static const char bytes[] = {'\0', '\t', '\n', '\r', '"', '-', '=', 'e', '9', ' ', ',', '\xff'};
    test_each_mutant(text, size, bytes, sizeof bytes, 777, 4000, check_mutant, NULL);
}
END_TEST

/* ---- CSV writer ---- */

START_TEST(test_csv_exact_text)
{
    const char *comments[] = {"libgait test", "two\nlines"};
    const char *names[] = {"time", "a,b", "q\"x"};
    const double values[] = {0.0, 0.1, NAN, 1.0 / 3.0, -1e-300, 1e300, 2.5, INFINITY, -0.0};
    FILE *stream = tmpfile();
    ck_assert_ptr_nonnull(stream);
    ck_assert_int_eq(gait_csv_write_stream(stream, comments, 2, names, 3, values, 3), GAIT_OK);
    size_t size;
    char *text = test_read_stream_text(stream, &size);
    ck_assert_str_eq(text, "# libgait test\n# two\n# lines\n"
                           "time,\"a,b\",\"q\"\"x\"\n"
                           "0,0.1,\n"
                           "0.3333333333333333,-1e-300,1e+300\n"
                           "2.5,inf,-0\n");

    /* Read back with the MOT reader (no header, comma separated, quoted labels). */
    gait_mot *mot = NULL;
    ck_assert_int_eq(gait_mot_open_memory(text, size, "csv", &mot), GAIT_OK);
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, 3);
    ck_assert_uint_eq(info.n_columns, 3);
    ck_assert_str_eq(gait_mot_column_label(mot, 1), "a,b");
    ck_assert_str_eq(gait_mot_column_label(mot, 2), "q\"x");
    for (size_t c = 0; c < 3; c++) {
        double column[3];
        ck_assert_int_eq(gait_mot_get_column(mot, c, column), GAIT_OK);
        for (size_t r = 0; r < 3; r++) {
            double expected = values[r * 3 + c];
            if (isnan(expected))
                ck_assert(isnan(column[r]));
            else
                ck_assert_double_eq(column[r], expected);
        }
    }
    gait_mot_close(mot);
    free(text);
    fclose(stream);

    /* No comments, no rows: just the header. */
    stream = tmpfile();
    ck_assert_int_eq(gait_csv_write_stream(stream, NULL, 0, names, 1, NULL, 0), GAIT_OK);
    text = test_read_stream_text(stream, &size);
    ck_assert_str_eq(text, "time\n");
    free(text);
    fclose(stream);
}
END_TEST

/* 3000 random doubles (random bit patterns: subnormals, huge and tiny magnitudes, both signs)
 * written to a path and read back bit for bit. */
START_TEST(test_csv_round_trip_path)
{
    enum { rows = 1000, columns = 3 };
    double *values = malloc(rows * columns * sizeof *values);
    uint64_t state = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < rows * columns; i++) {
        double x;
        do {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            memcpy(&x, &state, sizeof x);
        } while (!isfinite(x));
        values[i] = i % 3 == 0 ? (double)i * 0.001 : x;
    }
    values[7] = NAN;
    char path[] = "/tmp/gait_csv_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    const char *names[] = {"time", "u", "v"};
    const char *comment = "random doubles";
    ck_assert_int_eq(gait_csv_write(path, &comment, 1, names, columns, values, rows), GAIT_OK);
    gait_mot *mot = NULL;
    ck_assert_int_eq(gait_mot_open(path, &mot), GAIT_OK);
    unlink(path);
    gait_mot_info info = info_of(mot);
    ck_assert_uint_eq(info.n_rows, rows);
    double *column = malloc(rows * sizeof *column);
    for (size_t c = 0; c < columns; c++) {
        ck_assert_int_eq(gait_mot_get_column(mot, c, column), GAIT_OK);
        for (size_t r = 0; r < rows; r++) {
            double expected = values[r * columns + c];
            if (isnan(expected)) {
                ck_assert(isnan(column[r]));
                continue;
            }
            ck_assert_msg(memcmp(&column[r], &expected, sizeof expected) == 0,
                          "row %zu column %zu: %.17g read back as %.17g", r, c, expected,
                          column[r]);
        }
    }
    free(column);
    gait_mot_close(mot);
    free(values);
}
END_TEST

START_TEST(test_csv_errors)
{
    const char *names[] = {"a", NULL};
    const double values[] = {1.0, 2.0};
    FILE *stream = tmpfile();
    ck_assert_int_eq(gait_csv_write_stream(NULL, NULL, 0, names, 1, values, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_csv_write_stream(stream, NULL, 0, names, 0, values, 1),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_csv_write_stream(stream, NULL, 0, names, 2, values, 1),
                     GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "column name 1 is NULL"));
    ck_assert_int_eq(gait_csv_write_stream(stream, NULL, 1, names, 1, values, 1),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_csv_write_stream(stream, NULL, 0, names, 1, NULL, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_csv_write(NULL, NULL, 0, names, 1, values, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_csv_write("/nonexistent/dir/x.csv", NULL, 0, names, 1, values, 1),
                     GAIT_E_IO);
    fclose(stream);

    /* A stream open for reading only cannot be written. */
    char path[] = "/tmp/gait_csv_ro_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    FILE *read_only = fopen(path, "r");
    ck_assert_int_eq(gait_csv_write_stream(read_only, NULL, 0, names, 1, values, 2), GAIT_E_IO);
    fclose(read_only);
    unlink(path);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("mot");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 120);
    tcase_add_test(corpus, test_gait2354_grf);
    tcase_add_test(corpus, test_rajagopal_grf);
    tcase_add_test(corpus, test_hamner_odd_grf);
    tcase_add_test(corpus, test_nimble_eight_plates);
    tcase_add_test(corpus, test_ik_and_id);
    suite_add_tcase(suite, corpus);
    TCase *memory = tcase_create("memory");
    tcase_set_timeout(memory, 120);
    tcase_add_test(memory, test_header_styles);
    tcase_add_test(memory, test_grf_detection);
    tcase_add_test(memory, test_malformed);
    tcase_add_test(memory, test_memory_bound);
    tcase_add_test(memory, test_arguments);
    tcase_add_test(memory, test_truncated_and_mutated);
    suite_add_tcase(suite, memory);
    TCase *csv = tcase_create("csv");
    tcase_add_test(csv, test_csv_exact_text);
    tcase_add_test(csv, test_csv_round_trip_path);
    tcase_add_test(csv, test_csv_errors);
    suite_add_tcase(suite, csv);
    return suite;
}
