"""Input checks: availability windows, lesson intervals, weekly rules."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from shared.errors import BadUserInput
from subgraphs.scheduling.model import Weekday
from subgraphs.scheduling.validation import lesson_interval, optional_window, valid_rules, window

NOW = datetime(2026, 11, 1, tzinfo=UTC)
T0 = datetime(2026, 12, 7, 8, tzinfo=UTC)


def test_window_converts_offsets_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    got = window(datetime(2026, 12, 1, 2, tzinfo=plus_two), datetime(2026, 12, 2, tzinfo=UTC))
    assert got.start == datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (T0, T0, "to must be after from"),
        (T0, T0 - timedelta(hours=1), "to must be after from"),
        (T0, T0 + timedelta(days=31, seconds=1), "31 days"),
        (T0.replace(tzinfo=None), T0 + timedelta(days=1), "offset"),
    ],
)
def test_window_rejects_bad_bounds(start: datetime, end: datetime, message: str) -> None:
    with pytest.raises(BadUserInput, match=message):
        window(start, end)


def test_window_accepts_exactly_31_days() -> None:
    assert window(T0, T0 + timedelta(days=31)).end == T0 + timedelta(days=31)


def test_optional_window_rejects_reversed_bounds() -> None:
    with pytest.raises(BadUserInput):
        optional_window(T0, T0)
    assert optional_window(None, T0) == (None, T0)


@pytest.mark.parametrize(
    ("minutes", "start", "message"),
    [
        (15, T0, "between 30 and 180"),
        (195, T0, "between 30 and 180"),
        (60, T0 + timedelta(minutes=5), "15-minute"),
        (60, T0 + timedelta(seconds=1), "15-minute"),
        (60, NOW, "future"),
        (60, NOW - timedelta(days=1), "future"),
    ],
)
def test_lesson_interval_rejects(minutes: int, start: datetime, message: str) -> None:
    with pytest.raises(BadUserInput, match=message):
        lesson_interval(start, start + timedelta(minutes=minutes), NOW)


@pytest.mark.parametrize("minutes", [30, 45, 180])
def test_lesson_interval_accepts_bounds(minutes: int) -> None:
    got = lesson_interval(T0, T0 + timedelta(minutes=minutes), NOW)
    assert got.end - got.start == timedelta(minutes=minutes)


def test_valid_rules_accepts_midnight_end() -> None:
    (rule,) = valid_rules("tutor-0001", [(Weekday.FRIDAY, time(20), time(0), "Asia/Tokyo")])
    assert rule.end == time(0)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ((Weekday.MONDAY, time(9), time(12), "Mars/Olympus"), "IANA"),
        ((Weekday.MONDAY, time(9), time(12), "../../etc/passwd"), "IANA"),
        ((Weekday.MONDAY, time(9, 5), time(12), "UTC"), "15-minute"),
        ((Weekday.MONDAY, time(12), time(9), "UTC"), "30 minutes"),
        ((Weekday.MONDAY, time(9), time(9, 15), "UTC"), "30 minutes"),
        ((Weekday.MONDAY, time(9, tzinfo=UTC), time(12), "UTC"), "without offset"),
    ],
)
def test_valid_rules_rejects(item: tuple[Weekday, time, time, str], message: str) -> None:
    with pytest.raises(BadUserInput, match=message):
        valid_rules("tutor-0001", [item])


def test_valid_rules_rejects_overlaps_on_one_day() -> None:
    items = [
        (Weekday.MONDAY, time(9), time(12), "UTC"),
        (Weekday.MONDAY, time(11), time(13), "UTC"),
    ]
    with pytest.raises(BadUserInput, match="overlap"):
        valid_rules("tutor-0001", items)


def test_valid_rules_rejects_too_many() -> None:
    items = [(Weekday.MONDAY, time(0), time(0), "UTC")] * 51
    with pytest.raises(BadUserInput, match="at most"):
        valid_rules("tutor-0001", items)
