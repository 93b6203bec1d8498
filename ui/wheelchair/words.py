"""Plain words for every wheelchair refusal and the spoken price card, shared by the screens."""
from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.money import format_yuan
from kiosk.wheelchair.labels import ForgedLabel, LabelError
from kiosk.wheelchair.pricing import RentalTerms
from kiosk.wheelchair.records import Refusal


class WheelchairWords(QObject):
    def refusal(self, reason: Refusal, help_desk: str, amount_fen: int = 0) -> str:
        texts = {
            Refusal.UNKNOWN_CHAIR: self.tr("This chair is not on our list. Please take another chair, or go to %1."),
            Refusal.CHAIR_RENTED: self.tr("This chair is already rented to someone else. Please choose another chair."),
            Refusal.CHAIR_IN_MAINTENANCE: self.tr("This chair is waiting for a check or cleaning. Please choose another chair."),
            Refusal.CHAIR_NOT_AVAILABLE: self.tr("This chair cannot be rented now. Please choose another chair, or go to %1."),
            Refusal.NO_FREE_CHAIR: self.tr("There is no free chair in this kiosk's dock right now. Please go to %1."),
            Refusal.DEPOSIT_NEEDED: self.tr("A deposit of %2 is needed for you. Please go to %1 to pay it and get a chair."),
            Refusal.ALREADY_RENTING: self.tr("You already have a wheelchair. Please return it first."),
            Refusal.DOCK_DID_NOT_UNLOCK: self.tr("The dock did not release the chair, so its slot is locked again. Nothing was charged. Please go to %1 for a chair."),
            Refusal.NOT_RENTED: self.tr("This chair is not rented out. You can leave it here."),
            Refusal.SLIP_ALREADY_RETURNED: self.tr("The wheelchair on this slip has already been given back. There is nothing more to do."),
        }
        return texts[reason].replace("%1", help_desk).replace("%2", format_yuan(amount_fen))

    def label_problem(self, error: LabelError, help_desk: str) -> str:
        if isinstance(error, ForgedLabel):
            return self.tr("This label is not one of our hospital's labels. Please take another chair, or go to %1.").replace("%1", help_desk)
        return self.tr("The label could not be read. Please hold the label on the chair flat and closer to the scanner.")

    def something_went_wrong(self, help_desk: str) -> str:
        return self.tr("Sorry, something went wrong. Nothing was charged. Please go to %1.").replace("%1", help_desk)

    def price_lines(self, terms: RentalTerms) -> list[str]:
        hours = terms.free_minutes // 60
        if terms.free_minutes == 60:
            free = self.tr("Free for the first hour")
        elif terms.free_minutes % 60 == 0:
            free = self.tr("Free for the first %1 hours").replace("%1", str(hours))
        else:
            free = self.tr("Free for the first %1 minutes").replace("%1", str(terms.free_minutes))
        return [
            free,
            self.tr("Then %1 per hour").replace("%1", format_yuan(terms.hourly_fen)),
            self.tr("At most %1 per 24 hours").replace("%1", format_yuan(terms.daily_cap_fen)),
            self.tr("Taking it home: %1 per day").replace("%1", format_yuan(terms.home_use_daily_fen)),
        ]

    def deposit_line(self, deposit_fen: int) -> str:
        if deposit_fen == 0:
            return self.tr("No deposit: it is waived for you.")
        return self.tr("Deposit: %1").replace("%1", format_yuan(deposit_fen))
