/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force platforms read from real C3D files (../shared/data), against references that do not come
 * from libgait:
 *   1. ezc3d's published lab-frame force, moment, COP and Tz of Qualisys.c3d (two TYPE-2 plates);
 *   2. an independent numpy computation (tests/ref/make_plate_refs.py, its own C3D reader) of
 *      TYPE-2, TYPE-3 (Kistler) and TYPE-4 (CAL_MATRIX) plates from the raw analog data, CORNERS,
 *      ORIGIN and CAL_MATRIX, and c3d.org's own TYPE-4.XLS worked example of CAL_MATRIX;
 *   3. the OpenSim GRF file another pipeline made from JA1Gait35.c3d (8 TYPE-2 plates, sprint).
 * The measured differences are printed to stderr so that they appear in the test log. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gait/gait.h>

#include "check_runner.h"

/* Against the numpy reference: both sides compute in double from the same stored values (float32
 * or int16, scaled by the same float32 parameters), so only the order of operations differs,
 * ~1e-15 relative. 1e-9 relative (to |F| for forces, |F| x 1 m for moments, 1 m for the COP) is a
 * wide margin for that, yet 60 times finer than one float32 step (2^-24 = 6e-8) of any stored
 * value: a different reading of a scale, an offset, a unit, a channel or the matrix order shows. */
#define NUMPY_RELATIVE 1e-9

/* Largest difference seen in one comparison, for the log. */
typedef struct worst {
    double force_n, moment_nm, cop_m, free_nm;
} worst;

static void note(double *worst_value, double difference)
{
    if (difference > *worst_value)
        *worst_value = difference;
}

/* Skip unless ../shared/data really holds the corpus (its README.txt), not only when
 * GAIT_SHARED_DATA is unset. */
static int skip_without_data(const char *what)
{
    return test_skip_without_shared_file(what, "README.txt");
}

/* Every output of one plate at every analog sample (library-allocated here, freed by caller). */
typedef struct plate_run {
    size_t n;
    double *force_n, *moment_nm, *cop_m, *free_nm;
} plate_run;

static plate_run run_plate(const gait_c3d *c3d, size_t plate, const gait_plate_settings *settings)
{
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    plate_run r = {.n = info.n_frames * info.analog_samples_per_frame};
    r.force_n = malloc(3 * r.n * sizeof *r.force_n);
    r.moment_nm = malloc(3 * r.n * sizeof *r.moment_nm);
    r.cop_m = malloc(3 * r.n * sizeof *r.cop_m);
    r.free_nm = malloc(r.n * sizeof *r.free_nm);
    ck_assert(r.force_n != NULL && r.moment_nm != NULL && r.cop_m != NULL && r.free_nm != NULL);
    gait_status status =
        gait_c3d_plate_wrench(c3d, plate, settings, r.force_n, r.moment_nm, r.cop_m, r.free_nm);
    ck_assert_msg(status == GAIT_OK, "plate %zu: %s (%s)", plate + 1, gait_strerror(status),
                  gait_last_error_detail());
    return r;
}

static void free_run(plate_run *r)
{
    free(r->force_n);
    free(r->moment_nm);
    free(r->cop_m);
    free(r->free_nm);
}

/* ---- 1. ezc3d on Qualisys.c3d ----
 *
 * ezc3d (pyomeca/ezc3d, test/python3/test_binder_python.py, test_force_platform_filter) lists
 * Qualisys.c3d's plates at analog samples 0, 1000 and 3399 in the lab frame, in the file's units
 * (N, N mm, mm), to 3 decimals. The numbers below are those, re-arranged by sample.
 * What is comparable, from ezc3d's src/modules/ForcePlatforms.cpp:
 * - moment: ezc3d's is M_O + F x ORIGIN (ORIGIN negated when its z is positive), the moment about
 *   the centre of the working surface, as ours: compare directly (N mm -> N m);
 * - COP: (-M_y / F_z, M_x / F_z, 0) about the same centre, as ours;
 * - Tz: ezc3d gives the free-moment vector R (0, 0, tz) in the lab, tz about the plate z axis.
 *   These plates' z points down (lab -z), so its lab z component, -tz, is the moment about lab +z
 *   whatever the force. Ours is about the normal on the side the normal force points to: lab +z
 *   while the vertical force is positive, lab -z when it is negative (at sample 0 of plate 1 the
 *   unloaded plate reads -0.184 N). So ours = ezc3d's Tz_z x sign(lab F_z). Its lab x and y
 *   components are 0.
 * - ezc3d computes the COP and Tz at every sample; ours are gated by cop_threshold_n, so the
 *   comparison uses a threshold of 0 (most listed samples carry less than 1 N).
 * Tolerance: ezc3d's own test holds these numbers to numpy's assert_array_almost_equal(decimal=3),
 * |difference| < 1.5e-3 (in N, N mm, mm); they are not all correctly rounded (plate 2, sample
 * 3399, COP y is listed as 262.813 where ezc3d's formula, ours and the numpy reference all give
 * 262.8137), so half a unit of the third decimal would be too tight. Our arithmetic on the same
 * float32 values adds ~1e-13. */
#define EZC3D_DECIMAL3_BOUND 1.5e-3

typedef struct ezc3d_sample {
    size_t plate, sample;
    double force_n[3], moment_nmm[3], cop_mm[3], tz_nmm;
} ezc3d_sample;

static const ezc3d_sample EZC3D_QUALISYS[] = {
    {0, 0, {0.140, 0.046, -0.184}, {20.868, -4.623, -29.393}, {228.813, 118.296, 0}, -44.141},
    {0,
     1000,
     {106.480, -66.407, 763.647},
     {54768.655, -24103.676, -12229.124},
     {285.564, 303.720, 0},
     -2496.299},
    {0, 3399, {-0.140, -0.138, 0.367}, {51.780, 4.483, -29.960}, {241.787, 373.071, 0}, -51.390},
    {1, 0, {0.046, -0.185, 0.723}, {49.366, -96.907, 0.047}, {897.0422, 300.283, 0}, 27.944},
    {1, 1000, {0.232, -0.184, 0.361}, {68.671, -46.501, -19.720}, {891.673, 422.019, 0}, 48.016},
    {1, 3399, {0.185, -0.046, 0.542}, {16.708, 50.403, 30.122}, {670.044, 262.813, 0}, 31.545},
};

START_TEST(qualisys_matches_ezc3d)
{
    if (skip_without_data("ezc3d Qualisys"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("ezc3d-testfiles/Qualisys.c3d");
    gait_plate_settings ungated = gait_plate_settings_default();
    ungated.cop_threshold_n = 0.0;
    worst w = {0};
    for (size_t plate = 0; plate < 2; plate++) {
        plate_run r = run_plate(c3d, plate, &ungated);
        ck_assert_uint_eq(r.n, 3400);
        for (size_t i = 0; i < sizeof EZC3D_QUALISYS / sizeof EZC3D_QUALISYS[0]; i++) {
            const ezc3d_sample *e = &EZC3D_QUALISYS[i];
            if (e->plate != plate)
                continue;
            size_t k = e->sample;
            for (int a = 0; a < 3; a++) {
                double df = fabs(r.force_n[3 * k + a] - e->force_n[a]);
                double dm = fabs(r.moment_nm[3 * k + a] * 1e3 - e->moment_nmm[a]);
                double dc = fabs(r.cop_m[3 * k + a] * 1e3 - e->cop_mm[a]);
                note(&w.force_n, df);
                note(&w.moment_nm, dm * 1e-3);
                note(&w.cop_m, dc * 1e-3);
                ck_assert_msg(df <= EZC3D_DECIMAL3_BOUND,
                              "plate %zu sample %zu force[%d] %.6f N, ezc3d %.3f", plate + 1, k, a,
                              r.force_n[3 * k + a], e->force_n[a]);
                ck_assert_msg(dm <= EZC3D_DECIMAL3_BOUND,
                              "plate %zu sample %zu moment[%d] %.6f N mm, ezc3d %.3f", plate + 1, k,
                              a, r.moment_nm[3 * k + a] * 1e3, e->moment_nmm[a]);
                ck_assert_msg(dc <= EZC3D_DECIMAL3_BOUND,
                              "plate %zu sample %zu COP[%d] %.6f mm, ezc3d %.4f", plate + 1, k, a,
                              r.cop_m[3 * k + a] * 1e3, e->cop_mm[a]);
            }
            double tz_ours_nmm = r.force_n[3 * k + 2] < 0.0 ? -e->tz_nmm : e->tz_nmm;
            double dt = fabs(r.free_nm[k] * 1e3 - tz_ours_nmm);
            note(&w.free_nm, dt * 1e-3);
            ck_assert_msg(
                dt <= EZC3D_DECIMAL3_BOUND,
                "plate %zu sample %zu free moment %.6f N mm, ezc3d Tz_z %.3f (F_z %.3f N)",
                plate + 1, k, r.free_nm[k] * 1e3, e->tz_nmm, r.force_n[3 * k + 2]);
        }
        free_run(&r);
    }
    fprintf(stderr,
            "c3d_plates ezc3d Qualisys.c3d (samples 0, 1000, 3399): max |dF| %.2g N, |dM| %.2g N "
            "mm, |dCOP| %.2g mm, |dTz| %.2g N mm (bound 1.5e-3)\n",
            w.force_n, w.moment_nm * 1e3, w.cop_m * 1e3, w.free_nm * 1e3);
    gait_c3d_close(c3d);
}
END_TEST

/* ---- 2. numpy references ---- */

static const char *const NUMPY_REFS[] = {
    "plates_qualisys.txt",        /* TYPE 2, Qualisys, float, 2 plates */
    "plates_type4.txt",           /* TYPE 4, Vicon DEC int16, ORIGIN z > 0 (reversed) */
    "plates_type2.txt",           /* its TYPE-2 twin */
    "plates_type4a.txt",          /* TYPE 4, Motion Analysis DEC int16, 2 plates, ORIGIN z < 0 */
    "plates_type2a.txt",          /* its TYPE-2 twin */
    "plates_running_kistler.txt", /* TYPE 3, Qualisys float, running stance */
    "plates_kistler.txt",         /* TYPE 3, int16, no POINT group, vertical plates (y normal) */
};
#define N_NUMPY_REFS (sizeof NUMPY_REFS / sizeof NUMPY_REFS[0])

static double norm3(const double *v)
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

/* Compares one reference line; plate_runs[p] computed on demand. */
static void check_numpy_line(const char *name, const gait_c3d *c3d, plate_run *runs, size_t plate,
                             size_t k, const double *ref, worst *w)
{
    if (runs[plate].n == 0)
        runs[plate] = run_plate(c3d, plate, NULL);
    const plate_run *r = &runs[plate];
    ck_assert_msg(k < r->n, "%s: sample %zu of %zu", name, k, r->n);
    const double *force = ref, *moment = ref + 3, *cop = ref + 6, free_moment = ref[9];
    double scale_n = fmax(norm3(force), 1.0);
    for (int a = 0; a < 3; a++) {
        double df = fabs(r->force_n[3 * k + a] - force[a]);
        double dm = fabs(r->moment_nm[3 * k + a] - moment[a]);
        note(&w->force_n, df);
        note(&w->moment_nm, dm);
        ck_assert_msg(df <= NUMPY_RELATIVE * scale_n,
                      "%s plate %zu sample %zu force[%d] %.17g, numpy %.17g", name, plate + 1, k, a,
                      r->force_n[3 * k + a], force[a]);
        ck_assert_msg(dm <= NUMPY_RELATIVE * scale_n,
                      "%s plate %zu sample %zu moment[%d] %.17g, numpy %.17g", name, plate + 1, k,
                      a, r->moment_nm[3 * k + a], moment[a]);
        if (isnan(cop[a])) {
            ck_assert_msg(isnan(r->cop_m[3 * k + a]),
                          "%s plate %zu sample %zu: COP %g should be NaN (below 20 N)", name,
                          plate + 1, k, r->cop_m[3 * k + a]);
        } else {
            double dc = fabs(r->cop_m[3 * k + a] - cop[a]);
            note(&w->cop_m, dc);
            ck_assert_msg(dc <= NUMPY_RELATIVE,
                          "%s plate %zu sample %zu COP[%d] %.17g, numpy %.17g", name, plate + 1, k,
                          a, r->cop_m[3 * k + a], cop[a]);
        }
    }
    if (isnan(free_moment)) {
        ck_assert_msg(isnan(r->free_nm[k]), "%s plate %zu sample %zu: free moment %g should be NaN",
                      name, plate + 1, k, r->free_nm[k]);
    } else {
        double dt = fabs(r->free_nm[k] - free_moment);
        note(&w->free_nm, dt);
        ck_assert_msg(dt <= NUMPY_RELATIVE * scale_n,
                      "%s plate %zu sample %zu free moment %.17g, numpy %.17g", name, plate + 1, k,
                      r->free_nm[k], free_moment);
    }
}

START_TEST(matches_numpy_reference)
{
    const char *name = NUMPY_REFS[_i];
    if (skip_without_data(name))
        return;
    FILE *file = test_open_ref(name);
    char line[2048], relative[1024] = "";
    gait_c3d *c3d = NULL;
    plate_run runs[16];
    memset(runs, 0, sizeof runs);
    worst w = {0};
    size_t n_lines = 0, n_plates = 0;
    while (test_next_data_line(file, line, sizeof line)) {
        if (strncmp(line, "file ", 5) == 0) {
            ck_assert(sscanf(line + 5, "%1023s", relative) == 1);
            c3d = test_open_shared_c3d(relative);
            gait_c3d_info info;
            gait_c3d_get_info(c3d, &info);
            n_plates = info.n_force_platforms;
            ck_assert(n_plates <= sizeof runs / sizeof runs[0]);
            continue;
        }
        ck_assert_msg(c3d != NULL, "%s: data before the file line", name);
        char *at = line, *end = NULL;
        size_t plate = strtoul(at, &end, 10);
        at = end;
        size_t k = strtoul(at, &end, 10);
        at = end;
        double ref[10];
        for (int i = 0; i < 10; i++) {
            ref[i] = strtod(at, &end);
            ck_assert_msg(end != at, "%s: short line %s", name, line);
            at = end;
        }
        ck_assert_msg(plate < n_plates, "%s: plate %zu of %zu", name, plate + 1, n_plates);
        check_numpy_line(name, c3d, runs, plate, k, ref, &w);
        n_lines++;
    }
    fclose(file);
    ck_assert_msg(n_lines >= 2, "%s: only %zu reference samples", name, n_lines);
    fprintf(stderr,
            "c3d_plates numpy %s (%s, %zu samples): max |dF| %.2g N, |dM| %.2g N m, |dCOP| %.2g "
            "m, |dT| %.2g N m\n",
            name, relative, n_lines, w.force_n, w.moment_nm, w.cop_m, w.free_nm);
    for (size_t p = 0; p < n_plates; p++)
        if (runs[p].n > 0)
            free_run(&runs[p]);
    gait_c3d_close(c3d);
}
END_TEST

/* TYPE-4 and TYPE-2 descriptions of one Vicon and one Motion Analysis recording: the same raw
 * counts, calibrated by the full matrix or by the diagonal sensitivities. Printed for the record
 * only, nothing about their agreement is asserted: TYPE-2.C3D is not the diagonal twin of
 * TYPE-4.C3D that README.TXT describes. TYPE-4.XLS's TYPE-2 SCALEs equal its TYPE-4 SCALE times the
 * CAL_MATRIX diagonal (Mx: -90.657 vs -0.12221 x 741.87), and TYPE-4.C3D stores half the sheet's
 * SCALE, but TYPE-2.C3D's moment SCALEs are 18-26 % smaller than half the sheet's (Mx -36.83 vs
 * -45.33 N mm per count) and its Fx, Fy SCALEs 5 % smaller. The Motion Analysis pair agrees. */
START_TEST(type4_and_type2_twins_for_the_record)
{
    if (skip_without_data("TYPE-4/TYPE-2 twins"))
        return;
    static const char *const pairs[2][2] = {
        {"c3dorg-format-edgecases/sample10/TYPE-4.C3D",
         "c3dorg-format-edgecases/sample10/TYPE-2.C3D"},
        {"c3dorg-format-edgecases/sample10/type-4a.c3d",
         "c3dorg-format-edgecases/sample10/type-2a.c3d"},
    };
    for (int i = 0; i < 2; i++) {
        gait_c3d *four = test_open_shared_c3d(pairs[i][0]),
                 *two = test_open_shared_c3d(pairs[i][1]);
        gait_c3d_info info;
        gait_c3d_get_info(four, &info);
        for (size_t p = 0; p < info.n_force_platforms; p++) {
            plate_run a = run_plate(four, p, NULL), b = run_plate(two, p, NULL);
            ck_assert_uint_eq(a.n, b.n);
            double max_df = 0.0, max_rel_fz = 0.0, max_dcop = 0.0;
            for (size_t k = 0; k < a.n; k++) {
                if (!(fabs(a.force_n[3 * k + 2]) > 50.0))
                    continue;
                for (int c = 0; c < 3; c++) {
                    note(&max_df, fabs(a.force_n[3 * k + c] - b.force_n[3 * k + c]));
                    note(&max_dcop, fabs(a.cop_m[3 * k + c] - b.cop_m[3 * k + c]));
                }
                note(&max_rel_fz, fabs(a.force_n[3 * k + 2] - b.force_n[3 * k + 2]) /
                                      fabs(a.force_n[3 * k + 2]));
            }
            fprintf(stderr,
                    "c3d_plates twins %s vs TYPE-2, plate %zu (|Fz| > 50 N): max |dF| %.3g N, "
                    "max |dFz|/Fz %.2g %%, max |dCOP| %.3g mm\n",
                    pairs[i][0], p + 1, max_df, 100.0 * max_rel_fz, 1e3 * max_dcop);
            free_run(&a);
            free_run(&b);
        }
        gait_c3d_close(four);
        gait_c3d_close(two);
    }
}
END_TEST

/* ---- 2b. c3d.org's TYPE-4.XLS ----
 *
 * The sheet (sample10, updated 7 March 2003) calibrates 22 test patterns of raw counts with its
 * FORCE_PLATFORM:CAL_MATRIX table, whose rows are the channels Fx'..Mz' and whose columns are the
 * outputs Fx..Mz (the moment columns x 1000, for N mm: the 2003 fix in README.TXT):
 *   output_j = sum_i table[i][j] x (raw_i - OFFSET) x SCALE_i x GEN_SCALE.
 * The patterns are not samples of TYPE-4.C3D (its data are a walking trial), so the check feeds
 * them, scaled with the sheet's SCALE, through gait_plate_compute() with the plate description
 * gait_c3d_get_force_plate() reads from TYPE-4.C3D (its CAL_MATRIX and output units) placed with
 * its axes on the lab axes and a zero ORIGIN, so that the outputs are the calibrated channels.
 * TYPE-4.C3D stores the table rounded to 3 decimals (then float32), and one entry with the
 * opposite sign (channel Fz, output Mz: +4.609 in the file, -4.6095 in the sheet and in
 * MATRIX.PDF); make_plate_refs.py lists such entries ("stored" lines) and the expected outputs
 * carry their effect. Tolerance per output j: sum_i (5e-4 + 2^-24 |cal_ji|) |channel_i|, the
 * rounding of the stored matrix, plus 1e-12 relative for the sheet's double arithmetic. */
typedef struct xls_reference {
    double scale[6], offset, gen_scale, table[6][6];
    int n_patterns;
    double raw[32][6], out[32][6];
    int n_stored;
    int stored_channel[36], stored_output[36];
    double stored_file[36], stored_sheet[36];
} xls_reference;

static void read_xls_reference(xls_reference *x)
{
    memset(x, 0, sizeof *x);
    FILE *file = test_open_ref("plates_type4_xls.txt");
    char line[2048];
    int n_table = 0;
    while (test_next_data_line(file, line, sizeof line)) {
        int i, j, frame;
        double v, u;
        if (strncmp(line, "scale ", 6) == 0) {
            ck_assert(sscanf(line + 6, "%lf %lf %lf %lf %lf %lf", &x->scale[0], &x->scale[1],
                             &x->scale[2], &x->scale[3], &x->scale[4], &x->scale[5]) == 6);
        } else if (sscanf(line, "offset %lf", &v) == 1) {
            x->offset = v;
        } else if (sscanf(line, "gen_scale %lf", &v) == 1) {
            x->gen_scale = v;
        } else if (sscanf(line, "table %d %d %lf", &i, &j, &v) == 3) {
            ck_assert(i >= 0 && i < 6 && j >= 0 && j < 6);
            x->table[i][j] = v;
            n_table++;
        } else if (strncmp(line, "pattern ", 8) == 0) {
            ck_assert(x->n_patterns < 32);
            double *raw = x->raw[x->n_patterns], *out = x->out[x->n_patterns];
            ck_assert(sscanf(line + 8, "%d %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &frame,
                             &raw[0], &raw[1], &raw[2], &raw[3], &raw[4], &raw[5], &out[0], &out[1],
                             &out[2], &out[3], &out[4], &out[5]) == 13);
            x->n_patterns++;
        } else if (sscanf(line, "stored %d %d %lf %lf", &i, &j, &v, &u) == 4) {
            ck_assert(x->n_stored < 36);
            x->stored_channel[x->n_stored] = i;
            x->stored_output[x->n_stored] = j;
            x->stored_file[x->n_stored] = v;
            x->stored_sheet[x->n_stored] = u;
            x->n_stored++;
        }
    }
    fclose(file);
    ck_assert_int_eq(n_table, 36);
    ck_assert_int_eq(x->n_patterns, 22);
}

/* The stored CAL_MATRIX entry expected for (output, channel): the sheet's, unless listed. */
static double expected_stored(const xls_reference *x, int output, int channel, int *listed)
{
    for (int s = 0; s < x->n_stored; s++)
        if (x->stored_output[s] == output && x->stored_channel[s] == channel) {
            *listed = 1;
            return x->stored_file[s];
        }
    *listed = 0;
    return x->table[channel][output];
}

/* Largest |library - expected| / tolerance over the patterns, with plate->cal_matrix. */
static double worst_xls_ratio(const xls_reference *x, const gait_force_plate *plate,
                              double *worst_abs)
{
    double ratio = 0.0;
    *worst_abs = 0.0;
    for (int p = 0; p < x->n_patterns; p++) {
        double ch[6];
        for (int i = 0; i < 6; i++)
            ch[i] = (x->raw[p][i] - x->offset) * x->scale[i] * x->gen_scale;
        double force[3], moment[3];
        ck_assert_int_eq(gait_plate_compute(plate, NULL, ch, 1, force, moment, NULL, NULL),
                         GAIT_OK);
        double got[6] = {force[0],        force[1],        force[2],
                         moment[0] * 1e3, moment[1] * 1e3, moment[2] * 1e3}; /* N, N mm */
        for (int j = 0; j < 6; j++) {
            double expected = x->out[p][j], tolerance = 1e-12 * fabs(x->out[p][j]);
            for (int i = 0; i < 6; i++) {
                int listed = 0;
                double stored = expected_stored(x, j, i, &listed);
                if (listed)
                    expected += (stored - x->table[i][j]) * ch[i];
                tolerance += (5e-4 + 0x1p-24 * fabs(stored)) * fabs(ch[i]);
            }
            double difference = fabs(got[j] - expected);
            note(worst_abs, difference);
            note(&ratio, difference / tolerance);
        }
    }
    return ratio;
}

START_TEST(type4_cal_matrix_matches_c3d_org_spreadsheet)
{
    if (skip_without_data("TYPE-4.XLS"))
        return;
    xls_reference *x = malloc(sizeof *x);
    ck_assert(x != NULL);
    read_xls_reference(x);
    gait_c3d *c3d = test_open_shared_c3d("c3dorg-format-edgecases/sample10/TYPE-4.C3D");
    gait_force_plate plate;
    ck_assert_int_eq(gait_c3d_get_force_plate(c3d, 0, &plate, NULL, NULL), GAIT_OK);
    ck_assert_int_eq(plate.type, 4);
    for (int j = 0; j < 6; j++) /* ANALOG:UNITS N N N Nmm Nmm Nmm */
        ck_assert_double_eq_tol(plate.output_to_si[j], j < 3 ? 1.0 : 1e-3, 1e-15);

    /* The matrix as read (output row j, channel column i) is the sheet's table transposed. */
    int n_mismatch_if_transposed = 0;
    for (int j = 0; j < 6; j++)
        for (int i = 0; i < 6; i++) {
            int listed = 0;
            double expected = expected_stored(x, j, i, &listed);
            double tolerance = listed ? 0x1p-24 * fabs(expected) : 5e-4 + 0x1p-24 * fabs(expected);
            ck_assert_msg(
                fabs(plate.cal_matrix[6 * j + i] - expected) <= tolerance,
                "cal_matrix output %d channel %d = %.7g, the sheet's table[%d][%d] = %.7g", j, i,
                plate.cal_matrix[6 * j + i], i, j, expected);
            if (fabs(plate.cal_matrix[6 * i + j] - expected) > tolerance)
                n_mismatch_if_transposed++;
        }
    ck_assert_msg(n_mismatch_if_transposed >= 10,
                  "the check does not tell the matrix from its transpose (%d entries differ)",
                  n_mismatch_if_transposed);
    for (int s = 0; s < x->n_stored; s++)
        fprintf(stderr,
                "c3d_plates TYPE-4.C3D CAL_MATRIX channel %d -> output %d is %.6g; TYPE-4.XLS and "
                "MATRIX.PDF have %.6g (reference data inconsistency)\n",
                x->stored_channel[s], x->stored_output[s], x->stored_file[s], x->stored_sheet[s]);

    /* The outputs, on lab-aligned axes with the surface at the transducer origin. */
    static const double sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};
    for (int c = 0; c < 4; c++)
        plate.corners_m[c] = gait_vec3_make(0.232 * sx[c], 0.254 * sy[c], 0.0);
    plate.origin_m = gait_vec3_make(0.0, 0.0, 0.0);
    double worst_abs = 0.0;
    double ratio = worst_xls_ratio(x, &plate, &worst_abs);
    ck_assert_msg(ratio <= 1.0, "TYPE-4 outputs differ from TYPE-4.XLS by %.3g x tolerance", ratio);

    gait_force_plate transposed = plate;
    for (int j = 0; j < 6; j++)
        for (int i = 0; i < 6; i++)
            transposed.cal_matrix[6 * j + i] = plate.cal_matrix[6 * i + j];
    double worst_transposed = 0.0;
    double ratio_transposed = worst_xls_ratio(x, &transposed, &worst_transposed);
    ck_assert_msg(ratio_transposed > 100.0,
                  "the transposed CAL_MATRIX would pass too (%.3g x tolerance)", ratio_transposed);

    double file_scale[6];
    size_t n_scale = 0;
    gait_c3d_param_doubles(c3d, "ANALOG", "SCALE", file_scale, 6, &n_scale);
    fprintf(stderr,
            "c3d_plates TYPE-4.XLS, 22 patterns: max |library - sheet| %.3g (N or N mm), %.2f x "
            "the rounding bound; the transposed matrix would be off by %.3g (%.0f x); the sheet's "
            "SCALE is %.6f x TYPE-4.C3D's\n",
            worst_abs, ratio, worst_transposed, ratio_transposed, x->scale[0] / file_scale[0]);
    gait_c3d_close(c3d);
    free(x);
}
END_TEST

/* ---- 3. JA1Gait35.c3d against OpenSim's JA1Gait35_grf.mot ----
 *
 * The .mot (AddBiomechanics/OpenSim, from nimblephysics) holds the 8 plates at 250 Hz in metres,
 * N and N m, OpenSim ground frame (y up). Established here from the data (and asserted):
 * - axes: mot (x, y, z) = lab (y, z, x): the runway runs along lab y, lab z is up;
 * - time: mot row r is point frame r + 2 of the file (C3D frame 835 + r; the mot's time 0 is
 *   3.336 s on the file's clock) and analog sample 6 (r + 2), the first of that frame: no
 *   filtering and no averaging, every 6th sample of the 1500 Hz analog data.
 * - forces and free moment agree to the mot's printing (%g, 6 significant digits), so they are
 *   asserted within half a unit of the printed last digit (+1e-9 relative for our arithmetic).
 * - the COP does not: FORCE_PLATFORM:ORIGIN is (0, 0, 69) mm on every plate (z > 0: the surface
 *   69 mm above the transducer origin, after the sign rule), and the .mot ignores it. Its COP is
 *   where the force's line of action crosses the plane of the transducer origin, and it reports
 *   that point at the surface height. Moving along the line of action from the surface down by
 *   d = 69 mm moves the point by d F_h / F_v against the horizontal force, so
 *     COP_libgait - COP_mot = d F_h / F_v   (F_h horizontal, F_v vertical force on the subject).
 *   This is asserted per sample within the mot's printing; the raw difference is printed.
 *   (The free moment is the same at both points: they lie on one line parallel to F.) */
#define JA1_STANCE_N          50.0
#define JA1_FIRST_FRAME_SHIFT 2

typedef struct mot_table {
    size_t n_rows, n_columns;
    char **names;
    double *values; /* row-major */
} mot_table;

static void free_mot(mot_table *t)
{
    for (size_t c = 0; c < t->n_columns; c++)
        free(t->names[c]);
    free(t->names);
    free(t->values);
}

/* A minimal reader of an OpenSim .mot: header lines up to "endheader", a tab-separated line of
 * column names, then rows of numbers. */
static mot_table read_mot(const char *relative)
{
    FILE *file = test_open_shared(relative);
    mot_table t = {0};
    static char line[65536];
    while (fgets(line, sizeof line, file) != NULL)
        if (strncmp(line, "endheader", 9) == 0)
            break;
    ck_assert(fgets(line, sizeof line, file) != NULL);
    for (char *name = strtok(line, "\t\r\n"); name != NULL; name = strtok(NULL, "\t\r\n")) {
        t.names = realloc(t.names, (t.n_columns + 1) * sizeof *t.names);
        ck_assert(t.names != NULL);
        size_t length = strlen(name) + 1;
        t.names[t.n_columns] = malloc(length);
        ck_assert(t.names[t.n_columns] != NULL);
        memcpy(t.names[t.n_columns++], name, length);
    }
    size_t capacity = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        if (line[0] == '\n' || line[0] == '\0')
            continue;
        if (t.n_rows == capacity) {
            capacity = capacity ? 2 * capacity : 512;
            t.values = realloc(t.values, capacity * t.n_columns * sizeof *t.values);
            ck_assert(t.values != NULL);
        }
        char *at = line, *end = NULL;
        for (size_t c = 0; c < t.n_columns; c++) {
            t.values[t.n_rows * t.n_columns + c] = strtod(at, &end);
            ck_assert_msg(end != at, "%s: row %zu column %zu is not a number", relative,
                          t.n_rows + 1, c + 1);
            at = end;
        }
        t.n_rows++;
    }
    fclose(file);
    return t;
}

static size_t mot_column(const mot_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_columns; c++)
        if (strcmp(t->names[c], name) == 0)
            return c;
    ck_abort_msg("no column %s in the .mot", name);
    return 0;
}

/* Half a unit of the last of 6 significant digits of a value printed with %g. */
static double printed_half_unit(double v)
{
    if (v == 0.0)
        return 0.0;
    return 0.5 * pow(10.0, floor(log10(fabs(v))) - 5.0);
}

START_TEST(ja1gait35_against_opensim_grf)
{
    if (skip_without_data("JA1Gait35 vs OpenSim"))
        return;
    gait_c3d *c3d = test_open_shared_c3d("nimble-sprint-c3d/JA1Gait35.c3d");
    mot_table mot = read_mot("nimble-sprint-c3d/opensim_results/JA1Gait35_grf.mot");
    gait_c3d_info info;
    gait_c3d_get_info(c3d, &info);
    ck_assert_uint_eq(info.n_force_platforms, 8);
    ck_assert_uint_eq(info.analog_samples_per_frame, 6);
    const size_t per_frame = info.analog_samples_per_frame, n_rows = mot.n_rows;
    ck_assert_uint_eq(n_rows, 322);
    static const int lab_of_mot[3] = {1, 2, 0}; /* mot axis a is lab axis lab_of_mot[a] */
    static const char axis[3] = {'x', 'y', 'z'};

    plate_run runs[8];
    size_t columns[8][9];
    for (size_t p = 0; p < 8; p++) {
        runs[p] = run_plate(c3d, p, NULL);
        const char kinds[3] = {'v', 'p', 'm'};
        for (int q = 0; q < 3; q++)
            for (int a = 0; a < 3; a++) {
                char name[64];
                snprintf(name, sizeof name, "ground_force_%zu_%c%c", p + 1, kinds[q], axis[a]);
                columns[p][3 * q + a] = mot_column(&mot, name);
            }
    }
#define MOT(row, p, i) (mot.values[(row)*mot.n_columns + columns[p][i]])

    /* Time alignment: the analog offset that best matches the vertical force of every plate. */
    size_t best_offset = 0;
    double best_sum = INFINITY;
    for (size_t offset = 0; offset + per_frame * (n_rows - 1) < runs[0].n; offset++) {
        double sum = 0.0;
        for (size_t p = 0; p < 8; p++)
            for (size_t r = 0; r < n_rows; r++) {
                double d = runs[p].force_n[3 * (offset + per_frame * r) + 2] - MOT(r, p, 1);
                sum += d * d;
            }
        if (sum < best_sum) {
            best_sum = sum;
            best_offset = offset;
        }
    }
    ck_assert_msg(best_offset == per_frame * JA1_FIRST_FRAME_SHIFT,
                  "the .mot matches analog offset %zu best, not %zu", best_offset,
                  per_frame * JA1_FIRST_FRAME_SHIFT);

    int loaded_plates = 0;
    for (size_t p = 0; p < 8; p++) {
        gait_force_plate description;
        ck_assert_int_eq(gait_c3d_get_force_plate(c3d, p, &description, NULL, NULL), GAIT_OK);
        /* ORIGIN (0, 0, 0.069) m: z > 0, the reversed convention, the surface d above O. */
        const double d_m = fabs(description.origin_m.z);
        ck_assert_double_eq_tol(d_m, 0.069, 1e-12);
        double sum_sq[3] = {0}, max_raw[3] = {0}, sum_sq_h = 0.0, max_h = 0.0;
        double worst_force = 0.0, worst_free = 0.0, worst_residual = 0.0;
        size_t n_stance = 0;
        for (size_t r = 0; r < n_rows; r++) {
            size_t k = per_frame * (r + JA1_FIRST_FRAME_SHIFT);
            const double *f = runs[p].force_n + 3 * k, *cop = runs[p].cop_m + 3 * k;
            if (!(f[2] > JA1_STANCE_N))
                continue;
            n_stance++;
            for (int a = 0; a < 3; a++) {
                double ref = MOT(r, p, a), got = f[lab_of_mot[a]];
                double df = fabs(got - ref);
                note(&worst_force, df);
                ck_assert_msg(df <= printed_half_unit(ref) + 1e-9 * fabs(ref),
                              "plate %zu row %zu force %c: %.9g N, .mot %.9g", p + 1, r, axis[a],
                              got, ref);
            }
            double free_ref = MOT(r, p, 7); /* moment about y, up */
            double dt = fabs(runs[p].free_nm[k] - free_ref);
            note(&worst_free, dt);
            ck_assert_msg(dt <= printed_half_unit(free_ref) + 1e-9 * fabs(free_ref) + 1e-9,
                          "plate %zu row %zu free moment %.9g N m, .mot my %.9g", p + 1, r,
                          runs[p].free_nm[k], free_ref);
            double h2 = 0.0;
            for (int a = 0; a < 3; a++) {
                int lab = lab_of_mot[a];
                double ref = MOT(r, p, 3 + a), raw = cop[lab] - ref;
                double shift = lab == 2 ? 0.0 : d_m * f[lab] / f[2];
                double residual = fabs(raw - shift);
                sum_sq[a] += raw * raw;
                note(&max_raw[a], fabs(raw));
                if (lab != 2)
                    h2 += raw * raw;
                note(&worst_residual, residual);
                ck_assert_msg(residual <= printed_half_unit(ref) + 1e-9,
                              "plate %zu row %zu COP %c: libgait %.9g m, .mot %.9g, the ORIGIN "
                              "offset explains %.9g",
                              p + 1, r, axis[a], cop[lab], ref, shift);
            }
            sum_sq_h += h2;
            note(&max_h, sqrt(h2));
        }
        if (n_stance == 0)
            continue;
        loaded_plates++;
        fprintf(stderr,
                "c3d_plates JA1Gait35 plate %zu, %zu marker frames with Fz > %.0f N: COP "
                "libgait - .mot RMS (along y, across x) %.2f %.2f mm, max %.2f %.2f mm, "
                "horizontal RMS %.2f max %.2f mm; after removing d F_h/F_v (d = %.0f mm) max "
                "%.4f mm; max |dF| %.4f N, |dT| %.2g N m\n",
                p + 1, n_stance, JA1_STANCE_N, 1e3 * sqrt(sum_sq[0] / n_stance),
                1e3 * sqrt(sum_sq[2] / n_stance), 1e3 * max_raw[0], 1e3 * max_raw[2],
                1e3 * sqrt(sum_sq_h / n_stance), 1e3 * max_h, 1e3 * d_m, 1e3 * worst_residual,
                worst_force, worst_free);
    }
#undef MOT
    ck_assert_int_eq(loaded_plates, 4);
    for (size_t p = 0; p < 8; p++)
        free_run(&runs[p]);
    free_mot(&mot);
    gait_c3d_close(c3d);
}
END_TEST

Suite *make_suite(void)
{
    Suite *suite = suite_create("c3d_plates");
    TCase *references = tcase_create("references");
    tcase_set_timeout(references, 240);
    tcase_add_test(references, qualisys_matches_ezc3d);
    tcase_add_loop_test(references, matches_numpy_reference, 0, (int)N_NUMPY_REFS);
    tcase_add_test(references, type4_and_type2_twins_for_the_record);
    tcase_add_test(references, type4_cal_matrix_matches_c3d_org_spreadsheet);
    tcase_add_test(references, ja1gait35_against_opensim_grf);
    suite_add_tcase(suite, references);
    return suite;
}
