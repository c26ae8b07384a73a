"""`Tutor.reviews` and `User.reviewsWritten`: newest first, cursors over (createdAt, id)."""

from __future__ import annotations

from typing import Any

import pytest

from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import T0, Api, codes, review

pytestmark = pytest.mark.stores

TUTOR_PAGE = """
query ($id: ID!, $first: Int!, $after: String) {
  _entities(representations: [{__typename: "Tutor", id: $id}]) {
    ... on Tutor {
      reviews(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id createdAt } }
      }
    }
  }
}
"""
DEFAULT_PAGE = """
{ _entities(representations: [{__typename: "User", id: "user-0001"}]) {
    ... on User { reviewsWritten { totalCount edges { node { id } } } } } }
"""


async def tutor_page(api: Api, first: int, after: str | None = None) -> dict[str, Any]:
    body = await api.call(TUTOR_PAGE, {"id": "tutor-0001", "first": first, "after": after})
    assert "errors" not in body, body
    page: dict[str, Any] = body["data"]["_entities"][0]["reviews"]
    return page


async def test_walking_pages_visits_every_review_once_newest_first(
    store: ReviewStore, api: Api
) -> None:
    # Five share one timestamp, so the id must break ties for the cursor to be exact.
    rows = [review(n) for n in range(1, 21)] + [review(n, at=T0) for n in range(21, 26)]
    rows.append(review(99, tutor="tutor-0002"))
    await store.insert_many(rows)
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await tutor_page(api, 4, after)
        assert page["totalCount"] == 25
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    expected = [f"review-t{n:04d}" for n in range(20, 0, -1)]
    expected += [f"review-t{n:04d}" for n in range(25, 20, -1)]
    assert seen == expected


async def test_last_page_has_no_next_page(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(n) for n in range(1, 4)])
    page = await tutor_page(api, 3)
    assert page["pageInfo"]["hasNextPage"] is False
    assert len(page["edges"]) == 3


async def test_first_zero_returns_only_the_total(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(n) for n in range(1, 4)])
    page = await tutor_page(api, 0)
    assert page == {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": True, "endCursor": None},
        "edges": [],
    }


async def test_default_page_size_is_twenty(store: ReviewStore, api: Api) -> None:
    rows = [review(n, tutor=f"tutor-{n:04d}", author="user-0001") for n in range(1, 26)]
    await store.insert_many(rows)
    body = await api.call(DEFAULT_PAGE)
    written = body["data"]["_entities"][0]["reviewsWritten"]
    assert written["totalCount"] == 25
    assert len(written["edges"]) == 20
    assert written["edges"][0]["node"]["id"] == "review-t0025"


@pytest.mark.parametrize("first", [101, -1, 2**31 - 1])
async def test_page_size_out_of_bounds_is_bad_user_input(api: Api, first: int) -> None:
    body = await api.call(TUTOR_PAGE, {"id": "tutor-0001", "first": first})
    assert codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "cursor", ["", "nonsense", "e30=", "WyJub3QtYS1kYXRlIiwgInJldmlldy0xIl0=", "W10=", "%%%"]
)
async def test_foreign_cursor_is_bad_user_input(api: Api, cursor: str) -> None:
    body = await api.call(TUTOR_PAGE, {"id": "tutor-0001", "first": 2, "after": cursor})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "after"
