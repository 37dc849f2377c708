#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the scipy reference vectors that tests/test_butterworth.c and tests/test_filtfilt.c compare
against. Run from anywhere: /usr/bin/python3 tests/ref/make_filter_refs.py (numpy + scipy from Debian).

Inputs are not stored: both sides rebuild them from the formula in test_signal() below (the C twin is
make_test_signal() in tests/test_filtfilt.c), so the committed files stay small. Outputs are stored
at every sample near the edges and the gaps, and at an even stride elsewhere."""
import math
import os

import numpy as np
import scipy
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))

# name, butterworth order, cutoff Hz, rate Hz, samples, NaN gaps [start, end)
FILTFILT_CASES = [
    ("short_o2_6hz_100hz", 2, 6.0, 100.0, 20, []),
    ("o4_6hz_100hz", 4, 6.0, 100.0, 500, []),
    ("o2_15hz_250hz", 2, 15.0, 250.0, 3000, []),
    ("o4_15hz_1000hz", 4, 15.0, 1000.0, 20000, []),
    ("o2_50hz_2000hz", 2, 50.0, 2000.0, 100000, []),
    ("o4_50hz_1500hz", 4, 50.0, 1500.0, 45000, []),
    ("o4_6hz_2000hz", 4, 6.0, 2000.0, 10000, []),
    ("gaps_o4_15hz_200hz", 4, 15.0, 200.0, 2000,
     [(0, 3), (300, 340), (1000, 1001), (1500, 1505), (1700, 1703), (1708, 1710), (1711, 1800),
      (1990, 2000)]),
]

# order, cutoff Hz, rate Hz, type
DESIGN_CASES = [(order, cutoff, rate, btype)
                for order in range(1, 9)
                for cutoff, rate in [(6.0, 100.0), (15.0, 250.0), (50.0, 2000.0), (20.0, 1000.0)]
                for btype in ("low", "high")]


def lcg_uniform(n, seed):
    """Uniform numbers in [-0.5, 0.5) from a 64-bit LCG, exactly reproducible in C."""
    state = seed
    out = np.empty(n)
    for i in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out[i] = (state >> 11) / float(1 << 53) - 0.5
    return out


def test_signal(n, rate_hz):
    t = np.arange(n) / rate_hz
    x = (1.0 * np.sin(2 * math.pi * 2.9 * t) + 0.4 * np.sin(2 * math.pi * 23.0 * t + 0.3)
         + 0.2 * np.sin(2 * math.pi * 170.0 * t) + 0.5 + 0.05 * t + 0.3 * lcg_uniform(n, 12345))
    return x


def reference_indices(n, gaps):
    keep = set(range(min(n, 64))) | set(range(max(0, n - 64), n))
    for start, end in gaps:
        keep |= set(range(max(0, start - 40), min(n, end + 40)))
    stride = max(1, n // 400)
    keep |= set(range(0, n, stride))
    return sorted(keep)


def filtfilt_with_gaps(b, a, x, order):
    y = np.full_like(x, np.nan)
    finite = np.isfinite(x)
    i = 0
    n = len(x)
    while i < n:
        if not finite[i]:
            i += 1
            continue
        j = i
        while j < n and finite[j]:
            j += 1
        padlen = min(3 * (order + 1), j - i - 1)
        y[i:j] = signal.filtfilt(b, a, x[i:j], padlen=padlen)
        i = j
    return y


def main():
    with open(os.path.join(HERE, "filtfilt_ref.txt"), "w") as out:
        out.write(f"# scipy {scipy.__version__} filtfilt(butter(order, cutoff, fs=rate), x) "
                  "with default odd padding; per case: header line, b[0..order] a[0..order], gap lines and 'index value' lines\n")
        for name, order, cutoff, rate, n, gaps in FILTFILT_CASES:
            x = test_signal(n, rate)
            for start, end in gaps:
                x[start:end] = np.nan
            b, a = signal.butter(order, cutoff, btype="low", fs=rate)
            y = filtfilt_with_gaps(b, a, x, order)
            idx = reference_indices(n, gaps)
            out.write(f"case {name} {order} {cutoff!r} {rate!r} {n} {len(gaps)} {len(idx)}\n")
            out.write(" ".join(repr(v) for v in list(b) + list(a)) + "\n")
            for start, end in gaps:
                out.write(f"{start} {end}\n")
            for i in idx:
                out.write(f"{i} {y[i]!r}\n")
    with open(os.path.join(HERE, "butter_ref.txt"), "w") as out:
        out.write(f"# scipy {scipy.__version__} butter(order, cutoff, btype, fs=rate): "
                  "order cutoff rate type(0 low, 1 high) b[0..order] a[0..order]\n")
        for order, cutoff, rate, btype in DESIGN_CASES:
            b, a = signal.butter(order, cutoff, btype=btype, fs=rate)
            values = " ".join(repr(v) for v in list(b) + list(a))
            out.write(f"{order} {cutoff!r} {rate!r} {0 if btype == 'low' else 1} {values}\n")


if __name__ == "__main__":
    main()
