"""Same-day registration through the real window: no appointment today → department → doctor → confirm
→ printed ticket, with the registration fee left on the bill. The clinic clock is fixed at 09:00."""
from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.his.port import ItemClass


@pytest.fixture
def clinic_clock():
    return FixedClock.at_local(2026, 11, 22, 9, 0)


@pytest.fixture
def services(kiosk_config, clinic_clock):
    """The shared services, but on a clinic morning: registration depends on the time of day."""
    built = bootstrap(kiosk_config, clinic_clock)
    yield built
    built.close()


def tap(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def identify(window, qtbot, patient_id: str) -> None:
    """Tap the check-in tile; identification (the lead's flow) reports the patient as it does when found."""
    tap(qtbot, window.home.tiles["checkin"])
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    window.identification.identified(window.services.his.patient(patient_id))
    if window.current.name == "checkin_enrol_offer":  # found without the face: enrolment is offered once
        tap(qtbot, window.current.no_button)


def department_button(screen, code: str):
    return next(b for b in screen.buttons if b.property("department") == code)


def registration_fees(services, patient_id: str):
    return [c for c in services.his.unpaid_charges(patient_id) if c.item_class is ItemClass.REGISTRATION]


def test_a_patient_without_an_appointment_registers_and_gets_a_printed_ticket_in_three_taps(window, services, qtbot):
    assert services.his.appointments_on("DEMO-003", services.clock.today()) == []
    identify(window, qtbot, "DEMO-003")
    departments = window.screens["checkin_register"]
    qtbot.waitUntil(lambda: window.current is departments and not departments.loading, timeout=10_000)
    assert departments.title.text() == "您今天没有预约" and len(departments.buttons) == 10

    tap(qtbot, department_button(departments, "ENDO"))  # 1
    doctors = window.screens["checkin_register_doctor"]
    qtbot.waitUntil(lambda: window.current is doctors and not doctors.loading, timeout=10_000)
    first = doctors.buttons[0]
    slot = first.property("slot")
    assert slot.session == "morning" and slot.time == time(9, 0)
    assert "09:00" in first.text() and "挂号费" in first.text() and slot.title_zh in first.text()
    tap(qtbot, first)  # 2

    confirm = window.screens["checkin_register_confirm"]
    assert window.current is confirm and slot.doctor_name in confirm.doctor.text()
    assert "缴费" in confirm.bill.text() and f"{slot.fee_fen // 100}.00 元" in confirm.fee.text()
    tap(qtbot, confirm.confirm_button)  # 3
    ticket = window.screens["checkin_ticket"]
    qtbot.waitUntil(lambda: window.current is ticket, timeout=10_000)

    result = ticket.result
    assert result.appointment.department.code == "ENDO" and result.appointment.checked_in
    jobs = services.devices.device("receipt_printer").jobs
    assert len(jobs) == 1 and result.ticket.number.encode() in jobs[0].data
    (fee,) = registration_fees(services, "DEMO-003")
    assert fee.amount_fen == slot.fee_fen
    unpaid = services.his.unpaid_charges("DEMO-003")  # the ticket says what the bill will ask, after insurance
    assert result.visit.unpaid_fen == services.payments.insurance.estimate_cash(services.his.patient("DEMO-003"), unpaid)
    spoken = services.devices.device("speaker").spoken_texts()
    assert "要挂今天的号，请按一个科室。" in spoken  # every step says what to do
    assert any(text.startswith("挂号费：") for text in spoken) and any(text.startswith("您的号码是") or
                                                                  result.ticket.number in text for text in spoken)


def test_a_double_tap_on_confirm_books_and_charges_once(window, services, qtbot):
    identify(window, qtbot, "DEMO-003")
    departments = window.screens["checkin_register"]
    qtbot.waitUntil(lambda: window.current is departments and not departments.loading, timeout=10_000)
    tap(qtbot, department_button(departments, "DERM"))
    doctors = window.screens["checkin_register_doctor"]
    qtbot.waitUntil(lambda: window.current is doctors and not doctors.loading, timeout=10_000)
    tap(qtbot, doctors.buttons[0])
    confirm = window.screens["checkin_register_confirm"]
    confirm.confirm()
    confirm.confirm()  # the second tap while the first is running
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=10_000)
    assert len(registration_fees(services, "DEMO-003")) == 1
    assert len(services.devices.device("receipt_printer").jobs) == 1


def test_a_patient_with_an_appointment_can_register_for_another_department_from_the_ticket(window, services, qtbot):
    identify(window, qtbot, "DEMO-001")  # one appointment: checked in at once
    ticket = window.screens["checkin_ticket"]
    qtbot.waitUntil(lambda: window.current is ticket and ticket.result is not None, timeout=10_000)
    tap(qtbot, ticket.register_button)
    departments = window.screens["checkin_register"]
    qtbot.waitUntil(lambda: window.current is departments and not departments.loading, timeout=10_000)
    assert departments.title.text() == "挂其他科室的号"
    assert "您已挂这个科室的号" in department_button(departments, "CARD").text()
    tap(qtbot, department_button(departments, "OPH"))
    doctors = window.screens["checkin_register_doctor"]
    qtbot.waitUntil(lambda: window.current is doctors and not doctors.loading, timeout=10_000)
    tap(qtbot, doctors.buttons[-1])
    tap(qtbot, window.screens["checkin_register_confirm"].confirm_button)
    qtbot.waitUntil(lambda: window.current is ticket and ticket.result.appointment.department.code == "OPH",
                    timeout=10_000)
    assert len(services.devices.device("receipt_printer").jobs) == 2
    assert {a.department_code for a in services.his.appointments_on("DEMO-001", services.clock.today())} == {
        "CARD", "OPH"}


def test_a_place_taken_meanwhile_is_refused_in_plain_words_and_nothing_is_charged(window, services, qtbot):
    identify(window, qtbot, "DEMO-003")
    departments = window.screens["checkin_register"]
    qtbot.waitUntil(lambda: window.current is departments and not departments.loading, timeout=10_000)
    tap(qtbot, department_button(departments, "NEURO"))
    doctors = window.screens["checkin_register_doctor"]
    qtbot.waitUntil(lambda: window.current is doctors and not doctors.loading, timeout=10_000)
    slot = doctors.buttons[0].property("slot")
    tap(qtbot, doctors.buttons[0])
    services.db.execute("UPDATE doctor_sessions SET places = 0 WHERE doctor_id = ? AND session = ?",
                        (slot.doctor_id, slot.session))  # another kiosk took the last place
    services.db.conn.commit()
    confirm = window.screens["checkin_register_confirm"]
    tap(qtbot, confirm.confirm_button)
    qtbot.waitUntil(lambda: confirm.error is not None, timeout=10_000)
    assert window.current is confirm and confirm.title.text() == "挂号没有成功"
    assert "返回" in confirm.bill.text() and not confirm.confirm_button.isVisible()
    assert registration_fees(services, "DEMO-003") == [] and services.devices.device("receipt_printer").jobs == []
    tap(qtbot, confirm.back_button)
    qtbot.waitUntil(lambda: window.current is doctors and not doctors.loading, timeout=10_000)
    assert all(b.property("slot").doctor_id != slot.doctor_id or b.property("slot").session != slot.session
               for b in doctors.buttons)


def test_after_the_clinics_close_the_kiosk_says_so_and_offers_staff(make_window, services, clinic_clock, qtbot):
    window = make_window("landscape", "en")
    clinic_clock.set(FixedClock.at_local(2026, 11, 22, 17, 5).now())
    identify(window, qtbot, "DEMO-003")
    departments = window.screens["checkin_register"]
    qtbot.waitUntil(lambda: window.current is departments and not departments.loading, timeout=10_000)
    assert departments.buttons == [] and departments.call_button.isVisible()
    assert "come back tomorrow" in departments.explain.text()
