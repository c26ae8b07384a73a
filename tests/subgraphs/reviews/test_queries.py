"""The `review(id:)` root query."""

from __future__ import annotations

import pytest

from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Api, codes, review

pytestmark = pytest.mark.stores

QUERY = """
query ($id: ID!) {
  review(id: $id) { id rating comment createdAt author { id } tutor { id } }
}
"""


async def test_review_returns_every_field(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, tutor="tutor-0007", author="user-0300", rating=4)])
    body = await api.call(QUERY, {"id": "review-t0001"})
    assert "errors" not in body
    assert body["data"]["review"] == {
        "id": "review-t0001",
        "rating": 4,
        "comment": "Comment number 1.",
        "createdAt": "2026-06-01T13:00:00+00:00",
        "author": {"id": "user-0300"},
        "tutor": {"id": "tutor-0007"},
    }


@pytest.mark.parametrize("unknown", ["review-nope", "not-a-review", "", "review-" + "x" * 500])
async def test_review_of_unknown_id_is_null_not_error(
    store: ReviewStore, api: Api, unknown: str
) -> None:
    await store.insert_many([review(1)])
    body = await api.call(QUERY, {"id": unknown})
    assert body == {"data": {"review": None}}


async def test_review_with_invalid_variable_is_coded_error(api: Api) -> None:
    body = await api.call(QUERY, {"id": {"nested": 1}})
    assert body["data"] is None
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] or codes(body) == ["BAD_USER_INPUT"]
