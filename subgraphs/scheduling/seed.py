"""Deterministic seed: weekly rules for every seeded tutor, a month of bookings, and the past
lessons the seed universe agrees on.

Rules are 2-6 distinct weekdays per tutor, one block each in the tutor's own timezone during
realistic hours. Bookings fall inside those blocks over the four weeks from `ANCHOR`, never
overlap for a tutor or for a student, and about one in eight is cancelled. Before `ANCHOR`,
every lesson of `shared.seed.lesson_history()` is a confirmed one-hour booking inside the
tutor's rules in its week: the lessons the seeded reviews are about (a review needs one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared import seed as universe
from subgraphs.scheduling.model import Booking, BookingStatus, Interval, Rule, Weekday
from subgraphs.scheduling.slots import expand
from subgraphs.scheduling.store import Store

__all__ = ["SeedCounts", "past_bookings", "seed", "seed_data"]

_WEEKS = 4
_PAST_LESSON = timedelta(hours=1)
_STEP = timedelta(minutes=15)
_LESSON_MINUTES = (60, 60, 90, 45, 120, 30)
_CANCEL_RATE = 0.125


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedCounts:
    rules: int
    bookings: int


def _rules_for(tutor: universe.SeedTutor, r: random.Random) -> list[Rule]:
    days = sorted(r.sample(list(Weekday), r.randint(2, 6)), key=lambda d: d.value)
    rules = []
    for day in days:
        weekend = day in (Weekday.SATURDAY, Weekday.SUNDAY)
        start_hour = r.randint(9, 13) if weekend else r.choice((8, 9, 10, 14, 16, 17))
        hours = r.randint(2, 5)
        end_hour = min(start_hour + hours, 21)
        minute = r.choice((0, 0, 30))
        rules.append(
            Rule(
                tutor_id=tutor.id,
                weekday=day,
                start=time(start_hour, minute),
                end=time(end_hour, minute),
                timezone=tutor.timezone,
            )
        )
    return rules


def _overlaps(iv: Interval, taken: list[Interval]) -> bool:
    return any(iv.start < t.end and t.start < iv.end for t in taken)


def seed_data() -> tuple[tuple[Rule, ...], tuple[Booking, ...]]:
    """The same rules and bookings on every run (`shared.seed.rng("scheduling")`)."""
    r = universe.rng("scheduling")
    students = universe.students()
    month = Interval(start=universe.ANCHOR, end=universe.ANCHOR + timedelta(weeks=_WEEKS))
    all_rules: list[Rule] = []
    bookings: list[Booking] = []
    by_student: dict[str, list[Interval]] = {}
    for tutor in universe.tutors():
        rules = _rules_for(tutor, r)
        all_rules.extend(rules)
        blocks = expand(rules, month)
        taken: list[Interval] = []
        for _ in range(r.randint(2, 8)):
            block = r.choice(blocks)
            minutes = r.choice(_LESSON_MINUTES)
            slots = int((block.end - block.start).total_seconds() // 900) - minutes // 15
            if slots < 0:
                continue
            start = block.start + timedelta(minutes=15 * r.randint(0, slots))
            iv = Interval(start=start, end=start + timedelta(minutes=minutes))
            student = r.choice(students)
            mine = by_student.setdefault(student.id, [])
            if _overlaps(iv, taken) or _overlaps(iv, mine):
                continue
            taken.append(iv)
            mine.append(iv)
            booked_days_before = r.randint(1, 21)
            bookings.append(
                Booking(
                    id=f"booking-{len(bookings) + 1:05d}",
                    tutor_id=tutor.id,
                    student_id=student.id,
                    start=iv.start,
                    end=iv.end,
                    status=(
                        BookingStatus.CANCELLED
                        if r.random() < _CANCEL_RATE
                        else BookingStatus.CONFIRMED
                    ),
                    created_at=_created(iv.start, booked_days_before, tutor.timezone),
                )
            )
    every_rule = tuple(all_rules)
    return every_rule, past_bookings(every_rule) + tuple(bookings)


def past_bookings(rules: tuple[Rule, ...]) -> tuple[Booking, ...]:
    """One confirmed booking per lesson of `lesson_history()`, inside the tutor's rules in that
    lesson's week, overlapping no other lesson of the tutor or of the student."""
    r = universe.rng("scheduling.history")
    by_tutor: dict[str, list[Rule]] = {}
    for rule in rules:
        by_tutor.setdefault(rule.tutor_id, []).append(rule)
    zones = {t.id: t.timezone for t in universe.tutors()}
    # Lessons overlap only within one week: keyed by week, the lists stay short.
    taken: dict[tuple[str, int], list[Interval]] = {}
    out: list[Booking] = []
    for lesson in universe.lesson_history():
        week = Interval(start=lesson.week_start, end=lesson.week_end)
        starts = [
            block.start + n * _STEP
            for block in expand(by_tutor[lesson.tutor_id], week)
            for n in range(int((block.end - block.start - _PAST_LESSON) / _STEP) + 1)
        ]
        r.shuffle(starts)
        tutor_busy = taken.setdefault((lesson.tutor_id, lesson.week), [])
        student_busy = taken.setdefault((lesson.student_id, lesson.week), [])
        for start in starts:
            iv = Interval(start=start, end=start + _PAST_LESSON)
            if not _overlaps(iv, tutor_busy) and not _overlaps(iv, student_busy):
                break
        else:
            raise RuntimeError(f"seed: no room for {lesson} in the tutor's rules")
        tutor_busy.append(iv)
        student_busy.append(iv)
        out.append(
            Booking(
                id=f"booking-p{len(out) + 1:05d}",
                tutor_id=lesson.tutor_id,
                student_id=lesson.student_id,
                start=iv.start,
                end=iv.end,
                status=BookingStatus.CONFIRMED,
                created_at=_created(iv.start, r.randint(1, 14), zones[lesson.tutor_id]),
            )
        )
    return tuple(out)


def _created(start: datetime, days_before: int, zone: str) -> datetime:
    # Bookings are made some days ahead, at the same local hour the lesson starts.
    local = start.astimezone(ZoneInfo(zone)) - timedelta(days=days_before)
    return local.astimezone(start.tzinfo)


async def seed(store: Store) -> SeedCounts:
    """Migrates, wipes this subgraph's tables and bulk-loads the seed."""
    rules, bookings = seed_data()
    await store.migrate()
    await store.reset()
    await store.load(rules, bookings)
    return SeedCounts(rules=len(rules), bookings=len(bookings))
