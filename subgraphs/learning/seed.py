"""Deterministic seed: the courses, enrollments and progress `shared.seed` agrees on, with the
titles, descriptions and lessons only this subgraph knows.

Every course of `seed_courses()` gets its lessons (`lessons` of them, 20 to 90 minutes each);
every enrollment of `seed_enrollments()` keeps its payment id (payments seeds that payment) and
has completed the course's first `completed` lessons (reviews seeds course reviews from those
with one at least).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from shared import seed as universe
from subgraphs.learning.model import Course, Enrollment, Lesson, Level
from subgraphs.learning.store import Store

__all__ = ["SeedCounts", "SeedData", "seed", "seed_data"]

_LEVELS: Final = (Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED, Level.EXPERT)
_LEVEL_WEIGHTS: Final = (4, 4, 2, 1)
_TITLES: Final = (
    "{subject} from scratch",
    "{subject} in practice",
    "A first course in {subject}",
    "{subject}: the essentials",
    "Mastering {subject}",
    "{subject} step by step",
)
_PROMISES: Final = (
    "Short lessons, each with exercises to practise on your own.",
    "Every lesson builds on the one before, with worked examples throughout.",
    "Ideal before an exam: the key ideas first, then practice questions.",
    "For learners who want a solid base before booking one-to-one lessons.",
)
_STEPS: Final = (
    "Getting started",
    "Core ideas",
    "Worked examples",
    "Common mistakes",
    "Going further",
    "Practice set",
    "Putting it together",
    "Review and next steps",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedCounts:
    courses: int
    lessons: int
    enrollments: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedData:
    courses: tuple[Course, ...]
    lessons: tuple[Lesson, ...]
    enrollments: tuple[Enrollment, ...]
    completed: tuple[tuple[str, str], ...]  # (enrollment id, lesson id)


def _subject_name(subject_id: str) -> str:
    return subject_id.removeprefix("subject-").replace("-", " ").title()


def seed_data() -> SeedData:
    """The same courses, lessons, enrollments and progress on every run."""
    r = universe.rng("learning")
    courses: list[Course] = []
    lessons: dict[str, list[Lesson]] = {}
    for seeded in universe.seed_courses():
        subject = _subject_name(seeded.subject_id)
        level = r.choices(_LEVELS, _LEVEL_WEIGHTS)[0]
        courses.append(
            Course(
                id=seeded.id,
                tutor_id=seeded.tutor_id,
                subject_id=seeded.subject_id,
                title=r.choice(_TITLES).format(subject=subject),
                description=f"A {level.value.lower()} course in {subject}, in "
                f"{seeded.lessons} lessons. {r.choice(_PROMISES)}",
                level=level,
                price_minor=seeded.price_minor,
                currency=seeded.currency,
                published=seeded.published,
                created_at=seeded.created_at,
            )
        )
        number = seeded.id.removeprefix("course-")
        lessons[seeded.id] = [
            Lesson(
                id=f"lesson-{number}-{position:02d}",
                course_id=seeded.id,
                position=position,
                title=f"{step}: {subject}",
                content=f"Lesson {position} of {seeded.lessons}: {step.lower()} in {subject}.",
                duration_minutes=r.choice((20, 30, 30, 45, 45, 60, 90)),
            )
            for position, step in enumerate(_STEPS[: seeded.lessons], start=1)
        ]
    enrollments = tuple(
        Enrollment(
            id=e.id,
            course_id=e.course_id,
            student_id=e.student_id,
            payment_id=e.payment_id,
            enrolled_at=e.enrolled_at,
        )
        for e in universe.seed_enrollments()
    )
    completed = tuple(
        (e.id, lesson.id)
        for e in universe.seed_enrollments()
        for lesson in lessons[e.course_id][: e.completed]
    )
    return SeedData(
        courses=tuple(courses),
        lessons=tuple(lesson for own in lessons.values() for lesson in own),
        enrollments=enrollments,
        completed=completed,
    )


async def seed(store: Store) -> SeedCounts:
    """Migrates, wipes this subgraph's tables and bulk-loads the seed."""
    data = seed_data()
    await store.migrate()
    await store.reset()
    await store.load(data.courses, data.lessons, data.enrollments, data.completed)
    return SeedCounts(
        courses=len(data.courses), lessons=len(data.lessons), enrollments=len(data.enrollments)
    )
