"""The HTTP status the server sends an outcome with, for tests that run stages without sockets."""

from __future__ import annotations

from gateway.request import Outcome
from gateway.server.http.status import http_answer


def status_of(outcome: Outcome) -> int:
    """The status under `application/graphql-response+json` (the status table's own)."""
    return http_answer(outcome).status
