"""The kiosk's journeys through the FHIR R4 adapter against a real FHIR server (Medplum's FHIR router,
in-memory, started here) loaded with the generated demo hospital: check-in, same-day registration,
bill payment with the e-invoice, the wheelchair fee, new patient files, outages and version conflicts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from kiosk.bootstrap import bootstrap
from kiosk.checkin.registration import registration_key
from kiosk.clock import FixedClock
from kiosk.his.fhir import mapping as m
from kiosk.his.fhir.adapter import FhirHospital
from kiosk.his.fhir.client import FhirClient
from kiosk.his.fhir.demo_load import load_demo_hospital
from kiosk.his.port import AppointmentStatus, ChargeStatus, HisPort, HisUnavailable, NewPatientFile, Sex
from kiosk.payment.store import IntentState

from fhir_server.process import FhirServer, FhirServerUnavailable

ID_SYSTEM = "urn:oid:1.2.156.112604.1.1"


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
def clock():
    return FixedClock.at_local(2026, 11, 22, 9, 0)


@pytest.fixture
def client(server, clock):
    made = FhirClient(server.base_url, timeout_s=5.0)
    # every test starts from the demo hospital as generated (PUTs reset the seeded resources)
    load_demo_hospital(made, clock.today(), ID_SYSTEM)
    yield made
    server.control("outage", requests=0)
    made.close()


@pytest.fixture
def services(kiosk_config, server, client, clock):
    config = replace(kiosk_config, systems=replace(kiosk_config.systems, his=f"fhir+{server.base_url}"))
    built = bootstrap(config, clock=clock)
    yield built
    built.close()


def fhir(client, resource_type, **params):
    return client.search(resource_type, **params).resources


def test_the_kiosk_runs_on_the_fhir_hospital_and_seeds_nothing(services):
    assert isinstance(services.his, FhirHospital) and isinstance(services.his, HisPort)
    assert services.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    patient = services.his.find_patient_by_id_number("330102195001011236")
    assert (patient.id, patient.name) == ("DEMO-001", "张建华")
    assert services.his.find_patient_by_phone("13800000004", date(1945, 11, 8)).overdue_debt_fen == 12800


def test_the_fhir_hospital_answers_as_the_embedded_demo_does(client, clock, tmp_path):
    from kiosk.his.demo import DemoHospital, seed_demo_hospital
    from kiosk.storage import open_database

    db = open_database(tmp_path / "demo.db")
    seed_demo_hospital(db, clock.today())
    demo, fhir_his = DemoHospital(db, clock), FhirHospital(client, clock, ID_SYSTEM)
    try:
        for code in ("CARD", "IM", "LAB"):
            assert fhir_his.open_slots(code, clock.today()) == demo.open_slots(code, clock.today())
        assert fhir_his.departments() == demo.departments()
        for pid in ("DEMO-001", "DEMO-002", "DEMO-003", "DEMO-004"):
            assert fhir_his.patient(pid) == demo.patient(pid)
            assert fhir_his.appointments_on(pid, clock.today()) == demo.appointments_on(pid, clock.today())
            assert fhir_his.unpaid_charges(pid) == demo.unpaid_charges(pid)
        assert fhir_his.overdue_debts() == demo.overdue_debts()
    finally:
        db.close()


def test_check_in_sets_the_appointment_arrived_with_one_encounter_and_prints_the_ticket(services, client):
    visit = services.checkin.visit_today("DEMO-001")
    assert [a.department.code for a in visit.appointments] == ["CARD"]
    assert visit.unpaid_fen == 1350  # 95.00 元 of charges, 13.50 元 the patient's share after insurance
    appointment = visit.appointments[0].appointment
    result = services.checkin.check_in("DEMO-001", appointment.id)
    again = services.checkin.check_in("DEMO-001", appointment.id)
    assert again.ticket.number == result.ticket.number and result.printed
    assert client.read("Appointment", appointment.id).body["status"] == "arrived"
    encounters = fhir(client, "Encounter", appointment=f"Appointment/{appointment.id}")
    assert len(encounters) == 1 and encounters[0]["subject"]["reference"] == "Patient/DEMO-001"
    assert len(services.devices.device("receipt_printer").jobs) == 1


def test_a_check_in_during_an_outage_says_so_and_writes_nothing(services, server, client):
    appointment = services.checkin.visit_today("DEMO-002").appointments[0].appointment
    server.control("outage", requests=50)
    with pytest.raises(HisUnavailable, match="cannot be reached"):
        services.checkin.check_in("DEMO-002", appointment.id)
    server.control("outage", requests=0)
    assert client.read("Appointment", appointment.id).body["status"] == "booked"
    assert fhir(client, "Encounter", appointment=f"Appointment/{appointment.id}") == []
    assert services.db.execute("SELECT count(*) FROM queue_numbers").fetchone()[0] == 0
    assert services.checkin.check_in("DEMO-002", appointment.id).printed  # and it works once the HIS is back


def test_a_short_outage_is_ridden_out_by_the_safe_retries(services, server):
    server.control("outage", requests=2)  # two 503s, then the third try answers
    assert services.his.patient("DEMO-002").name == "李秀英"


def test_a_version_conflict_is_read_again_and_the_check_in_still_happens_once(server, client, clock):
    first, second = (FhirHospital(FhirClient(server.base_url), clock, ID_SYSTEM) for _ in range(2))
    appointment = first.appointments_on("DEMO-004", clock.today())[0]
    stale = client.read("Appointment", appointment.id)
    client.update(dict(stale.body, comment="moved to room 418 by the clerk"), stale.etag)
    assert first.check_in(appointment.id).status is AppointmentStatus.CHECKED_IN
    assert second.check_in(appointment.id).status is AppointmentStatus.CHECKED_IN
    assert len(fhir(client, "Encounter", appointment=f"Appointment/{appointment.id}")) == 1


def test_same_day_registration_books_a_slot_charges_once_and_checks_in(services, client):
    registration = services.checkin.registration
    slot = next(s for s in registration.slots("CARD") if s.doctor_id == "CARD-1")
    before = slot.remaining
    key = registration_key("DEMO-003", slot)
    result = registration.register_and_check_in("DEMO-003", slot, key)
    again = registration.register_and_check_in("DEMO-003", slot, key)  # a second tap
    assert again.ticket.number == result.ticket.number
    mine = services.his.appointments_on("DEMO-003", services.clock.today())
    assert [(a.department_code, a.status) for a in mine] == [("CARD", AppointmentStatus.CHECKED_IN)]
    fees = [c for c in services.his.unpaid_charges("DEMO-003") if c.item_class.value == "registration"]
    assert [c.amount_fen for c in fees] == [slot.fee_fen]
    assert next(s for s in registration.slots("CARD") if s.doctor_id == "CARD-1").remaining == before - 1


def test_bill_payment_marks_the_charge_items_billed_in_one_go_and_issues_a_fhir_invoice(services, client):
    payments = services.payments
    intent = payments.service.open_bill("DEMO-001")
    assert intent.total_fen == 9500
    attempt = payments.service.start_qr(intent.id)
    payments.sandbox_control.pay(attempt.out_trade_no)
    payments.service.check_attempt(attempt.out_trade_no, ask_gateway=True)  # the poll (the clock is fixed)
    assert payments.service.intent(intent.id).state is IntentState.SETTLED
    items = fhir(client, "ChargeItem", subject="Patient/DEMO-001")
    assert {m.charge_of(r).status for r in items if m.charge_of(r).id in {c.id for c in intent.charges}} == {
        ChargeStatus.PAID}
    assert services.his.unpaid_charges("DEMO-001") == []
    invoice = payments.billing.invoice_for(intent.id)
    assert invoice.self_pay_fen == intent.cash_fen and invoice.total_fen == 9500
    assert invoice.verification_url == ""  # no hospital page configured: no QR, no placeholder
    (resource,) = fhir(client, "Invoice", subject="Patient/DEMO-001")
    assert resource["status"] == "issued" and m.fen_of(resource["totalGross"]) == 9500
    assert [n for n, i, _ in payments.billing.invoices_issued_on(services.clock.today())] == [invoice.invoice_number]
    red = payments.billing.reverse_invoice(intent.id, "RF-1")
    assert payments.billing.reverse_invoice(intent.id, "RF-1") == red == payments.billing.red_invoice_for(intent.id)
    assert client.read("Invoice", resource["id"]).body["status"] == "cancelled"


def test_a_wheelchair_fee_becomes_a_charge_item_on_the_fhir_bill(services, client, clock):
    desk = services.wheelchairs
    started = desk.rent(desk.chair_to_rent(None), services.his.patient("DEMO-002"), key="rent:fhir")  # no deposit
    slot = next(s.number for s in services.devices.device("dock").slots() if s.chair_id == started.rental.chair_id)
    services.devices.device("dock").take(slot)
    desk.check_pickup(started.rental.id)
    clock.advance(timedelta(hours=3))
    charge_id = desk.return_chair(started.rental.chair_id).outcome.charge_id
    (item,) = fhir(client, "ChargeItem", identifier=f"{m.CHARGE_SYSTEM}|{charge_id}")
    charge = m.charge_of(item)
    assert (charge.item_class.value, charge.status, charge.patient_id) == ("wheelchair", ChargeStatus.UNPAID, "DEMO-002")
    assert charge.amount_fen == 300 and charge_id in {c.id for c in services.his.unpaid_charges("DEMO-002")}


def test_a_new_patient_file_is_created_once_per_id_number(services, client):
    new = NewPatientFile("赵丽", Sex.FEMALE, date(1952, 3, 4), "110101195203040028", "13900000009")
    first = services.his.create_patient(new)
    assert services.his.create_patient(new).id == first.id
    found = services.his.find_patient_by_id_number("110101195203040028")
    assert (found.name, found.insurance_type.value, found.credit_score) == ("赵丽", "self_pay", 0)
    assert len(fhir(client, "Patient", identifier=f"{ID_SYSTEM}|110101195203040028")) == 1


def test_staff_see_the_overdue_debt_kept_in_the_hospital_system(services):
    overdue = {d.patient_id: d.amount_fen for d in services.payments.credit.overdue()}
    assert overdue["DEMO-004"] == 12800


def test_a_reminder_reaches_the_hospital_as_one_communication(services, client):
    services.his.send_patient_message("DEMO-002", "请归还轮椅", "Please return the wheelchair", key="remind:1")
    services.his.send_patient_message("DEMO-002", "请归还轮椅", "Please return the wheelchair", key="remind:1")
    (sent,) = fhir(client, "Communication", identifier=f"{m.MESSAGE_SYSTEM}|remind:1")
    assert [p["contentString"] for p in sent["payload"]] == ["请归还轮椅", "Please return the wheelchair"]


def test_a_hospital_system_that_answers_too_slowly_is_an_outage_after_the_timeouts(server, client, clock):
    slow = FhirHospital(FhirClient(server.base_url, timeout_s=0.5), clock, ID_SYSTEM)
    server.control("delay", ms=1500)
    try:
        with pytest.raises(HisUnavailable, match="cannot be reached"):
            slow.patient("DEMO-001")
    finally:
        server.control("delay", ms=0)
    assert slow.patient("DEMO-001").name == "张建华"  # the next call reconnects
