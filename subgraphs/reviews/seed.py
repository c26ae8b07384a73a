"""Deterministic seed reviews: students reviewing the tutors they had lessons with, over the year
before the seed anchor, and the courses they are enrolled in and have made progress through."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Final

from shared import seed as universe
from subgraphs.reviews.model import NewReview
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore

__all__ = [
    "COURSE_REVIEW_SHARE",
    "REVIEW_COUNT",
    "generate",
    "generate_course_reviews",
    "migrate",
    "seed",
    "stored",
]

REVIEW_COUNT: Final = 2400
# About this share of the enrollments with a lesson completed come with a course review.
COURSE_REVIEW_SHARE: Final = 0.65
_BATCH: Final = 500
_WEEK_SECONDS: Final = 7 * 24 * 3600
# Marketplace ratings lean high: most students who bother to write are happy.
_STAR_WEIGHTS: Final = {1: 3, 2: 4, 3: 10, 4: 30, 5: 53}

_OPENERS: Final = {
    "good": (
        "Fantastic tutor.",
        "Really glad I booked these lessons.",
        "Great experience overall.",
        "Exactly the help I needed.",
        "Patient, clear and well prepared.",
        "Highly recommended.",
    ),
    "mixed": (
        "Decent lessons.",
        "Helpful in parts.",
        "An okay experience.",
        "Mixed feelings.",
        "Some sessions were better than others.",
    ),
    "bad": (
        "Not what I hoped for.",
        "Disappointing.",
        "It did not work out for me.",
        "I struggled with these sessions.",
    ),
}
_DETAILS: Final = {
    "good": (
        "Explanations always started from what I already knew.",
        "Every session ended with a short summary and practice problems.",
        "My exam grade went up a full letter.",
        "Difficult topics finally clicked after the worked examples.",
        "Homework feedback came back quickly and was detailed.",
        "Lessons were structured but adapted when I got stuck.",
    ),
    "mixed": (
        "Knows the material well, but the pace was a bit fast for me.",
        "Useful exercises, though we sometimes ran over time.",
        "Good explanations, less good at keeping the lesson on track.",
        "Preparation varied from session to session.",
    ),
    "bad": (
        "Two lessons started late and one was cancelled at short notice.",
        "The explanations assumed more background than I had.",
        "We spent most of the time on topics I had not asked about.",
        "Little feedback on my homework.",
    ),
}
_CLOSERS: Final = {
    "good": (
        "Will book again.",
        "Thank you!",
        "Worth every minute.",
        "",
        "Five stars from me.",
    ),
    "mixed": ("Might try a few more sessions.", "Fine for the basics.", ""),
    "bad": ("Would not book again.", "Looking for someone else now.", ""),
}


_PURPOSES: Final = (
    "before my finals",
    "to prepare for a university entrance exam",
    "to catch up after moving schools",
    "as an adult learner",
    "for a work certification",
    "over the summer break",
    "to get ahead of next term",
    "for a scholarship application",
    "alongside my evening classes",
    "while studying abroad",
)
_LESSONS: Final = ("two", "three", "four", "five", "six", "eight", "ten", "a dozen")
_COURSE_OPENERS: Final = {
    "good": ("A well built course.", "Excellent course.", "Clear and well paced."),
    "mixed": ("A decent course.", "Useful, with some gaps.", "Uneven but worth a look."),
    "bad": ("Not the course I expected.", "Disappointing course.", "Hard to follow."),
}
_COURSE_DETAILS: Final = {
    "good": (
        "Each lesson builds on the last, and the exercises match what was explained.",
        "The worked examples are the best part.",
        "Short lessons that fit around my week.",
    ),
    "mixed": (
        "Some lessons are excellent, others rush through the hard parts.",
        "More practice problems would help.",
    ),
    "bad": (
        "The lessons jump ahead without explaining the basics.",
        "Too little practice for the price.",
    ),
}


def _tone(stars: int) -> str:
    return "good" if stars >= 4 else "mixed" if stars == 3 else "bad"


def _comment(r: random.Random, stars: int) -> str:
    tone = _tone(stars)
    details = r.sample(_DETAILS[tone], k=r.choice((1, 1, 2)))
    context = f"We had {r.choice(_LESSONS)} lessons {r.choice(_PURPOSES)}."
    parts = [r.choice(_OPENERS[tone]), context, *details, r.choice(_CLOSERS[tone])]
    return " ".join(p for p in parts if p)


def _stars(r: random.Random, quality: float) -> int:
    # A tutor's quality shifts the shared distribution by at most one star either way.
    drawn = r.choices(tuple(_STAR_WEIGHTS), weights=tuple(_STAR_WEIGHTS.values()))[0]
    return max(1, min(5, drawn + round(r.gauss(quality, 0.5))))


def generate(count: int = REVIEW_COUNT) -> tuple[NewReview, ...]:
    """The seed reviews, identical on every run: at most one per (author, tutor), and only by a
    student who had a lesson with that tutor (`shared.seed.lesson_history()`, which scheduling
    books as confirmed past bookings), dated after the week of the pair's last lesson."""
    r = universe.rng("reviews")
    last_week: dict[tuple[str, str], int] = {}
    for lesson in universe.lesson_history():
        key = (lesson.student_id, lesson.tutor_id)
        last_week[key] = min(lesson.week, last_week.get(key, lesson.week))
    pairs = sorted(last_week)
    r.shuffle(pairs)
    if len(pairs) < count:
        raise ValueError(f"the seed universe has {len(pairs)} student-tutor pairs, not {count}")
    tutor_ids = [t.id for t in universe.tutors()]
    quality = {t: r.choice((-1.0, 0.0, 0.0, 0.0, 0.3)) for t in tutor_ids}
    reviews: list[NewReview] = []
    for author_id, tutor_id in pairs[:count]:
        week = last_week[(author_id, tutor_id)]
        # The last lesson ended by the end of its week; the review comes after, before ANCHOR.
        after_lessons = universe.ANCHOR - timedelta(weeks=week - 1)
        created = after_lessons + timedelta(seconds=r.randrange(3600, (week - 1) * _WEEK_SECONDS))
        stars = _stars(r, quality[tutor_id])
        reviews.append(
            NewReview(
                id=f"review-{len(reviews) + 1:05d}",
                tutor_id=tutor_id,
                author_id=author_id,
                rating=stars,
                comment=_comment(r, stars),
                created_at=created,
            )
        )
    return tuple(reviews)


def _course_comment(r: random.Random, stars: int, completed: int) -> str:
    tone = _tone(stars)
    progress = "one lesson" if completed == 1 else f"{completed} lessons"
    parts = [
        r.choice(_COURSE_OPENERS[tone]),
        f"I have done {progress} {r.choice(_PURPOSES)}.",
        r.choice(_COURSE_DETAILS[tone]),
    ]
    return " ".join(parts)


def generate_course_reviews() -> tuple[NewReview, ...]:
    """The seed course reviews, identical on every run: only from enrollments of
    `shared.seed.seed_enrollments()` with at least one lesson completed (as learning seeds
    them), so at most one per (student, course), dated after the enrollment and before
    `ANCHOR`."""
    r = universe.rng("course-reviews")
    quality = {c.id: r.choice((-1.0, 0.0, 0.0, 0.3)) for c in universe.seed_courses()}
    reviews: list[NewReview] = []
    for enrollment in universe.seed_enrollments():
        if enrollment.completed < 1 or r.random() >= COURSE_REVIEW_SHARE:
            continue
        open_seconds = int((universe.ANCHOR - enrollment.enrolled_at).total_seconds())
        if open_seconds <= 2 * 3600:
            continue
        stars = _stars(r, quality[enrollment.course_id])
        reviews.append(
            NewReview(
                id=f"review-c{len(reviews) + 1:04d}",
                course_id=enrollment.course_id,
                author_id=enrollment.student_id,
                rating=stars,
                comment=_course_comment(r, stars, enrollment.completed),
                created_at=enrollment.enrolled_at
                + timedelta(seconds=r.randrange(3600, open_seconds - 3600)),
            )
        )
    return tuple(reviews)


async def migrate(settings: Settings | None = None) -> None:
    store = ReviewStore(settings or Settings.from_env())
    await store.open()
    try:
        await store.migrate()
    finally:
        await store.close()


async def stored(settings: Settings | None = None) -> int:
    """Ensures the indexes, then counts the reviews stored (whoever wrote them)."""
    store = ReviewStore(settings or Settings.from_env())
    await store.open()
    try:
        await store.migrate()
        return await store.count()
    finally:
        await store.close()


async def seed(settings: Settings | None = None) -> int:
    """Resets this subgraph's collection and loads the seed reviews, of tutors and of courses;
    returns how many."""
    store = ReviewStore(settings or Settings.from_env())
    await store.open()
    try:
        await store.reset()
        reviews = (*generate(), *generate_course_reviews())
        return await store.insert_many(reviews, batch_size=_BATCH)
    finally:
        await store.close()
