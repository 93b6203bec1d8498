"""The medical e-invoice as a plain document model, its HTML for the A4 PDF, and its QR picture.

The PDF itself is made with Qt in ``ui/printing/invoice_pdf.py`` (``invoice_pdf(invoice)``); this
module stays Qt-free. The HTML refers to the verification QR as ``verify-qr.png``: the renderer adds
``verification_qr_png(invoice)`` under that name. Billing fills the numbers in; until the payment issue
lands ``demo_invoice`` builds one from the demo hospital's charges with a fixed 70 % fund share for
category A items, 50 % for B, none for C.
"""
from __future__ import annotations

import hashlib
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import qrcode

from kiosk.clock import to_local
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.his.port import Charge, InsuranceCategory, ItemClass, Patient
from kiosk.money import Fen, format_yuan
from kiosk.printing.layouts import Hospital

VERIFY_QR_NAME = "verify-qr.png"
ITEM_CLASS_NAMES: dict[ItemClass, tuple[str, str]] = {
    ItemClass.REGISTRATION: ("挂号费", "Registration"),
    ItemClass.EXAMINATION: ("检查费", "Examination"),
    ItemClass.LABORATORY: ("化验费", "Laboratory"),
    ItemClass.WESTERN_MEDICINE: ("西药费", "Western medicine"),
    ItemClass.CHINESE_MEDICINE: ("中成药/中草药", "Chinese medicine"),
    ItemClass.MATERIALS: ("卫生材料费", "Medical materials"),
    ItemClass.WHEELCHAIR: ("轮椅租赁费", "Wheelchair rental"),
}
_DEMO_FUND_SHARE_PERCENT = {InsuranceCategory.A: 70, InsuranceCategory.B: 50, InsuranceCategory.C: 0}

# The A4 invoice's font. A PDF's text layer (copy, search, screen readers, pdftotext) is built from the
# embedded font's glyph→character table: Noto Sans CJK shares glyphs between ideographs and Kangxi
# radicals, so 一 came back as ⼀ and its bold face lost the digits. Droid Sans Fallback (one TTF,
# fonts-droid-fallback) reads back exactly; tests/ui/test_invoice_pdf.py checks with pdftotext.
INVOICE_FONT = "Droid Sans Fallback"


@dataclass(frozen=True)
class InvoiceLine:
    item_class: ItemClass
    description_zh: str
    description_en: str
    amount_fen: Fen


@dataclass(frozen=True)
class Invoice:
    hospital: Hospital
    patient_name: str  # masked when shown
    patient_id_number: str  # masked when shown
    lines: tuple[InvoiceLine, ...]
    fund_fen: Fen
    personal_account_fen: Fen
    self_pay_fen: Fen
    invoice_number: str
    check_code: str
    verification_url: str
    issued_at: datetime

    def __post_init__(self) -> None:
        if self.fund_fen + self.personal_account_fen + self.self_pay_fen != self.total_fen:
            raise ValueError(f"invoice {self.invoice_number}: fund + personal account + self-pay "
                             f"must equal the total {format_yuan(self.total_fen)}")

    @property
    def total_fen(self) -> Fen:
        return sum(line.amount_fen for line in self.lines)

    def totals_by_class(self) -> list[tuple[ItemClass, Fen]]:
        """Each item class with its total, in the order classes are listed on Chinese invoices."""
        totals: dict[ItemClass, Fen] = {}
        for line in self.lines:
            totals[line.item_class] = totals.get(line.item_class, 0) + line.amount_fen
        return [(item_class, totals[item_class]) for item_class in ITEM_CLASS_NAMES if item_class in totals]


def demo_invoice(hospital: Hospital, patient: Patient, charges: Iterable[Charge], issued_at: datetime,
                 verify_base_url: str = "https://ov.example/v/") -> Invoice:
    """An invoice for ``charges`` with a made-up insurance split (until billing provides the real one)."""
    charges = list(charges)
    if not charges:
        raise ValueError(f"patient {patient.id} has no charges to invoice")
    fund = sum(c.amount_fen * _DEMO_FUND_SHARE_PERCENT[c.insurance_category] // 100 for c in charges)
    total = sum(c.amount_fen for c in charges)
    personal_account = min(total - fund, 2000)
    digest = hashlib.sha256(f"{patient.id}|{issued_at.isoformat()}|{total}".encode()).hexdigest()
    number = f"33{to_local(issued_at):%y%m%d}{int(digest[:8], 16) % 10**8:08d}"
    check_code = digest[8:14].upper()
    return Invoice(
        hospital=hospital,
        patient_name=patient.name,
        patient_id_number=patient.id_number,
        lines=tuple(InvoiceLine(c.item_class, c.description_zh, c.description_en, c.amount_fen) for c in charges),
        fund_fen=fund,
        personal_account_fen=personal_account,
        self_pay_fen=total - fund - personal_account,
        invoice_number=number,
        check_code=check_code,
        verification_url=f"{verify_base_url}{number}-{check_code}",
        issued_at=issued_at,
    )


def verification_qr_png(invoice: Invoice, module_px: int = 8) -> bytes:
    code = qrcode.QRCode(box_size=module_px, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(invoice.verification_url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG")
    return buffer.getvalue()


def invoice_html(invoice: Invoice) -> str:
    """The A4 invoice as simple HTML that Qt's QTextDocument lays out (tables, no CSS layout tricks)."""
    e = html.escape
    class_rows = "".join(
        f"<tr><td>{e(ITEM_CLASS_NAMES[item_class][0])} {e(ITEM_CLASS_NAMES[item_class][1])}</td>"
        f"<td align='right'>{e(format_yuan(amount))}</td></tr>"
        for item_class, amount in invoice.totals_by_class()
    )
    item_rows = "".join(
        f"<tr><td>{e(line.description_zh)}</td><td>{e(line.description_en)}</td>"
        f"<td align='right'>{e(format_yuan(line.amount_fen))}</td></tr>"
        for line in invoice.lines
    )
    hospital = invoice.hospital
    verify = "" if not invoice.verification_url else f"""<table width="100%" cellpadding="6"><tr>
<td><img src="{VERIFY_QR_NAME}" width="120" height="120"/></td>
<td>扫码或访问以下地址查验票据真伪<br/>Scan or visit to verify this invoice:<br/>{e(invoice.verification_url)}</td>
</tr></table>"""
    issued = to_local(invoice.issued_at).strftime("%Y-%m-%d %H:%M")
    return f"""<html><body style="font-family: '{INVOICE_FONT}'; font-size: 10pt;">
<h2 align="center">{e(hospital.name_zh)}<br/>医疗门诊收费电子票据</h2>
<p align="center">{e(hospital.name_en)} · Outpatient medical e-invoice</p>
<table width="100%" cellpadding="3">
<tr><td>票据号码 Invoice no.: <b>{e(invoice.invoice_number)}</b></td>
<td>校验码 Check code: <b>{e(invoice.check_code)}</b></td></tr>
<tr><td>患者 Patient: {e(mask_name(invoice.patient_name))}</td>
<td>证件号 ID: {e(mask_id_number(invoice.patient_id_number))}</td></tr>
<tr><td>开票日期 Issued: {e(issued)}</td><td></td></tr>
</table>
<h3>按类别 By category</h3>
<table width="100%" border="1" cellspacing="0" cellpadding="4">{class_rows}</table>
<h3>明细 Items</h3>
<table width="100%" border="1" cellspacing="0" cellpadding="4">
<tr><th align="left">项目</th><th align="left">Item</th><th align="right">金额 Amount</th></tr>{item_rows}</table>
<h3>结算 Settlement</h3>
<table width="100%" border="1" cellspacing="0" cellpadding="4">
<tr><td>合计 Total</td><td align="right"><b>{e(format_yuan(invoice.total_fen))}</b></td></tr>
<tr><td>医保统筹基金支付 Insurance fund</td><td align="right">{e(format_yuan(invoice.fund_fen))}</td></tr>
<tr><td>个人账户支付 Personal account</td><td align="right">{e(format_yuan(invoice.personal_account_fen))}</td></tr>
<tr><td>个人现金支付 Self-pay</td><td align="right">{e(format_yuan(invoice.self_pay_fen))}</td></tr>
</table>
{verify}
</body></html>"""
