"""DLE EOT status decoding: real bytes in, health and paper level out; no reply is unknown."""
from __future__ import annotations

import pytest

from devices.base import HealthState
from devices.drivers.escpos_status import decode_status, paper_level, status_health, status_request
from devices.protocols import PaperLevel


@pytest.mark.parametrize(("byte", "level"), [
    (0x12, PaperLevel.ADEQUATE), (0x1E, PaperLevel.NEAR_END), (0x72, PaperLevel.OUT), (0x7E, PaperLevel.OUT),
    (None, PaperLevel.UNKNOWN), (0x00, PaperLevel.UNKNOWN), (0xFF, PaperLevel.UNKNOWN),
])
def test_paper_sensor_byte(byte, level):
    assert paper_level(byte) is level


def test_no_reply_is_unknown_never_adequate():
    status = decode_status({1: None, 2: None, 4: None})
    assert status.paper is PaperLevel.UNKNOWN and not status.answered
    assert status_health(status).state is HealthState.UNKNOWN


@pytest.mark.parametrize(("replies", "state", "words"), [
    ({1: 0x12, 2: 0x12, 4: 0x12}, HealthState.OK, "paper adequate"),
    ({1: 0x12, 2: 0x12, 4: 0x1E}, HealthState.DEGRADED, "running low"),
    ({1: 0x1A, 2: 0x32, 4: 0x72}, HealthState.FAULT, "out of paper"),
    ({1: 0x1A, 2: 0x16, 4: 0x12}, HealthState.FAULT, "cover is open"),
    ({1: 0x1A, 2: 0x52, 4: 0x12}, HealthState.FAULT, "reports an error"),
    ({1: 0x12, 2: None, 4: None}, HealthState.UNKNOWN, "only part"),
])
def test_health_from_replies(replies, state, words):
    health = status_health(decode_status(replies))
    assert health.state is state
    assert words in health.detail


def test_status_request_bytes():
    assert status_request(4) == b"\x10\x04\x04"
    with pytest.raises(ValueError):
        status_request(7)
