"""`submitReview` and `deleteReview`: auth, validation, one review per author and tutor."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from shared.auth import Viewer, issue_token
from shared.identity import SECRET_HEADER as SECRET
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Api, codes, review
from tests.support.identity import gateway_identity_headers

pytestmark = pytest.mark.stores

SUBMIT = """
mutation ($input: SubmitReviewInput!) {
  submitReview(input: $input) { id rating comment createdAt author { id } tutor { id } }
}
"""
DELETE = "mutation ($id: ID!) { deleteReview(id: $id) }"


def submission(**overrides: object) -> dict[str, object]:
    return {"tutorId": "tutor-0042", "rating": 5, "comment": "  Very clear lessons.  ", **overrides}


async def test_submit_review_stores_trimmed_review_by_viewer(store: ReviewStore, api: Api) -> None:
    before = datetime.now(UTC)
    body = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert "errors" not in body
    made = body["data"]["submitReview"]
    assert made["id"].startswith("review-")
    assert made["rating"] == 5
    assert made["comment"] == "Very clear lessons."
    assert made["author"] == {"id": "user-0500"}
    assert made["tutor"] == {"id": "tutor-0042"}
    created = datetime.fromisoformat(made["createdAt"])
    assert created.tzinfo is not None
    assert before.replace(microsecond=0) <= created <= datetime.now(UTC)
    stored = await store.reviews_by_id([made["id"]])
    assert stored[made["id"]].comment == "Very clear lessons."
    assert stored[made["id"]].author_id == "user-0500"


async def test_submitted_review_is_readable_and_counted(api: Api) -> None:
    made = await api.call(SUBMIT, {"input": submission(rating=3)}, as_user="user-0500")
    review_id = made["data"]["submitReview"]["id"]
    read = await api.call("query ($id: ID!) { review(id: $id) { id rating } }", {"id": review_id})
    assert read["data"]["review"] == {"id": review_id, "rating": 3}
    rating = await api.call(
        """{ _entities(representations: [{__typename: "Tutor", id: "tutor-0042"}]) {
             ... on Tutor { rating { average count } } } }"""
    )
    assert rating["data"]["_entities"] == [{"rating": {"average": 3.0, "count": 1}}]


async def test_submit_review_without_sign_in_is_unauthenticated(
    store: ReviewStore, api: Api
) -> None:
    body = await api.call(SUBMIT, {"input": submission()})
    assert codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None
    assert await store.count() == 0


async def test_submit_review_with_forged_identity_is_unauthenticated(
    store: ReviewStore, api: Api, jwt_secret: str
) -> None:
    viewer = Viewer(user_id="user-0500", role="STUDENT")
    for headers in (
        {"Authorization": "Bearer not.a.jwt"},
        # A real token sent straight to the subgraph is not the gateway's word.
        {"Authorization": f"Bearer {issue_token(viewer, jwt_secret)}"},
        # Claims need the gateway's secret next to them.
        gateway_identity_headers(viewer, "f" * 48),
        {k: v for k, v in gateway_identity_headers(viewer, api.secret).items() if k != SECRET},
    ):
        response = await api.client.post(
            "/graphql",
            json={"query": SUBMIT, "variables": {"input": submission()}},
            headers=headers,
        )
        assert codes(response.json()) == ["UNAUTHENTICATED"]
    assert await store.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": -1}, "rating"),
        ({"comment": ""}, "comment"),
        ({"comment": " \n\t "}, "comment"),
        ({"comment": "x" * 2001}, "comment"),
        ({"comment": "nul \x00 inside"}, "comment"),
        ({"comment": "lone \ud800 surrogate"}, "comment"),
        ({"tutorId": "user-0001"}, "tutorId"),
        ({"tutorId": "tutor-"}, "tutorId"),
        ({"tutorId": "tutor-0001; drop"}, "tutorId"),
        ({"tutorId": "tutor-" + "1" * 65}, "tutorId"),
    ],
)
async def test_submit_review_rejects_bad_input_and_writes_nothing(
    store: ReviewStore, api: Api, overrides: dict[str, object], field: str
) -> None:
    body = await api.call(SUBMIT, {"input": submission(**overrides)}, as_user="user-0500")
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field
    assert body["data"] is None
    assert await store.count() == 0


async def test_submit_review_accepts_longest_comment_after_trimming(api: Api) -> None:
    comment = "  " + "y" * 2000 + "  "
    body = await api.call(SUBMIT, {"input": submission(comment=comment)}, as_user="user-0500")
    assert "errors" not in body
    assert len(body["data"]["submitReview"]["comment"]) == 2000


async def test_second_review_of_same_tutor_is_conflict(store: ReviewStore, api: Api) -> None:
    first = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert "errors" not in first
    again = await api.call(SUBMIT, {"input": submission(rating=1)}, as_user="user-0500")
    assert codes(again) == ["CONFLICT"]
    assert await store.count() == 1
    other_tutor = await api.call(
        SUBMIT, {"input": submission(tutorId="tutor-0043")}, as_user="user-0500"
    )
    other_author = await api.call(SUBMIT, {"input": submission()}, as_user="user-0501")
    assert "errors" not in other_tutor
    assert "errors" not in other_author
    assert await store.count() == 3


async def test_concurrent_duplicate_submits_store_exactly_one(store: ReviewStore, api: Api) -> None:
    bodies = await asyncio.gather(
        *(api.call(SUBMIT, {"input": submission()}, as_user="user-0600") for _ in range(8))
    )
    outcomes = sorted("ok" if "errors" not in b else codes(b)[0] for b in bodies)
    assert outcomes == ["CONFLICT"] * 7 + ["ok"]
    assert await store.count({"authorId": "user-0600", "tutorId": "tutor-0042"}) == 1


async def test_author_deletes_own_review(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, author="user-0500")])
    body = await api.call(DELETE, {"id": "review-t0001"}, as_user="user-0500")
    assert body == {"data": {"deleteReview": True}}
    assert await store.count() == 0


async def test_admin_deletes_any_review(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, author="user-0500")])
    body = await api.call(DELETE, {"id": "review-t0001"}, as_user="user-1001", role="ADMIN")
    assert body == {"data": {"deleteReview": True}}
    assert await store.count() == 0


async def test_other_user_may_not_delete_review(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, author="user-0500")])
    body = await api.call(DELETE, {"id": "review-t0001"}, as_user="user-0501", role="TUTOR")
    assert codes(body) == ["FORBIDDEN"]
    assert await store.count() == 1


async def test_delete_review_needs_sign_in(store: ReviewStore, api: Api) -> None:
    await store.insert_many([review(1, author="user-0500")])
    body = await api.call(DELETE, {"id": "review-t0001"})
    assert codes(body) == ["UNAUTHENTICATED"]
    assert await store.count() == 1


@pytest.mark.parametrize("unknown", ["review-t9999", "garbage", ""])
async def test_delete_unknown_review_is_not_found(api: Api, unknown: str) -> None:
    body = await api.call(DELETE, {"id": unknown}, as_user="user-0500")
    assert codes(body) == ["NOT_FOUND"]


async def test_deleted_review_frees_the_author_to_review_again(
    store: ReviewStore, api: Api
) -> None:
    made = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    review_id = made["data"]["submitReview"]["id"]
    await api.call(DELETE, {"id": review_id}, as_user="user-0500")
    again = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert "errors" not in again
    assert await store.count() == 1
