/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Marker-set presets and their detection from the labels of a recording.
 *
 * A preset gives, per landmark, candidate label stems; a label names the landmark when it equals
 * side prefix + stem ("R" + "HEE", "R." + "Heel"). A subject prefix up to the last ':' is
 * ignored ("Matt:RHEE"). Every candidate is first looked for exactly, then case-insensitively, so
 * an exact label wins over one that differs in case. Candidates are tried in order: the first
 * one present wins (e.g. Plug-in Gait's medial malleolus "ANKin" before "MMA").
 *
 * Detection scores every preset by the number of landmarks it finds on both sides and keeps the
 * best one (the first in the table on a tie); it must find a foot (heel and a toe or metatarsal
 * head) and a shank (a malleolus and a knee marker, or three shank markers) on one side at least.
 *
 * Presets and the recordings they were written from (../shared/data):
 *   plug-in-gait       Vicon PiG: the btk-gait-c3d C3Ds (FunctionalWalk's KNEin/ANKin medial
 * markers, sub_labels' KAD-session MAL = medial malleolus), c3dorg sample_03. libgait-simulator
 * this library's simulator (src/sim/motion.c). nimble-sprint      nimble-sprint-c3d/JA1Gait35.c3d:
 * HEEL TOE P1MT P5MT LMAL LEPI, tibia cluster TIAP TIAD TILAT (TILAT also the lateral tibia
 * marker). opensim-gait2354   OpenSim Gait2354 / Hamner: R.Heel R.Toe.Tip R.Toe.Med/Lat (MT1/MT5),
 *                      static R.Ankle.* R.Knee.*, cluster R.Shank.Upper/Front/Rear; the BTK
 *                      sprint TRC's R.Calca / R.Foot.Med / R.Foot.Lat as alternates.
 *   opensim-rajagopal  OpenSim Rajagopal running: CAL TOE MT5, cluster TB1..3, static LMAL MMAL
 *                      LFC MFC.
 *   qualisys-running   pyorerun-running-c3d/Running_0002.c3d: Heel ForeFoot (else PHAL2) MT1
 *                      MT5 AnkleLat KneeLat, cluster ShankUpperC/FrontC/DownC. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "gait/kinematics.h"

/* Up to this many candidate stems per landmark, NULL-terminated. */
#define MAX_CANDIDATES 5

typedef struct preset {
    const char *name;
    const char *side_prefix[2]; /* right, left */
    const char *stem[GAIT_LANDMARK_COUNT][MAX_CANDIDATES];
} preset;

static const preset presets[] = {
    {"plug-in-gait",
     {"R", "L"},
     {
         {"HEE"},
         {"TOE"},
         {"MT1", "MET1"},
         {"MT5", "MET5"},
         {"ANK"},
         {"ANKin", "MMA", "MED", "MAL", "MMAL"},
         {"KNE"},
         {"KNEin", "MKNE", "MKN"},
         {"TIB"},
         {NULL},
         {NULL},
         {NULL},
         {NULL},
     }},
    {"libgait-simulator",
     {"R", "L"},
     {
         {"HEE"},
         {"TOE"},
         {"MT1"},
         {"MT5"},
         {"LMAL"},
         {"MMAL"},
         {"LKNE"},
         {"MKNE"},
         {"TIB"},
         {NULL},
         {NULL},
         {NULL},
         {NULL},
     }},
    {"nimble-sprint",
     {"R", "L"},
     {
         {"HEEL"},
         {"TOE"},
         {"P1MT"},
         {"P5MT"},
         {"LMAL"},
         {"MMAL"},
         {"LEPI"},
         {"MEPI"},
         {"TILAT"},
         {"TIAP"},
         {"TIAD"},
         {"TILAT"},
         {NULL},
     }},
    {"opensim-gait2354",
     {"R.", "L."},
     {
         {"Heel", "Calca"},
         {"Toe.Tip"},
         {"Toe.Med", "Foot.Med"},
         {"Toe.Lat", "Foot.Lat"},
         {"Ankle.Lat"},
         {"Ankle.Med"},
         {"Knee.Lat"},
         {"Knee.Med"},
         {"Fibula"},
         {"Shank.Upper"},
         {"Shank.Front"},
         {"Shank.Rear"},
         {"TTA"},
     }},
    {"opensim-rajagopal",
     {"R", "L"},
     {
         {"CAL"},
         {"TOE"},
         {"MT1"},
         {"MT5"},
         {"LMAL"},
         {"MMAL"},
         {"LFC"},
         {"MFC"},
         {NULL},
         {"TB1"},
         {"TB2"},
         {"TB3"},
         {NULL},
     }},
    {"qualisys-running",
     {"R", "L"},
     {
         {"Heel"},
         {"ForeFoot", "PHAL2"},
         {"MT1"},
         {"MT5"},
         {"AnkleLat"},
         {"AnkleMed"},
         {"KneeLat"},
         {"KneeMed"},
         {NULL},
         {"ShankUpperC"},
         {"ShankFrontC"},
         {"ShankDownC"},
         {"ShankRearC"},
     }},
};

#define N_PRESETS (sizeof presets / sizeof presets[0])

static const char *const landmark_names[GAIT_LANDMARK_COUNT] = {
    "heel",         "toe",         "mt1",   "mt5",     "lateral_malleolus", "medial_malleolus",
    "lateral_knee", "medial_knee", "tibia", "shank_1", "shank_2",           "shank_3",
    "shank_4",
};

const char *gait_landmark_name(int landmark)
{
    if (landmark < 0 || landmark >= GAIT_LANDMARK_COUNT)
        return NULL;
    return landmark_names[landmark];
}

/* The label after its subject prefix (up to the last ':'). */
static const char *strip_subject(const char *label)
{
    const char *colon = strrchr(label, ':');
    return colon ? colon + 1 : label;
}

static int lower_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1 when label == prefix + stem (case-insensitively when fold). */
static int label_matches(const char *label, const char *prefix, const char *stem, int fold)
{
    const char *parts[2] = {prefix, stem};
    for (int p = 0; p < 2; p++)
        for (const char *s = parts[p]; *s; s++, label++) {
            if (*label == '\0')
                return 0;
            if (fold ? lower_ascii((unsigned char)*label) != lower_ascii((unsigned char)*s)
                     : *label != *s)
                return 0;
        }
    return *label == '\0';
}

/* Index of the label named prefix + stem (exact first, then case-insensitive), or -1. */
static long find_label(const char *const *labels, size_t n_labels, const char *prefix,
                       const char *stem)
{
    for (int fold = 0; fold < 2; fold++)
        for (size_t i = 0; i < n_labels; i++)
            if (labels[i] && label_matches(strip_subject(labels[i]), prefix, stem, fold))
                return (long)i;
    return -1;
}

/* Fill set from preset p; returns the number of landmarks found on both sides. */
static int apply_preset(const preset *p, const char *const *labels, size_t n_labels,
                        gait_marker_set *set)
{
    int found = 0;
    memset(set, 0, sizeof *set);
    snprintf(set->preset, sizeof set->preset, "%s", p->name);
    for (int side = 0; side < 2; side++)
        for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++) {
            set->marker[side][lm] = -1;
            for (int c = 0; c < MAX_CANDIDATES && p->stem[lm][c]; c++) {
                const long i = find_label(labels, n_labels, p->side_prefix[side], p->stem[lm][c]);
                if (i >= 0) {
                    set->marker[side][lm] = i;
                    found++;
                    break;
                }
            }
        }
    return found;
}

static int has(const gait_marker_set *set, int side, int lm)
{
    return set->marker[side][lm] >= 0;
}

/* A foot: heel and a toe or metatarsal head. */
static int side_has_foot(const gait_marker_set *set, int side)
{
    return has(set, side, GAIT_LM_HEEL) &&
           (has(set, side, GAIT_LM_TOE) || has(set, side, GAIT_LM_MT1) ||
            has(set, side, GAIT_LM_MT5));
}

/* A shank: a malleolus and a knee marker, or three shank markers of any kind (a cluster, to be
 * completed by a static calibration). */
static int side_has_shank(const gait_marker_set *set, int side)
{
    const int ankle =
        has(set, side, GAIT_LM_LAT_MALLEOLUS) || has(set, side, GAIT_LM_MED_MALLEOLUS);
    const int knee = has(set, side, GAIT_LM_LAT_KNEE) || has(set, side, GAIT_LM_MED_KNEE);
    int n = 0;
    for (int lm = GAIT_LM_LAT_MALLEOLUS; lm < GAIT_LANDMARK_COUNT; lm++)
        n += has(set, side, lm);
    return (ankle && knee) || n >= 3;
}

gait_status gait_marker_set_detect(const char *const *labels, size_t n_labels, gait_marker_set *set)
{
    if (!set || (!labels && n_labels > 0))
        return gait_fail(GAIT_E_INVALID_ARG, "gait_marker_set_detect: NULL argument");
    gait_marker_set best, trial;
    int best_score = -1;
    size_t best_preset = 0;
    for (size_t p = 0; p < N_PRESETS; p++) {
        const int score = apply_preset(&presets[p], labels, n_labels, &trial);
        if (score > best_score) {
            best_score = score;
            best_preset = p;
            best = trial;
        }
    }
    for (int side = 0; side < 2; side++)
        if (side_has_foot(&best, side) && side_has_shank(&best, side)) {
            *set = best;
            return GAIT_OK;
        }
    /* Name what the best candidate lacks, on its better side. */
    char missing[256] = "";
    size_t used = 0;
    for (int side = 0; side < 2; side++) {
        const char *what = !side_has_foot(&best, side) && !side_has_shank(&best, side)
                               ? "foot (heel + toe/metatarsal) and shank (malleolus + knee, or "
                                 "3 shank markers)"
                           : !side_has_foot(&best, side) ? "foot (heel + toe/metatarsal)"
                                                         : "shank (malleolus + knee, or 3 shank "
                                                           "markers)";
        const int n = snprintf(missing + used, sizeof missing - used, "%s%s: %s", side ? "; " : "",
                               side ? "left" : "right", what);
        if (n < 0 || (size_t)n >= sizeof missing - used)
            break;
        used += (size_t)n;
    }
    memset(set, 0, sizeof *set);
    for (int side = 0; side < 2; side++)
        for (int lm = 0; lm < GAIT_LANDMARK_COUNT; lm++)
            set->marker[side][lm] = -1;
    return gait_fail(GAIT_E_NO_DATA,
                     "gait_marker_set_detect: no marker set defines a foot and a shank among %zu "
                     "labels (closest preset \"%s\", %d landmarks); missing %s",
                     n_labels, presets[best_preset].name, best_score < 0 ? 0 : best_score, missing);
}
