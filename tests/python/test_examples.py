# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/analyze.py runs on the bundled trial and prints the study markers."""
import os
import subprocess
import sys

from conftest import ROOT


def test_python_example_prints_the_study_markers():
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    result = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "analyze.py")],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "INV Nm/kg" in lines[1] and "ER deg" in lines[1]
    assert sum(" rearfoot " in line for line in lines[2:]) == 3
    assert lines[-1].startswith("cadence 171.9 steps/min")
