"""A real invoice PDF (Qt) printed through a private cupsd with a cups-pdf queue; the output is found.

The fixture starts ``cupsd -f`` with its own config on a free 127.0.0.1 port and stops it after. The
spool lives in a 0755 folder (CUPS runs its filters as the ``lp`` user, who cannot enter pytest's 0700
tmp_path). cups-pdf writes into the submitting user's ``~/PDF``; the test removes its file after.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from devices.base import HealthState
from devices.drivers.cups_printer import printer_health
from devices.protocols import PrintJobState
from devices.registry import open_device
from kiosk.clock import FixedClock
from kiosk.printing.journal import PrintService
from kiosk.printing.samples import sample_invoice
from kiosk.storage import open_database

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_BACKEND = "/usr/lib/cups/backend/cups-pdf"
CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"
QUEUE = "KioskA4"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


@pytest.fixture
def cups_server(tmp_path):
    missing = [path for path in (CUPSD, CUPS_PDF_BACKEND, CUPS_PDF_PPD) if not os.path.exists(path)]
    missing += [tool for tool in ("lp", "lpstat", "lpadmin") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"CUPS test needs cups, cups-bsd and printer-driver-cups-pdf (missing {', '.join(missing)}); "
                    "run `make setup` as root")
    if os.geteuid() != 0:
        pytest.skip("the private cupsd with the cups-pdf backend must run as root (cups-pdf is root-only)")
    root = Path(tempfile.mkdtemp(prefix="onevisit-cups-"))
    root.chmod(0o755)
    for folder in ("etc/ppd", "spool/tmp", "cache", "state", "log"):
        (root / folder).mkdir(parents=True)
    (root / "spool/tmp").chmod(0o1777)
    port = _free_port()
    (root / "etc/cups-files.conf").write_text("\n".join([
        f"ServerRoot {root}/etc", f"RequestRoot {root}/spool", f"TempDir {root}/spool/tmp",
        f"CacheDir {root}/cache", f"StateDir {root}/state", f"AccessLog {root}/log/access_log",
        f"ErrorLog {root}/log/error_log", f"PageLog {root}/log/page_log", "ServerBin /usr/lib/cups",
        "DataDir /usr/share/cups", f"Printcap {root}/printcap", ""]))
    (root / "etc/cupsd.conf").write_text("\n".join([
        f"Listen 127.0.0.1:{port}", "LogLevel info", "WebInterface No", "Browsing No",
        "<Location />", "  Order allow,deny", "  Allow all", "</Location>",
        "<Policy default>", "  <Limit All>", "    Order deny,allow", "    Allow all", "  </Limit>", "</Policy>", ""]))
    process = subprocess.Popen([CUPSD, "-f", "-c", str(root / "etc/cupsd.conf"), "-s", str(root / "etc/cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if not _wait_for_port(port, 10):
            pytest.fail(f"private cupsd did not start: {process.stderr.read1().decode() if process.poll() is not None else 'no port'}")
        server = f"127.0.0.1:{port}"
        subprocess.run(["lpadmin", "-h", server, "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-P", CUPS_PDF_PPD],
                       check=True, capture_output=True, timeout=30)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        (tmp_path / "cupsd_error_log").write_bytes((root / "log/error_log").read_bytes()
                                                   if (root / "log/error_log").exists() else b"")
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(predicate, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    return predicate()


def test_invoice_pdf_prints_through_cups_pdf(cups_server, tmp_path, qapp):
    from ui.printing.invoice_pdf import invoice_pdf

    pdf = invoice_pdf(sample_invoice())
    assert pdf.startswith(b"%PDF-")
    printer = open_device("document_printer", f"cups://{QUEUE}?server={cups_server}")
    title = f"onevisit-test-{uuid.uuid4().hex[:10]}"
    output_pattern = os.path.expanduser(f"~/PDF/{title}*.pdf")
    try:
        assert printer.health().state is HealthState.OK
        service = PrintService(open_database(tmp_path / "kiosk.db"), FixedClock.at_local(2026, 11, 22, 9, 30),
                               document_printer=printer)
        outcome = service.print_document(pdf, "invoice", title, key=f"invoice:{title}")
        assert outcome.printed and outcome.job.printer_ref.startswith(f"{QUEUE}-")
        assert _wait_for(lambda: printer.job_state(outcome.job.printer_ref) is PrintJobState.DONE, 30)
        assert service.refresh_document(outcome.job.id).state == "done"
        found = _wait_for(lambda: glob.glob(output_pattern), 10)
        assert found, f"cups-pdf wrote nothing matching {output_pattern}"
        assert Path(found[0]).read_bytes().startswith(b"%PDF-")
    finally:
        printer.close()
        for leftover in glob.glob(output_pattern):
            os.remove(leftover)


def test_unknown_queue_is_a_fault(cups_server):
    printer = open_device("document_printer", f"cups://NoSuchQueue?server={cups_server}")
    try:
        health = printer.health()
        assert health.state is HealthState.FAULT and "no queue" in health.detail
    finally:
        printer.close()


def test_unreachable_cupsd_is_unknown():
    if shutil.which("lpstat") is None:
        pytest.skip("lpstat is not installed (apt-get install cups-bsd cups-client)")
    printer = open_device("document_printer", f"cups://{QUEUE}?server=127.0.0.1:{_free_port()}&timeout=5")
    try:
        assert printer.health().state is HealthState.UNKNOWN
    finally:
        printer.close()


@pytest.mark.parametrize(("long", "accepting", "state"), [
    ("printer Q is idle.  enabled since x\n\tAlerts: none\n", "Q accepting requests since x", HealthState.OK),
    ("printer Q is idle.  enabled since x\n\tAlerts: media-low-warning\n", "Q accepting requests", HealthState.DEGRADED),
    ("printer Q is idle.  enabled since x\n\tAlerts: media-empty-error\n", "Q accepting requests", HealthState.FAULT),
    ("printer Q disabled since x -\n\tPaused\n\tAlerts: paused\n", "Q accepting requests", HealthState.FAULT),
    ("printer Q is idle.  enabled since x\n\tAlerts: none\n", "Q not accepting requests", HealthState.FAULT),
    ("", "", HealthState.UNKNOWN),
])
def test_printer_state_reasons_map_to_health(long, accepting, state):
    assert printer_health("Q", long, accepting).state is state
