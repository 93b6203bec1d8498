"""Shown when a service cannot be used at this kiosk now: says so plainly and where to go instead.

``cause`` "database": the hospital's shared database cannot be reached (ui/storage_watch.py), so
payments, queue numbers and wheelchair rentals are paused; "" = this kiosk does not offer it now."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen
from ui.widgets.message_page import build_message_page


class ServiceUnavailableScreen(Screen):
    name = "unavailable"

    def __init__(self, help_desk: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self._help_desk = help_desk
        self._language = "zh_CN"
        self.service = "checkin"
        self.cause = ""
        self.title, self.explain, self.next_step = build_message_page(self)
        self.retranslate()

    def show_service(self, service: str, language: str, cause: str = "") -> None:
        self.service = service
        self._language = language
        self.cause = cause
        self.retranslate()

    def _service_name(self) -> str:
        return {
            "checkin": self.tr("Check in"),
            "wheelchair": self.tr("Wheelchair"),
            "pay": self.tr("Pay"),
        }.get(self.service, self.service)

    def retranslate(self) -> None:
        self.title.setText(self._service_name())
        if self.cause == "database":
            self.explain.setText(self.tr("The hospital's system cannot be reached at the moment: payments, queue "
                                         "numbers and wheelchair rentals are paused."))
        else:
            self.explain.setText(self.tr("Sorry, this kiosk cannot do this for you at the moment."))
        self.next_step.setText(
            self.tr("Please go to %1. The staff there will help you.").replace("%1", self._help_desk.get(self._language, ""))
        )

    def instruction(self) -> str:
        return self.explain.text() + " " + self.next_step.text()
