from __future__ import annotations


import numpy as np
import pytest

from devices.base import DeviceError, HealthState


def test_synthetic_frames_are_bgr_of_the_asked_size_and_move(device):
    camera = device("camera", "sim:?width=320&height=240&fps=0")
    first, second = camera.read(), camera.read()
    assert first.shape == (240, 320, 3) and first.dtype == np.uint8
    assert not np.array_equal(first, second)
    assert camera.frames_served == 2 and camera.counters["read"] == 2


def test_size_can_be_changed_while_running(device):
    camera = device("camera", "sim:?fps=0")
    assert camera.read().shape == (480, 640, 3)
    camera.set_size(160, 120)
    assert camera.read().shape == (120, 160, 3)
    with pytest.raises(DeviceError):
        camera.set_size(4, 4)


def test_fps_paces_reads_like_a_real_camera(device, frame_clock):
    camera = device("camera", "sim:?fps=50&width=64&height=48")
    started = frame_clock.now
    for _ in range(6):
        camera.read()
    assert frame_clock.now - started == pytest.approx(5 / 50)  # every frame after the first waits 1/50 s


def test_supplied_frames_are_played_in_order_and_loop(device):
    camera = device("camera", "sim:?fps=0")
    frames = [np.full((10, 20, 3), value, np.uint8) for value in (1, 2, 3)]
    camera.play(frames)
    values = [int(camera.read()[0, 0, 0]) for _ in range(5)]
    assert values == [1, 2, 3, 1, 2]


def test_supplied_frames_without_loop_end_with_none(device):
    camera = device("camera", "sim:?fps=0")
    camera.play([np.zeros((4, 4, 3), np.uint8)], loop=False)
    assert camera.read() is not None
    assert camera.read() is None
    camera.play_synthetic()
    assert camera.read().shape == (480, 640, 3)


def test_play_refuses_frames_that_are_not_bgr(device):
    camera = device("camera", "sim:")
    with pytest.raises(DeviceError, match="frame 1"):
        camera.play([np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4), np.uint8)])


def test_no_frames_fault_returns_none_and_reports_in_plain_words(device):
    camera = device("camera", "sim:?fps=0&fail=no_frames")
    assert camera.read() is None
    health = camera.health()
    assert health.state is HealthState.FAULT and "stopped sending frames" in health.detail
    camera.clear_faults()
    assert camera.read() is not None
