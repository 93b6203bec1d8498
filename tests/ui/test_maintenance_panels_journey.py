"""Staff panels added for issue 7: wheelchairs (states, label sheet), face enrolments (find, delete
with a reason), partial refunds with a second staff PIN, and "ask the payment platform" — through the
real window with simulated devices and the sandbox payment gateway."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from kiosk.maintenance.demo_staff import DEMO_PIN
from kiosk.wheelchair.fleet import ChairState
from staff_screens import audit_actions, click, sign_in_staff, type_keys

WAIT_MS = 8000


def test_technician_marks_chairs_and_prints_the_label_sheet(window, qtbot, services):
    fleet = services.wheelchairs.rentals.fleet
    fleet.move("WC-004", ChairState.LOST, "staff:9001", "not seen since Monday")
    menu = sign_in_staff(window, qtbot, "1001")
    assert menu.panel_buttons["staff_wheelchairs"].isVisible()
    assert not menu.panel_buttons["staff_enrolments"].isVisible()  # face data: administrators only
    click(qtbot, menu.panel_buttons["staff_wheelchairs"])
    panel = window.current
    qtbot.wait_until(lambda: len(panel.chairs) == 4, timeout=WAIT_MS)
    assert "1 辆丢失" in panel.summary.text()
    lost = panel.findChild(type(panel.summary), "chair_WC-004")
    assert lost.text().startswith("⚠") and "丢失" in lost.text()
    assert (("WC-004", ChairState.LOST) not in panel.move_buttons
            and ("WC-004", ChairState.AVAILABLE) in panel.move_buttons)

    click(qtbot, panel.move_buttons[("WC-001", ChairState.MAINTENANCE)])
    qtbot.wait_until(lambda: fleet.chair("WC-001").state is ChairState.MAINTENANCE, timeout=WAIT_MS)
    qtbot.wait_until(lambda: "WC-001" in panel.message.text() and "维修中" in panel.message.text(), timeout=WAIT_MS)
    qtbot.wait_until(lambda: ("WC-001", ChairState.DISINFECTION) in panel.move_buttons, timeout=WAIT_MS)
    click(qtbot, panel.move_buttons[("WC-001", ChairState.DISINFECTION)])
    qtbot.wait_until(lambda: fleet.chair("WC-001").state is ChairState.DISINFECTION, timeout=WAIT_MS)
    moves = [entry for entry in audit_actions(services, "wheelchair.state_changed") if entry.detail["chair"] == "WC-001"]
    assert [(m.actor, m.detail["to"]) for m in reversed(moves)] == [("staff:1001", "maintenance"),
                                                                      ("staff:1001", "disinfection")]

    printer = services.devices.device("document_printer")
    click(qtbot, panel.print_button)
    qtbot.wait_until(lambda: "A4" in panel.message.text() and panel.print_button.isEnabled(), timeout=15000)
    assert "4 辆轮椅" in panel.message.text()
    document, = printer.documents
    assert document.pdf[:5] == b"%PDF-" and len(document.pdf) > 5000
    printed, = audit_actions(services, "maintenance.label_sheet_printed")
    assert printed.actor == "staff:1001" and printed.detail["printed"] is True


def test_chairs_out_with_patients_get_no_buttons(window, qtbot, services):
    fleet = services.wheelchairs.rentals.fleet
    fleet.move("WC-002", ChairState.HOME_USE, "kiosk")
    fleet.move("WC-002", ChairState.OVERDUE, "kiosk")
    sign_in_staff(window, qtbot, "1001")
    window.go("staff_wheelchairs")
    panel = window.current
    qtbot.wait_until(lambda: len(panel.chairs) == 4, timeout=WAIT_MS)
    assert not [key for key in panel.move_buttons if key[0] == "WC-002"]
    assert "逾期" in panel.findChild(type(panel.summary), "chair_WC-002").text()
    assert "1 辆逾期" in panel.summary.text()


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_admin_deletes_a_patients_face_data_with_a_reason(window, qtbot, services):
    faces = services.faces
    patient = services.his.patient("DEMO-001")
    faces.record_consent(patient.id, "self_service", identified_by="id_card")
    faces.enrol(patient.id, [_unit(1), _unit(2)])
    menu = sign_in_staff(window, qtbot, "9001")
    click(qtbot, menu.panel_buttons["staff_enrolments"])
    panel = window.current
    qtbot.wait_until(lambda: "1 位" in panel.count.text(), timeout=WAIT_MS)

    type_keys(qtbot, panel.keypad, "123")
    click(qtbot, panel.find_button)
    assert "不是有效的身份证号码" in panel.message.text()
    for _ in range(3):
        click(qtbot, panel.keypad.keys["delete"])
    type_keys(qtbot, panel.keypad, "330203194511080802")  # DEMO-004: a patient, but never enrolled
    click(qtbot, panel.find_button)
    qtbot.wait_until(lambda: panel.patient is not None, timeout=WAIT_MS)
    assert "没有存人脸数据" in panel.found.text() and not panel.delete_button.isVisible()

    panel.keypad.clear()
    type_keys(qtbot, panel.keypad, patient.id_number)
    click(qtbot, panel.find_button)
    qtbot.wait_until(lambda: panel.patient is not None and panel.patient.patient_id == patient.id, timeout=WAIT_MS)
    assert "张*华" in panel.found.text() and "3301**********1236" in panel.found.text()
    assert patient.id_number not in panel.found.text() and "2 份" in panel.found.text()
    assert not panel.delete_button.isVisible()  # a reason first
    click(qtbot, panel.reason_buttons["patient_asked"])
    click(qtbot, panel.delete_button)
    assert "再点一次" in panel.delete_button.text() and faces.is_enrolled(patient.id)
    click(qtbot, panel.delete_button)
    qtbot.wait_until(lambda: "已删除" in panel.message.text(), timeout=WAIT_MS)
    assert "2 份" in panel.message.text() and not faces.is_enrolled(patient.id)
    assert services.db.execute("SELECT count(*) FROM face_templates").fetchone()[0] == 0
    qtbot.wait_until(lambda: "0 位" in panel.count.text(), timeout=WAIT_MS)
    requested, = audit_actions(services, "maintenance.face_deletion_requested")
    assert requested.actor == "staff:9001" and requested.detail == {"patient": patient.id, "reason": "patient_asked"}
    withdrawn, = audit_actions(services, "face.withdrawn")
    assert withdrawn.actor == "staff:9001" and withdrawn.detail["templates"] == 2


def _paid_bill(services):
    payments = services.payments
    paid = payments.service.pay_with_code(payments.service.open_bill("DEMO-002").id,
                                          payments.sandbox_control.payment_code())
    assert paid.credited and paid.amount_fen > 1000
    return paid


def _open_refund_form(window, qtbot, paid):
    panel = window.current
    qtbot.wait_until(lambda: paid.out_trade_no in panel.partial_buttons, timeout=WAIT_MS)
    click(qtbot, panel.partial_buttons[paid.out_trade_no])
    assert window.current is window.screens["staff_refund"]
    return window.current


def test_finance_refunds_part_of_a_payment_once(window, qtbot, services):
    paid = _paid_bill(services)
    menu = sign_in_staff(window, qtbot, "2001")
    click(qtbot, menu.panel_buttons["staff_payments"])
    form = _open_refund_form(window, qtbot, paid)
    too_much = f"{paid.amount_fen // 100 + 1}"
    type_keys(qtbot, form.keypad, too_much)
    click(qtbot, form.refund_button)
    assert "最多还能退" in form.error.text()
    form.keypad.clear()
    type_keys(qtbot, form.keypad, "10.5")
    click(qtbot, form.refund_button)
    assert "请选择退款原因" in form.error.text()
    click(qtbot, form.reason_buttons["charged_twice"])
    click(qtbot, form.refund_button)
    qtbot.wait_until(lambda: "已为订单" in form.result.text(), timeout=15000)
    assert "10.50 元" in form.result.text() and form.step == "done"
    assert services.payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == 1050
    refund, = audit_actions(services, "payment.refund")
    assert refund.actor == "staff:2001" and refund.detail["amount_fen"] == 1050
    assert not audit_actions(services, "maintenance.refund_approved")  # under the limit: one PIN is enough
    click(qtbot, form.back_button)
    panel = window.current
    qtbot.wait_until(lambda: any(line.refunded_fen == 1050 for line in panel.lines), timeout=WAIT_MS)


def test_a_refund_above_the_limit_needs_another_finance_or_admin_pin(window, qtbot, services):
    services.config = replace(services.config, second_pin_above_yuan=5)
    paid = _paid_bill(services)
    menu = sign_in_staff(window, qtbot, "2001")
    click(qtbot, menu.panel_buttons["staff_payments"])
    panel = window.current
    qtbot.wait_until(lambda: paid.out_trade_no in panel.partial_buttons, timeout=WAIT_MS)
    assert paid.out_trade_no not in panel.refund_buttons  # no one-PIN full refund above the limit
    form = _open_refund_form(window, qtbot, paid)
    click(qtbot, form.whole_button)
    assert form.keypad.text == f"{paid.amount_fen // 100}.{paid.amount_fen % 100:02d}"
    form.keypad.clear()
    type_keys(qtbot, form.keypad, "8")
    click(qtbot, form.reason_buttons["wrong_amount"])
    click(qtbot, form.refund_button)
    assert form.step == "approver_id" and "5.00 元" in form.explain.text()

    def approve(staff_id, pin):
        type_keys(qtbot, form.keypad, staff_id)
        click(qtbot, form.refund_button)
        type_keys(qtbot, form.keypad, pin)
        click(qtbot, form.refund_button)
        qtbot.wait_until(lambda: form.error.isVisible() or form.step == "done", timeout=15000)

    approve("2001", DEMO_PIN)
    assert "另一位工作人员" in form.error.text()
    approve("1001", DEMO_PIN)  # a technician
    assert "财务人员或管理员" in form.error.text()
    approve("9001", "000001")
    assert "没有退款" in form.error.text()
    assert services.payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == 0
    approve("9001", DEMO_PIN)
    assert form.step == "done" and "8.00 元" in form.result.text()
    assert services.payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == 800
    approved, = audit_actions(services, "maintenance.refund_approved")
    assert approved.actor == "staff:2001" and approved.detail["approved_by"] == "9001"
    assert approved.detail["amount_fen"] == 800
    assert services.maintenance.session.member.staff_id == "2001"  # the approver did not take over


def test_ask_the_payment_platform_about_an_open_order(window, qtbot, services):
    payments = services.payments
    waiting = payments.service.start_qr(payments.service.open_bill("DEMO-002").id)
    menu = sign_in_staff(window, qtbot, "2001")
    click(qtbot, menu.panel_buttons["staff_payments"])
    panel = window.current
    qtbot.wait_until(lambda: waiting.out_trade_no in panel.query_buttons, timeout=WAIT_MS)
    click(qtbot, panel.query_buttons[waiting.out_trade_no])
    qtbot.wait_until(lambda: "现在是" in panel.message.text(), timeout=15000)
    assert waiting.out_trade_no in panel.message.text() and "等待顾客付款" in panel.message.text()
    payments.sandbox_control.pay(waiting.out_trade_no)
    qtbot.wait_until(lambda: waiting.out_trade_no in panel.query_buttons
                     or payments.service.attempt(waiting.out_trade_no).credited, timeout=WAIT_MS)
    if waiting.out_trade_no in panel.query_buttons:  # the gateway's notification may have come first
        click(qtbot, panel.query_buttons[waiting.out_trade_no])
        qtbot.wait_until(lambda: "已支付" in panel.message.text(), timeout=15000)
    assert payments.service.attempt(waiting.out_trade_no).credited
    queried = audit_actions(services, "maintenance.payment_queried")
    assert queried[-1].actor == "staff:2001" and queried[-1].detail["state"] == "awaiting"


def test_technicians_reach_neither_refunds_nor_face_data(window, qtbot, services):
    sign_in_staff(window, qtbot, "1001")
    for screen in ("staff_refund", "staff_enrolments", "staff_payments"):
        window.go(screen)
        assert window.current is window.screens["staff_sign_in"], screen
