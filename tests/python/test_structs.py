# SPDX-License-Identifier: GPL-3.0-or-later
"""Every ctypes mirror has the size of its C struct (gait_struct_size(), gait/binding.h), and
every struct the library lists is mirrored."""
import ctypes

import pytest

from libgait import _lib, _structs


@pytest.mark.parametrize("name", sorted(_structs.BY_C_NAME))
def test_sizes_match_c(name):
    size = _lib.lib().gait_struct_size(name.encode())
    assert size > 0, f"{name}: unknown to gait_struct_size"
    assert ctypes.sizeof(_structs.BY_C_NAME[name]) == size


def test_every_listed_struct_is_mirrored():
    L = _lib.lib()
    names = []
    k = 0
    while L.gait_struct_name(k) is not None:
        names.append(L.gait_struct_name(k).decode())
        k += 1
    assert sorted(names) == sorted(_structs.BY_C_NAME)
    assert L.gait_struct_size(b"no_such_struct") == 0
    assert L.gait_struct_size(None) == 0


def test_step_fields_follow_the_header_order():
    names = [n for n, _ in _structs.Step._fields_]
    assert names[:5] == ["side", "complete", "from_plate", "plate", "sensor"]
    assert names[-2:] == ["stride_length_m", "speed_m_s"]
    assert _structs.Step.strike_pattern.offset == 5 * 4 + 4 + 15 * 8
