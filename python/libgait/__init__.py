# SPDX-License-Identifier: GPL-3.0-or-later
"""libgait: running-gait analysis from Python (ctypes over the C library; no compile step).

    import libgait
    trial = libgait.analyze("data/overground_rearfoot.c3d", foot_length_m=0.26)
    for step in trial.steps:
        print(step.side, step.ankle_inversion_moment_peak_nm_kg, step.strike_pattern)

SI units throughout (m, s, N, N·m, rad/s; angles in degrees where the name says _deg). Inputs
accept any array-like (converted to contiguous float64); outputs are numpy arrays copied out of
the library and plain dataclasses. Errors raise GaitError subclasses (errors.py) carrying the C
detail message. The shared library is found through LIBGAIT_PATH, ctypes.util.find_library, then
the source tree's build directory (see _lib.py)."""
from .analysis import Step, Trial, analyze, detect_stance
from .c3d import C3D, Event, Plate
from .dsp import butter, dominant_frequency, filtfilt
from .errors import (
    BufferSizeError,
    FormatError,
    GaitError,
    GaitIOError,
    InternalError,
    InvalidArgumentError,
    LibraryNotFoundError,
    NoDataError,
    NoMemoryError,
    NumericError,
    UnsupportedError,
)
from .imu import Stream, imu_events, imu_settings
from .readers import IMURecording, IMUSensor, MOT, TRC, read_imu_csv, read_mot, read_trc
from .sim import SimStep, Simulation, simulate

__version__ = "0.1.0"


def library_version() -> str:
    """The loaded C library's version (gait_version())."""
    from . import _lib

    return _lib.text(_lib.lib().gait_version())


def library_path() -> str:
    """Where the C library was loaded from."""
    from . import _lib

    _lib.lib()
    return _lib.LOADED_FROM


__all__ = [
    "C3D", "Event", "Plate", "Step", "Trial", "analyze", "detect_stance", "butter",
    "dominant_frequency", "filtfilt", "Stream", "imu_events", "imu_settings", "read_trc",
    "read_mot", "read_imu_csv", "TRC", "MOT", "IMURecording", "IMUSensor", "simulate",
    "Simulation", "SimStep", "GaitError", "GaitIOError", "FormatError", "InvalidArgumentError",
    "NoMemoryError", "UnsupportedError", "NoDataError", "NumericError", "BufferSizeError",
    "InternalError", "LibraryNotFoundError", "library_version", "library_path",
]
