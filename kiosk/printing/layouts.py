"""The receipts the kiosk prints, built from ``blocks``: queue ticket, wheelchair slip, payment
receipt, invoice summary and the maintenance test page.

Layouts take plain data and mask names and ID numbers themselves, so an unmasked name can never reach
paper. Times are shown in Asia/Shanghai. Amounts are integer fen shown with ``format_yuan`` (元).
QR payloads are short URLs (≲ 40 characters) so each module stays large enough for a phone camera.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.clock import to_local
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.money import Fen, format_yuan
from kiosk.printing.blocks import Block, Feed, Line, Pair, QrCode, Receipt, Rule, ScreenFallback

QUEUE_NUMBER_SCALE = 5
ROOM_SCALE = 3
MAX_QR_PAYLOAD = 64


@dataclass(frozen=True)
class Hospital:
    name_zh: str
    name_en: str
    help_desk_zh: str = "一楼服务台"
    help_desk_en: str = "the service desk on floor 1"


@dataclass(frozen=True)
class QueueTicket:
    number: str  # "A023"
    department_zh: str
    department_en: str
    floor: int
    room: str
    people_ahead: int
    issued_at: datetime  # aware; shown in Asia/Shanghai
    patient_name: str  # masked by the layout
    status_url: str  # the hospital's queue-status page, short; "" = no QR on the ticket
    doctor_name: str = ""


@dataclass(frozen=True)
class WheelchairSlip:
    chair_id: str
    dock_name: str
    rented_at: datetime
    renter_name: str
    terms_zh: str  # "2 小时内免费，之后每小时 3.00 元，每日最多 30.00 元"
    terms_en: str
    deposit_fen: Fen
    return_url: str


def queue_ticket(hospital: Hospital, ticket: QueueTicket, bilingual: bool = True) -> Receipt:
    local = to_local(ticket.issued_at)
    _check_payload(ticket.status_url)
    place_zh = f"{ticket.floor}楼 {ticket.room}诊室"
    blocks: list[Block] = [
        *_header(hospital, bilingual),
        Line(ticket.department_zh, align="center", bold=True, scale=2),
        *_optional(bilingual, Line(ticket.department_en, align="center")),
        Line(place_zh if not bilingual else f"{place_zh} · Floor {ticket.floor}, Room {ticket.room}", align="center"),
        Feed(),
        Line("您的号码" + (" Your number" if bilingual else ""), align="center"),
        Line(ticket.number, align="center", bold=True, scale=QUEUE_NUMBER_SCALE, large=True),
        Line("诊室" + (" Room" if bilingual else ""), align="center"),
        Line(ticket.room, align="center", bold=True, scale=ROOM_SCALE, large=True),
        Line(f"前面还有 {ticket.people_ahead} 人" + (f" · {ticket.people_ahead} ahead of you" if bilingual else ""),
             align="center", bold=True),
        Rule(),
        Pair("患者 Patient" if bilingual else "患者", mask_name(ticket.patient_name)),
        *_optional(bool(ticket.doctor_name), Pair("医生 Doctor" if bilingual else "医生", ticket.doctor_name)),
        Pair("时间 Time" if bilingual else "时间", local.strftime("%Y-%m-%d %H:%M")),
        Rule(),
        *_optional(bool(ticket.status_url),
                   Line("扫码查看排队进度" + (" Scan for queue status" if bilingual else ""), align="center")),
        *_optional(bool(ticket.status_url), QrCode(ticket.status_url)),
        Line("请留意叫号，过号请到分诊台" if not bilingual else "请留意叫号，过号请到分诊台 Missed your call? Ask at the triage desk",
             align="center"),
        Feed(2),
    ]
    fallback = ScreenFallback(ticket.number, ticket.status_url, hospital.help_desk_zh, hospital.help_desk_en)
    return Receipt("queue_ticket", f"Queue ticket {ticket.number}", tuple(blocks), fallback,
                   {"number": ticket.number})


def wheelchair_slip(hospital: Hospital, slip: WheelchairSlip, bilingual: bool = True) -> Receipt:
    _check_payload(slip.return_url)
    blocks: list[Block] = [
        *_header(hospital, bilingual),
        Line("轮椅租用凭条" + (" Wheelchair rental" if bilingual else ""), align="center", bold=True),
        Line(slip.chair_id, align="center", bold=True, scale=3, large=True),
        Rule(),
        Pair("租用人 Renter" if bilingual else "租用人", mask_name(slip.renter_name)),
        Pair("取车点 Dock" if bilingual else "取车点", slip.dock_name),
        Pair("开始 Start" if bilingual else "开始", to_local(slip.rented_at).strftime("%Y-%m-%d %H:%M")),
        Pair("押金 Deposit" if bilingual else "押金", format_yuan(slip.deposit_fen) if slip.deposit_fen else "免押金 waived"),
        Line(slip.terms_zh),
        *_optional(bilingual, Line(slip.terms_en)),
        Rule(),
        Line("可在任一停靠点归还" + (" Return at any dock" if bilingual else ""), align="center"),
        QrCode(slip.return_url),
        Feed(2),
    ]
    fallback = ScreenFallback(slip.chair_id, slip.return_url, hospital.help_desk_zh, hospital.help_desk_en)
    return Receipt("wheelchair_slip", f"Wheelchair slip {slip.chair_id}", tuple(blocks), fallback)


def invoice_summary(hospital: Hospital, invoice: "InvoiceLike", bilingual: bool = True) -> Receipt:
    """A short paper summary of an e-invoice (the full A4 invoice goes to the document printer)."""
    _check_payload(invoice.verification_url)
    blocks: list[Block] = [
        *_header(hospital, bilingual),
        Line("医疗电子票据" + (" Medical e-invoice" if bilingual else ""), align="center", bold=True),
        Pair("患者 Patient" if bilingual else "患者", mask_name(invoice.patient_name)),
        Pair("证件 ID" if bilingual else "证件", mask_id_number(invoice.patient_id_number)),
        Pair("票据号 Invoice no." if bilingual else "票据号", invoice.invoice_number),
        Pair("校验码 Check code" if bilingual else "校验码", invoice.check_code),
        Pair("开票 Issued" if bilingual else "开票", to_local(invoice.issued_at).strftime("%Y-%m-%d %H:%M")),
        Rule(),
        Pair("合计 Total" if bilingual else "合计", format_yuan(invoice.total_fen), bold=True),
        Pair("统筹基金 Insurance fund" if bilingual else "统筹基金", format_yuan(invoice.fund_fen)),
        Pair("个人账户 Personal account" if bilingual else "个人账户", format_yuan(invoice.personal_account_fen)),
        Pair("个人自付 Self-pay" if bilingual else "个人自付", format_yuan(invoice.self_pay_fen)),
        Rule(),
        *_optional(bool(invoice.verification_url),
                   Line("扫码查验票据" + (" Scan to verify" if bilingual else ""), align="center")),
        *_optional(bool(invoice.verification_url), QrCode(invoice.verification_url)),
        Feed(2),
    ]
    fallback = ScreenFallback(invoice.invoice_number, invoice.verification_url,
                              hospital.help_desk_zh, hospital.help_desk_en)
    return Receipt("invoice_summary", f"Invoice summary {invoice.invoice_number}", tuple(blocks), fallback)


def printer_test_page(hospital: Hospital, printed_at: datetime, kiosk_id: str, printer_url: str) -> Receipt:
    """What maintenance's "test print" sends: every block kind, Chinese text, an amount and a QR."""
    return Receipt("test_page", "Printer test page", (
        *_header(hospital, True),
        Line("打印测试 Test print", align="center", bold=True, scale=2),
        Pair("终端 Kiosk", kiosk_id),
        Pair("打印机 Printer", printer_url),
        Pair("时间 Time", to_local(printed_at).strftime("%Y-%m-%d %H:%M:%S")),
        Pair("金额 Amount", format_yuan(123456)),
        Line("中文字形：医院挂号缴费轮椅发票 ￥"),
        Line("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        Line("A001", align="center", scale=QUEUE_NUMBER_SCALE),
        QrCode("https://onevisit.example/t"),
        Feed(2),
    ))


class InvoiceLike(Protocol):
    """What ``invoice_summary`` reads (``kiosk.printing.invoice.Invoice`` has it all)."""

    patient_name: str
    patient_id_number: str
    invoice_number: str
    check_code: str
    issued_at: datetime
    total_fen: Fen
    fund_fen: Fen
    personal_account_fen: Fen
    self_pay_fen: Fen
    verification_url: str


def _header(hospital: Hospital, bilingual: bool) -> list[Block]:
    return [
        Line(hospital.name_zh, align="center", bold=True, scale=2),
        *_optional(bilingual, Line(hospital.name_en, align="center")),
        Rule("="),
    ]


def _optional(condition: bool, block: Block) -> list[Block]:
    return [block] if condition else []


def _check_payload(payload: str) -> None:
    if len(payload) > MAX_QR_PAYLOAD:
        raise ValueError(f"QR payload of {len(payload)} characters is too long for a receipt (at most "
                         f"{MAX_QR_PAYLOAD}); use a short link")
