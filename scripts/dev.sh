#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One entry point for a fresh Debian 12 machine (run as root):
#   bash scripts/dev.sh run    install what is missing, build, run the main job on data/
#   bash scripts/dev.sh bench  throughput side by side with numpy/scipy
#   bash scripts/dev.sh test   install what is missing (chromium: gait report's rendering test),
#                              build and run every test suite twice
#                              (release, then ASan+UBSan), then each libFuzzer harness for 60 s;
#                              the last line is "N passed, N failed"
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential meson ninja-build pkg-config libfftw3-dev libgsl-dev libjansson-dev check
    clang-format python3 python3-numpy python3-scipy python3-pytest clang libclang-rt-14-dev
    chromium)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing missing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# setup_build DIR [meson options...]: configure once, reconfigure if the options changed
# (the compiler is fixed at the first configuration: CC=clang for the fuzz build).
setup_build() {
    local dir=$1
    shift
    if [ -f "$dir/build.ninja" ]; then
        meson configure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@" >/dev/null
    fi
    ninja -C "$dir"
}

cmd=${1:-}
case "$cmd" in
run)
    install_missing
    setup_build build/release --buildtype=release
    ./build/release/tools/gait --version
    # The main job on the bundled synthetic trials (data/README.md): stance phases and per-step
    # markers from the force plates, to compare with the truth the simulator wrote beside them.
    # The simulated foot is 0.26 m long; its TOE marker sits over the metatarsal heads, so the
    # strike index needs the real length (without it, heel-to-toe-marker length is used).
    for trial in data/overground_rearfoot.c3d data/treadmill_forefoot.c3d; do
        echo "== gait analyze --foot-length-m 0.26 $trial"
        ./build/release/tools/gait analyze --foot-length-m 0.26 "$trial"
    done
    echo "== the truth these trials were made from: data/*_truth.json (IC/TO, strike index, ...)"
    ;;
test)
    install_missing
    setup_build build/release --buildtype=release
    setup_build build/asan --buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false
    status=0
    echo "== release build: meson test"
    meson test -C build/release --print-errorlogs --num-processes 2 || status=1
    echo "== ASan+UBSan build: meson test"
    meson test -C build/asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 || status=1
    echo "== libFuzzer harnesses (clang, ASan+UBSan), 60 s each"
    CC=clang setup_build build/fuzz --buildtype=debugoptimized -Dfuzz=true -Dtests=false \
        -Db_sanitize=address,undefined -Db_lundef=false
    fuzz_seeds=$(mktemp -d)
    trap 'rm -rf "$fuzz_seeds"' EXIT
    if [ -d ../shared/data ]; then
        # Small real files join the project's own seeds for this run only (never committed).
        mkdir -p "$fuzz_seeds/c3d" "$fuzz_seeds/trc" "$fuzz_seeds/mot" "$fuzz_seeds/csv"
        find ../shared/data -iname '*.c3d' -size -64k -exec cp {} "$fuzz_seeds/c3d/" \;
        find ../shared/data -iname '*.trc' -size -200k -exec cp {} "$fuzz_seeds/trc/" \;
        find ../shared/data \( -iname '*.mot' -o -iname '*.sto' \) -size -200k \
            -exec cp {} "$fuzz_seeds/mot/" \;
        find ../shared/data -iname '*.csv' -size -200k -exec cp {} "$fuzz_seeds/csv/" \;
    fi
    GAIT_FUZZ_CORPUS_C3D="$fuzz_seeds/c3d" GAIT_FUZZ_CORPUS_TRC="$fuzz_seeds/trc" \
        GAIT_FUZZ_CORPUS_MOT="$fuzz_seeds/mot" GAIT_FUZZ_CORPUS_CSV="$fuzz_seeds/csv" \
        meson test -C build/fuzz --print-errorlogs --num-processes 2 || status=1
    grep -h "executions in" build/fuzz/meson-logs/testlog.txt || true
    # The plain total over every suite, read from each build's test log.
    python3 scripts/count_tests.py build/release/meson-logs/testlog.json \
        build/asan/meson-logs/testlog.json build/fuzz/meson-logs/testlog.json || status=1
    exit $status
    ;;
bench)
    install_missing
    setup_build build/release --buildtype=release
    python3 bench/run_bench.py build/release
    ;;
*)
    echo "usage: bash scripts/dev.sh run|test|bench" >&2
    exit 2
    ;;
esac
