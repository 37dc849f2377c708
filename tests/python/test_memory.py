# SPDX-License-Identifier: GPL-3.0-or-later
"""No leak: resident memory stays flat over 10,000 iterations of C3D-from-bytes open/read/close
plus a small analysis.

Bound: RSS after the loop may exceed RSS after a 500-iteration warm-up by at most 8 MiB. The
warm-up lets the allocators (glibc arenas, numpy's cache, Python's free lists) reach their steady
state; a leak of even the smallest C object per iteration (the 232-byte info struct, a handle of
a few kB, the ~190 kB of decoded data per file) over 9,500 more iterations would add 2 MiB to
1.8 GiB, so 8 MiB catches any per-iteration leak of >= ~900 bytes while leaving room for
allocator noise."""
import os
import platform

import numpy as np
import pytest

import libgait
from conftest import data

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


@pytest.mark.skipif(platform.system() != "Linux", reason="reads /proc/self/statm")
def test_rss_is_flat_over_10000_iterations():
    with open(data("overground_rearfoot.c3d"), "rb") as f:
        raw = f.read()
    fz = None

    def once(k):
        nonlocal fz
        with libgait.C3D(raw) as c3d:
            points = c3d.points
            if fz is None:
                fz = c3d.plates()[0].force_n[:, 2].copy()
            assert points.shape[2] == 3
        if k % 10 == 0:
            stances = libgait.detect_stance(fz, 1000.0)
            assert stances.shape == (1, 2)
        if k % 100 == 0:
            trial = libgait.analyze(data("overground_rearfoot.c3d"))
            assert len(trial.steps) == 3
        libgait.filtfilt(np.arange(64.0), 100.0, 10.0)
        try:
            libgait.C3D(b"garbage" * 10)
        except libgait.GaitError:
            pass

    for k in range(500):
        once(k)
    before = rss_bytes()
    for k in range(10000):
        once(k)
    grown = rss_bytes() - before
    assert grown < 8 * 1024 * 1024, f"RSS grew by {grown / 1024:.0f} KiB over 10,000 iterations"
