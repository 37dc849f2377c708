/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The C3D writer: real files from ../shared/data written and read back unchanged, a recording
 * built from scratch read back exactly, more than 65535 frames, and argument errors. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gait/gait.h>

#include "check_runner.h"
#include "io/bytes.h"
#include "io/c3d_internal.h"
#include "io/c3d_write_internal.h"

/* ---- helpers ---- */

/* Write to memory and read back; the written file must read without a single warning. */
static gait_c3d *reread(const gait_c3d *c3d, const char *what)
{
    unsigned char *bytes = NULL;
    size_t size = 0;
    ck_assert_msg(gait_c3d_write_memory(c3d, &bytes, &size) == GAIT_OK, "%s: %s", what,
                  gait_last_error_detail());
    ck_assert_ptr_nonnull(bytes);
    ck_assert_uint_ge(size, 1024);
    ck_assert_uint_eq(size % 512, 0);
    gait_c3d *back = NULL;
    ck_assert_msg(gait_c3d_open_memory(bytes, size, what, &back) == GAIT_OK, "%s: %s", what,
                  gait_last_error_detail());
    gait_c3d_free_bytes(bytes);
    gait_c3d_info info;
    gait_c3d_get_info(back, &info);
    ck_assert_msg(info.n_warnings == 0, "%s: the written file reads with warning '%s'", what,
                  gait_c3d_warning(back, 0));
    ck_assert_int_eq(info.processor, GAIT_C3D_INTEL);
    ck_assert_int_eq(info.storage, GAIT_C3D_FLOAT);
    ck_assert(info.point_scale < 0);
    return back;
}

/* Equal to float precision: what a float32 round trip allows. */
static int float_equal(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= 1.2e-7 * fabs(a) + 1e-30;
}

static void assert_params_equal(const c3d_param *a, const c3d_param *b, const char *what,
                                const char *group)
{
    ck_assert_msg(b != NULL, "%s: %s:%s was not written", what, group, a->name);
    ck_assert_msg(a->shape.type == b->shape.type && a->shape.n_dims == b->shape.n_dims &&
                      a->shape.n_values == b->shape.n_values,
                  "%s: %s:%s changed shape", what, group, a->name);
    for (int d = 0; d < a->shape.n_dims; d++)
        ck_assert_int_eq(a->shape.dims[d], b->shape.dims[d]);
    size_t element = a->shape.type == GAIT_C3D_REAL ? 4 : a->shape.type == GAIT_C3D_INTEGER ? 2 : 1;
    ck_assert_msg(a->shape.n_values == 0 ||
                      memcmp(a->data, b->data, a->shape.n_values * element) == 0,
                  "%s: %s:%s changed values", what, group, a->name);
    const char *da = a->description != NULL ? a->description : "";
    const char *db = b->description != NULL ? b->description : "";
    ck_assert_msg(strcmp(da, db) == 0, "%s: %s:%s description '%s' became '%s'", what, group,
                  a->name, da, db);
}

/* Every parameter the writer copies is there unchanged, in a group of the same name and
 * description. Returns how many were compared. */
static size_t assert_copied_params(const gait_c3d *a, const gait_c3d *b, const char *what)
{
    size_t compared = 0;
    for (size_t g = 0; g < a->params.n_groups; g++) {
        const c3d_group *group = &a->params.groups[g];
        if (c3d_find_group(a, group->name) != group)
            continue; /* a duplicate name: only the first is reachable */
        const c3d_group *other = c3d_find_group(b, group->name);
        ck_assert_msg(other != NULL, "%s: group %s was not written", what, group->name);
        ck_assert_str_eq(group->description != NULL ? group->description : "",
                         other->description != NULL ? other->description : "");
        for (size_t i = 0; i < a->params.n_params; i++) {
            const c3d_param *p = &a->params.params[i];
            if (p->group_id != group->id || c3d_param_is_rebuilt(group->name, p->name) ||
                c3d_find_param(a, group->name, p->name) != p)
                continue;
            assert_params_equal(p, c3d_find_param(b, group->name, p->name), what, group->name);
            compared++;
        }
    }
    return compared;
}

static void assert_same_recording(const gait_c3d *a, const gait_c3d *b, const char *what)
{
    gait_c3d_info x, y;
    gait_c3d_get_info(a, &x);
    gait_c3d_get_info(b, &y);
    ck_assert_uint_eq(x.n_points, y.n_points);
    ck_assert_uint_eq(x.n_analog_channels, y.n_analog_channels);
    ck_assert_uint_eq(x.n_frames, y.n_frames);
    ck_assert_int_eq(x.first_frame, y.first_frame);
    ck_assert_msg(x.point_rate_hz == y.point_rate_hz, "%s: point rate %.9g became %.9g", what,
                  x.point_rate_hz, y.point_rate_hz);
    if (x.n_analog_channels > 0) {
        ck_assert_uint_eq(x.analog_samples_per_frame, y.analog_samples_per_frame);
        ck_assert_msg(fabs(x.analog_rate_hz - y.analog_rate_hz) <= 1e-6 * x.analog_rate_hz,
                      "%s: analog rate %.9g became %.9g", what, x.analog_rate_hz, y.analog_rate_hz);
    }
    /* Units the reader did not recognise (it assumed millimetres) are written as "mm". */
    ck_assert_msg(strcmp(x.point_units, y.point_units) == 0 ||
                      (strcmp(y.point_units, "mm") == 0 && x.point_units_m == 0.001),
                  "%s: POINT:UNITS '%s' became '%s'", what, x.point_units, y.point_units);
    ck_assert(x.point_units_m == y.point_units_m);
    ck_assert_msg(fabs(x.point_scale) == fabs(y.point_scale), "%s: |POINT:SCALE| %.9g became %.9g",
                  what, x.point_scale, y.point_scale);
    ck_assert_uint_eq(x.n_force_platforms, y.n_force_platforms);
    ck_assert_uint_eq(x.n_events, y.n_events);

    const size_t nf = x.n_frames, ns = nf * x.analog_samples_per_frame;
    double *pa = malloc((3 * nf + 1) * sizeof *pa), *pb = malloc((3 * nf + 1) * sizeof *pb);
    double *ra = malloc((nf + 1) * sizeof *ra), *rb = malloc((nf + 1) * sizeof *rb);
    double *aa = malloc((ns + 1) * sizeof *aa), *ab = malloc((ns + 1) * sizeof *ab);
    ck_assert(pa && pb && ra && rb && aa && ab);
    for (size_t i = 0; i < x.n_points; i++) {
        ck_assert_str_eq(gait_c3d_point_label(a, i), gait_c3d_point_label(b, i));
        ck_assert_int_eq(gait_c3d_get_point(a, i, pa, ra), GAIT_OK);
        ck_assert_int_eq(gait_c3d_get_point(b, i, pb, rb), GAIT_OK);
        /* One assertion per failure, not per sample: Check records every assertion. */
        for (size_t k = 0; k < 3 * nf; k++)
            if (!float_equal(pa[k], pb[k]))
                ck_abort_msg("%s: point %s frame %zu axis %zu: %.9g -> %.9g", what,
                             gait_c3d_point_label(a, i), k / 3, k % 3, pa[k], pb[k]);
        for (size_t k = 0; k < nf; k++)
            /* A present sample with NaN coordinates (pyCGM2 writes NaN with residual 0) is
             * written as missing, residual -1. */
            if (!float_equal(ra[k], rb[k]) && !(isnan(pa[3 * k]) && isnan(rb[k])))
                ck_abort_msg("%s: point %s frame %zu residual %.9g -> %.9g", what,
                             gait_c3d_point_label(a, i), k, ra[k], rb[k]);
    }
    for (size_t c = 0; c < x.n_analog_channels; c++) {
        ck_assert_str_eq(gait_c3d_analog_label(a, c), gait_c3d_analog_label(b, c));
        ck_assert_str_eq(gait_c3d_analog_unit(a, c), gait_c3d_analog_unit(b, c));
        ck_assert_int_eq(gait_c3d_get_analog(a, c, aa), GAIT_OK);
        ck_assert_int_eq(gait_c3d_get_analog(b, c, ab), GAIT_OK);
        for (size_t k = 0; k < ns; k++)
            if (!float_equal(aa[k], ab[k]))
                ck_abort_msg("%s: analog %s sample %zu: %.9g -> %.9g", what,
                             gait_c3d_analog_label(a, c), k, aa[k], ab[k]);
    }
    for (size_t i = 0; i < x.n_events; i++) {
        gait_c3d_event ea, eb;
        ck_assert_int_eq(gait_c3d_get_event(a, i, &ea), GAIT_OK);
        ck_assert_int_eq(gait_c3d_get_event(b, i, &eb), GAIT_OK);
        ck_assert_str_eq(ea.label, eb.label);
        ck_assert_str_eq(ea.context, eb.context);
        ck_assert_str_eq(ea.description, eb.description);
        ck_assert_msg(float_equal(ea.time_s, eb.time_s), "%s: event %zu at %.9g s moved to %.9g s",
                      what, i, ea.time_s, eb.time_s);
        ck_assert_int_eq(eb.from_header, 0);
    }
    free(pa);
    free(pb);
    free(ra);
    free(rb);
    free(aa);
    free(ab);
}

static void assert_round_trip(const char *relative)
{
    gait_c3d *original = test_open_shared_c3d(relative);
    gait_c3d *back = reread(original, relative);
    assert_same_recording(original, back, relative);
    size_t copied = assert_copied_params(original, back, relative);
    ck_assert_uint_gt(copied, 0);
    /* Event times of a file come back bit for bit (minutes and seconds both exact). */
    gait_c3d_info info;
    gait_c3d_get_info(original, &info);
    for (size_t i = 0; i < info.n_events; i++) {
        gait_c3d_event ea, eb;
        gait_c3d_get_event(original, i, &ea);
        gait_c3d_get_event(back, i, &eb);
        ck_assert_msg(ea.time_s == eb.time_s, "%s: event %zu at %.17g s moved to %.17g s", relative,
                      i, ea.time_s, eb.time_s);
    }
    /* The written file written again is the same file, byte for byte. */
    unsigned char *once, *twice;
    size_t n_once, n_twice;
    ck_assert_int_eq(gait_c3d_write_memory(back, &once, &n_once), GAIT_OK);
    gait_c3d *again = reread(back, relative);
    ck_assert_int_eq(gait_c3d_write_memory(again, &twice, &n_twice), GAIT_OK);
    ck_assert_uint_eq(n_once, n_twice);
    ck_assert_int_eq(memcmp(once, twice, n_once), 0);
    gait_c3d_free_bytes(once);
    gait_c3d_free_bytes(twice);
    gait_c3d_close(again);
    gait_c3d_close(back);
    gait_c3d_close(original);
}

/* ---- (1) real files round trip ---- */

START_TEST(qualisys_round_trip)
{
    if (test_skip_without_shared_data("qualisys_round_trip"))
        return;
    assert_round_trip("ezc3d-testfiles/Qualisys.c3d");
}
END_TEST

START_TEST(dec_int16_round_trip)
{
    if (test_skip_without_shared_data("dec_int16_round_trip"))
        return;
    assert_round_trip("c3dorg-format-edgecases/sample01/Eb015vi.c3d");
}
END_TEST

START_TEST(mips_float_round_trip)
{
    if (test_skip_without_shared_data("mips_float_round_trip"))
        return;
    assert_round_trip("c3dorg-format-edgecases/sample02/sgi_real.c3d");
}
END_TEST

START_TEST(vicon_events_round_trip)
{
    if (test_skip_without_shared_data("vicon_events_round_trip"))
        return;
    assert_round_trip("btk-gait-c3d/PlugInC3D.c3d");
    /* The contexts really are there: Left and Right foot strikes. */
    gait_c3d *c3d = test_open_shared_c3d("btk-gait-c3d/PlugInC3D.c3d");
    gait_c3d *back = reread(c3d, "PlugInC3D");
    size_t left = 0, right = 0;
    for (size_t i = 0; i < 8; i++) {
        gait_c3d_event e;
        ck_assert_int_eq(gait_c3d_get_event(back, i, &e), GAIT_OK);
        left += strcmp(e.context, "Left") == 0;
        right += strcmp(e.context, "Right") == 0;
    }
    ck_assert_uint_gt(left, 0);
    ck_assert_uint_gt(right, 0);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

START_TEST(many_channels_round_trip)
{
    if (test_skip_without_shared_data("many_channels_round_trip"))
        return;
    assert_round_trip("c3dorg-gait-reference/sample_17/128analogchannels.c3d");
}
END_TEST

/* Every readable file of the corpus, for robustness: the same checks but warnings of the
 * original and parameter identity are not required where the reader dropped something. */
START_TEST(whole_corpus_round_trips)
{
    if (test_skip_without_shared_data("whole_corpus_round_trips"))
        return;
    FILE *manifest = test_open_ref("../c3d_manifest.txt");
    char line[2048];
    size_t n_files = 0;
    while (test_next_data_line(manifest, line, sizeof line)) {
        char relative[1024];
        char expect[64];
        if (sscanf(line, " %1023[^ |] | %63[^ |]", relative, expect) != 2 ||
            strcmp(expect, "ok") != 0)
            continue;
        gait_c3d *original = test_open_shared_c3d(relative);
        gait_c3d *back = reread(original, relative);
        assert_same_recording(original, back, relative);
        assert_copied_params(original, back, relative);
        gait_c3d_close(back);
        gait_c3d_close(original);
        n_files++;
    }
    fclose(manifest);
    ck_assert_uint_ge(n_files, 70);
}
END_TEST

START_TEST(write_to_path)
{
    if (test_skip_without_shared_data("write_to_path"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("btk-gait-c3d/PlugInC3D.c3d");
    char path[] = "/tmp/gait_c3d_write_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(gait_c3d_write(c3d, path), GAIT_OK);
    gait_c3d *back = NULL;
    ck_assert_int_eq(gait_c3d_open(path, &back), GAIT_OK);
    assert_same_recording(c3d, back, path);
    remove(path);
    ck_assert_int_eq(gait_c3d_write(c3d, "/nonexistent-dir/x.c3d"), GAIT_E_IO);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "/nonexistent-dir/x.c3d"));
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* ---- (2) a recording from scratch ---- */

#define N_FRAMES   50
#define PER_FRAME  10
#define RATE_HZ    200.0
#define FIRST      7
#define N_SAMPLES  (N_FRAMES * PER_FRAME)
#define N_CHANNELS 6

/* Values exactly representable as float in millimetres, so they read back exactly. */
static double marker_m(size_t marker, size_t frame, size_t axis)
{
    return ((double)(1000 * marker + 10 * frame + axis) + 0.25) / 1000.0;
}

static gait_c3d *build_scratch(void)
{
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(RATE_HZ, N_FRAMES, PER_FRAME, FIRST, &c3d), GAIT_OK);
    double xyz[2][3 * N_FRAMES], residual[N_FRAMES];
    for (size_t m = 0; m < 2; m++)
        for (size_t f = 0; f < N_FRAMES; f++)
            for (size_t a = 0; a < 3; a++)
                xyz[m][3 * f + a] = marker_m(m, f, a);
    for (size_t f = 0; f < N_FRAMES; f++)
        residual[f] = 0.0001 * (double)(f % 20); /* 0 to 1.9 mm in 0.1 mm steps */
    xyz[0][3 * 5 + 1] = NAN;                     /* frame 5 of LHEE missing */
    residual[9] = -1.0;                          /* frame 9 of RHEE missing */
    ck_assert_int_eq(gait_c3d_add_point(c3d, "LHEE", xyz[0], NULL), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "RHEE", xyz[1], residual), GAIT_OK);
    static const char *const names[N_CHANNELS] = {"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1"};
    static const char *const units[N_CHANNELS] = {"N", "N", "N", "Nmm", "Nmm", "Nmm"};
    double values[N_SAMPLES];
    for (size_t c = 0; c < N_CHANNELS; c++) {
        for (size_t k = 0; k < N_SAMPLES; k++)
            values[k] = (double)c * 100.0 + (double)k * 0.5 - 7.0;
        if (c == 2)
            values[17] = NAN;
        ck_assert_int_eq(gait_c3d_add_analog(c3d, names[c], units[c], values), GAIT_OK);
    }
    const double corners_m[12] = {0.2, 0.3, 0, -0.2, 0.3, 0, -0.2, -0.3, 0, 0.2, -0.3, 0};
    const double origin_m[3] = {0.001, -0.002, -0.0405};
    const size_t channels[N_CHANNELS] = {0, 1, 2, 3, 4, 5};
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 2, corners_m, origin_m, channels, N_CHANNELS),
                     GAIT_OK);
    static const struct {
        const char *label, *context;
        double time_s;
    } events[3] = {
        {"Foot Strike", "Left", 0.04}, {"Foot Off", "Left", 0.1}, {"Foot Strike", "Right", 0.2}};
    for (size_t i = 0; i < 3; i++) {
        gait_c3d_event e = {0};
        snprintf(e.label, sizeof e.label, "%s", events[i].label);
        snprintf(e.context, sizeof e.context, "%s", events[i].context);
        snprintf(e.description, sizeof e.description, "event %zu", i);
        e.time_s = events[i].time_s;
        e.from_header = 1; /* ignored */
        ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_OK);
    }
    double mass_kg = 71.5;
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "PROCESSING", "Bodymass", &mass_kg, 1), GAIT_OK);
    const char *subject[1] = {"Runner01"};
    ck_assert_int_eq(gait_c3d_set_param_text(c3d, "SUBJECTS", "NAMES", subject, 1), GAIT_OK);
    return c3d;
}

START_TEST(scratch_reads_back_exactly)
{
    gait_c3d *c3d = build_scratch();
    gait_c3d *back = reread(c3d, "scratch");
    gait_c3d_info info;
    gait_c3d_get_info(back, &info);
    ck_assert_uint_eq(info.n_points, 2);
    ck_assert_uint_eq(info.n_frames, N_FRAMES);
    ck_assert_int_eq(info.first_frame, FIRST);
    ck_assert(info.point_rate_hz == RATE_HZ);
    ck_assert_uint_eq(info.analog_samples_per_frame, PER_FRAME);
    ck_assert(info.analog_rate_hz == RATE_HZ * PER_FRAME);
    ck_assert_uint_eq(info.n_analog_channels, N_CHANNELS);
    ck_assert_uint_eq(info.n_force_platforms, 1);
    ck_assert_uint_eq(info.n_events, 3);
    ck_assert_str_eq(info.point_units, "mm");
    ck_assert(info.point_scale == (double)(float)-0.1);
    assert_same_recording(c3d, back, "scratch");

    /* Exact values, not just float-equal. */
    double xyz[3 * N_FRAMES], residual[N_FRAMES];
    size_t index;
    ck_assert_int_eq(gait_c3d_find_point(back, "RHEE", &index), GAIT_OK);
    ck_assert_uint_eq(index, 1);
    ck_assert_int_eq(gait_c3d_get_point(back, index, xyz, residual), GAIT_OK);
    for (size_t f = 0; f < N_FRAMES; f++) {
        if (f == 9) {
            ck_assert(isnan(xyz[3 * f]) && isnan(xyz[3 * f + 1]) && isnan(xyz[3 * f + 2]));
            ck_assert(isnan(residual[f]));
            continue;
        }
        for (size_t a = 0; a < 3; a++)
            ck_assert_double_eq_tol(xyz[3 * f + a], marker_m(1, f, a), 1e-15);
        ck_assert_double_eq_tol(residual[f], 0.0001 * (double)(f % 20), 1e-9);
    }
    ck_assert_int_eq(gait_c3d_get_point(back, 0, xyz, residual), GAIT_OK);
    ck_assert(isnan(xyz[15]) && isnan(xyz[16]) && isnan(xyz[17]) && isnan(residual[5]));
    ck_assert(residual[0] == 0.0 && !isnan(xyz[0]));

    double values[N_SAMPLES];
    ck_assert_int_eq(gait_c3d_find_analog(back, "Mz1", &index), GAIT_OK);
    ck_assert_uint_eq(index, 5);
    ck_assert_str_eq(gait_c3d_analog_unit(back, 5), "Nmm");
    ck_assert_int_eq(gait_c3d_get_analog(back, 5, values), GAIT_OK);
    for (size_t k = 0; k < N_SAMPLES; k++)
        ck_assert(values[k] == 500.0 + (double)k * 0.5 - 7.0);
    ck_assert_int_eq(gait_c3d_get_analog(back, 2, values), GAIT_OK);
    ck_assert(isnan(values[17]) && values[18] == 200.0 + 9.0 - 7.0);

    gait_c3d_event e;
    ck_assert_int_eq(gait_c3d_get_event(back, 2, &e), GAIT_OK);
    ck_assert_str_eq(e.label, "Foot Strike");
    ck_assert_str_eq(e.context, "Right");
    ck_assert_str_eq(e.description, "event 2");
    ck_assert_double_eq_tol(e.time_s, 0.2, 1e-7);
    ck_assert_int_eq(e.from_header, 0);

    /* FORCE_PLATFORM in POINT units (mm), channels 1-based. */
    double v[12];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "USED", v, 12, &n), GAIT_OK);
    ck_assert(n == 1 && v[0] == 1);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "TYPE", v, 12, &n), GAIT_OK);
    ck_assert(n == 1 && v[0] == 2);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "CORNERS", v, 12, &n), GAIT_OK);
    ck_assert_uint_eq(n, 12);
    ck_assert(v[0] == 200 && v[1] == 300 && v[2] == 0 && v[3] == -200 && v[10] == -300);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "ORIGIN", v, 12, &n), GAIT_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(v[0] == 1 && v[1] == -2 && v[2] == -40.5);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "CHANNEL", v, 12, &n), GAIT_OK);
    ck_assert_uint_eq(n, 6);
    for (size_t k = 0; k < 6; k++)
        ck_assert(v[k] == (double)k + 1);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "ZERO", v, 12, &n), GAIT_OK);
    ck_assert(n == 2 && v[0] == 0 && v[1] == 0);
    gait_c3d_param_shape shape;
    ck_assert_int_eq(gait_c3d_param_shape_of(back, "FORCE_PLATFORM", "CORNERS", &shape), GAIT_OK);
    ck_assert(shape.n_dims == 3 && shape.dims[0] == 3 && shape.dims[1] == 4 && shape.dims[2] == 1);

    ck_assert_int_eq(gait_c3d_param_doubles(back, "PROCESSING", "Bodymass", v, 12, &n), GAIT_OK);
    ck_assert(n == 1 && v[0] == 71.5);
    char text[64];
    ck_assert_int_eq(gait_c3d_param_string(back, "SUBJECTS", "NAMES", 0, text, sizeof text),
                     GAIT_OK);
    ck_assert_str_eq(text, "Runner01");
    ck_assert_int_eq(gait_c3d_param_string(back, "ANALOG", "UNITS", 3, text, sizeof text), GAIT_OK);
    ck_assert_str_eq(text, "Nmm");
    ck_assert_int_eq(gait_c3d_param_doubles(back, "ANALOG", "GEN_SCALE", v, 12, &n), GAIT_OK);
    ck_assert(n == 1 && v[0] == 1);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* The header and the parameters say the same things. */
START_TEST(scratch_header_agrees_with_parameters)
{
    gait_c3d *c3d = build_scratch();
    unsigned char *bytes;
    size_t size;
    ck_assert_int_eq(gait_c3d_write_memory(c3d, &bytes, &size), GAIT_OK);
    gait_c3d *back = NULL;
    ck_assert_int_eq(gait_c3d_open_memory(bytes, size, "scratch", &back), GAIT_OK);
#define WORD(w) gait_bytes_u16(bytes + 2 * ((w)-1), GAIT_C3D_INTEL)
    ck_assert_uint_eq(bytes[0], 2);
    ck_assert_uint_eq(bytes[1], 0x50);
    ck_assert_uint_eq(WORD(2), 2);
    ck_assert_uint_eq(WORD(3), N_CHANNELS * PER_FRAME);
    ck_assert_uint_eq(WORD(4), FIRST);
    ck_assert_uint_eq(WORD(5), FIRST + N_FRAMES - 1);
    ck_assert(gait_bytes_f32(bytes + 12, GAIT_C3D_INTEL) == -0.1f);
    ck_assert_uint_eq(WORD(10), PER_FRAME);
    ck_assert(gait_bytes_f32(bytes + 20, GAIT_C3D_INTEL) == (float)RATE_HZ);
    ck_assert_uint_eq(WORD(150), 12345);
    ck_assert_uint_eq(WORD(151), 3);
    ck_assert(gait_bytes_f32(bytes + 2 * 152 + 4, GAIT_C3D_INTEL) == 0.1f);
    ck_assert_int_eq(memcmp(bytes + 2 * 198 + 8, "Foot", 4), 0);
    /* Parameter section: block count, processor, and data right after it. */
    size_t blocks = bytes[512 + 2];
    ck_assert_uint_ge(blocks, 1);
    ck_assert_uint_eq(bytes[512 + 3], 84);
    ck_assert_uint_eq(WORD(9), 2 + blocks);
    double v[2];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(back, "POINT", "DATA_START", v, 2, &n), GAIT_OK);
    ck_assert(v[0] == (double)(2 + blocks));
    ck_assert_int_eq(gait_c3d_param_doubles(back, "POINT", "FRAMES", v, 2, &n), GAIT_OK);
    ck_assert(v[0] == N_FRAMES);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "POINT", "USED", v, 2, &n), GAIT_OK);
    ck_assert(v[0] == 2);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "ANALOG", "USED", v, 2, &n), GAIT_OK);
    ck_assert(v[0] == N_CHANNELS);
    size_t data_bytes = N_FRAMES * (2 * 16 + N_CHANNELS * PER_FRAME * 4);
    ck_assert_uint_eq(size, (1 + blocks) * 512 + (data_bytes + 511) / 512 * 512);
    /* No TRIAL group is needed for so few frames. */
    ck_assert_int_eq(gait_c3d_param_doubles(back, "TRIAL", "ACTUAL_END_FIELD", v, 2, &n),
                     GAIT_E_NO_DATA);
#undef WORD
    gait_c3d_free_bytes(bytes);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* More than 255 labels: LABELS2 continues them. */
START_TEST(many_points_use_continuation_labels)
{
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(100.0, 3, 1, 1, &c3d), GAIT_OK);
    double xyz[9];
    for (size_t i = 0; i < 300; i++) {
        char label[16];
        snprintf(label, sizeof label, "M%03zu", i);
        for (size_t k = 0; k < 9; k++)
            xyz[k] = (double)(i * 9 + k) / 1000.0;
        ck_assert_int_eq(gait_c3d_add_point(c3d, label, xyz, NULL), GAIT_OK);
    }
    for (size_t c = 0; c < 260; c++) {
        char label[16];
        snprintf(label, sizeof label, "A%03zu", c);
        double values[3] = {(double)c, -(double)c, 0.5};
        ck_assert_int_eq(gait_c3d_add_analog(c3d, label, "V", values), GAIT_OK);
    }
    gait_c3d *back = reread(c3d, "300 points");
    assert_same_recording(c3d, back, "300 points");
    gait_c3d_param_shape shape;
    ck_assert_int_eq(gait_c3d_param_shape_of(back, "POINT", "LABELS2", &shape), GAIT_OK);
    ck_assert_int_eq(shape.dims[1], 45);
    ck_assert_int_eq(gait_c3d_param_shape_of(back, "ANALOG", "SCALE2", &shape), GAIT_OK);
    ck_assert_int_eq(shape.dims[0], 5);
    ck_assert_str_eq(gait_c3d_point_label(back, 299), "M299");
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* Adding to an opened file: a marker and a plate, the rest unchanged. */
START_TEST(add_to_opened_file)
{
    if (test_skip_without_shared_data("add_to_opened_file"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("ezc3d-testfiles/Qualisys.c3d");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    double *xyz = malloc(3 * info.n_frames * sizeof *xyz);
    for (size_t k = 0; k < 3 * info.n_frames; k++)
        xyz[k] = 0.5 + (double)k / 4096.0;
    ck_assert_int_eq(gait_c3d_add_point(c3d, "VIRTUAL", xyz, NULL), GAIT_OK);
    const double corners_m[12] = {1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0};
    const double origin_m[3] = {0, 0, -0.04};
    const size_t channels[6] = {0, 1, 2, 3, 4, 5};
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 4, corners_m, origin_m, channels, 6), GAIT_OK);
    gait_c3d *back = reread(c3d, "Qualisys + 1");
    assert_same_recording(c3d, back, "Qualisys + 1");
    gait_c3d_get_info(back, &info);
    ck_assert_uint_eq(info.n_force_platforms, 3);
    double v[64];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "TYPE", v, 64, &n), GAIT_OK);
    ck_assert(n == 3 && v[0] == 2 && v[1] == 2 && v[2] == 4);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "CAL_MATRIX", v, 64, &n),
                     GAIT_OK);
    ck_assert_uint_eq(n, 108);
    ck_assert_int_eq(gait_c3d_param_doubles(back, "FORCE_PLATFORM", "CORNERS", v, 64, &n), GAIT_OK);
    ck_assert_uint_eq(n, 36);
    ck_assert(v[24] == 1000 && v[25] == 1000);
    ck_assert_uint_eq(gait_c3d_find_point(back, "VIRTUAL", &n), GAIT_OK);
    ck_assert_uint_eq(n, info.n_points - 1);
    free(xyz);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* ---- (3) more than 65535 frames ---- */

START_TEST(long_recording_uses_trial_fields)
{
    const size_t frames = 70001;
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(1000.0, frames, 1, 3, &c3d), GAIT_OK);
    double *xyz = malloc(3 * frames * sizeof *xyz), *values = malloc(frames * sizeof *values);
    for (size_t k = 0; k < 3 * frames; k++)
        xyz[k] = (double)(k % 1000) / 1000.0;
    for (size_t k = 0; k < frames; k++)
        values[k] = (double)k;
    ck_assert_int_eq(gait_c3d_add_point(c3d, "TOE", xyz, NULL), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_analog(c3d, "Fz", "N", values), GAIT_OK);
    gait_c3d *back = reread(c3d, "70001 frames");
    gait_c3d_info info;
    gait_c3d_get_info(back, &info);
    ck_assert_uint_eq(info.n_frames, frames);
    ck_assert_int_eq(info.first_frame, 3);
    assert_same_recording(c3d, back, "70001 frames");
    double v[2];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(back, "TRIAL", "ACTUAL_END_FIELD", v, 2, &n), GAIT_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert((v[0] < 0 ? v[0] + 65536 : v[0]) + 65536 * v[1] == 3 + frames - 1);
    free(xyz);
    free(values);
    gait_c3d_close(back);
    gait_c3d_close(c3d);

    /* A first frame number beyond 16 bits is kept too. */
    ck_assert_int_eq(gait_c3d_create(100.0, 4, 0, 100000, &c3d), GAIT_OK);
    double four[12] = {0};
    ck_assert_int_eq(gait_c3d_add_point(c3d, "P", four, NULL), GAIT_OK);
    back = reread(c3d, "first frame 100000");
    gait_c3d_get_info(back, &info);
    ck_assert_int_eq(info.first_frame, 100000);
    ck_assert_uint_eq(info.n_frames, 4);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* ---- (4) errors ---- */

START_TEST(errors_are_named)
{
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(0.0, 10, 1, 1, &c3d), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(c3d);
    ck_assert_int_eq(gait_c3d_create(NAN, 10, 1, 1, &c3d), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_create(100.0, 10, 1, 0, &c3d), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_create(100.0, 10, 70000, 1, &c3d), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_create(100.0, 10, 1, 1, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_create(100.0, 4, 2, 1, &c3d), GAIT_OK);

    double xyz[12] = {0}, values[8] = {0};
    ck_assert_int_eq(gait_c3d_add_point(NULL, "A", xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_point(c3d, NULL, xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "A", NULL, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "", xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "A ", xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "A\tB", xyz, NULL), GAIT_E_INVALID_ARG);
    char long_label[200];
    memset(long_label, 'X', sizeof long_label - 1);
    long_label[sizeof long_label - 1] = '\0';
    ck_assert_int_eq(gait_c3d_add_point(c3d, long_label, xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "longer than 127"));
    long_label[127] = '\0';
    ck_assert_int_eq(gait_c3d_add_point(c3d, long_label, xyz, NULL), GAIT_OK);
    xyz[4] = INFINITY;
    ck_assert_int_eq(gait_c3d_add_point(c3d, "B", xyz, NULL), GAIT_E_INVALID_ARG);
    xyz[4] = 1e300;
    ck_assert_int_eq(gait_c3d_add_point(c3d, "B", xyz, NULL), GAIT_E_INVALID_ARG);
    xyz[4] = 0;
    ck_assert_int_eq(gait_c3d_add_point(c3d, "A", xyz, NULL), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_point(c3d, "A", xyz, NULL), GAIT_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "already used"));

    ck_assert_int_eq(gait_c3d_add_analog(c3d, "F", "N", NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_analog(c3d, "F", long_label, values), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_analog(c3d, "F", "N", values), GAIT_E_INVALID_ARG);
    values[3] = -INFINITY;
    ck_assert_int_eq(gait_c3d_add_analog(c3d, "G", "N", values), GAIT_E_INVALID_ARG);
    values[3] = 0;

    const double corners[12] = {0}, origin[3] = {0};
    const size_t channels[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    const size_t bad_channels[6] = {0, 0, 0, 0, 0, 7};
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 5, corners, origin, channels, 6),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 2, corners, origin, channels, 8),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 3, corners, origin, channels, 6),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 2, corners, origin, bad_channels, 6),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 2, NULL, origin, channels, 6),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_add_force_plate(c3d, 3, corners, origin, channels, 8), GAIT_OK);

    gait_c3d_event e = {0};
    ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_E_INVALID_ARG); /* empty label */
    snprintf(e.label, sizeof e.label, "Foot Strike");
    e.time_s = NAN;
    ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_E_INVALID_ARG);
    e.time_s = 1.0;
    memset(e.context, 'C', sizeof e.context); /* not terminated */
    ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_E_INVALID_ARG);
    e.context[0] = '\0';
    ck_assert_int_eq(gait_c3d_add_event(NULL, &e), GAIT_E_INVALID_ARG);
    for (int i = 0; i < 255; i++)
        ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_event(c3d, &e), GAIT_E_UNSUPPORTED);

    double one = 1.0;
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "POINT", "LABELS", &one, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "analog", "scale3", &one, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "EVENT", "TIMES", &one, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "BAD NAME", "X", &one, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "G", "", &one, 1), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "G", "X", &one, 0), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "G", "X", NULL, 1), GAIT_E_INVALID_ARG);
    double big = 70000;
    ck_assert_int_eq(gait_c3d_set_param_integer(c3d, "G", "X", &big, 1), GAIT_E_INVALID_ARG);
    int dims[2] = {3, 256};
    ck_assert_int_eq(gait_c3d_set_param_numbers(c3d, "G", "X", GAIT_C3D_REAL, 2, dims, &one),
                     GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_numbers(c3d, "G", "X", GAIT_C3D_CHAR, 0, NULL, &one),
                     GAIT_E_INVALID_ARG);
    const char *strings[2] = {"a", NULL};
    ck_assert_int_eq(gait_c3d_set_param_text(c3d, "G", "T", strings, 2), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_set_param_text(c3d, "G", "T", strings, 1), GAIT_OK);
    /* Setting again replaces; a description written from POINT:DESCRIPTIONS is allowed. */
    double mass[2] = {60, 61};
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "PROCESSING", "Bodymass", mass, 1), GAIT_OK);
    ck_assert_int_eq(gait_c3d_set_param_real(c3d, "processing", "BODYMASS", mass + 1, 1), GAIT_OK);
    const char *descriptions[3] = {"long one", "the A marker"};
    ck_assert_int_eq(gait_c3d_set_param_text(c3d, "POINT", "DESCRIPTIONS", descriptions, 2),
                     GAIT_OK);

    unsigned char *bytes = (unsigned char *)1;
    size_t size = 1;
    ck_assert_int_eq(gait_c3d_write_memory(NULL, &bytes, &size), GAIT_E_INVALID_ARG);
    ck_assert_ptr_null(bytes);
    ck_assert_uint_eq(size, 0);
    ck_assert_int_eq(gait_c3d_write_memory(c3d, NULL, &size), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_write(c3d, NULL), GAIT_E_INVALID_ARG);
    ck_assert_int_eq(gait_c3d_write(NULL, "/tmp/x.c3d"), GAIT_E_INVALID_ARG);
    gait_c3d_free_bytes(NULL);

    gait_c3d *back = reread(c3d, "errors");
    double v[2];
    size_t n;
    ck_assert_int_eq(gait_c3d_param_doubles(back, "PROCESSING", "Bodymass", v, 2, &n), GAIT_OK);
    ck_assert(n == 1 && v[0] == 61);
    char text[64];
    ck_assert_int_eq(gait_c3d_param_string(back, "POINT", "DESCRIPTIONS", 1, text, sizeof text),
                     GAIT_OK);
    ck_assert_str_eq(text, "the A marker");
    gait_c3d_info info;
    gait_c3d_get_info(back, &info);
    ck_assert_uint_eq(info.n_events, 255);
    ck_assert_uint_eq(info.n_force_platforms, 1);
    gait_c3d_close(back);

    /* Analog words per frame are bounded by header word 3. */
    ck_assert_int_eq(gait_c3d_create(100.0, 0, 40000, 1, &back), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_analog(back, "A", NULL, NULL), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_analog(back, "B", NULL, NULL), GAIT_E_UNSUPPORTED);
    gait_c3d_close(back);
    /* No analog samples per frame: no channel can be added. */
    ck_assert_int_eq(gait_c3d_create(100.0, 2, 0, 1, &back), GAIT_OK);
    ck_assert_int_eq(gait_c3d_add_analog(back, "A", NULL, values), GAIT_E_INVALID_ARG);
    gait_c3d_close(back);
    gait_c3d_close(c3d);
}
END_TEST

/* A parameter section that would need more than 255 blocks is refused by name. */
START_TEST(oversized_parameter_section_is_refused)
{
    gait_c3d *c3d = NULL;
    ck_assert_int_eq(gait_c3d_create(100.0, 0, 1, 1, &c3d), GAIT_OK);
    char label[128];
    memset(label, 'L', 120);
    for (size_t i = 0; i < 1200; i++) {
        snprintf(label + 120, 8, "%zu", i);
        ck_assert_int_eq(gait_c3d_add_point(c3d, label, NULL, NULL), GAIT_OK);
    }
    unsigned char *bytes;
    size_t size;
    ck_assert_int_eq(gait_c3d_write_memory(c3d, &bytes, &size), GAIT_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(gait_last_error_detail(), "255 blocks"));
    ck_assert_ptr_null(bytes);
    gait_c3d_close(c3d);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("c3d_write");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 240);
    tcase_add_test(corpus, qualisys_round_trip);
    tcase_add_test(corpus, dec_int16_round_trip);
    tcase_add_test(corpus, mips_float_round_trip);
    tcase_add_test(corpus, vicon_events_round_trip);
    tcase_add_test(corpus, many_channels_round_trip);
    tcase_add_test(corpus, whole_corpus_round_trips);
    tcase_add_test(corpus, write_to_path);
    tcase_add_test(corpus, add_to_opened_file);
    suite_add_tcase(suite, corpus);
    TCase *scratch = tcase_create("scratch");
    tcase_set_timeout(scratch, 240);
    tcase_add_test(scratch, scratch_reads_back_exactly);
    tcase_add_test(scratch, scratch_header_agrees_with_parameters);
    tcase_add_test(scratch, many_points_use_continuation_labels);
    tcase_add_test(scratch, long_recording_uses_trial_fields);
    suite_add_tcase(suite, scratch);
    TCase *errors = tcase_create("errors");
    tcase_set_timeout(errors, 240);
    tcase_add_test(errors, errors_are_named);
    tcase_add_test(errors, oversized_parameter_section_is_refused);
    suite_add_tcase(suite, errors);
    return suite;
}
