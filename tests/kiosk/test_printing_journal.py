"""The print journal: intent row before sending, done/failed after, one reprint, never twice."""
from __future__ import annotations

from datetime import timedelta

import pytest

from devices.base import DeviceError
from devices.registry import open_device
from kiosk.clock import FixedClock
from kiosk.printing.journal import PrintService
from kiosk.printing.samples import sample_ticket
from kiosk.storage import open_database


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 9, 30)


@pytest.fixture
def printer():
    device = open_device("receipt_printer", "sim:")
    yield device
    device.close()


@pytest.fixture
def service(database_target, clock, printer):
    return PrintService(open_database(database_target), clock, receipt_printer=printer)


def test_intent_row_is_committed_before_the_printer_is_called(service, printer, monkeypatch):
    seen = {}

    def spy_send(data, job_id):
        seen["row"] = service.job(job_id)
        return type(printer).send(printer, data, job_id)

    monkeypatch.setattr(printer, "send", spy_send)
    outcome = service.print_receipt(sample_ticket(), key="ticket:1")
    assert seen["row"].state == "pending" and seen["row"].attempts == 1
    assert outcome.printed and outcome.job.state == "done"
    assert printer.job_ids() == [outcome.job.id]


def test_same_key_never_prints_twice(service, printer):
    first = service.print_receipt(sample_ticket(), key="ticket:1")
    second = service.print_receipt(sample_ticket(), key="ticket:1")
    assert second.already_printed and not second.printed and second.job.id == first.job.id
    assert len(printer.job_ids()) == 1


def test_paper_out_then_refill_offers_one_reprint(service, printer):
    printer.inject(paper="out")
    failed = service.print_receipt(sample_ticket(), key="ticket:1")
    assert not failed.printed and failed.job.state == "failed" and "out of paper" in failed.error
    assert failed.fallback.headline == "A023"
    assert service.unfinished_job().id == failed.job.id

    printer.inject(paper=None)
    reprinted = service.reprint(failed.job.id)
    assert reprinted.printed and reprinted.job.state == "done" and reprinted.job.reprints == 1
    assert printer.job_ids() == [failed.job.id]
    assert service.unfinished_job() is None
    with pytest.raises(DeviceError, match="was printed"):
        service.reprint(failed.job.id)


def test_a_failed_reprint_is_not_offered_again(service, printer):
    printer.inject(paper="out")
    failed = service.print_receipt(sample_ticket(), key="ticket:1")
    again = service.reprint(failed.job.id)
    assert not again.printed and again.job.state == "failed"
    assert service.unfinished_job() is None
    with pytest.raises(DeviceError, match="reprinted once already"):
        service.reprint(failed.job.id)
    assert printer.job_ids() == []


def test_dismissed_and_old_jobs_are_not_offered(service, printer, clock):
    printer.inject(paper="out")
    first = service.print_receipt(sample_ticket(), key="ticket:1")
    service.dismiss(first.job.id)
    assert service.unfinished_job() is None
    service.print_receipt(sample_ticket(), key="ticket:2")
    clock.advance(timedelta(hours=3))
    assert service.unfinished_job() is None


def test_crash_between_intent_and_result_is_offered_not_resent(database_target, clock, printer, monkeypatch):
    db = open_database(database_target)
    service = PrintService(db, clock, receipt_printer=printer)

    def crash(data, job_id):
        raise KeyboardInterrupt  # the process dies mid-send

    monkeypatch.setattr(printer, "send", crash)
    with pytest.raises(KeyboardInterrupt):
        service.print_receipt(sample_ticket(), key="ticket:1")
    restarted = PrintService(db, clock, receipt_printer=printer)
    assert restarted.recover_interrupted() == 1
    job = restarted.unfinished_job()
    assert job.state == "failed" and "may or may not" in job.error
    assert restarted.print_receipt(sample_ticket(), key="ticket:1").printed is False


def test_start_up_recovery_touches_only_this_kiosks_jobs(database_target, clock, printer, monkeypatch):
    """Two kiosks on one database: east crashes mid-print while west's job is still being sent.
    East's restart offers its own job again and leaves west's alone (west's printer may be printing it)."""
    east = PrintService(open_database(database_target, kiosk_id="EAST-1"), clock, receipt_printer=printer,
                        kiosk_id="EAST-1")
    west_printer = open_device("receipt_printer", "sim:")
    west = PrintService(open_database(database_target, kiosk_id="WEST-1"), clock, receipt_printer=west_printer,
                        kiosk_id="WEST-1")

    def crash(data, job_id):
        raise KeyboardInterrupt

    monkeypatch.setattr(printer, "send", crash)
    monkeypatch.setattr(west_printer, "send", crash)
    for service, key in ((east, "ticket:east"), (west, "ticket:west")):
        with pytest.raises(KeyboardInterrupt):
            service.print_receipt(sample_ticket(), key=key)

    assert east.recover_interrupted() == 1
    assert east.job(east.unfinished_job().id).key == "ticket:east"
    west_job = west._by_key("ticket:west")
    assert west_job.state == "pending" and west_job.error == ""  # untouched by east's recovery
    assert west.unfinished_job() is None  # and east's failed job is not offered at west
    assert west.recover_interrupted() == 1 and west.unfinished_job().key == "ticket:west"
    monkeypatch.undo()
    assert west.reprint(west.unfinished_job().id).printed  # printed on west's own printer
    assert len(west_printer.jobs) == 1 and printer.jobs == []
    west_printer.close()


def test_a_job_is_reprinted_once_whoever_asks(database_target, clock, printer):
    service = PrintService(open_database(database_target), clock)  # no printer: the first try fails
    job = service.print_receipt(sample_ticket(), key="ticket:once").job
    service.receipt_printer = printer
    assert service.reprint(job.id).printed
    with pytest.raises(DeviceError, match="reprinted once already|printed"):
        service.reprint(job.id)
    assert service.job(job.id).attempts == 2


def test_no_printer_configured_gives_the_screen_fallback(database_target, clock):
    service = PrintService(open_database(database_target), clock)
    outcome = service.print_receipt(sample_ticket(), key="ticket:1")
    assert not outcome.printed and "no receipt printer" in outcome.error and outcome.fallback.headline == "A023"


def test_documents_go_through_the_journal(database_target, clock):
    document_printer = open_device("document_printer", "sim:")
    try:
        service = PrintService(open_database(database_target), clock, document_printer=document_printer)
        outcome = service.print_document(b"%PDF-1.4 test", "invoice", "Invoice 1", key="invoice:1")
        assert outcome.printed and outcome.job.state == "pending" and outcome.job.printer_ref
        assert service.refresh_document(outcome.job.id).state == "done"
        assert service.print_document(b"%PDF-1.4 test", "invoice", "Invoice 1", key="invoice:1").already_printed
    finally:
        document_printer.close()


def test_two_threads_printing_the_same_key_send_it_once(database_target):
    """The notification thread and the screen can both ask for the same receipt at once."""
    import threading

    from devices.registry import open_device
    from kiosk.clock import FixedClock
    from kiosk.printing.journal import PrintService
    from kiosk.printing.samples import sample_ticket
    from kiosk.storage import open_database

    db = open_database(database_target)
    printer = open_device("receipt_printer", "sim:")
    service = PrintService(db, FixedClock.at_local(2026, 11, 23, 9, 0), printer)
    receipt = sample_ticket()
    outcomes, errors, start = [], [], threading.Barrier(8)

    def print_once() -> None:
        start.wait()
        try:
            outcomes.append(service.print_receipt(receipt, key="ticket:race"))
        except Exception as exc:  # collected: an exception in a thread would not fail the test
            errors.append(exc)

    threads = [threading.Thread(target=print_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(outcomes) == 8
    assert sum(outcome.printed for outcome in outcomes) == 1
    assert len(printer.jobs) == 1
    assert db.execute("SELECT COUNT(*) FROM print_jobs WHERE idempotency_key = 'ticket:race'").fetchone()[0] == 1
    printer.close()
    db.close()
