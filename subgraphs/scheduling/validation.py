"""Checks on client input (windows, lesson times, weekly rules, ids, booking cursors) that raise
BadUserInput."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from functools import cache
from typing import Final
from zoneinfo import available_timezones

from shared.errors import BadUserInput
from shared.subgraph.arguments import Unparsed, bad_argument, parsed
from shared.subgraph.pagination import TimestampCursors
from subgraphs.scheduling.model import Interval, Rule, Weekday

__all__ = [
    "BOOKING_CURSORS",
    "MAX_RULES",
    "MAX_WINDOW",
    "RuleInput",
    "aware_utc",
    "lesson_interval",
    "optional_window",
    "valid_rules",
    "window",
]

MAX_WINDOW = timedelta(days=31)
MIN_LESSON = timedelta(minutes=30)
MAX_LESSON = timedelta(minutes=180)
MAX_RULES = 50
_GRANULARITY_MINUTES = 15
_MIDNIGHT = time(0)
_MIN_YEAR = 1900
_MAX_YEAR = 2999
# The ids scheduling gives out: booking-00001 and booking-p00001 (seed), booking-<16 hex>.
_BOOKING_ID: Final = re.compile(r"booking-[A-Za-z0-9_-]{1,64}")


def _is_booking_id(value: str) -> bool:
    return _BOOKING_ID.fullmatch(value) is not None


# Bookings page by (start, id); a cursor around an id we never give out is the client's mistake.
BOOKING_CURSORS: Final = TimestampCursors(kind="booking", is_id=_is_booking_id)


@cache
def _zones() -> frozenset[str]:
    # Membership in the tz database's list, not `ZoneInfo(key)`: arbitrary keys can name paths.
    return frozenset(available_timezones())


def _bad(argument: str, message: str) -> BadUserInput:
    return bad_argument(argument, message)


def _rule_bad(argument: str, message: str) -> BadUserInput:
    return bad_argument(argument, message)


def aware_utc(value: datetime | Unparsed, name: str) -> datetime:
    """`value` in UTC; an unreadable value, or a naive one (ambiguous), names the argument."""
    read = parsed(value, name)
    if read.tzinfo is None or read.utcoffset() is None:
        raise _bad(name, f"{name} must include a UTC offset, e.g. 2026-12-01T09:00:00Z")
    # Far-off years would overflow the day of slack the calendar arithmetic adds.
    if not _MIN_YEAR <= read.year <= _MAX_YEAR:
        raise _bad(name, f"{name} must lie between the years {_MIN_YEAR} and {_MAX_YEAR}")
    return read.astimezone(UTC)


def window(start: datetime | Unparsed, end: datetime | Unparsed) -> Interval:
    """The [from, to) availability window: ordered and at most 31 days long."""
    iv = Interval(start=aware_utc(start, "from"), end=aware_utc(end, "to"))
    if iv.start >= iv.end:
        raise _bad("to", "to must be after from")
    if iv.end - iv.start > MAX_WINDOW:
        raise _bad("to", "the window from..to may be at most 31 days long")
    return iv


def optional_window(
    start: datetime | Unparsed | None, end: datetime | Unparsed | None
) -> tuple[datetime | None, ...]:
    """Bounds of a booking filter, each optional; when both are given they must be ordered."""
    lo = aware_utc(start, "from") if start is not None else None
    hi = aware_utc(end, "to") if end is not None else None
    if lo is not None and hi is not None and lo >= hi:
        raise _bad("to", "to must be after from")
    return (lo, hi)


def _on_grid(t: time | datetime) -> bool:
    return t.second == 0 and t.microsecond == 0 and t.minute % _GRANULARITY_MINUTES == 0


def lesson_interval(
    start: datetime | Unparsed, end: datetime | Unparsed, now: datetime, prefix: str = "input."
) -> Interval:
    """A bookable lesson: ordered, on 15-minute boundaries, 30-180 minutes, after `now`."""
    first, last = f"{prefix}start", f"{prefix}end"
    iv = Interval(start=aware_utc(start, first), end=aware_utc(end, last))
    if iv.end <= iv.start:
        raise _bad(last, f"{last} must be after {first}")
    for name, moment in ((first, iv.start), (last, iv.end)):
        if not _on_grid(moment):
            raise _bad(name, f"{name} must fall on a 15-minute boundary (:00, :15, :30, :45)")
    if not MIN_LESSON <= iv.end - iv.start <= MAX_LESSON:
        raise _bad(last, f"a lesson lasts between 30 and 180 minutes: {last} - {first} is not")
    if iv.start <= now:
        raise _bad(first, f"{first} must be in the future")
    return iv


# (weekday, start, end, timezone) as the client sent it.
RuleInput = tuple[Weekday, time | Unparsed, time | Unparsed, str]


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def valid_rules(tutor_id: str, items: Sequence[RuleInput]) -> tuple[Rule, ...]:
    """Weekly rules from client input: known zones, 15-minute grid, ≥30 min, no overlaps."""
    if len(items) > MAX_RULES:
        raise _rule_bad("rules", f"rules: at most {MAX_RULES} rules per tutor")
    rules: list[Rule] = []
    for n, (weekday, raw_start, raw_end, zone) in enumerate(items):
        at = f"rules[{n}]"
        start = parsed(raw_start, f"{at}.startTime")
        end = parsed(raw_end, f"{at}.endTime")
        if zone not in _zones():
            raise _rule_bad(
                f"{at}.timezone", f"{at}.timezone {zone[:40]!r} is not an IANA timezone"
            )
        for name, moment in (("startTime", start), ("endTime", end)):
            if moment.tzinfo is not None:
                raise _rule_bad(
                    f"{at}.{name}", f"{at}.{name} is a local wall-clock time, without offset"
                )
            if not _on_grid(moment):
                raise _rule_bad(f"{at}.{name}", f"{at}.{name} must fall on a 15-minute boundary")
        end_minutes = 24 * 60 if end == _MIDNIGHT else _minutes(end)
        if end_minutes - _minutes(start) < MIN_LESSON.total_seconds() // 60:
            raise _rule_bad(
                f"{at}.endTime", f"{at}.endTime must be at least 30 minutes after startTime"
            )
        rules.append(Rule(tutor_id=tutor_id, weekday=weekday, start=start, end=end, timezone=zone))
    for i, a in enumerate(rules):
        for j, b in enumerate(rules[i + 1 :], start=i + 1):
            if (a.weekday, a.timezone) == (b.weekday, b.timezone) and _overlap(a, b):
                raise _rule_bad(
                    f"rules[{j}]", f"rules[{i}] and rules[{j}] overlap on {a.weekday.name}"
                )
    return tuple(rules)


def _overlap(a: Rule, b: Rule) -> bool:
    a_end = 24 * 60 if a.end == _MIDNIGHT else _minutes(a.end)
    b_end = 24 * 60 if b.end == _MIDNIGHT else _minutes(b.end)
    return _minutes(a.start) < b_end and _minutes(b.start) < a_end
