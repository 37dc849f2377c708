/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shank and foot segment frames from markers, and ISB ankle joint angles.
 *
 * Marker sets. A gait_marker_set maps the labels of a recording to anatomical landmarks (heel,
 * toe, metatarsal heads, malleoli, knee epicondyles, tibia, shank cluster). Presets
 * "plug-in-gait", "libgait-simulator", "nimble-sprint", "opensim-gait2354" (also Hamner),
 * "opensim-rajagopal" and "qualisys-running" are detected from the labels, subject prefixes
 * ("Matt:RHEE") ignored; their labels are listed in src/kinematics/marker_set.c.
 *
 * Frames (every pose: rotation segment -> lab, row-major, column j = segment axis j in the lab;
 * origin in metres). Both segments use x anterior, y left, z superior, on both sides, so the
 * right and left angles come out with the same signs after mirroring (see gait_ankle_angles):
 *   shank: origin = ankle joint centre (AJC) = mid-malleoli; z = AJC -> knee joint centre
 *          (mid-epicondyles); y = medial -> lateral malleolus for the left leg and
 *          lateral -> medial for the right (i.e. pointing left), made orthogonal to z;
 *          x = y x z.
 *   foot:  origin = AJC; x = heel -> toe (the toe marker, else mid-metatarsal heads), which is
 *          parallel to the sole when both markers sit at the same height above it (the
 *          "flat foot" assumption); y from the metatarsal heads (MT5 -> MT1 on the right,
 *          MT1 -> MT5 on the left) made orthogonal to x, else from the one metatarsal head
 *          present (MT5 lateral, MT1 medial of the heel -> toe line), else the shank's y;
 *          z = x x y.
 * Fallbacks and refusals are in src/kinematics/ (heads of the files) and in gait_status detail.
 *
 * Angles (ISB, Wu et al. 2002; Grood & Suntay 1983): R_shank^T R_foot = Ry(-df) Rx(s inv)
 * Rz(s ir), s = +1 right, -1 left: df dorsiflexion +, inv inversion +, ir internal rotation +,
 * e1 = shank y, e3 = foot z (superior), e2 floating. */
#ifndef GAIT_KINEMATICS_H
#define GAIT_KINEMATICS_H

#include <stddef.h>

#include "gait/export.h"
#include "gait/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gait_landmark {
    GAIT_LM_HEEL = 0,
    GAIT_LM_TOE = 1, /* 2nd metatarsal head / toe marker */
    GAIT_LM_MT1 = 2, /* 1st metatarsal head (medial) */
    GAIT_LM_MT5 = 3, /* 5th metatarsal head (lateral) */
    GAIT_LM_LAT_MALLEOLUS = 4,
    GAIT_LM_MED_MALLEOLUS = 5,
    GAIT_LM_LAT_KNEE = 6, /* lateral femoral epicondyle / knee marker */
    GAIT_LM_MED_KNEE = 7,
    GAIT_LM_TIBIA = 8,   /* a marker on the lateral or anterior shank (PiG TIB) */
    GAIT_LM_SHANK_1 = 9, /* technical cluster on the shank, up to 4 markers */
    GAIT_LM_SHANK_2 = 10,
    GAIT_LM_SHANK_3 = 11,
    GAIT_LM_SHANK_4 = 12,
    GAIT_LANDMARK_COUNT = 13
} gait_landmark;

/* Stable short name of a landmark ("heel", "lateral_malleolus", ...); NULL out of range. */
GAIT_API const char *gait_landmark_name(int landmark);

#define GAIT_MARKER_SET_NAME_CAPACITY 32

/* Labels -> landmarks. marker[side][landmark] is the index into the label list, -1 when absent;
 * side 0 right, 1 left. */
typedef struct gait_marker_set {
    char preset[GAIT_MARKER_SET_NAME_CAPACITY]; /* e.g. "plug-in-gait", "" when none */
    long marker[2][GAIT_LANDMARK_COUNT];
} gait_marker_set;

/* Detect the preset that names the most landmarks among `labels` (n_labels strings, caller-owned,
 * NULL entries skipped; a subject prefix up to the last ':' is ignored; exact matches first, then
 * case-insensitive; the first preset listed above wins a tie). On failure every marker is -1.
 * Errors: GAIT_E_NO_DATA (no preset defines a foot and a
 * shank on either side: the detail names what is missing), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_marker_set_detect(const char *const *labels, size_t n_labels,
                                            gait_marker_set *set);

/* Landmark trajectories of one leg: xyz_m[landmark] is NULL (absent) or 3 x n_frames doubles
 * ([3 k + axis], metres, lab frame, NaN where missing), caller-owned. */
typedef struct gait_leg_markers {
    size_t n_frames;
    const double *xyz_m[GAIT_LANDMARK_COUNT];
} gait_leg_markers;

/* What a static calibration trial gives one leg (calibrated anatomical system technique,
 * Cappozzo et al. 1995): anatomical landmarks held in the technical frame of their segment's
 * markers, and the foot's neutral orientation. A plain struct; all zero = "no calibration".
 * Technical frame of three markers a, b, c (landmark indices in *_technical): origin a, x = a -> b,
 * z = x cross (a -> c), y = z cross x. The shank's is the first three non-collinear of shank
 * cluster 1..4, tibia, lateral/medial knee, lateral/medial malleolus present in the static trial;
 * the foot's of heel, toe, MT5, MT1. gait_leg_poses rebuilds a landmark from it in each frame
 * where the landmark itself is missing and the three technical markers are present. */
typedef struct gait_leg_calibration {
    int side;                                        /* 0 right, 1 left */
    int has_landmark[GAIT_LANDMARK_COUNT];           /* 1: landmark_local_m is set */
    double landmark_local_m[GAIT_LANDMARK_COUNT][3]; /* in the technical frame of its segment */
    int has_foot_offset;                             /* 1: foot_offset is set */
    double foot_offset[9]; /* anatomical foot axes in the marker-based foot frame (row-major,
                              columns = axes): the static trial's flat-foot frame */
    /* Added with the implementation: */
    int has_shank_technical; /* 1: shank_technical names the shank's technical frame */
    int shank_technical[3];  /* landmarks a, b, c of the shank's technical frame */
    int has_foot_technical;  /* 1: foot_technical names the foot's technical frame */
    int foot_technical[3];   /* landmarks a, b, c of the foot's technical frame */
    size_t n_static_frames;  /* static frames averaged (every given marker present) */
} gait_leg_calibration;

/* Calibrate one leg from a static trial (the mean of its frames where every marker is present).
 * up: unit vertical of the lab (up), for the flat-foot neutral: the anatomical foot of the static
 * trial has z = up and x = heel -> toe (else heel -> mid-metatarsal heads) projected on the
 * horizontal. Landmarks of a segment without a technical frame are not stored; the foot offset is
 * stored whenever the static trial defines the marker-based foot frame (see gait_leg_poses).
 * Errors: GAIT_E_NO_DATA (no usable frame, or too few markers for either technical frame and no
 * foot offset), GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_leg_calibrate(const gait_leg_markers *static_trial, int side,
                                        const double up_unit[3], gait_leg_calibration *calibration);

/* Subject measurements for the Plug-in Gait style joint-centre fallbacks, metres; 0 = unknown.
 * ankle_width_m: medial to lateral malleolus (skin), for the ankle centre from the lateral
 * malleolus alone; knee_width_m: across the femoral epicondyles, for the knee centre from the
 * lateral knee marker alone; marker_radius_m: 0 = 7 mm (14 mm markers). The centre lies
 * width / 2 + marker radius from the marker centre. */
typedef struct gait_leg_settings {
    double ankle_width_m;
    double knee_width_m;
    double marker_radius_m;
} gait_leg_settings;

/* Shank and foot poses of one leg for every frame (caller-owned outputs of 9 n and 3 n doubles;
 * any may be NULL). calibration may be NULL (no static calibration); settings may be NULL (all
 * unknown, see gait_leg_settings). The foot's origin is the AJC, so it is NaN where the shank's
 * is. A frame where a segment cannot be built is NaN; nothing is interpolated. With a
 * calibration's foot offset the foot is the marker-based foot times foot_offset.
 * Errors: GAIT_E_NO_DATA (the markers cannot define the shank or the foot in any frame; the
 * detail names the missing landmarks), GAIT_E_INVALID_ARG. Changed with the implementation: the
 * settings parameter is new. */
GAIT_API gait_status gait_leg_poses(const gait_leg_markers *markers, int side,
                                    const gait_leg_calibration *calibration,
                                    const gait_leg_settings *settings, double *shank_rotation,
                                    double *shank_origin_m, double *foot_rotation,
                                    double *foot_origin_m);

/* Plug-in Gait's subject measurements and static offsets for one leg (PROCESSING group: e.g.
 * RAnkleWidth, RKneeWidth in mm; RStaticPlantFlex, RStaticRotOff in radians; MarkerDiameter / 2).
 */
typedef struct gait_pig_leg_settings {
    double ankle_width_m;
    double knee_width_m;
    double marker_radius_m;            /* 0.007 when the file does not say */
    double static_plantar_flexion_rad; /* StaticPlantFlex */
    double static_rotation_offset_rad; /* StaticRotOff */
} gait_pig_leg_settings;

/* Shank and foot poses of one leg the Plug-in Gait way (see src/kinematics/plugin_gait.c): ankle
 * centre by the chord function from the ANK (lateral malleolus), KNE and TIB markers and the
 * ankle width, foot from TOE -> ankle centre with the static offsets; the outputs use libgait's
 * axes (as gait_leg_poses). Uses the landmarks LAT_MALLEOLUS, LAT_KNEE, TIBIA and TOE. Errors:
 * GAIT_E_NO_DATA (a marker or the ankle width missing; no frame with all of them),
 * GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_pig_leg_poses(const gait_leg_markers *markers, int side,
                                        const gait_pig_leg_settings *settings,
                                        double *shank_rotation, double *shank_origin_m,
                                        double *foot_rotation, double *foot_origin_m);

/* ISB ankle angles per frame from the poses: angles_deg[3 k + 0] dorsiflexion +, [1] inversion
 * +, [2] internal rotation +, on both sides (left mirrored). NaN where a pose is NaN. Errors:
 * GAIT_E_INVALID_ARG. */
GAIT_API gait_status gait_ankle_angles(size_t n_frames, int side, const double *shank_rotation,
                                       const double *foot_rotation, double *angles_deg);

#ifdef __cplusplus
}
#endif

#endif
