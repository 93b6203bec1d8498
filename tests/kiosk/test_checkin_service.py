"""Check-in service over the demo hospital and the simulated printer: number, ticket, visit summary."""
from __future__ import annotations

import pytest

from kiosk.checkin.service import CheckInError
from kiosk.his.port import AppointmentStatus


@pytest.fixture
def checkin(services):
    return services.checkin


def test_visit_today_shows_masked_name_appointments_unpaid_and_what_comes_after(checkin):
    visit = checkin.visit_today("DEMO-001")
    assert visit.masked_name == "张*华"
    assert [a.department.code for a in visit.appointments] == ["CARD"]
    assert visit.unpaid_fen == 1350  # 95.00 元 of charges, 13.50 元 after insurance (what the bill asks)
    assert {d.code for d in visit.after} == {"LAB", "RAD"}
    assert checkin.visit_today("DEMO-003").appointments == ()


def test_check_in_assigns_a_number_prints_a_ticket_and_marks_the_appointment(services, checkin):
    appointment = checkin.visit_today("DEMO-001").appointments[0].appointment
    result = checkin.check_in("DEMO-001", appointment.id)
    assert result.printed and result.fallback is None
    assert result.ticket.number.endswith("001") and result.ticket.people_ahead == 0
    assert result.visit.appointments[0].checked_in and result.visit.appointments[0].queue_number == result.ticket.number
    printer = services.devices.device("receipt_printer")
    assert len(printer.jobs) == 1
    assert result.ticket.number.encode() in printer.jobs[0].data
    (status,) = services.db.execute("SELECT status FROM appointments WHERE id = ?", (appointment.id,)).fetchone()
    assert status == AppointmentStatus.CHECKED_IN.value


def test_checking_in_twice_gives_the_same_number_and_prints_once(services, checkin):
    appointment = checkin.visit_today("DEMO-001").appointments[0].appointment
    first = checkin.check_in("DEMO-001", appointment.id)
    second = checkin.check_in("DEMO-001", appointment.id)
    assert second.ticket.number == first.ticket.number and second.printed
    assert len(services.devices.device("receipt_printer").jobs) == 1
    assert services.db.execute("SELECT count(*) FROM queue_numbers").fetchone()[0] == 1


def test_people_ahead_counts_earlier_numbers_not_yet_called(services, checkin):
    two = checkin.visit_today("DEMO-002").appointments
    im = next(a for a in two if a.department.code == "IM").appointment
    other = services.db.execute(
        "SELECT id, patient_id FROM appointments WHERE department_code = 'IM' AND day = ? AND patient_id != 'DEMO-002' "
        "AND status = 'booked' LIMIT 2", (services.clock.today().isoformat(),)).fetchall()
    for appointment_id, patient_id in other:
        checkin.check_in(patient_id, appointment_id)
    mine = checkin.check_in("DEMO-002", im.id)
    assert mine.ticket.people_ahead == 2 and mine.ticket.number.endswith("003")
    checkin.mark_called(other[0][0])
    assert checkin.people_ahead(im.id) == 1


def test_out_of_paper_gives_the_on_screen_fallback_and_keeps_the_number(services, checkin):
    services.devices.device("receipt_printer").inject(paper="out")
    appointment = checkin.visit_today("DEMO-004").appointments[0].appointment
    result = checkin.check_in("DEMO-004", appointment.id)
    assert not result.printed
    assert result.fallback is not None and result.fallback.headline == result.ticket.number
    assert result.visit.appointments[0].checked_in


def test_someone_elses_appointment_is_refused(checkin):
    theirs = checkin.visit_today("DEMO-001").appointments[0].appointment
    with pytest.raises(CheckInError):
        checkin.check_in("DEMO-002", theirs.id)
