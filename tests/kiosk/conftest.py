"""What most service tests start from: a real SQLite file in tmp_path, a fixed morning, the audit log.

A test module that needs another morning or a seeded database defines its own ``clock`` or ``db``."""
from __future__ import annotations

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.storage import open_database


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 8, 0)


@pytest.fixture
def db_path(database_target):
    """A SQLite file in tmp_path, or a fresh PostgreSQL database's URL (ONEVISIT_TEST_ENGINE)."""
    return database_target


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def audit(db, clock):
    return AuditLog(db, clock)


@pytest.fixture
def production_config(kiosk_config):
    """The demo config switched to production as far as a test can start it: no sandbox gateway, a
    hospital system that connects lazily (nothing listens on port 9), and no key files yet — a test
    creates the keys it means to have with ``onevisit keys init`` or the key loaders."""
    from dataclasses import replace

    return replace(kiosk_config, mode="production", payment=replace(kiosk_config.payment, gateway="off", wechat="off"),
                   systems=replace(kiosk_config.systems, his="fhir+http://127.0.0.1:9/fhir"))
