# SPDX-License-Identifier: GPL-3.0-or-later
"""gait report: one self-contained HTML page of a recording or of a batch output directory, rendered
in headless Chromium (Debian's `chromium`), its SVG series counted from the source HTML."""
import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

GAIT = os.environ.get("GAIT_EXE")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium absent: apt-get install chromium "
    "(bash scripts/dev.sh test installs it)")

CURVES = ["ankle_dorsiflexion_deg", "ankle_inversion_deg", "ankle_internal_rotation_deg",
          "ankle_plantarflexion_moment_nm_kg", "ankle_inversion_moment_nm_kg",
          "ankle_internal_rotation_moment_nm_kg"]
STEP_COLUMNS = ("file,subject,condition,sensor,side,complete,events_from,plate,ic_s,to_s,"
                "contact_time_s,flight_time_s,step_time_s,stride_time_s,swing_time_s,peak_vgrf_n,"
                "peak_vgrf_bw,impact_peak_bw,loading_rate_bw_s,instantaneous_loading_rate_bw_s,"
                "braking_impulse_bw_s,propulsive_impulse_bw_s,strike_index,strike_pattern,"
                "foot_strike_angle_deg,ankle_inversion_moment_peak_nm_kg,"
                "ankle_eversion_moment_peak_nm_kg,ankle_plantarflexion_moment_peak_nm_kg,"
                "ankle_external_rotation_peak_deg,ankle_eversion_peak_deg,"
                "ankle_dorsiflexion_ic_deg,stride_length_m,speed_m_s").split(",")


def run(*args):
    return subprocess.run([GAIT, *map(str, args)], capture_output=True, text=True, timeout=120)


class Page(HTMLParser):
    """Per SVG (by id): how many elements carry each class; every tag and attribute seen."""

    def __init__(self):
        super().__init__()
        self.svgs = {}
        self.current = None
        self.tags = set()
        self.attributes = []
        self.legends = {}
        self.in_legend = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.attributes.extend(attrs.items())
        if tag == "svg":
            self.current = attrs.get("id")
            self.svgs[self.current] = {}
        elif self.current is not None:
            for name in (attrs.get("class") or "").split():
                self.svgs[self.current][name] = self.svgs[self.current].get(name, 0) + 1
            if "series" in (attrs.get("class") or "").split():
                self.legends.setdefault(self.current, []).append(attrs.get("data-label"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.current = None

    def handle_data(self, data):
        self.text.append(data)

    def count(self, svg, name):
        return self.svgs[svg].get(name, 0)


def parse(path):
    page = Page()
    with open(path, encoding="utf-8") as f:
        page.feed(f.read())
    page.text = " ".join(" ".join(page.text).split())
    return page


def assert_self_contained(page):
    assert "script" not in page.tags
    assert not {"link", "img", "iframe", "object", "embed"} & page.tags
    for name, value in page.attributes:
        assert name not in ("src", "href", "xlink:href"), (name, value)
        assert not name.startswith("on"), name
    assert "url(#" in "".join(v or "" for _, v in page.attributes)  # clip paths, all local


def png_colours(path, rows=600):
    """Distinct RGB(A) pixels in the first rows of an 8-bit PNG (no imaging library needed)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6), header
    bpp = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    previous, colours = bytearray(stride), set()
    for y in range(min(rows, height)):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + a) & 255
            elif kind == 2:
                row[i] = (row[i] + b) & 255
            elif kind == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(row[i:i + bpp]) for i in range(0, stride, bpp * 7))
        previous = row
    return colours


def render(html, tmp_path):
    """Screenshot and DOM of the page in headless Chromium; asserts no console message."""
    url = "file://" + os.path.abspath(html)
    common = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr",
              "--v=0", "--window-size=1200,3000"]
    png = tmp_path / "out.png"
    shot = subprocess.run(common + ["--screenshot=" + str(png), url], capture_output=True,
                          text=True, timeout=180)
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True,
                         timeout=180)
    for log in (shot.stderr, dom.stderr):
        bad = [line for line in log.splitlines()
               if "CONSOLE" in line or os.path.basename(html) in line]
        assert bad == [], bad
    assert png.exists() and png.stat().st_size > 10000
    assert len(png_colours(png)) > 1, "blank screenshot"
    assert "Running gait report" in dom.stdout
    return dom.stdout


# ---- a recording ----

@pytest.fixture(scope="module")
def rearfoot_report(tmp_path_factory):
    html = tmp_path_factory.mktemp("report") / "report.html"
    result = run("report", os.path.join(DATA, "overground_rearfoot.c3d"), "-o", html)
    assert result.returncode == 0, result.stderr
    return html


def test_recording_plots_have_the_expected_series(rearfoot_report):
    page = parse(rearfoot_report)
    steps = json.loads(run("analyze", "--json", os.path.join(DATA, "overground_rearfoot.c3d"))
                       .stdout)["steps"]
    assert sum(s["events_from"] == "plate" for s in steps) == 3
    # GRF: the plates summed as one trace, a shaded stance and an IC and TO line per step.
    assert page.count("signal", "series") == 1
    assert page.count("signal", "stance") == 3
    assert page.count("signal", "ic") == 3 and page.count("signal", "to") == 3
    sides = sorted({s["side"] for s in steps})
    for name in CURVES:
        svg = "curve-" + name
        assert page.count(svg, "series") == len(sides), svg
        labels = sorted(label.split(",")[0] for label in page.legends[svg])
        assert labels == sides
        n_left = sum(s["side"] == "left" for s in steps)
        assert "left, n=%d" % n_left in page.legends[svg]
        assert page.count(svg, "band") >= 1  # the side with two steps has an SD band
    assert page.count("strike", "histogram") == len(sides)
    assert page.count("cadence", "series") >= 1
    assert page.count("contact", "series") == len(sides)


def test_recording_page_is_self_contained_and_states_associations(rearfoot_report):
    page = parse(rearfoot_report)
    assert_self_contained(page)
    text = page.text
    assert "In a prospective study of 911 runners (4HAIE" in text
    assert "odds ratio 0.33" in text and "odds ratio 2.20" in text and "odds ratio 1.67" in text
    assert "did not predict" in text
    assert "not a diagnosis" in text and "gait load" in text
    assert "diagnosed" not in text.lower()


@needs_chromium
def test_recording_renders_in_chromium(rearfoot_report, tmp_path):
    dom = render(rearfoot_report, tmp_path)
    assert dom.count("<svg") == len(parse(rearfoot_report).svgs) == 10


def test_imu_recording_plots_the_gyroscope(tmp_path):
    path = os.path.join(DATA, "overground_rearfoot_foot_imu.csv")
    html = tmp_path / "imu.html"
    result = run("report", path, "--imu", "foot", "-o", html)
    assert result.returncode == 0, result.stderr
    steps = json.loads(run("analyze", "--json", "--imu", "foot", path).stdout)["steps"]
    page = parse(html)
    assert page.count("signal", "series") == 1  # one sensor
    assert page.count("signal", "stance") == len(steps)
    assert not any(svg.startswith("curve-") for svg in page.svgs)
    assert page.count("strike", "histogram") == 1
    assert "sagittal angular velocity" in page.text


# ---- a batch output directory ----

def make_batch(directory, tmp_path):
    """A gait batch output directory from gait analyze --csv/--json/--curves on data/*.c3d, its
    columns in another order than gait batch's, with a quoted comma in a text field."""
    os.makedirs(directory, exist_ok=True)
    step_rows, trial_rows, curve_rows = [], [], []
    for i, name in enumerate(["overground_rearfoot.c3d", "treadmill_forefoot.c3d"]):
        path = os.path.join(DATA, name)
        curves = tmp_path / ("curves%d.csv" % i)
        table = run("analyze", "--csv", "--curves", curves, path)
        assert table.returncode == 0, table.stderr
        lines = [line for line in table.stdout.splitlines() if not line.startswith("#")]
        for row in csv.DictReader(lines):
            row.update(file=path, subject="S%d" % (i + 1), condition="run, %d" % i, sensor="")
            step_rows.append(row)
        trial = json.loads(run("analyze", "--json", path).stdout)
        trial_rows.append({"file": path, "subject": "S%d" % (i + 1), "condition": "run, %d" % i,
                           "body_mass_kg": trial["body_mass_kg"],
                           "cadence_spm": trial["summary"]["cadence_spm"]})
        with open(curves) as f:
            curve_rows.extend(csv.DictReader(f))

    def write(name, columns, rows):
        with open(os.path.join(directory, name), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", restval="")
            writer.writeheader()
            writer.writerows(rows)

    write("steps.csv", list(reversed(STEP_COLUMNS)), step_rows)
    write("trials.csv", ["cadence_spm", "file", "subject", "condition", "body_mass_kg"],
          trial_rows)
    write("curves.csv", ["variable", "value", "file", "side", "step", "percent"], curve_rows)
    write("errors.csv", ["file", "status", "message"],
          [{"file": "broken.c3d", "status": "1", "message": "not a C3D file"}])
    return step_rows, trial_rows, curve_rows


def test_batch_directory(tmp_path):
    directory = tmp_path / "batch"
    step_rows, trial_rows, curve_rows = make_batch(directory, tmp_path)
    html = tmp_path / "batch.html"
    result = run("report", directory, "-o", html)
    assert result.returncode == 0, result.stderr
    page = parse(html)
    assert_self_contained(page)
    sides = sorted({r["side"] for r in step_rows if r["side"]})
    assert page.count("contact-per-file", "series") == len(sides)
    assert "contact" not in page.svgs and "signal" not in page.svgs  # per file, not per trace
    assert page.count("cadence", "series") == len(
        {r["side"] for r in step_rows if r["step_time_s"] or r["stride_time_s"]}) + 1
    assert page.legends["cadence"][-1] == "file cadence"
    for name in CURVES:
        svg = "curve-" + name
        assert page.count(svg, "series") == len(sides), svg
        for side in sides:
            n = len({(r["file"], r["step"]) for r in curve_rows
                     if r["side"] == side and r["variable"] == name})
            assert "%s, n=%d" % (side, n) in page.legends[svg]
    assert "in 2 files" in page.text and "1 failed files" in page.text
    for trial in trial_rows:
        assert trial["file"] in page.text
    if CHROMIUM:
        render(html, tmp_path)


# ---- bad input ----

def test_bad_input_exits_1_with_a_message(tmp_path):
    garbage = tmp_path / "garbage.c3d"
    garbage.write_bytes(b"not a c3d file at all" * 10)
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in ([tmp_path / "missing.c3d"], [garbage], [empty],
                 [os.path.join(DATA, "overground_rearfoot.c3d"), "--mass-kg", "70"]):
        out = tmp_path / "out.html" if len(args) == 1 else tmp_path / "no" / "such" / "dir.html"
        result = run("report", *args, "-o", out)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith("gait"), result.stderr
        assert not os.path.exists(out) or len(args) == 1
    assert "steps.csv" in run("report", empty, "-o", tmp_path / "x.html").stderr


def test_usage_errors_exit_2(tmp_path):
    for args in ([os.path.join(DATA, "overground_rearfoot.c3d")], [], ["-o", tmp_path / "a.html"],
                 [os.path.join(DATA, "overground_rearfoot.c3d"), "-o", tmp_path / "a.html",
                  "--imu", "wrist"]):
        result = run("report", *args)
        assert result.returncode == 2, args
        assert result.stderr.strip() != ""
    assert run("report", "--help").returncode == 0


def test_training_log_adds_the_weekly_load_chart(tmp_path):
    """--load: one bar per ISO week of the log, as `gait load --json` counts them."""
    runs = tmp_path / "runs.csv"
    runs.write_text("date,distance_km\n2024-01-02,8\n2024-01-07,6\n2024-01-09,8\n"
                    "2024-01-23,8\n2024-01-30,10\n2024-02-04,10\n")
    weeks = json.loads(run("load", "--json", runs).stdout)["weeks"]
    out = tmp_path / "report.html"
    result = run("report", os.path.join(DATA, "overground_rearfoot.c3d"), "--load", runs,
                 "-o", out)
    assert result.returncode == 0, result.stderr
    page = parse(out)
    assert_self_contained(page)
    html = out.read_text()
    section = html[html.index('<section id="load">'):]
    section = section[:section.index("</section>")]
    bars = len(re.findall(r'<rect[^>]*class="bar[ "]', section))
    assert bars == len(weeks) == 5, bars
    assert "Weekly running load" in page.text
    bad = run("report", os.path.join(DATA, "overground_rearfoot.c3d"), "--load",
              tmp_path / "missing.csv", "-o", out)
    assert bad.returncode == 1 and "missing.csv" in bad.stderr
