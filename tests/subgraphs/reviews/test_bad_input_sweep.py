"""Every argument reviews parses (page sizes, cursors, review input), given a bad value, is
BAD_USER_INPUT naming that argument; a cursor around an id reviews never gives out is refused,
not read as the first page."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from shared.auth import Viewer
from subgraphs.reviews.app import build_app
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.sweep import BadInput, assert_names_argument, call
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

STUDENT = Viewer(user_id="user-0500", role="STUDENT")
TUTOR_REVIEWS = """query($first: Int!, $after: String) {
  _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
    ... on Tutor { reviews(first: $first, after: $after) { totalCount } } } }"""
COURSE_REVIEWS = """query($first: Int!, $after: String) {
  _entities(representations: [{__typename: "Course", id: "course-1"}]) {
    ... on Course { reviews(first: $first, after: $after) { totalCount } } } }"""
WRITTEN = """query($first: Int!, $after: String) {
  _entities(representations: [{__typename: "User", id: "user-0500"}]) {
    ... on User { reviewsWritten(first: $first, after: $after) { totalCount } } } }"""
SUBMIT = "mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }"
REVIEW_COURSE = "mutation($input: ReviewCourseInput!) { reviewCourse(input: $input) { id } }"


def cursor(created: object, review_id: object) -> str:
    return base64.urlsafe_b64encode(json.dumps([created, review_id]).encode()).decode()


def page(first: int = 5, after: str | None = None) -> dict[str, object]:
    return {"first": first, "after": after}


def review(**fields: object) -> dict[str, object]:
    return {"input": {"tutorId": "tutor-0001", "rating": 5, "comment": "Good.", **fields}}


def course_review(**fields: object) -> dict[str, object]:
    return {"input": {"courseId": "course-1", "rating": 5, "comment": "Good.", **fields}}


WHEN = "2026-06-01T12:00:00+00:00"
CASES = [
    BadInput(query=TUTOR_REVIEWS, variables=page(first=-1), argument="first"),
    BadInput(query=TUTOR_REVIEWS, variables=page(first=101), argument="first"),
    BadInput(query=TUTOR_REVIEWS, variables=page(after="garbage"), argument="after"),
    BadInput(query=TUTOR_REVIEWS, variables=page(after=cursor(WHEN, 7)), argument="after"),
    BadInput(
        query=TUTOR_REVIEWS,
        variables=page(after=cursor("2026-06-01T12:00:00", "review-1")),
        argument="after",
    ),
    BadInput(
        query=TUTOR_REVIEWS, variables=page(after=cursor("yesterday", "review-1")), argument="after"
    ),
    # Well-formed, but around ids reviews never issues: once silently the first page.
    BadInput(query=TUTOR_REVIEWS, variables=page(after=cursor(WHEN, "!!!")), argument="after"),
    BadInput(query=TUTOR_REVIEWS, variables=page(after=cursor(WHEN, "")), argument="after"),
    BadInput(
        query=TUTOR_REVIEWS, variables=page(after=cursor(WHEN, "tutor-0001")), argument="after"
    ),
    BadInput(query=WRITTEN, variables=page(first=1000), argument="first"),
    BadInput(query=WRITTEN, variables=page(after=cursor(WHEN, "review-\x00")), argument="after"),
    BadInput(query=SUBMIT, variables=review(rating=9), argument="input.rating", viewer=STUDENT),
    BadInput(query=SUBMIT, variables=review(rating=0), argument="input.rating", viewer=STUDENT),
    BadInput(
        query=SUBMIT, variables=review(comment="  "), argument="input.comment", viewer=STUDENT
    ),
    BadInput(
        query=SUBMIT, variables=review(comment="x" * 2001), argument="input.comment", viewer=STUDENT
    ),
    BadInput(
        query=SUBMIT, variables=review(comment="nul\x00"), argument="input.comment", viewer=STUDENT
    ),
    BadInput(
        query=SUBMIT,
        variables=review(tutorId="user-0001"),
        argument="input.tutorId",
        viewer=STUDENT,
    ),
    BadInput(
        query=SUBMIT, variables=review(tutorId="tutor-"), argument="input.tutorId", viewer=STUDENT
    ),
    BadInput(query=COURSE_REVIEWS, variables=page(first=-1), argument="first"),
    BadInput(query=COURSE_REVIEWS, variables=page(after="garbage"), argument="after"),
    BadInput(
        query=COURSE_REVIEWS, variables=page(after=cursor(WHEN, "course-1")), argument="after"
    ),
    BadInput(
        query=REVIEW_COURSE,
        variables=course_review(rating=7),
        argument="input.rating",
        viewer=STUDENT,
    ),
    BadInput(
        query=REVIEW_COURSE,
        variables=course_review(comment=""),
        argument="input.comment",
        viewer=STUDENT,
    ),
    BadInput(
        query=REVIEW_COURSE,
        variables=course_review(courseId="tutor-0001"),
        argument="input.courseId",
        viewer=STUDENT,
    ),
    BadInput(
        query=REVIEW_COURSE,
        variables=course_review(courseId="course-\x00"),
        argument="input.courseId",
        viewer=STUDENT,
    ),
]


@pytest.fixture(scope="module")
def url(settings: Settings, gateway_secret: str) -> Iterator[str]:
    with serve_in_thread(build_app(settings, secret=gateway_secret)) as base:
        yield f"{base}/graphql"


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{c.argument}" for n, c in enumerate(CASES)])
def test_a_bad_argument_is_bad_user_input_naming_it(
    url: str, gateway_secret: str, store: ReviewStore, case: BadInput
) -> None:
    assert_names_argument(call(url, gateway_secret, case), case.argument)
