# SPDX-License-Identifier: GPL-3.0-or-later
"""TRC and MOT readers on the OpenSim running pair of ../shared/data."""
import os

import numpy as np
import pytest

import libgait
from conftest import needs_shared, shared


@needs_shared
def test_trc_and_mot_pair():
    trc_path = shared("opensim-rajagopal-run", "motion_capture_run.trc")
    mot_path = shared("opensim-rajagopal-run", "grf_run.mot")
    if not (os.path.exists(trc_path) and os.path.exists(mot_path)):
        pytest.skip("opensim-rajagopal-run absent")
    trc = libgait.read_trc(trc_path)
    assert trc.markers.shape == (trc.time_s.size, len(trc.labels), 3)
    assert trc.rate_hz > 0 and np.nanmax(np.abs(trc.markers)) < 20  # metres
    mot = libgait.read_mot(mot_path)
    assert mot.data.shape == (mot.time_s.size, len(mot.labels))
    assert mot.forces and mot.forces[0].force_n.shape == (mot.time_s.size, 3)
    assert np.array_equal(mot.column(mot.labels[1]), mot.data[:, 1], equal_nan=True)
