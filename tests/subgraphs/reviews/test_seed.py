"""The seed reviews: deterministic, realistic, and loadable from scratch."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from shared import seed as universe
from subgraphs.reviews.seed import REVIEW_COUNT, generate, seed
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


@pytest.mark.stores
async def test_seed_resets_and_loads_everything(settings: Settings) -> None:
    seeded = Settings(mongo_url=settings.mongo_url, database="reviews_seed_test")
    assert await seed(seeded) == REVIEW_COUNT
    assert await seed(seeded) == REVIEW_COUNT  # a second run starts from scratch
    store = ReviewStore(seeded)
    await store.open()
    try:
        assert await store.count() == REVIEW_COUNT
        summaries = await store.rating_summaries(["tutor-0001"])
        expected = [r.rating for r in generate() if r.tutor_id == "tutor-0001"]
        assert summaries["tutor-0001"].count == len(expected)
    finally:
        await store.close()
