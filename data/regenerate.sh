#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate every file in data/, byte for byte: bash data/regenerate.sh [GAIT] [OUT_DIR]
# (GAIT defaults to build/release/tools/gait, OUT_DIR to data/). tests/cli/test_data.py runs this
# into a scratch directory and compares the bytes with the committed files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gait=${1:-$here/../build/release/tools/gait}
out=${2:-$here}
# Overground, rearfoot strike, lab z up, progression +x: 8 steps, plates under steps 3, 4 and 6.
"$gait" simulate --out "$out" --name overground_rearfoot --seed 1
# Treadmill, forefoot strike, lab y up (OpenSim style), 12 steps on one long plate.
"$gait" simulate --out "$out" --name treadmill_forefoot --seed 2 --treadmill --strike forefoot \
    --steps 12 --y-up --speed 3.0 --cadence 176 --contact 0.22
