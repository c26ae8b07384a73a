"""The seeds of different subgraphs agree: every seeded review comes from a student who had a
lesson with that tutor (a confirmed scheduling booking that ended before the review was
written), once per tutor; every author is a seeded student, every tutor a seeded tutor. Seeded
courses are by seeded tutors about catalog subjects, and their enrollments (which payments and
reviews seed from) are once per student, in published courses."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from shared import seed as universe
from subgraphs.reviews.seed import generate
from subgraphs.scheduling.model import BookingStatus
from subgraphs.scheduling.seed import seed_data
from subgraphs.tutors.catalog import SUBJECTS
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


def test_seeded_courses_are_by_seeded_tutors_about_catalog_subjects() -> None:
    courses = universe.seed_courses()
    assert 60 <= len(courses) <= 250
    assert len({c.id for c in courses}) == len(courses)
    assert {c.tutor_id for c in courses} <= {t.id for t, _ in profiles()}
    assert set(universe.SUBJECT_IDS) == {s.id for s in SUBJECTS}
    assert {c.subject_id for c in courses} <= set(universe.SUBJECT_IDS)
    assert all(c.currency == "USD" and c.price_minor > 0 for c in courses)
    assert all(3 <= c.lessons <= 8 and c.created_at < universe.ANCHOR for c in courses)
    assert {c.published for c in courses} == {True, False}


def test_seeded_enrollments_are_once_per_student_in_published_courses() -> None:
    courses = {c.id: c for c in universe.seed_courses()}
    enrollments = universe.seed_enrollments()
    assert 100 <= len(enrollments) <= 600
    pairs = [(e.student_id, e.course_id) for e in enrollments]
    assert len(pairs) == len(set(pairs))
    assert len({e.payment_id for e in enrollments}) == len(enrollments)
    assert all(e.payment_id.startswith("payment-seed-enrollment-") for e in enrollments)
    assert {e.student_id for e in enrollments} <= {s.id for s in universe.students()}
    for e in enrollments:
        course = courses[e.course_id]
        assert course.published
        assert course.created_at < e.enrolled_at < universe.ANCHOR
        assert 0 <= e.completed <= course.lessons
    # Course reviews can be seeded: some enrollments have completed a lesson, some none yet.
    assert {e.completed > 0 for e in enrollments} == {True, False}
