"""The learning domain's plain data: courses, their lessons, enrollments and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

__all__ = ["Course", "Enrollment", "Lesson", "Level", "Progress"]


class Level(Enum):
    """The subject levels the tutors subgraph knows, as a course's audience."""

    BEGINNER = "BEGINNER"
    INTERMEDIATE = "INTERMEDIATE"
    ADVANCED = "ADVANCED"
    EXPERT = "EXPERT"


@dataclass(frozen=True, slots=True, kw_only=True)
class Course:
    id: str
    tutor_id: str  # the author: only they edit it
    subject_id: str
    title: str
    description: str
    level: Level
    price_minor: int  # whole minor units of `currency`
    currency: str
    published: bool
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Lesson:
    id: str
    course_id: str
    position: int  # 1, 2, … in the course's order, without gaps
    title: str
    content: str
    duration_minutes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Enrollment:
    id: str
    course_id: str
    student_id: str
    payment_id: str  # the payment that bought it: enrolling follows a successful payment
    enrolled_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """How far an enrollment is: the lessons completed, of how many."""

    enrollment_id: str
    completed_lesson_ids: tuple[str, ...]
    lesson_count: int

    @property
    def finished(self) -> bool:
        return self.lesson_count > 0 and len(self.completed_lesson_ids) == self.lesson_count
