"""Root queries: `course` by id (drafts only for their author and admins) and `courses`,
published ones filtered by subject and tutor, paged by cursor."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.subgraph.pagination import encode_cursor
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import (
    ADMIN,
    AUTHOR_USER,
    NOW,
    OTHER_TUTOR,
    STUDENT,
    codes,
    put_course,
    run,
)

pytestmark = pytest.mark.stores

COURSE = """query($id: ID!) { course(id: $id) {
  id title description level price { amount currency } published createdAt
  lessons { id position title content durationMinutes } lessonCount tutor { id } subject { id }
} }"""
COURSES = """query($subject: ID, $tutor: ID, $first: Int!, $after: String) {
  courses(subjectId: $subject, tutorId: $tutor, first: $first, after: $after) {
    totalCount edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def test_a_course_with_its_lessons_in_order(store: Store, signing_secret: bytes) -> None:
    await put_course(store, lessons=2)
    result = await run(store, COURSE, {"id": "course-1"}, secret=signing_secret)
    assert result.errors is None
    assert result.data["course"] == {
        "id": "course-1",
        "title": "Algebra 1",
        "description": "Linear equations, step by step.",
        "level": "BEGINNER",
        "price": {"amount": "49.00", "currency": "USD"},
        "published": True,
        "createdAt": (NOW - timedelta(days=30)).isoformat(),
        "lessons": [
            {
                "id": f"lesson-1-{k}",
                "position": k,
                "title": f"Part {k}",
                "content": "…",
                "durationMinutes": 30,
            }
            for k in (1, 2)
        ],
        "lessonCount": 2,
        "tutor": {"id": "tutor-0007"},
        "subject": {"id": "subject-algebra"},
    }


async def test_a_draft_is_null_except_to_its_author_and_admins(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, published=False)
    seen = {}
    for name, viewer in (
        ("anonymous", None),
        ("student", STUDENT),
        ("other tutor", OTHER_TUTOR),
        ("author", AUTHOR_USER),
        ("admin", ADMIN),
    ):
        result = await run(store, COURSE, {"id": "course-1"}, viewer=viewer, secret=signing_secret)
        assert result.errors is None
        seen[name] = result.data["course"] is not None
    assert seen == {
        "anonymous": False,
        "student": False,
        "other tutor": False,
        "author": True,
        "admin": True,
    }
    unknown = await run(store, COURSE, {"id": "course-\x00"}, secret=signing_secret)
    assert unknown.errors is None
    assert unknown.data == {"course": None}


async def _page(store: Store, secret: bytes, **variables: Any) -> dict[str, Any]:
    base = {"subject": None, "tutor": None, "first": 20, "after": None}
    result = await run(store, COURSES, {**base, **variables}, secret=secret)
    assert result.errors is None, result.errors
    page: dict[str, Any] = result.data["courses"]
    return page


async def test_courses_lists_published_ones_by_subject_and_tutor(
    store: Store, signing_secret: bytes
) -> None:
    start = NOW - timedelta(days=40)
    for k in range(1, 7):
        await put_course(
            store, k, lessons=1, published=k != 3, created_at=start + timedelta(days=k),
            tutor="tutor-0007" if k % 2 else "tutor-0008",
            subject="subject-algebra" if k <= 4 else "subject-piano",
        )  # fmt: skip

    def ids(page: dict[str, Any]) -> list[str]:
        return [edge["node"]["id"] for edge in page["edges"]]

    everything = await _page(store, signing_secret)
    assert ids(everything) == ["course-1", "course-2", "course-4", "course-5", "course-6"]
    assert everything["totalCount"] == 5
    algebra = await _page(store, signing_secret, subject="subject-algebra")
    assert ids(algebra) == ["course-1", "course-2", "course-4"]
    by_tutor = await _page(store, signing_secret, subject="subject-algebra", tutor="tutor-0007")
    assert (ids(by_tutor), by_tutor["totalCount"]) == (["course-1"], 1)
    nobody = await _page(store, signing_secret, tutor="tutor-\x00")
    assert (ids(nobody), nobody["totalCount"]) == ([], 0)


async def test_courses_page_forward_by_cursor(store: Store, signing_secret: bytes) -> None:
    start = NOW - timedelta(days=40)
    for k in range(1, 6):
        await put_course(store, k, lessons=1, created_at=start + timedelta(days=k))
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = await _page(store, signing_secret, first=2, after=after)
        pages += 1
        seen += [edge["node"]["id"] for edge in page["edges"]]
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert page["totalCount"] == 5
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert (seen, pages) == ([f"course-{k}" for k in range(1, 6)], 3)
    empty = await _page(store, signing_secret, first=0)
    assert empty["edges"] == []
    assert empty["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"first": 101}, "first"),
        ({"first": -1}, "first"),
        ({"after": "nope"}, "after"),
        ({"after": encode_cursor("booking", "2026-12-01T00:00:00+00:00", "course-1")}, "after"),
        ({"after": encode_cursor("course", "2026-12-01T00:00:00+00:00", "user-1")}, "after"),
    ],
)
async def test_bad_paging_arguments_name_the_argument(
    store: Store, signing_secret: bytes, variables: dict[str, Any], argument: str
) -> None:
    base = {"subject": None, "tutor": None, "first": 20, "after": None}
    tutor = """query($first: Int!, $after: String) { _entities(representations:
      [{__typename: "Tutor", id: "tutor-0007"}]) { ... on Tutor {
        courses(first: $first, after: $after) { totalCount } } } }"""
    for query in (COURSES, tutor):
        result = await run(store, query, {**base, **variables}, secret=signing_secret)
        assert codes(result) == ["BAD_USER_INPUT"]
        assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "argument": argument}
