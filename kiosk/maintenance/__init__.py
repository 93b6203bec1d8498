"""Maintenance mode's services (no Qt): staff session, out-of-service switch, help alerts, self-tests,
audit browsing and export, the redacted config view, staff accounts managed by an admin, and the paper
roll estimate. ``build_maintenance`` wires them; the live camera test (``camera_check``), "restart
services" (``restart``) and the overdue list (``overdue_view``) are functions the screens call.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.device_board import DeviceBoard
from kiosk.maintenance.audit_view import AuditBrowser
from kiosk.maintenance.demo_staff import seed_demo_staff
from kiosk.maintenance.enrolments import EnrolmentCounts
from kiosk.maintenance.help_requests import HelpRequests
from kiosk.maintenance.kiosk_state import OutOfServiceSwitch
from kiosk.maintenance.paper_roll import PaperRoll
from kiosk.maintenance.payments_view import PaymentLine, todays_payments
from kiosk.maintenance.self_tests import SelfTests
from kiosk.maintenance.staff_admin import StaffAdmin
from kiosk.maintenance.staff_session import StaffSession
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.staff import StaffDirectory
from kiosk.storage import is_postgres_url

STAFF_IDLE_TIMEOUT_S = 120


@dataclass
class MaintenanceServices:
    staff: StaffDirectory
    session: StaffSession
    service_switch: OutOfServiceSwitch
    help_requests: HelpRequests
    self_tests: SelfTests
    audit_browser: AuditBrowser
    staff_admin: StaffAdmin
    paper_roll: PaperRoll
    enrolments: EnrolmentCounts
    todays_payments: Callable[[], list[PaymentLine]]  # finance's list, this kiosk's (blocking: call from a worker)
    idle_timeout_s: int = STAFF_IDLE_TIMEOUT_S  # maintenance mode leaves after this long untouched


def local_folder(config: KioskConfig) -> Path:
    """Where this kiosk keeps its own files (audit exports): beside its SQLite file, or, when the
    database is the hospital's PostgreSQL, the service's state folder (systemd ``StateDirectory``,
    /var/lib/onevisit) or ~/.local/state/onevisit outside systemd."""
    if is_postgres_url(config.database):
        state = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
        return Path(state) if state else Path("~/.local/state/onevisit").expanduser()
    if str(config.database) == ":memory:":
        return config.source.parent
    return Path(config.database).parent


def build_maintenance(config: KioskConfig, db: sqlite_utils.Database, clock: Clock, audit: AuditLog,
                      board: DeviceBoard, printing: PrintService) -> MaintenanceServices:
    staff = StaffDirectory(db, clock, audit)
    if config.mode == "demo":
        seed_demo_staff(db, clock, audit, config.mode)
    hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)
    data_folder = local_folder(config)
    session = StaffSession(staff, audit)
    return MaintenanceServices(
        staff=staff,
        session=session,
        service_switch=OutOfServiceSwitch(db, clock, audit),
        help_requests=HelpRequests(db, clock, audit),
        self_tests=SelfTests(board, printing, audit, clock, hospital, config.kiosk_id),
        audit_browser=AuditBrowser(db, clock, audit, data_folder / "exports", config.kiosk_id),
        staff_admin=StaffAdmin(staff, session, db, clock),
        paper_roll=PaperRoll(db, clock, audit, config.paper_roll_m, config.paper_low_tickets),
        enrolments=EnrolmentCounts(db),
        todays_payments=partial(todays_payments, db, clock, config.kiosk_id),
    )
