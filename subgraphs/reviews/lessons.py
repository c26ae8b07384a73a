"""Whether the viewer had a lesson with a tutor: asked of the scheduling subgraph, which owns
bookings, over HTTP (docs/decisions/0006-review-needs-a-past-lesson.md).

Reviews calls scheduling as the gateway would, for the viewer only (`peers.PeerSubgraph`), so
scheduling applies its own rule that a user's bookings are theirs alone. The question is
`User.bookings(status: CONFIRMED, to: now)` of the viewer's `User` entity; a lesson counts when
the viewer was its student, the tutor is the one reviewed and it has ended.

Error tree::

    DomainError
    └── StoreUnavailable   SERVICE_UNAVAILABLE: scheduling did not answer (in time, or at all)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from shared.auth import Viewer
from shared.identity import IdentityHeaders
from subgraphs.reviews.peers import PeerSubgraph

__all__ = ["LessonHistory", "SchedulingLessons"]

_QUERY = """query PastLessons($user: [_Any!]!, $now: DateTime!, $after: String) {
  _entities(representations: $user) {
    ... on User {
      bookings(status: CONFIRMED, to: $now, first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { end tutor { id } student { id } } }
      }
    }
  }
}"""
# A user with more past lessons than this many pages is not worth the wait: no lesson found.
_MAX_PAGES = 50


class LessonHistory(Protocol):
    async def had_lesson(self, viewer: Viewer, tutor_id: str, now: datetime) -> bool: ...


class SchedulingLessons:
    """`LessonHistory` from the scheduling subgraph at `url`, each question within `timeout`."""

    def __init__(
        self, url: str, secret: str, timeout: float, names: IdentityHeaders | None = None
    ) -> None:
        self._scheduling = PeerSubgraph(
            "scheduling",
            url,
            secret,
            timeout,
            unavailable="cannot check your lessons with this tutor right now; try again later",
            names=names,
        )

    async def close(self) -> None:
        await self._scheduling.close()

    async def had_lesson(self, viewer: Viewer, tutor_id: str, now: datetime) -> bool:
        """Whether `viewer` was the student of a confirmed booking with `tutor_id` that ended
        by `now`."""
        variables: dict[str, Any] = {"now": now.astimezone(UTC).isoformat(), "after": None}
        for _ in range(_MAX_PAGES):
            user = await self._scheduling.viewer_entity(viewer, _QUERY, variables)
            page = user.get("bookings") or {}
            if any(
                b["tutor"]["id"] == tutor_id
                and b["student"]["id"] == viewer.user_id
                and datetime.fromisoformat(b["end"]) <= now
                for b in (edge["node"] for edge in page.get("edges") or ())
            ):
                return True
            info = page.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return False
            variables["after"] = info.get("endCursor")
        return False
