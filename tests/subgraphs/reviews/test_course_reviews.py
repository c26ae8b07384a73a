"""`reviewCourse`: auth, validation, once per author and course, editing rules as for tutor
reviews, and only by a student enrolled in the course with a lesson completed (asked of
learning over HTTP)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from subgraphs.reviews.app import build_app
from subgraphs.reviews.enrollments import LearningEnrollments
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Api, Enrollments, Lessons, codes
from tests.subgraphs.stalling import stalling_proxy
from tests.support.servers import free_port

pytestmark = pytest.mark.stores

REVIEW_COURSE = """
mutation ($input: ReviewCourseInput!) {
  reviewCourse(input: $input) {
    id rating comment createdAt author { id } tutor { id } course { id }
  }
}
"""
SUBMIT = "mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id } }"
DELETE = "mutation ($id: ID!) { deleteReview(id: $id) }"
COURSE = """
query ($id: ID!) {
  _entities(representations: [{__typename: "Course", id: $id}]) {
    ... on Course { rating { average count } reviews { totalCount edges { node { id } } } }
  }
}
"""


def course_review(**overrides: object) -> dict[str, object]:
    return {"courseId": "course-7", "rating": 4, "comment": "  Well paced.  ", **overrides}


async def test_enrolled_student_with_a_lesson_done_reviews_the_course(
    store: ReviewStore, api: Api, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    body = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
    assert "errors" not in body, body
    made = body["data"]["reviewCourse"]
    assert made["id"].startswith("review-")
    assert (made["rating"], made["comment"]) == (4, "Well paced.")
    assert made["author"] == {"id": "user-0500"}
    assert made["course"] == {"id": "course-7"}
    assert made["tutor"] is None
    stored = (await store.reviews_by_id([made["id"]]))[made["id"]]
    assert (stored.course_id, stored.tutor_id) == ("course-7", None)
    read = await api.call(COURSE, {"id": "course-7"})
    [course] = read["data"]["_entities"]
    assert course["rating"] == {"average": 4.0, "count": 1}
    assert course["reviews"]["totalCount"] == 1
    assert course["reviews"]["edges"] == [{"node": {"id": made["id"]}}]
    # A course review is not the course author's review as a tutor.
    tutor = await api.call(
        """{ _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
             ... on Tutor { rating { count } } } }"""
    )
    assert tutor["data"]["_entities"] == [{"rating": {"count": 0}}]


@pytest.mark.parametrize(
    ("enrolled_in", "completed"),
    [(None, 0), ("course-7", 0), ("course-8", 3)],
    ids=["not-enrolled", "nothing-completed", "enrolled-elsewhere"],
)
async def test_course_review_needs_enrollment_and_a_completed_lesson(
    store: ReviewStore,
    api: Api,
    enrollments: Enrollments,
    enrolled_in: str | None,
    completed: int,
) -> None:
    if enrolled_in is not None:
        await enrollments.enroll("user-0500", enrolled_in, completed=completed)
    await enrollments.enroll("user-0501", "course-7", completed=2)  # another student
    body = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
    assert codes(body) == ["FORBIDDEN"]
    assert "completed at least one" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["courseId"] == "course-7"
    assert enrollments.asked == 1
    assert await store.count() == 0


async def test_a_finished_course_may_be_reviewed(api: Api, enrollments: Enrollments) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=5, lessons=5)
    body = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
    assert "errors" not in body


async def test_course_review_without_sign_in_is_unauthenticated(
    store: ReviewStore, api: Api, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    body = await api.call(REVIEW_COURSE, {"input": course_review()})
    assert codes(body) == ["UNAUTHENTICATED"]
    assert enrollments.asked == 0
    assert await store.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"comment": " \n "}, "comment"),
        ({"comment": "x" * 2001}, "comment"),
        ({"comment": "nul \x00 inside"}, "comment"),
        ({"courseId": "tutor-0001"}, "courseId"),
        ({"courseId": "course-"}, "courseId"),
        ({"courseId": "course-7; drop"}, "courseId"),
        ({"courseId": "course-" + "1" * 65}, "courseId"),
    ],
)
async def test_course_review_rejects_bad_input_before_asking_learning(
    store: ReviewStore,
    api: Api,
    enrollments: Enrollments,
    overrides: dict[str, object],
    field: str,
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    body = await api.call(REVIEW_COURSE, {"input": course_review(**overrides)}, as_user="user-0500")
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == f"input.{field}"
    assert enrollments.asked == 0
    assert await store.count() == 0


async def test_once_per_course_but_many_courses_and_tutors(
    store: ReviewStore, api: Api, enrollments: Enrollments, lessons: Lessons
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    await enrollments.enroll("user-0500", "course-8", completed=1)
    await enrollments.enroll("user-0501", "course-7", completed=1)
    await lessons.add("user-0500", "tutor-0042")
    first = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
    assert "errors" not in first
    again = await api.call(REVIEW_COURSE, {"input": course_review(rating=1)}, as_user="user-0500")
    assert codes(again) == ["CONFLICT"]
    assert "already reviewed this course" in again["errors"][0]["message"]
    assert again["errors"][0]["extensions"]["courseId"] == "course-7"
    # Each course and each tutor is a target of its own: every course review holds a null
    # tutor, and that must not make two of them collide.
    other_course = await api.call(
        REVIEW_COURSE, {"input": course_review(courseId="course-8")}, as_user="user-0500"
    )
    a_tutor = await api.call(
        SUBMIT,
        {"input": {"tutorId": "tutor-0042", "rating": 5, "comment": "Good."}},
        as_user="user-0500",
    )
    other_author = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0501")
    assert [codes(b) for b in (other_course, a_tutor, other_author)] == [[], [], []]
    assert await store.count() == 4
    assert await store.count({"authorId": "user-0500", "courseId": {"$ne": None}}) == 2


async def test_concurrent_duplicate_course_reviews_store_exactly_one(
    store: ReviewStore, api: Api, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0600", "course-7", completed=2)
    bodies = await asyncio.gather(
        *(
            api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0600")
            for _ in range(8)
        )
    )
    outcomes = sorted("ok" if "errors" not in b else codes(b)[0] for b in bodies)
    assert outcomes == ["CONFLICT"] * 7 + ["ok"]
    assert await store.count({"authorId": "user-0600", "courseId": "course-7"}) == 1


@pytest.mark.parametrize(
    ("deleter", "role", "outcome"),
    [
        ("user-0500", "STUDENT", True),
        ("user-0900", "ADMIN", True),
        ("user-0501", "STUDENT", False),
        ("user-0007", "TUTOR", False),
    ],
    ids=["author", "admin", "other-student", "a-tutor"],
)
async def test_course_review_is_deleted_by_its_author_or_an_admin(
    store: ReviewStore,
    api: Api,
    enrollments: Enrollments,
    deleter: str,
    role: str,
    outcome: bool,
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    made = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
    review_id = made["data"]["reviewCourse"]["id"]
    body = await api.call(DELETE, {"id": review_id}, as_user=deleter, role=role)
    if outcome:
        assert body == {"data": {"deleteReview": True}}
        assert await store.count() == 0
        # Deleted, the author may review the course again.
        again = await api.call(REVIEW_COURSE, {"input": course_review()}, as_user="user-0500")
        assert "errors" not in again
    else:
        assert codes(body) == ["FORBIDDEN"]
        assert await store.count() == 1


async def _review_course_against(url: str, store: ReviewStore, secret: str) -> dict[str, Any]:
    progress = LearningEnrollments(url, secret, timeout=1)
    app = build_app(store=store, secret=secret, enrollments=progress)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://r") as client:
            return await Api(client=client, secret=secret).call(
                REVIEW_COURSE, {"input": course_review()}, as_user="user-0500"
            )
    finally:
        await progress.close()


async def test_learning_not_answering_is_service_unavailable_and_writes_nothing(
    store: ReviewStore, gateway_secret: str, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-7", completed=1)
    with stalling_proxy(None) as silent:
        body = await _review_course_against(
            f"http://127.0.0.1:{silent.port}/graphql", store, gateway_secret
        )
    assert codes(body) == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["extensions"]["store"] == "learning"
    assert "enrollment" in body["errors"][0]["message"]
    assert await store.count() == 0


async def test_learning_refusing_the_question_is_service_unavailable(
    store: ReviewStore, gateway_secret: str, learning_url: str, enrollments: Enrollments
) -> None:
    # Asked without the shared secret learning trusts, learning sees no viewer and refuses:
    # reviews fails closed.
    await enrollments.enroll("user-0500", "course-7", completed=1)
    progress = LearningEnrollments(learning_url, "w" * 48, timeout=5)
    app = build_app(store=store, secret=gateway_secret, enrollments=progress)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://r") as client:
            body = await Api(client=client, secret=gateway_secret).call(
                REVIEW_COURSE, {"input": course_review()}, as_user="user-0500"
            )
    finally:
        await progress.close()
    assert codes(body) == ["SERVICE_UNAVAILABLE"]
    assert await store.count() == 0


async def test_learning_down_is_service_unavailable(
    store: ReviewStore, gateway_secret: str
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}/graphql"
    body = await _review_course_against(nobody, store, gateway_secret)
    assert codes(body) == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["extensions"]["store"] == "learning"
    assert await store.count() == 0
