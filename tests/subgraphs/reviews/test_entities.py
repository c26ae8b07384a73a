"""`_entities` for Review, Tutor, Course and User: batching, unknown ids and malformed
representations."""

from __future__ import annotations

import pytest

from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Api, codes, review

pytestmark = pytest.mark.stores

ENTITIES = """
query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    __typename
    ... on Review { id stars: rating tutor { id } course { id } }
    ... on Tutor { id rating { average count histogram { stars count } } }
    ... on Course { id rating { average count histogram { stars count } } }
    ... on User { id reviewsWritten(first: 2) { totalCount edges { node { id } } } }
  }
}
"""

TUTOR_REVIEWS = """
query ($reps: [_Any!]!, $first: Int!) {
  _entities(representations: $reps) {
    ... on Tutor { id reviews(first: $first) { totalCount edges { node { id } } } }
  }
}
"""


def reps(typename: str, *ids: str) -> list[dict[str, str]]:
    return [{"__typename": typename, "id": i} for i in ids]


async def test_reviews_by_representation_cost_one_store_query(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(n) for n in range(1, 11)])
    store.calls = 0
    ids = [f"review-t{n:04d}" for n in range(1, 11)] + ["review-missing"]
    body = await api.call(ENTITIES, {"reps": reps("Review", *ids)})
    assert "errors" not in body
    found = body["data"]["_entities"]
    assert [e["id"] for e in found[:10]] == ids[:10]
    assert found[10] is None
    assert store.calls == 1


async def test_tutor_ratings_for_many_tutors_cost_one_aggregation(
    store: ReviewStore, api: Api
) -> None:
    rows = [review(n, tutor=f"tutor-{n % 5:04d}", rating=n % 5 + 1) for n in range(1, 26)]
    await store.insert_many(rows)
    store.calls = 0
    tutor_ids = [f"tutor-{t:04d}" for t in range(8)]
    body = await api.call(ENTITIES, {"reps": reps("Tutor", *tutor_ids)})
    assert "errors" not in body
    assert store.calls == 1
    by_id = {e["id"]: e["rating"] for e in body["data"]["_entities"]}
    assert by_id["tutor-0001"]["count"] == 5
    assert by_id["tutor-0001"]["average"] == 2.0
    assert by_id["tutor-0001"]["histogram"] == [
        {"stars": s, "count": 5 if s == 2 else 0} for s in range(1, 6)
    ]
    assert by_id["tutor-0007"] == {
        "average": None,
        "count": 0,
        "histogram": [{"stars": s, "count": 0} for s in range(1, 6)],
    }


async def test_tutor_review_pages_for_many_tutors_cost_one_aggregation(
    store: ReviewStore, api: Api
) -> None:
    await store.insert_many([review(n, tutor=f"tutor-{n % 4:04d}") for n in range(1, 41)])
    store.calls = 0
    tutor_ids = [f"tutor-{t:04d}" for t in range(6)]
    body = await api.call(TUTOR_REVIEWS, {"reps": reps("Tutor", *tutor_ids), "first": 3})
    assert "errors" not in body
    assert store.calls == 1
    pages = {e["id"]: e["reviews"] for e in body["data"]["_entities"]}
    assert pages["tutor-0000"]["totalCount"] == 10
    # Newest first: review 40 is the latest of tutor-0000 (40 % 4 == 0).
    assert [e["node"]["id"] for e in pages["tutor-0000"]["edges"]] == [
        "review-t0040",
        "review-t0036",
        "review-t0032",
    ]
    assert pages["tutor-0005"] == {"totalCount": 0, "edges": []}


COURSE_REVIEWS = """
query ($reps: [_Any!]!, $first: Int!, $after: String) {
  _entities(representations: $reps) {
    ... on Course {
      id
      reviews(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id course { id } } }
      }
    }
  }
}
"""


async def test_course_ratings_for_many_courses_cost_one_aggregation(
    store: ReviewStore, api: Api
) -> None:
    rows = [review(n, course=f"course-{n % 5}", rating=n % 5 + 1) for n in range(1, 26)]
    # Tutor reviews with the same stars do not count for courses.
    rows += [review(n, tutor="tutor-0001", rating=1) for n in range(26, 31)]
    await store.insert_many(rows)
    store.calls = 0
    course_ids = [f"course-{c}" for c in range(8)]
    body = await api.call(ENTITIES, {"reps": reps("Course", *course_ids)})
    assert "errors" not in body
    assert store.calls == 1
    by_id = {e["id"]: e["rating"] for e in body["data"]["_entities"]}
    assert by_id["course-3"]["count"] == 5
    assert by_id["course-3"]["average"] == 4.0
    assert by_id["course-3"]["histogram"] == [
        {"stars": s, "count": 5 if s == 4 else 0} for s in range(1, 6)
    ]
    assert by_id["course-7"] == {
        "average": None,
        "count": 0,
        "histogram": [{"stars": s, "count": 0} for s in range(1, 6)],
    }


async def test_course_review_pages_for_many_courses_cost_one_aggregation(
    store: ReviewStore, api: Api
) -> None:
    await store.insert_many([review(n, course=f"course-{n % 4}") for n in range(1, 41)])
    await store.insert_many([review(n, tutor="tutor-0000") for n in range(41, 45)])
    store.calls = 0
    course_ids = [f"course-{c}" for c in range(6)]
    body = await api.call(COURSE_REVIEWS, {"reps": reps("Course", *course_ids), "first": 3})
    assert "errors" not in body
    assert store.calls == 1
    pages = {e["id"]: e["reviews"] for e in body["data"]["_entities"]}
    assert pages["course-0"]["totalCount"] == 10
    assert [e["node"]["id"] for e in pages["course-0"]["edges"]] == [
        "review-t0040",
        "review-t0036",
        "review-t0032",
    ]
    assert {e["node"]["course"]["id"] for e in pages["course-0"]["edges"]} == {"course-0"}
    assert pages["course-5"]["totalCount"] == 0
    # The next page goes on after the cursor.
    after = pages["course-0"]["pageInfo"]["endCursor"]
    more = await api.call(
        COURSE_REVIEWS, {"reps": reps("Course", "course-0"), "first": 3, "after": after}
    )
    [next_page] = more["data"]["_entities"]
    assert [e["node"]["id"] for e in next_page["reviews"]["edges"]] == [
        "review-t0028",
        "review-t0024",
        "review-t0020",
    ]


async def test_users_reviews_written_batch_into_one_aggregation(
    store: ReviewStore, api: Api
) -> None:
    rows = [review(n, tutor=f"tutor-{n:04d}", author=f"user-{n % 3:04d}") for n in range(1, 13)]
    await store.insert_many(rows)
    store.calls = 0
    body = await api.call(ENTITIES, {"reps": reps("User", "user-0000", "user-0001", "user-0099")})
    assert "errors" not in body
    assert store.calls == 1
    written = [e["reviewsWritten"] for e in body["data"]["_entities"]]
    assert [w["totalCount"] for w in written] == [4, 4, 0]
    assert [e["node"]["id"] for e in written[0]["edges"]] == ["review-t0012", "review-t0009"]


async def test_mixed_representations_resolve_in_order(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, tutor="tutor-0002"), review(2, course="course-9")])
    representations = [
        {"__typename": "User", "id": "user-1001"},
        {"__typename": "Review", "id": "review-t0001"},
        {"__typename": "Tutor", "id": "tutor-0002"},
        {"__typename": "Course", "id": "course-9"},
        {"__typename": "Review", "id": "review-t0002"},
    ]
    body = await api.call(ENTITIES, {"reps": representations})
    assert "errors" not in body
    found = body["data"]["_entities"]
    assert [e["__typename"] for e in found] == ["User", "Review", "Tutor", "Course", "Review"]
    assert found[1]["tutor"] == {"id": "tutor-0002"}
    assert found[1]["course"] is None
    assert found[2]["rating"]["count"] == 1
    assert found[3]["rating"]["count"] == 1
    assert (found[4]["tutor"], found[4]["course"]) == (None, {"id": "course-9"})
    assert found[0]["reviewsWritten"]["totalCount"] == 1


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Review"},
        {"__typename": "Tutor", "id": True},
        {"__typename": "User", "id": None},
        {"__typename": "Tutor", "name": "no id"},
        {"__typename": "Course", "id": ["course-7"]},
        {"__typename": "Course", "id": {"id": "course-7"}},
    ],
)
async def test_malformed_representation_is_bad_user_input(
    api: Api, representation: dict[str, object]
) -> None:
    body = await api.call(ENTITIES, {"reps": [representation]})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["data"]["_entities"] == [None]


async def test_fields_beyond_the_key_are_ignored_as_in_every_subgraph(api: Api) -> None:
    """A gateway may send more than the key (other keys, fields provided elsewhere)."""
    reps = [
        {"__typename": "Tutor", "id": "tutor-0001", "name": "extra"},
        {"__typename": "Course", "id": "course-7", "title": "extra"},
    ]
    body = await api.call(ENTITIES, {"reps": reps})
    assert "errors" not in body
    assert [e["id"] for e in body["data"]["_entities"]] == ["tutor-0001", "course-7"]


async def test_ids_of_another_shape_resolve_to_empty_stubs(store: ReviewStore, api: Api) -> None:
    store.calls = 0
    odd = ("\ud800bad", "x" * 300, "tutor-0001", "course-" + "9" * 65)
    body = await api.call(ENTITIES, {"reps": reps("Tutor", *odd[:2]) + reps("Course", *odd[1:])})
    assert "errors" not in body
    assert [e["rating"]["count"] for e in body["data"]["_entities"]] == [0] * 5
    assert store.calls == 0
