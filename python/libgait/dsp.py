# SPDX-License-Identifier: GPL-3.0-or-later
"""Butterworth design, zero-lag filtering and the dominant frequency (gait/filter.h,
gait/spectrum.h). Inputs: any array-like of real numbers (converted to contiguous float64);
outputs: new numpy arrays."""
from __future__ import annotations

import ctypes as C
from typing import Tuple

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import as_doubles, check, dptr
from .errors import InvalidArgumentError

_BTYPES = {"low": 0, "lowpass": 0, "high": 1, "highpass": 1}


def _design(order: int, cutoff_hz: float, fs_hz: float, btype: str) -> S.Butterworth:
    if btype not in _BTYPES:
        raise InvalidArgumentError(f"btype must be 'low' or 'high', got {btype!r}")
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)):
        raise TypeError(f"order must be an int, got {type(order).__name__}")
    L = _lib.lib()
    settings = L.gait_filter_settings_default()
    settings.type = _BTYPES[btype]
    settings.order = int(order)
    settings.cutoff_hz = float(cutoff_hz)
    filt = S.Butterworth()
    check(L.gait_butterworth_design(C.byref(settings), float(fs_hz), C.byref(filt)))
    return filt


def butter(order: int, cutoff_hz: float, fs_hz: float, btype: str = "low") -> Tuple[np.ndarray, np.ndarray]:
    """Butterworth (b, a) of `order` (one pass) with its -3 dB point at cutoff_hz (Hz) for a
    signal sampled at fs_hz (Hz); btype "low" or "high". Same as
    scipy.signal.butter(order, cutoff_hz, btype, fs=fs_hz)."""
    filt = _design(order, cutoff_hz, fs_hz, btype)
    n = filt.order + 1
    return np.array(filt.b[:n]), np.array(filt.a[:n])


def filtfilt(x, fs_hz: float, cutoff_hz: float, order: int = 4, btype: str = "low",
             axis: int = -1) -> np.ndarray:
    """Zero-lag Butterworth filter of x along `axis`, sampled at fs_hz (Hz), cutoff_hz (Hz).

    `order` is the order of the zero-lag result, as in the biomechanics literature: order=4 is a
    2nd-order design run forward and backward, i.e. scipy.signal.filtfilt(*butter(2, ...), x).
    It must be even. NaN samples split the series into runs filtered on their own (they stay
    NaN). Returns a new float64 array of x's shape."""
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)):
        raise TypeError(f"order must be an int, got {type(order).__name__}")
    if order < 2 or order % 2:
        raise InvalidArgumentError(
            f"order {order}: the zero-lag order must be even and >= 2 (a design of order/2 "
            "run forward and backward)"
        )
    filt = _design(order // 2, cutoff_hz, fs_hz, btype)
    arr = as_doubles(x, "x")
    if arr.ndim == 0 or arr.size == 0:
        raise InvalidArgumentError(f"x must hold at least one sample, got shape {arr.shape}")
    moved = np.ascontiguousarray(np.moveaxis(arr, axis, -1))
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(rows)
    L = _lib.lib()
    for k in range(rows.shape[0]):
        check(L.gait_filtfilt(C.byref(filt), dptr(rows[k]), dptr(out[k]), rows.shape[1]))
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def dominant_frequency(x, fs_hz: float, band_hz: Tuple[float, float]) -> float:
    """Frequency (Hz) of the highest spectral peak of the 1-D series x (sampled at fs_hz, Hz)
    within band_hz = (low, high) Hz, refined between bins (see gait/spectrum.h). x must be finite.
    Raises NoDataError for a constant series or no power in the band."""
    arr = as_doubles(x, "x", ndim=1)
    try:
        low, high = (float(v) for v in band_hz)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"band_hz must be (low_hz, high_hz), got {band_hz!r}") from None
    out = C.c_double()
    check(_lib.lib().gait_dominant_frequency(dptr(arr), arr.size, float(fs_hz), low, high, None,
                                             C.byref(out)))
    return out.value
