#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One entry point for a fresh Debian 12 machine (run as root):
#   bash scripts/dev.sh run    install what is missing, build, run the main job on data/
#   bash scripts/dev.sh bench  throughput side by side with numpy/scipy
#   bash scripts/dev.sh test   install what is missing, build and run every test suite twice
#                              (release, then ASan+UBSan); the last line is "N passed, N failed"
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential meson ninja-build pkg-config libfftw3-dev libgsl-dev libjansson-dev check
    clang-format python3 python3-numpy python3-scipy python3-pytest clang libclang-rt-14-dev)

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

# setup_build DIR [meson options...]: configure once, reconfigure if the options changed.
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
    ./build/release/examples/filter_example
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
    # The plain total over every suite, read from each build's test log.
    python3 scripts/count_tests.py build/release/meson-logs/testlog.json \
        build/asan/meson-logs/testlog.json || status=1
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
