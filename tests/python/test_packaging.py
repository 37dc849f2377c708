# SPDX-License-Identifier: GPL-3.0-or-later
"""`pip install --no-build-isolation ./python` works offline with Debian's setuptools, and the
installed package finds the library through LIBGAIT_PATH."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, data


@pytest.mark.skipif(shutil.which("pip3") is None and not os.path.exists("/usr/lib/python3/dist-packages/pip"),
                    reason="pip is not installed")
def test_offline_pip_install(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(os.path.join(ROOT, "python"), source,
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    target = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
         "--quiet", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    env = dict(os.environ, PYTHONPATH=str(target))
    if "LIBGAIT_PATH" not in env:
        pytest.skip("LIBGAIT_PATH not set: run through meson test")
    env["LIBGAIT_PATH"] = os.path.abspath(env["LIBGAIT_PATH"])  # the check runs elsewhere
    check = subprocess.run(
        [sys.executable, "-c",
         "import libgait, sys; t = libgait.analyze(sys.argv[1]); print(libgait.__file__, len(t.steps))",
         data("overground_rearfoot.c3d")],
        capture_output=True, text=True, timeout=120, env=env, cwd=str(tmp_path))
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(str(target)) and check.stdout.split()[-1] == "3"
