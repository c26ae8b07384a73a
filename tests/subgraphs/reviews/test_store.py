"""The MongoDB store: indexes, the page and rating aggregations, and the unique constraint."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from shared.errors import Conflict
from subgraphs.reviews.migrations import INDEXES, RETIRED_INDEXES
from subgraphs.reviews.model import NewReview, SortKey
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import review

pytestmark = pytest.mark.stores


async def test_migrate_is_idempotent_and_creates_every_index(store: ReviewStore) -> None:
    await store.migrate()
    await store.migrate()
    names = await store.index_names()
    assert set(names) == {"_id_", *(spec.name for spec in INDEXES)}


async def test_unique_index_refuses_second_review_of_same_pair(store: ReviewStore) -> None:
    await store.insert(review(1, author="user-0500", tutor="tutor-0001"))
    with pytest.raises(Conflict):
        await store.insert(review(2, author="user-0500", tutor="tutor-0001"))
    assert await store.count() == 1


async def test_rating_summaries_match_a_recount(store: ReviewStore) -> None:
    r = random.Random(7)
    rows = [
        review(n, tutor=f"tutor-{r.randrange(6):04d}", rating=r.randint(1, 5))
        for n in range(1, 201)
    ]
    await store.insert_many(rows, batch_size=64)
    store.calls = 0
    tutor_ids = [f"tutor-{t:04d}" for t in range(8)]
    summaries = await store.rating_summaries(tutor_ids)
    assert store.calls == 1
    for tutor_id in tutor_ids:
        stars = [row.rating for row in rows if row.tutor_id == tutor_id]
        expected = Counter(stars)
        summary = summaries[tutor_id]
        assert summary.count == len(stars)
        assert summary.histogram == tuple((s, expected.get(s, 0)) for s in range(1, 6))
        if stars:
            assert summary.average == pytest.approx(sum(stars) / len(stars))
        else:
            assert summary.average is None


async def test_pages_for_many_owners_after_a_cursor(store: ReviewStore) -> None:
    rows = [review(n, tutor=f"tutor-{n % 3:04d}") for n in range(1, 31)]
    await store.insert_many(rows, batch_size=7)
    cut = SortKey(created_at=rows[14].created_at, id=rows[14].id)  # review 15
    store.calls = 0
    pages = await store.pages("tutorId", ["tutor-0000", "tutor-0001", "tutor-0009"], 3, cut)
    assert store.calls == 1
    by_tutor: dict[str | None, list[str]] = defaultdict(list)
    for row in sorted(rows, key=lambda x: (x.created_at, x.id), reverse=True):
        if (row.created_at, row.id) < (cut.created_at, cut.id):
            by_tutor[row.tutor_id].append(row.id)
    for tutor_id in ("tutor-0000", "tutor-0001"):
        page = pages[tutor_id]
        assert [x.id for x in page.reviews] == by_tutor[tutor_id][:3]
        assert page.has_next_page == (len(by_tutor[tutor_id]) > 3)
        assert page.total_count == 10
    assert pages["tutor-0009"].reviews == ()
    assert pages["tutor-0009"].total_count == 0


async def test_bulk_insert_uses_one_round_trip_per_batch(store: ReviewStore) -> None:
    written = await store.insert_many([review(n) for n in range(1, 1002)], batch_size=250)
    assert written == 1001
    assert store.calls == 5
    assert await store.count() == 1001


async def test_reset_drops_only_this_collection_and_keeps_indexes(store: ReviewStore) -> None:
    await store.insert_many([review(1)])
    await store.reset()
    assert await store.count() == 0
    assert "author_target_unique" in await store.index_names()


async def test_page_past_the_oldest_review_is_empty_but_keeps_the_total(
    store: ReviewStore,
) -> None:
    rows = [review(n, tutor="tutor-0001") for n in range(1, 6)]
    await store.insert_many(rows)
    oldest = SortKey(created_at=rows[0].created_at, id=rows[0].id)
    pages = await store.pages("tutorId", ["tutor-0001"], 3, oldest)
    assert pages["tutor-0001"].reviews == ()
    assert pages["tutor-0001"].has_next_page is False
    assert pages["tutor-0001"].total_count == 5


async def test_small_pages_of_owners_with_many_reviews(store: ReviewStore) -> None:
    await store.insert_many([review(n, tutor=f"tutor-{n % 2:04d}") for n in range(1, 401)])
    pages = await store.pages("tutorId", ["tutor-0000", "tutor-0001"], 2, None)
    assert [len(p.reviews) for p in pages.values()] == [2, 2]
    assert [p.total_count for p in pages.values()] == [200, 200]
    assert all(p.has_next_page for p in pages.values())


async def test_migrate_brings_a_collection_of_the_tutor_only_shape_up_to_date(
    store: ReviewStore,
) -> None:
    # The collection as earlier versions left it: tutor reviews without courseId, and the
    # unique index on (authorId, tutorId) that allowed an author one course review at most.
    await store.drop()
    old = store._reviews
    await old.create_index(
        [("authorId", 1), ("tutorId", 1)], name="author_tutor_unique", unique=True
    )
    await old.insert_many(
        [
            {
                "_id": f"review-old{n}",
                "tutorId": f"tutor-000{n}",
                "authorId": "user-0500",
                "rating": 4,
                "comment": "Kept.",
                "createdAt": review(n).created_at,
            }
            for n in (1, 2)
        ]
    )
    await store.migrate()
    await store.migrate()
    names = set(await store.index_names())
    assert names == {"_id_", *(spec.name for spec in INDEXES)}
    assert not names & set(RETIRED_INDEXES)
    assert await store.count({"courseId": None, "tutorId": {"$ne": None}}) == 2
    assert await store.count({"courseId": {"$exists": False}}) == 0
    kept = await store.reviews_by_id(["review-old1"])
    assert (kept["review-old1"].tutor_id, kept["review-old1"].course_id) == ("tutor-0001", None)
    # The same author now reviews two courses, and still only once per tutor.
    await store.insert(review(3, course="course-1", author="user-0500"))
    await store.insert(review(4, course="course-2", author="user-0500"))
    with pytest.raises(Conflict, match="this tutor"):
        await store.insert(review(5, tutor="tutor-0001", author="user-0500"))
    with pytest.raises(Conflict, match="this course"):
        await store.insert(review(6, course="course-2", author="user-0500"))
    assert await store.count() == 4


async def test_course_rating_summaries_match_a_recount_and_ignore_tutors(
    store: ReviewStore,
) -> None:
    r = random.Random(11)
    rows = [
        review(n, course=f"course-{r.randrange(5)}", rating=r.randint(1, 5)) for n in range(1, 151)
    ]
    # A tutor id and a course id never meet: tutor reviews stay out of course summaries.
    rows += [review(n, tutor="tutor-0001", rating=1) for n in range(151, 161)]
    await store.insert_many(rows, batch_size=64)
    store.calls = 0
    course_ids = [f"course-{c}" for c in range(6)]
    summaries = await store.rating_summaries(course_ids, "courseId")
    assert store.calls == 1
    for course_id in course_ids:
        stars = [row.rating for row in rows if row.course_id == course_id]
        summary = summaries[course_id]
        assert summary.count == len(stars)
        assert summary.histogram == tuple((s, Counter(stars).get(s, 0)) for s in range(1, 6))
        if stars:
            assert summary.average == pytest.approx(sum(stars) / len(stars))
    assert summaries["course-5"].average is None
    assert (await store.rating_summaries(["tutor-0001"]))["tutor-0001"].count == 10


def test_a_review_is_of_exactly_one_tutor_or_course() -> None:
    with pytest.raises(ValueError, match="one tutor or one course"):
        NewReview(
            id="review-x",
            author_id="user-1",
            rating=5,
            comment="c",
            created_at=review(1).created_at,
            tutor_id="tutor-0001",
            course_id="course-1",
        )
    with pytest.raises(ValueError, match="one tutor or one course"):
        NewReview(
            id="review-y",
            author_id="user-1",
            rating=5,
            comment="c",
            created_at=review(1).created_at,
        )
