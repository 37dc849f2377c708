/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The C3D reader against the corpus in ../shared/data: the manifest (tests/c3d_manifest.txt), the
 * six encodings of the same trials, events with published times, and broken input. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gait/gait.h>

#include "check_runner.h"

#define MANIFEST_MAX 256

typedef struct manifest_row {
    char path[512];
    char expect[64];
    size_t points, analog_channels, frames;
    double point_rate_hz, analog_rate_hz;
} manifest_row;

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static size_t read_manifest(manifest_row *rows)
{
    FILE *file = test_open_ref("../c3d_manifest.txt");
    char line[2048];
    size_t n = 0;
    while (test_next_data_line(file, line, sizeof line)) {
        ck_assert_uint_lt(n, MANIFEST_MAX);
        char *fields[8] = {0};
        char *cursor = line;
        for (int f = 0; f < 8 && cursor != NULL; f++) {
            fields[f] = cursor;
            cursor = strchr(cursor, '|');
            if (cursor != NULL)
                *cursor++ = '\0';
        }
        ck_assert_msg(fields[6] != NULL, "manifest line %zu is short", n + 1);
        manifest_row *r = &rows[n++];
        snprintf(r->path, sizeof r->path, "%s", trim(fields[0]));
        snprintf(r->expect, sizeof r->expect, "%s", trim(fields[1]));
        r->points = strtoul(fields[2], NULL, 10);
        r->point_rate_hz = strtod(fields[3], NULL);
        r->analog_channels = strtoul(fields[4], NULL, 10);
        r->analog_rate_hz = strtod(fields[5], NULL);
        r->frames = strtoul(fields[6], NULL, 10);
    }
    fclose(file);
    return n;
}

static const char *status_name(gait_status s)
{
    static const char *const names[GAIT_STATUS_COUNT] = {"ok",
                                                         "GAIT_E_IO",
                                                         "GAIT_E_FORMAT",
                                                         "GAIT_E_INVALID_ARG",
                                                         "GAIT_E_NOMEM",
                                                         "GAIT_E_UNSUPPORTED",
                                                         "GAIT_E_NO_DATA",
                                                         "GAIT_E_NUMERIC",
                                                         "GAIT_E_BUFFER_SIZE",
                                                         "GAIT_E_INTERNAL"};
    return (int)s >= 0 && (int)s < GAIT_STATUS_COUNT ? names[s] : "?";
}

static int close_rate(double got, double expected)
{
    return fabs(got - expected) <= 1e-4 * fmax(1.0, expected);
}

START_TEST(manifest_matches_every_file)
{
    if (test_skip_without_shared_data("manifest"))
        return;
    static manifest_row rows[MANIFEST_MAX];
    size_t n = read_manifest(rows);
    ck_assert_uint_ge(n, 80);
    for (size_t i = 0; i < n; i++) {
        char path[TEST_PATH_CAPACITY];
        gait_c3d *c3d = NULL;
        gait_status status = gait_c3d_open(test_shared_path(path, rows[i].path), &c3d);
        ck_assert_msg(strcmp(status_name(status), rows[i].expect) == 0, "%s: got %s (%s), want %s",
                      rows[i].path, status_name(status), gait_last_error_detail(), rows[i].expect);
        if (status != GAIT_OK) {
            ck_assert_ptr_null(c3d);
            ck_assert_str_ne(gait_last_error_detail(), "");
            continue;
        }
        gait_c3d_info info;
        ck_assert_int_eq(gait_c3d_get_info(c3d, &info), GAIT_OK);
        ck_assert_msg(info.n_points == rows[i].points && info.n_frames == rows[i].frames &&
                          info.n_analog_channels == rows[i].analog_channels &&
                          close_rate(info.point_rate_hz, rows[i].point_rate_hz) &&
                          close_rate(info.n_analog_channels ? info.analog_rate_hz : 0.0,
                                     rows[i].analog_rate_hz),
                      "%s: %zu points @ %g Hz, %zu analog @ %g Hz, %zu frames", rows[i].path,
                      info.n_points, info.point_rate_hz, info.n_analog_channels,
                      info.analog_rate_hz, info.n_frames);
        gait_c3d_close(c3d);
    }
}
END_TEST

/* Recursively count the .c3d files below dir and check each is in the manifest. */
static size_t check_listed(const char *root, const char *relative, const manifest_row *rows,
                           size_t n_rows)
{
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/%s", root, relative);
    DIR *dir = opendir(dir_path);
    if (dir == NULL)
        return 0;
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        char child[4096], full[8192];
        snprintf(child, sizeof child, "%s%s%s", relative, relative[0] ? "/" : "", entry->d_name);
        snprintf(full, sizeof full, "%s/%s", root, child);
        struct stat st;
        if (stat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            count += check_listed(root, child, rows, n_rows);
            continue;
        }
        size_t length = strlen(entry->d_name);
        if (length < 4 || strcasecmp(entry->d_name + length - 4, ".c3d") != 0)
            continue;
        int listed = 0;
        for (size_t i = 0; i < n_rows && !listed; i++)
            listed = strcmp(rows[i].path, child) == 0;
        ck_assert_msg(listed, "%s is not in tests/c3d_manifest.txt", child);
        count++;
    }
    closedir(dir);
    return count;
}

START_TEST(manifest_lists_every_corpus_file)
{
    if (test_skip_without_shared_data("manifest listing"))
        return;
    static manifest_row rows[MANIFEST_MAX];
    size_t n = read_manifest(rows);
    ck_assert_uint_eq(check_listed(test_shared_data_dir(), "", rows, n), n);
}
END_TEST

/* ---- the same trial in six encodings ---- */

typedef struct decoded {
    gait_c3d_info info;
    double *points; /* n_points x n_frames x 3 */
    double *analog; /* n_channels x n_samples */
} decoded;

static decoded decode_file(const char *relative)
{
    decoded d;
    gait_c3d *c3d = test_open_shared_c3d(relative);
    gait_c3d_get_info(c3d, &d.info);
    size_t nf = d.info.n_frames, ns = nf * d.info.analog_samples_per_frame;
    d.points = malloc((d.info.n_points * nf * 3 + 1) * sizeof *d.points);
    d.analog = malloc((d.info.n_analog_channels * ns + 1) * sizeof *d.analog);
    ck_assert(d.points != NULL && d.analog != NULL);
    for (size_t p = 0; p < d.info.n_points; p++)
        ck_assert_int_eq(gait_c3d_get_point(c3d, p, d.points + p * nf * 3, NULL), GAIT_OK);
    for (size_t c = 0; c < d.info.n_analog_channels; c++)
        ck_assert_int_eq(gait_c3d_get_analog(c3d, c, d.analog + c * ns), GAIT_OK);
    gait_c3d_close(c3d);
    return d;
}

/* Every encoding decodes to the reference within one int16 step: |POINT:SCALE| in the point units
 * for coordinates, and the analog channel's SCALE x GEN_SCALE for analog (read from the int file).
 */
static void check_encodings_agree(const char *const *files, size_t n_files, double point_step_m,
                                  double analog_step)
{
    decoded reference = decode_file(files[0]);
    for (size_t f = 1; f < n_files; f++) {
        double worst_point = 0.0, worst_analog = 0.0;
        decoded other = decode_file(files[f]);
        ck_assert_uint_eq(other.info.n_points, reference.info.n_points);
        ck_assert_uint_eq(other.info.n_frames, reference.info.n_frames);
        ck_assert_uint_eq(other.info.n_analog_channels, reference.info.n_analog_channels);
        size_t n_values = reference.info.n_points * reference.info.n_frames * 3;
        for (size_t k = 0; k < n_values; k++) {
            double a = reference.points[k], b = other.points[k];
            if (isnan(a) || isnan(b))
                continue; /* residual flags differ between encodings (noted by c3dio) */
            worst_point = fmax(worst_point, fabs(a - b));
        }
        size_t n_analog = reference.info.n_analog_channels * reference.info.n_frames *
                          reference.info.analog_samples_per_frame;
        for (size_t k = 0; k < n_analog; k++)
            worst_analog = fmax(worst_analog, fabs(reference.analog[k] - other.analog[k]));
        fprintf(stderr, "%s vs %s: max point difference %.3g m, analog %.3g\n", files[f], files[0],
                worst_point, worst_analog);
        ck_assert_msg(worst_point <= point_step_m * (1.0 + 1e-9),
                      "%s: points differ by %g m (step %g)", files[f], worst_point, point_step_m);
        ck_assert_msg(worst_analog <= analog_step * (1.0 + 1e-9),
                      "%s: analog differs by %g (step %g)", files[f], worst_analog, analog_step);
        free(other.points);
        free(other.analog);
    }
    free(reference.points);
    free(reference.analog);
}

/* The int16 coordinate step of an int-stored file, in metres, and the largest analog step. */
static void int_steps(const char *relative, double *point_step_m, double *analog_step)
{
    gait_c3d *c3d = test_open_shared_c3d(relative);
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    *point_step_m = fabs(info.point_scale) * info.point_units_m;
    double scales[512], gen_scale = 1.0;
    size_t n = 0;
    ck_assert_int_eq(gait_c3d_param_doubles(c3d, "ANALOG", "SCALE", scales, 512, &n), GAIT_OK);
    ck_assert_int_eq(gait_c3d_param_doubles(c3d, "ANALOG", "GEN_SCALE", &gen_scale, 1, NULL),
                     GAIT_OK);
    *analog_step = 0.0;
    for (size_t i = 0; i < n && i < 512; i++)
        *analog_step = fmax(*analog_step, fabs(scales[i] * gen_scale));
    gait_c3d_close(c3d);
}

/* Two trials in six encodings each (PC, DEC and SGI; int and real), the first int-stored. */
static const char *const SIX_ENCODINGS[][6] = {
    {
        "c3dorg-format-edgecases/sample01/Eb015pi.c3d",
        "c3dorg-format-edgecases/sample01/Eb015pr.c3d",
        "c3dorg-format-edgecases/sample01/Eb015si.c3d",
        "c3dorg-format-edgecases/sample01/Eb015sr.c3d",
        "c3dorg-format-edgecases/sample01/Eb015vi.c3d",
        "c3dorg-format-edgecases/sample01/Eb015vr.c3d",
    },
    {
        "c3dorg-format-edgecases/sample02/pc_int.c3d",
        "c3dorg-format-edgecases/sample02/pc_real.c3d",
        "c3dorg-format-edgecases/sample02/DEC_INT.C3D",
        "c3dorg-format-edgecases/sample02/Dec_real.c3d",
        "c3dorg-format-edgecases/sample02/sgi_int.c3d",
        "c3dorg-format-edgecases/sample02/sgi_real.c3d",
    },
};
#define N_SIX_ENCODINGS (sizeof SIX_ENCODINGS / sizeof SIX_ENCODINGS[0])

START_TEST(six_encodings_agree)
{
    if (test_skip_without_shared_data("encodings"))
        return;
    const char *const *files = SIX_ENCODINGS[_i];
    double point_step, analog_step;
    int_steps(files[0], &point_step, &analog_step);
    check_encodings_agree(files, 6, point_step, analog_step);
}
END_TEST

/* ---- events, labels, parameters ---- */

static void check_event(gait_c3d *c3d, size_t i, const char *label, const char *context,
                        double time_s)
{
    gait_c3d_event e;
    ck_assert_int_eq(gait_c3d_get_event(c3d, i, &e), GAIT_OK);
    ck_assert_str_eq(e.label, label);
    ck_assert_str_eq(e.context, context);
    ck_assert_double_eq_tol(e.time_s, time_s, 1e-3);
}

START_TEST(qualisys_events_and_clock)
{
    if (test_skip_without_shared_data("events"))
        return;
    /* Times from ../shared/data/ezc3d-testfiles/README.txt: LHS 3.590, RTO 3.685, RHS 4.050, LTO
     * 4.160, LHS 4.535, RTO 4.650, RHS 5.030; frames 705..1044 at 200 Hz. */
    gait_c3d *c3d = test_open_shared_c3d("ezc3d-testfiles/Qualisys.c3d");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    ck_assert_uint_eq(info.n_events, 7);
    ck_assert_int_eq(info.first_frame, 705);
    const char *labels[] = {"LHS", "RTO", "RHS", "LTO", "LHS", "RTO", "RHS"};
    const double times[] = {3.590, 3.685, 4.050, 4.160, 4.535, 4.650, 5.030};
    for (size_t i = 0; i < 7; i++) {
        gait_c3d_event e;
        ck_assert_int_eq(gait_c3d_get_event(c3d, i, &e), GAIT_OK);
        ck_assert_str_eq(e.label, labels[i]);
        ck_assert_double_eq_tol(e.time_s, times[i], 1e-4);
        /* Every event falls within the recording on the file clock. */
        double start_s = (double)(info.first_frame - 1) / info.point_rate_hz;
        ck_assert(e.time_s >= start_s && e.time_s <= start_s + info.n_frames / info.point_rate_hz);
    }
    ck_assert_int_eq(gait_c3d_get_event(c3d, 7, &(gait_c3d_event){0}), GAIT_E_INVALID_ARG);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(vicon_events_contexts_and_subject_labels)
{
    if (test_skip_without_shared_data("labels"))
        return;
    /* PlugInC3D.c3d's EVENT group (times = minutes * 60 + seconds as stored). */
    gait_c3d *c3d = test_open_shared_c3d("btk-gait-c3d/PlugInC3D.c3d");
    check_event(c3d, 0, "Foot Strike", "Right", 1.1167);
    check_event(c3d, 1, "Foot Off", "Left", 1.3);
    check_event(c3d, 7, "Foot Off", "Right", 3.1);
    gait_c3d_close(c3d);

    c3d = test_open_shared_c3d("btk-gait-c3d/sub_labels.c3d");
    size_t index;
    ck_assert_int_eq(gait_c3d_find_point(c3d, "Matt:RASI", &index), GAIT_OK);
    size_t plain;
    ck_assert_int_eq(gait_c3d_find_point(c3d, "RASI", &plain), GAIT_OK);
    ck_assert_uint_eq(index, plain);
    ck_assert_str_eq(gait_c3d_point_label(c3d, index), "Matt:RASI");
    ck_assert_int_eq(gait_c3d_find_point(c3d, "NOPE", &index), GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_c3d_find_analog(c3d, "FZ2", &index), GAIT_OK);
    ck_assert_str_eq(gait_c3d_analog_unit(c3d, index), "N");
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(parameters_by_shape_value_and_text)
{
    if (test_skip_without_shared_data("parameters"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("c3dorg-format-edgecases/sample01/Eb015pi.c3d");
    gait_c3d_param_shape shape;
    ck_assert_int_eq(gait_c3d_param_shape_of(c3d, "FORCE_PLATFORM", "CORNERS", &shape), GAIT_OK);
    ck_assert_int_eq(shape.type, GAIT_C3D_REAL);
    ck_assert_int_eq(shape.n_dims, 3);
    ck_assert_int_eq(shape.dims[0], 3);
    ck_assert_int_eq(shape.dims[1], 4);
    ck_assert_int_eq(shape.dims[2], 2);
    double type[2];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(c3d, "force_platform", "type", type, 2, &n), GAIT_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq(type[0], 2.0);
    char text[64];
    ck_assert_int_eq(gait_c3d_param_string(c3d, "POINT", "LABELS", 0, text, sizeof text), GAIT_OK);
    ck_assert_str_eq(text, "RFT1");
    ck_assert_int_eq(gait_c3d_param_string(c3d, "POINT", "LABELS", 9999, text, sizeof text),
                     GAIT_E_NO_DATA);
    ck_assert_int_eq(gait_c3d_param_doubles(c3d, "POINT", "LABELS", type, 2, &n),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_param_shape_of(c3d, "NOPE", "NOPE", &shape), GAIT_E_NO_DATA);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(body_mass_from_processing_or_subject)
{
    if (test_skip_without_shared_data("body mass"))
        return;
    /* Values as stored in the files' parameter sections (PROCESSING:Bodymass, SUBJECT:WEIGHT). */
    const struct {
        const char *file;
        gait_status status;
        double mass_kg;
    } cases[] = {
        {"btk-gait-c3d/FunctionalWalk.c3d", GAIT_OK, 60.0},
        {"c3dorg-gait-reference/sample_00/pyCGM2_lower_limb_CGM24_Walking01.c3d", GAIT_OK, 77.625},
        {"c3dorg-format-edgecases/sample01/Eb015vi.c3d", GAIT_OK, 82.7},
        {"nimble-sprint-c3d/edge_cases/P04_1.5mps_05_no_points.c3d", GAIT_E_NO_DATA, 0.0},
        {"ezc3d-testfiles/Qualisys.c3d", GAIT_E_NO_DATA, 0.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gait_c3d *c3d = test_open_shared_c3d(cases[i].file);
        double mass_kg = -1.0;
        ck_assert_int_eq(gait_c3d_body_mass_kg(c3d, &mass_kg), cases[i].status);
        if (cases[i].status == GAIT_OK)
            ck_assert_double_eq_tol(mass_kg, cases[i].mass_kg, 1e-4);
        gait_c3d_close(c3d);
    }
}
END_TEST

/* Found by fuzzing: REAL parameters may hold any float. A plate TYPE of 4.7e30 and counts of 1e30
 * must give named results, not undefined conversions (UBSan watches in CI). */
START_TEST(absurd_real_parameters_are_named)
{
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(100.0, 10, 1, 1, &c3d), GAIT_OK);
    double values[10] = {0}; /* 10 frames x 1 sample per frame */
    for (int c = 0; c < 6; c++) {
        char label[8];
        snprintf(label, sizeof label, "CH%d", c + 1);
        ck_assert_int_eq(gait_c3d_add_analog(c3d, label, "N", values), GAIT_OK);
    }
    const double corners[12] = {0.6, 0.4, 0, 0, 0.4, 0, 0, 0, 0, 0.6, 0, 0};
    const double origin[3] = {0, 0, -0.04};
    const size_t channels[6] = {0, 1, 2, 3, 4, 5};
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 2, corners, origin, channels, 6), GAIT_OK);
    const double huge_type = 4.7e30, huge_count = 1e30;
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "FORCE_PLATFORM", "TYPE", &huge_type, 1),
                     GAIT_OK);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "FORCE_PLATFORM", "USED", &huge_count, 1),
                     GAIT_OK);
    unsigned char *bytes = NULL;
    size_t size = 0;
    ck_assert_int_eq(gait_c3d_write_memory(c3d, &bytes, &size), GAIT_OK);
    gait_c3d_close(c3d);
    ck_assert_int_eq(gait_c3d_open_memory(bytes, size, "absurd.c3d", &c3d), GAIT_OK);
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    ck_assert_uint_eq(info.n_force_platforms, 65535); /* the most C3D can count */
    gait_force_plate plate;
    ck_assert_int_eq(gait_c3d_get_force_plate(c3d, 0, &plate, NULL, NULL), GAIT_E_UNSUPPORTED);
    gait_c3d_close(c3d);
    gait_c3d_free_bytes(bytes);
}
END_TEST

/* ---- broken input: named errors, no crash, nothing lost that is valid ---- */

static gait_status open_bytes(const unsigned char *bytes, size_t size, gait_c3d **c3d)
{
    gait_clear_error();
    gait_status status = gait_c3d_open_memory(bytes, size, "test.c3d", c3d);
    if (status != GAIT_OK) {
        ck_assert_ptr_null(*c3d);
        ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "test.c3d"));
    }
    return status;
}

START_TEST(broken_headers_are_named)
{
    gait_c3d *c3d = NULL;
    unsigned char small[100] = {2, 0x50};
    ck_assert_int_eq(open_bytes(small, 0, &c3d), GAIT_E_FORMAT);
    ck_assert_int_eq(open_bytes(small, sizeof small, &c3d), GAIT_E_FORMAT);
    unsigned char block[2048] = {0};
    block[0] = 2;
    block[1] = 0x51; /* wrong key */
    ck_assert_int_eq(open_bytes(block, sizeof block, &c3d), GAIT_E_FORMAT);
    block[1] = 0x50;
    block[0] = 9; /* parameters beyond the end */
    ck_assert_int_eq(open_bytes(block, sizeof block, &c3d), GAIT_E_FORMAT);
    block[0] = 2;
    block[512 + 3] = 99; /* unknown processor */
    ck_assert_int_eq(open_bytes(block, sizeof block, &c3d), GAIT_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "99"));
    block[512 + 3] = 84; /* Intel, but no rate anywhere */
    ck_assert_int_eq(open_bytes(block, sizeof block, &c3d), GAIT_E_FORMAT);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "rate"));
    ck_assert_int_eq(gait_c3d_open("/nonexistent/file.c3d", &c3d), GAIT_E_IO);
    ck_assert_int_eq(gait_c3d_open(NULL, &c3d), GAIT_E_INVALID_ARG);
}
END_TEST

START_TEST(truncated_file_keeps_whole_frames)
{
    if (test_skip_without_shared_data("truncation"))
        return;
    size_t size;
    unsigned char *bytes = test_load_shared("c3dorg-format-edgecases/sample01/Eb015pr.c3d", &size);
    gait_c3d *full = NULL, *cut = NULL;
    ck_assert_int_eq(open_bytes(bytes, size, &full), GAIT_OK);
    gait_c3d_info full_info, cut_info;
    gait_c3d_get_info(full, &full_info);
    /* Cut mid-frame: the reader keeps the whole frames before the cut and says so. */
    size_t frame_bytes = (full_info.n_points * 4 +
                          full_info.n_analog_channels * full_info.analog_samples_per_frame) *
                         4;
    size_t cut_size = size - 100 * frame_bytes - frame_bytes / 2;
    ck_assert_int_eq(open_bytes(bytes, cut_size, &cut), GAIT_OK);
    gait_c3d_get_info(cut, &cut_info);
    ck_assert_uint_eq(cut_info.n_frames, full_info.n_frames - 101);
    ck_assert_uint_ge(cut_info.n_warnings, 1);
    ck_assert_ptr_nonnull(strstr(gait_c3d_warning(cut, cut_info.n_warnings - 1), "claims"));
    /* What was kept is what the whole file holds. */
    double *a = malloc(full_info.n_frames * 3 * sizeof *a),
           *b = malloc(full_info.n_frames * 3 * sizeof *b);
    gait_c3d_get_point(full, 3, a, NULL);
    gait_c3d_get_point(cut, 3, b, NULL);
    ck_assert_int_eq(memcmp(a, b, cut_info.n_frames * 3 * sizeof *a), 0);
    free(a);
    free(b);
    gait_c3d_close(full);
    gait_c3d_close(cut);
    /* Every shorter prefix opens or fails by name, never crashes. Each prefix sits in a buffer of
     * exactly its size, so ASan catches a read one byte past it. */
    for (size_t n = 0; n < 6000; n += 37) {
        unsigned char *prefix = malloc(n > 0 ? n : 1);
        ck_assert_ptr_nonnull(prefix);
        memcpy(prefix, bytes, n);
        gait_c3d *c3d = NULL;
        gait_status status = open_bytes(prefix, n, &c3d);
        ck_assert(status == GAIT_OK || status == GAIT_E_FORMAT);
        gait_c3d_close(c3d);
        free(prefix);
    }
    free(bytes);
}
END_TEST

START_TEST(memory_and_path_agree)
{
    if (test_skip_without_shared_data("memory"))
        return;
    size_t size;
    unsigned char *bytes = test_load_shared("ezc3d-testfiles/Qualisys.c3d", &size);
    gait_c3d *from_memory = NULL;
    ck_assert_int_eq(open_bytes(bytes, size, &from_memory), GAIT_OK);
    free(bytes); /* the handle must not keep the caller's bytes */
    gait_c3d *from_path = test_open_shared_c3d("ezc3d-testfiles/Qualisys.c3d");
    gait_c3d_info a, b;
    gait_c3d_get_info(from_memory, &a);
    gait_c3d_get_info(from_path, &b);
    ck_assert_uint_eq(a.n_frames, b.n_frames);
    size_t n = a.n_frames * a.analog_samples_per_frame;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    gait_c3d_get_analog(from_memory, 60, x);
    gait_c3d_get_analog(from_path, 60, y);
    ck_assert_int_eq(memcmp(x, y, n * sizeof *x), 0);
    free(x);
    free(y);
    gait_c3d_close(from_memory);
    gait_c3d_close(from_path);
    gait_c3d_close(NULL);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("c3d");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 240);
    tcase_add_test(corpus, manifest_matches_every_file);
    tcase_add_test(corpus, manifest_lists_every_corpus_file);
    tcase_add_loop_test(corpus, six_encodings_agree, 0, (int)N_SIX_ENCODINGS);
    tcase_add_test(corpus, qualisys_events_and_clock);
    tcase_add_test(corpus, vicon_events_contexts_and_subject_labels);
    tcase_add_test(corpus, parameters_by_shape_value_and_text);
    tcase_add_test(corpus, body_mass_from_processing_or_subject);
    suite_add_tcase(suite, corpus);
    TCase *broken = tcase_create("broken");
    tcase_set_timeout(broken, 240);
    tcase_add_test(broken, broken_headers_are_named);
    tcase_add_test(broken, absurd_real_parameters_are_named);
    tcase_add_test(broken, truncated_file_keeps_whole_frames);
    tcase_add_test(broken, memory_and_path_agree);
    suite_add_tcase(suite, broken);
    return suite;
}
