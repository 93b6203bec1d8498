"""Queue numbers when many kiosks share the hospital's PostgreSQL database: each kiosk (its own
connection, audit chain and printer) checks patients in at the same moment, and every number is
handed out once — the department's day counter goes up in one statement."""
from __future__ import annotations

from devices.registry import open_device
from kiosks_together import run_together
from kiosk.audit import AuditLog
from kiosk.checkin.service import CheckInService
from kiosk.clock import FixedClock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.storage import open_database

KIOSKS = 8
CHECKINS_PER_KIOSK = 25
HOSPITAL = Hospital("演示医院", "Demo Hospital", "一楼服务台", "the service desk on floor 1")


def kiosk_at(url: str, kiosk_id: str, clock: FixedClock):
    """One kiosk's check-in: its own connection, audit chain and simulated printer."""
    db = open_database(url, kiosk_id=kiosk_id)
    printer = open_device("receipt_printer", "sim:")
    printing = PrintService(db, clock, printer, None)
    checkin = CheckInService(db, clock, DemoHospital(db, clock), printing, HOSPITAL, AuditLog(db, clock, kiosk_id))
    return db, printer, checkin


def test_eight_kiosks_checking_in_at_once_never_hand_out_a_number_twice(postgres_url):
    clock = FixedClock.at_local(2026, 11, 22, 8, 0)
    setup = open_database(postgres_url)
    seed_demo_hospital(setup, clock.today())
    day = clock.today().isoformat()
    patients = [row[0] for row in setup.execute("SELECT id FROM patients ORDER BY id").fetchall()]
    bookings = [(f"A{clock.today():%Y%m%d}-Q{n:04d}", patients[n % len(patients)])
                for n in range(KIOSKS * CHECKINS_PER_KIOSK)]
    setup.executemany(  # the HIS books 200 patients into Cardiology at 09:00
        "INSERT INTO appointments (id, patient_id, department_code, doctor_id, doctor_name, day, slot_time, status) "
        "VALUES (?, ?, 'CARD', 'CARD-1', '医生', ?, '09:00', 'booked')",
        [(appointment_id, patient_id, day) for appointment_id, patient_id in bookings])
    kiosks = [kiosk_at(postgres_url, f"K{n + 1:02d}", clock) for n in range(KIOSKS)]
    tickets: list[list[str]] = [[] for _ in kiosks]

    def kiosk_job(index: int):
        def job():
            checkin = kiosks[index][2]
            for appointment_id, patient_id in bookings[index::KIOSKS]:
                tickets[index].append(checkin.check_in(patient_id, appointment_id).ticket.number)
        return job

    try:
        _, errors = run_together([kiosk_job(n) for n in range(KIOSKS)])
        assert errors == []
        numbers = [number for kiosk in tickets for number in kiosk]
        assert len(numbers) == KIOSKS * CHECKINS_PER_KIOSK == len(set(numbers))
        sequences = sorted(row[0] for row in setup.execute(
            "SELECT sequence FROM queue_numbers WHERE department_code = 'CARD' AND day = ?", (day,)).fetchall())
        assert sequences == list(range(1, KIOSKS * CHECKINS_PER_KIOSK + 1))  # no gaps either
        assert setup.execute("SELECT last_sequence FROM queue_counters WHERE department_code = 'CARD' AND day = ?",
                             (day,)).fetchone()[0] == KIOSKS * CHECKINS_PER_KIOSK
        for (_, printer, _), numbers_here in zip(kiosks, tickets):
            assert len(printer.jobs) == CHECKINS_PER_KIOSK  # each kiosk printed its own patients' tickets
            assert all(number.encode() in job.data for job, number in zip(printer.jobs, numbers_here))
    finally:
        for db, printer, _ in kiosks:
            printer.close()
            db.close()
        setup.close()


def test_the_first_check_in_of_the_day_makes_the_counter_and_the_next_count_on(db, clock):
    """Either engine: the counter row is made by the first check-in of a department's day."""
    seed_demo_hospital(db, clock.today())
    printer = open_device("receipt_printer", "sim:")
    checkin = CheckInService(db, clock, DemoHospital(db, clock), PrintService(db, clock, printer, None), HOSPITAL,
                             AuditLog(db, clock))
    booked = db.execute("SELECT id, patient_id FROM appointments WHERE department_code = 'IM' AND day = ? "
                        "AND status = 'booked' AND slot_time <= '10:00' ORDER BY id LIMIT 3", (clock.today().isoformat(),)).fetchall()
    try:
        numbers = [checkin.check_in(patient_id, appointment_id).ticket.number for appointment_id, patient_id in booked]
    finally:
        printer.close()
    assert [int(number[1:]) for number in numbers] == [1, 2, 3]
    assert db.execute("SELECT last_sequence FROM queue_counters WHERE department_code = 'IM'").fetchone()[0] == 3
