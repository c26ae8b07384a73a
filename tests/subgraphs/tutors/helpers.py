"""Shared test helpers: run operations against the tutors schema as a chosen viewer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.types import ExecutionResult

from shared.auth import Viewer
from subgraphs.tutors.context import Context
from subgraphs.tutors.schema import schema
from subgraphs.tutors.store import TutorStore

OWNER = Viewer(user_id="user-0001", role="TUTOR")  # owns tutor-0001
OTHER_TUTOR = Viewer(user_id="user-0002", role="TUTOR")
STUDENT = Viewer(user_id="user-0300", role="STUDENT")
ADMIN = Viewer(user_id="user-1001", role="ADMIN")
NEW_TUTOR = Viewer(user_id="user-5000", role="TUTOR")  # a tutor without a profile yet


async def run(
    store: TutorStore,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
) -> ExecutionResult:
    context = Context.for_request(store, viewer)
    return await schema.execute(query, variable_values=dict(variables or {}), context_value=context)


def data(result: ExecutionResult) -> dict[str, Any]:
    assert not result.errors, [e.formatted for e in result.errors]
    assert result.data is not None
    return result.data


def codes(result: ExecutionResult) -> list[str]:
    """The `extensions.code` of every error, after checking none leaks internals."""
    out = []
    for error in result.errors or []:
        formatted = error.formatted
        assert "Traceback" not in str(formatted)
        out.append((formatted.get("extensions") or {}).get("code"))
    return out
