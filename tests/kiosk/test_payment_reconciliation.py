"""The daily reconciliation: yesterday's report once the local time passes payment.reconcile_at, missed
days caught up after downtime, never stored twice for a day; the config key; ``onevisit reconcile``."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pytest

from kiosk.clock import HOSPITAL_ZONE, FixedClock
from kiosk.config import ConfigError, load_config
from kiosk.payment.reconcile_cli import reconcile_command
from kiosk.payment.reconciliation import LEASE, DailyReconciliation, ReconciliationBusy, parse_reconcile_at, reconcile
from kiosk.payment.refunds import refund
from kiosk.storage import leases, open_database
from payment_world import make_world

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=HOSPITAL_ZONE)


@pytest.fixture
def world(database_target, sandbox):
    clock = FixedClock(local(19, 10))
    made = make_world(database_target, sandbox, clock=clock)
    yield made, clock
    made.close()


def stored_days(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT day FROM reconciliation_reports ORDER BY day")]


def test_yesterday_runs_once_after_the_configured_time_and_missed_days_are_caught_up(world):
    made, clock = world
    service = made.service
    attempt = service.pay_with_code(service.open_bill("DEMO-002").id, made.control.payment_code())
    daily = DailyReconciliation(service, time(2, 30))
    clock.set(local(20, 2, 29))  # 19 November is not due yet: only the day before, the latest due day
    assert [r.day for r in daily.run_due()] == [date(2026, 11, 18)]
    clock.set(local(20, 2, 31))
    (report,) = daily.run_due()
    assert report.day == date(2026, 11, 19) and report.balanced
    assert (report.trades_checked, report.ledger_in_fen) == (1, attempt.amount_fen)
    assert daily.run_due() == [] and daily.run_due(local(20, 23, 59)) == []  # never twice a day
    assert daily.run_day(date(2026, 11, 19)) is None
    assert daily.stored(date(2026, 11, 19)) == report
    clock.set(local(24, 9))  # the kiosk was off from the 20th to the 24th morning
    assert [r.day for r in daily.run_due()] == [date(2026, 11, d) for d in (20, 21, 22, 23)]
    assert stored_days(service.db) == [f"2026-11-{d}" for d in range(18, 24)]
    assert len(service.audit.entries(action="payment.reconciled")) == 6


def test_one_kiosk_at_a_time_reconciles_the_hospital_and_the_lease_is_given_back(world, database_target, sandbox):
    """Two kiosks on one database: while the east kiosk holds the reconciliation lease the west kiosk
    stores nothing (and the CLI says who is at it); once it is released or runs out, the west kiosk may."""
    made, clock = world
    service = made.service
    service.pay_with_code(service.open_bill("DEMO-002").id, made.control.payment_code())
    west = make_world(database_target, sandbox, clock=clock, kiosk_id="west-1")
    try:
        clock.set(local(20, 3))
        assert leases.take(service.db, LEASE, "east-1", 600, clock.now())  # the east kiosk is reconciling
        assert DailyReconciliation(west.service, time(2, 30)).run_due() == []
        assert stored_days(west.db) == []
        with pytest.raises(ReconciliationBusy, match="east-1"):
            DailyReconciliation(west.service, time(2, 30)).run_day(date(2026, 11, 19))
        clock.set(local(20, 3, 11))  # the east kiosk died: its lease ran out after 10 minutes
        assert [r.day for r in DailyReconciliation(west.service, time(2, 30)).run_due()] == [date(2026, 11, 19)]
        assert leases.holder(west.db, LEASE, clock.now()) is None  # released after the run
        assert [e.detail["day"] for e in west.service.audit.entries(action="payment.reconciled")] == ["2026-11-19"]
    finally:
        west.close()


def test_a_day_is_unique_in_the_table(world):
    made, _ = world
    made.db.execute("INSERT INTO reconciliation_reports VALUES ('2026-11-18', 0, 0, 0, 0, 0, '[]', 1, 'x')")
    with pytest.raises(Exception, match="UNIQUE|unique constraint"):  # SQLite's words, PostgreSQL's
        made.db.execute("INSERT INTO reconciliation_reports VALUES ('2026-11-18', 0, 0, 0, 0, 0, '[]', 1, 'x')")


def test_a_day_the_gateway_cannot_answer_for_is_not_stored_and_is_tried_again(world):
    made, clock = world
    service = made.service
    service.pay_with_code(service.open_bill("DEMO-002").id, made.control.payment_code())
    daily = DailyReconciliation(service, time(2, 30))
    clock.set(local(20, 3))
    made.control.faults(drop_requests=1)  # the query about the trade is never answered
    try:
        assert daily.run_due() == [] and stored_days(service.db) == []
    finally:
        made.control.reset_faults()
    (report,) = daily.run_due()
    assert report.day == date(2026, 11, 19) and report.balanced


def test_a_full_refund_whose_invoice_was_not_reversed_is_a_difference(world):
    made, _ = world
    service = made.service
    attempt = service.pay_with_code(service.open_bill("DEMO-002").id, made.control.payment_code())
    refund(service, attempt.out_trade_no, attempt.amount_fen, "RF-REC-1", "2001", "service_not_given")
    assert reconcile(service, date(2026, 11, 19)).balanced  # refunded, red-letter invoice issued
    made.db.execute("DELETE FROM e_invoice_reversals")  # as if the billing system had lost it
    report = reconcile(service, date(2026, 11, 19))
    assert report.differences == [f"{attempt.out_trade_no}: refunded in full but its e-invoice has no "
                                   "red-letter invoice"]


@pytest.mark.parametrize("value", ['"2:30"', '"24:00"', '"02:60"', "230", '"half past two"'])
def test_a_wrong_reconcile_time_is_one_line_naming_the_key(tmp_path, value):
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("[payment]\n", f"[payment]\nreconcile_at = {value}\n")
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "payment.reconcile_at" in str(error.value) and '"HH:MM"' in str(error.value)
    assert "\n" not in str(error.value)


def test_the_reconcile_time_comes_from_the_config(tmp_path):
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("[payment]\n", '[payment]\nreconcile_at = "04:15"\n')
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    assert parse_reconcile_at(load_config(path).payment.reconcile_at) == time(4, 15)


@pytest.fixture
def config_path(tmp_path, database_target):
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace('database = "~/.local/state/onevisit/demo.db"', f'database = "{database_target}"')
    text = text.replace('face_key_file = "~/.local/state/onevisit/face.key"', f'face_key_file = "{tmp_path / "face.key"}"')
    text = text.replace('gateway = "sandbox"', 'gateway = "off"').replace('wechat = "sandbox"', 'wechat = "off"')
    assert str(tmp_path) in text
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_cli_reconciles_yesterday_once_and_refuses_unfinished_days(config_path, database_target, capsys):
    clock = FixedClock(local(20, 9))
    assert reconcile_command(["--config", str(config_path)], clock=clock) == 0
    assert "2026-11-19: reconciled now" in capsys.readouterr().out
    assert reconcile_command(["--config", str(config_path), "--date", "2026-11-19"], clock=clock) == 0
    assert "already reconciled" in capsys.readouterr().out
    assert reconcile_command(["--config", str(config_path), "--date", "2026-11-20"], clock=clock) == 2
    assert "not over yet" in capsys.readouterr().err
    assert reconcile_command(["--config", str(config_path), "--date", "20/11/2026"], clock=clock) == 2
    assert "is not a date" in capsys.readouterr().err
    db = open_database(database_target)
    try:
        assert stored_days(db) == ["2026-11-19"]
    finally:
        db.close()


def test_the_cli_says_which_kiosk_is_reconciling_and_changes_nothing(config_path, database_target, capsys):
    clock = FixedClock(local(20, 9))
    db = open_database(database_target)
    try:
        assert leases.take(db, LEASE, "east-1", 600, clock.now())
        assert reconcile_command(["--config", str(config_path)], clock=clock) == 2
        assert "kiosk east-1 is reconciling right now; nothing was changed" in capsys.readouterr().err
        assert stored_days(db) == [] and leases.holder(db, LEASE, clock.now()) == "east-1"
    finally:
        db.close()


def test_python_m_kiosk_reconcile_reaches_the_cli(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kiosk", "reconcile", "--config", str(tmp_path / "missing.toml")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "missing.toml" in result.stderr


def test_the_payment_background_thread_runs_the_due_report(database_target):
    import time as wall

    from kiosk.audit import AuditLog
    from dataclasses import replace

    from kiosk.adapters import open_hospital
    from kiosk.payment.system import build_payments

    clock = FixedClock(local(20, 3))
    db = open_database(database_target)
    config = load_config(DEMO_CONFIG)
    config = replace(config, payment=replace(config.payment, gateway="off", reconcile_at="04:00"))
    system = build_payments(config, db, clock, open_hospital(config, db, clock), AuditLog(db, clock))
    try:
        system.start_background(every_s=0.05)
        deadline = wall.monotonic() + 5
        while wall.monotonic() < deadline and len(stored_days(db)) < 1:
            wall.sleep(0.02)
        assert stored_days(db) == ["2026-11-18"]  # 03:00 is before 04:00: the 19th is not due yet
        clock.set(local(20, 4, 1))
        deadline = wall.monotonic() + 5
        while wall.monotonic() < deadline and len(stored_days(db)) < 2:
            wall.sleep(0.02)
        assert stored_days(db) == ["2026-11-18", "2026-11-19"]
    finally:
        system.close()
        db.close()
