"""The seed: deterministic, realistic, inside the rules, never double-booked, loadable."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from shared import seed as universe
from subgraphs.scheduling.model import Booking, BookingStatus, Interval
from subgraphs.scheduling.seed import seed, seed_data
from subgraphs.scheduling.slots import covers
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import run


def _overlapping(bookings: list[Booking]) -> bool:
    ordered = sorted(bookings, key=lambda b: b.start)
    return any(a.end > b.start for a, b in itertools.pairwise(ordered))


def test_seed_is_deterministic() -> None:
    first, second = seed_data(), seed_data()
    assert first == second


def test_seed_rules_are_two_to_six_per_tutor_in_local_daytime() -> None:
    rules, _ = seed_data()
    by_tutor = defaultdict(list)
    for rule in rules:
        by_tutor[rule.tutor_id].append(rule)
    tutors = {t.id: t for t in universe.tutors()}
    assert set(by_tutor) == set(tutors)
    for tutor_id, own in by_tutor.items():
        assert 2 <= len(own) <= 6
        assert len({r.weekday for r in own}) == len(own)
        for rule in own:
            assert rule.timezone == tutors[tutor_id].timezone
            assert rule.start.hour >= 8
            assert rule.end.hour <= 21
            assert rule.start < rule.end


def test_seed_bookings_fit_rules_and_never_overlap() -> None:
    rules, bookings = seed_data()
    rules_of = defaultdict(list)
    for rule in rules:
        rules_of[rule.tutor_id].append(rule)
    students = {s.id for s in universe.students()}
    month = Interval(start=universe.ANCHOR, end=universe.ANCHOR + timedelta(weeks=4))
    history = Interval(
        start=universe.ANCHOR - timedelta(weeks=universe.HISTORY_WEEKS), end=universe.ANCHOR
    )
    per_tutor: dict[str, list[Booking]] = defaultdict(list)
    per_student: dict[str, list[Booking]] = defaultdict(list)
    for b in bookings:
        assert b.student_id in students
        window = history if b.id.startswith("booking-p") else month
        assert window.start <= b.start
        assert b.end <= window.end
        assert covers(rules_of[b.tutor_id], b.interval)
        assert timedelta(minutes=30) <= b.end - b.start <= timedelta(minutes=180)
        assert b.created_at < b.start
        per_tutor[b.tutor_id].append(b)
        per_student[b.student_id].append(b)
    assert len(per_tutor) >= 0.9 * len(universe.tutors())
    assert not any(_overlapping(v) for v in per_tutor.values())
    assert not any(_overlapping(v) for v in per_student.values())
    statuses = {b.status for b in bookings}
    assert statuses == {BookingStatus.CONFIRMED, BookingStatus.CANCELLED}
    # Lessons start at a plausible local hour for the tutor.
    tz = {t.id: ZoneInfo(t.timezone) for t in universe.tutors()}
    assert all(8 <= b.start.astimezone(tz[b.tutor_id]).hour <= 21 for b in bookings)


@pytest.mark.stores
async def test_seed_loads_and_answers_december_availability(store: Store) -> None:
    counts = await seed(store)
    rules, bookings = seed_data()
    assert (counts.rules, counts.bookings) == (len(rules), len(bookings))
    again = await seed(store)  # resets first: loading twice does not duplicate
    assert again == counts
    tutor = bookings[0].tutor_id
    query = f"""{{ _entities(representations: [{{__typename: "Tutor", id: "{tutor}"}}]) {{
      ... on Tutor {{ availability(from: "2026-11-30T00:00:00Z", to: "2026-12-28T00:00:00Z")
      {{ start end }} }} }} }}"""
    result = await run(store, query)
    assert result.errors is None
    slots = result.data["_entities"][0]["availability"]
    assert slots
    booked = [b for b in bookings if b.tutor_id == tutor and b.status is BookingStatus.CONFIRMED]
    for b in booked:
        assert all(
            s["end"] <= b.start.isoformat() or s["start"] >= b.end.isoformat() for s in slots
        )


def test_every_past_lesson_of_the_seed_universe_is_a_confirmed_booking_in_its_week() -> None:
    _, bookings = seed_data()
    past = [b for b in bookings if b.id.startswith("booking-p")]
    lessons = universe.lesson_history()
    assert len(past) == len(lessons) > 2000
    for booking, lesson in zip(past, lessons, strict=True):
        assert (booking.student_id, booking.tutor_id) == (lesson.student_id, lesson.tutor_id)
        assert booking.status is BookingStatus.CONFIRMED
        assert lesson.week_start <= booking.start
        assert booking.end <= lesson.week_end <= universe.ANCHOR
        assert booking.end - booking.start == timedelta(hours=1)
