"""Resident ID cards for the demo and the tests: one for each fixed demo patient, one for a visitor
the demo hospital does not know (a new patient file), and an expired one.

Addresses and issuing authorities are invented; the visitors' area code (Fuzhou, 350102) is not one
the synthetic patients are drawn from, so neither card ever matches a seeded patient.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devices.protocols import IdCard
from kiosk.his.id_numbers import make_id_number
from kiosk.his.seed import DEMO_PATIENTS

_ADDRESSES = {
    "330102": ("浙江省杭州市上城区解放路88号", "杭州市公安局上城分局"),
    "330106": ("浙江省杭州市西湖区文三路120号", "杭州市公安局西湖分局"),
    "310104": ("上海市徐汇区漕溪北路200弄6号", "上海市公安局徐汇分局"),
    "330203": ("浙江省宁波市海曙区中山西路35号", "宁波市公安局海曙分局"),
}


@dataclass(frozen=True)
class DemoCard:
    key: str  # "DEMO-001" … for the demo patients, "visitor", "expired"
    card: IdCard


def demo_cards() -> list[DemoCard]:
    cards = []
    for patient in DEMO_PATIENTS:
        address, authority = _ADDRESSES[patient.area_code]
        cards.append(DemoCard(patient.id, IdCard(
            name=patient.name, sex=patient.sex, ethnicity="汉", birth_date=patient.birth_date, address=address,
            id_number=make_id_number(patient.area_code, patient.birth_date, patient.sequence, patient.sex == "M"),
            issuing_authority=authority, valid_from=date(2012, 6, 1), valid_to=None)))
    cards.append(DemoCard("visitor", visitor_card()))
    cards.append(DemoCard("expired", IdCard(
        name="林志强", sex="M", ethnicity="汉", birth_date=date(1968, 9, 3), address="福建省福州市鼓楼区五四路71号",
        id_number=make_id_number("350102", date(1968, 9, 3), 211, True), issuing_authority="福州市公安局鼓楼分局",
        valid_from=date(2004, 5, 10), valid_to=date(2024, 5, 10))))
    return cards


def visitor_card() -> IdCard:
    """赵淑芬, not a patient of the demo hospital: presenting her card opens a new patient file."""
    return IdCard(name="赵淑芬", sex="F", ethnicity="汉", birth_date=date(1952, 4, 18),
                  address="福建省福州市鼓楼区杨桥东路16号", id_number=make_id_number("350102", date(1952, 4, 18), 57, False),
                  issuing_authority="福州市公安局鼓楼分局", valid_from=date(2015, 8, 20), valid_to=None)


def demo_card(key: str) -> IdCard:
    for entry in demo_cards():
        if entry.key == key:
            return entry.card
    raise KeyError(f"no demo card '{key}'; known: {', '.join(entry.key for entry in demo_cards())}")
