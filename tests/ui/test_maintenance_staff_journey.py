"""Staff accounts inside maintenance mode: an administrator adds a technician on the keypad, the
technician signs in with that PIN, and a technician never sees the staff panel."""
from __future__ import annotations

from staff_screens import click, sign_in_staff, type_keys

WAIT_MS = 8000
NEW_PIN = "580316"


def test_admin_adds_a_technician_who_then_signs_in(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "9001")
    assert menu.panel_buttons["staff_accounts"].isVisible()
    click(qtbot, menu.panel_buttons["staff_accounts"])
    panel = window.current
    qtbot.wait_until(lambda: len(panel.roster) == 3, timeout=WAIT_MS)
    assert "staff_accounts" == panel.name and "manage_9001" not in panel.action_buttons  # not yourself

    click(qtbot, panel.add_button)
    form = window.current
    assert form is window.screens["staff_account_form"]
    type_keys(qtbot, form.keypad, "1234")
    click(qtbot, form.next_button)
    assert form.name_edit.isVisible() and not form.keypad.isVisible()
    click(qtbot, form.next_button)
    assert form.error.isVisible()  # no name yet
    qtbot.keyClicks(form.name_edit, "Zhou Ming")
    click(qtbot, form.role_buttons[next(r for r in form.role_buttons if r.value == "technician")])
    click(qtbot, form.next_button)
    type_keys(qtbot, form.keypad, NEW_PIN)
    click(qtbot, form.next_button)
    type_keys(qtbot, form.keypad, "580317")  # a slip on the second PIN
    click(qtbot, form.next_button)
    qtbot.wait_until(lambda: form.error.isVisible() and form.step == "pin", timeout=WAIT_MS)
    assert services.maintenance.staff.get("1234") is None
    type_keys(qtbot, form.keypad, NEW_PIN)
    click(qtbot, form.next_button)
    type_keys(qtbot, form.keypad, NEW_PIN)
    click(qtbot, form.next_button)
    qtbot.wait_until(lambda: window.current is panel and len(panel.roster) == 4, timeout=WAIT_MS)
    assert "1234" in panel.message.text()
    row = next(row for row in panel.roster if row.staff_id == "1234")
    assert (row.masked_name, row.role.value, row.active) == ("Z*** M***", "technician", True)
    added = [e for e in services.audit.entries(limit=200) if e.action == "staff.added" and e.actor == "staff:9001"]
    assert added and added[0].detail["staff_id"] == "1234"

    click(qtbot, panel.back_button)
    click(qtbot, window.current.back_button)  # sign out
    qtbot.wait_until(lambda: window.current is window.screens["home"], timeout=WAIT_MS)
    technician_menu = sign_in_staff(window, qtbot, "1234", NEW_PIN)
    assert services.maintenance.session.member.staff_id == "1234"
    assert not technician_menu.panel_buttons["staff_accounts"].isVisible()
    window.go("staff_accounts")
    assert window.current is not window.screens["staff_accounts"]


def test_admin_unlocks_and_deactivates_from_the_roster(window, qtbot, services):
    staff = services.maintenance.staff
    for _ in range(5):
        staff.sign_in("2001", "000001")
    click(qtbot, sign_in_staff(window, qtbot, "9001").panel_buttons["staff_accounts"])
    panel = window.current
    qtbot.wait_until(lambda: any(row.locked for row in panel.roster), timeout=WAIT_MS)
    assert panel.findChild(type(panel.title), "staffRow_2001").property("role") == "error"
    click(qtbot, panel.action_buttons["manage_2001"])
    click(qtbot, panel.action_buttons["unlock"])
    qtbot.wait_until(lambda: not any(row.locked for row in panel.roster), timeout=WAIT_MS)
    assert staff.locked_until("2001") is None
    click(qtbot, panel.action_buttons["manage_1001"])
    click(qtbot, panel.action_buttons["deactivate"])
    qtbot.wait_until(lambda: staff.get("1001").active is False, timeout=WAIT_MS)
    actions = [(e.actor, e.action) for e in services.audit.entries(limit=200)]
    assert ("staff:9001", "staff.unlocked") in actions and ("staff:9001", "staff.disabled") in actions
