# SPDX-License-Identifier: GPL-3.0-or-later
"""TRC markers, OpenSim MOT/STO tables and IMU CSV recordings (gait/trc.h, gait/mot.h,
gait/imu_csv.h), read whole into plain dataclasses of numpy arrays (copies). The C handle is
closed before the function returns."""
from __future__ import annotations

import ctypes as C
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import check, dptr, text


@dataclass
class TRC:
    """A TRC marker file: markers (frames, markers, 3) in metres (NaN = missing), labels,
    time_s (frames,) s, rate_hz, units as stored ("mm"), warnings."""

    path: str
    labels: List[str]
    markers: np.ndarray
    time_s: np.ndarray
    rate_hz: float
    units: str
    warnings: List[str] = field(default_factory=list)


@dataclass
class Force:
    """One OpenSim force set of a MOT file: force_n, cop_m, torque_nm (rows, 3) in N, m, N·m as
    stored (NaN for what the file lacks), side 'l', 'r' or '?' (guessed from the name)."""

    name: str
    side: str
    force_n: np.ndarray
    cop_m: np.ndarray
    torque_nm: np.ndarray


@dataclass
class MOT:
    """An OpenSim .mot/.sto table: columns (labels), data (rows, columns) as stored, time_s
    (rows,) s or None without a time column, in_degrees (True/False/None), forces (the force sets
    found), warnings."""

    path: str
    labels: List[str]
    data: np.ndarray
    time_s: Optional[np.ndarray]
    in_degrees: Optional[bool]
    forces: List[Force]
    warnings: List[str] = field(default_factory=list)

    def column(self, label: str) -> np.ndarray:
        """The column called `label` (exact match)."""
        return self.data[:, self.labels.index(label)]


@dataclass
class IMUSensor:
    """One sensor of an IMU recording: acc_mps2 and gyr_rad_s (samples, 3) in the sensor's axes,
    m/s² and rad/s (None when the file has no such columns)."""

    name: str
    acc_mps2: Optional[np.ndarray]
    gyr_rad_s: Optional[np.ndarray]


@dataclass
class IMURecording:
    """An IMU CSV file: rate_hz, time_s (samples,) s, sensors."""

    path: str
    rate_hz: float
    time_s: np.ndarray
    sensors: List[IMUSensor]

    def sensor(self, name: str) -> IMUSensor:
        for s in self.sensors:
            if s.name == name:
                return s
        raise KeyError(f"{self.path}: no sensor {name!r}")


def _open(open_fn, path, *extra):
    handle = C.c_void_p()
    check(open_fn(_lib.encode_path(path), *extra, C.byref(handle)))
    return handle.value


def read_trc(path) -> TRC:
    """Read a TRC marker file (positions converted to metres)."""
    L = _lib.lib()
    h = _open(L.gait_trc_open, path)
    try:
        info = S.TrcInfo()
        check(L.gait_trc_get_info(h, C.byref(info)))
        m, n = info.n_markers, info.n_frames
        xyz = np.empty((m, n, 3))
        for k in range(m):
            check(L.gait_trc_get_marker(h, k, dptr(xyz[k])))
        times = np.empty(n)
        check(L.gait_trc_get_times(h, dptr(times)))
        return TRC(
            path=os.fspath(path),
            labels=[text(L.gait_trc_marker_label(h, k)) for k in range(m)],
            markers=np.ascontiguousarray(xyz.transpose(1, 0, 2)),
            time_s=times,
            rate_hz=info.rate_hz,
            units=text(info.units),
            warnings=[text(L.gait_trc_warning(h, k)) for k in range(info.n_warnings)],
        )
    finally:
        L.gait_trc_close(h)


def read_mot(path) -> MOT:
    """Read an OpenSim .mot/.sto table and the ground-reaction force sets it holds."""
    L = _lib.lib()
    h = _open(L.gait_mot_open, path)
    try:
        info = S.MotInfo()
        check(L.gait_mot_get_info(h, C.byref(info)))
        rows, cols = info.n_rows, info.n_columns
        data = np.empty((cols, rows))
        for k in range(cols):
            check(L.gait_mot_get_column(h, k, dptr(data[k])))
        times = None
        if info.time_column != C.c_size_t(-1).value:
            times = np.empty(rows)
            check(L.gait_mot_get_times(h, dptr(times)))
        forces = []
        for k in range(L.gait_mot_grf_count(h)):
            meta = S.MotGrf()
            f, p, t = np.empty((rows, 3)), np.empty((rows, 3)), np.empty((rows, 3))
            check(L.gait_mot_get_grf(h, k, C.byref(meta), dptr(f), dptr(p), dptr(t)))
            forces.append(Force(text(meta.name), meta.side.decode(), f, p, t))
        return MOT(
            path=os.fspath(path),
            labels=[text(L.gait_mot_column_label(h, k)) for k in range(cols)],
            data=np.ascontiguousarray(data.T),
            time_s=times,
            in_degrees=None if info.in_degrees < 0 else bool(info.in_degrees),
            forces=forces,
            warnings=[text(L.gait_mot_warning(h, k)) for k in range(info.n_warnings)],
        )
    finally:
        L.gait_mot_close(h)


ACC_UNITS: Dict[str, int] = {"m/s2": 0, "m/s^2": 0, "m/s²": 0, "mps2": 0, "g": 1}
GYR_UNITS: Dict[str, int] = {"deg/s": 0, "dps": 0, "rad/s": 1}


def imu_csv_settings(rate_hz=None, acc_unit="m/s2", gyr_unit="deg/s") -> S.ImuCsvSettings:
    """gait_imu_csv_settings from the Python arguments (units named as strings)."""
    from .errors import InvalidArgumentError

    settings = _lib.lib().gait_imu_csv_settings_default()
    if acc_unit not in ACC_UNITS:
        raise InvalidArgumentError(f"acc_unit must be one of {sorted(ACC_UNITS)}, got {acc_unit!r}")
    if gyr_unit not in GYR_UNITS:
        raise InvalidArgumentError(f"gyr_unit must be one of {sorted(GYR_UNITS)}, got {gyr_unit!r}")
    settings.acc_unit = ACC_UNITS[acc_unit]
    settings.gyr_unit = GYR_UNITS[gyr_unit]
    settings.rate_hz = 0.0 if rate_hz is None else float(rate_hz)
    return settings


def read_imu_csv(path, rate_hz: Optional[float] = None, acc_unit: str = "m/s2",
                 gyr_unit: str = "deg/s") -> IMURecording:
    """Read an IMU CSV file (layouts in include/gait/imu_csv.h). Units are declared, never
    guessed: acc_unit "m/s2" or "g", gyr_unit "deg/s" or "rad/s"; the result is always m/s² and
    rad/s. rate_hz (Hz) is needed when the file has no time column nor a sampling-rate line."""
    L = _lib.lib()
    settings = imu_csv_settings(rate_hz, acc_unit, gyr_unit)
    h = _open(L.gait_imu_csv_open, path, C.byref(settings))
    try:
        info = S.ImuCsvInfo()
        check(L.gait_imu_csv_get_info(h, C.byref(info)))
        n = info.n_samples
        times = np.empty(n)
        check(L.gait_imu_csv_get_times(h, dptr(times)))
        sensors = []
        for k in range(info.n_sensors):
            has_acc, has_gyr = C.c_int(), C.c_int()
            check(L.gait_imu_csv_sensor_channels(h, k, C.byref(has_acc), C.byref(has_gyr)))
            acc = gyr = None
            if has_acc.value:
                acc = np.empty((n, 3))
                check(L.gait_imu_csv_get_acc(h, k, dptr(acc)))
            if has_gyr.value:
                gyr = np.empty((n, 3))
                check(L.gait_imu_csv_get_gyr(h, k, dptr(gyr)))
            sensors.append(IMUSensor(text(L.gait_imu_csv_sensor_name(h, k)), acc, gyr))
        return IMURecording(os.fspath(path), info.rate_hz, times, sensors)
    finally:
        L.gait_imu_csv_close(h)
