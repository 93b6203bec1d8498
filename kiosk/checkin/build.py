"""How bootstrap builds face check-in: the face service (templates loaded into memory) and the
check-in service. In demo mode a broken key file or missing models only switch face check-in off; in
production every face key problem (missing, unsafe, damaged) stops the kiosk with one line, because a key
made silently would leave the templates of every enrolled patient unreadable."""
from __future__ import annotations


from kiosk.audit import AuditLog
from kiosk.checkin.service import CheckInService
from kiosk.checkin.window import CheckInWindow
from kiosk.clock import Clock
from kiosk.config import ConfigError, KioskConfig
from kiosk.face.service import FaceService
from kiosk.face.templates import FaceKeyError, load_or_create_key
from kiosk.face.settings import FaceSettings
from kiosk.his.port import HisPort
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.storage import Database


def build_face_service(config: KioskConfig, db: Database, clock: Clock, audit: AuditLog,
                       his: HisPort) -> FaceService:
    settings = FaceSettings.from_config(config)
    demo = config.mode == "demo"
    if not demo:
        try:
            load_or_create_key(config.face_key_file, create=False)
        except FaceKeyError as error:
            raise ConfigError(f"privacy.face_key_file: {error}") from None
    faces = FaceService(db, clock, audit, his, config.kiosk_id, config.face_key_file, settings, create_key=demo)
    faces.load()
    return faces


def build_checkin(db: Database, clock: Clock, his: HisPort, printing: PrintService,
                  hospital: Hospital, audit: AuditLog, status_url: str = "",
                  window: CheckInWindow | None = None) -> CheckInService:
    return CheckInService(db, clock, his, printing, hospital, audit, status_url, window)
