"""The bad-input sweeps' shared part: call a served subgraph as the gateway would, and check that
an argument the client got wrong is one BAD_USER_INPUT error naming that argument."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from shared.auth import Viewer
from tests.support.identity import gateway_identity_headers

__all__ = ["BadInput", "assert_names_argument", "call"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BadInput:
    """One bad argument: the operation, its variables, who sends it, the argument it names."""

    query: str
    variables: dict[str, Any]
    argument: str
    viewer: Viewer | None = None

    def __str__(self) -> str:
        return self.argument


def call(url: str, secret: str, case: BadInput) -> dict[str, Any]:
    headers = gateway_identity_headers(case.viewer, secret) if case.viewer else {}
    response = httpx.post(
        url, json={"query": case.query, "variables": case.variables}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    return body


def assert_names_argument(body: dict[str, Any], argument: str) -> None:
    """One error in the one shape every subgraph uses: `extensions` is exactly the code
    BAD_USER_INPUT and `argument` (the path), and the message starts with that path."""
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    [error] = errors
    extensions = error.get("extensions") or {}
    assert extensions.get("code") == "BAD_USER_INPUT", error
    assert extensions == {"code": "BAD_USER_INPUT", "argument": argument}, error
    assert error["message"].startswith(argument), error
    # The error sits on the field that took the argument, not on the whole operation.
    assert error.get("path"), error
