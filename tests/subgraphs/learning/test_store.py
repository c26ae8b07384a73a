"""The learning store on a real PostgreSQL: only authors edit, lessons stay in gapless order
under concurrent appends, a student enrolls once in a published course, progress counts each
lesson once, and review eligibility needs a completed lesson."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from shared.errors import Conflict, Forbidden, NotFound
from subgraphs.learning.model import Course, Enrollment, Level
from subgraphs.learning.store import Store

AUTHOR = "tutor-0007"
STUDENT = "user-0201"
WHEN = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _course(number: int = 1, *, published: bool = True, subject: str = "subject-algebra") -> Course:
    return Course(
        id=f"course-{number}",
        tutor_id=AUTHOR,
        subject_id=subject,
        title=f"Course {number}",
        description="Linear equations, step by step.",
        level=Level.BEGINNER,
        price_minor=12_000,
        currency="EUR",
        published=published,
        created_at=WHEN,
    )


def _enrollment(course: str = "course-1", student: str = STUDENT, number: int = 1) -> Enrollment:
    return Enrollment(
        id=f"enrollment-{number}",
        course_id=course,
        student_id=student,
        payment_id=f"payment-{number}",
        enrolled_at=WHEN,
    )


async def _lessons(store: Store, course: str, count: int) -> list[str]:
    ids = []
    for n in range(count):
        lesson = await store.add_lesson(
            course, AUTHOR, lesson_id=f"{course}-lesson-{n}", title=f"Lesson {n}",
            content="…", duration_minutes=30,
        )  # fmt: skip
        ids.append(lesson.id)
    return ids


async def test_only_the_author_edits_a_course(store: Store) -> None:
    await store.create_course(_course(published=False))
    edited = await store.edit_course("course-1", AUTHOR, {"title": "Algebra I", "published": True})
    assert (edited.title, edited.published) == ("Algebra I", True)
    with pytest.raises(Forbidden):
        await store.edit_course("course-1", "tutor-0001", {"title": "Mine now"})
    with pytest.raises(Forbidden):
        await store.add_lesson(
            "course-1", "tutor-0001", lesson_id="x", title="x", content="x", duration_minutes=5
        )
    with pytest.raises(NotFound):
        await store.edit_course("course-404", AUTHOR, {"title": "?"})
    assert (await store.courses_by_id(["course-1"]))["course-1"].title == "Algebra I"


async def test_lessons_appended_at_once_take_positions_one_to_n(store: Store) -> None:
    await store.create_course(_course())
    appends = [
        store.add_lesson(
            "course-1", AUTHOR, lesson_id=f"l{n}", title=f"L{n}", content="…", duration_minutes=20
        )
        for n in range(8)
    ]
    await asyncio.gather(*appends)
    lessons = (await store.lessons_of(["course-1"]))["course-1"]
    assert [lesson.position for lesson in lessons] == list(range(1, 9))
    assert sorted(lesson.id for lesson in lessons) == sorted(f"l{n}" for n in range(8))


async def test_drafts_are_listed_to_their_author_only(store: Store) -> None:
    await store.create_course(_course(1))
    await store.create_course(_course(2, published=False))
    public = await store.courses_by(tutor_ids=[AUTHOR])
    assert [c.id for c in public[AUTHOR]] == ["course-1"]
    own = await store.courses_by(tutor_ids=[AUTHOR], unpublished_of=AUTHOR)
    assert [c.id for c in own[AUTHOR]] == ["course-1", "course-2"]
    by_subject = await store.courses_by(subject_ids=["subject-algebra", "subject-none"])
    assert {k: [c.id for c in v] for k, v in by_subject.items()} == {
        "subject-algebra": ["course-1"],
        "subject-none": [],
    }


async def test_a_student_enrolls_once_and_only_in_a_published_course(store: Store) -> None:
    await store.create_course(_course(1))
    await store.create_course(_course(2, published=False))
    tries = [store.enroll(_enrollment(number=n)) for n in range(4)]
    outcomes = await asyncio.gather(*tries, return_exceptions=True)
    assert sum(isinstance(o, Enrollment) for o in outcomes) == 1
    assert sum(isinstance(o, Conflict) for o in outcomes) == 3
    with pytest.raises(NotFound):
        await store.enroll(_enrollment("course-2", number=9))
    mine = (await store.enrollments_of([STUDENT]))[STUDENT]
    assert [e.course_id for e in mine] == ["course-1"]


async def test_progress_counts_each_lesson_once_for_its_own_student(store: Store) -> None:
    await store.create_course(_course(1))
    await store.create_course(_course(2))
    first, second, third = await _lessons(store, "course-1", 3)
    (other,) = await _lessons(store, "course-2", 1)
    await store.enroll(_enrollment())
    assert await store.may_review(STUDENT, "course-1") is False  # enrolled, nothing completed
    progress = await store.complete_lesson("enrollment-1", second, STUDENT)
    assert progress.completed_lesson_ids == (second,)
    again = await asyncio.gather(
        *(store.complete_lesson("enrollment-1", first, STUDENT) for _ in range(3))
    )
    assert again[-1].completed_lesson_ids == (first, second)  # course order, each once
    assert again[-1].lesson_count == 3
    assert not again[-1].finished
    with pytest.raises(NotFound):
        await store.complete_lesson("enrollment-1", other, STUDENT)  # not this course's lesson
    with pytest.raises(NotFound):
        await store.complete_lesson("enrollment-1", third, "user-0999")  # not their enrollment
    done = await store.complete_lesson("enrollment-1", third, STUDENT)
    assert done.finished
    assert await store.may_review(STUDENT, "course-1") is True
    assert await store.may_review("user-0999", "course-1") is False
