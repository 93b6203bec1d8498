"""Finding a patient without a face: ID number, phone + birth date, scanned ID QR or insurance e-code."""
from __future__ import annotations

from kiosk.identity import LookupOutcome, parse_birth_date


def test_id_number_finds_the_demo_patient_and_audits_the_method_only(services):
    result = services.finder.by_id_number("330102195001011236")
    assert result.found and result.patient.id == "DEMO-001"
    entry = services.audit.entries(limit=1, action="patient.identified")[0]
    assert entry.detail == {"method": "id_number"}


def test_id_number_with_a_wrong_check_character_is_invalid_not_missing(services):
    assert services.finder.by_id_number("330102195001011234").outcome is LookupOutcome.INVALID
    assert services.finder.by_id_number("33010219500101123").outcome is LookupOutcome.INVALID
    assert services.finder.by_id_number("330102195002301230").outcome is LookupOutcome.INVALID  # 30 February


def test_a_valid_number_of_nobody_here_is_not_found(services):
    from kiosk.his.id_numbers import make_id_number
    from datetime import date

    stranger = make_id_number("110101", date(1941, 3, 4), 7, male=True)
    assert services.finder.by_id_number(stranger).outcome is LookupOutcome.NOT_FOUND
    assert services.audit.entries(limit=10, action="patient.identified") == []


def test_phone_and_birth_date(services):
    assert services.finder.by_phone_and_birth_date("13800000001", "19500101").patient.id == "DEMO-001"
    assert services.finder.by_phone_and_birth_date("13800000001", "19500102").outcome is LookupOutcome.NOT_FOUND
    assert services.finder.by_phone_and_birth_date("2380000000", "19500101").outcome is LookupOutcome.INVALID
    assert services.finder.by_phone_and_birth_date("13800000001", "19501301").outcome is LookupOutcome.INVALID


def test_scanned_codes(services):
    assert services.finder.by_scanned_code("330102195001011236\n").patient.id == "DEMO-001"
    assert services.finder.by_scanned_code("ecode:330106194803152445").patient.id == "DEMO-002"
    assert services.finder.by_scanned_code("https://example.com/not-a-patient").outcome is LookupOutcome.INVALID
    methods = [e.detail["method"] for e in services.audit.entries(limit=5, action="patient.identified")]
    assert methods == ["insurance_ecode", "id_qr"]


def test_birth_dates_must_be_real_and_past():
    assert parse_birth_date("19500101").isoformat() == "1950-01-01"
    assert parse_birth_date("19500229") is None
    assert parse_birth_date("29990101") is None
    assert parse_birth_date("1950011") is None
