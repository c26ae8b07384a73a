"""Checks on client input (windows, lesson times, weekly rules, ids) that raise BadUserInput."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from functools import cache
from zoneinfo import available_timezones

from shared.errors import BadUserInput
from subgraphs.scheduling.model import Interval, Rule, Weekday

__all__ = [
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


@cache
def _zones() -> frozenset[str]:
    # Membership in the tz database's list, not `ZoneInfo(key)`: arbitrary keys can name paths.
    return frozenset(available_timezones())


def aware_utc(value: datetime, name: str) -> datetime:
    """`value` in UTC; naive datetimes are ambiguous and refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadUserInput(
            f"{name} must include a UTC offset, e.g. 2026-12-01T09:00:00Z", field=name
        )
    # Far-off years would overflow the day of slack the calendar arithmetic adds.
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        raise BadUserInput(
            f"{name} must lie between the years {_MIN_YEAR} and {_MAX_YEAR}", field=name
        )
    return value.astimezone(UTC)


def window(start: datetime, end: datetime) -> Interval:
    """The [from, to) availability window: ordered and at most 31 days long."""
    iv = Interval(start=aware_utc(start, "from"), end=aware_utc(end, "to"))
    if iv.start >= iv.end:
        raise BadUserInput("from must be before to", field="to")
    if iv.end - iv.start > MAX_WINDOW:
        raise BadUserInput("the window from..to may be at most 31 days long", field="to")
    return iv


def optional_window(start: datetime | None, end: datetime | None) -> tuple[datetime | None, ...]:
    """Bounds of a booking filter, each optional; when both are given they must be ordered."""
    lo = aware_utc(start, "from") if start is not None else None
    hi = aware_utc(end, "to") if end is not None else None
    if lo is not None and hi is not None and lo >= hi:
        raise BadUserInput("from must be before to", field="to")
    return (lo, hi)


def _on_grid(t: time | datetime) -> bool:
    return t.second == 0 and t.microsecond == 0 and t.minute % _GRANULARITY_MINUTES == 0


def lesson_interval(start: datetime, end: datetime, now: datetime) -> Interval:
    """A bookable lesson: 30-180 minutes, on 15-minute boundaries, starting after `now`."""
    iv = Interval(start=aware_utc(start, "start"), end=aware_utc(end, "end"))
    if not (_on_grid(iv.start) and _on_grid(iv.end)):
        raise BadUserInput("start and end must fall on 15-minute boundaries", field="start")
    if not MIN_LESSON <= iv.end - iv.start <= MAX_LESSON:
        raise BadUserInput("a lesson lasts between 30 and 180 minutes", field="end")
    if iv.start <= now:
        raise BadUserInput("start must be in the future", field="start")
    return iv


# (weekday, start, end, timezone) as the client sent it.
RuleInput = tuple[Weekday, time, time, str]


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def valid_rules(tutor_id: str, items: Sequence[RuleInput]) -> tuple[Rule, ...]:
    """Weekly rules from client input: known zones, 15-minute grid, ≥30 min, no overlaps."""
    if len(items) > MAX_RULES:
        raise BadUserInput(f"at most {MAX_RULES} rules per tutor", field="rules")
    rules: list[Rule] = []
    for n, (weekday, start, end, zone) in enumerate(items, start=1):
        if zone not in _zones():
            raise BadUserInput(f"rule {n}: {zone!r} is not an IANA timezone", field="rules")
        if start.tzinfo is not None or end.tzinfo is not None:
            raise BadUserInput(
                f"rule {n}: times are local wall-clock times, without offset", field="rules"
            )
        if not (_on_grid(start) and _on_grid(end)):
            raise BadUserInput(f"rule {n}: times must fall on 15-minute boundaries", field="rules")
        end_minutes = 24 * 60 if end == _MIDNIGHT else _minutes(end)
        if end_minutes - _minutes(start) < MIN_LESSON.total_seconds() // 60:
            raise BadUserInput(
                f"rule {n}: end must be at least 30 minutes after start", field="rules"
            )
        rules.append(Rule(tutor_id=tutor_id, weekday=weekday, start=start, end=end, timezone=zone))
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if (a.weekday, a.timezone) == (b.weekday, b.timezone) and _overlap(a, b):
                raise BadUserInput(f"rules on {a.weekday.name} overlap", field="rules")
    return tuple(rules)


def _overlap(a: Rule, b: Rule) -> bool:
    a_end = 24 * 60 if a.end == _MIDNIGHT else _minutes(a.end)
    b_end = 24 * 60 if b.end == _MIDNIGHT else _minutes(b.end)
    return _minutes(a.start) < b_end and _minutes(b.start) < a_end
