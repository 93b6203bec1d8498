"""Staff accounts panel (administrators only): every account with its masked name, role and state, and
for the one chosen: another role, a new PIN, deactivate / reactivate, unlock. "Add a staff member" and
"New PIN" open the keypad form (``staff_panel_form``).

Every change goes through ``kiosk.maintenance.staff_admin.StaffAdmin`` on a worker, which checks the
``staff`` permission again and audits it; it refuses changes to yourself and to the last active admin.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout

from kiosk.clock import to_local
from kiosk.maintenance.staff_admin import StaffAdminRefused, StaffRow
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.staff import StaffRole
from ui.maintenance.common import PanelScreen, clear_layout
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.maintenance.desk import MaintenanceDesk

STAFF_ACCOUNTS = "staff_accounts"
STAFF_ACCOUNT_FORM = "staff_account_form"


def role_text(role: StaffRole) -> str:
    """Role names both staff-account screens show, in one translation context ("StaffAccounts")."""
    return {StaffRole.TECHNICIAN: QCoreApplication.translate("StaffAccounts", "technician"),
            StaffRole.FINANCE: QCoreApplication.translate("StaffAccounts", "finance"),
            StaffRole.ADMIN: QCoreApplication.translate("StaffAccounts", "administrator")}[role]


def refusal_text(refused: StaffAdminRefused) -> str:
    texts = {
        "yourself": QCoreApplication.translate(
            "StaffAccounts", "You cannot change or deactivate your own account. Ask another administrator."),
        "last_admin": QCoreApplication.translate(
            "StaffAccounts", "This is the last active administrator; add another administrator first."),
        "pins_differ": QCoreApplication.translate(
            "StaffAccounts", "The two PINs are not the same. Please type the PIN again."),
        "bad_pin": QCoreApplication.translate(
            "StaffAccounts", "Choose a 6-digit PIN that is not one digit repeated or a run like 123456."),
        "bad_id": QCoreApplication.translate(
            "StaffAccounts", "A staff number has 4 to 8 digits. Please type it again."),
        "bad_name": QCoreApplication.translate(
            "StaffAccounts", "Please type the staff member's name (at most 40 characters)."),
        "duplicate": QCoreApplication.translate(
            "StaffAccounts", "This staff number is already taken; choose another one."),
    }
    return texts.get(refused.code, refused.detail or refused.code)


class StaffAccountsScreen(PanelScreen):
    name = STAFF_ACCOUNTS
    permissions = ("staff",)

    def __init__(self, window: "MainWindow", desk: "MaintenanceDesk"):
        super().__init__(window)
        self._desk = desk
        self.add_button = primary_button(self.card, "staffAdd")
        self.add_button.clicked.connect(lambda: self._open_form("add", ""))
        self.message = text_label("body", self.card, "staffAccountsMessage")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(20)
        self.body.addWidget(self.add_button)
        self.body.addWidget(self.message)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self.roster: list[StaffRow] = []
        self.selected = ""
        self.action_buttons: dict[str, Any] = {}
        self.retranslate()

    @property
    def admin(self):
        return self.maintenance.staff_admin

    def entered(self) -> None:
        self.selected = ""
        self.say("")
        self._load()

    def say(self, text: str) -> None:
        """Shown above the list (the form screen reports its result here too)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _load(self) -> None:
        self.run(self.admin.roster, on_done=self._on_roster, on_error=self._on_failed)

    def _on_roster(self, roster: list[StaffRow]) -> None:
        if roster == self.roster and self.rows.count():
            return  # nothing changed: keep the rows (and the chosen one) as they are
        self.roster = roster
        self._show_roster()

    def state_text(self, row: StaffRow) -> str:
        if row.locked_until is not None:
            return self.tr("LOCKED until %1").replace("%1", to_local(row.locked_until).strftime("%H:%M"))
        return self.tr("active") if row.active else self.tr("deactivated")

    def _show_roster(self) -> None:
        clear_layout(self.rows)
        self.action_buttons = {}
        me = self.session.member
        for row in self.roster:
            frame = QFrame(self.card)
            column = QVBoxLayout(frame)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(12)
            label = text_label("error" if row.locked else "body", frame, f"staffRow_{row.staff_id}")
            label.setText(self.tr("%1 · %2 · %3 · %4").replace("%1", row.staff_id).replace("%2", row.masked_name)
                          .replace("%3", role_text(row.role)).replace("%4", self.state_text(row)))
            column.addWidget(label)
            if me is not None and row.staff_id == me.staff_id:
                note = text_label("small", frame, f"staffRowYou_{row.staff_id}")
                note.setText(self.tr("This is you."))
                column.addWidget(note)
            elif row.staff_id == self.selected:
                column.addLayout(self._actions_for(row, frame))
            else:
                manage = secondary_button(frame, f"staffManage_{row.staff_id}")
                manage.setText(self.tr("Change…"))
                manage.clicked.connect(lambda _=False, staff_id=row.staff_id: self._select(staff_id))
                self.action_buttons[f"manage_{row.staff_id}"] = manage
                column.addWidget(manage)
            self.rows.addWidget(frame)
        self.relayout()

    def _actions_for(self, row: StaffRow, parent: QFrame) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(16)
        actions: list[tuple[str, str, Callable[[], None]]] = []
        for role in StaffRole:
            if role is not row.role:
                actions.append((f"role_{role.value}", self.tr("Make %1").replace("%1", role_text(role)),
                                lambda r=role: self._change(self.admin.change_role, row.staff_id, r)))
        actions.append(("pin", self.tr("New PIN"), lambda: self._open_form("reset", row.staff_id)))
        if row.locked:
            actions.append(("unlock", self.tr("Unlock"), lambda: self._change(self.admin.unlock, row.staff_id)))
        if row.active:
            actions.append(("deactivate", self.tr("Deactivate"),
                            lambda: self._change(self.admin.deactivate, row.staff_id)))
        else:
            actions.append(("reactivate", self.tr("Reactivate"),
                            lambda: self._change(self.admin.reactivate, row.staff_id)))
        actions.append(("close", self.tr("Close"), lambda: self._select("")))
        for index, (key, text, handler) in enumerate(actions):
            button = secondary_button(parent, f"staff_{key}_{row.staff_id}")
            button.setText(text)
            button.clicked.connect(lambda _=False, act=handler: act())
            self.action_buttons[key] = button
            grid.addWidget(button, index // 2, index % 2)
        return grid

    def _select(self, staff_id: str) -> None:
        self.selected = staff_id
        self._show_roster()

    def _change(self, action: Callable[..., Any], *args: Any) -> None:
        staff_id = args[0]
        self.say(self.tr("Saving…"))
        self.run(action, *args, on_done=lambda _: self._on_changed(staff_id), on_error=self._on_failed)

    def _on_changed(self, staff_id: str) -> None:
        self.say(self.tr("Saved for staff number %1.").replace("%1", staff_id))
        self._load()

    def _on_failed(self, error: Exception) -> None:
        if isinstance(error, StaffAdminRefused):
            self.say(refusal_text(error))
        elif isinstance(error, PermissionDenied):
            self.say(self.tr("Only an administrator may manage staff accounts."))
        else:
            self.say(self.tr("Nothing was changed: %1").replace("%1", str(error) or type(error).__name__))
        self._load()

    def _open_form(self, mode: str, staff_id: str) -> None:
        self._desk.open_account_form(mode, staff_id)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Staff accounts"))
        self.add_button.setText(self.tr("Add a staff member"))
        self._show_roster()
