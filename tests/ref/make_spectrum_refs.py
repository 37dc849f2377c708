#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the scipy.signal.welch reference files that tests/test_spectrum.c compares gait_welch against.
Run from anywhere: /usr/bin/python3 tests/ref/make_spectrum_refs.py (numpy + scipy from Debian).

Each welch_<name>.txt holds one case:
    comment lines starting with '#'
    welch <rate_hz> <segment_length> <overlap> <fft_length> <n> <bins>
    n input samples, one per line
    bins lines '<frequency Hz> <psd>'
segment_length, overlap and fft_length are gait_welch_settings fields (0 = libgait's default: half the
segment for overlap, the segment length for fft_length); they map to scipy's nperseg, noverlap=None
and nfft=None. Inputs come from numpy's seeded PCG64 and are stored with 17 significant digits, so both
sides read exactly the same doubles."""
import os
import warnings

import numpy as np
import scipy
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))


def sines_and_noise(rng, n, rate):
    t = np.arange(n) / rate
    return (3.0 + np.sin(2 * np.pi * 2.9 * t) + 0.5 * np.sin(2 * np.pi * 11.0 * t + 0.3)
            + 0.5 * rng.standard_normal(n))


def trend_and_noise(rng, n, rate):
    t = np.arange(n) / rate
    return 40.0 * t - 2.0 + np.cos(2 * np.pi * 85.0 * t) + rng.standard_normal(n)


def white(rng, n, rate):
    del rate
    return 2.0 * rng.standard_normal(n)


# name, seed, signal, rate Hz, n, segment_length, overlap, fft_length (gait settings, 0 = default)
CASES = [
    # even segment, default 50 % overlap and FFT length
    ("sines_even", 1, sines_and_noise, 100.0, 600, 128, 0, 0),
    # odd segment, explicit overlap, odd zero-padded FFT (only DC undoubled)
    ("white_odd", 2, white, 250.0, 401, 75, 20, 151),
    # even zero-padded FFT, heavy overlap, a trend that a constant detrend leaves in
    ("trend_padded", 3, trend_and_noise, 1000.0, 300, 64, 48, 100),
    # default settings on a series shorter than the 256-sample segment: scipy cuts nperseg to n
    ("short_default", 4, sines_and_noise, 30.0, 50, 256, 0, 0),
]


def main():
    for name, seed, make, rate, n, segment, overlap, fft in CASES:
        rng = np.random.default_rng(seed)
        x = make(rng, n, rate)
        x = np.array([float("%.17g" % v) for v in x])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nperseg > len(x) warns, then cuts
            freq, psd = signal.welch(x, fs=rate, window="hann", nperseg=segment,
                                     noverlap=overlap if overlap else None,
                                     nfft=fft if fft else None, detrend="constant",
                                     return_onesided=True, scaling="density", average="mean")
        path = os.path.join(HERE, "welch_%s.txt" % name)
        with open(path, "w") as out:
            out.write("# scipy %s signal.welch(x, fs, window='hann', nperseg, noverlap, nfft, "
                      "detrend='constant', scaling='density', average='mean')\n" % scipy.__version__)
            out.write("# case %s, numpy default_rng(%d), made by make_spectrum_refs.py\n" % (name, seed))
            out.write("welch %.17g %d %d %d %d %d\n" % (rate, segment, overlap, fft, n, len(freq)))
            for v in x:
                out.write("%.17g\n" % v)
            for f, p in zip(freq, psd):
                out.write("%.17g %.17g\n" % (f, p))
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
