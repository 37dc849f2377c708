# SPDX-License-Identifier: GPL-3.0-or-later
"""The gait command's contract: --help and --version, and exit status 2 on bad usage."""
import json
import os
import subprocess

import pytest

GAIT = os.environ.get("GAIT_EXE")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")


def run(*args):
    return subprocess.run([GAIT, *args], capture_output=True, text=True, timeout=60)


def test_version_names_program_and_library():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("gait ")
    assert "libgait" in result.stdout
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "meson.build")) as build:
        version = build.read().split("version : '")[1].split("'")[0]
    assert version in result.stdout


def test_help_lists_options_and_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    assert "--version" in result.stdout
    assert "Exit status" in result.stdout


@pytest.mark.parametrize("args", [[], ["--no-such-option"], ["no-such-command"]])
def test_bad_usage_exits_2_with_message(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.strip() != ""
    assert result.stdout == ""


SHARED = os.environ.get("GAIT_SHARED_DATA")
needs_shared = pytest.mark.skipif(not SHARED or not os.path.isdir(SHARED or ""),
                                  reason="../shared/data is absent")


def shared(path):
    return os.path.join(SHARED, path)


@needs_shared
def test_info_json_has_the_documented_keys():
    """Values from ../shared/data/ezc3d-testfiles/README.txt (Qualisys: 55 markers at 200 Hz, frames
    705..1044, 69 analog at 2000 Hz, 2 type-2 plates, 7 events from LHS 3.590 s)."""
    result = run("info", "--json", shared("ezc3d-testfiles/Qualisys.c3d"))
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["format"] == "c3d"
    assert info["processor"] == "intel" and info["storage"] == "float"
    assert info["points"] == {**info["points"], "count": 55, "rate_hz": 200.0, "frames": 340,
                              "first_frame": 705, "units": "mm"}
    assert info["analog"]["channels"] == 69 and info["analog"]["rate_hz"] == 2000.0
    assert [p["type"] for p in info["force_platforms"]] == [2, 2]
    assert [e["label"] for e in info["events"]] == ["LHS", "RTO", "RHS", "LTO", "LHS", "RTO", "RHS"]
    assert info["events"][0]["time_s"] == pytest.approx(3.590, abs=1e-4)


@needs_shared
def test_info_json_for_text_formats():
    trc = json.loads(run("info", "--json", shared("btk-sprint-trc/SprintMotion.trc")).stdout)
    assert trc["format"] == "trc" and trc["points"]["count"] == 59
    assert trc["points"]["frames"] == 788 and trc["points"]["rate_hz"] == 250.0
    mot = json.loads(run("info", "--json", shared("opensim-rajagopal-run/grf_run.mot")).stdout)
    assert [s["side"] for s in mot["force_sets"]] == ["r", "l"]
    imu = json.loads(run("info", "--json", "--rate", "204.8",
                         shared("gaitmap-foot-imu-walk/imu_sample.csv")).stdout)
    assert imu["imu"]["samples"] == 7928 and len(imu["imu"]["sensors"]) == 2


@needs_shared
def test_plates_csv_rows_in_the_lab_frame():
    """ezc3d's published lab-frame values for plate 1 at analog sample 1000 of Qualisys.c3d:
    F = [106.480, -66.407, 763.647] N, COP = [285.564, 303.720, 0] mm."""
    result = run("plates", "--csv", shared("ezc3d-testfiles/Qualisys.c3d"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("#") and "lab frame" in lines[0]
    assert lines[1] == "time_s,plate,fx_n,fy_n,fz_n,cop_x_m,cop_y_m,cop_z_m,tz_nm"
    row = lines[2 + 1000].split(",")
    assert float(row[0]) == pytest.approx(3.52 + 1000 / 2000.0)
    assert row[1] == "1"
    assert [float(v) for v in row[2:5]] == pytest.approx([106.480, -66.407, 763.647], abs=2e-3)
    assert [float(v) for v in row[5:8]] == pytest.approx([0.285564, 0.303720, 0.0], abs=2e-6)
    assert len(lines) == 2 + 2 * 340 * 10  # both plates are loaded


def test_bad_file_exits_1_naming_it(tmp_path):
    broken = tmp_path / "broken.c3d"
    broken.write_bytes(b"\x02\x50" + b"\x00" * 100)
    for command in ("info", "plates"):
        result = run(command, str(broken))
        assert result.returncode == 1
        assert str(broken) in result.stderr and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1


STEP_KEYS = ["side", "ic_s", "to_s", "contact_time_s", "flight_time_s", "step_time_s",
             "peak_vgrf_n", "peak_vgrf_bw", "impact_peak_bw", "loading_rate_bw_s",
             "instantaneous_loading_rate_bw_s", "braking_impulse_bw_s", "propulsive_impulse_bw_s",
             "strike_index", "strike_pattern", "foot_strike_angle_deg",
             "ankle_inversion_moment_peak_nm_kg", "ankle_eversion_moment_peak_nm_kg",
             "ankle_plantarflexion_moment_peak_nm_kg", "ankle_external_rotation_peak_deg",
             "ankle_eversion_peak_deg", "ankle_dorsiflexion_ic_deg"]


def test_analyze_json_against_the_simulator_truth():
    """data/overground_rearfoot.c3d is the simulator's: its truth JSON is the known answer (plates
    under steps 3, 4 and 6; noise as in the default settings)."""
    data = os.path.join(os.path.dirname(__file__), "..", "..", "data")
    result = run("analyze", "--json", os.path.join(data, "overground_rearfoot.c3d"))
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    for key in ("file", "body_mass_kg", "mass_source", "steps", "summary"):
        assert key in analysis
    assert analysis["body_mass_kg"] == pytest.approx(70.0)
    assert analysis["mass_source"] == "file"
    with open(os.path.join(data, "overground_rearfoot_truth.json")) as f:
        truth = [s for s in json.load(f)["steps"] if s["plate"] is not None]
    steps = analysis["steps"]
    assert len(steps) == len(truth) == 3
    for step, known in zip(steps, truth):
        assert all(key in step for key in STEP_KEYS)
        assert step["side"] == known["side"]
        assert step["ic_s"] == pytest.approx(known["ic_s"], abs=0.003)
        assert step["to_s"] == pytest.approx(known["to_s"], abs=0.007)
        assert step["strike_pattern"] == "rearfoot"
        assert step["peak_vgrf_bw"] == pytest.approx(known["peak_vertical_grf_bw"], abs=0.02)
        # the two study markers (tests/test_ankle.c holds the library to 0.5 deg, 0.01 N.m/kg)
        assert step["ankle_external_rotation_peak_deg"] == pytest.approx(
            known["peak_external_rotation_deg"], abs=0.5)
        assert step["ankle_inversion_moment_peak_nm_kg"] == pytest.approx(
            known["peak_inversion_moment_nm_kg"], abs=0.01)
    assert analysis["ankle"]["moment_frame"] == "foot"
    assert analysis["ankle"]["marker_set"] == "libgait-simulator"
    # Values that cannot be computed are null, never 0: the last plate step has no next IC on a
    # plate of the other foot.
    assert steps[-1]["flight_time_s"] is None
    assert analysis["summary"]["cadence_spm"] == pytest.approx(172.0, abs=0.5)


def test_analyze_csv_has_one_row_per_step():
    data = os.path.join(os.path.dirname(__file__), "..", "..", "data")
    result = run("analyze", "--csv", os.path.join(data, "treadmill_forefoot.c3d"))
    assert result.returncode == 0, result.stderr
    lines = [l for l in result.stdout.splitlines() if not l.startswith("#")]
    header = lines[0].split(",")
    assert "strike_index" in header and "contact_time_s" in header
    rows = [dict(zip(header, l.split(","))) for l in lines[1:]]
    assert len(rows) == 12
    assert {r["strike_pattern"] for r in rows if r["complete"] == "yes"} == {"forefoot"}


def test_analyze_curves_long_format_and_options_after_the_file(tmp_path):
    """--curves writes file,side,step,variable,percent,value with 101 points per variable, and
    options may follow FILE."""
    data = os.path.join(os.path.dirname(__file__), "..", "..", "data")
    trial = os.path.join(data, "overground_rearfoot.c3d")
    curves = tmp_path / "curves.csv"
    result = run("analyze", trial, "--curves", str(curves), "--moment-frame", "shank")
    assert result.returncode == 0, result.stderr
    assert "moments in the shank frame" in result.stdout
    lines = curves.read_text().splitlines()
    assert lines[0] == "file,side,step,variable,percent,value"
    rows = [l.split(",") for l in lines[1:]]
    angle = [r for r in rows if r[2] == "1" and r[3] == "ankle_dorsiflexion_deg"]
    assert [int(r[4]) for r in angle] == list(range(101))
    assert {r[3] for r in rows} == {
        "ankle_dorsiflexion_deg", "ankle_inversion_deg", "ankle_internal_rotation_deg",
        "ankle_plantarflexion_moment_nm_kg", "ankle_inversion_moment_nm_kg",
        "ankle_internal_rotation_moment_nm_kg"}
    # the simulated dorsiflexion peaks at 20 deg in stance
    assert max(float(r[5]) for r in angle) == pytest.approx(20.0, abs=0.5)


@pytest.mark.parametrize("args", [["--moment-frame", "knee"], ["--plugin-gait", "maybe"],
                                  ["--grf", "x.mot"]])
def test_analyze_bad_ankle_options_exit_2(args):
    data = os.path.join(os.path.dirname(__file__), "..", "..", "data")
    result = run("analyze", *args, os.path.join(data, "overground_rearfoot.c3d"))
    assert result.returncode == 2
    assert result.stderr.strip() != ""


@needs_shared
def test_analyze_opensim_pair_with_static_trial():
    """Treadmill running as an OpenSim pair with a static trial (72.84 kg, the README's mass):
    every complete stance gets both study markers."""
    base = "opensim-rajagopal-run/"
    result = run("analyze", "--json", shared(base + "motion_capture_run.trc"), "--grf",
                 shared(base + "grf_run.mot"), "--static", shared(base + "static_run.trc"),
                 "--mass-kg", "72.84")
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    complete = [s for s in analysis["steps"] if s["complete"]]
    assert len(complete) >= 13
    assert all(s["ankle_inversion_moment_peak_nm_kg"] is not None and
               s["ankle_external_rotation_peak_deg"] is not None for s in complete)
    assert analysis["ankle"]["marker_set"] == "opensim-rajagopal"


@needs_shared
def test_analyze_missing_static_file_exits_1_naming_it():
    base = "opensim-rajagopal-run/"
    result = run("analyze", shared(base + "motion_capture_run.trc"), "--grf",
                 shared(base + "grf_run.mot"), "--static", "/no/such/static.trc")
    assert result.returncode == 1
    assert "static.trc" in result.stderr


def test_analyze_imu_against_the_simulator_truth():
    """The bundled foot IMU (right foot, 200 Hz, time column, deg/s) against its truth JSON."""
    data = os.path.join(os.path.dirname(__file__), "..", "..", "data")
    result = run("analyze", "--imu", "foot", "--side", "right", "--json",
                 os.path.join(data, "treadmill_forefoot_foot_imu.csv"))
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["sensors"][0]["activity"] == "running"
    with open(os.path.join(data, "treadmill_forefoot_truth.json")) as f:
        truth = [s for s in json.load(f)["steps"] if s["side"] == "right"]
    steps = [s for s in analysis["steps"] if s["complete"]]
    assert len(steps) >= len(truth) - 2
    for step in steps:
        assert step["events_from"] == "imu" and step["side"] == "right"
        known = min(truth, key=lambda t: abs(t["ic_s"] - step["ic_s"]))
        # 200 Hz: a sample is 5 ms
        assert step["ic_s"] == pytest.approx(known["ic_s"], abs=0.006)
        assert step["to_s"] == pytest.approx(known["to_s"], abs=0.006)
        assert step["strike_pattern"] == "forefoot"
        assert step["foot_strike_angle_deg"] == pytest.approx(known["foot_strike_angle_deg"], abs=2)


@needs_shared
def test_analyze_imu_two_sensors_and_sensor_option():
    """gaitmap's walk: two sensors, sides from their names; --sensor keeps one."""
    path = shared("gaitmap-foot-imu-walk/imu_sample.csv")
    result = run("analyze", "--imu", "foot", "--rate-hz", "204.8", "--json", path)
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert [(s["name"], s["side"]) for s in analysis["sensors"]] == [
        ("left_sensor", "left"), ("right_sensor", "right")]
    assert {s["sensor"] for s in analysis["steps"]} == {"left_sensor", "right_sensor"}
    assert all(s["side"] == ("left" if s["sensor"] == "left_sensor" else "right")
               for s in analysis["steps"])
    for sensor in analysis["sensors"]:
        assert sensor["activity"] == "walking"
        assert sensor["spectral_cadence_spm"] == pytest.approx(sensor["event_cadence_spm"],
                                                               rel=0.05)
    one = run("analyze", "--imu", "foot", "--rate-hz", "204.8", "--json", "--sensor",
              "right_sensor", path)
    assert one.returncode == 0, one.stderr
    assert {s["sensor"] for s in json.loads(one.stdout)["steps"]} == {"right_sensor"}
    missing = run("analyze", "--imu", "foot", "--rate-hz", "204.8", "--sensor", "nose", path)
    assert missing.returncode == 1 and "nose" in missing.stderr
