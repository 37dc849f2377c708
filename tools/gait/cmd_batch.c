/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gait batch: many recordings on every core into tidy CSV tables, resumable, shardable; and
 * gait merge, which combines shard outputs.
 *
 * Order: the inputs are sorted by path (strcmp) and every output lists files in that order, rows
 * of one file in analysis order, so a merge of shards (a stable sort by file) equals the unsharded
 * run row for row.
 * Resumable: each file's rows go to OUT/.cache/<hash>.rec (written to a temporary name and
 * renamed, so a record is whole or absent), keyed by the path and checked against the input's
 * size, modification time and the analysis options. A re-run reuses every valid record and
 * analyses the rest; the four tables are rebuilt from the records and renamed into place. A
 * killed run therefore leaves no partial rows, and its re-run equals an uninterrupted one.
 * The cache key is a 64-bit FNV-1a hash of the path (a file name, not security). */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "trial_output.h"

#define EXIT_SOME_FAILED 3
#define RECORD_MAGIC     "libgait-batch 1"

typedef struct job {
    char *path;
    char *grf; /* the .mot of a .trc, or NULL */
    char *subject, *condition;
    double mass_kg, rate_hz, foot_length_m;
    int placement; /* -1: plates/markers; GAIT_IMU_FOOT or GAIT_IMU_SHANK */
} job;

typedef struct job_list {
    job *items;
    size_t count, capacity;
} job_list;

typedef struct batch {
    job_list jobs;
    const char *out_dir;
    char cache_dir[4096];
    char options[512];     /* the analysis options, part of every record's key */
    cli_analysis analysis; /* the command line's analysis options */
    int placement;         /* -1 unless --imu */
    int quiet, tty;
    /* shared by the workers */
    pthread_mutex_t lock;
    size_t *order; /* the work order: largest files first, so no big file is left for last */
    size_t next, done, failed, cached;
    double started_s;
} batch;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static char *copy(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

/* ---- inputs ---- */

static int push_job(job_list *list, const job *j)
{
    if (list->count == list->capacity) {
        size_t grown = list->capacity ? 2 * list->capacity : 64;
        job *items = realloc(list->items, grown * sizeof *items);
        if (items == NULL)
            return 0;
        list->items = items;
        list->capacity = grown;
    }
    list->items[list->count++] = *j;
    return 1;
}

static void free_jobs(job_list *list)
{
    for (size_t k = 0; k < list->count; k++) {
        free(list->items[k].path);
        free(list->items[k].grf);
        free(list->items[k].subject);
        free(list->items[k].condition);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* The .mot beside a .trc: STEM_grf.mot, else STEM.mot (OpenSim's usual names); NULL if none. */
static char *paired_mot(const char *trc)
{
    size_t n = strlen(trc);
    if (n < 4)
        return NULL;
    const char *forms[2] = {"%.*s_grf.mot", "%.*s.mot"};
    for (int k = 0; k < 2; k++) {
        char candidate[4096];
        snprintf(candidate, sizeof candidate, forms[k], (int)(n - 4), trc);
        if (access(candidate, R_OK) == 0)
            return strdup(candidate);
    }
    return NULL;
}

/* A file of a directory or the command line, when it is an input: C3D, TRC with a .mot beside it,
 * and with --imu IMU CSV/TXT. */
static int add_file(batch *b, const char *path, int named)
{
    job j = {0};
    j.placement = -1;
    j.mass_kg = b->analysis.settings.mass_kg;
    j.rate_hz = b->analysis.csv_settings.rate_hz;
    j.foot_length_m = b->analysis.settings.foot_length_m;
    file_format format = cli_format_of(path);
    if (b->placement >= 0) {
        if (format != FORMAT_CSV && fnmatch("*.[tT][xX][tT]", path, 0) != 0 && !named)
            return 1;
        j.placement = b->placement;
    } else if (format == FORMAT_TRC) {
        j.grf = paired_mot(path);
        if (j.grf == NULL && !named)
            return 1; /* markers alone: not an analysis input */
    } else if (format != FORMAT_C3D && !named) {
        return 1;
    }
    j.path = copy(path);
    return j.path != NULL && push_job(&b->jobs, &j);
}

static int add_directory(batch *b, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        ok = S_ISDIR(st.st_mode) ? add_directory(b, path) : add_file(b, path, 0);
    }
    closedir(d);
    return ok;
}

/* A directory, a file, or a glob pattern. */
static int add_input(batch *b, const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0)
        return S_ISDIR(st.st_mode) ? add_directory(b, arg) : add_file(b, arg, 1);
    glob_t g;
    if (strpbrk(arg, "*?[") != NULL && glob(arg, 0, NULL, &g) == 0) {
        int ok = 1;
        for (size_t k = 0; k < g.gl_pathc && ok; k++)
            ok = stat(g.gl_pathv[k], &st) == 0 && S_ISDIR(st.st_mode)
                     ? add_directory(b, g.gl_pathv[k])
                     : add_file(b, g.gl_pathv[k], 1);
        globfree(&g);
        return ok;
    }
    /* a missing file is kept: it becomes a row of errors.csv, the batch goes on */
    return add_file(b, arg, 1);
}

/* Split one CSV line into at most max fields (quotes honoured), in place. Returns the count. */
static size_t split_csv(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *out = p;
        fields[n++] = p;
        int quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted || (*p != ',' && *p != '\n' && *p != '\r'))) {
            if (quoted && *p == '"') {
                if (p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                    continue;
                }
                quoted = 0;
                p++;
                continue;
            }
            *out++ = *p++;
        }
        int more = *p == ',';
        *out = '\0';
        if (!more)
            break;
        p++;
    }
    return n;
}

/* The manifest: a header naming `path` and optionally subject, body_mass_kg, condition,
 * placement, rate_hz, foot_length_m. Paths are relative to the manifest's directory. */
static int read_manifest(batch *b, const char *manifest)
{
    FILE *f = fopen(manifest, "r");
    if (f == NULL) {
        fprintf(stderr, "gait batch: %s: %s\n", manifest, strerror(errno));
        return 0;
    }
    char line[8192], *fields[64];
    int column[7] = {-1, -1, -1, -1, -1, -1, -1};
    static const char *const names[7] = {"path",      "subject", "body_mass_kg", "condition",
                                         "placement", "rate_hz", "foot_length_m"};
    size_t n_header = 0, line_no = 1;
    int ok = fgets(line, sizeof line, f) != NULL;
    if (ok) {
        n_header = split_csv(line, fields, 64);
        for (size_t k = 0; k < n_header; k++)
            for (int c = 0; c < 7; c++)
                if (strcmp(fields[k], names[c]) == 0)
                    column[c] = (int)k;
    }
    if (!ok || column[0] < 0) {
        fprintf(stderr, "gait batch: %s: the first line must name a `path` column\n", manifest);
        fclose(f);
        return 0;
    }
    char base[4096];
    snprintf(base, sizeof base, "%s", manifest);
    char *slash = strrchr(base, '/');
    if (slash != NULL)
        slash[1] = '\0';
    else
        base[0] = '\0';
    while (ok && fgets(line, sizeof line, f) != NULL) {
        line_no++;
        size_t n = split_csv(line, fields, 64);
        if (n == 1 && fields[0][0] == '\0')
            continue;
        const char *v[7] = {NULL};
        for (int c = 0; c < 7; c++)
            v[c] = column[c] >= 0 && (size_t)column[c] < n && fields[column[c]][0]
                       ? fields[column[c]]
                       : NULL;
        if (v[0] == NULL) {
            fprintf(stderr, "gait batch: %s:%zu: no path\n", manifest, line_no);
            ok = 0;
            break;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s%s", v[0][0] == '/' ? "" : base, v[0]);
        int before = (int)b->jobs.count;
        int saved = b->placement;
        if (v[4] != NULL)
            b->placement = !strcmp(v[4], "shank")  ? GAIT_IMU_SHANK
                           : !strcmp(v[4], "foot") ? GAIT_IMU_FOOT
                                                   : -1;
        ok = add_file(b, path, 1);
        b->placement = saved;
        if (!ok || (int)b->jobs.count == before)
            continue;
        job *j = &b->jobs.items[b->jobs.count - 1];
        j->subject = copy(v[1]);
        j->condition = copy(v[3]);
        double *numbers[3] = {&j->mass_kg, &j->rate_hz, &j->foot_length_m};
        const int which[3] = {2, 5, 6};
        for (int k = 0; k < 3 && ok; k++) {
            if (v[which[k]] == NULL)
                continue;
            char *end;
            double x = strtod(v[which[k]], &end);
            if (*end != '\0' || !(x > 0.0) || !isfinite(x)) {
                fprintf(stderr, "gait batch: %s:%zu: %s '%s' is not a positive number\n", manifest,
                        line_no, names[which[k]], v[which[k]]);
                ok = 0;
            }
            *numbers[k] = x;
        }
    }
    fclose(f);
    return ok;
}

/* Work order, largest input first (ties by path). */
static const job *sort_jobs;
static off_t *sort_sizes;
static int compare_by_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    if (sort_sizes[a] != sort_sizes[b])
        return sort_sizes[a] < sort_sizes[b] ? 1 : -1;
    return strcmp(sort_jobs[a].path, sort_jobs[b].path);
}

static size_t *work_order(const job_list *jobs)
{
    size_t *order = malloc((jobs->count + 1) * sizeof *order);
    off_t *sizes = malloc((jobs->count + 1) * sizeof *sizes);
    if (order == NULL || sizes == NULL) {
        free(order), free(sizes);
        return NULL; /* then in path order */
    }
    for (size_t k = 0; k < jobs->count; k++) {
        struct stat st;
        order[k] = k;
        sizes[k] = stat(jobs->items[k].path, &st) == 0 ? st.st_size : 0;
    }
    sort_jobs = jobs->items;
    sort_sizes = sizes;
    qsort(order, jobs->count, sizeof *order, compare_by_size);
    free(sizes);
    return order;
}

static int compare_jobs(const void *x, const void *y)
{
    return strcmp(((const job *)x)->path, ((const job *)y)->path);
}

/* ---- records ---- */

static uint64_t fnv1a(const char *text)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 1099511628211ull;
    return h;
}

static void record_path(const batch *b, const job *j, char *out, size_t size, const char *suffix)
{
    snprintf(out, size, "%s/%016llx%s", b->cache_dir, (unsigned long long)fnv1a(j->path), suffix);
}

/* The first line of a job's record: what makes it valid. */
static void record_key(const batch *b, const job *j, char *out, size_t size)
{
    struct stat st;
    long long bytes = -1, mtime_ns = -1;
    if (stat(j->path, &st) == 0) {
        bytes = (long long)st.st_size;
        mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
    }
    snprintf(out, size, "%s\t%lld\t%lld\t%s|%g|%g|%g|%d|%s|%s|%s\n", RECORD_MAGIC, bytes, mtime_ns,
             b->options, j->mass_kg, j->rate_hz, j->foot_length_m, j->placement,
             j->grf ? j->grf : "", j->subject ? j->subject : "", j->condition ? j->condition : "");
}

static int record_valid(const batch *b, const job *j)
{
    char path[4200], key[8192], first[8192];
    record_path(b, j, path, sizeof path, ".rec");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    record_key(b, j, key, sizeof key);
    int valid = fgets(first, sizeof first, f) != NULL && strcmp(first, key) == 0;
    /* the path itself follows the key: two paths with one hash must not share a record */
    char second[4200];
    valid = valid && fgets(second, sizeof second, f) != NULL && strncmp(second, "P ", 2) == 0 &&
            strncmp(second + 2, j->path, strlen(j->path)) == 0 &&
            second[2 + strlen(j->path)] == '\n';
    fclose(f);
    return valid;
}

static void write_prefix(FILE *out, const char *kind, const batch *b, const job *j)
{
    (void)b;
    fputs(kind, out);
    write_csv_text(out, j->path);
    fputc(',', out);
    write_csv_text(out, j->subject ? j->subject : "");
    fputc(',', out);
    write_csv_text(out, j->condition ? j->condition : "");
}

/* Line breaks to spaces, in place: every table has one row per line. */
static char *one_line(char *text)
{
    for (char *c = text; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    return text;
}

/* The rows of a trial into the record. */
static void write_rows(FILE *out, const batch *b, const job *j, const gait_trial *trial)
{
    json_t *root = trial_json(j->path, trial);
    json_t *steps = json_object_get(root, "steps");
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        write_prefix(out, "S ", b, j);
        fputc(',', out);
        write_csv_value(out, json_object_get(step, "sensor"));
        for (size_t k = 0; k < trial_csv_key_count; k++) {
            fputc(',', out);
            write_csv_value(out, json_object_get(step, trial_csv_keys[k]));
        }
        fputc('\n', out);
    }
    write_prefix(out, "T ", b, j);
    static const char *const plain[] = {"body_mass_kg", "mass_source", "frame"};
    for (size_t k = 0; k < 3; k++) {
        fputc(',', out);
        write_csv_value(out, json_object_get(root, plain[k]));
    }
    /* note: the trial's warnings, one line */
    fputc(',', out);
    json_t *warnings = json_object_get(root, "warnings");
    char note[2048] = "";
    for (size_t k = 0; k < json_array_size(warnings); k++) {
        size_t used = strlen(note);
        snprintf(note + used, sizeof note - used, "%s%s", k ? "; " : "",
                 json_string_value(json_array_get(warnings, k)));
    }
    write_csv_text(out, one_line(note));
    json_t *summary = json_object_get(root, "summary");
    static const char *const counts[] = {"cadence_spm", "steps", "complete_steps"};
    for (size_t k = 0; k < 3; k++) {
        fputc(',', out);
        write_csv_value(out, json_object_get(summary, counts[k]));
    }
    static const char *const sides[2] = {"right", "left"};
    for (int side = 0; side < 2; side++) {
        fputc(',', out);
        write_csv_value(out,
                        json_object_get(json_object_get(summary, sides[side]), "complete_steps"));
    }
    for (size_t m = 0; m < GAIT_STEP_MARKER_COUNT; m++)
        for (int side = 0; side < 2; side++)
            for (int stat = 0; stat < 2; stat++) {
                fputc(',', out);
                json_t *block =
                    json_object_get(json_object_get(summary, sides[side]), stat ? "sd" : "mean");
                write_csv_value(out, json_object_get(block, gait_step_marker_name(m)));
            }
    fputc('\n', out);
    json_decref(root);
    /* curves: the rows already start with the file */
    char *text = NULL;
    size_t size = 0;
    FILE *curves = open_memstream(&text, &size);
    if (curves != NULL) {
        write_curve_rows(curves, j->path, trial);
        fclose(curves);
        for (char *line = text; line != NULL && *line;) {
            char *end = strchr(line, '\n');
            fputs("C ", out);
            fwrite(line, 1, end ? (size_t)(end - line + 1) : strlen(line), out);
            line = end ? end + 1 : NULL;
        }
    }
    free(text);
}

/* Analyse one job into its record text. Returns 1 on success, 0 when the file failed (the record
 * then holds an error row). */
static int analyse_job(const batch *b, const job *j, FILE *out)
{
    gait_trial *trial = NULL;
    gait_status status = GAIT_E_UNSUPPORTED;
    const char *failed = j->path;
    char own[1024] = ""; /* an error of this tool's own, not the library's */
    cli_analysis analysis = b->analysis;
    analysis.settings.mass_kg = j->mass_kg;
    analysis.settings.foot_length_m = j->foot_length_m;
    analysis.csv_settings.rate_hz = j->rate_hz;
    analysis.imu = j->placement >= 0;
    if (analysis.imu)
        analysis.imu_settings.placement = (gait_imu_placement)j->placement;
    analysis.grf_path = j->grf;
    file_format format = cli_format_of(j->path);
    cli_recording recording = {0};
    if (analysis.imu || format == FORMAT_C3D || format == FORMAT_MOT ||
        (format == FORMAT_TRC && j->grf))
        status = cli_analysis_try("batch", j->path, &analysis, &recording, &trial, &failed);
    else
        snprintf(own, sizeof own, "%s: not an analysis input (%s)", j->path,
                 format == FORMAT_TRC ? "a .trc needs STEM_grf.mot or STEM.mot"
                                      : "use .c3d, .trc + .mot, or --imu");
    cli_recording_close(&recording);
    if (status == GAIT_E_NO_DATA) {
        /* readable, but nothing to measure (no plate, no contact, no sensor): a trial with no
         * steps, and the reason as its note */
        char message[1024];
        snprintf(message, sizeof message, "no steps: %s", gait_last_error_detail());
        write_prefix(out, "T ", b, j);
        fputs(",,,,", out);
        write_csv_text(out, one_line(message));
        fputs(",,0,0,0,0", out);
        for (size_t m = 0; m < 4 * GAIT_STEP_MARKER_COUNT; m++)
            fputc(',', out);
        fputc('\n', out);
        return 1;
    }
    if (status != GAIT_OK) {
        char message[1024];
        snprintf(message, sizeof message, "%s", own[0] ? own : gait_last_error_detail());
        one_line(message);
        fputs("E ", out);
        write_csv_text(out, j->path);
        fputc(',', out);
        write_csv_text(out, gait_strerror(status));
        fputc(',', out);
        write_csv_text(out, message[0] ? message : (failed ? failed : ""));
        fputc('\n', out);
        return 0;
    }
    write_rows(out, b, j, trial);
    gait_trial_free(trial);
    return 1;
}

/* Write a job's record atomically (temporary name, then rename). */
static int store_record(const batch *b, const job *j, int *ok_file)
{
    char path[4200], tmp[4300], key[8192];
    record_path(b, j, path, sizeof path, ".rec");
    snprintf(tmp, sizeof tmp, "%s.tmp.%lx", path, (unsigned long)pthread_self());
    record_key(b, j, key, sizeof key);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return 0;
    fputs(key, f);
    fprintf(f, "P %s\n", j->path);
    *ok_file = analyse_job(b, j, f);
    int ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    return ok && rename(tmp, path) == 0;
}

/* Did a stored record hold an error row? */
static int record_failed(const batch *b, const job *j)
{
    char path[4200], line[256];
    record_path(b, j, path, sizeof path, ".rec");
    FILE *f = fopen(path, "r");
    int failed = 0;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "E ", 2) == 0)
            failed = 1;
    if (f != NULL)
        fclose(f);
    return failed;
}

/* ---- progress ---- */

static void progress(batch *b, const job *j, const char *what)
{
    if (b->quiet)
        return;
    size_t total = b->jobs.count;
    double elapsed = now_s() - b->started_s;
    double rate = elapsed > 0.0 ? (double)b->done / elapsed : 0.0;
    if (b->tty) {
        char bar[31];
        size_t filled = total ? 30 * b->done / total : 30;
        for (size_t k = 0; k < 30; k++)
            bar[k] = k < filled ? '#' : '.';
        bar[30] = '\0';
        double eta = rate > 0.0 ? (double)(total - b->done) / rate : 0.0;
        fprintf(stderr, "\r[%s] %zu/%zu files, %.1f files/s, ETA %.0f s, %zu failed ", bar, b->done,
                total, rate, eta, b->failed);
        if (b->done == total)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "gait batch: %zu/%zu %s %s\n", b->done, total, what, j->path);
    }
    fflush(stderr);
}

static void *worker(void *context)
{
    batch *b = context;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t next = b->next++;
        pthread_mutex_unlock(&b->lock);
        if (next >= b->jobs.count)
            return NULL;
        const job *j = &b->jobs.items[b->order != NULL ? b->order[next] : next];
        int cached = record_valid(b, j), ok_file = 1, stored = 1;
        if (cached)
            ok_file = !record_failed(b, j);
        else
            stored = store_record(b, j, &ok_file);
        pthread_mutex_lock(&b->lock);
        b->done++;
        b->cached += (size_t)cached;
        b->failed += (size_t)(!ok_file || !stored);
        progress(b, j,
                 !stored   ? "cannot write its record:"
                 : cached  ? "cached"
                 : ok_file ? "ok"
                           : "error");
        pthread_mutex_unlock(&b->lock);
    }
}

/* ---- the tables ---- */

static const char *const table_names[4] = {"steps.csv", "trials.csv", "curves.csv", "errors.csv"};

static void write_headers(FILE *tables[4])
{
    fputs("file,subject,condition,sensor", tables[0]);
    for (size_t k = 0; k < trial_csv_key_count; k++)
        fprintf(tables[0], ",%s", trial_csv_keys[k]);
    fputc('\n', tables[0]);
    fputs("file,subject,condition,body_mass_kg,mass_source,frame,note,cadence_spm,steps,"
          "complete_steps,right_complete_steps,left_complete_steps",
          tables[1]);
    static const char *const sides[2] = {"right", "left"};
    for (size_t m = 0; m < GAIT_STEP_MARKER_COUNT; m++)
        for (int side = 0; side < 2; side++)
            for (int stat = 0; stat < 2; stat++)
                fprintf(tables[1], ",%s_%s_%s", sides[side], stat ? "sd" : "mean",
                        gait_step_marker_name(m));
    fputc('\n', tables[1]);
    fputs("file,side,step,variable,percent,value\n", tables[2]);
    fputs("file,status,message\n", tables[3]);
}

/* Rebuild the four tables from the records, each written to a temporary file and renamed. */
static int assemble(const batch *b)
{
    FILE *tables[4] = {NULL};
    char tmp[4][4200], final[4][4200];
    int ok = 1;
    for (int t = 0; t < 4 && ok; t++) {
        snprintf(final[t], sizeof final[t], "%s/%s", b->out_dir, table_names[t]);
        snprintf(tmp[t], sizeof tmp[t], "%s/.%s.tmp", b->out_dir, table_names[t]);
        tables[t] = fopen(tmp[t], "w");
        ok = tables[t] != NULL;
    }
    if (ok)
        write_headers(tables);
    static const char kinds[4] = {'S', 'T', 'C', 'E'};
    char *line = NULL;
    size_t capacity = 0;
    for (size_t k = 0; k < b->jobs.count && ok; k++) {
        char path[4200];
        record_path(b, &b->jobs.items[k], path, sizeof path, ".rec");
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue; /* could not be written: counted as failed already */
        while (getline(&line, &capacity, f) > 0)
            for (int t = 0; t < 4; t++)
                if (line[0] == kinds[t] && line[1] == ' ')
                    fputs(line + 2, tables[t]);
        fclose(f);
    }
    free(line);
    for (int t = 0; t < 4; t++) {
        if (tables[t] == NULL)
            continue;
        ok = !ferror(tables[t]) && ok;
        ok = fclose(tables[t]) == 0 && ok;
    }
    for (int t = 0; t < 4 && ok; t++)
        ok = rename(tmp[t], final[t]) == 0;
    return ok;
}

/* ---- columns ---- */

typedef struct column_doc {
    const char *name, *unit, *definition;
} column_doc;

static const column_doc step_docs[] = {
    {"file", "", "the recording, as given"},
    {"subject", "", "from the manifest (empty otherwise)"},
    {"condition", "", "from the manifest (empty otherwise)"},
    {"sensor", "", "IMU recordings: the sensor's name; empty otherwise"},
    {"side", "", "right, left or empty (unknown)"},
    {"complete", "yes/no",
     "no: touches the recording's ends, a plate edge, or events from markers only"},
    {"events_from", "", "plate, markers or imu"},
    {"plate", "", "first force plate under the step (1-based), empty without one"},
    {"ic_s", "s", "initial contact on the recording's clock"},
    {"to_s", "s", "toe-off on the recording's clock"},
    {"contact_time_s", "s", "to_s - ic_s"},
    {"flight_time_s", "s", "this toe-off to the next initial contact of the other foot"},
    {"step_time_s", "s", "this initial contact to the next of the other foot"},
    {"stride_time_s", "s", "this initial contact to the next of the same foot (IMU)"},
    {"swing_time_s", "s", "this toe-off to the next initial contact of the same foot (IMU)"},
    {"peak_vgrf_n", "N", "largest vertical ground reaction force"},
    {"peak_vgrf_bw", "body weights", "the same / body weight"},
    {"impact_peak_bw", "body weights", "impact transient peak; empty when there is none"},
    {"loading_rate_bw_s", "BW/s", "mean slope from 20 to 80 % of the impact peak"},
    {"instantaneous_loading_rate_bw_s", "BW/s", "largest sample-to-sample slope in that span"},
    {"braking_impulse_bw_s", "BW s", "impulse of the backward horizontal force (negative)"},
    {"propulsive_impulse_bw_s", "BW s", "impulse of the forward horizontal force"},
    {"strike_index", "fraction", "centre of pressure at IC from the heel / foot length"},
    {"strike_pattern", "", "rearfoot, midfoot or forefoot (strike index, else foot strike angle)"},
    {"foot_strike_angle_deg", "deg", "sole angle at IC relative to the flat foot, toe up +"},
    {"ankle_inversion_moment_peak_nm_kg", "N m/kg", "largest internal inversion moment in stance"},
    {"ankle_eversion_moment_peak_nm_kg", "N m/kg", "largest internal eversion moment in stance"},
    {"ankle_plantarflexion_moment_peak_nm_kg", "N m/kg",
     "largest internal plantarflexion moment in stance"},
    {"ankle_external_rotation_peak_deg", "deg", "largest ankle external rotation in stance"},
    {"ankle_eversion_peak_deg", "deg", "largest ankle eversion in stance"},
    {"ankle_dorsiflexion_ic_deg", "deg", "ankle dorsiflexion at IC (negative: plantarflexed)"},
    {"stride_length_m", "m", "stride length (IMU; empty when not computed)"},
    {"speed_m_s", "m/s", "mean speed over the stride (IMU; empty when not computed)"},
};

static const column_doc trial_docs[] = {
    {"file", "", "the recording (every readable input has a row, with or without steps)"},
    {"subject", "", "from the manifest"},
    {"condition", "", "from the manifest"},
    {"body_mass_kg", "kg", "body mass used"},
    {"mass_source", "", "file, option or force"},
    {"frame", "", "the lab frame found (vertical axis, progression)"},
    {"note", "",
     "the analysis' warnings; for a readable file with nothing to measure (no plate, no contact), "
     "why it has no steps"},
    {"cadence_spm", "steps/min", "cadence of the trial"},
    {"steps", "", "steps found"},
    {"complete_steps", "", "complete steps (those the means cover)"},
    {"right_complete_steps", "", "complete steps of the right foot"},
    {"left_complete_steps", "", "complete steps of the left foot"},
};

static void print_columns(void)
{
    printf("# gait batch output columns\n\nEvery table is CSV with a header row; an empty cell "
           "is a value that could not be computed.\n\n## steps.csv (one row per step)\n\n"
           "| column | unit | definition |\n|---|---|---|\n");
    for (size_t k = 0; k < sizeof step_docs / sizeof step_docs[0]; k++)
        printf("| %s | %s | %s |\n", step_docs[k].name, step_docs[k].unit, step_docs[k].definition);
    printf("\n## trials.csv (one row per analysed file)\n\n| column | unit | definition |\n"
           "|---|---|---|\n");
    for (size_t k = 0; k < sizeof trial_docs / sizeof trial_docs[0]; k++)
        printf("| %s | %s | %s |\n", trial_docs[k].name, trial_docs[k].unit,
               trial_docs[k].definition);
    static const char *const sides[2] = {"right", "left"};
    for (size_t m = 0; m < GAIT_STEP_MARKER_COUNT; m++) {
        const char *name = gait_step_marker_name(m);
        const char *unit = "";
        for (size_t k = 0; k < sizeof step_docs / sizeof step_docs[0]; k++)
            if (strcmp(step_docs[k].name, name) == 0)
                unit = step_docs[k].unit;
        if (strcmp(name, "cadence_spm") == 0)
            unit = "steps/min";
        for (int side = 0; side < 2; side++)
            for (int stat = 0; stat < 2; stat++)
                printf("| %s_%s_%s | %s | %s of %s over the complete steps of the %s foot |\n",
                       sides[side], stat ? "sd" : "mean", name, unit,
                       stat ? "standard deviation" : "mean", name, sides[side]);
    }
    printf("\n## curves.csv (long format, 101 points per stance)\n\n| column | unit | definition "
           "|\n|---|---|---|\n| file | | the recording |\n| side | | right or left |\n| step | | "
           "the step's row number in the file's steps (1-based) |\n| variable | | one of");
    for (int v = 0; v < 6; v++)
        printf(" %s%s", cli_curve_names[v], v < 5 ? "," : "");
    printf(" (angles deg, moments N m/kg) |\n| percent | %% of contact | 0..100 |\n| value | "
           "deg or N m/kg | the curve's value |\n\n## errors.csv (one row per file that failed)"
           "\n\n| column | unit | definition |\n|---|---|---|\n| file | | the recording |\n| "
           "status | | the error (gait_strerror) |\n| message | | what went wrong, naming the "
           "file and field |\n");
}

/* ---- the command ---- */

static void usage(FILE *out)
{
    fputs("Usage: gait batch [options] -o DIR INPUT... | --manifest FILE.csv\n"
          "Analyse many recordings into DIR/steps.csv, trials.csv, curves.csv and errors.csv.\n"
          "INPUT: directories (searched recursively for .c3d, .trc with STEM_grf.mot or\n"
          "STEM.mot beside it, and with --imu .csv/.txt), files, or glob patterns.\n"
          "  -o, --out DIR        output directory (created; its .cache makes re-runs resume)\n"
          "  -j, --jobs N         worker threads (default: the number of cores)\n"
          "  --manifest FILE.csv  inputs with columns path [subject body_mass_kg condition\n"
          "                       placement rate_hz foot_length_m]\n"
          "  --shard K/N          only the K-th of N deterministic slices (Slurm arrays)\n"
          "  --quiet              no progress\n"
          "  --columns            print the documentation of every column and exit\n"
          "  the analysis options of gait analyze (below) apply to every file; a manifest's\n"
          "  body_mass_kg, placement, rate_hz and foot_length_m override them per file\n"
          "Exit status: 0 every file analysed, 3 some failed (see errors.csv), 1 outputs not\n"
          "written, 2 bad usage.\n"
          "\n"
          "Usage: gait merge -o OUT DIR...   combine the outputs of shards into OUT\n\n",
          out);
    cli_analysis_usage(out);
}

static int parse_shard(const char *text, long *k, long *n)
{
    char *end;
    *k = strtol(text, &end, 10);
    if (*end != '/')
        return 0;
    *n = strtol(end + 1, &end, 10);
    return *end == '\0' && *n >= 1 && *k >= 1 && *k <= *n;
}

static int make_directory(const char *dir)
{
    return mkdir(dir, 0777) == 0 || errno == EEXIST;
}

int cmd_batch(int argc, char **argv)
{
    enum { MANIFEST = CLI_OPT_END, SHARD, QUIET, COLUMNS };
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"manifest", required_argument, NULL, MANIFEST},
        {"shard", required_argument, NULL, SHARD},
        {"quiet", no_argument, NULL, QUIET},
        {"columns", no_argument, NULL, COLUMNS},
        {"help", no_argument, NULL, 'h'},
        CLI_ANALYSIS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    batch b;
    memset(&b, 0, sizeof b);
    cli_analysis_init(&b.analysis);
    const char *manifest = NULL;
    long shard_k = 1, shard_n = 1, jobs = sysconf(_SC_NPROCESSORS_ONLN);
    double jobs_value = 0.0;
    int ok = 1, option;
    optind = 0; /* 0, not 1: glibc then re-initialises and permutes options after FILE */
    while (ok && (option = getopt_long(argc, argv, "o:j:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            b.out_dir = optarg;
            break;
        case 'j':
            ok = cli_parse_number("batch", "--jobs", optarg, 1.0, &jobs_value);
            jobs = (long)jobs_value;
            break;
        case MANIFEST:
            manifest = optarg;
            break;
        case SHARD:
            ok = parse_shard(optarg, &shard_k, &shard_n);
            if (!ok)
                fprintf(stderr, "gait batch: --shard wants K/N with 1 <= K <= N\n");
            break;
        case QUIET:
            b.quiet = 1;
            break;
        case COLUMNS:
            print_columns();
            return EXIT_OK;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            ok = cli_analysis_option(&b.analysis, "batch", option, optarg) == 1;
            break;
        }
    }
    if (!ok || b.out_dir == NULL || (optind >= argc && manifest == NULL)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (b.analysis.grf_path != NULL || b.analysis.static_path != NULL) {
        fprintf(stderr, "gait batch: --grf and --static name one trial's files; a batch pairs "
                        "each .trc with the .mot beside it\n");
        return EXIT_USAGE;
    }
    b.placement = b.analysis.imu ? (int)b.analysis.imu_settings.placement : -1;
    const gait_analyze_settings *as = &b.analysis.settings;
    snprintf(b.options, sizeof b.options, "%g|%g|%g|%g|%g|%d|%d|%g|%g|%d|%g|%d|%d|%d|%s",
             as->mass_kg, as->foot_length_m, as->stance.cutoff_hz, as->stance.on_threshold_n,
             as->ankle_cutoff_hz, (int)as->moment_frame, as->plugin_gait, as->ankle_width_m,
             as->knee_width_m, b.placement, b.analysis.csv_settings.rate_hz,
             (int)b.analysis.csv_settings.acc_unit, (int)b.analysis.csv_settings.gyr_unit,
             b.analysis.imu_settings.side,
             b.analysis.imu_settings.sensor ? b.analysis.imu_settings.sensor : "");
    for (int k = optind; k < argc && ok; k++)
        ok = add_input(&b, argv[k]);
    if (ok && manifest != NULL)
        ok = read_manifest(&b, manifest);
    if (!ok) {
        free_jobs(&b.jobs);
        return EXIT_USAGE;
    }
    if (b.jobs.count > 0)
        qsort(b.jobs.items, b.jobs.count, sizeof *b.jobs.items, compare_jobs);
    /* duplicates (a file named twice) once */
    size_t kept = 0;
    for (size_t k = 0; k < b.jobs.count; k++) {
        if (kept > 0 && strcmp(b.jobs.items[kept - 1].path, b.jobs.items[k].path) == 0) {
            job *j = &b.jobs.items[k];
            free(j->path), free(j->grf), free(j->subject), free(j->condition);
            continue;
        }
        b.jobs.items[kept++] = b.jobs.items[k];
    }
    b.jobs.count = kept;
    if (shard_n > 1) {
        kept = 0;
        for (size_t k = 0; k < b.jobs.count; k++) {
            if ((long)(k % (size_t)shard_n) == shard_k - 1) {
                b.jobs.items[kept++] = b.jobs.items[k];
            } else {
                job *j = &b.jobs.items[k];
                free(j->path), free(j->grf), free(j->subject), free(j->condition);
            }
        }
        b.jobs.count = kept;
    }
    snprintf(b.cache_dir, sizeof b.cache_dir, "%s/.cache", b.out_dir);
    if (!make_directory(b.out_dir) || !make_directory(b.cache_dir)) {
        fprintf(stderr, "gait batch: %s: cannot create: %s\n", b.out_dir, strerror(errno));
        free_jobs(&b.jobs);
        return EXIT_BAD_DATA;
    }
    b.tty = isatty(STDERR_FILENO);
    b.started_s = now_s();
    pthread_mutex_init(&b.lock, NULL);
    b.order = work_order(&b.jobs); /* before any thread: qsort's comparator reads statics */
    json_object_seed(1);           /* before the threads: jansson seeds its hash once */
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > b.jobs.count)
        jobs = b.jobs.count > 0 ? (long)b.jobs.count : 1;
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    long started = 0;
    for (long t = 0; threads != NULL && t < jobs; t++)
        started += pthread_create(&threads[t], NULL, worker, &b) == 0;
    if (started == 0)
        worker(&b); /* no thread could start: do the work here */
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    free(b.order);
    pthread_mutex_destroy(&b.lock);
    int written = assemble(&b);
    if (!b.quiet)
        fprintf(stderr, "gait batch: %zu files (%zu from the cache), %zu failed, %.1f s -> %s\n",
                b.jobs.count, b.cached, b.failed, now_s() - b.started_s, b.out_dir);
    size_t failed = b.failed;
    free_jobs(&b.jobs);
    if (!written) {
        fprintf(stderr, "gait batch: %s: cannot write the tables: %s\n", b.out_dir,
                strerror(errno));
        return EXIT_BAD_DATA;
    }
    return failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
}

/* ---- merge ---- */

typedef struct row {
    char *file; /* the decoded first field */
    char *line;
    size_t order;
} row;

static int compare_rows(const void *x, const void *y)
{
    const row *a = x, *b = y;
    int c = strcmp(a->file, b->file);
    return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

/* Merge one table of every directory into out_dir. */
static int merge_table(const char *table, char **dirs, int n_dirs, const char *out_dir)
{
    row *rows = NULL;
    size_t n = 0, capacity = 0;
    char *header = NULL, *line = NULL;
    size_t line_capacity = 0;
    int ok = 1;
    for (int d = 0; d < n_dirs && ok; d++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dirs[d], table);
        FILE *f = fopen(path, "r");
        if (f == NULL) {
            fprintf(stderr, "gait merge: %s: %s\n", path, strerror(errno));
            ok = 0;
            break;
        }
        int first = 1;
        while (ok && getline(&line, &line_capacity, f) > 0) {
            if (first) {
                first = 0;
                if (header == NULL)
                    header = strdup(line);
                else if (strcmp(header, line) != 0) {
                    fprintf(stderr,
                            "gait merge: %s: its header differs from the first "
                            "directory's\n",
                            path);
                    ok = 0;
                }
                continue;
            }
            if (n == capacity) {
                capacity = capacity ? 2 * capacity : 1024;
                row *grown = realloc(rows, capacity * sizeof *grown);
                if (grown == NULL) {
                    ok = 0;
                    break;
                }
                rows = grown;
            }
            char *copy_line = strdup(line), *fields_line = strdup(line), *field[1];
            if (copy_line == NULL || fields_line == NULL) {
                free(copy_line), free(fields_line);
                ok = 0;
                break;
            }
            split_csv(fields_line, field, 1);
            rows[n].file = fields_line;
            rows[n].line = copy_line;
            rows[n].order = n;
            n++;
        }
        fclose(f);
    }
    if (ok) {
        if (n > 0) /* qsort wants a valid pointer even for no rows */
            qsort(rows, n, sizeof *rows, compare_rows);
        char final[4200], tmp[4300];
        snprintf(final, sizeof final, "%s/%s", out_dir, table);
        snprintf(tmp, sizeof tmp, "%s/.%s.tmp", out_dir, table);
        FILE *out = fopen(tmp, "w");
        ok = out != NULL;
        if (ok) {
            fputs(header ? header : "", out);
            for (size_t k = 0; k < n; k++)
                fputs(rows[k].line, out);
            ok = !ferror(out);
            ok = fclose(out) == 0 && ok;
            ok = ok && rename(tmp, final) == 0;
        }
        if (!ok)
            fprintf(stderr, "gait merge: %s: cannot write: %s\n", final, strerror(errno));
    }
    for (size_t k = 0; k < n; k++)
        free(rows[k].file), free(rows[k].line);
    free(rows), free(header), free(line);
    return ok;
}

int cmd_merge(int argc, char **argv)
{
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out_dir = NULL;
    int option;
    optind = 0;
    while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        if (option == 'o') {
            out_dir = optarg;
        } else if (option == 'h') {
            usage(stdout);
            return EXIT_OK;
        } else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (out_dir == NULL || optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!make_directory(out_dir)) {
        fprintf(stderr, "gait merge: %s: cannot create: %s\n", out_dir, strerror(errno));
        return EXIT_BAD_DATA;
    }
    int ok = 1;
    for (int t = 0; t < 4 && ok; t++)
        ok = merge_table(table_names[t], argv + optind, argc - optind, out_dir);
    return ok ? EXIT_OK : EXIT_BAD_DATA;
}
