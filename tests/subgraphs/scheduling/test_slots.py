"""Interval arithmetic: rule expansion across DST, merging, subtraction, clipping."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from subgraphs.scheduling.model import Interval, Rule, Weekday
from subgraphs.scheduling.slots import covers, expand, free_slots, merge, subtract


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def iv(start: datetime, end: datetime) -> Interval:
    return Interval(start=start, end=end)


def rule(day: Weekday, start: time, end: time, zone: str) -> Rule:
    return Rule(tutor_id="tutor-0001", weekday=day, start=start, end=end, timezone=zone)


def test_expand_follows_berlin_dst_change() -> None:
    # Europe/Berlin moves to summer time on Sunday 2027-03-28.
    r = rule(Weekday.MONDAY, time(9), time(12), "Europe/Berlin")
    got = expand([r], iv(utc(2027, 3, 20), utc(2027, 4, 3)))
    assert got == (
        iv(utc(2027, 3, 22, 8), utc(2027, 3, 22, 11)),
        iv(utc(2027, 3, 29, 7), utc(2027, 3, 29, 10)),
    )


def test_expand_spring_forward_day_is_an_hour_shorter_in_new_york() -> None:
    # 2027-03-14 02:00 EST jumps to 03:00 EDT: 01:00-04:00 local lasts two hours.
    r = rule(Weekday.SUNDAY, time(1), time(4), "America/New_York")
    got = expand([r], iv(utc(2027, 3, 13), utc(2027, 3, 16)))
    assert got == (iv(utc(2027, 3, 14, 6), utc(2027, 3, 14, 8)),)


def test_expand_fall_back_day_is_an_hour_longer_in_new_york() -> None:
    # 2027-11-07 02:00 EDT falls back to 01:00 EST: 00:00-03:00 local lasts four hours.
    r = rule(Weekday.SUNDAY, time(0), time(3), "America/New_York")
    got = expand([r], iv(utc(2027, 11, 6), utc(2027, 11, 9)))
    assert got == (iv(utc(2027, 11, 7, 4), utc(2027, 11, 7, 8)),)


def test_expand_start_in_spring_gap_lands_after_the_gap() -> None:
    r = rule(Weekday.SUNDAY, time(2, 30), time(5), "America/New_York")
    got = expand([r], iv(utc(2027, 3, 13), utc(2027, 3, 16)))
    # 02:30 does not exist that day; fold=0 reads it with EST, i.e. 07:30Z (03:30 EDT).
    assert got == (iv(utc(2027, 3, 14, 7, 30), utc(2027, 3, 14, 9)),)


def test_expand_midnight_end_means_end_of_day() -> None:
    r = rule(Weekday.FRIDAY, time(20), time(0), "Asia/Tokyo")
    got = expand([r], iv(utc(2026, 12, 1), utc(2026, 12, 8)))
    # Friday 2026-12-04 20:00-24:00 JST is 11:00-15:00Z.
    assert got == (iv(utc(2026, 12, 4, 11), utc(2026, 12, 4, 15)),)


def test_expand_reaches_local_day_before_the_window() -> None:
    # Sunday 20:00-23:00 in Los Angeles is already Monday in UTC.
    r = rule(Weekday.SUNDAY, time(20), time(23), "America/Los_Angeles")
    got = expand([r], iv(utc(2026, 12, 7), utc(2026, 12, 7, 12)))
    assert got == (iv(utc(2026, 12, 7, 4), utc(2026, 12, 7, 7)),)


def test_expand_clips_to_window_and_merges_adjacent_rules() -> None:
    rules = [
        rule(Weekday.MONDAY, time(9), time(10), "UTC"),
        rule(Weekday.MONDAY, time(10), time(12), "UTC"),
    ]
    got = expand(rules, iv(utc(2026, 12, 7, 9, 30), utc(2026, 12, 7, 11)))
    assert got == (iv(utc(2026, 12, 7, 9, 30), utc(2026, 12, 7, 11)),)


def test_merge_joins_touching_and_overlapping() -> None:
    a, b, c = utc(2026, 1, 1, 1), utc(2026, 1, 1, 2), utc(2026, 1, 1, 3)
    assert merge([iv(b, c), iv(a, b), iv(a, b)]) == (iv(a, c),)


def test_subtract_cuts_holes_and_edges() -> None:
    day = utc(2026, 12, 7)
    free = [iv(day + timedelta(hours=8), day + timedelta(hours=12))]
    busy = [
        iv(day + timedelta(hours=7), day + timedelta(hours=9)),
        iv(day + timedelta(hours=10), day + timedelta(hours=10, minutes=30)),
    ]
    assert subtract(free, busy) == (
        iv(day + timedelta(hours=9), day + timedelta(hours=10)),
        iv(day + timedelta(hours=10, minutes=30), day + timedelta(hours=12)),
    )


def test_covers_requires_one_stretch() -> None:
    rules = [rule(Weekday.MONDAY, time(9), time(12), "Europe/Berlin")]
    assert covers(rules, iv(utc(2026, 12, 7, 8), utc(2026, 12, 7, 11)))
    assert not covers(rules, iv(utc(2026, 12, 7, 10), utc(2026, 12, 7, 11, 15)))
    assert not covers(rules, iv(utc(2026, 12, 8, 8), utc(2026, 12, 8, 9)))


_BASE = utc(2026, 12, 7)
_offsets = st.integers(min_value=0, max_value=7 * 24 * 4)


@st.composite
def _intervals(draw: st.DrawFn) -> Interval:
    start = draw(_offsets)
    length = draw(st.integers(min_value=1, max_value=16))
    return iv(
        _BASE + timedelta(minutes=15 * start), _BASE + timedelta(minutes=15 * (start + length))
    )


@given(
    busy=st.lists(_intervals(), max_size=8),
    days=st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=4, unique=True),
    window=_intervals(),
)
def test_free_slots_are_inside_rules_and_window_and_outside_bookings(
    busy: list[Interval], days: list[Weekday], window: Interval
) -> None:
    rules = [rule(d, time(8), time(18), "Europe/Berlin") for d in days]
    free = free_slots(rules, busy, window)
    open_time = expand(rules, window)
    for slot in free:
        assert window.start <= slot.start < slot.end <= window.end
        assert any(o.start <= slot.start and slot.end <= o.end for o in open_time)
        assert all(slot.end <= b.start or b.end <= slot.start for b in busy)
    # Nothing free is lost: every open minute not booked is in some free slot.
    probe = window.start
    while probe < window.end:
        is_open = any(o.start <= probe < o.end for o in open_time)
        is_busy = any(b.start <= probe < b.end for b in busy)
        is_free = any(s.start <= probe < s.end for s in free)
        assert is_free == (is_open and not is_busy)
        probe += timedelta(minutes=15)
