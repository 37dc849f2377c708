# SPDX-License-Identifier: GPL-3.0-or-later
"""gait batch and gait merge: corpus robustness, sharding, resuming after kill -9, column docs."""
import csv
import glob
import json
import os
import re
import signal
import subprocess
import time

import pytest

GAIT = os.environ.get("GAIT_EXE")
SHARED = os.environ.get("GAIT_SHARED_DATA")
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")
needs_shared = pytest.mark.skipif(not SHARED or not os.path.isdir(SHARED or ""),
                                  reason="../shared/data is absent")
TABLES = ("steps.csv", "trials.csv", "curves.csv", "errors.csv")


def run(*args, **kw):
    return subprocess.run([GAIT, *args], capture_output=True, text=True, timeout=600, **kw)


def read(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def tables(out):
    return {t: open(os.path.join(out, t)).read() for t in TABLES}


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """A small study of the project's own simulated trials (3 strike patterns x 4 seeds)."""
    root = tmp_path_factory.mktemp("study")
    for k in range(12):
        strike = ("rearfoot", "midfoot", "forefoot")[k % 3]
        result = run("simulate", "--out", str(root / f"s{k // 3}"), "--name", f"trial{k:02d}",
                     "--seed", str(k + 1), "--strike", strike, "--steps", "10")
        assert result.returncode == 0, result.stderr
    return root


@needs_shared
def test_corpus_batch_completes_and_errors_list_only_unreadable_files(tmp_path):
    """Every C3D of ../shared/data with -j 2: no crash; errors.csv holds exactly the unreadable
    files: those `gait info` rejects, or whose force plates `gait plates` cannot compute (files
    without plates are readable: they get a trial row with no steps); every other file has a
    trial row."""
    out = tmp_path / "out"
    result = run("batch", "--quiet", "-j", "2", "-o", str(out), SHARED)
    assert result.returncode in (0, 3), result.stderr
    c3ds = sorted(p for p in glob.glob(os.path.join(SHARED, "**", "*"), recursive=True)
                  if p.lower().endswith(".c3d"))
    def unreadable_file(path):
        info = run("info", "--json", path)
        if info.returncode != 0:
            return True
        plates = json.loads(info.stdout).get("force_platforms") or []
        return len(plates) > 0 and run("plates", path).returncode != 0

    unreadable = {p for p in c3ds if unreadable_file(p)}
    errors = {row[0] for row in read(out / "errors.csv")[1:]}
    trials = [row[0] for row in read(out / "trials.csv")[1:]]
    assert {e for e in errors if e.lower().endswith(".c3d")} == unreadable
    assert set(trials).isdisjoint(errors)
    assert set(trials) | errors >= set(c3ds)
    assert len(trials) == len(set(trials))
    assert result.returncode == (3 if errors else 0)


def test_shards_merge_to_the_unsharded_run(tmp_path, simulated):
    whole = tmp_path / "whole"
    assert run("batch", "--quiet", "-j", "2", "-o", str(whole), str(simulated)).returncode == 0
    shards = []
    for k in (1, 2, 3):
        shard = tmp_path / f"shard{k}"
        result = run("batch", "--quiet", "--shard", f"{k}/3", "-o", str(shard), str(simulated))
        assert result.returncode == 0, result.stderr
        shards.append(str(shard))
    merged = tmp_path / "merged"
    assert run("merge", "-o", str(merged), *shards).returncode == 0
    assert tables(merged) == tables(whole)
    # each shard holds a third of the files
    counts = [len(read(os.path.join(s, "trials.csv"))) - 1 for s in shards]
    assert counts == [4, 4, 4]


def test_kill_minus_9_then_rerun_equals_an_uninterrupted_run(tmp_path, simulated):
    whole = tmp_path / "whole"
    assert run("batch", "--quiet", "-j", "1", "-o", str(whole), str(simulated)).returncode == 0
    out = tmp_path / "killed"
    cache = out / ".cache"
    for attempt in range(20):
        p = subprocess.Popen([GAIT, "batch", "--quiet", "-j", "1", "-o", str(out),
                              str(simulated)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline and p.poll() is None:
            if cache.is_dir() and len([f for f in os.listdir(cache) if f.endswith(".rec")]) >= 3:
                break
            time.sleep(0.002)
        killed = p.poll() is None
        if killed:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        if killed:
            break
        # finished before we could kill it: start over from nothing
        subprocess.run(["rm", "-rf", str(out)], check=True)
    assert killed, "the batch always finished before it could be killed"
    # a killed run leaves no table (they are renamed into place at the end) or an old whole one
    for t in TABLES:
        assert not (out / t).exists() or (out / t).read_text() == (whole / t).read_text()
    result = run("batch", "-j", "1", "-o", str(out), str(simulated))
    assert result.returncode == 0, result.stderr
    assert "from the cache" in result.stderr
    assert tables(out) == tables(whole)


def test_columns_doc_matches_every_header(tmp_path, simulated):
    doc = run("batch", "--columns")
    assert doc.returncode == 0
    documented, current = {}, None
    for line in doc.stdout.splitlines():
        m = re.match(r"## (\w+\.csv)", line)
        if m:
            current = m.group(1)
            documented[current] = []
        elif current and line.startswith("| ") and not line.startswith("| column"):
            documented[current].append(line.split("|")[1].strip())
    out = tmp_path / "out"
    assert run("batch", "--quiet", "-o", str(out), str(simulated)).returncode == 0
    for t in TABLES:
        assert read(out / t)[0] == documented[t], t


def test_manifest_subjects_and_an_error_row(tmp_path, simulated):
    trials = sorted(glob.glob(os.path.join(str(simulated), "*", "*.c3d")))[:2]
    bad = tmp_path / "broken.c3d"
    bad.write_bytes(b"not a c3d file at all" * 40)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,subject,condition,body_mass_kg\n"
                        f"{trials[0]},S01,\"shod, fast\",72.5\n"
                        f"{trials[1]},S02,barefoot,\n"
                        f"broken.c3d,S03,shod,60\n")
    out = tmp_path / "out"
    result = run("batch", "--quiet", "-o", str(out), "--manifest", str(manifest))
    assert result.returncode == 3
    rows = read(out / "trials.csv")
    header = rows[0]
    by_file = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert by_file[trials[0]]["subject"] == "S01"
    assert by_file[trials[0]]["condition"] == "shod, fast"
    errors = read(out / "errors.csv")
    assert len(errors) == 2 and errors[1][0].endswith("broken.c3d") and errors[1][2]
    steps = read(out / "steps.csv")
    assert {r[1] for r in steps[1:]} == {"S01", "S02"}


def test_imu_batch(tmp_path):
    out = tmp_path / "out"
    result = run("batch", "--quiet", "--imu", "foot", "-o", str(out),
                 *sorted(glob.glob(os.path.join(DATA, "*_foot_imu.csv"))))
    assert result.returncode == 0, result.stderr
    steps = read(out / "steps.csv")
    header = steps[0]
    events = {dict(zip(header, r))["events_from"] for r in steps[1:]}
    assert events == {"imu"} and len(steps) > 10


def test_bad_usage_exits_2():
    assert run("batch").returncode == 2
    assert run("batch", "-o", "/tmp/x", "--shard", "4/3", "data").returncode == 2
    assert run("merge", "-o", "/tmp/x").returncode == 2
