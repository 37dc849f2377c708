# SPDX-License-Identifier: GPL-3.0-or-later
"""C3D arrays against an independent numpy reader (tests/ref/make_plate_refs.py's C3D class, which
does not import the project) and between path and bytes."""
import importlib.util
import os

import numpy as np
import pytest

import libgait
from conftest import ROOT, data, needs_shared, shared

EB015 = ("c3dorg-format-edgecases", "sample01", "Eb015pr.c3d")


def reference_reader():
    spec = importlib.util.spec_from_file_location(
        "make_plate_refs", os.path.join(ROOT, "tests", "ref", "make_plate_refs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_points(path):
    """Markers (frames, markers, 3) in metres, NaN where the residual word is negative, read
    straight from the bytes (float storage: x y z residual per marker; int16: times POINT:SCALE)."""
    ref = reference_reader().C3D(path)
    n_points = int(ref.number("POINT", "USED", ref.header_points))
    scale = ref.number("POINT", "SCALE", 1.0)
    is_float = scale < 0
    n_channels = int(ref.number("ANALOG", "USED", 0))
    per_frame = ref.header_analog_per_frame // n_channels if n_channels else 0
    word = 4 if is_float else 2
    frame_words = 4 * n_points + n_channels * per_frame
    start = (int(ref.number("POINT", "DATA_START", ref.header_data_block)) - 1) * 512
    n_frames = ref.header_last_frame - ref.header_first_frame + 1
    raw = ref.bytes[start:start + n_frames * frame_words * word]
    if is_float:
        values = ref._floats(raw)
    else:
        values = np.frombuffer(raw, dtype=ref.endian + "i2").astype(np.float64)
    values = values.reshape(n_frames, frame_words)[:, :4 * n_points].reshape(n_frames, n_points, 4)
    xyz = values[:, :, :3] * (1.0 if is_float else scale) * ref.point_unit_m()
    missing = values[:, :, 3] < 0  # the residual word: negative = not seen
    xyz[missing] = np.nan
    labels = ref.strings("POINT", "LABELS")[:n_points]
    return xyz, [label.strip() for label in labels], ref


@needs_shared
def test_eb015pr_points_equal_an_independent_reader():
    path = shared(*EB015)
    if not os.path.exists(path):
        pytest.skip("Eb015pr.c3d absent")
    expected, labels, ref = reference_points(path)
    with libgait.C3D(path) as c3d:
        assert c3d.points.shape == expected.shape == (450, 26, 3)
        assert c3d.labels == labels
        assert c3d.point_rate_hz == 50.0
        assert np.array_equal(np.isnan(c3d.points), np.isnan(expected))
        assert np.allclose(c3d.points, expected, rtol=0, atol=1e-9, equal_nan=True)
        analog, per_frame = ref.analog()
        assert c3d.analog.shape == analog.T.shape
        assert np.allclose(c3d.analog, analog.T, rtol=1e-12, atol=1e-9)
        assert c3d.analog_rate_hz == 200.0
        events = c3d.events
        assert [(e.label, round(e.time_s, 4)) for e in events] == [
            ("RIC", 2.72), ("RHS", 5.4), ("RTO", 7.32)]
        assert c3d.body_mass_kg == pytest.approx(82.7, abs=0.05)


@needs_shared
def test_plates_equal_the_reference_wrench():
    path = shared(*EB015)
    if not os.path.exists(path):
        pytest.skip("Eb015pr.c3d absent")
    module = reference_reader()
    expected = module.plate_wrenches(module.C3D(path))
    plates = libgait.C3D(path).plates()
    assert len(plates) == len(expected) == 2
    for plate, ref in zip(plates, expected):
        force, moment, cop, free = ref[:4]
        assert np.allclose(plate.force_n, force, rtol=1e-9, atol=1e-6)
        assert np.allclose(plate.moment_nm, moment, rtol=1e-9, atol=1e-6)
        assert np.allclose(plate.cop_m, cop, rtol=1e-9, atol=1e-9, equal_nan=True)
        assert np.allclose(plate.free_moment_nm, free, rtol=1e-9, atol=1e-6, equal_nan=True)


def test_bytes_and_path_give_the_same_arrays():
    path = data("overground_rearfoot.c3d")
    with open(path, "rb") as f:
        raw = f.read()
    a, b = libgait.C3D(path), libgait.C3D(raw)
    try:
        assert np.array_equal(a.points, b.points, equal_nan=True)
        assert np.array_equal(a.analog, b.analog, equal_nan=True)
        assert a.labels == b.labels and a.analog_labels == b.analog_labels
        assert a.events == b.events
        pa, pb = a.plates(), b.plates()
        assert len(pa) == 3
        assert np.array_equal(pa[0].force_n, pb[0].force_n)
        assert np.array_equal(pa[0].cop_m, pb[0].cop_m, equal_nan=True)
        assert not a.points.flags.writeable
    finally:
        a.close()
        b.close()
    assert a.closed
    assert a.points.shape[2] == 3  # cached copies outlive the handle
    with pytest.raises(ValueError, match="closed"):
        _ = a.residuals if "points" not in a._cache else a.analog_units


def test_simulation_truth_and_imu():
    with libgait.simulate(n_steps=8, strike="forefoot") as sim:
        assert len(sim.steps) == 8 and sim.steps[0].pattern == "forefoot"
        acc, gyr = sim.imu("foot")
        assert acc.shape == gyr.shape and acc.shape[1] == 3
        assert np.isfinite(acc).all() and np.isfinite(gyr).all()
        assert sim.c3d.points.shape[0] > 0
        points = sim.c3d.points
    with libgait.simulate(n_steps=8, strike="forefoot") as again:  # same seed, same recording
        assert np.array_equal(again.imu("foot")[0], acc)
        assert np.array_equal(again.c3d.points, points, equal_nan=True)
