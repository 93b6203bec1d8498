from __future__ import annotations

import pytest

from devices.base import DeviceError
from devices.registry import open_device


def test_a_camera_that_is_not_there_fails_in_plain_words():
    with pytest.raises(DeviceError, match=r"camera 99 could not be opened — is it plugged in\?"):
        open_device("camera", "opencv:99")


def test_a_device_path_that_is_not_there_fails_in_plain_words(tmp_path):
    with pytest.raises(DeviceError, match="could not be opened"):
        open_device("camera", f"opencv:{tmp_path}/video7")


def test_size_parameters_are_checked():
    with pytest.raises(DeviceError, match="width= must be a whole number"):
        open_device("camera", "opencv:0?width=wide")
