"""Builds the wheelchair desk of one kiosk from its config (called by ``kiosk.bootstrap``)."""
from __future__ import annotations

import logging

import sqlite_utils

from devices.base import DeviceError
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import ConfigError, KioskConfig
from kiosk.device_board import DeviceBoard
from kiosk.his.port import HisPort
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.payment.service import PaymentService
from kiosk.wheelchair.deposits import DepositCashier
from kiosk.wheelchair.desk import WheelchairDesk
from kiosk.wheelchair.fleet import Fleet
from kiosk.hospital_keys import LABEL_KEY, NotTheHospitalsKey, check_hospital_key
from kiosk.wheelchair.labels import LabelKeyError, load_label_key
from kiosk.wheelchair.reminders import OverdueReminders
from kiosk.wheelchair.rentals import RentalService

log = logging.getLogger(__name__)


def build_wheelchair_desk(config: KioskConfig, db: sqlite_utils.Database, clock: Clock, audit: AuditLog,
                          his: HisPort, devices: DeviceBoard, printing: PrintService,
                          payments: PaymentService | None = None) -> WheelchairDesk:
    """Load the label key (made on first start in demo mode), register docked chairs, recover.

    A missing or unsafe key file is a ``ConfigError`` (one line naming the file), like a wrong key.
    """
    try:
        key = load_label_key(config.wheelchair_label_key_file, create=config.mode == "demo")
        check_hospital_key(db, LABEL_KEY, key, config.kiosk_id, clock.now(), config.wheelchair_label_key_file)
    except (LabelKeyError, NotTheHospitalsKey) as error:
        raise ConfigError(str(error)) from None
    settings = config.wheelchair
    rentals = RentalService(db, clock, audit, Fleet(db, clock, audit), his, settings.terms, config.kiosk_id,
                            devices.device("dock"), settings.pickup_timeout_s)
    try:
        rentals.register_docked_chairs()
        rentals.recover_interrupted()
    except DeviceError as error:  # a dock fault must not stop the kiosk; the banner already says so
        log.warning("wheelchair dock: %s", error)
    hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)
    deposits = DepositCashier(payments) if payments is not None else None
    return WheelchairDesk(rentals, key, printing, hospital, his, dock_name=config.kiosk_id, deposits=deposits,
                          slip_url=settings.slip_url, reminders=OverdueReminders(db, clock, rentals, his))
