"""Whether the viewer may review a course: enrolled in it, with at least one of its lessons
completed. Asked of the learning subgraph, which owns enrollments and progress, over HTTP
(docs/decisions/0012-course-review-needs-progress.md).

Reviews calls learning as the gateway would, for the viewer only (`peers.PeerSubgraph`), so
learning applies its own rule that an enrollment is readable by its student and admins alone.
The question is `User.enrollment(courseId:)` of the viewer's `User` entity: null when the
viewer is not enrolled, else its progress.

Error tree::

    DomainError
    └── StoreUnavailable   SERVICE_UNAVAILABLE: learning did not answer (in time, at all, or in
                           the shape of its contract)
"""

from __future__ import annotations

from typing import Protocol

from shared.auth import Viewer
from shared.identity import IdentityHeaders
from subgraphs.reviews.peers import PeerSubgraph

__all__ = ["CourseProgress", "LearningEnrollments"]

_QUERY = """query CourseProgress($user: [_Any!]!, $course: ID!) {
  _entities(representations: $user) {
    ... on User { enrollment(courseId: $course) { progress { completedLessons } } }
  }
}"""


class CourseProgress(Protocol):
    async def completed_lessons(self, viewer: Viewer, course_id: str) -> int | None:
        """How many lessons of the course the viewer completed; None when not enrolled."""
        ...


class LearningEnrollments:
    """`CourseProgress` from the learning subgraph at `url`, each question within `timeout`."""

    def __init__(
        self, url: str, secret: str, timeout: float, names: IdentityHeaders | None = None
    ) -> None:
        self._learning = PeerSubgraph(
            "learning",
            url,
            secret,
            timeout,
            unavailable="cannot check your enrollment in this course right now; try again later",
            names=names,
        )

    async def close(self) -> None:
        await self._learning.close()

    async def completed_lessons(self, viewer: Viewer, course_id: str) -> int | None:
        user = await self._learning.viewer_entity(viewer, _QUERY, {"course": course_id})
        enrollment = user.get("enrollment")
        if enrollment is None:
            return None
        progress = enrollment.get("progress") if isinstance(enrollment, dict) else None
        completed = progress.get("completedLessons") if isinstance(progress, dict) else None
        if not isinstance(completed, int) or isinstance(completed, bool) or completed < 0:
            raise self._learning.unavailable()
        return completed
