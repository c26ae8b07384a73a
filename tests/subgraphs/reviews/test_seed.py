"""The seed reviews: deterministic, realistic, and loadable from scratch."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from shared import seed as universe
from subgraphs.reviews.seed import (
    COURSE_REVIEW_SHARE,
    REVIEW_COUNT,
    generate,
    generate_course_reviews,
    seed,
)
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore


def test_seed_is_deterministic() -> None:
    assert generate() == generate()
    assert len(generate()) == REVIEW_COUNT >= 2000


def test_seed_has_at_most_one_review_per_author_and_tutor() -> None:
    pairs = [(r.author_id, r.tutor_id) for r in generate()]
    assert len(pairs) == len(set(pairs))
    assert len({r.id for r in generate()}) == REVIEW_COUNT


def test_seed_authors_are_students_and_tutors_exist() -> None:
    students = {u.id for u in universe.students()}
    tutors = {t.id for t in universe.tutors()}
    reviews = generate()
    assert {r.author_id for r in reviews} <= students
    assert {r.tutor_id for r in reviews} <= tutors
    assert len({r.tutor_id for r in reviews}) > len(tutors) * 0.9


def test_seed_ratings_lean_high_but_use_every_star() -> None:
    stars = Counter(r.rating for r in generate())
    assert set(stars) == {1, 2, 3, 4, 5}
    assert stars[4] + stars[5] > 0.65 * REVIEW_COUNT
    assert stars[5] > stars[4] > stars[3] > stars[1]


def test_seed_times_cover_the_year_before_the_anchor() -> None:
    times = [r.created_at for r in generate()]
    start = universe.ANCHOR - timedelta(days=365)
    assert all(start <= t < universe.ANCHOR for t in times)
    assert all(t.tzinfo is not None for t in times)
    # Reviews follow lessons (the first are a year before ANCHOR), so the first weeks are few.
    months = {(t.year, t.month) for t in times}
    assert len(months) >= 10


def test_seed_comments_are_valid_and_varied() -> None:
    comments = [r.comment for r in generate()]
    assert all(0 < len(c) <= 2000 and c == c.strip() for c in comments)
    assert len(set(comments)) > REVIEW_COUNT / 2


def test_seed_tutor_reviews_name_no_course() -> None:
    assert all(r.tutor_id is not None and r.course_id is None for r in generate())


def test_seed_course_reviews_come_from_enrollments_with_a_lesson_completed() -> None:
    reviews = generate_course_reviews()
    assert reviews == generate_course_reviews()
    enrolled = {(e.student_id, e.course_id): e for e in universe.seed_enrollments()}
    published = {c.id for c in universe.seed_courses() if c.published}
    for r in reviews:
        assert r.tutor_id is None
        assert r.course_id in published
        enrollment = enrolled[(r.author_id, r.course_id or "")]
        assert enrollment.completed >= 1
        assert enrollment.enrolled_at < r.created_at < universe.ANCHOR
    pairs = [(r.author_id, r.course_id) for r in reviews]
    assert len(pairs) == len(set(pairs))
    eligible = sum(1 for e in universe.seed_enrollments() if e.completed >= 1)
    # Enough to show on course pages, never from the enrollments without progress.
    assert 0.4 * eligible < len(reviews) <= eligible
    assert COURSE_REVIEW_SHARE < 1
    assert len({r.course_id for r in reviews}) > 30
    assert {r.rating for r in reviews} == {1, 2, 3, 4, 5}
    assert all(0 < len(r.comment) <= 2000 and r.comment == r.comment.strip() for r in reviews)
    ids = {r.id for r in (*generate(), *reviews)}
    assert len(ids) == REVIEW_COUNT + len(reviews)


@pytest.mark.stores
async def test_seed_resets_and_loads_everything(settings: Settings) -> None:
    seeded = Settings(mongo_url=settings.mongo_url, database="reviews_seed_test")
    total = REVIEW_COUNT + len(generate_course_reviews())
    assert await seed(seeded) == total
    assert await seed(seeded) == total  # a second run starts from scratch
    store = ReviewStore(seeded)
    await store.open()
    try:
        assert await store.count() == total
        assert await store.count({"courseId": None}) == REVIEW_COUNT
        summaries = await store.rating_summaries(["tutor-0001"])
        expected = [r.rating for r in generate() if r.tutor_id == "tutor-0001"]
        assert summaries["tutor-0001"].count == len(expected)
        course = generate_course_reviews()[0].course_id or ""
        stars = [r.rating for r in generate_course_reviews() if r.course_id == course]
        by_course = await store.rating_summaries([course], "courseId")
        assert by_course[course].count == len(stars)
        assert by_course[course].average == pytest.approx(sum(stars) / len(stars))
    finally:
        await store.close()
