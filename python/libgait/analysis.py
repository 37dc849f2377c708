# SPDX-License-Identifier: GPL-3.0-or-later
"""Stance phases and per-step markers (gait/analyze.h, gait/step.h): analyze() gives the same
steps, summary and fields as `gait analyze --json` (tools/gait/cmd_analyze.c)."""
from __future__ import annotations

import ctypes as C
import functools
import math
import os
from dataclasses import asdict, dataclass, fields
from typing import Any, Dict, List, Optional

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import as_doubles, check, dptr, text
from .errors import InvalidArgumentError

SIDES = {0: "right", 1: "left"}
PATTERNS = ("rearfoot", "midfoot", "forefoot")
MASS_SOURCES = ("unknown", "file", "option", "force")
ACTIVITIES = ("unknown", "walking", "running")


def _num(value: float) -> Optional[float]:
    """NaN and infinities (a value that cannot be computed) become None, as JSON null."""
    return value if math.isfinite(value) else None


@dataclass
class Step:
    """One step (stance), the fields and values of a step of `gait analyze --json`: times in s,
    forces in N or body weights (bw), impulses in BW·s, moments in N·m/kg (internal, at the ankle
    centre), angles in degrees. None where a value cannot be computed (never 0). side "right",
    "left" or None; events_from "plate", "markers" or "imu"; plate 1-based or None; sensor the IMU
    sensor's name (IMU trials) or None; strike_pattern "rearfoot", "midfoot", "forefoot" or None."""

    sensor: Optional[str]
    side: Optional[str]
    complete: bool
    events_from: str
    plate: Optional[int]
    ic_s: Optional[float]
    to_s: Optional[float]
    contact_time_s: Optional[float]
    flight_time_s: Optional[float]
    step_time_s: Optional[float]
    stride_time_s: Optional[float]
    swing_time_s: Optional[float]
    peak_vgrf_n: Optional[float]
    peak_vgrf_bw: Optional[float]
    impact_peak_bw: Optional[float]
    loading_rate_bw_s: Optional[float]
    instantaneous_loading_rate_bw_s: Optional[float]
    braking_impulse_bw_s: Optional[float]
    propulsive_impulse_bw_s: Optional[float]
    strike_index: Optional[float]
    strike_pattern: Optional[str]
    foot_strike_angle_deg: Optional[float]
    ankle_inversion_moment_peak_nm_kg: Optional[float]
    ankle_eversion_moment_peak_nm_kg: Optional[float]
    ankle_plantarflexion_moment_peak_nm_kg: Optional[float]
    ankle_external_rotation_peak_deg: Optional[float]
    ankle_eversion_peak_deg: Optional[float]
    ankle_dorsiflexion_ic_deg: Optional[float]
    stride_length_m: Optional[float]
    speed_m_s: Optional[float]

    def to_dict(self) -> Dict[str, Any]:
        """The JSON step object of `gait analyze --json` ("sensor" only for IMU steps)."""
        d = asdict(self)
        if d["sensor"] is None:
            del d["sensor"]
        return d

    @classmethod
    def _from_c(cls, s: S.Step, sensor_names=()) -> "Step":
        values = {name: _num(getattr(s, name)) for name in S.STEP_TIMES_AND_FORCES + S.STEP_ANKLE_AND_IMU}
        sensor = None
        if s.sensor >= 0:
            sensor = sensor_names[s.sensor] if s.sensor < len(sensor_names) else None
        return cls(
            sensor=sensor,
            side=SIDES.get(s.side),
            complete=bool(s.complete),
            events_from="imu" if s.sensor >= 0 else "plate" if s.from_plate else "markers",
            plate=s.plate + 1 if s.plate >= 0 else None,
            strike_pattern=PATTERNS[s.strike_pattern] if 0 <= s.strike_pattern < 3 else None,
            **values,
        )


STEP_FIELDS = tuple(f.name for f in fields(Step))


class Trial:
    """The result of analyze(): plain Python data (the C trial is freed before analyze returns).

    steps: list of Step; summary: dict as the JSON "summary" (cadence_spm, steps, complete_steps,
    right/left: complete_steps, mean, sd; symmetry_index_pct) or None; body_mass_kg (kg or None)
    and mass_source; frame (text); ankle (dict: marker_set, model, moment_frame, moment_units,
    right_problem, left_problem); sensors (IMU trials: list of dicts); warnings."""

    def __init__(self, file: str, handle: int) -> None:
        L = _lib.lib()
        self.file = file
        source = C.c_int(0)
        self.body_mass_kg = _num(L.gait_trial_body_mass_kg(handle, C.byref(source)))
        self.mass_source = MASS_SOURCES[source.value if 0 <= source.value < 4 else 0]
        axis, sign = C.c_int(2), C.c_int(1)
        self.frame = text(L.gait_trial_frame(handle, C.byref(axis), C.byref(sign), None))
        frame, pig = C.c_int(0), C.c_int(0)
        right, left = C.c_char_p(), C.c_char_p()
        marker_set = L.gait_trial_ankle(handle, C.byref(frame), C.byref(pig), C.byref(right),
                                        C.byref(left))
        self.ankle = {
            "marker_set": text(marker_set),
            "model": "plug-in-gait" if pig.value else "libgait",
            "moment_frame": text(L.gait_moment_frame_name(frame.value)),
            "moment_units": "N.m/kg, internal, at the ankle centre",
            "right_problem": text(right.value) or None,
            "left_problem": text(left.value) or None,
        }
        self.sensors = []
        names = []
        for k in range(L.gait_trial_sensor_count(handle)):
            s = S.TrialSensor()
            check(L.gait_trial_get_sensor(handle, k, C.byref(s)))
            names.append(text(s.name))
            act = s.activity if 0 <= s.activity < 3 else 0
            self.sensors.append({
                "name": text(s.name),
                "side": SIDES.get(s.side),
                "steps": s.n_steps,
                "activity": ACTIVITIES[act],
                "aligned": bool(s.aligned),
                "event_cadence_spm": _num(s.event_cadence_spm),
                "spectral_cadence_spm": _num(s.spectral_cadence_spm),
            })
        self.steps: List[Step] = []
        for k in range(L.gait_trial_step_count(handle)):
            s = S.Step()
            check(L.gait_trial_get_step(handle, k, C.byref(s)))
            self.steps.append(Step._from_c(s, names))
        summary = S.TrialSummary()
        self.summary = None
        if L.gait_trial_get_summary(handle, C.byref(summary)) == 0:
            self.summary = _summary_dict(summary)
        self.warnings = []
        k = 0
        while True:
            w = L.gait_trial_warning(handle, k)
            if w is None:
                break
            self.warnings.append(text(w))
            k += 1

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per step (every Step field, None for missing), for pandas.DataFrame(...)."""
        return [asdict(s) for s in self.steps]

    def to_dict(self) -> Dict[str, Any]:
        """The object `gait analyze --json` prints, key for key."""
        out: Dict[str, Any] = {
            "file": self.file,
            "body_mass_kg": self.body_mass_kg,
            "mass_source": self.mass_source,
            "frame": self.frame,
            "ankle": dict(self.ankle),
            "steps": [s.to_dict() for s in self.steps],
        }
        if self.sensors:
            out["sensors"] = [dict(s) for s in self.sensors]
        if self.summary is not None:
            out["summary"] = self.summary
        out["warnings"] = list(self.warnings)
        return out

    @property
    def cadence_spm(self) -> Optional[float]:
        """Cadence of the trial, steps per minute (None when unknown)."""
        return self.summary["cadence_spm"] if self.summary else None

    def __repr__(self) -> str:
        return f"<libgait.Trial {self.file!r}: {len(self.steps)} steps>"


@functools.lru_cache(maxsize=None)
def _marker_names() -> tuple:
    """The summary's marker names in C order (gait_step_marker_name()), read once."""
    L = _lib.lib()
    return tuple(text(L.gait_step_marker_name(k)) for k in range(S.STEP_MARKER_COUNT))


def _summary_dict(s: S.TrialSummary) -> Dict[str, Any]:
    names = _marker_names()

    def per_marker(values):
        return {n: _num(values[k]) for k, n in enumerate(names) if n}

    out: Dict[str, Any] = {
        "cadence_spm": _num(s.cadence_spm),
        "steps": s.n_steps,
        "complete_steps": s.n_complete,
    }
    for side in (0, 1):
        out[SIDES[side]] = {
            "complete_steps": s.n_side[side],
            "mean": per_marker(s.mean[side]),
            "sd": per_marker(s.sd[side]),
        }
    out["symmetry_index_pct"] = per_marker(s.symmetry_index_pct)
    return out


# ---- stance phases of one force trace ----


def detect_stance(fz, fs_hz: float, threshold_n: float = 20.0, *, min_duration_s: float = 0.08,
                  max_duration_s: float = 1.5, min_peak_n: float = 200.0) -> np.ndarray:
    """Stance phases of a vertical force trace fz (N, up positive, 1-D, NaN = missing) sampled at
    fs_hz (Hz): an (n, 2) int64 array of [start, end) sample indices, so IC = start / fs_hz and
    TO = end / fs_hz. Contact on/off at threshold_n (N) after removing the baseline, refined to the
    noise level; contacts shorter than min_duration_s, longer than max_duration_s (s) or below
    min_peak_n (N) are dropped. The segmentation gait_analyze() runs on each force plate
    (gait_stance_find())."""
    arr = as_doubles(fz, "fz", ndim=1)
    L = _lib.lib()
    st = L.gait_stance_settings_default()
    st.on_threshold_n = st.off_threshold_n = float(threshold_n)
    st.min_duration_s, st.max_duration_s = float(min_duration_s), float(max_duration_s)
    st.min_peak_n = float(min_peak_n)
    count = C.c_size_t()
    check(L.gait_stance_find(dptr(arr), arr.size, float(fs_hz), C.byref(st), None, 0,
                             C.byref(count)))
    buf = (C.c_size_t * (2 * count.value))()
    check(L.gait_stance_find(dptr(arr), arr.size, float(fs_hz), C.byref(st), buf, count.value,
                             C.byref(count)))
    return np.array(buf, dtype=np.int64).reshape(-1, 2)


# ---- analyze ----

_MOMENT_FRAMES = ("foot", "shank", "jcs", "lab")
_PLUGIN_GAIT = {"auto": -1, None: -1, "on": 1, True: 1, "off": 0, False: 0}
_OPTIONS = {
    "foot_length_m", "cutoff_hz", "ankle_cutoff_hz", "moment_frame", "grf", "static", "imu",
    "rate_hz", "sensor", "side", "acc_g", "gyr_rad", "threshold_n", "ankle_width_m",
    "knee_width_m", "plugin_gait",
}


def _ext(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _positive(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if not v > 0 or not math.isfinite(v):
        raise InvalidArgumentError(f"{name} must be a finite number > 0, got {value!r}")
    return v


def analyze(path, mass_kg: Optional[float] = None, **options) -> Trial:
    """Analyse a trial like `gait analyze`: stance phases from force plates (C3D or an OpenSim
    GRF .mot), the per-step markers, the ankle (with markers) and a per-side summary; or an IMU
    CSV recording with imu="foot"|"shank".

    path: a .c3d, .mot/.sto, a .trc with grf=".mot", an IMU .csv (with imu=...), or an open C3D.
    mass_kg: body mass (kg) when the file holds none. Options (the CLI's, same defaults):
    threshold_n (N, contact on/off), foot_length_m (m), cutoff_hz (Hz, low-pass of forces and
    markers), ankle_cutoff_hz (Hz, default 15), moment_frame ("foot", "shank", "jcs", "lab"),
    ankle_width_m, knee_width_m (m), plugin_gait ("auto", "on", "off"), grf (.mot for a .trc),
    static (static trial .trc/.c3d); IMU: imu ("foot"/"shank"), rate_hz (Hz), sensor (name),
    side ("left"/"right"), acc_g (acc in g), gyr_rad (gyr in rad/s).
    Returns a Trial whose to_dict() equals the CLI's JSON."""
    from .c3d import C3D

    unknown = set(options) - _OPTIONS
    if unknown:
        raise TypeError(f"analyze() got unknown option(s) {sorted(unknown)}; known: {sorted(_OPTIONS)}")
    L = _lib.lib()
    if options.get("imu") is not None:
        return _analyze_imu(path, options)
    settings = L.gait_analyze_settings_default()
    if mass_kg is not None:
        settings.mass_kg = _positive("mass_kg", mass_kg)
    for name in ("foot_length_m", "ankle_width_m", "knee_width_m"):
        if options.get(name) is not None:
            setattr(settings, name, _positive(name, options[name]))
    if options.get("threshold_n") is not None:
        t = _positive("threshold_n", options["threshold_n"])
        settings.stance.on_threshold_n = settings.stance.off_threshold_n = t
    if options.get("cutoff_hz") is not None:
        settings.stance.cutoff_hz = float(options["cutoff_hz"])
    if options.get("ankle_cutoff_hz") is not None:
        settings.ankle_cutoff_hz = float(options["ankle_cutoff_hz"])
    if options.get("moment_frame") is not None:
        if options["moment_frame"] not in _MOMENT_FRAMES:
            raise InvalidArgumentError(f"moment_frame must be one of {_MOMENT_FRAMES}, got {options['moment_frame']!r}")
        settings.moment_frame = _MOMENT_FRAMES.index(options["moment_frame"])
    if options.get("plugin_gait", "auto") not in _PLUGIN_GAIT:
        raise InvalidArgumentError(f"plugin_gait must be 'auto', 'on' or 'off', got {options['plugin_gait']!r}")
    settings.plugin_gait = _PLUGIN_GAIT[options.get("plugin_gait", "auto")]

    opened = []  # handles this call opened, closed before returning
    inputs = S.AnalyzeInputs()
    try:
        if isinstance(path, C3D):
            inputs.c3d = path._h()
            file = path.name
        else:
            file = os.fsdecode(_lib.encode_path(path))
            grf = options.get("grf")
            ext = _ext(file)
            if ext == ".c3d" and grf is None:
                opened.append(C3D(file))
                inputs.c3d = opened[-1]._h()
            elif ext in (".mot", ".sto") and grf is None:
                inputs.mot = _open_raw(L.gait_mot_open, L.gait_mot_close, file, opened)
            elif ext == ".trc" and grf is not None and _ext(os.fspath(grf)) in (".mot", ".sto"):
                inputs.trc = _open_raw(L.gait_trc_open, L.gait_trc_close, file, opened)
                inputs.mot = _open_raw(L.gait_mot_open, L.gait_mot_close, os.fspath(grf), opened)
            else:
                raise InvalidArgumentError(
                    f"{file}: give a .c3d file, a .mot/.sto table, or a .trc file with grf=FILE.mot "
                    "(or imu='foot'|'shank' for an IMU CSV)"
                )
        fixed = options.get("static")
        if fixed is not None:
            fixed = os.fspath(fixed)
            if _ext(fixed) == ".c3d":
                opened.append(C3D(fixed))
                inputs.static_c3d = opened[-1]._h()
            elif _ext(fixed) == ".trc":
                inputs.static_trc = _open_raw(L.gait_trc_open, L.gait_trc_close, fixed, opened)
            else:
                raise InvalidArgumentError(f"{fixed}: static reads .trc or .c3d")
        trial = C.c_void_p()
        check(L.gait_analyze(C.byref(inputs), C.byref(settings), C.byref(trial)), file)
    finally:
        for item in reversed(opened):
            item.close()
    try:
        return Trial(file, trial.value)
    finally:
        L.gait_trial_free(trial.value)


class _Raw:
    """A C handle this module opened, with its close function."""

    def __init__(self, handle, close_fn):
        self.handle, self.close_fn = handle, close_fn

    def close(self):
        if self.handle is not None:
            self.close_fn(self.handle)
            self.handle = None


def _open_raw(open_fn, close_fn, path, opened) -> int:
    handle = C.c_void_p()
    check(open_fn(_lib.encode_path(path), C.byref(handle)))
    opened.append(_Raw(handle.value, close_fn))
    return handle.value


def _analyze_imu(path, options) -> Trial:
    from .readers import imu_csv_settings

    L = _lib.lib()
    placement = options["imu"]
    if placement not in ("foot", "shank"):
        raise InvalidArgumentError(f"imu must be 'foot' or 'shank', got {placement!r}")
    csv = imu_csv_settings(options.get("rate_hz"), "g" if options.get("acc_g") else "m/s2",
                           "rad/s" if options.get("gyr_rad") else "deg/s")
    settings = L.gait_analyze_imu_settings_default()
    settings.placement = 1 if placement == "shank" else 0
    side = options.get("side")
    if side is not None:
        if side not in ("left", "right"):
            raise InvalidArgumentError(f"side must be 'left' or 'right', got {side!r}")
        settings.side = 1 if side == "left" else 0
    sensor = options.get("sensor")
    sensor_bytes = None if sensor is None else str(sensor).encode()
    settings.sensor = sensor_bytes
    file = os.fsdecode(_lib.encode_path(path))
    handle = C.c_void_p()
    check(L.gait_imu_csv_open(_lib.encode_path(path), C.byref(csv), C.byref(handle)))
    trial = C.c_void_p()
    try:
        check(L.gait_analyze_imu(handle.value, C.byref(settings), C.byref(trial)), file)
    finally:
        L.gait_imu_csv_close(handle.value)
    try:
        return Trial(file, trial.value)
    finally:
        L.gait_trial_free(trial.value)
