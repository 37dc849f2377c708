# SPDX-License-Identifier: GPL-3.0-or-later
"""data/ is the simulator's own output: data/regenerate.sh run now must give the committed bytes,
and the truth files must describe running (the magnitudes the simulator is built to)."""
import filecmp
import json
import os
import subprocess

import pytest

GAIT = os.environ.get("GAIT_EXE")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")


def data_files():
    return sorted(f for f in os.listdir(DATA)
                  if f.endswith((".c3d", ".csv", ".json")))


def test_regenerate_gives_the_committed_bytes(tmp_path):
    subprocess.run(["bash", os.path.join(DATA, "regenerate.sh"), GAIT, str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    files = data_files()
    assert len(files) == 8
    assert sorted(os.listdir(tmp_path)) == files
    for name in files:
        assert filecmp.cmp(os.path.join(DATA, name), tmp_path / name, shallow=False), name


@pytest.mark.parametrize("name", ["overground_rearfoot", "treadmill_forefoot"])
def test_truth_describes_running(name):
    with open(os.path.join(DATA, name + "_truth.json")) as f:
        truth = json.load(f)
    assert truth["synthetic"] is True
    steps = truth["steps"]
    assert [s["side"] for s in steps[:2]] == ["right", "left"]
    for s in steps:
        assert 0.2 <= s["contact_time_s"] <= 0.3
        assert 2.2 <= s["peak_vertical_grf_bw"] <= 3.0
        assert 0.05 <= s["peak_inversion_moment_nm_kg"] <= 0.6
    for s in steps[:-1]:
        assert 160 <= s["cadence_steps_per_min"] <= 185
        assert s["flight_time_s"] > 0


def test_files_read_back_through_gait_info():
    for name in data_files():
        if name.endswith(".json"):
            continue
        result = subprocess.run([GAIT, "info", "--json", os.path.join(DATA, name)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        info = json.loads(result.stdout)
        assert info.get("warnings", []) == []
