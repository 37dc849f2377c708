#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a numpy/scipy user would write instead of `gait analyze`: read the C3D (the project's
independent pure-numpy reader from tests/ref/make_plate_refs.py), plate wrenches in the lab frame,
low-pass, threshold the vertical force, and per step compute contact time, peak vertical force,
loading rate (20-80 % of the first peak), braking/propulsive impulses and the strike index from the
heel/toe markers. Used by bench/run_bench.py for the side-by-side timing; `analyze(path)` returns
the steps so the two can also be compared."""
import os
import sys

import numpy as np
from scipy import signal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "ref"))
import make_plate_refs as c3dref  # noqa: E402

THRESHOLD_N = 20.0
G = 9.81


def points(c3d):
    """Marker trajectories (n_frames x n_points x 3, metres) and their labels."""
    n_points = int(c3d.number("POINT", "USED", c3d.header_points))
    n_channels = int(c3d.number("ANALOG", "USED", 0))
    per_frame = c3d.header_analog_per_frame // n_channels if n_channels else 0
    is_float = c3d.number("POINT", "SCALE", 1.0) < 0
    word = 4 if is_float else 2
    frame_words = 4 * n_points + n_channels * per_frame
    start = (int(c3d.number("POINT", "DATA_START", c3d.header_data_block)) - 1) * 512
    n_frames = min((len(c3d.bytes) - start) // (frame_words * word),
                   c3d.header_last_frame - c3d.header_first_frame + 1)
    raw = c3d.bytes[start:start + n_frames * frame_words * word]
    if is_float:
        values = c3d._floats(raw)
    else:
        values = np.frombuffer(raw, dtype=c3d.endian + "i2").astype(np.float64)
        values = values * abs(c3d.number("POINT", "SCALE", 1.0))
    xyzr = values.reshape(n_frames, frame_words)[:, :4 * n_points].reshape(n_frames, n_points, 4)
    xyz = xyzr[:, :, :3] * c3d.point_unit_m()
    xyz[xyzr[:, :, 3] < 0] = np.nan
    return xyz, [s.strip() for s in c3d.strings("POINT", "LABELS")][:n_points]


def contacts(vertical):
    loaded = vertical > THRESHOLD_N
    edges = np.flatnonzero(np.diff(loaded.astype(np.int8)))
    starts = edges[::2] + 1 if loaded[0] == 0 else np.r_[0, edges[1::2] + 1]
    ends = edges[1::2] + 1 if loaded[0] == 0 else edges[::2] + 1
    return [(s, e) for s, e in zip(starts, ends) if e - s > 10 and vertical[s:e].max() > 200]


def analyze(path, cutoff_hz=50.0):
    c3d = c3dref.C3D(path)
    rate = c3d.number("ANALOG", "RATE", 1000.0)
    point_rate = c3d.number("POINT", "RATE", 100.0)
    xyz, labels = points(c3d)
    mass = c3d.number("PROCESSING", "Bodymass", 70.0)
    weight = mass * G
    b, a = signal.butter(2, cutoff_hz, fs=rate)
    steps = []
    for force, _, cop, _, _ in c3dref.plate_wrenches(c3d):
        vertical_axis = int(np.argmax(np.abs(np.nanmean(force, axis=0))))
        sign = np.sign(np.nanmean(force[:, vertical_axis]))
        vertical = signal.filtfilt(b, a, sign * force[:, vertical_axis])
        for start, end in contacts(vertical):
            fz = vertical[start:end]
            horizontal = np.delete(force[start:end], vertical_axis, axis=1)
            path_xy = np.delete(cop[start:end], vertical_axis, axis=1)
            valid = np.isfinite(path_xy[:, 0])
            direction = path_xy[valid][-1] - path_xy[valid][0]
            direction /= np.linalg.norm(direction)
            ap = horizontal @ direction
            peaks = signal.argrelmax(fz)[0]
            first = peaks[0] if len(peaks) else int(np.argmax(fz))
            lo = np.searchsorted(fz[:first], 0.2 * fz[first])
            hi = np.searchsorted(fz[:first], 0.8 * fz[first])
            loading = (fz[hi] - fz[lo]) / ((hi - lo) / rate) / weight if hi > lo else np.nan
            frame = int(round(start / rate * point_rate))
            heel = [i for i, l in enumerate(labels) if l.upper().endswith(("HEE", "HEEL"))]
            toe = [i for i, l in enumerate(labels) if l.upper().endswith("TOE")]
            strike = np.nan
            ic_cop = cop[start + np.argmax(valid)]
            if heel and toe and frame < len(xyz):
                distances = [np.nanmin(np.linalg.norm(xyz[frame, h] - ic_cop)) for h in heel]
                h = heel[int(np.nanargmin(distances))]
                t = toe[heel.index(h)] if heel.index(h) < len(toe) else toe[0]
                foot = xyz[frame, t] - xyz[frame, h]
                strike = float(np.dot(ic_cop - xyz[frame, h], foot) / np.dot(foot, foot))
            steps.append({
                "ic_s": start / rate, "to_s": end / rate, "contact_time_s": (end - start) / rate,
                "peak_vgrf_bw": fz.max() / weight, "loading_rate_bw_s": loading,
                "braking_impulse_bw_s": np.sum(np.minimum(ap, 0)) / rate / weight,
                "propulsive_impulse_bw_s": np.sum(np.maximum(ap, 0)) / rate / weight,
                "strike_index": strike,
            })
    steps.sort(key=lambda s: s["ic_s"])
    ics = [s["ic_s"] for s in steps]
    cadence = 60.0 / np.mean(np.diff(ics)) if len(ics) > 1 else np.nan
    return steps, cadence


if __name__ == "__main__":
    found, cadence = analyze(sys.argv[1])
    for s in found:
        print({k: round(v, 4) for k, v in s.items()})
    print("cadence", cadence)
