"""The embedded demo hospital (HisPort over its tables, SQLite or PostgreSQL), its seeding, ID numbers and masking."""
from __future__ import annotations

from datetime import date, time, timedelta


import pytest

from kiosk.clock import FixedClock
from kiosk.his.demo import DEMO_PATIENTS, DemoHospital, seed_demo_hospital
from kiosk.his.id_numbers import birth_date_of, check_character, is_male, is_valid_id_number, make_id_number
from kiosk.his.masking import mask_id_number, mask_name, mask_phone
from kiosk.his.port import (
    AppointmentNotFound,
    AppointmentStatus,
    ChargeStatus,
    CheckInRefused,
    HisPort,
    ItemClass,
    PatientNotFound,
)
from kiosk.storage import open_database
from tests.conftest import TEMPLATE_DATABASE, TEST_ENGINE

TODAY = date(2026, 11, 22)
SEEDED_TABLES = {"departments": "code", "doctors": "id", "patients": "id", "appointments": "id", "charges": "id"}


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 9, 0)


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    seed_demo_hospital(database, TODAY)
    yield database
    database.close()


@pytest.fixture
def new_database(tmp_path, request):
    """Opens one more empty database of the engine under test (a file, or a PostgreSQL database)."""
    opened = []

    def open_new(name: str):
        if TEST_ENGINE == "postgresql":
            target = request.getfixturevalue("postgres_cluster").create_database(template=TEMPLATE_DATABASE)
        else:
            target = tmp_path / f"{name}.db"
        opened.append(open_database(target))
        return opened[-1]

    yield open_new
    for database in opened:
        database.close()


def rows(database, sql: str, params=()) -> list[dict]:
    cursor = database.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.fixture
def hospital(db, clock):
    return DemoHospital(db, clock)


def _dump(database) -> dict[str, list[dict]]:
    return {table: rows(database, f"SELECT * FROM {table} ORDER BY {key}") for table, key in SEEDED_TABLES.items()}


def test_demo_hospital_implements_the_port(hospital):
    assert isinstance(hospital, HisPort)


def test_same_seed_gives_identical_files(new_database):
    first, second = new_database("a"), new_database("b")
    seed_demo_hospital(first, TODAY)
    seed_demo_hospital(second, TODAY)
    assert _dump(first) == _dump(second)
    other = new_database("c")
    seed_demo_hospital(other, TODAY, seed=7)
    assert _dump(other)["patients"] != _dump(first)["patients"]


def test_reseeding_is_idempotent_and_adds_new_days(db, new_database):
    before = _dump(db)
    assert seed_demo_hospital(db, TODAY) is False
    assert _dump(db) == before
    tomorrow = TODAY + timedelta(days=1)
    assert seed_demo_hospital(db, tomorrow) is True
    hospital = DemoHospital(db, FixedClock.at_local(2026, 11, 23))
    assert len(hospital.appointments_on("DEMO-001", tomorrow)) == 1
    assert db["patients"].count == len(before["patients"])
    # A day seeded on its own gives the same rows as that day seeded after another.
    fresh = new_database("fresh")
    seed_demo_hospital(fresh, TODAY)
    seed_demo_hospital(fresh, tomorrow)
    day = tomorrow.isoformat()
    assert rows(fresh, "SELECT * FROM appointments WHERE day = ? ORDER BY id", [day]) == rows(
        db, "SELECT * FROM appointments WHERE day = ? ORDER BY id", [day])


def test_yesterdays_unpaid_orders_lapse_on_a_new_day(db):
    seed_demo_hospital(db, TODAY + timedelta(days=1))
    hospital = DemoHospital(db, FixedClock.at_local(2026, 11, 23))
    charges = hospital.unpaid_charges("DEMO-001")
    assert len(charges) == 3
    assert all(charge.id.startswith("C20261123-") for charge in charges)
    lapsed = db.execute("SELECT count(*) FROM charges WHERE status = 'voided' AND service_day = ?",
                        [TODAY.isoformat()]).fetchone()[0]
    assert lapsed > 0


def test_size_and_shape_of_the_hospital(db, hospital):
    departments = hospital.departments()
    assert 12 <= len(departments) <= 14
    names = {d.name_zh: d.name_en for d in departments}
    assert names["心内科"] == "Cardiology" and names["眼科"] == "Ophthalmology" and names["药房"] == "Pharmacy"
    assert all(d.floor >= 1 and d.room for d in departments)
    assert len(hospital.doctors()) == 30
    assert db["patients"].count == 200
    booked_patients = db.execute("SELECT count(DISTINCT patient_id) FROM appointments WHERE day = ?",
                                 [TODAY.isoformat()]).fetchone()[0]
    assert 70 <= booked_patients <= 140
    assert db.execute("SELECT count(*) FROM charges WHERE status = 'unpaid'").fetchone()[0] > 100


def test_patients_are_mostly_elderly_with_valid_ids(db, hospital):
    ages, phones = [], set()
    for row in rows(db, "SELECT id FROM patients"):
        patient = hospital.patient(row["id"])
        assert is_valid_id_number(patient.id_number), patient
        assert birth_date_of(patient.id_number) == patient.birth_date
        assert is_male(patient.id_number) == (patient.sex.value == "M")
        assert len(patient.phone) == 11 and patient.phone.isdigit()
        phones.add(patient.phone)
        ages.append(patient.age_on(TODAY))
    assert len(phones) == 200
    elderly = [age for age in ages if 60 <= age <= 95]
    assert len(elderly) >= 0.7 * len(ages)
    assert min(ages) >= 18 and max(ages) <= 95


def test_demo_001_has_exactly_one_appointment_today(hospital):
    patient = hospital.find_patient_by_id_number("330102195001011236")
    assert patient is not None and patient.id == "DEMO-001" and patient.name == "张建华"
    appointments = hospital.appointments_on("DEMO-001", TODAY)
    assert len(appointments) == 1
    (appointment,) = appointments
    assert (appointment.id, appointment.department_code) == ("A20261122-0001", "CARD")
    assert appointment.slot_time == time(9, 0)
    assert appointment.status is AppointmentStatus.BOOKED
    charges = hospital.unpaid_charges("DEMO-001")
    assert [c.amount_fen for c in charges] == [5000, 2500, 2000]
    assert charges[0].item_class is ItemClass.REGISTRATION


def test_demo_002_has_two_demo_003_none_demo_004_owes(hospital):
    assert [a.department_code for a in hospital.appointments_on("DEMO-002", TODAY)] == ["IM", "OPH"]
    assert hospital.appointments_on("DEMO-003", TODAY) == []
    assert {c.description_en for c in hospital.unpaid_charges("DEMO-003")} == {
        "Amlodipine besylate tablets", "Metformin tablets"}
    debtor = hospital.patient("DEMO-004")
    assert debtor.has_overdue_debt and debtor.overdue_debt_fen == 12800 and debtor.credit_score == 480
    assert not hospital.patient("DEMO-001").has_overdue_debt


def test_documented_demo_id_numbers(hospital):
    expected = {"DEMO-001": "330102195001011236", "DEMO-002": "330106194803152445",
                "DEMO-003": "310104195607200153", "DEMO-004": "330203194511080802"}
    assert {p.id: hospital.patient(p.id).id_number for p in DEMO_PATIENTS} == expected
    import kiosk.his.demo as demo_module
    assert all(number in demo_module.__doc__ for number in expected.values())


def test_find_by_phone_and_birth_date(hospital):
    found = hospital.find_patient_by_phone("138 0000 0002", date(1948, 3, 15))
    assert found is not None and found.id == "DEMO-002"
    assert hospital.find_patient_by_phone("13800000002", date(1948, 3, 16)) is None
    assert hospital.find_patient_by_id_number("330102195001011237") is None
    assert hospital.find_patient_by_id_number(" 330203194511080802 ").id == "DEMO-004"
    with pytest.raises(PatientNotFound):
        hospital.patient("NOBODY")


def test_check_in_today(hospital, clock):
    (appointment,) = hospital.appointments_on("DEMO-001", TODAY)
    checked = hospital.check_in(appointment.id)
    assert checked.status is AppointmentStatus.CHECKED_IN
    assert checked.checked_in_at == clock.now()
    clock.advance(timedelta(minutes=5))
    assert hospital.check_in(appointment.id) == checked  # a second tap changes nothing
    assert hospital.appointments_on("DEMO-001", TODAY)[0].status is AppointmentStatus.CHECKED_IN


def test_check_in_refusals(db, hospital):
    with pytest.raises(AppointmentNotFound):
        hospital.check_in("A19990101-0001")
    cancelled = db.execute("SELECT id FROM appointments WHERE status = 'cancelled' LIMIT 1").fetchone()
    assert cancelled is not None  # the seed cancels a few bookings
    with pytest.raises(CheckInRefused, match="cancelled"):
        hospital.check_in(cancelled[0])
    tomorrow_hospital = DemoHospital(db, FixedClock.at_local(2026, 11, 23, 9, 0))
    (appointment,) = hospital.appointments_on("DEMO-004", TODAY)
    with pytest.raises(CheckInRefused, match="not today"):
        tomorrow_hospital.check_in(appointment.id)


def test_charge_amounts_are_integer_fen(db):
    for row in rows(db, "SELECT amount_fen, status FROM charges"):
        assert isinstance(row["amount_fen"], int) and row["amount_fen"] > 0
        assert ChargeStatus(row["status"])


# --- ID numbers and masking ------------------------------------------------------------------------


def test_check_character_known_values():
    assert check_character("11010519491231002") == "X"  # the standard's worked example
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")
    assert not is_valid_id_number("110105194912310021")  # wrong check character
    assert not is_valid_id_number("110105194902310026")  # 31 February
    assert not is_valid_id_number("11010519491231002")
    assert make_id_number("110105", date(1949, 12, 31), 1, male=False) == "11010519491231002X"


@pytest.mark.parametrize(("name", "masked"), [
    ("张三华", "张*华"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("张", "*"),
    ("买买提·艾力", "买**·*力"), ("Li Wei", "L* W**"), ("Mary-Jane O'Neil", "M***-J*** O'N***"), ("", ""),
])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_id_number_and_phone():
    assert mask_id_number("330102195001011234") == "3301**********1234"
    assert mask_id_number("33010219500101123x") == "3301**********123X"
    assert mask_id_number("330102500101123") == "3301*******1123"
    assert mask_id_number("1234") == "****"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138-1234-5678") == "138****5678"
    assert mask_phone("0571-87654321") == "057*****4321"
    assert mask_phone("12345") == "***45"
