# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding and loading the shared library, the prototype (argtypes/restype) of every C function
the package calls, and status checking.

Search order (the first that loads wins; the error lists all three):
1. the environment variable LIBGAIT_PATH: the library file itself, or a directory holding it;
2. the installed library: ctypes.util.find_library("gait");
3. a build directory of the source tree this package sits in: ../../build/<dir>/src/libgait.so*
   relative to this file (build/release first; sanitizer builds are skipped, a plain python cannot
   load them).

ctypes releases the GIL around every call, so threads working on independent handles run in
parallel inside the library (which is thread-safe on independent handles)."""
from __future__ import annotations

import ctypes as C
import ctypes.util
import glob
import os
import threading

import numpy as np

from . import _structs as S
from .errors import BY_STATUS, GaitError, LibraryNotFoundError

_HERE = os.path.dirname(os.path.abspath(__file__))
_NAMES = ("libgait.so", "libgait.so.0", "libgait.dylib", "gait.dll", "libgait.dll")

P = C.c_void_p
D = C.c_double
Z = C.c_size_t
I = C.c_int
PD = C.POINTER(C.c_double)
PZ = C.POINTER(C.c_size_t)
PI = C.POINTER(C.c_int)
PP = C.POINTER(C.c_void_p)
PCHAR = C.POINTER(C.c_char_p)
STR = C.c_char_p
ST = I  # gait_status


def _ptr(struct):
    return C.POINTER(struct)


# name: (restype, [argtypes]); every C function the package calls.
PROTOTYPES = {
    "gait_version": (STR, []),
    "gait_strerror": (STR, [I]),
    "gait_last_error_detail": (STR, []),
    "gait_clear_error": (None, []),
    "gait_struct_size": (Z, [STR]),
    "gait_struct_name": (STR, [Z]),
    # c3d.h
    "gait_c3d_open": (ST, [STR, PP]),
    "gait_c3d_open_memory": (ST, [P, Z, STR, PP]),
    "gait_c3d_close": (None, [P]),
    "gait_c3d_get_info": (ST, [P, _ptr(S.C3DInfo)]),
    "gait_c3d_warning": (STR, [P, Z]),
    "gait_c3d_point_label": (STR, [P, Z]),
    "gait_c3d_get_point": (ST, [P, Z, PD, PD]),
    "gait_c3d_analog_label": (STR, [P, Z]),
    "gait_c3d_analog_unit": (STR, [P, Z]),
    "gait_c3d_get_analog": (ST, [P, Z, PD]),
    "gait_c3d_get_event": (ST, [P, Z, _ptr(S.C3DEvent)]),
    "gait_c3d_body_mass_kg": (ST, [P, PD]),
    # c3d_plates.h
    "gait_c3d_get_force_plate": (ST, [P, Z, _ptr(S.ForcePlate), PZ, PD]),
    "gait_c3d_plate_wrench": (ST, [P, Z, _ptr(S.PlateSettings), PD, PD, PD, PD]),
    "gait_plate_settings_default": (S.PlateSettings, []),
    # trc.h
    "gait_trc_open": (ST, [STR, PP]),
    "gait_trc_close": (None, [P]),
    "gait_trc_get_info": (ST, [P, _ptr(S.TrcInfo)]),
    "gait_trc_marker_label": (STR, [P, Z]),
    "gait_trc_get_marker": (ST, [P, Z, PD]),
    "gait_trc_get_times": (ST, [P, PD]),
    "gait_trc_warning": (STR, [P, Z]),
    # mot.h
    "gait_mot_open": (ST, [STR, PP]),
    "gait_mot_close": (None, [P]),
    "gait_mot_get_info": (ST, [P, _ptr(S.MotInfo)]),
    "gait_mot_column_label": (STR, [P, Z]),
    "gait_mot_get_column": (ST, [P, Z, PD]),
    "gait_mot_get_times": (ST, [P, PD]),
    "gait_mot_grf_count": (Z, [P]),
    "gait_mot_get_grf": (ST, [P, Z, _ptr(S.MotGrf), PD, PD, PD]),
    "gait_mot_warning": (STR, [P, Z]),
    # imu_csv.h
    "gait_imu_csv_settings_default": (S.ImuCsvSettings, []),
    "gait_imu_csv_open": (ST, [STR, _ptr(S.ImuCsvSettings), PP]),
    "gait_imu_csv_close": (None, [P]),
    "gait_imu_csv_get_info": (ST, [P, _ptr(S.ImuCsvInfo)]),
    "gait_imu_csv_sensor_name": (STR, [P, Z]),
    "gait_imu_csv_sensor_channels": (ST, [P, Z, PI, PI]),
    "gait_imu_csv_get_acc": (ST, [P, Z, PD]),
    "gait_imu_csv_get_gyr": (ST, [P, Z, PD]),
    "gait_imu_csv_get_times": (ST, [P, PD]),
    # filter.h, spectrum.h
    "gait_filter_settings_default": (S.FilterSettings, []),
    "gait_butterworth_design": (ST, [_ptr(S.FilterSettings), D, _ptr(S.Butterworth)]),
    "gait_filtfilt": (ST, [_ptr(S.Butterworth), PD, PD, Z]),
    "gait_dominant_frequency": (ST, [PD, Z, D, D, D, _ptr(S.WelchSettings), PD]),
    # analyze.h
    "gait_stance_settings_default": (S.StanceSettings, []),
    "gait_stance_find": (ST, [PD, Z, D, _ptr(S.StanceSettings), PZ, Z, PZ]),
    "gait_analyze_settings_default": (S.AnalyzeSettings, []),
    "gait_analyze": (ST, [_ptr(S.AnalyzeInputs), _ptr(S.AnalyzeSettings), PP]),
    "gait_analyze_imu_settings_default": (S.AnalyzeImuSettings, []),
    "gait_analyze_imu": (ST, [P, _ptr(S.AnalyzeImuSettings), PP]),
    "gait_trial_free": (None, [P]),
    "gait_trial_step_count": (Z, [P]),
    "gait_trial_get_step": (ST, [P, Z, _ptr(S.Step)]),
    "gait_trial_get_summary": (ST, [P, _ptr(S.TrialSummary)]),
    "gait_trial_body_mass_kg": (D, [P, PI]),
    "gait_trial_frame": (STR, [P, PI, PI, PD]),
    "gait_trial_sensor_count": (Z, [P]),
    "gait_trial_get_sensor": (ST, [P, Z, _ptr(S.TrialSensor)]),
    "gait_trial_ankle": (STR, [P, PI, PI, PCHAR, PCHAR]),
    "gait_trial_warning": (STR, [P, Z]),
    "gait_step_marker_name": (STR, [Z]),
    "gait_moment_frame_name": (STR, [I]),
    # imu.h
    "gait_imu_settings_default": (S.ImuSettings, []),
    "gait_stream_create": (ST, [_ptr(S.ImuSettings), PP]),
    "gait_stream_push": (ST, [P, PD, Z]),
    "gait_stream_finish": (ST, [P]),
    "gait_stream_pop_step": (ST, [P, _ptr(S.Step)]),
    "gait_stream_memory_bytes": (Z, [P]),
    "gait_stream_dropped_steps": (Z, [P]),
    "gait_stream_activity": (I, [P]),
    "gait_stream_alignment": (I, [P, PD]),
    "gait_stream_destroy": (None, [P]),
    "gait_imu_steps": (ST, [PD, PD, Z, _ptr(S.ImuSettings), C.POINTER(_ptr(S.Step)), PZ]),
    "gait_imu_steps_free": (None, [_ptr(S.Step)]),
    # simulate.h
    "gait_sim_settings_default": (S.SimSettings, []),
    "gait_sim_run": (ST, [_ptr(S.SimSettings), PP]),
    "gait_sim_close": (None, [P]),
    "gait_sim_step_count": (Z, [P]),
    "gait_sim_get_step": (ST, [P, Z, _ptr(S.SimStep)]),
    "gait_sim_c3d": (P, [P]),
    "gait_sim_imu_samples": (Z, [P]),
    "gait_sim_get_imu": (ST, [P, I, PD, PD]),
}

_lock = threading.Lock()
_lib = None
LOADED_FROM = None


def _build_candidates():
    root = os.path.normpath(os.path.join(_HERE, "..", "..", "build"))
    dirs = [os.path.join(root, "release", "src")]
    dirs += [
        d
        for d in sorted(glob.glob(os.path.join(root, "*", "src")))
        if d not in dirs and not any(k in os.path.basename(os.path.dirname(d)) for k in ("asan", "fuzz", "san"))
    ]
    files = []
    for d in dirs:
        files += [os.path.join(d, n) for n in _NAMES if os.path.exists(os.path.join(d, n))]
    return root, files


def _load():
    tried = []
    env = os.environ.get("LIBGAIT_PATH")
    if env:
        if os.path.isdir(env):
            files = [os.path.join(env, n) for n in _NAMES if os.path.exists(os.path.join(env, n))]
            files = files or [os.path.join(env, _NAMES[0])]
        else:
            files = [env]
        for f in files:
            try:
                return C.CDLL(f), f
            except OSError as err:
                tried.append(f"1. LIBGAIT_PATH={env}: {err}")
    else:
        tried.append("1. LIBGAIT_PATH: not set")
    found = ctypes.util.find_library("gait")
    if found:
        try:
            return C.CDLL(found), found
        except OSError as err:
            tried.append(f'2. ctypes.util.find_library("gait") -> {found}: {err}')
    else:
        tried.append('2. ctypes.util.find_library("gait"): no installed libgait')
    root, files = _build_candidates()
    for f in files:
        try:
            return C.CDLL(f), f
        except OSError as err:
            tried.append(f"3. build directory: {f}: {err}")
    if not files:
        tried.append(f"3. build directory: no libgait.so* under {root}/*/src")
    raise LibraryNotFoundError(
        "libgait: cannot load the shared library libgait; looked in:\n  "
        + "\n  ".join(tried)
        + "\nBuild it (meson setup build/release && ninja -C build/release) or set LIBGAIT_PATH."
    )


def lib():
    """The loaded library with every prototype declared (loaded on first use)."""
    global _lib, LOADED_FROM
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is None:
            handle, where = _load()
            missing = []
            for name, (restype, argtypes) in PROTOTYPES.items():
                try:
                    fn = getattr(handle, name)
                except AttributeError:
                    missing.append(name)
                    continue
                fn.restype = restype
                fn.argtypes = argtypes
            if missing:
                raise LibraryNotFoundError(
                    f"libgait: {where} lacks {', '.join(missing)}: an older libgait? "
                    "Rebuild it or point LIBGAIT_PATH at a current one."
                )
            LOADED_FROM = where
            _lib = handle
    return _lib


def text(raw) -> str:
    """A C string (bytes or None) as str ("" for NULL)."""
    return raw.decode("utf-8", "replace") if raw else ""


def error(status: int, context: str = "") -> GaitError:
    """The exception for a failed call, with the calling thread's detail message."""
    L = lib()
    reason = text(L.gait_strerror(status))
    detail = text(L.gait_last_error_detail())
    cls = BY_STATUS.get(status, GaitError)
    message = f"{reason}: {detail}" if detail else reason
    if context:
        message = f"{context}: {message}"
    return cls(message, detail=detail, reason=reason)


def check(status: int, context: str = "") -> None:
    """Raise the GaitError subclass of status unless it is GAIT_OK."""
    if status != 0:
        raise error(status, context)


def dptr(array: np.ndarray):
    """A double* to a C-contiguous float64 array (None for None)."""
    if array is None:
        return None
    return array.ctypes.data_as(PD)


def as_doubles(x, name: str, ndim=None, shape_tail=None) -> np.ndarray:
    """x as a C-contiguous float64 array: any array-like of real numbers. Raises TypeError for
    values that are not real numbers and InvalidArgumentError for the wrong shape."""
    from .errors import InvalidArgumentError

    try:
        probe = np.asarray(x)
    except Exception as err:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of real numbers: {err}") from None
    if probe.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be an array of real numbers (bool, int or float), got dtype {probe.dtype}"
        )
    arr = np.ascontiguousarray(probe, dtype=np.float64)
    if ndim is not None and arr.ndim not in (ndim if isinstance(ndim, tuple) else (ndim,)):
        raise InvalidArgumentError(
            f"{name} must have {ndim} dimension(s), got shape {arr.shape}", detail="shape"
        )
    if shape_tail is not None and arr.shape[-len(shape_tail):] != tuple(shape_tail):
        raise InvalidArgumentError(
            f"{name} must have shape (n, {', '.join(map(str, shape_tail))}), got {arr.shape}",
            detail="shape",
        )
    return arr


def encode_path(path) -> bytes:
    """A str or os.PathLike path as bytes for a const char *."""
    if isinstance(path, (bytes, bytearray)):
        raise TypeError("a path must be str or os.PathLike (bytes are taken as file contents only by C3D())")
    try:
        return os.fsencode(path)
    except TypeError:
        raise TypeError(f"a path must be str or os.PathLike, got {type(path).__name__}") from None


def struct_sizes() -> dict:
    """{C struct name: (C sizeof, ctypes.sizeof of the mirror)} for every mirrored struct."""
    L = lib()
    return {n: (L.gait_struct_size(n.encode()), C.sizeof(cls)) for n, cls in S.BY_C_NAME.items()}

