from __future__ import annotations

import time

import pytest

from devices.base import DeviceError, HealthState
from devices.protocols import PaperLevel, PrintJobState

PDF = b"%PDF-1.7\n%fake but well-started\n"


def test_receipt_printer_records_every_job(device):
    printer = device("receipt_printer", "sim:?width=58")
    printer.send(b"\x1b@ticket A012", "ticket-1")
    printer.send(b"\x1b@ticket A013", "ticket-2")
    assert printer.job_ids() == ["ticket-1", "ticket-2"]
    assert printer.printed("ticket-2") == b"\x1b@ticket A013"
    assert printer.paper_width_mm == 58
    assert printer.paper() is PaperLevel.ADEQUATE


def test_receipt_printer_ignores_a_repeated_job_id_and_counts_it(device):
    printer = device("receipt_printer", "sim:")
    printer.send(b"first", "job-7")
    printer.send(b"second attempt", "job-7")
    assert printer.job_ids() == ["job-7"]
    assert printer.printed("job-7") == b"first"
    assert printer.counters["duplicate_jobs"] == 1


def test_out_of_paper_refuses_before_recording(device):
    printer = device("receipt_printer", "sim:?paper=out")
    with pytest.raises(DeviceError, match="out of paper"):
        printer.send(b"x", "job-1")
    assert printer.jobs == []
    assert printer.paper() is PaperLevel.OUT
    health = printer.health()
    assert health.state is HealthState.FAULT and "out of paper" in health.detail
    printer.inject(paper="adequate")  # staff refilled it
    printer.send(b"x", "job-1")
    assert printer.job_ids() == ["job-1"]


def test_near_end_is_degraded_but_still_prints(device):
    printer = device("receipt_printer", "sim:?paper=near_end")
    printer.send(b"x", "job-1")
    assert printer.paper() is PaperLevel.NEAR_END
    assert printer.health().state is HealthState.DEGRADED


def test_cover_open_is_a_fault_that_refuses_jobs(device):
    printer = device("receipt_printer", "sim:")
    printer.inject(cover="open")
    assert printer.health().state is HealthState.FAULT
    assert "cover is open" in printer.health().detail
    with pytest.raises(DeviceError, match="cover is open"):
        printer.send(b"x", "job-1")
    assert printer.jobs == []


def test_paper_is_unknown_when_the_printer_does_not_answer(device):
    printer = device("receipt_printer", "sim:?fail=timeout&paper=near_end")
    assert printer.paper() is PaperLevel.UNKNOWN


def test_receipt_width_must_be_a_real_roll(device):
    with pytest.raises(DeviceError, match="width=70"):
        device("receipt_printer", "sim:?width=70")


def test_document_printer_records_pdfs_and_job_states(device):
    printer = device("document_printer", "sim:")
    ref = printer.print_pdf(PDF, "invoice-1", "Invoice 2024-001")
    assert printer.job_state(ref) is PrintJobState.DONE
    assert printer.documents[0].title == "Invoice 2024-001"
    assert printer.documents[0].pdf == PDF
    assert printer.job_state("sim-999") is PrintJobState.UNKNOWN


def test_document_job_prints_for_job_seconds_then_is_done(device):
    printer = device("document_printer", "sim:?job_seconds=0.1")
    ref = printer.print_pdf(PDF, "invoice-1", "Invoice")
    assert printer.job_state(ref) is PrintJobState.PRINTING
    time.sleep(0.12)
    assert printer.job_state(ref) is PrintJobState.DONE


def test_document_printer_repeated_job_id_returns_the_first_reference(device):
    printer = device("document_printer", "sim:")
    first = printer.print_pdf(PDF, "invoice-1", "Invoice")
    again = printer.print_pdf(PDF, "invoice-1", "Invoice")
    assert again == first and len(printer.documents) == 1
    assert printer.counters["duplicate_jobs"] == 1


def test_document_printer_refuses_something_that_is_not_a_pdf(device):
    printer = device("document_printer", "sim:")
    with pytest.raises(DeviceError, match="not a PDF"):
        printer.print_pdf(b"<html>", "job-1", "oops")


def test_jam_accepts_jobs_that_then_fail(device):
    printer = device("document_printer", "sim:?fail=jam")
    ref = printer.print_pdf(PDF, "invoice-1", "Invoice")
    assert printer.job_state(ref) is PrintJobState.FAILED
    assert printer.health().state is HealthState.FAULT
    assert "paper jam" in printer.health().detail


def test_document_printer_paper_out_and_forced_states(device):
    printer = device("document_printer", "sim:")
    ref = printer.print_pdf(PDF, "a", "A")
    printer.set_job_state(ref, PrintJobState.FAILED)
    assert printer.job_state(ref) is PrintJobState.FAILED
    printer.inject(paper="out")
    with pytest.raises(DeviceError, match="out of paper"):
        printer.print_pdf(PDF, "b", "B")
    assert [doc.job_id for doc in printer.documents] == ["a"]
