"""`submitReview` and `deleteReview`: auth, validation, one review per author and tutor, and
only by a student who had a lesson with the tutor (asked of the real scheduling subgraph)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pymongo.errors import DuplicateKeyError

from shared.auth import Viewer, issue_token
from shared.identity import SECRET_HEADER as SECRET
from subgraphs.reviews.app import build_app
from subgraphs.reviews.lessons import SchedulingLessons
from subgraphs.reviews.migrations import INDEXES
from subgraphs.reviews.store import ReviewStore
from subgraphs.scheduling.model import BookingStatus
from tests.subgraphs.reviews.helpers import Api, Lessons, codes, review
from tests.subgraphs.stalling import stalling_proxy
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


async def test_submit_review_stores_trimmed_review_by_viewer(
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0042")
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


async def test_submitted_review_is_readable_and_counted(api: Api, lessons: Lessons) -> None:
    await lessons.add("user-0500", "tutor-0042")
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
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": f"input.{field}",
    }
    assert body["errors"][0]["message"].startswith(f"input.{field} ")
    assert body["data"] is None
    assert await store.count() == 0


async def test_submit_review_accepts_longest_comment_after_trimming(
    api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0042")
    comment = "  " + "y" * 2000 + "  "
    body = await api.call(SUBMIT, {"input": submission(comment=comment)}, as_user="user-0500")
    assert "errors" not in body
    assert len(body["data"]["submitReview"]["comment"]) == 2000


async def test_second_review_of_same_tutor_is_conflict(
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0042")
    await lessons.add("user-0500", "tutor-0043")
    await lessons.add("user-0501", "tutor-0042")
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


async def test_concurrent_duplicate_submits_store_exactly_one(
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0600", "tutor-0042")
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
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0042")
    made = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    review_id = made["data"]["submitReview"]["id"]
    await api.call(DELETE, {"id": review_id}, as_user="user-0500")
    again = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert "errors" not in again
    assert await store.count() == 1


async def test_a_student_without_a_lesson_with_the_tutor_may_not_review(
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0043")  # another tutor
    await lessons.add("user-0501", "tutor-0042")  # another student
    body = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert codes(body) == ["FORBIDDEN"]
    assert "lesson" in body["errors"][0]["message"]
    assert await store.count() == 0


@pytest.mark.parametrize(
    ("ended_ago", "status"),
    [
        (timedelta(minutes=-30), BookingStatus.CONFIRMED),  # still going on
        (timedelta(days=-3), BookingStatus.CONFIRMED),  # booked, in the future
        (timedelta(hours=5), BookingStatus.CANCELLED),  # over, but it never took place
    ],
    ids=["in-progress", "future", "cancelled"],
)
async def test_only_a_confirmed_lesson_that_has_ended_counts(
    store: ReviewStore,
    api: Api,
    lessons: Lessons,
    ended_ago: timedelta,
    status: BookingStatus,
) -> None:
    await lessons.add("user-0500", "tutor-0042", ended_ago=ended_ago, status=status)
    body = await api.call(SUBMIT, {"input": submission()}, as_user="user-0500")
    assert codes(body) == ["FORBIDDEN"]
    assert await store.count() == 0


async def test_a_tutor_cannot_review_themself_through_lessons_they_gave(
    store: ReviewStore, api: Api, lessons: Lessons
) -> None:
    # user-0042 owns tutor-0042 and taught this lesson: a lesson given is not a lesson had.
    await lessons.add("user-0500", "tutor-0042")
    body = await api.call(SUBMIT, {"input": submission()}, as_user="user-0042", role="TUTOR")
    assert codes(body) == ["FORBIDDEN"]
    assert await store.count() == 0


async def test_once_per_tutor_is_the_stores_unique_index_not_only_code(
    store: ReviewStore,
) -> None:
    [unique] = [spec for spec in INDEXES if spec.unique]
    assert unique.keys == (("authorId", 1), ("tutorId", 1), ("courseId", 1))
    info = await store._reviews.index_information()
    assert info[unique.name]["unique"] is True
    tutor_review = {"authorId": "user-1", "tutorId": "tutor-1", "courseId": None}
    await store._reviews.insert_one({"_id": "review-a", **tutor_review})
    with pytest.raises(DuplicateKeyError):
        await store._reviews.insert_one({"_id": "review-b", **tutor_review})
    # A document written before courses existed has no courseId: the same as null to the index.
    with pytest.raises(DuplicateKeyError):
        await store._reviews.insert_one(
            {"_id": "review-c", "authorId": "user-1", "tutorId": "tutor-1"}
        )


async def test_scheduling_not_answering_is_service_unavailable_and_writes_nothing(
    store: ReviewStore, gateway_secret: str, scheduling_url: str, lessons: Lessons
) -> None:
    await lessons.add("user-0500", "tutor-0042")
    with stalling_proxy(None) as silent:
        history = SchedulingLessons(
            f"http://127.0.0.1:{silent.port}/graphql", gateway_secret, timeout=1
        )
        app = build_app(store=store, secret=gateway_secret, lessons=history)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://r") as client:
                body = await Api(client=client, secret=gateway_secret).call(
                    SUBMIT, {"input": submission()}, as_user="user-0500"
                )
        finally:
            await history.close()
    assert codes(body) == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["extensions"]["store"] == "scheduling"
    assert await store.count() == 0
