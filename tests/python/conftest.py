# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures of the Python package tests. Run through meson (`meson test python`), which sets
LIBGAIT_PATH (the built shared library), GAIT_EXE (the CLI) and GAIT_SHARED_DATA; by hand:
    PYTHONPATH=python LIBGAIT_PATH=build/release/src GAIT_EXE=build/release/tools/gait \
        pytest-3 tests/python
Tests on ../shared/data skip cleanly when it is absent."""
import os
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
if os.path.join(ROOT, "python") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "python"))

SHARED = os.environ.get("GAIT_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
GAIT = os.environ.get("GAIT_EXE")

needs_shared = pytest.mark.skipif(not os.path.isdir(SHARED), reason="../shared/data is absent")
needs_cli = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")


def shared(*parts):
    return os.path.join(SHARED, *parts)


def data(name):
    return os.path.join(ROOT, "data", name)
