"""GraphQL value types, the level enum and the inputs of the learning subgraph (entities are
in `entities`), and the conversion of stored prices to `Money`."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from shared.subgraph.money import Money, from_minor
from subgraphs.learning.model import Lesson as LessonRow
from subgraphs.learning.model import Level
from subgraphs.learning.model import Progress as ProgressRow

__all__ = [
    "AddLessonInput",
    "CreateCourseInput",
    "Lesson",
    "Payment",
    "Progress",
    "SubjectLevel",
    "UpdateCourseInput",
    "money",
]

# Identical to the tutors subgraph's enum, name and description: composition merges the two.
SubjectLevel = strawberry.enum(
    Level,
    name="SubjectLevel",
    description="The highest level a tutor teaches a subject at, from BEGINNER to EXPERT.",
)


def money(minor: int, currency: str) -> Money:
    """`minor` hundredths of `currency` as an exact amount with two places ("120.00")."""
    return from_minor(minor, currency)


@strawberry.type(description="One lesson of a course, at its place in the course's order.")
class Lesson:
    id: strawberry.ID
    position: int = strawberry.field(description="1 for the first lesson, then 2, 3, …")
    title: str
    content: str
    duration_minutes: int

    @classmethod
    def of(cls, row: LessonRow) -> Lesson:
        return cls(
            id=strawberry.ID(row.id),
            position=row.position,
            title=row.title,
            content=row.content,
            duration_minutes=row.duration_minutes,
        )


@strawberry.type(description="How far a student is through the course they enrolled in.")
class Progress:
    completed_lessons: int
    lesson_count: int
    finished: bool = strawberry.field(description="Every lesson of the course is completed.")
    completed_lesson_ids: list[strawberry.ID] = strawberry.field(
        description="The completed lessons, in the course's order."
    )

    @classmethod
    def of(cls, row: ProgressRow) -> Progress:
        return cls(
            completed_lessons=len(row.completed_lesson_ids),
            lesson_count=row.lesson_count,
            finished=row.finished,
            completed_lesson_ids=[strawberry.ID(i) for i in row.completed_lesson_ids],
        )


# Owned by the payments subgraph; referenced here by id only.
@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class Payment:
    id: strawberry.ID


@strawberry.input(description="A new course, created unpublished (a draft).")
class CreateCourseInput:
    tutor_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The author. A tutor creates for their own profile and may leave it out; "
        "an admin must name one.",
    )
    subject_id: strawberry.ID
    title: str = strawberry.field(description="1 to 200 characters.")
    description: str = strawberry.field(default="", description="At most 5000 characters.")
    level: Level
    price: Decimal = strawberry.field(description='Above 0, two decimals at most: "49.00".')
    currency: str = strawberry.field(default="USD", description="ISO 4217 code, e.g. USD.")


@strawberry.input(description="Fields left out (or null) keep their current value.")
class UpdateCourseInput:
    title: str | None = None
    description: str | None = None
    level: Level | None = None
    price: Decimal | None = None
    currency: str | None = None


@strawberry.input(description="A lesson to append at the end of a course.")
class AddLessonInput:
    title: str = strawberry.field(description="1 to 200 characters.")
    content: str = strawberry.field(description="At most 20000 characters.")
    duration_minutes: int = strawberry.field(description="1 to 600.")
