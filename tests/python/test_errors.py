# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad paths, bad bytes and wrong dtypes or shapes raise the right exception with a clear message,
never a crash."""
import os

import numpy as np
import pytest

import libgait
from conftest import data


def test_missing_file_is_an_io_error_naming_the_file(tmp_path):
    missing = str(tmp_path / "nope.c3d")
    with pytest.raises(libgait.GaitIOError) as err:
        libgait.C3D(missing)
    assert isinstance(err.value, OSError) and isinstance(err.value, libgait.GaitError)
    assert "nope.c3d" in str(err.value) and err.value.detail
    assert err.value.status == 1
    for reader in (libgait.read_trc, libgait.read_mot, libgait.read_imu_csv):
        with pytest.raises(libgait.GaitIOError, match="nope"):
            reader(str(tmp_path / "nope.txt"))
    with pytest.raises(libgait.GaitIOError, match="nope.c3d"):
        libgait.analyze(missing)


@pytest.mark.parametrize("raw", [b"", b"\x00" * 10, b"not a c3d file at all" * 40,
                                 bytes(range(256)) * 8])
def test_bad_bytes_raise_a_gait_error(raw):
    with pytest.raises((libgait.FormatError, libgait.NoDataError, libgait.UnsupportedError)) as err:
        libgait.C3D(raw)
    assert err.value.detail and "<bytes>" in str(err.value)


def test_truncated_c3d_bytes_are_a_format_error_or_read_partially():
    with open(data("overground_rearfoot.c3d"), "rb") as f:
        raw = f.read()
    with pytest.raises(libgait.FormatError, match="shorter than the 512-byte C3D header"):
        libgait.C3D(raw[:511])
    with pytest.raises(libgait.FormatError, match="beyond the end"):
        libgait.C3D(raw[:513])
    with libgait.C3D(raw[: len(raw) // 2]) as c3d:  # whole frames kept, with a warning
        assert c3d.n_frames > 0 and c3d.warnings


def test_wrong_argument_types():
    with pytest.raises(TypeError, match="path"):
        libgait.C3D(12345)
    with pytest.raises(TypeError, match="real numbers"):
        libgait.filtfilt(["a", "b", "c"], 100.0, 10.0)
    with pytest.raises(TypeError, match="real numbers"):
        libgait.filtfilt(np.ones(50, dtype=complex), 100.0, 10.0)
    with pytest.raises(TypeError, match="real numbers"):
        libgait.filtfilt([[1.0, 2.0], [3.0]], 100.0, 10.0)
    with pytest.raises(TypeError, match="unknown option"):
        libgait.analyze(data("overground_rearfoot.c3d"), foot_length=0.26)
    with pytest.raises(TypeError, match="unknown setting"):
        libgait.simulate(speed=3)


def test_wrong_shapes():
    with pytest.raises(libgait.InvalidArgumentError, match=r"shape \(n, 3\)"):
        libgait.imu_events(np.zeros((100, 2)), np.zeros((100, 3)), 100.0)
    with pytest.raises(libgait.InvalidArgumentError, match="same shape"):
        libgait.imu_events(np.zeros((100, 3)), np.zeros((90, 3)), 100.0)
    with pytest.raises(libgait.InvalidArgumentError, match="dimension"):
        libgait.detect_stance(np.zeros((10, 2)), 1000.0)
    with libgait.Stream(rate_hz=100.0) as stream:
        with pytest.raises(ValueError, match=r"\(n, 6\)"):
            stream.push(np.zeros((10, 3)))
    with pytest.raises(libgait.InvalidArgumentError, match="at least one sample"):
        libgait.filtfilt([], 100.0, 10.0)


def test_bad_values_carry_the_c_detail():
    with pytest.raises(libgait.InvalidArgumentError, match="Nyquist") as err:
        libgait.filtfilt(np.ones(100), 100.0, 60.0)
    assert isinstance(err.value, ValueError) and "cutoff" in err.value.detail
    with pytest.raises(libgait.InvalidArgumentError, match="even"):
        libgait.filtfilt(np.ones(100), 100.0, 10.0, order=3)
    with pytest.raises(libgait.NoDataError):
        libgait.dominant_frequency(np.ones(100), 100.0, (1.0, 5.0))
    with pytest.raises(libgait.InvalidArgumentError):
        libgait.simulate(speed_mps=-1.0)
    with pytest.raises(libgait.InvalidArgumentError):
        libgait.Stream(rate_hz=-5.0)
    with pytest.raises(libgait.InvalidArgumentError, match="give a .c3d"):
        libgait.analyze(data("README.md"))
    with pytest.raises(libgait.InvalidArgumentError, match="rate"):
        libgait.read_imu_csv(_no_time_csv())


def _no_time_csv():
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"libgait_no_time_{os.getpid()}.csv")
    with open(path, "w") as f:
        f.write("acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n" + "0,0,9.8,0,0,0\n" * 10)
    return path


def test_closed_handles_raise_instead_of_crashing():
    c3d = libgait.C3D(data("overground_rearfoot.c3d"))
    c3d.close()
    c3d.close()
    with pytest.raises(ValueError, match="closed"):
        _ = c3d.points
    with pytest.raises(ValueError, match="closed"):
        libgait.analyze(c3d)
    stream = libgait.Stream(rate_hz=100.0)
    stream.close()
    with pytest.raises(ValueError, match="closed"):
        stream.push(np.zeros((5, 6)))


def test_library_not_found_lists_every_place(tmp_path, monkeypatch):
    from libgait import _lib

    monkeypatch.setenv("LIBGAIT_PATH", str(tmp_path))
    monkeypatch.setattr(_lib.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(_lib, "_build_candidates", lambda: ("/nowhere/build", []))
    with pytest.raises(libgait.LibraryNotFoundError) as err:
        _lib._load()
    text = str(err.value)
    assert "LIBGAIT_PATH" in text and "find_library" in text and "build directory" in text
