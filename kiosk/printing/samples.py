"""Sample receipts of every layout with the demo hospital's data: for maintenance previews, the
benchmark and tests. ``python -m kiosk.printing.samples /tmp/print-previews`` writes their PNGs.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from kiosk.his.port import Charge, ChargeStatus, InsuranceCategory, InsuranceType, ItemClass, Patient, Sex
from kiosk.printing.blocks import PrintTarget, Receipt
from kiosk.printing.invoice import Invoice, demo_invoice
from kiosk.printing.layouts import (
    Hospital,
    QueueTicket,
    WheelchairSlip,
    invoice_summary,
    printer_test_page,
    queue_ticket,
    wheelchair_slip,
)
from kiosk.printing.preview import write_preview

SAMPLE_TIME = datetime(2026, 11, 22, 1, 30, tzinfo=timezone.utc)  # 09:30 in Shanghai
DEMO_HOSPITAL = Hospital("浙一演示医院", "OneVisit Demo Hospital")
DEMO_PATIENT = Patient("DEMO-001", "张建华", "330102195001011236", "13800000001", datetime(1950, 1, 1).date(),
                       Sex.MALE, InsuranceType.EMPLOYEE, 720)
DEMO_CHARGES = (
    Charge("C1", "DEMO-001", ItemClass.REGISTRATION, "主任医师挂号", "Chief physician registration", 5000,
           InsuranceCategory.A, ChargeStatus.UNPAID),
    Charge("C2", "DEMO-001", ItemClass.EXAMINATION, "常规心电图", "Electrocardiogram", 2500,
           InsuranceCategory.A, ChargeStatus.UNPAID),
    Charge("C3", "DEMO-001", ItemClass.LABORATORY, "血常规", "Complete blood count", 2000,
           InsuranceCategory.A, ChargeStatus.UNPAID),
    Charge("C4", "DEMO-001", ItemClass.WESTERN_MEDICINE, "阿托伐他汀钙片", "Atorvastatin tablets", 3560,
           InsuranceCategory.B, ChargeStatus.UNPAID),
)


def sample_ticket(hospital: Hospital = DEMO_HOSPITAL) -> Receipt:
    return queue_ticket(hospital, QueueTicket(
        number="A023", department_zh="心内科", department_en="Cardiology", floor=2, room="215",
        people_ahead=4, issued_at=SAMPLE_TIME, patient_name="张建华", status_url="https://ov.example/q/A023-7F3K",
        doctor_name="刘*明 主任医师"))


def sample_invoice(hospital: Hospital = DEMO_HOSPITAL) -> Invoice:
    return demo_invoice(hospital, DEMO_PATIENT, DEMO_CHARGES, SAMPLE_TIME)


def sample_receipts(hospital: Hospital = DEMO_HOSPITAL) -> list[Receipt]:
    invoice = sample_invoice(hospital)
    return [
        sample_ticket(hospital),
        wheelchair_slip(hospital, WheelchairSlip(
            chair_id="WC-003", dock_name="门诊大厅 1 号桩 Lobby dock 1", rented_at=SAMPLE_TIME,
            renter_name="李秀英", terms_zh="2 小时内免费，之后每小时 3.00 元，每日最多 30.00 元",
            terms_en="Free for 2 h, then 3.00 元/h, at most 30.00 元/day", deposit_fen=0,
            return_url="https://ov.example/w/WC-003")),
        invoice_summary(hospital, invoice),
        printer_test_page(hospital, SAMPLE_TIME, "DEMO-LOBBY-1", "sim:"),
    ]


def write_sample_previews(folder: str | Path) -> list[Path]:
    paths = []
    for receipt in sample_receipts():
        for width in (80, 58):
            paths.append(write_preview(receipt, folder, PrintTarget(width_mm=width)))
    return paths


if __name__ == "__main__":
    for written in write_sample_previews(sys.argv[1] if len(sys.argv) > 1 else "/tmp/print-previews"):
        print(written)
