from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.base import DeviceError, HealthState
from devices.registry import open_device


def write_png(path: Path, value: int, size=(40, 30)) -> Path:
    width, height = size
    image = np.full((height, width, 3), value, np.uint8)
    assert cv2.imwrite(str(path), image)
    return path


def write_video(path: Path, frames: int = 5, size=(64, 48)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, size)
    assert writer.isOpened()
    for index in range(frames):
        frame = np.full((size[1], size[0], 3), index * 40, np.uint8)
        writer.write(frame)
    writer.release()
    return path


def test_plays_a_png_again_and_again(device, tmp_path):
    png = write_png(tmp_path / "face.png", 200)
    camera = device("camera", f"file:{png}?fps=0")
    for _ in range(3):
        frame = camera.read()
        assert frame.shape == (30, 40, 3) and int(frame[0, 0, 0]) == 200
    assert camera.health().state is HealthState.OK


def test_plays_a_folder_of_images_in_name_order_and_loops(device, tmp_path):
    for name, value in (("b.png", 20), ("a.png", 10), ("c.png", 30)):
        write_png(tmp_path / name, value)
    (tmp_path / "notes.txt").write_text("not an image")
    camera = device("camera", f"file://{tmp_path}?fps=0")
    assert [int(camera.read()[0, 0, 0]) for _ in range(4)] == [10, 20, 30, 10]


def test_plays_a_video_and_loops_at_the_end(device, tmp_path):
    video = write_video(tmp_path / "clip.avi", frames=5)
    camera = device("camera", f"file:{video}?fps=0")
    frames = [camera.read() for _ in range(12)]
    assert all(frame is not None and frame.shape == (48, 64, 3) for frame in frames)
    brightness = [int(frame.mean()) for frame in frames]
    assert brightness[5] < brightness[4]  # back to the dark first frame
    assert camera.frames_served == 12


def test_video_without_loop_ends_with_none_and_degraded_health(device, tmp_path):
    video = write_video(tmp_path / "clip.avi", frames=3)
    camera = device("camera", f"file:{video}?fps=0&loop=0")
    assert sum(camera.read() is not None for _ in range(5)) == 3
    assert camera.read() is None
    assert camera.health().state is HealthState.DEGRADED


def test_video_is_paced_at_its_own_frame_rate(device, tmp_path, frame_clock):
    video = write_video(tmp_path / "clip.avi", frames=5)
    camera = device("camera", f"file:{video}")
    started = frame_clock.now
    for _ in range(4):
        camera.read()
    assert frame_clock.now - started == pytest.approx(3 / 10)  # the 2nd, 3rd and 4th frame each wait 1/10 s


def test_frames_can_be_resized(device, tmp_path):
    png = write_png(tmp_path / "face.png", 50, size=(80, 60))
    camera = device("camera", f"file:{png}?fps=0&width=40")
    assert camera.read().shape == (30, 40, 3)


def test_relative_paths_are_from_the_working_directory(device, tmp_path, monkeypatch):
    (tmp_path / "demo").mkdir()
    write_png(tmp_path / "demo" / "face.png", 9)
    monkeypatch.chdir(tmp_path)
    camera = device("camera", "file:demo/face.png?fps=0")
    assert camera.read() is not None


def test_missing_file_fails_at_open_in_plain_words(tmp_path):
    with pytest.raises(DeviceError, match="camera file '.*nothing.mp4' does not exist"):
        open_device("camera", f"file:{tmp_path}/nothing.mp4")


def test_empty_folder_and_unreadable_file_fail_at_open(tmp_path):
    with pytest.raises(DeviceError, match="holds no images"):
        open_device("camera", f"file:{tmp_path}")
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video")
    with pytest.raises(DeviceError, match="neither an image nor a video"):
        open_device("camera", f"file:{junk}")
    broken_png = tmp_path / "broken.png"
    broken_png.write_bytes(b"\x89PNG garbage")
    with pytest.raises(DeviceError, match="could not be read"):
        open_device("camera", f"file:{broken_png}")


def test_file_camera_needs_a_path():
    with pytest.raises(DeviceError, match="needs a path"):
        open_device("camera", "file:")
