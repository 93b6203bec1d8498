"""Maintenance-mode figures on a real SQLite file with a large audit log; prints one JSON object.

- ``sign_in_ms``: one staff sign-in (scrypt N=2^14, r=8) — the wait after "Sign in" is pressed;
- ``open_help_requests_ms`` / ``audit_page_*_ms``: what the staff menu and the audit panel ask
  when they open, with ``--rows`` audit rows in the log (a busy kiosk writes ~5,000 a day);
- ``audit_verify_ms`` / ``audit_export_ms``: the whole chain checked / written to CSV;
- ``test_print_ms``: a test page rendered, journaled, sent to the simulated printer, and previewed;
- ``label_sheet_<n>_chairs_ms`` / ``_kb``: the wheelchair QR label sheet as PDF (Qt layout) for the
  demo's 4 chairs and for a 100-chair fleet, as pressed on the Wheelchairs panel;
- ``refund_second_pin_check_ms``: the second staff member's PIN check before a large refund
  (``verify_pin``: no sign-in is created);
- ``paper_estimate_first_ms`` / ``paper_estimate_ms``: "about N tickets left" — the first call lays out
  every receipt kind's sample to measure its length, later calls only count journal rows
  (``--tickets`` printed since the roll change);
- ``camera_reading_ms`` / ``camera_live_readings_per_s``: one live-test reading (face detection and
  scores on a 640×480 frame with one face from ../shared/faces, or the synthetic frame without it)
  and the rate the live view reaches over 3 s at its 8/s target;
- ``restart_services_ms``: every simulated driver closed and reopened, health polled, gateway checked.
Usage: ``python benchmarks/maintenance_bench.py [--rows 100000] [--tickets 100]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.bootstrap import bootstrap  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.maintenance.camera_check import LiveCameraCheck, read_frame  # noqa: E402
from kiosk.maintenance.demo_staff import DEMO_PIN  # noqa: E402
from kiosk.maintenance.paper_roll import measured_length_mm  # noqa: E402
from kiosk.maintenance.restart import restart_services  # noqa: E402
from kiosk.printing.samples import sample_ticket  # noqa: E402
from kiosk.storage import write_transaction  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def fill_audit(services, rows: int) -> None:
    """Realistic mix: sessions, help calls (1 in 200), staff actions; written through the real chain."""
    audit = services.audit
    with write_transaction(services.db):
        for index in range(rows):
            if index % 200 == 0:
                services.request_help("home")
            elif index % 50 == 0:
                audit.record("staff:1001", "maintenance.self_test", {"device": "camera", "ok": True, "detail": "640×480"})
            else:
                audit.record("kiosk", "session.ended", {"journey": "checkin", "reason": "finished"})


def paper_figures(services, tickets: int) -> dict[str, float]:
    printing, roll = services.printing, services.maintenance.paper_roll
    printer = services.devices.device("receipt_printer")
    roll.record_new_roll("staff:1001")
    for index in range(tickets):
        printing.print_receipt(sample_ticket(), f"bench-ticket:{index}")
    target = printing.receipt_target()
    started = time.perf_counter()
    estimate = roll.estimate_now(printer, target)
    first_ms = round((time.perf_counter() - started) * 1000, 2)
    return {"paper_estimate_first_ms": first_ms,
            "paper_estimate_ms": median_ms(lambda: roll.estimate_now(printer, target)),
            "paper_ticket_mm": measured_length_mm(target)["queue_ticket"],
            "paper_tickets_left_after_bench": estimate.tickets_left}


def camera_figures(services) -> dict[str, float]:
    """A real face when ../shared/faces is there (the case that costs most), else the synthetic frame."""
    import cv2
    import numpy as np

    camera, engine = services.devices.device("camera"), services.faces.engine
    engine.load()
    photo = ROOT.parent / "shared" / "faces" / "barack_obama" / "obama_small.jpg"
    frame = None
    if photo.is_file():
        image = cv2.imdecode(np.fromfile(str(photo), dtype=np.uint8), cv2.IMREAD_COLOR)
        frame = cv2.resize(image, (640, round(image.shape[0] * 640 / image.shape[1])), interpolation=cv2.INTER_CUBIC)
        camera.play([frame])
    sample = frame if frame is not None else camera.read()
    readings = []
    check = LiveCameraCheck(camera, engine, lambda shown, reading: readings.append(reading), lambda detail: None)
    check.start()
    time.sleep(3.0)
    check.stop()
    camera.play_synthetic()
    return {"camera_reading_ms": median_ms(lambda: read_frame(sample, engine, 0), repeat=15),
            "camera_reading_with_face": bool(readings and readings[-1].faces),
            "camera_live_readings_per_s": round(len(readings) / 3.0, 1)}


def label_sheet_figures(services) -> dict[str, float]:
    from PySide6.QtGui import QGuiApplication

    from ui.wheelchair.label_sheet import label_sheet_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs it for the PDF)
    desk, figures = services.wheelchairs, {}
    fleet = desk.rentals.fleet
    for count in (len(fleet.chairs()), 100):
        for number in range(len(fleet.chairs()) + 1, count + 1):
            fleet.register(f"WC-{number:03d}")
        pdf = label_sheet_pdf(desk, "OneVisit Demo Hospital")
        figures[f"label_sheet_{count}_chairs_ms"] = median_ms(lambda: label_sheet_pdf(desk, "OneVisit Demo Hospital"),
                                                              repeat=3)
        figures[f"label_sheet_{count}_chairs_kb"] = round(len(pdf) / 1024, 1)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(load_config(ROOT / "assets" / "demo" / "kiosk.toml"), database=Path(tmp) / "bench.db")
        services = bootstrap(config)
        try:
            maintenance = services.maintenance
            sign_in = median_ms(lambda: maintenance.staff.sign_in("1001", DEMO_PIN))
            started = time.perf_counter()
            fill_audit(services, args.rows)
            fill_s = time.perf_counter() - started
            browser = maintenance.audit_browser
            figures = {
                "audit_rows": services.db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
                "audit_fill_rows_per_s": round(args.rows / fill_s),
                "sign_in_ms": sign_in,
                "open_help_requests_ms": median_ms(maintenance.help_requests.open_requests),
                "audit_page_all_ms": median_ms(lambda: browser.page(None, "all")),
                "audit_page_category_ms": median_ms(lambda: browser.page("help", "all")),
                "audit_categories_ms": median_ms(browser.categories),
                "audit_verify_ms": median_ms(services.audit.verify, repeat=3),
                "audit_export_ms": median_ms(lambda: browser.export(Path(tmp) / "usb", "staff:9001"), repeat=3),
                "test_print_ms": median_ms(lambda: maintenance.self_tests.test_print("staff:1001")),
                "refund_second_pin_check_ms": median_ms(lambda: maintenance.staff.verify_pin("9001", DEMO_PIN)),
            }
            figures.update(paper_figures(services, args.tickets))
            figures.update(camera_figures(services))
            figures["restart_services_ms"] = median_ms(
                lambda: restart_services(services.devices, services.payments, services.audit, "staff:1001"), repeat=3)
            figures.update(label_sheet_figures(services))
        finally:
            services.close()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
