#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Analyse the bundled trial data/overground_rearfoot.c3d (or FILE) and print the study markers
per step: peak ankle inversion moment, peak ankle external rotation, strike pattern; then cadence.

From a source tree, after `meson setup build/release && ninja -C build/release`:
    PYTHONPATH=python python3 examples/analyze.py [FILE.c3d]"""
import os
import sys

import libgait


def show(value, fmt):
    return "-" if value is None else format(value, fmt)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, "..", "data", "overground_rearfoot.c3d")
    # The simulated foot is 0.26 m long; its toe marker sits over the metatarsal heads.
    trial = libgait.analyze(path, foot_length_m=0.26)
    print(f"{os.path.basename(path)}: body mass {show(trial.body_mass_kg, '.1f')} kg "
          f"({trial.mass_source}); ankle markers {trial.ankle['marker_set'] or 'none'}")
    print(f"{'side':6} {'IC s':>7} {'pattern':>9} {'INV Nm/kg':>10} {'ER deg':>7}")
    for step in trial.steps:
        print(f"{step.side or '?':6} {show(step.ic_s, '7.3f')} {step.strike_pattern or '-':>9} "
              f"{show(step.ankle_inversion_moment_peak_nm_kg, '10.3f')} "
              f"{show(step.ankle_external_rotation_peak_deg, '7.2f')}")
    print(f"cadence {show(trial.cadence_spm, '.1f')} steps/min over {len(trial.steps)} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
