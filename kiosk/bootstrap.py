"""The composition root: read the config, open storage, the hospital's systems and devices, build the services.

Devices come from ``devices.registry`` and the hospital's systems (HIS, insurance, e-invoices, the
payment gateway) from ``kiosk.adapters``, both keyed by the scheme of their config address. Tests
build the same graph with simulators by passing a config whose device URLs are ``sim:`` (and, where
they need one, their own clock).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils

from kiosk.adapters import HospitalLink, open_hospital, scheme_of
from kiosk.audit import AuditLog
from kiosk.checkin.build import build_checkin, build_face_service
from kiosk.checkin.window import CheckInWindow
from kiosk.checkin.service import CheckInService
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.device_board import DeviceBoard, open_slot
from kiosk.face.service import FaceService
from kiosk.help_call import HelpCallOutcome, StaffWebhook, post_help_call
from kiosk.id_card import CardIdentification
from kiosk.identity import PatientFinder
from kiosk.maintenance import MaintenanceServices, build_maintenance
from kiosk.payment.system import PaymentSystem, build_payments
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.his.port import HisPort
from kiosk.session import PatientSession, SessionManager
from kiosk.storage import engine_of, open_database
from kiosk.storage.outbox import Outbox, StorageStatus, check_storage
from kiosk.voice import VoiceGuide, VolumeSetting
from kiosk.wheelchair.build import build_wheelchair_desk
from kiosk.wheelchair.desk import WheelchairDesk

log = logging.getLogger(__name__)


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
    faces: FaceService
    checkin: CheckInService
    finder: PatientFinder
    cards: CardIdentification  # resident ID card → patient, and new patient files (建档)
    maintenance: MaintenanceServices
    wheelchairs: WheelchairDesk
    payments: PaymentSystem  # settlement: insurance split, gateway, pay-later, invoices
    hospital_link: HospitalLink  # the HIS, insurance and e-invoice adapters (closed last)

    help_webhook: StaffWebhook | None = None  # [help] webhook_url: a staff group robot or any HTTP endpoint
    outbox: Outbox | None = None  # on the hospital's PostgreSQL: what waits while it is away

    @property
    def database_available(self) -> bool:
        """False while the hospital's shared database is known to be away (payments, queue numbers and
        rentals are refused then); always True for the embedded SQLite file."""
        return getattr(self.db, "available", True)

    @property
    def database_outage(self) -> tuple[datetime, str] | None:
        """Since when and why (plain words) the hospital's database is away; None while it answers."""
        since = getattr(self.db, "down_since", None)
        return None if since is None else (datetime.fromtimestamp(since, timezone.utc), self.db.down_reason)

    def check_storage(self) -> StorageStatus:
        """Forward what waits in the outbox, or notice that the database went away or came back."""
        return check_storage(self.db, self.outbox)

    def request_help(self, where: str) -> HelpCallOutcome:
        """A patient pressed "call staff": a row every kiosk's maintenance menu shows (shared database)
        and, when configured, a message to the staff webhook. Says what really happened."""
        queued = False
        try:
            entry = self.audit.record("patient", "help.requested", {"kiosk": self.config.kiosk_id, "screen": where})
            recorded, queued = not entry.queued, entry.queued  # queued: listed once the database is back
        except Exception as error:  # the shared database is unreachable: the webhook may still get through
            log.warning("help call from kiosk %s not recorded: %s", self.config.kiosk_id, error)
            recorded = False
        webhook = post_help_call(self.help_webhook, self.config.hospital_name_zh, self.config.kiosk_id, where,
                                 self.clock.now())
        return HelpCallOutcome(recorded, webhook, queued)

    def close(self) -> None:
        self.sessions.wipe("shutdown")
        self.voice.stop()
        self.faces.close()  # stops following the other kiosks' enrolments
        self.payments.close()  # stops the sandbox gateway process in demo mode
        self.devices.close()
        self.hospital_link.close()
        self.db.close()
        if self.outbox is not None:
            self.outbox.close()


def bootstrap(config: KioskConfig, clock: Clock | None = None) -> KioskServices:
    """Build the kiosk. Raises StorageError / DriverNotFound / ConfigError with plain-words messages,
    after closing whatever it had opened (database, devices, the sandbox gateway)."""
    clock = clock or Clock()
    db = open_database(config.database, kiosk_id=config.kiosk_id)
    outbox: Outbox | None = None
    board: DeviceBoard | None = None
    payments: PaymentSystem | None = None
    link: HospitalLink | None = None
    try:
        if engine_of(db) == "postgresql":
            outbox = Outbox(config.outbox, clock)
        audit = AuditLog(db, clock, config.kiosk_id, outbox)
        link = open_hospital(config, db, clock)
        his = link.his
        board = DeviceBoard({kind: open_slot(kind, url) for kind, url in config.devices.items()}, db, clock,
                            config.kiosk_id, outbox)
        board.poll()
        printing = PrintService(db, clock, board.device("receipt_printer"), board.device("document_printer"),
                                large_print=config.large_print, kiosk_id=config.kiosk_id)
        printing.recover_interrupted()
        hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)

        def record_wipe(session: PatientSession, reason: str) -> None:
            audit.record("kiosk", "session.ended", {"journey": session.journey, "reason": reason})

        payments = build_payments(config, db, clock, link, audit)
        finder = PatientFinder(his, audit)
        services = KioskServices(
            config=config,
            clock=clock,
            db=db,
            audit=audit,
            his=his,
            devices=board,
            sessions=SessionManager(clock, on_wipe=record_wipe),
            voice=VoiceGuide(board, config.speech_volume, VolumeSetting(db, clock, audit)),
            printing=printing,
            hospital=hospital,
            finder=finder,
            cards=CardIdentification(his, finder, audit, clock, config.new_patient_phone_required),
            faces=build_face_service(config, db, clock, audit, his),
            checkin=build_checkin(db, clock, his, printing, hospital, audit, config.systems.queue_status_url,
                                  CheckInWindow(timedelta(minutes=config.checkin_opens_before_min),
                                                timedelta(minutes=config.checkin_closes_after_min))),
            maintenance=build_maintenance(config, db, clock, audit, board, printing),
            wheelchairs=build_wheelchair_desk(config, db, clock, audit, his, board, printing,
                                              payments.service if payments.mobile_pay_available else None),
            payments=payments,
            hospital_link=link,
            help_webhook=StaffWebhook(config.help_webhook_url, config.help_webhook_style) if config.help_webhook_url else None,
            outbox=outbox,
        )
    except BaseException:
        if payments is not None:
            payments.close()
        if board is not None:
            board.close()
        if link is not None:
            link.close()
        db.close()
        if outbox is not None:
            outbox.close()
        raise
    services.checkin.cash_estimate = payments.insurance.estimate_cash  # the ticket's "still to pay"
    payments.start_background()
    services.faces.start_watching()  # follow enrolments and withdrawals made at the hospital's other kiosks
    audit.record("kiosk", "kiosk.started", {"kiosk": config.kiosk_id, "mode": config.mode, "devices": config.devices,
                                            "his": scheme_of(config.systems.his)})
    return services
