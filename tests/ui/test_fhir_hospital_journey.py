"""The check-in and payment journeys through the real window on a hospital behind FHIR R4: Medplum's FHIR
router (in memory, started here) holds today's generated hospital; the kiosk's own database holds no patient."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import Clock
from kiosk.his.fhir import mapping as m
from kiosk.his.fhir.client import FhirClient
from kiosk.his.fhir.demo_load import load_demo_hospital
from kiosk.his.port import ChargeStatus

from fhir_server.process import FhirServer, FhirServerUnavailable


@pytest.fixture(scope="module")
def server():
    process = FhirServer()
    try:
        process.start()
    except FhirServerUnavailable as reason:
        pytest.skip(str(reason))
    yield process
    process.stop()


@pytest.fixture
def services(kiosk_config, server):
    clock = Clock()
    client = FhirClient(server.base_url)
    load_demo_hospital(client, clock.today(), kiosk_config.fhir.id_number_system)
    client.close()
    built = bootstrap(replace(kiosk_config, systems=replace(kiosk_config.systems, his=f"fhir+{server.base_url}")),
                      clock)
    yield built
    built.close()


def test_check_in_then_pay_on_the_fhir_hospital(window, services, server, qtbot):
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    window.identification.identified(services.his.patient("DEMO-002"))  # as a found patient is reported
    if window.current.name == "checkin_enrol_offer":
        qtbot.mouseClick(window.current.no_button, Qt.MouseButton.LeftButton)
    visit = window.screens["checkin"]
    qtbot.waitUntil(lambda: window.current is visit and len(visit.appointment_buttons) == 2, timeout=10_000)
    qtbot.mouseClick(visit.appointment_buttons[0], Qt.MouseButton.LeftButton)
    ticket = window.screens["checkin_ticket"]
    qtbot.waitUntil(lambda: window.current is ticket and ticket.result is not None, timeout=10_000)
    appointment_id = ticket.result.visit.appointments[0].appointment.id
    client = FhirClient(server.base_url)
    assert client.read("Appointment", appointment_id).body["status"] == "arrived"
    assert ticket.result.ticket.number.encode() in services.devices.device("receipt_printer").jobs[0].data
    assert not ticket.qr.isVisible()  # no queue-status page configured: no QR, no placeholder link

    window.go("pay")  # a new journey: identified again
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    window.identification.identified(services.his.patient("DEMO-002"))
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill and bill.intent is not None, timeout=10_000)
    bill.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    services.payments.sandbox_control.pay(qr.attempt.out_trade_no)  # the patient's phone
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=15_000)
    assert not done.qr.isVisible() and done.invoice.verification_url == ""  # no verification page configured
    charged = {c.id for c in bill.intent.charges}
    items = [m.charge_of(r) for r in client.search("ChargeItem", subject="Patient/DEMO-002").resources]
    assert {c.status for c in items if c.id in charged} == {ChargeStatus.PAID}
    invoices = client.search("Invoice", subject="Patient/DEMO-002").resources
    assert [m.identifier(i, "http://onevisit.org/fhir/invoice-number") for i in invoices] == [done.invoice.invoice_number]
    assert services.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    client.close()
    done.finish_button.click()
    assert window.current is window.home
