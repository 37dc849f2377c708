# SPDX-License-Identifier: GPL-3.0-or-later
"""The gait command's contract: --help and --version, and exit status 2 on bad usage."""
import os
import subprocess

import pytest

GAIT = os.environ.get("GAIT_EXE")

pytestmark = pytest.mark.skipif(not GAIT, reason="GAIT_EXE not set: run through meson test")


def run(*args):
    return subprocess.run([GAIT, *args], capture_output=True, text=True, timeout=60)


def test_version_names_program_and_library():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("gait ")
    assert "libgait" in result.stdout
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "meson.build")) as build:
        version = build.read().split("version : '")[1].split("'")[0]
    assert version in result.stdout


def test_help_lists_options_and_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    assert "--version" in result.stdout
    assert "Exit status" in result.stdout


@pytest.mark.parametrize("args", [[], ["--no-such-option"], ["no-such-command"]])
def test_bad_usage_exits_2_with_message(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.strip() != ""
    assert result.stdout == ""
