"""Fleet fixtures: one hospital database on the throwaway PostgreSQL, its key folder, kiosk processes.

The test process seeds the demo hospital once and installs the hospital-wide keys (face templates,
wheelchair labels) before any kiosk starts, as a hospital installs the same key files on every kiosk.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.fleet.kiosks import KioskProcess, kiosk_spec


@pytest.fixture
def hospital_db(postgres_url):
    """The hospital's shared database (PostgreSQL), with today's demo hospital seeded."""
    from kiosk.clock import Clock
    from kiosk.his.demo import seed_demo_hospital
    from kiosk.storage import open_database

    db = open_database(postgres_url)
    seed_demo_hospital(db, Clock().today())
    yield db
    db.close()


@pytest.fixture
def hospital_keys(tmp_path) -> Path:
    """The folder holding the hospital's face key and wheelchair label key, made once for all kiosks."""
    from kiosk.face.templates import load_or_create_key
    from kiosk.wheelchair.labels import load_label_key

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    load_or_create_key(keys / "face.key", create=True)
    load_label_key(keys / "wheelchair-label.key", create=True)
    return keys


@pytest.fixture
def start_kiosk(postgres_url, hospital_db, hospital_keys, tmp_path):
    """``start_kiosk("EAST-1", dock=..., gateway=...)``: a kiosk process on the hospital's database."""
    started: list[KioskProcess] = []
    logs = tmp_path / "kiosk-logs"
    logs.mkdir()

    def start(kiosk: str, **options) -> KioskProcess:
        process = KioskProcess(kiosk_spec(kiosk, postgres_url, hospital_keys, **options), logs)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()
