"""The composition root: read the config, open storage and devices, build the services.

The only module that knows concrete classes. Tests build the same graph with simulators by passing a
config whose device URLs are ``sim:`` (and, where they need one, their own clock).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.device_board import DeviceBoard, open_slot
from kiosk.his.demo import DemoHospital
from kiosk.his.seed import seed_demo_hospital
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.his.port import HisPort
from kiosk.session import PatientSession, SessionManager
from kiosk.storage import open_database
from kiosk.voice import VoiceGuide


@dataclass
class KioskServices:
    """Everything the UI may use, already wired together."""

    config: KioskConfig
    clock: Clock
    db: sqlite_utils.Database
    audit: AuditLog
    his: HisPort
    devices: DeviceBoard
    sessions: SessionManager
    voice: VoiceGuide
    printing: PrintService
    hospital: Hospital

    def request_help(self, where: str) -> None:
        """A patient pressed "call staff": leave a trace staff will see and that the audit keeps."""
        self.audit.record("patient", "help.requested", {"kiosk": self.config.kiosk_id, "screen": where})

    def close(self) -> None:
        self.sessions.wipe("shutdown")
        self.voice.stop()
        self.devices.close()
        self.db.close()


def bootstrap(config: KioskConfig, clock: Clock | None = None) -> KioskServices:
    """Build the kiosk. Raises StorageError / DriverNotFound with plain-words messages."""
    clock = clock or Clock()
    db = open_database(config.database)
    try:
        audit = AuditLog(db, clock)
        seed_demo_hospital(db, clock.today())
        his = DemoHospital(db, clock)
        board = DeviceBoard({kind: open_slot(kind, url) for kind, url in config.devices.items()}, db, clock)
    except BaseException:
        db.close()
        raise
    board.poll()
    printing = PrintService(db, clock, board.device("receipt_printer"), board.device("document_printer"))
    printing.recover_interrupted()

    def record_wipe(session: PatientSession, reason: str) -> None:
        audit.record("kiosk", "session.ended", {"journey": session.journey, "reason": reason})

    audit.record("kiosk", "kiosk.started", {"kiosk": config.kiosk_id, "mode": config.mode, "devices": config.devices})
    return KioskServices(
        config=config,
        clock=clock,
        db=db,
        audit=audit,
        his=his,
        devices=board,
        sessions=SessionManager(clock, on_wipe=record_wipe),
        voice=VoiceGuide(board, config.speech_volume),
        printing=printing,
        hospital=Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en),
    )
