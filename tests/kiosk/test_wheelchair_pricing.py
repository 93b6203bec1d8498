"""The pricing engine: worked examples with the default terms, then properties checked by hypothesis."""
from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.clock import HOSPITAL_ZONE
from kiosk.wheelchair.pricing import (
    RentalMode,
    RentalTerms,
    free_until,
    home_use_due,
    quote_rental_fee,
    terms_text,
)

DEFAULT = RentalTerms()
START = datetime(2026, 11, 22, 9, 0, tzinfo=HOSPITAL_ZONE)
MAX_DURATION = timedelta(days=10)

durations = st.timedeltas(min_value=timedelta(0), max_value=MAX_DURATION)
instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                        timezones=st.just(timezone.utc))
terms = st.builds(RentalTerms,
                  free_minutes=st.integers(0, 600), hourly_fen=st.integers(0, 2000),
                  daily_cap_fen=st.integers(0, 10000), home_use_daily_fen=st.integers(0, 5000))


def fee(duration: timedelta, mode: RentalMode = RentalMode.ON_SITE, rental_terms: RentalTerms = DEFAULT) -> int:
    return quote_rental_fee(rental_terms, START, START + duration, mode).total_fen


@pytest.mark.parametrize(("duration", "expected_fen"), [
    (timedelta(0), 0),
    (timedelta(minutes=119), 0),
    (timedelta(minutes=120), 0),
    (timedelta(minutes=121), 300),  # a started hour counts
    (timedelta(hours=3, minutes=45), 600),  # 1 h 45 min chargeable → 2 hours
    (timedelta(hours=8), 1800),
    (timedelta(hours=9), 2000),  # 7 hours would be 21.00 元: capped at 20.00 元
    (timedelta(hours=24), 2000),
    (timedelta(hours=24, minutes=1), 2300),  # the second 24 hours begins: one started hour
    (timedelta(hours=48), 4000),
])
def test_default_terms_worked_examples(duration, expected_fen):
    assert fee(duration) == expected_fen


def test_the_fee_is_itemised_in_both_languages():
    quote = quote_rental_fee(DEFAULT, START, START + timedelta(hours=30))
    assert [(item.code, item.quantity, item.amount_fen) for item in quote.items] == [
        ("free", 120, 0), ("capped_day", 22, 2000), ("hours", 6, 1800)]
    assert quote.items[1].text_zh == "第 1 个 24 小时：22 小时，封顶 20.00 元"
    assert quote.items[2].text_en == "24 hours no. 2: 6 h × 3.00 元"
    assert quote.total_fen == 3800


def test_home_use_is_a_day_rate_for_every_started_day():
    assert fee(timedelta(minutes=5), RentalMode.HOME_USE) == 1000
    assert fee(timedelta(hours=24), RentalMode.HOME_USE) == 1000
    assert fee(timedelta(hours=24, seconds=1), RentalMode.HOME_USE) == 2000
    assert fee(timedelta(days=3), RentalMode.HOME_USE) == 3000


def test_a_rental_converted_to_home_use_pays_on_site_prices_until_the_switch():
    switch = START + timedelta(hours=4)
    quote = quote_rental_fee(DEFAULT, START, START + timedelta(days=2), home_use_from=switch)
    assert quote.mode is RentalMode.HOME_USE
    assert [(item.code, item.amount_fen) for item in quote.items] == [
        ("free", 0), ("hours", 600), ("home_use_days", 2000)]


def test_deposit_is_waived_for_good_credit_without_overdue_debt():
    assert DEFAULT.deposit_for(700, has_overdue_debt=False) == 0
    assert DEFAULT.deposit_for(650, has_overdue_debt=False) == 0
    assert DEFAULT.deposit_for(649, has_overdue_debt=False) == 19800
    assert DEFAULT.deposit_for(800, has_overdue_debt=True) == 19800


def test_times_for_people_are_on_the_hospital_clock():
    late = datetime(2026, 11, 22, 15, 30, tzinfo=timezone.utc)  # 23:30 in Shanghai
    assert free_until(DEFAULT, late).strftime("%Y-%m-%d %H:%M %Z") == "2026-11-23 01:30 CST"
    assert home_use_due(late, 2) == late + timedelta(days=2)
    zh, en = terms_text(DEFAULT)
    assert zh == "2 小时内免费，之后每小时 3.00 元，每 24 小时最多 20.00 元；带回家使用每天 10.00 元"
    assert en.startswith("Free for the first 2 hours, then 3.00 元 per hour")


def test_bad_input_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="before it starts"):
        quote_rental_fee(DEFAULT, START, START - timedelta(seconds=1))
    with pytest.raises(ValueError, match="no time zone"):
        quote_rental_fee(DEFAULT, datetime(2026, 1, 1), datetime(2026, 1, 2))
    with pytest.raises(ValueError, match="hourly_fen"):
        RentalTerms(hourly_fen=-1)
    with pytest.raises(ValueError, match="at least one day"):
        home_use_due(START, 0)


# Properties ------------------------------------------------------------------------------------------


@given(rental_terms=terms, duration=durations, mode=st.sampled_from(RentalMode))
def test_never_negative(rental_terms, duration, mode):
    quote = quote_rental_fee(rental_terms, START, START + duration, mode)
    assert quote.total_fen >= 0
    assert all(item.amount_fen >= 0 for item in quote.items)


@given(rental_terms=terms, first=durations, second=durations, mode=st.sampled_from(RentalMode))
def test_monotonic_in_duration(rental_terms, first, second, mode):
    shorter, longer = sorted((first, second))
    assert fee(shorter, mode, rental_terms) <= fee(longer, mode, rental_terms)


@given(rental_terms=terms, duration=durations)
def test_cap_respected_in_every_24_hour_window(rental_terms, duration):
    quote = quote_rental_fee(rental_terms, START, START + duration)
    for item in quote.items:
        assert item.amount_fen <= rental_terms.daily_cap_fen
    started_windows = -(-duration // timedelta(hours=24))
    assert quote.total_fen <= rental_terms.daily_cap_fen * started_windows
    assert len([item for item in quote.items if item.code != "free"]) <= started_windows  # one line per window
    # The windows are counted from the start: 24 more hours touch at most two of them.
    later = quote_rental_fee(rental_terms, START, START + duration + timedelta(hours=24)).total_fen
    assert later - quote.total_fen <= 2 * rental_terms.daily_cap_fen


@given(rental_terms=terms, minutes=st.integers(0, 600))
def test_free_period_is_honoured(rental_terms, minutes):
    duration = timedelta(minutes=min(minutes, rental_terms.free_minutes))
    assert fee(duration, RentalMode.ON_SITE, rental_terms) == 0


@given(start=instants, duration=durations, mode=st.sampled_from(RentalMode))
def test_only_elapsed_time_counts_across_midnight_and_in_any_offset(start, duration, mode):
    """A rental over local midnight costs what the same duration at 9:00 costs, however the instant is written."""
    reference = fee(duration, mode)
    assert quote_rental_fee(DEFAULT, start, start + duration, mode).total_fen == reference
    shanghai, new_york = start.astimezone(HOSPITAL_ZONE), (start + duration).astimezone(ZoneInfo("America/New_York"))
    assert quote_rental_fee(DEFAULT, shanghai, new_york, mode).total_fen == reference


@settings(max_examples=20)
@given(duration=durations)
def test_same_fee_and_free_until_whatever_the_machine_time_zone(duration):
    original = os.environ.get("TZ")
    results = set()
    try:
        for zone in ("UTC", "America/Los_Angeles", "Asia/Kolkata", "Asia/Shanghai"):
            os.environ["TZ"] = zone
            time.tzset()
            quote = quote_rental_fee(DEFAULT, START, START + duration)
            results.add((quote.total_fen, free_until(DEFAULT, START).isoformat()))
    finally:
        if original is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = original
        time.tzset()
    assert results == {(fee(duration), "2026-11-22T11:00:00+08:00")}


def test_used_minutes_round_like_the_free_period_line():
    """Issue 18.6: "used 0 h 1 min" beside "free period 2 min" for 1 min 30 s; a started minute counts."""
    from datetime import datetime, timedelta, timezone

    from kiosk.wheelchair.pricing import RentalTerms, quote_rental_fee

    start = datetime(2026, 11, 22, 1, 0, tzinfo=timezone.utc)
    for seconds in (1, 59, 60, 90, 119, 3601):
        fee = quote_rental_fee(RentalTerms(), start, start + timedelta(seconds=seconds))
        free, = (item for item in fee.items if item.code == "free")
        assert fee.used_minutes == free.quantity, seconds
