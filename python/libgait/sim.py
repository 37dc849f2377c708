# SPDX-License-Identifier: GPL-3.0-or-later
"""The running-trial simulator with known truth (gait/simulate.h)."""
from __future__ import annotations

import ctypes as C
import weakref
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import check, dptr
from .c3d import C3D
from .errors import InvalidArgumentError

_ENUMS = {
    "mode": {"overground": 0, "treadmill": 1},
    "strike": {"rearfoot": 0, "midfoot": 1, "forefoot": 2},
    "vertical": {"z": 0, "z_up": 0, "y": 1, "y_up": 1},
    "progression": {"+x": 0, "-x": 1, "+y": 2, "-y": 3},
}
_SEGMENTS = {"foot": 0, "shank": 1}
PATTERNS = ("rearfoot", "midfoot", "forefoot")


@dataclass(frozen=True)
class SimStep:
    """Truth of one simulated step: side "right"/"left", ic_s, to_s, contact_time_s,
    flight_time_s (s), cadence_steps_per_min, strike_index, pattern, foot_strike_angle_deg,
    peak_external_rotation_deg, peak_dorsiflexion_deg, peak_eversion_deg (deg),
    peak_inversion_moment_nm_kg (N·m/kg), peak_vertical_grf_bw (BW), plate (1-based or None).
    NaN where the simulator leaves a value undefined (the last step's flight, cadence)."""

    side: str
    ic_s: float
    to_s: float
    contact_time_s: float
    flight_time_s: float
    cadence_steps_per_min: float
    strike_index: float
    pattern: str
    foot_strike_angle_deg: float
    peak_external_rotation_deg: float
    peak_dorsiflexion_deg: float
    peak_eversion_deg: float
    peak_inversion_moment_nm_kg: float
    peak_vertical_grf_bw: float
    plate: Optional[int]


def sim_settings(**settings) -> S.SimSettings:
    """gait_sim_settings from keyword arguments named as its fields (gait/simulate.h): seed,
    mode ("overground"|"treadmill"), speed_mps, cadence_steps_per_min, contact_time_s, n_steps,
    body_mass_kg, foot_length_m, strike ("rearfoot"|"midfoot"|"forefoot"), peak_*_deg,
    toe_off_plantarflexion_deg, noise and bias fields, imu_mount_zyx_deg (3 values),
    vertical ("z"|"y"), progression ("+x"|"-x"|"+y"|"-y"), marker_rate_hz, plate_rate_hz,
    imu_rate_hz."""
    s = _lib.lib().gait_sim_settings_default()
    names = {name for name, _ in S.SimSettings._fields_}
    for key, value in settings.items():
        if key not in names:
            raise TypeError(f"simulate() got an unknown setting {key!r}; known: {sorted(names)}")
        if key in _ENUMS:
            if isinstance(value, str):
                if value not in _ENUMS[key]:
                    raise InvalidArgumentError(f"{key} must be one of {sorted(_ENUMS[key])}, got {value!r}")
                value = _ENUMS[key][value]
            setattr(s, key, int(value))
        elif key == "imu_mount_zyx_deg":
            v = [float(x) for x in value]
            if len(v) != 3:
                raise InvalidArgumentError("imu_mount_zyx_deg must hold 3 angles (deg)")
            s.imu_mount_zyx_deg[:] = v
        elif key in ("seed", "n_steps"):
            setattr(s, key, int(value))
        else:
            setattr(s, key, float(value))
    return s


class Simulation:
    """A simulated running trial: .c3d (a C3D view of the recording, valid while this object
    lives), .steps (truth, list of SimStep), .imu(segment) the right-side IMU samples,
    .imu_rate_hz. close() (or a with block, or the finalizer) frees it."""

    def __init__(self, settings: S.SimSettings) -> None:
        L = _lib.lib()
        handle = C.c_void_p()
        check(L.gait_sim_run(C.byref(settings), C.byref(handle)))
        self._handle = handle.value
        self._finalizer = weakref.finalize(self, L.gait_sim_close, handle.value)
        self.settings = settings
        self.imu_rate_hz = settings.imu_rate_hz
        self.c3d = C3D._borrowed(L.gait_sim_c3d(self._handle), self, "<simulation>")
        self.steps: List[SimStep] = []
        for k in range(L.gait_sim_step_count(self._handle)):
            t = S.SimStep()
            check(L.gait_sim_get_step(self._handle, k, C.byref(t)))
            self.steps.append(SimStep(
                "left" if t.side else "right", t.ic_s, t.to_s, t.contact_time_s, t.flight_time_s,
                t.cadence_steps_per_min, t.strike_index,
                PATTERNS[t.pattern] if 0 <= t.pattern < 3 else str(t.pattern),
                t.foot_strike_angle_deg, t.peak_external_rotation_deg, t.peak_dorsiflexion_deg,
                t.peak_eversion_deg, t.peak_inversion_moment_nm_kg, t.peak_vertical_grf_bw,
                t.plate + 1 if t.plate >= 0 else None))

    def imu(self, segment: str = "foot") -> Tuple[np.ndarray, np.ndarray]:
        """(acc (n, 3) m/s², gyr (n, 3) rad/s) of the right foot or shank IMU, sensor frame, at
        imu_rate_hz from t = 0 (copies)."""
        if segment not in _SEGMENTS:
            raise InvalidArgumentError(f"segment must be 'foot' or 'shank', got {segment!r}")
        if self._handle is None:
            raise ValueError("the simulation is closed")
        L = _lib.lib()
        n = L.gait_sim_imu_samples(self._handle)
        acc, gyr = np.empty((n, 3)), np.empty((n, 3))
        check(L.gait_sim_get_imu(self._handle, _SEGMENTS[segment], dptr(acc), dptr(gyr)))
        return acc, gyr

    def close(self) -> None:
        """Free the simulation (and invalidate .c3d's handle; its cached arrays stay)."""
        self.c3d._handle = None
        self._finalizer()
        self._handle = None

    def __enter__(self) -> "Simulation":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def simulate(**settings) -> Simulation:
    """Run the simulator (settings as in sim_settings(); defaults: 8 overground rearfoot steps at
    3.5 m/s, 172 steps/min, 70 kg). Returns a Simulation."""
    return Simulation(sim_settings(**settings))
