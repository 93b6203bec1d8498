from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from devices.base import DeviceError, DriverNotFound, HealthState
from devices.protocols import DEVICE_KINDS
from devices.registry import available_schemes, driver_class, open_device, register_driver, unregister_driver
from devices.simulators import SimCamera


@pytest.mark.parametrize("kind", sorted(DEVICE_KINDS))
def test_every_kind_has_an_open_simulator_that_satisfies_its_protocol(device, kind):
    dev = device(kind, "sim:")
    assert dev.is_open and dev.simulated
    assert isinstance(dev, DEVICE_KINDS[kind])
    assert dev.health().state is HealthState.OK
    assert "sim" in available_schemes(kind)


def test_unknown_scheme_names_kind_url_and_available_schemes():
    with pytest.raises(DriverNotFound) as caught:
        open_device("camera", "gige://10.0.0.9")
    message = str(caught.value)
    assert "camera" in message and "gige://10.0.0.9" in message
    assert "file, opencv, sim" in message


def test_unknown_kind_lists_known_kinds():
    with pytest.raises(DriverNotFound, match="unknown device kind 'fax'.*camera"):
        open_device("fax", "sim:")


def test_url_without_scheme_is_refused():
    with pytest.raises(DriverNotFound, match="not a driver URL"):
        open_device("camera", "just-a-name")


def test_scheme_is_matched_per_kind():
    with pytest.raises(DriverNotFound, match="schemes available for receipt_printer: escpos\\+file, escpos\\+serial, escpos\\+tcp, escpos\\+usb, sim$"):
        open_device("receipt_printer", "opencv:0")


def test_bad_parameter_stops_with_the_url_in_the_message():
    with pytest.raises(DeviceError, match=r"sim:\?slots=six.*whole number"):
        open_device("dock", "sim:?slots=six")


def test_missing_opencv_becomes_driver_not_found_with_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "cv2", None)  # makes "import cv2" raise ImportError
    with pytest.raises(DriverNotFound, match="pip install opencv-python-headless"):
        open_device("camera", "opencv:0")


def test_in_process_registration_and_builtins_are_protected():
    class OtherCamera(SimCamera):
        """A stand-in for a site-specific camera driver."""

    with pytest.raises(DeviceError, match="already exists"):
        register_driver("camera", "sim", OtherCamera)
    register_driver("camera", "other", OtherCamera)
    try:
        assert "other" in available_schemes("camera")
        assert driver_class("camera", "OTHER") is OtherCamera
    finally:
        unregister_driver("camera", "other")
    assert "other" not in available_schemes("camera")


def test_driver_lacking_protocol_members_is_refused():
    class NotAPrinter(SimCamera):
        """A camera wrongly registered as a receipt printer."""

    register_driver("receipt_printer", "fake", NotAPrinter)
    try:
        with pytest.raises(DeviceError, match="not a usable receipt printer.*paper"):
            open_device("receipt_printer", "fake:")
    finally:
        unregister_driver("receipt_printer", "fake")


PLUGIN_MODULE = '''
from devices.base import Device, Health


class AcmeCamera(Device):
    kind = "camera"

    def _open(self):
        self.frames = 0

    def _close(self):
        """Nothing to release."""

    def _health(self):
        return Health.ok("acme")

    def read(self):
        return None


class AcmeSpeaker(Device):
    kind = "speaker"
    volume = 50

    def _open(self):
        self.said = []

    def _close(self):
        """Nothing to release."""

    def _health(self):
        return Health.ok("acme")

    def say(self, text, language):
        self.said.append(text)

    def stop(self):
        """Speech is instant here."""

    def is_speaking(self):
        return False

    def chime(self):
        self.said.append("<chime>")
'''

ENTRY_POINTS = """
[onevisit.drivers]
camera.acme = acme_drivers:AcmeCamera
acmevoice = acme_drivers:AcmeSpeaker
camera.sim = acme_drivers:AcmeCamera
camera.broken = acme_missing_package:Whatever
"""


@pytest.fixture
def acme_plugin(tmp_path: Path, monkeypatch):
    """A third-party distribution on sys.path, registered the way pip would leave it."""
    (tmp_path / "acme_drivers.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    dist_info = tmp_path / "acme_drivers-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-drivers\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("acme_drivers", None)


def test_entry_point_driver_with_kind_dot_scheme(acme_plugin, device):
    assert "acme" in available_schemes("camera")
    camera = device("camera", "acme:front")
    assert type(camera).__name__ == "AcmeCamera"
    assert camera.health().detail == "acme"


def test_entry_point_driver_with_bare_scheme_uses_class_kind(acme_plugin, device):
    assert "acmevoice" in available_schemes("speaker")
    assert "acmevoice" not in available_schemes("camera")
    speaker = device("speaker", "acmevoice:")
    speaker.say("hello", "en")
    assert speaker.said == ["hello"]


def test_plugin_cannot_replace_a_builtin(acme_plugin, device):
    assert isinstance(device("camera", "sim:"), SimCamera)


def test_broken_plugin_says_what_is_missing(acme_plugin):
    with pytest.raises(DriverNotFound, match="camera 'broken:x'.*acme_missing_package is not installed"):
        open_device("camera", "broken:x")


def test_devices_imports_no_qt_and_nothing_of_kiosk_or_ui():
    code = textwrap.dedent("""
        import pkgutil, importlib, sys, devices
        for info in pkgutil.walk_packages(devices.__path__, "devices."):
            importlib.import_module(info.name)
        bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "kiosk", "ui"))
        print(",".join(bad))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == ""
