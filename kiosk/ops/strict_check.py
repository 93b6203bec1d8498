"""``onevisit --check``: everything a kiosk needs, asked for real, one line each, non-zero on any failure.

Config (already loaded when this runs), the database (a SQLite file: integrity, schema, write lock,
modes; the hospital's PostgreSQL: connection, schema version, a trial write rolled back), every
device (its health must be ``ok``: degraded, unknown or fault fail the check), the hospital system (a
read-only request), the payment gateway (a query of a trade that cannot exist: the answer must come
back and be signed; an unsigned or missing answer fails) and the two keys.
"""
from __future__ import annotations

import stat
import time
import uuid
from dataclasses import dataclass
from typing import Callable

from devices.base import HealthState
from kiosk.bootstrap import KioskServices
from kiosk.face.templates import FaceKeyError, load_or_create_key
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, schema_version
from kiosk.payment.gateway import GatewayError, TradeStatus
from kiosk.ops import store
from kiosk.storage import DATABASE_ERRORS, MEMORY, engine_of, write_transaction
from kiosk.storage.postgres import redact, server_version
from kiosk.storage.sqlite import quick_check
from kiosk.wheelchair.labels import LabelKeyError, load_label_key


@dataclass(frozen=True)
class CheckLine:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.name:18} {'ok' if self.ok else 'FAIL':5} {self.detail}"


class _RolledBack(Exception):
    """Ends the check's trial write: the transaction is rolled back, nothing stays."""


def _shared_database(services: KioskServices) -> CheckLine:
    """The hospital's PostgreSQL: connected, same schema as this program, and this kiosk may write
    (a trial row in ``kiosk_state``, rolled back: a read-only standby or missing grants fail here)."""
    db, where = services.db, redact(str(services.config.database))
    started = time.monotonic()
    version = server_version(db)
    found = schema_version(db)
    if found != CURRENT_SCHEMA_VERSION:
        return CheckLine("database", False, f"{where} has schema {found}, this program needs {CURRENT_SCHEMA_VERSION}: "
                                            "run every kiosk of the hospital on the same OneVisit version")
    try:
        with write_transaction(db):
            store.write_trial_row(db, services.config.kiosk_id)
            raise _RolledBack
    except _RolledBack:
        pass
    except DATABASE_ERRORS as error:
        return CheckLine("database", False, f"{where} cannot be written by this kiosk ({str(error).strip()}); ask the "
                                            "hospital's database administrator for write access (not a standby server)")
    milliseconds = (time.monotonic() - started) * 1000
    return CheckLine("database", True, f"{where} (PostgreSQL {version}, schema {found}, writable, "
                                       f"{milliseconds:.0f} ms for the check)")


def _database(services: KioskServices) -> CheckLine:
    if engine_of(services.db) == "postgresql":
        return _shared_database(services)
    db, path = services.db, services.config.database
    result = quick_check(db)
    if result != "ok":
        return CheckLine("database", False, f"{path} is damaged ({result}); restore the last backup")
    found = schema_version(db)
    if found != CURRENT_SCHEMA_VERSION:
        return CheckLine("database", False, f"{path} has schema {found}, this program needs {CURRENT_SCHEMA_VERSION}")
    with write_transaction(db):
        pass  # takes and gives back the write lock
    if str(path) != MEMORY:
        for item, wanted in ((path, 0o600), (path.parent, 0o700)):
            mode = stat.S_IMODE(item.stat().st_mode)
            if mode & 0o077:
                return CheckLine("database", False, f"{item} is open to other accounts (mode {mode:o}); "
                                                    f"run: chmod {wanted:o} {item}")
    return CheckLine("database", True, f"{path} (schema {found}, integrity ok, writable, private)")


def _devices(services: KioskServices) -> list[CheckLine]:
    lines = []
    for kind, health in services.devices.poll().items():
        url = services.devices.slots[kind].url
        detail = f"{url}: {health.state.value}" + (f" — {health.detail}" if health.detail else "")
        lines.append(CheckLine(kind, health.state is HealthState.OK, detail))
    return lines


def _hospital_system(services: KioskServices) -> CheckLine:
    try:
        departments = services.his.departments()
    except Exception as error:  # any adapter, any failure: the check reports it, it does not crash
        return CheckLine("hospital_system", False, f"no answer to a departments request ({error})")
    if not departments:
        return CheckLine("hospital_system", False, "answered with no departments; check the hospital system settings")
    return CheckLine("hospital_system", True, f"answered: {len(departments)} departments")


def _payment_gateway(services: KioskServices) -> CheckLine:
    payments = services.payments
    if payments.gateway_kind == "off":
        return CheckLine("payment_gateway", True, "off (payment.gateway = \"off\": no mobile payment offered)")
    probe = f"OV-CHECK-{uuid.uuid4().hex[:16]}"
    try:
        trade = payments.service.gateway.query(probe)
    except GatewayError as error:
        return CheckLine("payment_gateway", False, f"{services.config.payment.gateway}: {error}")
    if trade.status is not TradeStatus.NOT_FOUND:
        return CheckLine("payment_gateway", False, f"a trade {probe} that cannot exist came back as {trade.status.value}")
    return CheckLine("payment_gateway", True, f"{services.config.payment.gateway}: signed answer "
                                              f"(query of a trade that does not exist: not found)")


def _keys(services: KioskServices) -> list[CheckLine]:
    config = services.config
    lines = []
    checks: list[tuple[str, Callable[[], object], tuple[type[Exception], ...]]] = [
        ("face_key", lambda: load_or_create_key(config.face_key_file, create=False), (FaceKeyError,)),
        ("label_key", lambda: load_label_key(config.wheelchair_label_key_file), (LabelKeyError,)),
    ]
    for name, check, errors in checks:
        try:
            check()
        except errors as error:
            lines.append(CheckLine(name, False, str(error)))
        else:
            lines.append(CheckLine(name, True, f"{config.face_key_file if name == 'face_key' else config.wheelchair_label_key_file} "
                                               "(regular file, mode 0600, right length)"))
    if lines[0].ok and not services.faces.available:
        lines[0] = CheckLine("face_key", False, services.faces.problem or "face check-in is off")
    return lines


def run_checks(services: KioskServices) -> list[CheckLine]:
    config = services.config
    lines = [CheckLine("config", True, f"{config.source} (kiosk {config.kiosk_id}, {config.mode})")]
    for check in (_database, _hospital_system, _payment_gateway):
        try:
            lines.append(check(services))
        except Exception as error:  # one line, never a traceback
            lines.append(CheckLine(check.__name__.strip("_"), False, str(error)))
    lines[2:2] = _devices(services)
    lines += _keys(services)
    return lines
