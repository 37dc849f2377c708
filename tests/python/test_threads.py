# SPDX-License-Identifier: GPL-3.0-or-later
"""8 Python threads analysing different files give the same results as serial (ctypes releases
the GIL; the library is thread-safe on independent handles)."""
import os
from concurrent.futures import ThreadPoolExecutor

import libgait
from conftest import data, shared


def files():
    out = [data("overground_rearfoot.c3d"), data("treadmill_forefoot.c3d")]
    for extra in [("nimble-sprint-c3d", "JA1Gait35.c3d"),
                  ("c3dorg-format-edgecases", "sample01", "Eb015pr.c3d")]:
        if os.path.exists(shared(*extra)):
            out.append(shared(*extra))
    return out


def signature(path):
    try:
        trial = libgait.analyze(path, foot_length_m=0.26)
    except libgait.GaitError as err:
        return ("error", type(err).__name__, str(err))
    return ("ok", repr(trial.to_dict()))


def test_eight_threads_equal_serial():
    paths = [files()[k % len(files())] for k in range(16)]
    serial = [signature(p) for p in paths]
    assert any(s[0] == "ok" for s in serial)
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=8) as pool:
            parallel = list(pool.map(signature, paths))
        assert parallel == serial


def test_threads_get_their_own_error_detail():
    def fail(k):
        try:
            libgait.filtfilt([1.0] * 50, 100.0, 60.0 + k)
        except libgait.InvalidArgumentError as err:
            return err.detail
        return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        details = list(pool.map(fail, range(64)))
    for k, detail in enumerate(details):
        assert f"{60 + k:g}" in detail, detail
