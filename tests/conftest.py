"""Shared fixtures: a kiosk built from the demo config with simulators, in a temporary folder."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "C.UTF-8"
os.environ["LC_ALL"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"
SHARED_FACES = ROOT.parent / "shared" / "faces"
# Which engine the suite's databases use: "sqlite" (files in tmp_path) or "postgresql" (a fresh database
# per test in a throwaway cluster). `make test` runs the suite on SQLite, then the storage and journey
# tests again on PostgreSQL.
TEST_ENGINE = os.environ.get("ONEVISIT_TEST_ENGINE", "sqlite")
TEMPLATE_DATABASE = "onevisit_template"


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the whole run, with a migrated template database."""
    from kiosk.storage import open_database
    from tests.postgres_cluster import PostgresCluster, why_unavailable

    reason = why_unavailable()
    if reason:
        if TEST_ENGINE == "postgresql":
            pytest.fail(f"ONEVISIT_TEST_ENGINE=postgresql but {reason}")
        pytest.skip(reason)
    cluster = PostgresCluster().start()
    try:
        open_database(cluster.create_database(TEMPLATE_DATABASE)).close()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster):
    """A fresh, migrated PostgreSQL database (a copy of the template), dropped after the test."""
    url = postgres_cluster.create_database(template=TEMPLATE_DATABASE)
    yield url
    postgres_cluster.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def database_target(tmp_path, request):
    """Where a test's kiosk database lives: a file in tmp_path, or a fresh PostgreSQL database."""
    if TEST_ENGINE == "postgresql":
        return request.getfixturevalue("postgres_url")
    return tmp_path / "kiosk.db"


@pytest.fixture
def kiosk_config(tmp_path, database_target):
    """The demo config with its database in tmp_path (or PostgreSQL) and a short idle timeout."""
    from kiosk.config import load_config

    return replace(
        load_config(DEMO_CONFIG),
        database=database_target,
        fullscreen=False,
        idle_timeout_s=3,
        idle_warning_s=2,
        health_poll_s=60.0,
        wheelchair_label_key_file=tmp_path / "wheelchair-label.key",
        face_key_file=tmp_path / "face.key",
        outbox=tmp_path / "outbox.db",
    )


@pytest.fixture
def services(kiosk_config):
    from kiosk.bootstrap import bootstrap

    built = bootstrap(kiosk_config)
    yield built
    built.close()


@pytest.fixture(scope="module")
def sandbox():
    """The signed sandbox gateway process (Alipay and WeChat Pay), one per test module."""
    from kiosk.payment.sandbox.process import SandboxProcess

    process = SandboxProcess()
    process.start()
    yield process.endpoint()
    process.stop()


@pytest.fixture
def proxy(postgres_cluster):
    """A relay in front of the test cluster that can cut the line or refuse connections (tests/tcp_cut_proxy.py)."""
    from tests.tcp_cut_proxy import CutProxy

    relay = CutProxy(postgres_cluster.port)
    yield relay
    relay.close()
