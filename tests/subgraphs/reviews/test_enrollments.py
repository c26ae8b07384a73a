"""`LearningEnrollments`: how far the viewer is in a course, asked of the real learning
subgraph as the viewer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.auth import Viewer
from shared.errors import StoreUnavailable
from subgraphs.reviews.enrollments import LearningEnrollments
from tests.subgraphs.reviews.helpers import Enrollments

pytestmark = pytest.mark.stores

STUDENT = Viewer(user_id="user-0500", role="STUDENT")


@pytest.fixture
async def learning(learning_url: str, gateway_secret: str) -> AsyncIterator[LearningEnrollments]:
    client = LearningEnrollments(learning_url, gateway_secret, timeout=5)
    try:
        yield client
    finally:
        await client.close()


async def test_not_enrolled_is_none_and_enrolled_is_the_lessons_completed(
    learning: LearningEnrollments, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-1", completed=0)
    await enrollments.enroll("user-0500", "course-2", completed=3, lessons=4)
    await enrollments.enroll("user-0501", "course-3", completed=2)
    assert await learning.completed_lessons(STUDENT, "course-1") == 0
    assert await learning.completed_lessons(STUDENT, "course-2") == 3
    # Another student's enrollment is theirs: the viewer is not enrolled there.
    assert await learning.completed_lessons(STUDENT, "course-3") is None
    assert await learning.completed_lessons(STUDENT, "course-404") is None


async def test_the_question_is_always_about_the_viewer_themself(
    learning: LearningEnrollments, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-1", completed=2)
    admin = Viewer(user_id="user-1001", role="ADMIN")
    assert await learning.completed_lessons(admin, "course-1") is None


async def test_a_wrong_shared_secret_is_unavailable_not_a_refusal(
    learning_url: str, enrollments: Enrollments
) -> None:
    await enrollments.enroll("user-0500", "course-1", completed=2)
    stranger = LearningEnrollments(learning_url, "w" * 48, timeout=5)
    try:
        with pytest.raises(StoreUnavailable) as raised:
            await stranger.completed_lessons(STUDENT, "course-1")
    finally:
        await stranger.close()
    assert raised.value.details == {"store": "learning"}
