"""Writing courses: tutors create drafts for themselves (admins for anyone), only the author or
an admin edits, lessons append in order, and only a course with lessons is published."""

from __future__ import annotations

from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import (
    ADMIN,
    AUTHOR,
    AUTHOR_USER,
    NOW,
    OTHER_TUTOR,
    STUDENT,
    codes,
    put_course,
    run,
)

pytestmark = pytest.mark.stores

CREATE = """mutation($input: CreateCourseInput!) {
  createCourse(input: $input) {
    id title description level price { amount currency } published createdAt
    lessons { id } lessonCount tutor { id } subject { id }
  }
}"""
UPDATE = """mutation($id: ID!, $input: UpdateCourseInput!) {
  updateCourse(id: $id, input: $input) { id title description level price { amount currency } }
}"""
ADD = """mutation($course: ID!, $input: AddLessonInput!) {
  addLesson(courseId: $course, input: $input) { id position title content durationMinutes }
}"""
PUBLISH = "mutation($id: ID!) { publishCourse(id: $id) { id published lessonCount } }"
LESSONS = '{ course(id: "%s") { lessons { position title } lessonCount } }'


def new_course(**overrides: Any) -> dict[str, Any]:
    return {
        "input": {
            "subjectId": "subject-algebra",
            "title": "  Algebra from scratch  ",
            "level": "BEGINNER",
            "price": "49.50",
            **overrides,
        }
    }


async def test_a_tutor_creates_a_draft_for_their_own_profile(
    store: Store, signing_secret: bytes
) -> None:
    result = await run(store, CREATE, new_course(), viewer=AUTHOR_USER, secret=signing_secret)
    assert result.errors is None
    course = result.data["createCourse"]
    assert course["id"].startswith("course-")
    assert course["title"] == "Algebra from scratch"
    assert course["description"] == ""
    assert course["price"] == {"amount": "49.50", "currency": "USD"}
    assert (course["published"], course["lessons"], course["lessonCount"]) == (False, [], 0)
    assert course["tutor"] == {"id": AUTHOR}
    assert course["subject"] == {"id": "subject-algebra"}
    assert course["createdAt"] == NOW.isoformat()
    stored = (await store.courses_by_id([course["id"]]))[course["id"]]
    assert (stored.tutor_id, stored.price_minor, stored.published) == (AUTHOR, 4950, False)


@pytest.mark.parametrize(
    ("viewer", "tutor_id", "code"),
    [
        (None, None, "UNAUTHENTICATED"),
        (STUDENT, None, "FORBIDDEN"),
        (AUTHOR_USER, "tutor-0008", "FORBIDDEN"),
        (ADMIN, None, "BAD_USER_INPUT"),
    ],
    ids=["anonymous", "student", "someone-elses-profile", "admin-without-tutor"],
)
async def test_who_may_create_a_course(
    store: Store, signing_secret: bytes, viewer: Viewer | None, tutor_id: str | None, code: str
) -> None:
    variables = new_course(**({"tutorId": tutor_id} if tutor_id else {}))
    result = await run(store, CREATE, variables, viewer=viewer, secret=signing_secret)
    assert codes(result) == [code]
    assert result.data is None
    assert await store.courses_by(tutor_ids=[AUTHOR, "tutor-0008"], every_draft=True) == {
        AUTHOR: (),
        "tutor-0008": (),
    }


async def test_an_admin_creates_a_course_for_the_tutor_they_name(
    store: Store, signing_secret: bytes
) -> None:
    variables = new_course(tutorId="tutor-0042")
    result = await run(store, CREATE, variables, viewer=ADMIN, secret=signing_secret)
    assert result.errors is None
    assert result.data["createCourse"]["tutor"] == {"id": "tutor-0042"}


@pytest.mark.parametrize(
    ("overrides", "argument"),
    [
        ({"title": "   "}, "input.title"),
        ({"title": "x" * 201}, "input.title"),
        ({"title": "nul\x00"}, "input.title"),
        ({"description": "d" * 5001}, "input.description"),
        ({"price": "0"}, "input.price"),
        ({"price": "12.345"}, "input.price"),
        ({"price": "1e9"}, "input.price"),
        ({"price": "twelve"}, "input.price"),
        ({"currency": "JPY"}, "input.currency"),
        ({"subjectId": "algebra"}, "input.subjectId"),
        ({"tutorId": "user-0007"}, "input.tutorId"),
    ],
)
async def test_bad_course_input_names_the_argument(
    store: Store, signing_secret: bytes, overrides: dict[str, Any], argument: str
) -> None:
    result = await run(
        store, CREATE, new_course(**overrides), viewer=AUTHOR_USER, secret=signing_secret
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    [error] = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT", "argument": argument}
    assert error.message.startswith(argument)


async def test_the_author_and_admins_update_a_course_others_may_not(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    change = {"id": "course-1", "input": {"title": "Algebra II", "price": "60", "level": "EXPERT"}}
    mine = await run(store, UPDATE, change, viewer=AUTHOR_USER, secret=signing_secret)
    assert mine.errors is None
    assert mine.data["updateCourse"] == {
        "id": "course-1",
        "title": "Algebra II",
        "description": "Linear equations, step by step.",
        "level": "EXPERT",
        "price": {"amount": "60.00", "currency": "USD"},
    }
    currency = {"id": "course-1", "input": {"currency": "EUR"}}
    by_admin = await run(store, UPDATE, currency, viewer=ADMIN, secret=signing_secret)
    assert by_admin.data["updateCourse"]["price"] == {"amount": "60.00", "currency": "EUR"}
    other = await run(store, UPDATE, change, viewer=OTHER_TUTOR, secret=signing_secret)
    student = await run(store, UPDATE, change, viewer=STUDENT, secret=signing_secret)
    anonymous = await run(store, UPDATE, change, secret=signing_secret)
    unknown = await run(
        store, UPDATE, {**change, "id": "course-404"}, viewer=ADMIN, secret=signing_secret
    )
    assert codes(other) == codes(student) == ["FORBIDDEN"]
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(unknown) == ["NOT_FOUND"]
    stored = (await store.courses_by_id(["course-1"]))["course-1"]
    assert (stored.title, stored.currency) == ("Algebra II", "EUR")


async def test_someone_elses_draft_is_not_found_rather_than_forbidden(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, published=False)
    change = {"id": "course-1", "input": {"title": "Mine now"}}
    result = await run(store, UPDATE, change, viewer=OTHER_TUTOR, secret=signing_secret)
    assert codes(result) == ["NOT_FOUND"]


async def test_lessons_append_in_order_for_the_author_only(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, lessons=0, published=False)
    positions = []
    for n, viewer in enumerate((AUTHOR_USER, ADMIN, AUTHOR_USER), start=1):
        lesson = {"title": f"Lesson {n}", "content": "Read this.", "durationMinutes": 30 * n}
        result = await run(
            store, ADD, {"course": "course-1", "input": lesson}, viewer=viewer,
            secret=signing_secret,
        )  # fmt: skip
        assert result.errors is None
        positions.append(result.data["addLesson"]["position"])
    assert positions == [1, 2, 3]
    lesson = {"title": "Sneaky", "content": "…", "durationMinutes": 10}
    forbidden = await run(
        store, ADD, {"course": "course-1", "input": lesson}, viewer=OTHER_TUTOR,
        secret=signing_secret,
    )  # fmt: skip
    too_long = await run(
        store, ADD, {"course": "course-1", "input": {**lesson, "durationMinutes": 601}},
        viewer=AUTHOR_USER, secret=signing_secret,
    )  # fmt: skip
    assert codes(forbidden) == ["NOT_FOUND"]  # a draft: others do not learn it exists
    assert codes(too_long) == ["BAD_USER_INPUT"]
    assert too_long.errors[0].extensions["argument"] == "input.durationMinutes"
    listed = await run(store, LESSONS % "course-1", viewer=AUTHOR_USER, secret=signing_secret)
    assert listed.data["course"] == {
        "lessons": [{"position": n, "title": f"Lesson {n}"} for n in (1, 2, 3)],
        "lessonCount": 3,
    }


async def test_a_course_without_lessons_cannot_be_published(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, lessons=0, published=False)
    empty = await run(store, PUBLISH, {"id": "course-1"}, viewer=AUTHOR_USER, secret=signing_secret)
    assert codes(empty) == ["BAD_USER_INPUT"]
    assert empty.errors[0].extensions == {"code": "BAD_USER_INPUT", "argument": "id"}
    lesson = {"title": "One", "content": "…", "durationMinutes": 30}
    await run(
        store, ADD, {"course": "course-1", "input": lesson}, viewer=AUTHOR_USER,
        secret=signing_secret,
    )  # fmt: skip
    other = await run(store, PUBLISH, {"id": "course-1"}, viewer=OTHER_TUTOR, secret=signing_secret)
    assert codes(other) == ["NOT_FOUND"]
    done = await run(store, PUBLISH, {"id": "course-1"}, viewer=AUTHOR_USER, secret=signing_secret)
    again = await run(store, PUBLISH, {"id": "course-1"}, viewer=ADMIN, secret=signing_secret)
    expected = {"id": "course-1", "published": True, "lessonCount": 1}
    assert done.data["publishCourse"] == again.data["publishCourse"] == expected
    # Published, the course is everyone's to see, and others now learn they may not change it.
    public = await run(store, LESSONS % "course-1", secret=signing_secret)
    assert public.data["course"]["lessonCount"] == 1
    refused = await run(
        store, PUBLISH, {"id": "course-1"}, viewer=OTHER_TUTOR, secret=signing_secret
    )
    assert codes(refused) == ["FORBIDDEN"]
