"""Two kiosks on one database (a SQLite file both open, or PostgreSQL): what is per kiosk stays per
kiosk (out of service, speaker volume, device events) and what is hospital-wide (help calls) is seen
and resolved at either, naming the kiosk that called."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.audit import AuditLog
from kiosk.device_board import DeviceBoard, open_slot
from kiosk.maintenance.help_requests import HelpRequests
from kiosk.maintenance.kiosk_state import OutOfServiceSwitch
from kiosk.storage import open_database
from kiosk.voice import VolumeSetting


@pytest.fixture
def kiosks(db_path, clock):
    """(db, audit) of the east and the west lobby's kiosks."""
    opened = []
    for kiosk_id in ("EAST-1", "WEST-1"):
        db = open_database(db_path, kiosk_id=kiosk_id)
        opened.append((db, AuditLog(db, clock, kiosk_id)))
    yield opened
    for db, _ in opened:
        db.close()


def test_taking_one_kiosk_out_of_service_leaves_the_other_open(kiosks, clock):
    (east_db, east_audit), (west_db, west_audit) = kiosks
    east, west = OutOfServiceSwitch(east_db, clock, east_audit), OutOfServiceSwitch(west_db, clock, west_audit)
    east.set(True, "staff:1001")
    assert OutOfServiceSwitch(east_db, clock, east_audit).out_of_service  # east after a restart
    assert not OutOfServiceSwitch(west_db, clock, west_audit).out_of_service
    west.set(True, "staff:1002")
    east.set(False, "staff:1001")
    assert not OutOfServiceSwitch(east_db, clock, east_audit).out_of_service
    assert OutOfServiceSwitch(west_db, clock, west_audit).state.changed_by == "staff:1002"
    assert [entry.action for entry in east_audit.entries(kiosk_id="EAST-1")] == ["kiosk.back_in_service",
                                                                                 "kiosk.out_of_service"]
    assert [entry.action for entry in west_audit.entries(kiosk_id="WEST-1")] == ["kiosk.out_of_service"]


def test_each_kiosk_keeps_its_own_speaker_volume(kiosks, clock):
    (east_db, east_audit), (west_db, west_audit) = kiosks
    VolumeSetting(east_db, clock, east_audit).save(30, 80, "staff:1001")
    assert VolumeSetting(east_db, clock, east_audit).load(80) == 30
    assert VolumeSetting(west_db, clock, west_audit).load(80) == 80  # the config's default still
    VolumeSetting(west_db, clock, west_audit).save(95, 80, "staff:1002")
    assert VolumeSetting(east_db, clock, east_audit).load(80) == 30


def test_help_calls_from_every_kiosk_are_listed_at_each_and_resolved_once(kiosks, clock):
    (east_db, east_audit), (west_db, west_audit) = kiosks
    east_audit.record("patient", "help.requested", {"kiosk": "EAST-1", "screen": "pay"})
    clock.advance(timedelta(minutes=1))
    west_audit.record("patient", "help.requested", {"kiosk": "WEST-1", "screen": "wheelchair"})
    east, west = HelpRequests(east_db, clock, east_audit), HelpRequests(west_db, clock, west_audit)
    listed = west.open_requests()
    assert [(request.kiosk_id, request.screen) for request in listed] == [("WEST-1", "wheelchair"), ("EAST-1", "pay")]
    assert east.open_requests() == listed
    west.resolve(listed[1].request_id, "staff:1002")  # the east lobby's call, attended by west's staff
    assert [request.kiosk_id for request in east.open_requests()] == ["WEST-1"]
    resolved, = [entry for entry in west_audit.entries(kiosk_id="WEST-1") if entry.action == "help.resolved"]
    assert resolved.detail == {"request_id": listed[1].request_id}
    clock.advance(timedelta(hours=9))  # an old unanswered call is history, not an alert
    assert east.open_requests() == []


def test_device_events_name_the_kiosk_they_happened_at(kiosks, clock):
    (east_db, _), (west_db, _) = kiosks
    for db, kiosk_id in ((east_db, "EAST-1"), (west_db, "WEST-1")):
        board = DeviceBoard({"speaker": open_slot("speaker", "sim:")}, db, clock, kiosk_id)
        board.poll()
        board.poll()  # unchanged health writes nothing
        board.close()
    rows = east_db.execute("SELECT kiosk_id, device_kind FROM device_events ORDER BY kiosk_id").fetchall()
    assert [tuple(row) for row in rows] == [("EAST-1", "speaker"), ("WEST-1", "speaker")]
