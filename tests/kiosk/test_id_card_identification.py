"""Identification by resident ID card and new patient files through the HIS port (demo hospital)."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from kiosk.his.demo_cards import demo_card, demo_cards, visitor_card
from kiosk.his.port import NewPatientFile, PatientFileRefused, Sex
from kiosk.id_card import (
    CardIdentification,
    FileRefusal,
    NewFileRefused,
    masked_card_lines,
)
from kiosk.identity import LookupOutcome


def patient_rows(services, id_number: str) -> list[tuple]:
    return services.db.execute("SELECT id, name, phone, sex, birth_date, insurance_type FROM patients "
                               "WHERE id_number = ?", (id_number,)).fetchall()


def test_every_demo_patients_card_finds_that_patient_and_the_method_is_id_card(services):
    for entry in demo_cards():
        if entry.key.startswith("DEMO-"):
            result = services.cards.identify(entry.card)
            assert result.found and result.patient.id == entry.key and result.method == "id_card"
    assert services.audit.entries(limit=1, action="patient.identified")[0].detail == {"method": "id_card"}


def test_a_visitors_card_is_not_found_and_an_expired_card_is_refused(services):
    assert services.cards.identify(visitor_card()).outcome is LookupOutcome.NOT_FOUND
    expired = services.cards.identify(demo_card("expired"))
    assert expired.outcome is LookupOutcome.EXPIRED and expired.patient is None
    assert services.audit.entries(limit=1, action="patient.card_refused")[0].detail == {"reason": "expired"}


def test_a_new_patient_file_holds_the_cards_fields_and_the_phone_and_is_audited(services):
    card = visitor_card()
    patient = services.cards.open_patient_file(card, "13912345678")
    assert patient.name == "赵淑芬" and patient.sex is Sex.FEMALE and patient.birth_date == date(1952, 4, 18)
    assert patient_rows(services, card.id_number) == [(patient.id, "赵淑芬", "13912345678", "F", "1952-04-18",
                                                       "self_pay")]
    created = services.audit.entries(limit=1, action="patient.file_created")[0]
    assert created.detail == {"patient_id": patient.id, "method": "id_card", "phone_given": True}
    assert card.id_number not in str(services.audit.entries(limit=20))
    assert services.cards.identify(card).patient == patient


def test_opening_the_same_file_twice_or_at_once_makes_one_patient(services):
    card = visitor_card()
    results = []
    threads = [threading.Thread(target=lambda: results.append(services.his.create_patient(
        NewPatientFile(card.name, Sex.FEMALE, card.birth_date, card.id_number)))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({patient.id for patient in results}) == 1
    assert services.cards.open_patient_file(card).id == results[0].id
    assert len(patient_rows(services, card.id_number)) == 1
    assert services.audit.entries(limit=5, action="patient.file_created") == []  # the HIS had it already


@pytest.mark.parametrize("card, phone, required, reason", [
    (demo_card("expired"), "", False, FileRefusal.EXPIRED),
    (visitor_card(), "", True, FileRefusal.PHONE_REQUIRED),
    (visitor_card(), "1391234567", False, FileRefusal.PHONE_INVALID),
    (replace(visitor_card(), id_number="350102195204181230"), "", False, FileRefusal.INVALID_CARD),
])
def test_refused_files_say_why_and_create_nothing(services, card, phone, required, reason):
    cards = CardIdentification(services.his, services.finder, services.audit, services.clock, phone_required=required)
    with pytest.raises(NewFileRefused) as refused:
        cards.open_patient_file(card, phone)
    assert refused.value.reason is reason
    assert patient_rows(services, card.id_number) == []


def test_the_hospital_refuses_a_malformed_number_itself(services):
    with pytest.raises(PatientFileRefused):
        services.his.create_patient(NewPatientFile("某人", Sex.MALE, date(1950, 1, 1), "123"))


def test_masked_lines_show_no_full_name_or_number():
    lines = masked_card_lines(demo_card("DEMO-001"))
    assert lines["name"] == "张*华" and lines["id_number"] == "3301**********1236"
    assert lines["valid_to"] == "long-term"
