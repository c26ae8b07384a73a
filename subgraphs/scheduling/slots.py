"""Interval arithmetic for free time: weekly rules expanded in local time, minus bookings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from subgraphs.scheduling.model import Interval, Rule

__all__ = ["clip", "covers", "expand", "free_slots", "merge", "subtract"]

_MIDNIGHT = time(0)
_WEEK = timedelta(days=7)
_DAY = timedelta(days=1)


def _occurrences(rule: Rule, window: Interval) -> Iterable[Interval]:
    tz = ZoneInfo(rule.timezone)
    # One local day of slack on each side: a rule on the local day before the window's first
    # local day can still reach into the window (it may run until local midnight).
    first = window.start.astimezone(tz).date() - _DAY
    last = window.end.astimezone(tz).date() + _DAY
    day: date = first + timedelta(days=(rule.weekday.value - first.isoweekday()) % 7)
    while day <= last:
        # Local wall-clock times become UTC per occurrence, so DST shifts move the UTC interval.
        # A start inside a spring-forward gap resolves with fold=0 (the pre-transition offset),
        # which lands just after the gap; an ambiguous autumn time takes its first occurrence.
        start = datetime.combine(day, rule.start, tzinfo=tz).astimezone(UTC)
        end_day = day + _DAY if rule.end == _MIDNIGHT else day
        end = datetime.combine(end_day, rule.end, tzinfo=tz).astimezone(UTC)
        if end > start:
            yield Interval(start=start, end=end)
        day += _WEEK


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted, with overlapping or touching intervals joined."""
    out: list[Interval] = []
    for iv in sorted(intervals):
        if out and iv.start <= out[-1].end:
            if iv.end > out[-1].end:
                out[-1] = Interval(start=out[-1].start, end=iv.end)
        else:
            out.append(iv)
    return tuple(out)


def clip(intervals: Iterable[Interval], window: Interval) -> tuple[Interval, ...]:
    """The parts of `intervals` inside `window`, empty ones dropped."""
    out = []
    for iv in intervals:
        start, end = max(iv.start, window.start), min(iv.end, window.end)
        if start < end:
            out.append(Interval(start=start, end=end))
    return tuple(out)


def subtract(free: Iterable[Interval], busy: Iterable[Interval]) -> tuple[Interval, ...]:
    """`free` (merged) with every part covered by some `busy` interval removed."""
    busy_sorted = merge(busy)
    out: list[Interval] = []
    for iv in merge(free):
        cursor = iv.start
        for b in busy_sorted:
            if b.end <= cursor or b.start >= iv.end:
                continue
            if b.start > cursor:
                out.append(Interval(start=cursor, end=b.start))
            cursor = max(cursor, b.end)
        if cursor < iv.end:
            out.append(Interval(start=cursor, end=iv.end))
    return tuple(out)


def expand(rules: Iterable[Rule], window: Interval) -> tuple[Interval, ...]:
    """The rules' concrete UTC intervals within `window`, merged."""
    return clip(merge(iv for rule in rules for iv in _occurrences(rule, window)), window)


def free_slots(
    rules: Iterable[Rule], busy: Iterable[Interval], window: Interval
) -> tuple[Interval, ...]:
    """Free time in `window`: rule intervals minus busy (confirmed booking) intervals."""
    return subtract(expand(rules, window), busy)


def covers(rules: Iterable[Rule], candidate: Interval) -> bool:
    """Whether `candidate` lies entirely inside one stretch of the rules' time."""
    around = Interval(start=candidate.start - _DAY, end=candidate.end + _DAY)
    return any(
        iv.start <= candidate.start and candidate.end <= iv.end for iv in expand(rules, around)
    )
