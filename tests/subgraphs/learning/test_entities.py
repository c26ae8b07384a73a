"""`_entities` for every entity of the subgraph, the visibility of drafts and enrollments, and
N representations costing the store a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.auth import Viewer
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import (
    ADMIN,
    AUTHOR,
    AUTHOR_USER,
    ENROLL,
    NOW,
    OTHER_STUDENT,
    STUDENT,
    codes,
    put_course,
    receipt,
    run,
)

pytestmark = pytest.mark.stores


def _reps(typename: str, ids: list[str]) -> str:
    return ", ".join(f'{{__typename: "{typename}", id: "{i}"}}' for i in ids)


async def test_courses_resolve_and_drafts_are_null_to_others(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, 1)
    await put_course(store, 2, published=False)
    reps = _reps("Course", ["course-1", "course-2", "x"])
    query = f"""{{ _entities(representations: [{reps}]) {{ ... on Course {{
      id title price {{ amount currency }} lessonCount tutor {{ id }} }} }} }}"""
    public = await run(store, query, viewer=STUDENT, secret=signing_secret)
    author = await run(store, query, viewer=AUTHOR_USER, secret=signing_secret)
    admin = await run(store, query, viewer=ADMIN, secret=signing_secret)
    assert public.errors is None
    first = {
        "id": "course-1",
        "title": "Algebra 1",
        "price": {"amount": "49.00", "currency": "USD"},
        "lessonCount": 3,
        "tutor": {"id": AUTHOR},
    }
    assert public.data["_entities"] == [first, None, None]
    assert [e and e["id"] for e in author.data["_entities"]] == ["course-1", "course-2", None]
    assert admin.data["_entities"] == author.data["_entities"]


async def test_tutor_subject_and_user_stubs_resolve_with_their_lists(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, 1)
    await put_course(store, 2, published=False, created_at=NOW - timedelta(days=1))
    await put_course(store, 3, tutor="tutor-0008", subject="subject-piano")
    await run(store, ENROLL, {"receipt": receipt(signing_secret)}, secret=signing_secret)
    query = f"""{{ _entities(representations: [{_reps("Tutor", [AUTHOR])},
        {_reps("Subject", ["subject-algebra"])}, {_reps("User", [STUDENT.user_id])}]) {{
      ... on Tutor {{ id courses {{ totalCount edges {{ node {{ id published }} }} }} }}
      ... on Subject {{ id courses {{ totalCount edges {{ node {{ id }} }} }} }}
      ... on User {{ id enrollments {{ totalCount edges {{ node {{ course {{ id }} }} }} }}
                     enrollment(courseId: "course-1") {{ progress {{ lessonCount }} }}
                     none: enrollment(courseId: "course-3") {{ id }} }} }} }}"""
    result = await run(store, query, viewer=STUDENT, secret=signing_secret)
    assert result.errors is None
    tutor, subject, user = result.data["_entities"]
    assert tutor["courses"]["totalCount"] == 1
    assert tutor["courses"]["edges"] == [{"node": {"id": "course-1", "published": True}}]
    assert subject["courses"]["edges"] == [{"node": {"id": "course-1"}}]
    assert user["enrollments"]["edges"] == [{"node": {"course": {"id": "course-1"}}}]
    assert user["enrollment"] == {"progress": {"lessonCount": 3}}
    assert user["none"] is None
    # The author sees their draft in their own list, after the published course made earlier.
    mine = await run(store, query, viewer=AUTHOR_USER, secret=signing_secret)
    edges = mine.data["_entities"][0]["courses"]["edges"]
    assert [e["node"] for e in edges] == [
        {"id": "course-1", "published": True},
        {"id": "course-2", "published": False},
    ]


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(None, "UNAUTHENTICATED"), (OTHER_STUDENT, "FORBIDDEN"), (AUTHOR_USER, "FORBIDDEN")],
    ids=["anonymous", "another-student", "the-course-author"],
)
async def test_enrollments_are_for_the_user_themself_and_admins(
    store: Store, signing_secret: bytes, viewer: Viewer | None, code: str
) -> None:
    await put_course(store)
    await run(store, ENROLL, {"receipt": receipt(signing_secret)}, secret=signing_secret)
    query = f"""{{ _entities(representations: [{_reps("User", [STUDENT.user_id])}]) {{
      ... on User {{ enrollments {{ totalCount }} }} }} }}"""
    refused = await run(store, query, viewer=viewer, secret=signing_secret)
    assert codes(refused) == [code]
    one = query.replace("enrollments { totalCount }", 'enrollment(courseId: "course-1") { id }')
    assert codes(await run(store, one, viewer=viewer, secret=signing_secret)) == [code]
    admin = await run(store, query, viewer=ADMIN, secret=signing_secret)
    assert admin.data["_entities"] == [{"enrollments": {"totalCount": 1}}]


async def test_an_enrollment_resolves_for_its_student_author_and_admins_only(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    enrolled = await run(store, ENROLL, {"receipt": receipt(signing_secret)}, secret=signing_secret)
    enrollment_id = enrolled.data["enrollInCourse"]["id"]
    query = f"""{{ _entities(representations: [{_reps("Enrollment", [enrollment_id, "x"])}]) {{
      ... on Enrollment {{ id student {{ id }} payment {{ id }} course {{ id }}
        progress {{ completedLessons }} }} }} }}"""
    expected = {
        "id": enrollment_id,
        "student": {"id": STUDENT.user_id},
        "payment": {"id": "payment-1"},
        "course": {"id": "course-1"},
        "progress": {"completedLessons": 0},
    }
    for viewer in (STUDENT, AUTHOR_USER, ADMIN):
        result = await run(store, query, viewer=viewer, secret=signing_secret)
        assert result.data["_entities"] == [expected, None]
    for viewer in (None, OTHER_STUDENT):
        result = await run(store, query, viewer=viewer, secret=signing_secret)
        assert result.errors is None
        assert result.data["_entities"] == [None, None]


@pytest.mark.parametrize(
    "bad",
    ['{__typename: "Course"}', '{__typename: "Booking", id: "b"}', '"course-1"'],
    ids=["no-id", "foreign-type", "not-object"],
)
async def test_malformed_representation_is_bad_user_input_at_its_index(
    store: Store, signing_secret: bytes, bad: str
) -> None:
    await put_course(store)
    query = f"""{{ _entities(representations: [{_reps("Course", ["course-1"])}, {bad}]) {{
      ... on Course {{ id }} }} }}"""
    result = await run(store, query, secret=signing_secret)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].path == ["_entities", 1]
    assert result.data == {"_entities": [{"id": "course-1"}, None]}


async def _cost(store: Store, query: str, secret: bytes) -> int:
    before = store.store_queries.value("postgresql")
    result = await run(store, query, viewer=ADMIN, secret=secret)
    assert result.errors is None, result.errors
    return store.store_queries.value("postgresql") - before


async def test_n_representations_cost_the_same_queries_as_one(
    store: Store, signing_secret: bytes
) -> None:
    n = 12
    for k in range(1, n + 1):
        await put_course(store, k, lessons=2, tutor=f"tutor-{k:04d}", subject=f"subject-s{k}")
        token = receipt(
            signing_secret, course=f"course-{k}", student=f"user-{300 + k:04d}",
            payment=f"payment-{k}", tutor=f"tutor-{k:04d}",
        )  # fmt: skip
        enrolled = await run(store, ENROLL, {"receipt": token}, secret=signing_secret)
        assert enrolled.errors is None, enrolled.errors
    enrolled = await store.enrollments_of([f"user-{300 + k:04d}" for k in range(1, n + 1)])
    enrollment_ids = [e.id for found in enrolled.values() for e in found]

    def query(size: int) -> str:
        courses = [f"course-{k}" for k in range(1, size + 1)]
        tutors = [f"tutor-{k:04d}" for k in range(1, size + 1)]
        subjects = [f"subject-s{k}" for k in range(1, size + 1)]
        users = [f"user-{300 + k:04d}" for k in range(1, size + 1)]
        reps = ", ".join(
            (
                _reps("Course", courses),
                _reps("Tutor", tutors),
                _reps("Subject", subjects),
                _reps("User", users),
                _reps("Enrollment", enrollment_ids[:size]),
            )
        )
        return f"""{{ _entities(representations: [{reps}]) {{
          ... on Course {{ id lessons {{ id }} lessonCount }}
          ... on Tutor {{ courses {{ edges {{ node {{ id lessonCount }} }} }} }}
          ... on Subject {{ courses {{ edges {{ node {{ id lessons {{ title }} }} }} }} }}
          ... on User {{ enrollments {{ edges {{ node {{ course {{ title }}
                         progress {{ completedLessons lessonCount }} }} }} }} }}
          ... on Enrollment {{ course {{ lessonCount }} progress {{ finished }} }} }} }}"""

    one, all_of_them = (
        await _cost(store, query(1), signing_secret),
        await _cost(store, query(n), signing_secret),
    )
    assert one == all_of_them, f"1 of each costs {one} queries, {n} of each {all_of_them}"
    assert all_of_them <= 9, all_of_them
