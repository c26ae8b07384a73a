"""The seed universe every subgraph agrees on: user ids, tutor ids, who is whom, and which
students had lessons with which tutors.

Subgraphs never import each other, yet their seed data must line up (a review's author is a
user that accounts knows; a booking's tutor is a tutor that tutors knows; a review comes from a
student who had a lesson with that tutor). This module is that agreement: deterministic,
derived from fixed numbers, and the only thing the seeds share.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Final

__all__ = [
    "ANCHOR",
    "HISTORY_WEEKS",
    "N_STUDENTS",
    "N_SUBJECTS",
    "N_TUTORS",
    "SEED",
    "SEED_PASSWORD",
    "SUBJECT_IDS",
    "SeedCourse",
    "SeedEnrollment",
    "SeedLesson",
    "SeedTutor",
    "SeedUser",
    "lesson_history",
    "rng",
    "seed_courses",
    "seed_enrollments",
    "students",
    "tutors",
    "users",
]

SEED = 20261122
N_TUTORS = 200
N_STUDENTS = 800
N_SUBJECTS = 50
# The Monday from which seeded availability and bookings run for four weeks.
ANCHOR = datetime(2026, 11, 30, tzinfo=UTC)
# The password of every seeded account: demo data only, never a real credential.
SEED_PASSWORD = "tutorgraph-demo-password"  # noqa: S105 (public demo data, by design)

_FIRST = (
    "Ada Alan Amara Ana Arjun Bea Bruno Carla Chen Chloe Dario Dev Elena Emil Eva Farah Felix Gia "
    "Hana Hugo Ines Ivan Jana Jonas Kai Kira Lars Lea Leo Lina Luca Maya Mateo Mei Mila Nadia "
    "Nico Noor Olga Omar Paula Pedro Priya Quinn Rosa Rui Sara Sven Tara Theo Uma Vera Wei "
    "Yara Yusuf Zoe"
).split()
_LAST = (
    "Abe Alvarez Bauer Bianchi Costa Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kim Kowalski "
    "Larsen Lopez Meyer Moreau Nakamura Novak Okafor Olsen Park Petrov Quispe Rossi Sato Schmidt "
    "Silva Singh Tanaka Torres Ueda Varga Wagner Weber Xu Yilmaz Zhang Zimmer"
).split()
_TIMEZONES = (
    "Europe/Berlin Europe/London Europe/Madrid Europe/Warsaw America/New_York America/Chicago "
    "America/Los_Angeles America/Sao_Paulo Asia/Tokyo Asia/Kolkata Asia/Singapore "
    "Australia/Sydney Africa/Lagos Africa/Nairobi"
).split()


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedUser:
    id: str
    email: str
    display_name: str
    role: str  # STUDENT, TUTOR or ADMIN
    timezone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedTutor:
    id: str
    user_id: str
    timezone: str


def rng(domain: str) -> random.Random:
    """A random generator of its own per domain, so one seed's changes leave others alone."""
    return random.Random(f"{SEED}:{domain}")


@cache
def users() -> tuple[SeedUser, ...]:
    """Tutors' users first (user-0001 … user-0200), then students, then one admin."""
    r = rng("users")
    out: list[SeedUser] = []
    for n in range(1, N_TUTORS + N_STUDENTS + 2):
        first, last = r.choice(_FIRST), r.choice(_LAST)
        role = "TUTOR" if n <= N_TUTORS else "STUDENT"
        if n == N_TUTORS + N_STUDENTS + 1:
            first, last, role = "Admin", "User", "ADMIN"
        out.append(
            SeedUser(
                id=f"user-{n:04d}",
                email=f"{first.lower()}.{last.lower()}.{n}@example.com",
                display_name=f"{first} {last}",
                role=role,
                timezone=r.choice(_TIMEZONES),
            )
        )
    return tuple(out)


@cache
def tutors() -> tuple[SeedTutor, ...]:
    """Tutor n is the profile of user n."""
    return tuple(
        SeedTutor(id=f"tutor-{u.id[-4:]}", user_id=u.id, timezone=u.timezone)
        for u in users()
        if u.role == "TUTOR"
    )


@cache
def students() -> tuple[SeedUser, ...]:
    return tuple(u for u in users() if u.role == "STUDENT")


# Past lessons run over the weeks before ANCHOR; week 1 is the last of them.
HISTORY_WEEKS: Final = 52
# Student-tutor pairs with past lessons: more than the reviews seeded from them.
_HISTORY_PAIRS: Final = 3000
# At most this many past lessons per tutor and week: every seeded tutor's weekly rules
# (scheduling's seed: at least two blocks of two hours) hold that many one-hour lessons.
_PER_TUTOR_WEEK: Final = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedLesson:
    """A one-hour lesson `student_id` had with `tutor_id` in week `week` before ANCHOR.

    Scheduling books it, confirmed, inside the tutor's rules within [week_start, week_end);
    reviews seeds a pair's review only after week_end of the pair's last lesson.
    """

    student_id: str
    tutor_id: str
    week: int

    @property
    def week_start(self) -> datetime:
        return ANCHOR - timedelta(weeks=self.week)

    @property
    def week_end(self) -> datetime:
        return ANCHOR - timedelta(weeks=self.week - 1)


@cache
def lesson_history() -> tuple[SeedLesson, ...]:
    """The past lessons, pair by pair (1 to 3 each, in distinct weeks 2 to HISTORY_WEEKS).

    Tutor popularity is Pareto-distributed and every 40th tutor is new (no past lessons).
    Week 1 holds none, so that every pair's review can fall between its last lesson and ANCHOR.
    """
    r = rng("lessons")
    all_tutors, all_students = tutors(), students()
    popularity = [0.0 if i % 40 == 39 else r.paretovariate(1.5) for i in range(len(all_tutors))]
    load: Counter[tuple[str, int]] = Counter()
    pairs: dict[tuple[str, str], list[int]] = {}
    while len(pairs) < _HISTORY_PAIRS:
        tutor = all_tutors[r.choices(range(len(all_tutors)), weights=popularity)[0]].id
        student = r.choice(all_students).id
        if (student, tutor) in pairs:
            continue
        free = [w for w in range(2, HISTORY_WEEKS + 1) if load[(tutor, w)] < _PER_TUTOR_WEEK]
        wanted = r.choice((1, 1, 2, 2, 3))
        if len(free) < wanted:
            continue
        weeks = sorted(r.sample(free, wanted), reverse=True)
        for week in weeks:
            load[(tutor, week)] += 1
        pairs[(student, tutor)] = weeks
    return tuple(
        SeedLesson(student_id=student, tutor_id=tutor, week=week)
        for (student, tutor), weeks in pairs.items()
        for week in weeks
    )


# The ids of the subjects the tutors subgraph seeds (its catalog), in the catalog's order.
SUBJECT_IDS: Final = tuple(
    f"subject-{name}"
    for name in (
        "arithmetic algebra geometry trigonometry precalculus calculus linear-algebra statistics "
        "probability discrete-mathematics mechanics electromagnetism thermodynamics "
        "quantum-mechanics astronomy general-chemistry organic-chemistry biology genetics "
        "biochemistry python javascript web-development java c-programming data-structures "
        "algorithms databases machine-learning data-science english spanish french german "
        "italian portuguese japanese mandarin-chinese arabic latin music-theory piano guitar "
        "violin singing music-production economics world-history essay-writing philosophy"
    ).split()
)
# About a third of the tutors author courses; most courses are published, some still drafts.
_COURSE_AUTHOR_SHARE: Final = 3
_DRAFT_RATE: Final = 0.15


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedCourse:
    """A course `tutor_id` wrote about `subject_id`, sold for `price_minor` cents of `currency`.

    Learning seeds it with `lessons` lessons; only a published course takes enrollments.
    """

    id: str
    tutor_id: str
    subject_id: str
    price_minor: int
    currency: str
    published: bool
    lessons: int
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedEnrollment:
    """`student_id` bought `course_id` with the payment `payment_id` (payments seeds it,
    succeeded, for the course's price) and has completed its first `completed` lessons.

    Reviews seeds a course review only from an enrollment with `completed` of one or more.
    """

    id: str
    course_id: str
    student_id: str
    payment_id: str
    enrolled_at: datetime
    completed: int


@cache
def seed_courses() -> tuple[SeedCourse, ...]:
    """course-0001 …: one to three courses for about a third of the tutors, 3-8 lessons each,
    written in the year before ANCHOR, priced between 19 and 299 USD."""
    r = rng("courses")
    out: list[SeedCourse] = []
    for tutor in tutors():
        if r.randrange(_COURSE_AUTHOR_SHARE):
            continue
        for _ in range(r.choice((1, 1, 2, 2, 3))):
            out.append(
                SeedCourse(
                    id=f"course-{len(out) + 1:04d}",
                    tutor_id=tutor.id,
                    subject_id=r.choice(SUBJECT_IDS),
                    price_minor=r.randrange(19, 300) * 100 + r.choice((0, 0, 50, 99)),
                    currency="USD",
                    published=r.random() >= _DRAFT_RATE,
                    lessons=r.randint(3, 8),
                    created_at=ANCHOR - timedelta(days=r.randint(30, 365), hours=r.randint(0, 23)),
                )
            )
    return tuple(out)


@cache
def seed_enrollments() -> tuple[SeedEnrollment, ...]:
    """enrollment-0001 …: up to six seeded students per published course, each once, enrolled
    between the course's creation and ANCHOR, most of them part of the way through it."""
    r = rng("enrollments")
    all_students = students()
    out: list[SeedEnrollment] = []
    for course in seed_courses():
        if not course.published:
            continue
        for student in r.sample(all_students, r.randint(0, 6)):
            open_days = (ANCHOR - course.created_at).days - 1
            number = len(out) + 1
            out.append(
                SeedEnrollment(
                    id=f"enrollment-{number:04d}",
                    course_id=course.id,
                    student_id=student.id,
                    payment_id=f"payment-seed-enrollment-{number:04d}",
                    enrolled_at=course.created_at + timedelta(days=r.randint(1, open_days)),
                    completed=r.choice((0, *range(course.lessons + 1))),
                )
            )
    return tuple(out)
