# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters, dominant frequency and stance detection against scipy and known answers."""
import numpy as np
import pytest
import scipy.signal

import libgait


@pytest.fixture
def noisy():
    rng = np.random.default_rng(7)
    t = np.arange(2000) / 1000.0
    return np.sin(2 * np.pi * 3 * t) + 0.3 * rng.standard_normal(t.size)


@pytest.mark.parametrize("order,cutoff,btype", [(4, 15.0, "low"), (2, 40.0, "low"),
                                                (6, 5.0, "low"), (4, 20.0, "high")])
def test_filtfilt_equals_scipy(noisy, order, cutoff, btype):
    """order is the zero-lag order: order 4 = scipy butter(2) run by filtfilt."""
    ours = libgait.filtfilt(noisy, 1000.0, cutoff, order=order, btype=btype)
    b, a = scipy.signal.butter(order // 2, cutoff, btype=btype, fs=1000.0)
    theirs = scipy.signal.filtfilt(b, a, noisy)
    assert np.max(np.abs(ours - theirs)) < 1e-9


def test_filtfilt_list_input_2d_axis_and_nan_runs(noisy):
    x2 = np.stack([noisy, 2 * noisy])
    out = libgait.filtfilt(x2.tolist(), 1000.0, 15.0)
    assert out.shape == (2, 2000)
    assert np.allclose(out[1], 2 * out[0], atol=1e-9)
    cols = libgait.filtfilt(x2.T, 1000.0, 15.0, axis=0)
    assert np.allclose(cols.T, out, atol=1e-12)
    gap = noisy.copy()
    gap[1000:1010] = np.nan
    filtered = libgait.filtfilt(gap, 1000.0, 15.0)
    assert np.isnan(filtered[1000:1010]).all() and np.isfinite(filtered[:1000]).all()


def test_butter_equals_scipy():
    for order, cutoff, btype in [(2, 15.0, "low"), (4, 6.0, "high"), (1, 100.0, "low")]:
        b, a = libgait.butter(order, cutoff, 1000.0, btype)
        sb, sa = scipy.signal.butter(order, cutoff, btype=btype, fs=1000.0)
        assert np.allclose(b, sb, rtol=1e-12, atol=1e-15)
        assert np.allclose(a, sa, rtol=1e-12, atol=1e-15)


def test_dominant_frequency_of_a_sine():
    t = np.arange(3000) / 200.0
    f = libgait.dominant_frequency(np.sin(2 * np.pi * 2.87 * t), 200.0, (1.0, 5.0))
    assert abs(f - 2.87) < 0.01


def test_detect_stance_on_a_simulated_plate():
    with libgait.simulate(n_steps=6, force_noise_n=0.0) as sim:
        plates = sim.c3d.plates()
        rate = sim.c3d.analog_rate_hz
        t0 = (sim.c3d.first_frame - 1) / sim.c3d.point_rate_hz
        for truth in [t for t in sim.steps if t.plate is not None]:
            fz = plates[truth.plate - 1].force_n[:, 2]
            stances = libgait.detect_stance(fz, rate, threshold_n=20)
            assert stances.shape == (1, 2) and stances.dtype == np.int64
            ic, to = t0 + stances[0] / rate
            assert abs(ic - truth.ic_s) <= 2 / rate and abs(to - truth.to_s) <= 2 / rate
    assert libgait.detect_stance(np.zeros(500), 1000.0).shape == (0, 2)
