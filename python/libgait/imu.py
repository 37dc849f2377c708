# SPDX-License-Identifier: GPL-3.0-or-later
"""Gait events from one foot- or shank-worn IMU (gait/imu.h): in batch (imu_events) or streaming
(Stream, fixed memory). Input: acc in m/s² (gravity included) and gyr in rad/s, (n, 3) each, in
the sensor's own axes; the mounting is found automatically."""
from __future__ import annotations

import collections
import ctypes as C
import weakref
from typing import Iterator, List, Optional

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import as_doubles, check, dptr
from .analysis import Step
from .errors import InvalidArgumentError

_PLACEMENTS = {"foot": 0, "shank": 1}
_SIDES = {None: -1, "right": 0, "left": 1}
_ACTIVITIES = ("unknown", "walking", "running")


def imu_settings(fs_hz: float, placement: str = "foot", side: Optional[str] = None,
                 t0_s: float = 0.0, sensor_to_segment=None) -> S.ImuSettings:
    """gait_imu_settings: rate fs_hz (Hz), placement "foot"|"shank", side "left"|"right"|None,
    t0_s (s) the time of sample 0, sensor_to_segment a 3x3 rotation (sensor axes to segment axes:
    x anterior, y left, z up) to skip the automatic alignment."""
    if placement not in _PLACEMENTS:
        raise InvalidArgumentError(f"placement must be 'foot' or 'shank', got {placement!r}")
    if side not in _SIDES:
        raise InvalidArgumentError(f"side must be 'left', 'right' or None, got {side!r}")
    s = _lib.lib().gait_imu_settings_default()
    s.rate_hz = float(fs_hz)
    s.t0_s = float(t0_s)
    s.placement = _PLACEMENTS[placement]
    s.side = _SIDES[side]
    if sensor_to_segment is not None:
        r = as_doubles(sensor_to_segment, "sensor_to_segment").reshape(-1)
        if r.size != 9:
            raise InvalidArgumentError("sensor_to_segment must be a 3x3 rotation")
        s.use_mount = 1
        s.sensor_to_segment[:] = list(r)
    return s


def imu_events(acc, gyr, fs_hz: float, placement: str = "foot", side: Optional[str] = None,
               t0_s: float = 0.0) -> List[Step]:
    """Every step of one sensor's recording: acc (n, 3) m/s², gyr (n, 3) rad/s at fs_hz (Hz).
    Steps have events_from "imu", ic_s, to_s, contact_time_s, stride_time_s, swing_time_s (s),
    foot_strike_angle_deg and strike_pattern (foot IMU); other fields None."""
    a = as_doubles(acc, "acc", ndim=2, shape_tail=(3,))
    g = as_doubles(gyr, "gyr", ndim=2, shape_tail=(3,))
    if a.shape != g.shape:
        raise InvalidArgumentError(f"acc {a.shape} and gyr {g.shape} must have the same shape")
    settings = imu_settings(fs_hz, placement, side, t0_s)
    L = _lib.lib()
    steps_p = C.POINTER(S.Step)()
    count = C.c_size_t()
    check(L.gait_imu_steps(dptr(a), dptr(g), a.shape[0], C.byref(settings), C.byref(steps_p),
                           C.byref(count)))
    try:
        return [_imu_step(steps_p[k]) for k in range(count.value)]
    finally:
        L.gait_imu_steps_free(steps_p)


def _imu_step(s: S.Step) -> Step:
    step = Step._from_c(s)
    step.events_from = "imu"
    return step


class Stream:
    """A streaming IMU event detector with fixed memory (gait_stream):

        with libgait.Stream(rate_hz=200, placement="foot") as stream:
            for chunk in chunks:             # (n, 6): acc xyz m/s², gyr xyz rad/s
                stream.push(chunk)
                for step in stream:          # the steps finished so far (consumed)
                    print(step.ic_s)
            stream.finish()
            remaining = list(stream)

    Settings: an ImuSettings struct from imu_settings(), or keyword arguments of imu_settings()
    (rate_hz/fs_hz, placement, side, t0_s, sensor_to_segment). The C stream is freed by close(),
    the with block or a finalizer."""

    # Largest chunk handed to the C stream at once, seconds of samples: finished steps are drained
    # after each, so the C queue (GAIT_STREAM_QUEUE = 32 steps) never overflows.
    CHUNK_S = 5.0

    def __init__(self, settings: Optional[S.ImuSettings] = None, **kwargs) -> None:
        if settings is None:
            rate = kwargs.pop("rate_hz", kwargs.pop("fs_hz", None))
            if rate is None:
                raise InvalidArgumentError("Stream needs rate_hz (Hz)")
            settings = imu_settings(rate, **kwargs)
        elif isinstance(settings, dict):
            return self.__init__(None, **settings, **kwargs)
        elif not isinstance(settings, S.ImuSettings):
            raise TypeError("settings must come from libgait.imu_settings() or be a dict")
        L = _lib.lib()
        handle = C.c_void_p()
        check(L.gait_stream_create(C.byref(settings), C.byref(handle)))
        self._handle = handle.value
        self._finalizer = weakref.finalize(self, L.gait_stream_destroy, handle.value)
        self._rate_hz = settings.rate_hz
        self._ready = collections.deque()

    def close(self) -> None:
        """Free the C stream now (idempotent)."""
        self._finalizer()
        self._handle = None

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _h(self) -> int:
        if self._handle is None:
            raise ValueError("the stream is closed")
        return self._handle

    def _drain(self) -> None:
        L, h = _lib.lib(), self._h()
        step = S.Step()
        while L.gait_stream_pop_step(h, C.byref(step)) == 0:
            self._ready.append(_imu_step(step))

    def push(self, samples) -> int:
        """Push (n, 6) samples: acc x y z (m/s²), gyr x y z (rad/s). Returns how many finished
        steps are now waiting (iterate the stream to take them)."""
        arr = as_doubles(samples, "samples", ndim=2, shape_tail=(6,))
        L, h = _lib.lib(), self._h()
        chunk = max(1, int(self.CHUNK_S * self._rate_hz))
        for start in range(0, arr.shape[0], chunk):
            part = arr[start:start + chunk]
            check(L.gait_stream_push(h, dptr(part), part.shape[0]))
            self._drain()
        return len(self._ready)

    def finish(self) -> int:
        """End of the data: finish the last steps. Returns how many steps are waiting."""
        check(_lib.lib().gait_stream_finish(self._h()))
        self._drain()
        return len(self._ready)

    def __iter__(self) -> Iterator[Step]:
        return self

    def __next__(self) -> Step:
        if not self._ready:
            raise StopIteration
        return self._ready.popleft()

    @property
    def memory_bytes(self) -> int:
        """Bytes the C stream holds (fixed at creation)."""
        return _lib.lib().gait_stream_memory_bytes(self._h())

    @property
    def dropped_steps(self) -> int:
        return _lib.lib().gait_stream_dropped_steps(self._h())

    @property
    def activity(self) -> str:
        """"unknown", "walking" or "running" (the current or last bout)."""
        a = _lib.lib().gait_stream_activity(self._h())
        return _ACTIVITIES[a] if 0 <= a < 3 else "unknown"

    @property
    def alignment(self) -> Optional[np.ndarray]:
        """The 3x3 sensor-to-segment rotation found, or None while unknown."""
        r = np.empty(9)
        known = _lib.lib().gait_stream_alignment(self._h(), dptr(r))
        return r.reshape(3, 3) if known else None
