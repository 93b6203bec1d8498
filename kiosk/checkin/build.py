"""How bootstrap builds face check-in: the face service (templates loaded into memory) and the
check-in service. A broken key file or missing models only switch face check-in off."""
from __future__ import annotations

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.checkin.service import CheckInService
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.face.service import FaceService
from kiosk.face.settings import FaceSettings
from kiosk.his.port import HisPort
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital


def build_face_service(config: KioskConfig, db: sqlite_utils.Database, clock: Clock, audit: AuditLog,
                       his: HisPort) -> FaceService:
    settings = FaceSettings.from_config(config)
    faces = FaceService(db, clock, audit, his, config.kiosk_id, config.face_key_file, settings)
    faces.load()
    return faces


def build_checkin(db: sqlite_utils.Database, clock: Clock, his: HisPort, printing: PrintService,
                  hospital: Hospital, audit: AuditLog) -> CheckInService:
    return CheckInService(db, clock, his, printing, hospital, audit)
