"""`_entities` for Review, Tutor and User: batching, unknown ids and malformed representations."""

from __future__ import annotations

import pytest

from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Api, codes, review

pytestmark = pytest.mark.stores

ENTITIES = """
query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    __typename
    ... on Review { id stars: rating tutor { id } }
    ... on Tutor { id rating { average count histogram { stars count } } }
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
    await store.insert_many([review(1, tutor="tutor-0002")])
    representations = [
        {"__typename": "User", "id": "user-1001"},
        {"__typename": "Review", "id": "review-t0001"},
        {"__typename": "Tutor", "id": "tutor-0002"},
    ]
    body = await api.call(ENTITIES, {"reps": representations})
    assert "errors" not in body
    found = body["data"]["_entities"]
    assert [e["__typename"] for e in found] == ["User", "Review", "Tutor"]
    assert found[1]["tutor"] == {"id": "tutor-0002"}
    assert found[2]["rating"]["count"] == 1
    assert found[0]["reviewsWritten"]["totalCount"] == 1


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Review"},
        {"__typename": "Tutor", "id": 12},
        {"__typename": "User", "id": None},
        {"__typename": "Tutor", "id": "tutor-0001", "name": "extra"},
    ],
)
async def test_malformed_representation_is_bad_user_input(
    api: Api, representation: dict[str, object]
) -> None:
    body = await api.call(ENTITIES, {"reps": [representation]})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["data"]["_entities"] == [None]


async def test_ids_of_another_shape_resolve_to_empty_stubs(store: ReviewStore, api: Api) -> None:
    store.calls = 0
    body = await api.call(ENTITIES, {"reps": reps("Tutor", "\ud800bad", "x" * 300)})
    assert "errors" not in body
    assert [e["rating"]["count"] for e in body["data"]["_entities"]] == [0, 0]
    assert store.calls == 0
