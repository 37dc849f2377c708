#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the numpy reference that tests/test_derivative.c compares gait_derivative() against.
Run from anywhere: /usr/bin/python3 tests/ref/make_derivative_refs.py (numpy from Debian).

The input is a seeded random walk with NaN gaps, stored in full (it is small). The reference first
derivative is numpy.gradient(run, 1 / rate, edge_order=2) on every finite run of 3 or more samples;
shorter runs and the gaps are NaN."""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "derivative_ref.txt")

RATE_HZ = 200.0
N = 64
# [start, end) sample ranges set to NaN. They leave the finite runs [2, 20), [23, 25) (2 samples: too
# short, NaN), [26, 27) (1 sample: NaN) and [28, 64), so edges of runs are exercised at both ends.
GAPS = [(0, 2), (20, 23), (25, 26), (27, 28)]


def finite_runs(x):
    """(start, end) of each run of finite samples."""
    runs, i, n = [], 0, len(x)
    while i < n:
        while i < n and not np.isfinite(x[i]):
            i += 1
        j = i
        while j < n and np.isfinite(x[j]):
            j += 1
        if j > i:
            runs.append((i, j))
        i = j
    return runs


def main():
    rng = np.random.default_rng(20240611)
    x = np.cumsum(rng.normal(0.0, 0.01, N)) + 0.5  # a marker-like coordinate in metres
    for start, end in GAPS:
        x[start:end] = np.nan
    dxdt = np.full(N, np.nan)
    for start, end in finite_runs(x):
        if end - start >= 3:
            dxdt[start:end] = np.gradient(x[start:end], 1.0 / RATE_HZ, edge_order=2)
    with open(OUT, "w", encoding="ascii") as f:
        f.write(f"# numpy {np.__version__} gradient(run, 1/rate, edge_order=2) per finite run\n")
        f.write("# header: rate_hz n; then per sample: index x dxdt (nan for missing)\n")
        f.write(f"{RATE_HZ:.17g} {N}\n")
        for i in range(N):
            f.write(f"{i} {x[i]:.17g} {dxdt[i]:.17g}\n")


if __name__ == "__main__":
    main()
