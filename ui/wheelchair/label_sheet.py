"""Chair labels on A4 as PDF bytes (Qt lays it out), for maintenance to print or save."""
from __future__ import annotations

from kiosk.wheelchair.desk import WheelchairDesk
from kiosk.wheelchair.label_sheet import label_sheet_html
from ui.printing.invoice_pdf import html_to_pdf


def label_sheet_pdf(desk: WheelchairDesk, hospital_name: str, chair_ids: list[str] | None = None) -> bytes:
    """Every registered chair's label (or only ``chair_ids``); safe on a worker thread."""
    labels = [(chair_id, desk.label_for(chair_id)) for chair_id in chair_ids] if chair_ids else desk.labels()
    body, images = label_sheet_html(hospital_name, labels)
    return html_to_pdf(body, images, title="Wheelchair labels")
