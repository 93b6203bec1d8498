"""The hospital system does not answer (a real FHIR adapter whose server is down): the patient is told so
in plain words, spoken too, and sent to the service desk; nothing is written."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.his.port import InsuranceType, Patient, Sex

ZHANG = Patient("DEMO-001", "张建华", "330102195001011236", "13800000001", date(1950, 1, 1), Sex.MALE,
                InsuranceType.EMPLOYEE, 720)


@pytest.fixture
def services(kiosk_config):
    down = "fhir+http://127.0.0.1:9/fhir"  # nothing listens on port 9: connection refused, as in an outage
    built = bootstrap(replace(kiosk_config, systems=replace(kiosk_config.systems, his=down)),
                      FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def reach_visit(window, qtbot):
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    window.identification.identified(ZHANG)  # as identification reports a patient found on the card
    if window.current.name == "checkin_enrol_offer":
        qtbot.mouseClick(window.current.no_button, Qt.MouseButton.LeftButton)


def test_check_in_during_an_outage_sends_the_patient_to_the_desk_in_plain_words(window, services, qtbot):
    reach_visit(window, qtbot)
    visit = window.screens["checkin"]
    qtbot.waitUntil(lambda: window.current is visit and visit.title.text() == "医院系统暂时连不上", timeout=10_000)
    assert "一楼服务台" in visit.explain.text() and visit.call_button.isVisible()
    spoken = services.devices.device("speaker").spoken_texts()
    assert any("医院系统暂时连不上" in text and "一楼服务台" in text for text in spoken)
    assert services.db.execute("SELECT count(*) FROM queue_numbers").fetchone()[0] == 0


def test_the_bill_during_an_outage_says_nothing_was_charged(window, services, qtbot):
    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    window.identification.identified(ZHANG)
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill and bill.problem == "outage", timeout=10_000)
    assert bill.explain.text().startswith("医院系统暂时连不上") and "一楼服务台" in bill.explain.text()
    assert not bill.qr_button.isVisible()
    assert services.db.execute("SELECT count(*) FROM payment_intents").fetchone()[0] == 0
