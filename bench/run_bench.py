#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Side-by-side throughput of libgait against what a user would otherwise run (numpy/scipy), in one
run on the same data. Usage: /usr/bin/python3 bench/run_bench.py [BUILD_DIR]  (default build/release).
Times are the best of several repeats (wall clock); ratios above 1 mean libgait is faster."""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipy import signal

REPEATS = 7


def best_time(fn, repeats=REPEATS):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_filtfilt(build_dir, n=1_000_000, rate_hz=1000.0, order=4, cutoff_hz=15.0):
    rng = np.random.default_rng(7)
    t = np.arange(n) / rate_hz
    x = np.sin(2 * np.pi * 2.9 * t) + 0.3 * rng.standard_normal(n)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.f64"), os.path.join(tmp, "out.f64")
        x.astype("<f8").tofile(src)
        exe = os.path.join(build_dir, "bench", "bench_filtfilt")
        out = subprocess.run([exe, src, dst, str(rate_hz), str(order), str(cutoff_hz), str(REPEATS)],
                             check=True, capture_output=True, text=True).stdout.split()
        c_seconds = float(out[out.index("seconds") + 1])
        y_c = np.fromfile(dst, dtype="<f8")
    b, a = signal.butter(order, cutoff_hz, fs=rate_hz)
    y_py = signal.filtfilt(b, a, x)
    py_seconds = best_time(lambda: signal.filtfilt(b, a, x))
    rel = np.max(np.abs(y_c - y_py)) / np.max(np.abs(y_py))
    return {
        "name": f"filtfilt order {order}, {cutoff_hz:g} Hz @ {rate_hz:g} Hz, {n} samples",
        "libgait": n / c_seconds, "reference": n / py_seconds, "unit": "samples/s",
        "reference_name": "scipy.signal.filtfilt", "agreement": rel,
    }


LARGEST_C3D = [
    "c3dorg-gait-reference/sample_17/128analogchannels.c3d",
    "c3dorg-gait-reference/sample_00/codamotion_gaitwands_20150204.c3d",
    "c3dorg-gait-reference/sample_23/Vicon_analysis.c3d",
    "nimble-sprint-c3d/edge_cases/Return11_c3dfile1.c3d",
]


def bench_c3d_read(build_dir, shared):
    """Full decode of the largest corpus C3D files against `cat FILE > /dev/null` of the same bytes,
    both from the page cache (each is run once before timing)."""
    files = [os.path.join(shared, f) for f in LARGEST_C3D]
    files = [f for f in files if os.path.exists(f)]
    if not files:
        return None
    exe = os.path.join(build_dir, "bench", "bench_c3d_read")
    out = subprocess.run([exe, str(REPEATS), *files], check=True, capture_output=True,
                         text=True).stdout.split()
    total = float(out[out.index("bytes") + 1])
    c_seconds = float(out[out.index("seconds") + 1])

    def cat():
        subprocess.run(["cat", *files], check=True, stdout=subprocess.DEVNULL)
    cat()
    cat_seconds = best_time(cat)
    return {
        "name": f"C3D read, {len(files)} largest corpus files, {total / 1e6:.1f} MB",
        "libgait": total / c_seconds / 1e6, "reference": total / cat_seconds / 1e6,
        "unit": "MB/s", "reference_name": "cat FILE > /dev/null", "agreement": None,
    }


def bench_analyze(build_dir, shared):
    """gait analyze's work in-process per trial against bench/analyze_numpy.py doing the same
    (read plates, low-pass at 50 Hz, threshold, per-step markers), on JA1Gait35 and on a 60 s
    simulated treadmill trial."""
    import analyze_numpy
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        gait = os.path.join(build_dir, "tools", "gait")
        subprocess.run([gait, "simulate", "--out", tmp, "--name", "treadmill60", "--treadmill",
                        "--steps", "172", "--seed", "3"], check=True, capture_output=True)
        trials = [("simulated 60 s treadmill", os.path.join(tmp, "treadmill60.c3d"))]
        sprint = os.path.join(shared, "nimble-sprint-c3d", "JA1Gait35.c3d")
        if os.path.exists(sprint):
            trials.insert(0, ("JA1Gait35 sprint, 8 plates", sprint))
        for name, path in trials:
            out = subprocess.run([os.path.join(build_dir, "bench", "bench_analyze"), str(REPEATS),
                                  "50", path], check=True, capture_output=True, text=True)
            c_seconds = float(out.stdout.split()[1])
            py_seconds = best_time(lambda: analyze_numpy.analyze(path), repeats=3)
            results.append({
                "name": f"analyze per trial: {name}", "libgait": 1.0 / c_seconds,
                "reference": 1.0 / py_seconds, "unit": "trials/s",
                "reference_name": "numpy/scipy (bench/analyze_numpy.py)", "agreement": None,
            })
    return results


def bench_ankle(build_dir, shared):
    """The whole analysis with ankle angles and inverse dynamics on JA1Gait35 (lateral markers,
    70 / 100 mm ankle / knee widths) against tests/ref/pig_ankle_reference.py's vectorised
    numpy/scipy pipeline doing read -> filter (15 Hz) -> frames -> angles -> inverse dynamics for
    every plate stance."""
    sprint = os.path.join(shared, "nimble-sprint-c3d", "JA1Gait35.c3d")
    if not os.path.exists(sprint):
        return None
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                    "ref"))
    import pig_ankle_reference
    out = subprocess.run([os.path.join(build_dir, "bench", "bench_analyze"), str(REPEATS), "0",
                          sprint, "0.07", "0.10"], check=True, capture_output=True, text=True)
    words = out.stdout.split()
    c_seconds, with_ankle = float(words[1]), int(words[5])
    stances = pig_ankle_reference.ankle_pipeline(sprint, 15.0)
    py_seconds = best_time(lambda: pig_ankle_reference.ankle_pipeline(sprint, 15.0), repeats=3)
    return {
        "name": f"analyze + ankle per trial: JA1Gait35 ({with_ankle} / {len(stances)} stances)",
        "libgait": 1.0 / c_seconds, "reference": 1.0 / py_seconds, "unit": "trials/s",
        "reference_name": "numpy/scipy (tests/ref/pig_ankle_reference.py)", "agreement": None,
    }


def bench_imu(build_dir, seconds=600, rate_hz=1000.0):
    """IMU events: SECONDS of simulated treadmill running, right foot IMU at RATE_HZ, through the
    batch API and the stream (1- and 64-sample chunks), against tests/ref/imu_events_reference.py
    (vectorised numpy/scipy: alignment + zero-phase filtering + swing lobes + IC/TC per lobe) on
    the same samples. Agreement: median |IC difference| over the steps both find."""
    import numpy as np
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                    "ref"))
    import imu_events_reference as ref
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "imu.bin")
        out = subprocess.run([os.path.join(build_dir, "bench", "bench_imu"), str(seconds),
                              str(rate_hz), str(REPEATS), path], check=True, capture_output=True,
                             text=True)
        words = out.stdout.split()
        fields = dict(zip(words[0::2], words[1::2]))
        n = int(fields["samples"])
        data = np.fromfile(path, dtype=np.float64).reshape(-1, 6)
    acc, gyr_deg = data[:, :3], np.degrees(data[:, 3:])

    def numpy_events():
        up, e, _ = ref.align(acc, gyr_deg, rate_hz)
        return ref.detect_foot(acc, gyr_deg, rate_hz, up, e)

    py_seconds = best_time(numpy_events, repeats=3)
    events = numpy_events()
    results = []
    for key, label in (("batch_s", "batch"), ("stream1_s", "stream, 1-sample pushes"),
                       ("stream64_s", "stream, 64-sample pushes")):
        results.append({
            "name": f"IMU events, {seconds} s at {rate_hz:g} Hz ({label})",
            "libgait": n / float(fields[key]), "reference": n / py_seconds,
            "unit": "samples/s",
            "reference_name": "numpy/scipy (tests/ref/imu_events_reference.py)",
            "agreement": None,
        })
    print(f"IMU stream memory {fields['memory_bytes']} bytes; steps {fields['steps']} "
          f"(numpy prototype: {len(events['ic_zc'])} swing lobes)")
    return results


def bench_batch(build_dir, shared, copies=10):
    """gait batch over the C3D corpus (each file linked COPIES times under distinct paths, so a
    run lasts long enough to time), -j 1 against -j 2, interleaved, best of 3 each."""
    gait = os.path.join(build_dir, "tools", "gait")
    files = [os.path.join(d, f) for d, _, names in os.walk(shared) for f in names
             if f.lower().endswith(".c3d")]
    if not files:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        for k in range(copies):
            for i, f in enumerate(files):
                d = os.path.join(corpus, str(k), str(i))
                os.makedirs(d)
                os.symlink(f, os.path.join(d, os.path.basename(f)))
        best = {1: float("inf"), 2: float("inf")}
        for _ in range(3):
            for jobs in (1, 2):
                out = os.path.join(tmp, f"out{jobs}")
                subprocess.run(["rm", "-rf", out], check=True)
                start = time.perf_counter()
                subprocess.run([gait, "batch", "--quiet", "-j", str(jobs), "-o", out, corpus],
                               capture_output=True)
                best[jobs] = min(best[jobs], time.perf_counter() - start)
    n = copies * len(files)
    return [{
        "name": f"gait batch, {n} C3D files (corpus x{copies}), -j 2 vs -j 1",
        "libgait": n / best[2], "reference": n / best[1], "unit": "files/s",
        "reference_name": "gait batch -j 1", "agreement": None,
    }]


def main():
    build_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("build", "release")
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
    results = [bench_filtfilt(build_dir), bench_c3d_read(build_dir, shared)]
    results += bench_analyze(build_dir, shared)
    results.append(bench_ankle(build_dir, shared))
    results += bench_imu(build_dir)
    results += bench_batch(build_dir, shared)
    results = [r for r in results if r is not None]
    print(f"{'benchmark':58s} {'libgait':>14s} {'reference':>14s} {'ratio':>7s}  agreement")
    for r in results:
        agreement = "" if r["agreement"] is None else f"max rel diff {r['agreement']:.1e} "
        print(f"{r['name']:58s} {r['libgait']:14.4g} {r['reference']:14.4g} "
              f"{r['libgait'] / r['reference']:7.2f}  {agreement}"
              f"({r['unit']}, reference {r['reference_name']})")


if __name__ == "__main__":
    main()
