"""The paper estimate in plain words, for the Paper panel, the staff menu's alerts and the Devices panel
(one translation context, "PaperWords", so the three say it the same way)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.maintenance.paper_roll import PaperEstimate


def tickets_left_text(estimate: PaperEstimate) -> str:
    if estimate.source == "sensor_out":
        return QCoreApplication.translate(
            "PaperWords", "Receipt paper: none left (the printer reports it is out).")
    if estimate.tickets_left is None:
        return QCoreApplication.translate(
            "PaperWords", "Receipt paper: not counted yet. Press “New roll put in” after the next roll change.")
    if estimate.source == "sensor_near_end":
        return QCoreApplication.translate(
            "PaperWords", "Receipt paper: about %1 tickets left (the printer reports the roll is nearly used up)."
        ).replace("%1", str(estimate.tickets_left))
    return QCoreApplication.translate(
        "PaperWords", "Receipt paper: about %1 tickets left.").replace("%1", str(estimate.tickets_left))


def paper_alert_text(estimate: PaperEstimate) -> str:
    """"" unless the paper is low; then what to do, in plain words."""
    if not estimate.low:
        return ""
    if estimate.source == "sensor_out":
        return QCoreApplication.translate(
            "PaperWords", "Put in a new receipt roll now: patients get their tickets on screen only.")
    return QCoreApplication.translate(
        "PaperWords", "Receipt paper is low (about %1 tickets left): put in a new roll soon."
    ).replace("%1", str(estimate.tickets_left))
