# SPDX-License-Identifier: GPL-3.0-or-later
"""C3D files (gait/c3d.h, gait/c3d_plates.h): markers, analog channels, events and force plates.

Every array returned is a copy owned by numpy (read-only, made once on first access and cached),
so it stays valid after the file is closed. Units are SI: metres, seconds, N, N·m."""
from __future__ import annotations

import ctypes as C
import os
import weakref
from dataclasses import dataclass
from typing import List, Optional, Union

import numpy as np

from . import _lib
from . import _structs as S
from ._lib import check, dptr, text


@dataclass(frozen=True)
class Event:
    """One C3D event: label (e.g. "Foot Strike"), context (e.g. "Right"), description, time_s on
    the file's clock (seconds), from_header (True: a header event without context)."""

    label: str
    context: str
    description: str
    time_s: float
    from_header: bool


@dataclass(frozen=True)
class Plate:
    """Ground reaction of one force plate at every analog sample, lab frame, on the subject.

    force_n (n, 3) N; moment_nm (n, 3) N·m about the centre of the working surface; cop_m (n, 3) m,
    NaN where the normal force is below the COP threshold (20 N by default); free_moment_nm (n,)
    N·m about the surface normal at the COP (NaN there too); corners_m (4, 3) m; rate_hz the
    analog rate; number 1-based; type the C3D FORCE_PLATFORM:TYPE. Copies."""

    number: int
    type: int
    corners_m: np.ndarray
    rate_hz: float
    force_n: np.ndarray
    moment_nm: np.ndarray
    cop_m: np.ndarray
    free_moment_nm: np.ndarray


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class C3D:
    """An open C3D recording, from a path or from the bytes of a file.

        with libgait.C3D("trial.c3d") as c3d:
            xyz = c3d.points            # (frames, markers, 3) float64, metres, NaN = missing
            fz = c3d.plates()[0].force_n[:, 2]

    The handle is released by close() (or the with block), else by a finalizer when the object is
    garbage-collected. Arrays and lists are copies (cached, read-only), valid after close().
    Different threads may use different C3D objects at once; share one only for reading."""

    def __init__(self, path_or_bytes: Union[str, os.PathLike, bytes, bytearray, memoryview]):
        L = _lib.lib()
        handle = C.c_void_p()
        if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
            data = bytes(path_or_bytes)
            self.name = "<bytes>"
            status = L.gait_c3d_open_memory(data, len(data), b"<bytes>", C.byref(handle))
        else:
            encoded = _lib.encode_path(path_or_bytes)
            self.name = os.fsdecode(encoded)
            status = L.gait_c3d_open(encoded, C.byref(handle))
        check(status)
        self._setup(handle.value, owner=None)

    @classmethod
    def _borrowed(cls, handle: int, owner, name: str) -> "C3D":
        """A view of a handle owned by `owner` (e.g. a Simulation), which it keeps alive."""
        self = cls.__new__(cls)
        self.name = name
        self._setup(handle, owner=owner)
        return self

    def _setup(self, handle: int, owner) -> None:
        self._handle = handle
        self._owner = owner
        self._cache = {}
        if owner is None:
            self._finalizer = weakref.finalize(self, _lib.lib().gait_c3d_close, handle)
        else:
            self._finalizer = None
        info = S.C3DInfo()
        check(_lib.lib().gait_c3d_get_info(handle, C.byref(info)))
        self._info = info

    # ---- lifetime ----

    def close(self) -> None:
        """Release the C handle now (idempotent). Cached arrays stay usable."""
        if self._finalizer is not None:
            self._finalizer()
        self._handle = None
        self._owner = None

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> "C3D":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.n_frames} frames, {len(self.labels)} markers"
        return f"<libgait.C3D {self.name!r}: {state}>"

    def _h(self) -> int:
        if self._handle is None:
            raise ValueError(f"{self.name}: the C3D file is closed")
        return self._handle

    def _cached(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # ---- summary ----

    @property
    def point_rate_hz(self) -> float:
        """Marker frames per second (Hz)."""
        return self._info.point_rate_hz

    @property
    def analog_rate_hz(self) -> float:
        """Analog samples per second per channel (Hz)."""
        return self._info.analog_rate_hz

    @property
    def n_frames(self) -> int:
        return self._info.n_frames

    @property
    def first_frame(self) -> int:
        """1-based number of the first frame; frame k (0-based) is at (first_frame - 1 + k) /
        point_rate_hz seconds."""
        return self._info.first_frame

    @property
    def info(self) -> dict:
        """The gait_c3d_info fields as a dict (rates in Hz, point_units_m in metres per unit)."""
        i = self._info
        out = {name: getattr(i, name) for name, _ in S.C3DInfo._fields_}
        out["point_units"] = text(i.point_units)
        out["processor"] = {1: "intel", 2: "dec", 3: "mips"}.get(i.processor, str(i.processor))
        out["storage"] = {1: "int16", 2: "float"}.get(i.storage, str(i.storage))
        return out

    @property
    def time_s(self) -> np.ndarray:
        """(frames,) time of each marker frame on the file's clock, seconds."""
        i = self._info
        return self._cached(
            "time",
            lambda: _frozen((i.first_frame - 1 + np.arange(i.n_frames)) / i.point_rate_hz),
        )

    @property
    def warnings(self) -> List[str]:
        """Quirks resolved while reading (copies of the C strings)."""

        def make():
            L, h = _lib.lib(), self._h()
            return [text(L.gait_c3d_warning(h, k)) for k in range(self._info.n_warnings)]

        return list(self._cached("warnings", make))

    @property
    def body_mass_kg(self) -> Optional[float]:
        """The subject's mass stored in the file (kg), or None."""
        value = C.c_double()
        status = _lib.lib().gait_c3d_body_mass_kg(self._h(), C.byref(value))
        return value.value if status == 0 else None

    # ---- points ----

    @property
    def labels(self) -> List[str]:
        """Marker labels, e.g. "LHEE" (copies)."""

        def make():
            L, h = _lib.lib(), self._h()
            return [text(L.gait_c3d_point_label(h, k)) for k in range(self._info.n_points)]

        return list(self._cached("labels", make))

    def _read_points(self):
        L, h = _lib.lib(), self._h()
        m, n = self._info.n_points, self._info.n_frames
        xyz = np.empty((m, n, 3))
        res = np.empty((m, n))
        for k in range(m):
            check(L.gait_c3d_get_point(h, k, dptr(xyz[k]), dptr(res[k])))
        return (
            _frozen(np.ascontiguousarray(xyz.transpose(1, 0, 2))),
            _frozen(np.ascontiguousarray(res.T)),
        )

    @property
    def points(self) -> np.ndarray:
        """(frames, markers, 3) float64 marker positions in the lab frame, metres; NaN where a
        marker is missing. A read-only copy (np.array(...) for a writable one)."""
        return self._cached("points", self._read_points)[0]

    @property
    def residuals(self) -> np.ndarray:
        """(frames, markers) marker residuals, metres; NaN where missing. A read-only copy."""
        return self._cached("points", self._read_points)[1]

    def point(self, label: str) -> np.ndarray:
        """(frames, 3) trajectory of the marker called `label` (a "Subject:" prefix is ignored)."""
        labels = self.labels
        for k, name in enumerate(labels):
            if name == label or name.split(":")[-1] == label:
                return self.points[:, k, :]
        raise KeyError(f"{self.name}: no marker {label!r}")

    # ---- analog ----

    @property
    def analog_labels(self) -> List[str]:
        """Analog channel labels (copies)."""

        def make():
            L, h = _lib.lib(), self._h()
            return [text(L.gait_c3d_analog_label(h, k)) for k in range(self._info.n_analog_channels)]

        return list(self._cached("analog_labels", make))

    @property
    def analog_units(self) -> List[str]:
        """Unit of each analog channel as stored (e.g. "N", "Nmm", "V")."""

        def make():
            L, h = _lib.lib(), self._h()
            return [text(L.gait_c3d_analog_unit(h, k)) for k in range(self._info.n_analog_channels)]

        return list(self._cached("analog_units", make))

    @property
    def analog(self) -> np.ndarray:
        """(channels, samples) float64 analog data in each channel's own units (analog_units),
        after ANALOG:SCALE/OFFSET/GEN_SCALE. A read-only copy."""

        def make():
            L, h = _lib.lib(), self._h()
            n = self._info.n_frames * self._info.analog_samples_per_frame
            out = np.empty((self._info.n_analog_channels, n))
            for k in range(out.shape[0]):
                check(L.gait_c3d_get_analog(h, k, dptr(out[k])))
            return _frozen(out)

        return self._cached("analog", make)

    # ---- events ----

    @property
    def events(self) -> List[Event]:
        """Events in the order stored (plain frozen dataclasses: label, context, description,
        time_s, from_header)."""

        def make():
            L, h = _lib.lib(), self._h()
            out = []
            for k in range(self._info.n_events):
                e = S.C3DEvent()
                check(L.gait_c3d_get_event(h, k, C.byref(e)))
                out.append(
                    Event(text(e.label), text(e.context), text(e.description), e.time_s,
                          bool(e.from_header))
                )
            return out

        return list(self._cached("events", make))

    # ---- force plates ----

    def plates(self, cop_threshold_n: float = 20.0) -> List[Plate]:
        """Every force plate's ground reaction in the lab frame at the analog rate (copies; see
        Plate). cop_threshold_n: COP and free moment are NaN below this normal force (N)."""

        def make():
            L, h = _lib.lib(), self._h()
            n = self._info.n_frames * self._info.analog_samples_per_frame
            settings = L.gait_plate_settings_default()
            settings.cop_threshold_n = float(cop_threshold_n)
            out = []
            for p in range(self._info.n_force_platforms):
                desc = S.ForcePlate()
                check(L.gait_c3d_get_force_plate(h, p, C.byref(desc), None, None))
                force, moment, cop = np.empty((n, 3)), np.empty((n, 3)), np.empty((n, 3))
                free = np.empty(n)
                check(
                    L.gait_c3d_plate_wrench(
                        h, p, C.byref(settings), dptr(force), dptr(moment), dptr(cop), dptr(free)
                    )
                )
                corners = np.array([[c.x, c.y, c.z] for c in desc.corners_m])
                out.append(
                    Plate(p + 1, desc.type, _frozen(corners), self._info.analog_rate_hz,
                          _frozen(force), _frozen(moment), _frozen(cop), _frozen(free))
                )
            return out

        return list(self._cached(("plates", float(cop_threshold_n)), make))
