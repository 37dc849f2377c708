# SPDX-License-Identifier: GPL-3.0-or-later
"""ctypes mirrors of the public C structs, field for field in the order and types of the headers
(include/gait/*.h). tests/python/test_structs.py checks every size against the library's
gait_struct_size(). C enums are ints."""
from __future__ import annotations

import ctypes as C

c_enum = C.c_int
STEP_MARKER_COUNT = 23  # GAIT_STEP_MARKER_COUNT, analyze.h
TEXT = 128  # GAIT_C3D_TEXT_CAPACITY, GAIT_MOT_TEXT_CAPACITY
BUTTERWORTH_MAX_ORDER = 12  # filter.h
SENSOR_NAME = 64  # GAIT_TRIAL_SENSOR_NAME_CAPACITY


def _doubles(*names):
    return [(n, C.c_double) for n in names]


class Vec3(C.Structure):  # gait_vec3, signal.h
    _fields_ = _doubles("x", "y", "z")


class Signal(C.Structure):  # gait_signal, signal.h
    _fields_ = [
        ("samples", C.POINTER(C.c_double)),
        ("n_samples", C.c_size_t),
        ("n_channels", C.c_size_t),
        ("rate_hz", C.c_double),
        ("start_time_s", C.c_double),
    ]


class FilterSettings(C.Structure):  # gait_filter_settings, filter.h
    _fields_ = [
        ("type", c_enum),
        ("order", C.c_int),
        ("cutoff_hz", C.c_double),
        ("correct_for_passes", C.c_int),
    ]


class Butterworth(C.Structure):  # gait_butterworth, filter.h
    _fields_ = [
        ("type", c_enum),
        ("order", C.c_int),
        ("rate_hz", C.c_double),
        ("cutoff_hz", C.c_double),
        ("design_cutoff_hz", C.c_double),
        ("b", C.c_double * (BUTTERWORTH_MAX_ORDER + 1)),
        ("a", C.c_double * (BUTTERWORTH_MAX_ORDER + 1)),
    ]


class WelchSettings(C.Structure):  # gait_welch_settings, spectrum.h
    _fields_ = [
        ("segment_length", C.c_size_t),
        ("overlap", C.c_size_t),
        ("fft_length", C.c_size_t),
    ]


class C3DInfo(C.Structure):  # gait_c3d_info, c3d.h
    _fields_ = [
        ("processor", c_enum),
        ("storage", c_enum),
        ("n_points", C.c_size_t),
        ("point_rate_hz", C.c_double),
        ("n_frames", C.c_size_t),
        ("first_frame", C.c_long),
        ("point_scale", C.c_double),
        ("point_units", C.c_char * TEXT),
        ("point_units_m", C.c_double),
        ("n_analog_channels", C.c_size_t),
        ("analog_rate_hz", C.c_double),
        ("analog_samples_per_frame", C.c_size_t),
        ("n_force_platforms", C.c_size_t),
        ("n_events", C.c_size_t),
        ("n_warnings", C.c_size_t),
    ]


class C3DEvent(C.Structure):  # gait_c3d_event, c3d.h
    _fields_ = [
        ("label", C.c_char * TEXT),
        ("context", C.c_char * TEXT),
        ("description", C.c_char * TEXT),
        ("time_s", C.c_double),
        ("from_header", C.c_int),
    ]


class C3DParamShape(C.Structure):  # gait_c3d_param_shape, c3d.h
    _fields_ = [
        ("type", c_enum),
        ("n_dims", C.c_int),
        ("dims", C.c_int * 7),
        ("n_values", C.c_size_t),
    ]


class PlateSettings(C.Structure):  # gait_plate_settings, forceplate.h
    _fields_ = _doubles("cop_threshold_n")


class ForcePlate(C.Structure):  # gait_force_plate, forceplate.h
    _fields_ = [
        ("type", C.c_int),
        ("corners_m", Vec3 * 4),
        ("origin_m", Vec3),
        ("cal_matrix", C.c_double * 36),
        ("output_to_si", C.c_double * 6),
    ]


class SimSettings(C.Structure):  # gait_sim_settings, simulate.h
    _fields_ = (
        [
            ("seed", C.c_uint64),
            ("mode", c_enum),
            ("speed_mps", C.c_double),
            ("cadence_steps_per_min", C.c_double),
            ("contact_time_s", C.c_double),
            ("n_steps", C.c_int),
            ("body_mass_kg", C.c_double),
            ("foot_length_m", C.c_double),
            ("strike", c_enum),
        ]
        + _doubles(
            "peak_dorsiflexion_deg",
            "peak_eversion_deg",
            "peak_external_rotation_deg",
            "toe_off_plantarflexion_deg",
            "marker_noise_m",
            "force_noise_n",
            "acc_noise_mps2",
            "gyr_noise_rad_s",
            "acc_bias_mps2",
            "gyr_bias_rad_s",
        )
        + [
            ("imu_mount_zyx_deg", C.c_double * 3),
            ("vertical", c_enum),
            ("progression", c_enum),
        ]
        + _doubles("marker_rate_hz", "plate_rate_hz", "imu_rate_hz")
    )


class SimStep(C.Structure):  # gait_sim_step, simulate.h
    _fields_ = (
        [("side", C.c_int)]
        + _doubles(
            "ic_s", "to_s", "contact_time_s", "flight_time_s", "cadence_steps_per_min",
            "strike_index"
        )
        + [("pattern", c_enum)]
        + _doubles(
            "foot_strike_angle_deg",
            "peak_external_rotation_deg",
            "peak_dorsiflexion_deg",
            "peak_eversion_deg",
            "peak_inversion_moment_nm_kg",
            "peak_vertical_grf_bw",
        )
        + [("plate", C.c_int)]
    )


# gait_step (step.h): every double field, in order, after the five leading ints.
STEP_TIMES_AND_FORCES = (
    "ic_s",
    "to_s",
    "contact_time_s",
    "flight_time_s",
    "step_time_s",
    "stride_time_s",
    "swing_time_s",
    "peak_vgrf_n",
    "peak_vgrf_bw",
    "impact_peak_bw",
    "loading_rate_bw_s",
    "instantaneous_loading_rate_bw_s",
    "braking_impulse_bw_s",
    "propulsive_impulse_bw_s",
    "strike_index",
)
STEP_ANKLE_AND_IMU = (
    "foot_strike_angle_deg",
    "ankle_inversion_moment_peak_nm_kg",
    "ankle_eversion_moment_peak_nm_kg",
    "ankle_plantarflexion_moment_peak_nm_kg",
    "ankle_external_rotation_peak_deg",
    "ankle_eversion_peak_deg",
    "ankle_dorsiflexion_ic_deg",
    "stride_length_m",
    "speed_m_s",
)


class Step(C.Structure):  # gait_step, step.h
    _fields_ = (
        [(n, C.c_int) for n in ("side", "complete", "from_plate", "plate", "sensor")]
        + _doubles(*STEP_TIMES_AND_FORCES)
        + [("strike_pattern", C.c_int)]
        + _doubles(*STEP_ANKLE_AND_IMU)
    )


class StanceSettings(C.Structure):  # gait_stance_settings, analyze.h
    _fields_ = _doubles(
        "on_threshold_n",
        "off_threshold_n",
        "min_duration_s",
        "max_duration_s",
        "min_peak_n",
        "cutoff_hz",
    )


class AnalyzeSettings(C.Structure):  # gait_analyze_settings, analyze.h
    _fields_ = [
        ("stance", StanceSettings),
        ("mass_kg", C.c_double),
        ("foot_length_m", C.c_double),
        ("ankle_cutoff_hz", C.c_double),
        ("moment_frame", c_enum),
        ("ankle_width_m", C.c_double),
        ("knee_width_m", C.c_double),
        ("plugin_gait", C.c_int),
    ]


class AnalyzeInputs(C.Structure):  # gait_analyze_inputs, analyze.h (pointers to opaque handles)
    _fields_ = [
        ("c3d", C.c_void_p),
        ("trc", C.c_void_p),
        ("mot", C.c_void_p),
        ("static_c3d", C.c_void_p),
        ("static_trc", C.c_void_p),
    ]


class TrialSummary(C.Structure):  # gait_trial_summary, analyze.h
    _fields_ = [
        ("cadence_spm", C.c_double),
        ("n_steps", C.c_size_t),
        ("n_complete", C.c_size_t),
        ("n_side", C.c_size_t * 2),
        ("mean", (C.c_double * STEP_MARKER_COUNT) * 2),
        ("sd", (C.c_double * STEP_MARKER_COUNT) * 2),
        ("symmetry_index_pct", C.c_double * STEP_MARKER_COUNT),
    ]


class AnalyzeImuSettings(C.Structure):  # gait_analyze_imu_settings, analyze.h
    _fields_ = [
        ("placement", c_enum),
        ("side", C.c_int),
        ("sensor", C.c_char_p),
        ("rate_hz", C.c_double),
    ]


class TrialSensor(C.Structure):  # gait_trial_sensor, analyze.h
    _fields_ = [
        ("name", C.c_char * SENSOR_NAME),
        ("side", C.c_int),
        ("n_steps", C.c_size_t),
        ("activity", c_enum),
        ("aligned", C.c_int),
        ("sensor_to_segment", C.c_double * 9),
        ("event_cadence_spm", C.c_double),
        ("spectral_cadence_spm", C.c_double),
    ]


class TrcInfo(C.Structure):  # gait_trc_info, trc.h
    _fields_ = [
        ("n_markers", C.c_size_t),
        ("n_frames", C.c_size_t),
        ("rate_hz", C.c_double),
        ("camera_rate_hz", C.c_double),
        ("units", C.c_char * 16),
        ("units_m", C.c_double),
        ("first_frame", C.c_long),
        ("start_time_s", C.c_double),
        ("header_n_frames", C.c_long),
        ("header_n_markers", C.c_long),
        ("orig_data_rate_hz", C.c_double),
        ("orig_data_start_frame", C.c_long),
        ("orig_n_frames", C.c_long),
        ("n_warnings", C.c_size_t),
    ]


class MotInfo(C.Structure):  # gait_mot_info, mot.h
    _fields_ = [
        ("n_rows", C.c_size_t),
        ("n_columns", C.c_size_t),
        ("version", C.c_int),
        ("in_degrees", C.c_int),
        ("time_column", C.c_size_t),
        ("header_n_rows", C.c_long),
        ("header_n_columns", C.c_long),
        ("name", C.c_char * TEXT),
        ("n_grf", C.c_size_t),
        ("n_warnings", C.c_size_t),
    ]


class MotGrf(C.Structure):  # gait_mot_grf, mot.h
    _fields_ = [
        ("name", C.c_char * TEXT),
        ("force_identifier", C.c_char * TEXT),
        ("point_identifier", C.c_char * TEXT),
        ("torque_identifier", C.c_char * TEXT),
        ("side", C.c_char),
        ("force_column", C.c_size_t * 3),
        ("point_column", C.c_size_t * 3),
        ("torque_column", C.c_size_t * 3),
    ]


class ImuCsvSettings(C.Structure):  # gait_imu_csv_settings, imu_csv.h
    _fields_ = [("acc_unit", c_enum), ("gyr_unit", c_enum), ("rate_hz", C.c_double)]


class ImuCsvInfo(C.Structure):  # gait_imu_csv_info, imu_csv.h
    _fields_ = [
        ("n_sensors", C.c_size_t),
        ("n_samples", C.c_size_t),
        ("rate_hz", C.c_double),
        ("has_time", C.c_int),
        ("start_time_s", C.c_double),
        ("header_rows", C.c_int),
    ]


class ImuSettings(C.Structure):  # gait_imu_settings, imu.h
    _fields_ = [
        ("rate_hz", C.c_double),
        ("t0_s", C.c_double),
        ("placement", c_enum),
        ("side", C.c_int),
        ("use_mount", C.c_int),
        ("sensor_to_segment", C.c_double * 9),
    ]


# C typedef name -> mirror, for the size check against gait_struct_size().
BY_C_NAME = {
    "gait_vec3": Vec3,
    "gait_signal": Signal,
    "gait_filter_settings": FilterSettings,
    "gait_butterworth": Butterworth,
    "gait_welch_settings": WelchSettings,
    "gait_c3d_info": C3DInfo,
    "gait_c3d_event": C3DEvent,
    "gait_c3d_param_shape": C3DParamShape,
    "gait_plate_settings": PlateSettings,
    "gait_force_plate": ForcePlate,
    "gait_sim_settings": SimSettings,
    "gait_sim_step": SimStep,
    "gait_step": Step,
    "gait_stance_settings": StanceSettings,
    "gait_analyze_settings": AnalyzeSettings,
    "gait_analyze_inputs": AnalyzeInputs,
    "gait_trial_summary": TrialSummary,
    "gait_analyze_imu_settings": AnalyzeImuSettings,
    "gait_trial_sensor": TrialSensor,
    "gait_trc_info": TrcInfo,
    "gait_mot_info": MotInfo,
    "gait_mot_grf": MotGrf,
    "gait_imu_csv_settings": ImuCsvSettings,
    "gait_imu_csv_info": ImuCsvInfo,
    "gait_imu_settings": ImuSettings,
}
