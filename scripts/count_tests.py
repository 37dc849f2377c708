#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Add up the test cases of every suite in meson test logs and print 'N passed, N failed'.

A Check program reports 'Checks: N, Failures: F, Errors: E'; a pytest run '... N passed, M failed';
any other test counts as one case. A program whose own report says all passed but that meson saw
fail (a sanitizer report at exit, a crash) adds one failure. Exit status 1 if anything failed."""
import json
import re
import sys

CHECK = re.compile(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)")
PYTEST = re.compile(r"^=*\s*((?:\d+ \w+,? ?)+) in [\d.]+s", re.MULTILINE)


def count(entry):
    out = entry.get("stdout") or ""
    ok = entry.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
    checks = CHECK.findall(out)
    if checks:
        total, failures, errors = (int(v) for v in checks[-1])
        passed, failed = total - failures - errors, failures + errors
    elif PYTEST.search(out):
        summary = PYTEST.findall(out)[-1]
        numbers = dict((k, int(v)) for v, k in re.findall(r"(\d+) (\w+)", summary))
        passed = numbers.get("passed", 0)
        failed = numbers.get("failed", 0) + numbers.get("errors", 0) + numbers.get("error", 0)
    else:
        return (1, 0) if ok else (0, 1)
    if not ok and failed == 0:
        failed = 1
    return passed, failed


def main(paths):
    passed = failed = 0
    for path in paths:
        with open(path) as log:
            for line in log:
                if line.strip():
                    p, f = count(json.loads(line))
                    passed += p
                    failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
