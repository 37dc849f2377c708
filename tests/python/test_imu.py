# SPDX-License-Identifier: GPL-3.0-or-later
"""IMU events in batch and streaming agree, on a simulated foot IMU with known truth and on the
bundled CSV."""
import numpy as np

import libgait
from conftest import data


def test_batch_and_stream_agree_with_truth():
    with libgait.simulate(n_steps=16) as sim:
        acc, gyr = sim.imu("foot")
        rate = sim.imu_rate_hz
        truth = [t for t in sim.steps if t.side == "right"]
    batch = libgait.imu_events(acc, gyr, rate, placement="foot", side="right")
    assert len(batch) >= len(truth) - 2
    assert all(s.events_from == "imu" and s.side == "right" for s in batch)
    for step in [s for s in batch if s.complete]:
        nearest = min(truth, key=lambda t: abs(t.ic_s - step.ic_s))
        assert abs(step.ic_s - nearest.ic_s) < 0.03
    samples = np.hstack([acc, gyr])
    streamed = []
    with libgait.Stream(rate_hz=rate, placement="foot", side="right") as stream:
        assert 0 < stream.memory_bytes <= 64 * 1024
        for start in range(0, len(samples), 37):
            stream.push(samples[start:start + 37])
            streamed.extend(stream)
        stream.finish()
        streamed.extend(stream)
        assert stream.dropped_steps == 0
        assert stream.activity == "running"
        assert stream.alignment.shape == (3, 3)
    assert [s.to_dict() for s in streamed] == [s.to_dict() for s in batch]


def test_read_imu_csv_units():
    deg = libgait.read_imu_csv(data("overground_rearfoot_foot_imu.csv"))
    assert deg.rate_hz == 200.0 and len(deg.sensors) == 1
    sensor = deg.sensors[0]
    assert sensor.acc_mps2.shape == sensor.gyr_rad_s.shape == (deg.time_s.size, 3)
    as_rad = libgait.read_imu_csv(data("overground_rearfoot_foot_imu.csv"), gyr_unit="rad/s")
    assert np.allclose(as_rad.sensors[0].gyr_rad_s * np.pi / 180, sensor.gyr_rad_s)
    as_g = libgait.read_imu_csv(data("overground_rearfoot_foot_imu.csv"), acc_unit="g")
    assert np.allclose(as_g.sensors[0].acc_mps2, sensor.acc_mps2 * 9.80665)
