"""The payment settings and the refusals every payment module shares."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.money import Fen


@dataclass(frozen=True)
class PaymentSettings:
    qr_timeout_s: int = 120
    poll_interval_s: float = 3.0
    replay_window_s: int = 300  # notifications older (or newer) than this are replays: rejected
    abandon_after_s: int = 1800  # an open bill nobody paid is given up (insurance reversed) after this
    late_payment_watch_s: int = 1800  # orders cancelled this recently are asked about again (paid after all?)
    credit_limit_fen: Fen = 100_000
    credit_days: int = 10
    credit_min_score: int = 600
    subject: str = "门诊缴费 Outpatient bill"


class NothingToPay(Exception):
    """The patient has no unpaid charges and no pay-later debt."""


class PaymentRefused(Exception):
    """A request the state machine will not carry out (already paid, wrong state); plain words."""


class BillInUseElsewhere(PaymentRefused):
    """Another kiosk of the hospital has an order open for this bill (its QR is on that screen)."""

    def __init__(self, kiosk_id: str, until_local: str) -> None:
        super().__init__(f"this bill is being paid at another kiosk ({kiosk_id or 'unnamed'}) right now; "
                         f"finish paying there, or try again here after {until_local}")
        self.kiosk_id = kiosk_id
        self.until_local = until_local  # "08:42": when that kiosk's order runs out


class BillAlreadyPaid(PaymentRefused):
    """Part of this bill (a charge, or an earlier pay-later debt) was paid by another bill meanwhile: a new
    charge had made a second bill of the same items, and that one was paid first (at another kiosk, or by
    another phone). Nothing is charged for this one; the patient opens the bill again to see what is due."""

    def __init__(self, intent_id: str, paid_by: str) -> None:
        super().__init__(f"part of bill {intent_id} was already paid by bill {paid_by}; open the bill again to see "
                         "what is still to pay")
        self.paid_by = paid_by
