"""What the printer gives a renter: the rental slip (via the shared ``wheelchair_slip`` layout) and the
return receipt. Both carry the rental's signed slip code as QR (``labels.slip_code``): scanned at any
kiosk it opens that rental's return / take-home screen; with ``wheelchair.slip_url`` set, a phone opens
the hospital's page for it."""
from __future__ import annotations

from kiosk.clock import to_local
from kiosk.his.masking import mask_name
from kiosk.money import format_yuan
from kiosk.printing.blocks import Feed, Line, Pair, QrCode, Receipt, Rule, ScreenFallback
from kiosk.payment.refunds import RefundRecord
from kiosk.printing.layouts import Hospital, WheelchairSlip, wheelchair_slip
from kiosk.wheelchair.pricing import free_until, terms_text
from kiosk.wheelchair.records import Rental, ReturnOutcome

def slip_print_key(rental: Rental) -> str:
    return f"wheelchair-slip:{rental.id}"


def return_print_key(rental: Rental) -> str:
    return f"wheelchair-return:{rental.id}"


def rental_slip(hospital: Hospital, rental: Rental, renter_name: str, dock_name: str, slip_code: str) -> Receipt:
    """Chair number, start, free-until (or due date for home use), the terms and a QR to return or extend."""
    zh, en = terms_text(rental.terms)
    if rental.due_at is not None:
        due = to_local(rental.due_at).strftime("%m-%d %H:%M")
        zh, en = f"带回家使用，请于 {due} 前归还。{zh}", f"Home use: please return by {due}. {en}"
    else:
        until = free_until(rental.terms, rental.started_at).strftime("%H:%M")
        zh, en = f"{until} 前免费。{zh}", f"Free until {until}. {en}"
    return wheelchair_slip(hospital, WheelchairSlip(
        chair_id=rental.chair_id, dock_name=dock_name, rented_at=rental.started_at, renter_name=renter_name,
        terms_zh=zh, terms_en=en, deposit_fen=rental.deposit_fen, return_url=slip_code))


def deposit_words(rental: Rental, refund: RefundRecord | None) -> str:
    """What happened to the deposit, in both languages (receipt and tests)."""
    if refund is not None:
        amount = format_yuan(refund.amount_fen)
        if refund.state == "done":
            return f"押金 {amount} 已原路退回手机 Deposit {amount} refunded to your phone"
        return f"押金 {amount} 正在退回手机 Deposit {amount} is being refunded to your phone"
    return {"released": "押金已退还 Deposit released", "waived": "免押金 No deposit"}.get(rental.deposit_state, "")


def return_receipt(hospital: Hospital, outcome: ReturnOutcome, renter_name: str, slip_code: str,
                   deposit_refund: RefundRecord | None = None) -> Receipt:
    rental, fee = outcome.rental, outcome.fee
    hours, minutes = divmod(fee.used_minutes, 60)
    if outcome.charge_id:
        billed = Line("已计入本次就诊账单，请在缴费时一并支付 Added to your visit bill: pay it with your other charges")
    else:
        billed = Line("本次免费 No charge")
    deposit = deposit_words(rental, deposit_refund)
    blocks = (
        Line(hospital.name_zh, align="center", bold=True, scale=2),
        Line(hospital.name_en, align="center"),
        Rule("="),
        Line("轮椅归还凭条 Wheelchair return", align="center", bold=True),
        Line(rental.chair_id, align="center", bold=True, scale=3),
        Rule(),
        Pair("租用人 Renter", mask_name(renter_name)),
        Pair("开始 Start", to_local(rental.started_at).strftime("%Y-%m-%d %H:%M")),
        Pair("归还 Returned", to_local(fee.ended_at).strftime("%Y-%m-%d %H:%M")),
        Pair("时长 Duration", f"{hours}小时{minutes}分 {hours} h {minutes} min"),
        Rule(),
        *[Pair(f"{item.text_zh} {item.text_en}", format_yuan(item.amount_fen)) for item in fee.items],
        Pair("合计 Total", format_yuan(fee.total_fen), bold=True),
        billed,
        *([Line(deposit)] if deposit else []),
        *([Line("已报修，谢谢 Damage reported, thank you")] if outcome.to_maintenance else []),
        Rule(),
        QrCode(slip_code),
        Feed(2),
    )
    fallback = ScreenFallback(format_yuan(fee.total_fen), slip_code, hospital.help_desk_zh,
                              hospital.help_desk_en)
    return Receipt("wheelchair_return", f"Wheelchair return {rental.chair_id}", blocks, fallback,
                   {"rental": rental.id})
