#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent stance phases of ../shared/data/opensim-rajagopal-run/grf_run.mot (treadmill running,
OpenSim GRF table with R_ and L_ force sets), for tests/test_analyze.c.
Run from anywhere: /usr/bin/python3 tests/ref/make_stance_refs.py [path/to/grf_run.mot]
(numpy from Debian). Writes tests/ref/stance_grf_run.txt.

This reads the table with numpy (not with libgait), takes the y column of each force set as the
vertical force (OpenSim's ground frame is y up: no axis detection), and applies the rules that
src/stance/stance.h documents, written again here from the text:
  - unloaded samples: finite, below 20 N, further than 20 ms from any stretch between a sample
    above 20 N and the next sample below 20 N;
  - baseline: the median of the unloaded samples (this table holds exact zeros there);
  - noise: RMS about the baseline of the unloaded samples within 10 N of it; level = max(min(3 noise,
    20 N), 20e-6 N);
  - contact: first sample above 20 N; threshold end at the next sample below 20 N; IC = walk back
    while the previous sample is above the level, TO = walk forward while the sample is above the
    level (a sample above 20 N on the way continues the contact);
  - a contact loaded at the table's first (last) row has no IC (TO); contacts lasting less than
    0.08 s (unless cut by the table's ends), more than 1.5 s or peaking below 200 N are dropped.
It also records the plain 20 N threshold crossings, to show what the refinement changes, and the
cadence 60 x (number of ICs - 1) / (last IC - first IC) over the ICs of both sides in time order
(every step of a treadmill trial lands on the belt, so consecutive ICs are one step apart)."""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "stance_grf_run.txt")
DEFAULT_INPUT = os.path.join(HERE, "..", "..", "..", "shared", "data", "opensim-rajagopal-run",
                             "grf_run.mot")

ON_N = OFF_N = 20.0
GUARD_S = 0.02
MIN_S, MAX_S, MIN_PEAK_N = 0.08, 1.5, 200.0


def read_mot(path):
    with open(path) as f:
        lines = f.read().splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip().lower() == "endheader")
    labels = lines[end + 1].split()
    data = np.array([[float(v) for v in line.split()] for line in lines[end + 2:] if line.strip()])
    return labels, data


def contacts(f, rate):
    n = len(f)
    guard = int(np.ceil(GUARD_S * rate))
    unloaded = np.isfinite(f) & (f < OFF_N)
    i = 0
    while i < n:
        if f[i] > ON_N:
            j = i
            while j < n and not f[j] < OFF_N:
                j += 1
            unloaded[max(0, i - guard):min(n, j + guard)] = False
            i = max(j, i + 1)
        else:
            i += 1
    baseline = np.median(f[unloaded]) if unloaded.any() else 0.0
    y = f - baseline
    quiet = y[unloaded][np.abs(y[unloaded]) < 0.5 * OFF_N]
    noise = np.sqrt(np.mean(quiet ** 2)) if len(quiet) else 0.0
    level = max(min(3.0 * noise, OFF_N), 1e-6 * ON_N)
    out, i, previous_end = [], 0, 0
    while i < n:
        if not y[i] > ON_N:
            i += 1
            continue
        on = i
        j = i + 1
        while True:
            while j < n and not y[j] < OFF_N:
                j += 1
            off = j
            e = j
            while e < n and y[e] > level and not y[e] > ON_N:
                e += 1
            if e < n and y[e] > ON_N:
                j = e + 1
                continue
            break
        start = on
        while start > previous_end and start > 0 and y[start - 1] > level:
            start -= 1
        end = e
        previous_end = end
        i = max(end, i + 1)
        cut_start, cut_end = start == 0, end == n
        duration = (end - start) / rate
        peak = y[start:end].max()
        if peak < MIN_PEAK_N or duration > MAX_S or (duration < MIN_S and not (cut_start or cut_end)):
            continue
        out.append((start, end, cut_start, cut_end, on, off))
    return out, baseline, noise, level


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    labels, data = read_mot(path)
    t = data[:, labels.index("time")]
    rate = (len(t) - 1) / (t[-1] - t[0])
    rows, ics = [], []
    notes = []
    for side, prefix in (("R", "R_ground_force_"), ("L", "L_ground_force_")):
        f = data[:, labels.index(prefix + "vy")]
        found, baseline, noise, level = contacts(f, rate)
        notes.append("%s: baseline %.3g N, noise %.3g N, level %.3g N, %d contacts"
                     % (side, baseline, noise, level, len(found)))
        for start, end, cut_start, cut_end, on, off in found:
            ic = float("nan") if cut_start else t[0] + start / rate
            to = float("nan") if cut_end else t[0] + end / rate
            rows.append((side, ic, to, t[0] + on / rate, t[0] + off / rate))
            if not cut_start:
                ics.append(ic)
    rows.sort(key=lambda r: r[2] if np.isnan(r[1]) else r[1])
    ics.sort()
    cadence = 60.0 * (len(ics) - 1) / (ics[-1] - ics[0])
    refined = [(r[3] - r[1], r[4] - r[2]) for r in rows if np.isfinite(r[1]) and np.isfinite(r[2])]
    with open(OUT, "w") as out:
        out.write("# Stance phases of opensim-rajagopal-run/grf_run.mot by tests/ref/make_stance_refs.py\n")
        out.write("# (numpy %s; rules of src/stance/stance.h re-implemented independently)\n" % np.__version__)
        for note in notes:
            out.write("# %s\n" % note)
        out.write("# plain 20 N crossings lag the refined IC by %.1f-%.1f ms and lead the refined TO by"
                  " %.1f-%.1f ms\n" % (1e3 * min(d[0] for d in refined), 1e3 * max(d[0] for d in refined),
                                      -1e3 * max(d[1] for d in refined), -1e3 * min(d[1] for d in refined)))
        out.write("# cadence_spm %.6f over %d ICs\n" % (cadence, len(ics)))
        out.write("cadence %.9f\n" % cadence)
        out.write("# side ic_s to_s contact_time_s (nan: cut by the table's ends) plain_on_s plain_off_s\n")
        for side, ic, to, on, off in rows:
            out.write("%s %.6f %.6f %.6f %.6f %.6f\n" % (side, ic, to, to - ic, on, off))
    print("wrote %s: %d stances, cadence %.3f steps/min" % (OUT, len(rows), cadence))


if __name__ == "__main__":
    main()
