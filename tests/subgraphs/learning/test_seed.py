"""The seed: deterministic, what the seed universe agrees on, loadable, and served."""

from __future__ import annotations

from collections import defaultdict

import pytest

from shared import seed as universe
from subgraphs.learning.seed import seed, seed_data
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import ADMIN, run


def test_seed_is_deterministic() -> None:
    assert seed_data() == seed_data()


def test_seed_follows_the_universe() -> None:
    data = seed_data()
    agreed = {c.id: c for c in universe.seed_courses()}
    assert [c.id for c in data.courses] == list(agreed)
    lessons = defaultdict(list)
    for lesson in data.lessons:
        lessons[lesson.course_id].append(lesson.position)
    for course in data.courses:
        seeded = agreed[course.id]
        assert (course.tutor_id, course.subject_id, course.published) == (
            seeded.tutor_id,
            seeded.subject_id,
            seeded.published,
        )
        assert (course.price_minor, course.currency) == (seeded.price_minor, seeded.currency)
        assert course.title
        assert course.description
        assert lessons[course.id] == list(range(1, seeded.lessons + 1))
    enrollments = {e.id: e for e in universe.seed_enrollments()}
    assert [e.id for e in data.enrollments] == list(enrollments)
    done = defaultdict(int)
    for enrollment_id, _ in data.completed:
        done[enrollment_id] += 1
    assert all(done[e.id] == e.completed for e in enrollments.values())


@pytest.mark.stores
async def test_seed_loads_and_is_served(store: Store, signing_secret: bytes) -> None:
    counts = await seed(store)
    data = seed_data()
    expected = (len(data.courses), len(data.lessons), len(data.enrollments))
    assert (counts.courses, counts.lessons, counts.enrollments) == expected
    assert await seed(store) == counts  # resets first: loading twice does not duplicate
    assert await store.counts() == expected
    enrollment = next(e for e in universe.seed_enrollments() if e.completed)
    user = f'{{__typename: "User", id: "{enrollment.student_id}"}}'
    query = f"""{{ _entities(representations: [{user}]) {{ ... on User {{
      enrollment(courseId: "{enrollment.course_id}") {{
        payment {{ id }} progress {{ completedLessons }} course {{ published }} }} }} }} }}"""
    result = await run(store, query, viewer=ADMIN, secret=signing_secret)
    assert result.errors is None
    assert result.data["_entities"] == [
        {
            "enrollment": {
                "payment": {"id": enrollment.payment_id},
                "progress": {"completedLessons": enrollment.completed},
                "course": {"published": True},
            }
        }
    ]
    assert await store.may_review(enrollment.student_id, enrollment.course_id)
