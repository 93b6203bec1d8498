"""Patients put their resident ID card on the (simulated) reader: zero typing to a printed ticket, a new
patient file for someone the hospital does not know, and plain words for every card problem."""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.his.demo_cards import demo_card, visitor_card
from ui.identify import start_identification


def tap(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def reader(services):
    return services.devices.device("id_card_reader")


def prompt_problem(window) -> str:
    prompt = window.identification.cards.prompt
    return prompt.problem.text() if prompt is not None and prompt.problem.isVisible() else ""


def test_a_known_patient_puts_the_card_down_and_gets_a_printed_ticket(window, qtbot, services):
    tap(qtbot, window.home.tiles["checkin"])
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    prompt = window.identification.cards.prompt
    assert prompt is not None and prompt.text.text() == "请把身份证放在感应区"
    reader(services).present(demo_card("DEMO-001"))
    qtbot.waitUntil(lambda: services.sessions.current.patient_id == "DEMO-001", timeout=5000)
    assert services.sessions.current.identified_by == "id_card"
    if window.current.name == "checkin_enrol_offer":  # found without the face: enrolment is offered once
        tap(qtbot, window.current.no_button)
    ticket = window.screens["checkin_ticket"]
    qtbot.waitUntil(lambda: window.current is ticket, timeout=10_000)
    jobs = services.devices.device("receipt_printer").jobs
    assert len(jobs) == 1 and ticket.result.ticket.number.encode() in jobs[0].data
    assert "张建华".encode("gb18030") not in jobs[0].data  # the name is masked on paper
    assert services.audit.entries(limit=1, action="patient.identified")[0].detail == {"method": "id_card"}


def test_a_visitor_gets_a_new_patient_file_and_goes_on_to_pay(window, qtbot, services):
    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    card = visitor_card()
    reader(services).present(card)
    new_file = window.screens["identify_new_file"]
    qtbot.waitUntil(lambda: window.current is new_file, timeout=5000)
    shown = [label.text() for label in new_file.values]
    assert shown == ["赵*芬", "女", "1952-04-18", "3501**********" + card.id_number[-4:]]
    assert new_file.ok_button.isEnabled()  # the phone may stay empty in the demo
    for key in "1391234567":
        tap(qtbot, new_file.keypad.keys[key])
    assert not new_file.ok_button.isEnabled()
    tap(qtbot, new_file.keypad.keys["8"])
    tap(qtbot, new_file.ok_button)
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill, timeout=10_000)
    row = services.db.execute("SELECT id, name, phone, sex, birth_date FROM patients WHERE id_number = ?",
                              (card.id_number,)).fetchone()
    assert row[1:] == ("赵淑芬", "13912345678", "F", "1952-04-18")
    assert services.sessions.current.patient_id == row[0] and services.sessions.current.identified_by == "id_card"
    window.go("home", reason="finished")
    assert all(label.text() == "" for label in new_file.values) and new_file.keypad.text == ""


def test_a_card_put_down_while_no_identification_screen_is_open_does_nothing(window, qtbot, services):
    reader(services).present(demo_card("DEMO-002"))
    qtbot.wait(1500)
    assert window.current is window.home and services.sessions.current is None and reader(services).reads == 0
    found = []
    start_identification(window, "wheelchair", found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=5000)  # asked now: the card lying there is read
    assert found[0].id == "DEMO-002"


def test_card_problems_are_explained_spoken_and_the_next_try_works(window, qtbot, services):
    found = []
    start_identification(window, "pay", found.append)
    window.go("identify")
    sim = reader(services)
    sim.inject(read="removed")
    sim.present(demo_card("DEMO-003"))
    qtbot.waitUntil(lambda: "拿开" in prompt_problem(window), timeout=5000)
    assert services.devices.device("speaker").utterances[-1].text == prompt_problem(window)
    sim.inject(read=None)
    sim.present(demo_card("expired"))
    qtbot.waitUntil(lambda: "有效期" in prompt_problem(window), timeout=5000)
    assert services.config.help_desk_zh in prompt_problem(window)
    sim.present(demo_card("DEMO-003"))
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    assert found[0].id == "DEMO-003"


def test_a_reader_without_its_security_module_sends_patients_to_the_other_ways(window, qtbot, services):
    start_identification(window, "pay", lambda patient: None)
    window.go("identify")
    reader(services).inject(sam="missing")
    reader(services).present(demo_card("DEMO-001"))
    qtbot.waitUntil(lambda: "读卡器" in prompt_problem(window), timeout=5000)
    qtbot.waitUntil(lambda: not window.identification.cards.listening, timeout=3000)
    assert window.screens["identify"].id_button.isVisible()


def test_the_demo_panel_puts_a_visitors_card_on_the_reader(window, qtbot, services):
    start_identification(window, "checkin", lambda patient: None)
    window.go("identify")
    qtbot.mouseClick(window.sim_ribbon, Qt.MouseButton.LeftButton)
    panel = window.demo_panel
    assert panel.isVisible() and window.current.name == "identify"  # an overlay: identification goes on
    tap(qtbot, panel.card_buttons["visitor"])
    assert not panel.isVisible() and reader(services).card_on_reader == visitor_card()
    qtbot.waitUntil(lambda: window.current.name == "identify_new_file", timeout=5000)
    qtbot.mouseClick(window.sim_ribbon, Qt.MouseButton.LeftButton)
    tap(qtbot, panel.remove_button)
    assert reader(services).card_on_reader is None and panel.status.text() == "读卡器上没有卡。"


def test_a_card_answered_after_its_holder_left_is_not_given_to_the_next_patient(window, qtbot, services):
    """A's card is read but the hospital system answers late; A goes back to the start and B begins to
    pay. A's answer is dropped: B is not identified as A."""
    import threading

    answer = threading.Event()
    real = services.cards.identify

    def slow_hospital_system(card):
        answer.wait(10)
        return real(card)

    services.cards.identify = slow_hospital_system
    first, second = [], []
    start_identification(window, "checkin", first.append)
    reader(services).present(demo_card("DEMO-001"))
    qtbot.waitUntil(lambda: not window.identification.cards.listening, timeout=5000)  # read; being looked up
    window.go("home", reason="home")  # A leaves
    start_identification(window, "pay", second.append)  # B begins
    answer.set()
    qtbot.waitUntil(lambda: window.identification.dropped_answers == 1, timeout=5000)
    assert first == [] and second == []
    assert services.sessions.current.journey == "pay" and services.sessions.current.patient_id is None
