"""Several kiosks on one database (the hospital's PostgreSQL, or one SQLite file) doing the same thing
at the same moment: starting up (seeding the demo day), opening a file for one ID card, checking in
one appointment, registering for the last place, posting a charge, settling insurance. Each kiosk is a
thread with its own connection; a barrier releases them together. Nothing fails, nothing is doubled."""
from __future__ import annotations

from datetime import date, time

import pytest

from kiosks_together import run_together
from kiosk.clock import FixedClock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.demo_cards import visitor_card
from kiosk.his.port import (AppointmentStatus, InsuranceCategory, ItemClass, NewCharge, NewPatientFile, Sex,
                            SlotFull)
from kiosk.insurance.embedded import EmbeddedInsurance
from kiosk.storage import open_database

TODAY = date(2026, 11, 22)
KIOSKS = 4


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 8, 0)


@pytest.fixture
def kiosks(db_path):
    """KIOSKS connections to one database, as KIOSKS kiosks would hold."""
    opened = [open_database(db_path, kiosk_id=f"K{n + 1}") for n in range(KIOSKS)]
    yield opened
    for database in opened:
        database.close()


@pytest.fixture
def seeded(kiosks):
    seed_demo_hospital(kiosks[0], TODAY)
    return kiosks


def test_kiosks_starting_together_seed_the_day_once(kiosks):
    added, errors = run_together([lambda db=db: seed_demo_hospital(db, TODAY) for db in kiosks])
    assert errors == []
    assert sorted(added) == [False] * (KIOSKS - 1) + [True]  # one kiosk seeded; the others found it done
    db = kiosks[0]
    assert db.execute("SELECT count(*) FROM patients").fetchone()[0] == 200
    assert db.execute("SELECT count(*) FROM demo_seed_days").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM appointments WHERE patient_id = 'DEMO-001'").fetchone()[0] == 1
    sessions = db.execute("SELECT count(*) FROM doctor_sessions WHERE day = ?", (TODAY.isoformat(),)).fetchone()[0]
    assert 30 < sessions <= 60  # 30 doctors, morning and most afternoons, once


def test_one_id_card_at_several_kiosks_at_once_opens_one_patient_file(seeded, clock):
    card = visitor_card()
    new_file = NewPatientFile(card.name, Sex(card.sex), card.birth_date, card.id_number, "13912345678")
    patients, errors = run_together([lambda db=db: DemoHospital(db, clock).create_patient(new_file) for db in seeded])
    assert errors == []
    assert len({patient.id for patient in patients}) == 1
    assert seeded[0].execute("SELECT count(*) FROM patients WHERE id_number = ?",
                             (card.id_number,)).fetchone()[0] == 1


def test_one_appointment_checked_in_at_several_kiosks_at_once_is_checked_in_once(seeded, clock):
    (appointment_id,) = seeded[0].execute("SELECT id FROM appointments WHERE patient_id = 'DEMO-001'").fetchone()
    results, errors = run_together([lambda db=db: DemoHospital(db, clock).check_in(appointment_id) for db in seeded])
    assert errors == []
    assert {(a.status, a.checked_in_at) for a in results} == {(AppointmentStatus.CHECKED_IN, clock.now())}


def test_the_last_place_of_a_session_goes_to_one_kiosk_and_the_others_are_told_it_is_full(seeded):
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    db = seeded[0]
    slot = next(s for s in DemoHospital(db, clock).open_slots("CARD", TODAY)
                if s.doctor_id == "CARD-2" and s.session == "morning")
    db.execute("UPDATE doctor_sessions SET places = places - ? WHERE doctor_id = 'CARD-2' AND day = ? "
               "AND session = 'morning'", (slot.remaining - 1, TODAY.isoformat()))  # one place left
    patients = new_to("CARD", db)
    appointments, errors = run_together([
        lambda db=db, p=p: DemoHospital(db, clock).register(p, "CARD-2", TODAY, time(9, 0), f"key-{p}")
        for db, p in zip(seeded, patients)])
    assert len([a for a in appointments if a is not None]) == 1
    assert len(errors) == KIOSKS - 1 and all(isinstance(error, SlotFull) for error in errors), errors


def test_registrations_at_several_kiosks_at_once_get_their_own_appointments(seeded):
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    patients = new_to("ORTH", seeded[0])
    jobs = [lambda db=db, p=p: DemoHospital(db, clock).register(p, "ORTH-1", TODAY, time(14, 0), f"key-{p}")
            for db, p in zip(seeded, patients)]
    appointments, errors = run_together(jobs)
    assert errors == []
    assert len({a.id for a in appointments}) == KIOSKS
    assert seeded[0].execute("SELECT count(*) FROM registrations").fetchone()[0] == KIOSKS


def test_a_charge_posted_by_several_kiosks_at_once_is_on_the_bill_once(seeded, clock):
    fee = NewCharge("WC-R9", "DEMO-002", TODAY, ItemClass.WHEELCHAIR, "轮椅租用", "Wheelchair rental", 600,
                    InsuranceCategory.C)
    charges, errors = run_together([lambda db=db: DemoHospital(db, clock).post_charge(fee) for db in seeded])
    assert errors == [] and len(set(charges)) == 1
    assert seeded[0].execute("SELECT count(*) FROM charges WHERE id = 'WC-R9'").fetchone()[0] == 1


def test_one_patient_settling_at_several_kiosks_at_once_never_spends_the_account_twice(seeded, clock):
    """DEMO-001's personal account holds 20.00 元: each bill would take it all if it were not held."""
    his = DemoHospital(seeded[0], clock)
    patient = his.patient("DEMO-001")
    charges = his.unpaid_charges("DEMO-001")
    settlements, errors = run_together([lambda db=db, k=k: EmbeddedInsurance(db, clock).pre_settle(
        patient, charges, f"intent-{k}") for k, db in enumerate(seeded)])
    assert errors == []
    assert sum(s.acct_pay for s in settlements) == 2_000  # the account once, however many kiosks asked
    again, errors = run_together([lambda db=db: EmbeddedInsurance(db, clock).pre_settle(patient, charges, "intent-0")
                                  for db in seeded])
    assert errors == [] and {s.setl_id for s in again} == {settlements[0].setl_id}
    confirmed, errors = run_together([lambda db=db: EmbeddedInsurance(db, clock).confirm(settlements[1].setl_id)
                                      for db in seeded])
    assert errors == []
    (balance,) = seeded[0].execute("SELECT account_balance_fen FROM insurance_years WHERE patient_id = 'DEMO-001'"
                                   ).fetchone()
    assert balance == 2_000 - settlements[1].acct_pay  # booked once


def new_to(department_code: str, db) -> list[str]:
    """KIOSKS patients with no appointment in this department (so none is refused as already registered)."""
    return [row[0] for row in db.execute(
        "SELECT id FROM patients WHERE id NOT IN (SELECT patient_id FROM appointments WHERE department_code = ?) "
        "ORDER BY id LIMIT ?", (department_code, KIOSKS)).fetchall()]
