#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run_fuzzer.sh HARNESS NAME SEED_DIR SECONDS: fuzz for SECONDS from the seeds (plus the directory
# named by GAIT_FUZZ_CORPUS_<NAME>, if set) in a scratch corpus; fail on any crash, leak or hang.
# The mutation seed is fixed (GAIT_FUZZ_SEED, default 1) so that a CI run replays a prefix of the
# sequence already explored offline: a red CI means a reproducible finding, not luck. Offline
# campaigns set other seeds.
set -euo pipefail
harness=$1 name=$2 seeds=$3 seconds=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
[ -d "$seeds" ] && cp -r "$seeds"/. "$work/corpus/" 2>/dev/null || true
extra_var="GAIT_FUZZ_CORPUS_$(echo "$name" | tr a-z A-Z)"
extra=${!extra_var:-}
[ -n "$extra" ] && [ -d "$extra" ] && cp -r "$extra"/. "$work/corpus/" 2>/dev/null || true
# 64 MB and 2 s per input bound what one input may cost (the issue's budget is 100 ms, 64 MB).
"$harness" -seed="${GAIT_FUZZ_SEED:-1}" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=64 -timeout=2 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" 2>"$work/log" || {
    tail -60 "$work/log"
    # keep the reproducers beside the build (the scratch directory goes away); sed, not head, so
    # that pipefail does not turn a closed pipe into the exit status
    mkdir -p fuzz-artifacts
    for crash in "$work"/artifacts/*; do
        [ -f "$crash" ] || continue
        cp "$crash" "fuzz-artifacts/$name-$(basename "$crash")"
        echo "reproducer: $(pwd)/fuzz-artifacts/$name-$(basename "$crash") ($(wc -c <"$crash") bytes)"
        od -A d -t x1 "$crash" | sed -n 1,20p
    done
    exit 1
}
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo 0)
echo "fuzz_$name: $runs executions in ${seconds} s, no crash"
