"""Shared test helpers: run operations against the schema with a chosen viewer and clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from strawberry.types import ExecutionResult

from shared.auth import Viewer
from subgraphs.scheduling.context import Context, PaymentLinks
from subgraphs.scheduling.model import Rule, Weekday
from subgraphs.scheduling.schema import schema
from subgraphs.scheduling.store import Store

# "Now" for the tests: before the seeded month, so December 2026 lies in the future.
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
TUTOR = "tutor-0001"
TUTOR_USER = Viewer(user_id="user-0001", role="TUTOR")
STUDENT = Viewer(user_id="user-0300", role="STUDENT")
OTHER_STUDENT = Viewer(user_id="user-0301", role="STUDENT")
ADMIN = Viewer(user_id="user-1001", role="ADMIN")

# Berlin is UTC+1 in December: Monday 09:00-12:00 local is 08:00-11:00Z.
BERLIN_RULES = (
    Rule(
        tutor_id=TUTOR,
        weekday=Weekday.MONDAY,
        start=time(9),
        end=time(12),
        timezone="Europe/Berlin",
    ),
    Rule(
        tutor_id=TUTOR,
        weekday=Weekday.WEDNESDAY,
        start=time(14),
        end=time(18),
        timezone="Europe/Berlin",
    ),
)


async def run(
    store: Store,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
    now: datetime = NOW,
    payments: PaymentLinks | None = None,
) -> ExecutionResult:
    context = Context.for_request(store, viewer, lambda: now, payments=payments)
    return await schema.execute(query, variable_values=dict(variables or {}), context_value=context)


def codes(result: ExecutionResult) -> list[str]:
    """The `extensions.code` of every error, after checking none leaks internals."""
    out = []
    for error in result.errors or []:
        formatted = error.formatted
        assert "Traceback" not in str(formatted)
        out.append((formatted.get("extensions") or {}).get("code"))
    return out


BOOK = """
mutation Book($input: BookLessonInput!) {
  bookLesson(input: $input) { id start end status createdAt tutor { id } student { id } }
}
"""


def book_vars(start: str, end: str, tutor: str = TUTOR) -> dict[str, Any]:
    return {"input": {"tutorId": tutor, "start": start, "end": end}}
