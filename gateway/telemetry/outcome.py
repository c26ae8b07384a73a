"""How one answered request is classified for metrics, spans and the access log.

success        HTTP 200 and no errors
partial        HTTP 200 with data and errors (some fields failed)
request_error  HTTP 4xx (the client's request was refused), or the client went away
failure        HTTP 5xx, a 200 whose data is null with errors, or an exception from the server
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gateway.request.context import Answer

__all__ = ["CLIENT_CLOSED", "Outcome", "RequestOutcome", "classify", "error_codes"]

Outcome = Literal["success", "partial", "request_error", "failure"]

# nginx's status for "the client closed the connection before the answer": no answer was sent.
CLIENT_CLOSED = 499


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOutcome:
    outcome: Outcome
    status: int
    error_codes: tuple[str, ...] = ()


def classify(response: Answer | None) -> RequestOutcome:
    """The outcome of a request the server answered with `response` (None: nothing was sent)."""
    if response is None:
        return RequestOutcome(outcome="request_error", status=CLIENT_CLOSED)
    status = response.status
    codes = error_codes(response.body)
    if status >= 500:
        return RequestOutcome(outcome="failure", status=status, error_codes=codes)
    if status >= 400:
        return RequestOutcome(outcome="request_error", status=status, error_codes=codes)
    if not response.body.get("errors"):
        return RequestOutcome(outcome="success", status=status)
    if response.body.get("data") is None:
        return RequestOutcome(outcome="failure", status=status, error_codes=codes)
    return RequestOutcome(outcome="partial", status=status, error_codes=codes)


def error_codes(body: dict[str, Any]) -> tuple[str, ...]:
    """The distinct `extensions.code`s of the body's errors, in order of first appearance."""
    errors = body.get("errors")
    if not isinstance(errors, list):
        return ()
    codes: dict[str, None] = {}
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        codes[code if isinstance(code, str) else "UNKNOWN"] = None
    return tuple(codes)
