# SPDX-License-Identifier: GPL-3.0-or-later
"""libgait.analyze() equals `gait analyze --json` field by field.

The CLI prints reals with 10 significant digits (JSON_REAL_PRECISION(10)); each Python float is
rounded the same way ("%.10g") before the comparison, which is then exact; strings, booleans,
integers and nulls compare as they are."""
import json
import math
import os
import subprocess

import pytest

import libgait
from conftest import GAIT, data, needs_cli, shared, SHARED


def cli_json(*args):
    result = subprocess.run([GAIT, "analyze", "--json", *args], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def as_cli(value):
    """A Python value as it reads back from the CLI's JSON."""
    if isinstance(value, float):
        assert math.isfinite(value), "NaN must have become None"
        return float("%.10g" % value)
    if isinstance(value, dict):
        return {k: as_cli(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_cli(v) for v in value]
    return value


def assert_same(py, cli, where="root"):
    if isinstance(cli, dict):
        assert isinstance(py, dict), where
        assert list(py) == list(cli), f"{where}: keys differ"
        for key in cli:
            assert_same(py[key], cli[key], f"{where}.{key}")
    elif isinstance(cli, list):
        assert isinstance(py, list) and len(py) == len(cli), where
        for k, (a, b) in enumerate(zip(py, cli)):
            assert_same(a, b, f"{where}[{k}]")
    elif isinstance(cli, float) and isinstance(py, float):
        assert py == cli, f"{where}: python {py!r} != cli {cli!r}"
    else:
        assert py == cli and type(py) is type(cli), f"{where}: python {py!r} != cli {cli!r}"


CASES = [
    ("bundled overground", lambda: data("overground_rearfoot.c3d"), {}, []),
    ("bundled overground, foot length", lambda: data("overground_rearfoot.c3d"),
     {"foot_length_m": 0.26}, ["--foot-length-m", "0.26"]),
    ("bundled treadmill, options", lambda: data("treadmill_forefoot.c3d"),
     {"foot_length_m": 0.26, "threshold_n": 30, "moment_frame": "shank", "cutoff_hz": 40},
     ["--foot-length-m", "0.26", "--threshold-n", "30", "--moment-frame", "shank",
      "--cutoff-hz", "40"]),
    ("bundled foot IMU", lambda: data("overground_rearfoot_foot_imu.csv"), {"imu": "foot"},
     ["--imu", "foot"]),
]
SHARED_CASES = [
    ("JA1Gait35", lambda: shared("nimble-sprint-c3d", "JA1Gait35.c3d"), {}, []),
    ("JA1Gait35 mass", lambda: shared("nimble-sprint-c3d", "JA1Gait35.c3d"),
     {"mass_kg": 80, "ankle_cutoff_hz": 10}, ["--mass-kg", "80", "--ankle-cutoff-hz", "10"]),
    ("rajagopal trc+mot", lambda: shared("opensim-rajagopal-run", "motion_capture_run.trc"),
     {"grf": shared("opensim-rajagopal-run", "grf_run.mot"),
      "static": shared("opensim-rajagopal-run", "static_run.trc"), "mass_kg": 72.84},
     ["--grf", shared("opensim-rajagopal-run", "grf_run.mot"), "--static",
      shared("opensim-rajagopal-run", "static_run.trc"), "--mass-kg", "72.84"]),
    ("gaitmap walk IMU", lambda: shared("gaitmap-foot-imu-walk", "imu_sample.csv"),
     {"imu": "foot", "rate_hz": 204.8}, ["--imu", "foot", "--rate-hz", "204.8"]),
]


def run_case(path, options, cli_args):
    if not os.path.exists(path):
        pytest.skip(f"{path} is absent")
    mass = options.pop("mass_kg", None) if "mass_kg" in options else None
    trial = libgait.analyze(path, mass_kg=mass, **options)
    if mass is not None:
        options["mass_kg"] = mass
    assert_same(as_cli(trial.to_dict()), cli_json(path, *cli_args))
    return trial


@needs_cli
@pytest.mark.parametrize("name,path,options,cli_args", CASES, ids=[c[0] for c in CASES])
def test_bundled_equals_cli(name, path, options, cli_args):
    trial = run_case(path(), dict(options), cli_args)
    assert trial.steps


@needs_cli
@pytest.mark.skipif(not os.path.isdir(SHARED), reason="../shared/data is absent")
@pytest.mark.parametrize("name,path,options,cli_args", SHARED_CASES, ids=[c[0] for c in SHARED_CASES])
def test_shared_equals_cli(name, path, options, cli_args):
    run_case(path(), dict(options), cli_args)


def test_steps_are_dataclasses_with_cli_names_and_records_feed_dataframes():
    trial = libgait.analyze(data("overground_rearfoot.c3d"), foot_length_m=0.26)
    step = trial.steps[0]
    assert step.side in ("left", "right")
    assert step.events_from == "plate" and step.plate == 1
    assert step.strike_pattern == "rearfoot"
    assert step.stride_time_s is None  # NaN in C -> None
    records = trial.to_records()
    assert len(records) == len(trial.steps) and set(records[0]) == set(libgait.analysis.STEP_FIELDS)
    assert trial.summary["complete_steps"] == 3
    assert 165 < trial.cadence_spm < 180
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(trial.to_records())
    assert list(frame["side"]) == [s.side for s in trial.steps]


def test_analyze_accepts_an_open_c3d_and_a_simulation():
    with libgait.C3D(data("overground_rearfoot.c3d")) as c3d:
        from_handle = libgait.analyze(c3d, foot_length_m=0.26)
    from_path = libgait.analyze(data("overground_rearfoot.c3d"), foot_length_m=0.26)
    assert [s.to_dict() for s in from_handle.steps] == [s.to_dict() for s in from_path.steps]
    with libgait.simulate(n_steps=6) as sim:
        trial = libgait.analyze(sim.c3d)
        plated = [t for t in sim.steps if t.plate is not None]
        found = [s for s in trial.steps if s.events_from == "plate"]
        assert len(found) == len(plated)
        for truth, step in zip(plated, found):
            assert abs(step.ic_s - truth.ic_s) < 0.005
