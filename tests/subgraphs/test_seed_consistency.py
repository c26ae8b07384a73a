"""The seeds of different subgraphs agree: every seeded review comes from a student who had a
lesson with that tutor (a confirmed scheduling booking that ended before the review was
written), once per tutor; every author is a seeded student, every tutor a seeded tutor."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from shared import seed as universe
from subgraphs.reviews.seed import generate
from subgraphs.scheduling.model import BookingStatus
from subgraphs.scheduling.seed import seed_data
from subgraphs.tutors.seed import profiles


def test_every_seeded_review_follows_a_confirmed_lesson_with_that_tutor() -> None:
    _, bookings = seed_data()
    ended: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for booking in bookings:
        if booking.status is BookingStatus.CONFIRMED:
            ended[(booking.student_id, booking.tutor_id)].append(booking.end)
    reviews = generate()
    orphans = [
        r
        for r in reviews
        if not any(end <= r.created_at for end in ended.get((r.author_id, r.tutor_id), ()))
    ]
    assert orphans == [], f"{len(orphans)} of {len(reviews)} reviews without a past lesson"


def test_seeded_reviews_are_once_per_student_and_tutor_by_seeded_people() -> None:
    reviews = generate()
    pairs = [(r.author_id, r.tutor_id) for r in reviews]
    assert len(pairs) == len(set(pairs))
    assert {r.author_id for r in reviews} <= {s.id for s in universe.students()}
    assert {r.tutor_id for r in reviews} <= {t.id for t, _ in profiles()}
