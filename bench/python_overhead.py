#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Python-vs-C overhead of analyze(): best of N wall times of libgait.analyze(FILE) (open, analyse,
copy every step and the summary into Python objects, free) against bench_analyze (the same work
in-process from C) and against the same C calls made through ctypes without building Python
results.
    /usr/bin/python3 bench/python_overhead.py build/release FILE.c3d [N]"""
import ctypes as C
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.path.insert(0, HERE)

from run_bench import best_time  # noqa: E402  (best of N wall times)


def main(argv):
    build, path = argv[1], argv[2]
    n = int(argv[3]) if len(argv) > 3 else 50
    os.environ.setdefault("LIBGAIT_PATH", os.path.join(build, "src"))
    import libgait
    from libgait import _lib, _structs as S

    L = _lib.lib()

    def raw():
        c3d, trial = C.c_void_p(), C.c_void_p()
        _lib.check(L.gait_c3d_open(os.fsencode(path), C.byref(c3d)))
        inputs = S.AnalyzeInputs(c3d=c3d.value)
        settings = L.gait_analyze_settings_default()
        _lib.check(L.gait_analyze(C.byref(inputs), C.byref(settings), C.byref(trial)))
        summary = S.TrialSummary()
        L.gait_trial_get_summary(trial.value, C.byref(summary))
        L.gait_trial_free(trial.value)
        L.gait_c3d_close(c3d.value)

    libgait.analyze(path)
    out = subprocess.run([os.path.join(build, "bench", "bench_analyze"), str(n), "0", path],
                         capture_output=True, text=True, check=True).stdout
    c_s = float(out.split()[1])
    py_s = best_time(lambda: libgait.analyze(path), n)
    raw_s = best_time(raw, n)
    print(f"C bench_analyze          {c_s * 1e3:8.3f} ms")
    print(f"ctypes, C calls only     {raw_s * 1e3:8.3f} ms")
    print(f"libgait.analyze()        {py_s * 1e3:8.3f} ms  (+{(py_s - c_s) * 1e3:.3f} ms, "
          f"{100 * (py_s / c_s - 1):.0f} % over C)")


if __name__ == "__main__":
    main(sys.argv)
