"""Whether the viewer had a lesson with a tutor: asked of the scheduling subgraph, which owns
bookings, over HTTP (docs/decisions/0006-review-needs-a-past-lesson.md).

Reviews calls scheduling as the gateway would, for the viewer only: `x-gateway-secret` (the
secret the gateway and the subgraphs share) next to `x-gateway-claims` (the viewer the gateway
verified), so scheduling applies its own rule that a user's bookings are theirs alone. The
question is `User.bookings(status: CONFIRMED, to: now)` of the viewer's `User` entity; a lesson
counts when the viewer was its student, the tutor is the one reviewed and it has ended.

Error tree::

    DomainError
    └── StoreUnavailable   SERVICE_UNAVAILABLE: scheduling did not answer (in time, or at all)
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol

import aiohttp
import orjson

from shared.auth import Viewer
from shared.errors import StoreUnavailable
from shared.identity import IdentityHeaders, encode_claims

__all__ = ["LessonHistory", "SchedulingLessons"]

log = logging.getLogger("subgraphs.reviews.lessons")

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
        self._url = url
        self._secret = secret
        self._names = names or IdentityHeaders.from_env()
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use, inside the server's event loop (the app may be built outside it).
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                json_serialize=lambda value: orjson.dumps(value).decode(),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def had_lesson(self, viewer: Viewer, tutor_id: str, now: datetime) -> bool:
        """Whether `viewer` was the student of a confirmed booking with `tutor_id` that ended
        by `now`."""
        headers = {
            self._names.secret: self._secret,
            self._names.claims: encode_claims({"sub": viewer.user_id, "role": viewer.role}),
        }
        variables: dict[str, Any] = {
            "user": [{"__typename": "User", "id": viewer.user_id}],
            "now": now.astimezone(UTC).isoformat(),
            "after": None,
        }
        for _ in range(_MAX_PAGES):
            body = await self._ask({"query": _QUERY, "variables": variables}, headers)
            entities = (body.get("data") or {}).get("_entities")
            if body.get("errors") or not isinstance(entities, list) or len(entities) != 1:
                log.warning(
                    "scheduling could not list the bookings of %s: %s", viewer.user_id, body
                )
                raise _unavailable()
            page = (entities[0] or {}).get("bookings") or {}
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

    async def _ask(self, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        try:
            async with self._client().post(self._url, json=payload, headers=headers) as answer:
                if answer.status != 200:
                    log.warning("scheduling answered HTTP %s at %s", answer.status, self._url)
                    raise _unavailable()
                body = await answer.json(loads=orjson.loads, content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning(
                "scheduling did not answer at %s: %s: %s", self._url, type(exc).__name__, exc
            )
            raise _unavailable() from exc
        if not isinstance(body, dict):
            raise _unavailable()
        return body


def _unavailable() -> StoreUnavailable:
    return StoreUnavailable(
        "cannot check your lessons with this tutor right now; try again later",
        store="scheduling",
    )
