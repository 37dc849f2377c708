# SPDX-License-Identifier: GPL-3.0-or-later
"""`gait load`: weekly distance, week-over-week change, ACWR and flags of a hand-computed run log
(the same five weeks as tests/test_load.c), CSV dialects, bad rows and the SVG chart."""
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

GAIT = os.environ.get("GAIT_EXE")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")

SVG_NS = "{http://www.w3.org/2000/svg}"

# Five ISO weeks from Monday 2024-01-01, newest first, a duplicate day (2024-01-11) and a run
# without duration:
#   W1 20 km (3 runs), W2 22 km (4 runs, +10 %: not a spike), W3 rest, W4 24 km (after a week of
#   0 km: change_pct undefined), W5 30 km (+25 %: spike).
RUNS = '''notes,distance_km,date,duration_min
"tempo, felt ""good""",10,2024-02-04,50
,10,2024-02-01,50
,10,2024-01-30,50
,8,2024-01-28,40
,8,2024-01-25,40
,8,2024-01-23,40
,6,2024-01-14,30
,4,2024-01-11,20
second run,2,2024-01-11,
,10,2024-01-09,50
,6,2024-01-07,30
,6,2024-01-04,30
,8,2024-01-02T07:30:00,40
'''

# Series day (0 = 2024-01-01) -> km, for the closed-form EWMA.
LOADS = {1: 8, 3: 6, 6: 6, 8: 10, 10: 6, 13: 6, 22: 8, 24: 8, 27: 8, 29: 10, 31: 10, 34: 10}


def ewma(day, lam):
    """E(k) = lam * sum_j (1 - lam)^(k - j) L(j), starting from 0 before the series: exact."""
    return sum(lam * (1 - lam) ** (day - j) * km for j, km in LOADS.items() if j <= day)


def ewma_acwr(day):
    return float(ewma(day, Fraction(1, 4)) / ewma(day, Fraction(2, 29)))


def run(*args, stdin=None):
    return subprocess.run([GAIT, *args], capture_output=True, text=True, timeout=60, input=stdin)


def write(tmp_path, text, name="runs.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def close(a, b):
    return a == pytest.approx(b, abs=1e-12, rel=0)


def test_json_matches_the_hand_computed_log(tmp_path):
    result = run("load", "--json", write(tmp_path, RUNS))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["runs"] == 13
    weeks = out["weeks"]
    assert [w["week_start"] for w in weeks] == [
        "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"]
    assert [w["week"] for w in weeks] == [f"2024-W0{i}" for i in range(1, 6)]
    assert [w["runs"] for w in weeks] == [3, 4, 0, 3, 3]
    assert [w["distance_km"] for w in weeks] == [20, 22, 0, 24, 30]
    assert [w["duration_min"] for w in weeks] == [100, None, 0, 120, 150]
    assert [w["change_km"] for w in weeks] == [None, 2, -22, 24, 6]
    assert [w["change_pct"] for w in weeks] == [None, 10, -100, None, 25]
    assert [w["spike"] for w in weeks] == [False, False, False, False, True]
    # Rolling ACWR on Sundays: W4 24 / (66 / 4) = 16/11, W5 30 / (76 / 4) = 30/19; warm-up before.
    assert [w["acwr_rolling"] for w in weeks[:3]] == [None] * 3
    assert close(weeks[3]["acwr_rolling"], 16 / 11)
    assert close(weeks[4]["acwr_rolling"], 30 / 19)
    assert [w["acwr_rolling_high"] for w in weeks] == [False, False, False, False, True]
    # EWMA ACWR on Sundays (days 27 and 34): 1.6153816298... and 1.5353231403...
    assert [w["acwr_ewma"] for w in weeks[:3]] == [None] * 3
    assert close(weeks[3]["acwr_ewma"], ewma_acwr(27))
    assert close(weeks[4]["acwr_ewma"], ewma_acwr(34))
    assert close(ewma_acwr(27), 1.6153816298142523)
    assert [w["acwr_ewma_high"] for w in weeks] == [False, False, False, True, True]

    days = out["days"]
    assert len(days) == 35
    assert days[0]["date"] == "2024-01-01" and days[-1]["date"] == "2024-02-04"
    assert days[10]["runs"] == 2 and days[10]["distance_km"] == 6
    assert all(d["acwr_rolling"] is None and d["acwr_ewma"] is None for d in days[:27])
    assert close(days[29]["acwr_rolling"], 26 / 17)
    for k, d in enumerate(days):
        assert close(d["ewma_acute_km"], float(ewma(k, Fraction(1, 4))))
        if k >= 27:
            assert close(d["acwr_ewma"], ewma_acwr(k))

    flags = {(f["week_start"], f["flag"]) for f in out["flags"]}
    assert flags == {("2024-01-22", "acwr_ewma"), ("2024-01-29", "spike"),
                     ("2024-01-29", "acwr_rolling"), ("2024-01-29", "acwr_ewma")}


def test_csv_and_table(tmp_path):
    path = write(tmp_path, RUNS)
    result = run("load", "--csv", path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:4] == ["week", "week_start", "runs", "distance_km"]
    assert len(lines) == 6
    assert lines[5].startswith("2024-W05,2024-01-29,3,30,150,6,25,")
    assert lines[5].endswith(",1,1,1")
    table = run("load", path)
    assert table.returncode == 0
    assert "Monday" in table.stdout
    assert "spike,acwr,ewma" in table.stdout.splitlines()[-1]


def test_semicolons_tabs_decimal_commas_and_stdin(tmp_path):
    semicolons = "Date;Distance_km\n2024-01-02;8,5\n2024-01-03;1,5\n"
    result = run("load", "--json", write(tmp_path, semicolons))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["weeks"][0]["distance_km"] == 10
    tabs = "# exported log\n\nduration_min\tdistance_km\tdate\n30\t5\t2024-01-02\n\n"
    result = run("load", "--json", "-", stdin=tabs)
    assert result.returncode == 0, result.stderr
    week = json.loads(result.stdout)["weeks"][0]
    assert week["distance_km"] == 5 and week["duration_min"] == 30


@pytest.mark.parametrize("text, line, words", [
    ("date,distance_km\n2024-01-02,5\n2023-02-29,5\n", 3, "2023-02-29"),
    ("date,distance_km\n2024-01-02,5\n\n2024-01-03,-1\n", 4, "distance_km"),
    ("date,distance_km\n2024-01-02,five\n", 2, "five"),
    ("date,distance_km\n2024-01-02,nan\n", 2, "distance_km"),
    ("date,distance_km,duration_min\n2024-01-02,5,-3\n", 2, "duration_min"),
    ("date,distance_km\n2024-01-02\n", 2, "distance_km"),
    ("date,distance_km\n2024/01/02,5\n", 2, "2024/01/02"),
    ("date,km\n2024-01-02,5\n", 1, "distance_km"),
    ("date,distance_km,date\n2024-01-02,5,2024-01-03\n", 1, "twice"),
    ('date,distance_km\n"2024-01-02,5\n', 2, "quoted"),
])
def test_bad_rows_exit_1_naming_the_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    result = run("load", path)
    assert result.returncode == 1
    assert f"{path}:{line}:" in result.stderr
    assert words in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("text", ["", "date,distance_km\n", "\n# nothing\n"])
def test_empty_logs_exit_1(tmp_path, text):
    result = run("load", write(tmp_path, text))
    assert result.returncode == 1
    assert result.stderr.strip() != ""


@pytest.mark.parametrize("args", [["--json", "--csv", "x.csv"], [], ["--spike", "-1", "x.csv"],
                                  ["--acwr-threshold", "0", "x.csv"], ["a.csv", "b.csv"]])
def test_bad_usage_exits_2(args):
    assert run("load", *args).returncode == 2


def test_missing_file_exits_1(tmp_path):
    result = run("load", str(tmp_path / "absent.csv"))
    assert result.returncode == 1
    assert "absent.csv" in result.stderr


def test_svg_has_one_bar_per_week_and_marks_flags(tmp_path):
    svg_path = tmp_path / "load.svg"
    result = run("load", "--svg", str(svg_path), write(tmp_path, RUNS))
    assert result.returncode == 0, result.stderr
    root = ET.parse(svg_path).getroot()
    assert root.tag == SVG_NS + "svg"
    assert not list(root.iter(SVG_NS + "script"))
    bars = [r for r in root.iter(SVG_NS + "rect") if "bar" in r.get("class", "").split()]
    assert len(bars) == 5
    heights = [float(b.get("height")) for b in bars]
    assert heights[2] == 0 and heights[4] > heights[3] > heights[1] > heights[0] > 0
    assert ["spike" in b.get("class").split() for b in bars] == [False] * 4 + [True]
    assert ["acwr-high" in b.get("class").split() for b in bars] == [False] * 3 + [True] * 2
    markers = [p for p in root.iter(SVG_NS + "path") if p.get("class") == "flag-marker"]
    assert len(markers) == 2
    classes = {p.get("class") for p in root.iter(SVG_NS + "path")}
    assert {"acwr-rolling", "acwr-ewma"} <= classes
    assert any(t.text and "Weekly running load" in t.text for t in root.iter(SVG_NS + "text"))


def test_svg_of_many_weeks_and_special_characters(tmp_path):
    rows = ["date,distance_km"] + [f"2023-{m:02d}-{d:02d},{(m * d) % 17}"
                                   for m in range(1, 13) for d in (3, 17)]
    svg_path = tmp_path / "year.svg"
    result = run("load", "--csv", "--svg", str(svg_path), write(tmp_path, "\n".join(rows) + "\n",
                                                                 name="a&b<c>.csv"))
    assert result.returncode == 0, result.stderr
    n_weeks = len(result.stdout.splitlines()) - 1
    root = ET.parse(svg_path).getroot()
    bars = [r for r in root.iter(SVG_NS + "rect") if "bar" in r.get("class", "").split()]
    assert len(bars) == n_weeks == 50
