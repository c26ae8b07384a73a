"""Errors a subgraph raises on purpose; each carries the `extensions.code` the client sees.

Error tree::

    Exception
    └── DomainError              code given per instance (defaults below)
        ├── NotFound             NOT_FOUND
        ├── BadUserInput         BAD_USER_INPUT
        ├── Unauthenticated      UNAUTHENTICATED
        ├── Forbidden            FORBIDDEN
        ├── Conflict             CONFLICT
        └── StoreUnavailable     SERVICE_UNAVAILABLE (a store timed out or is down)
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "BadUserInput",
    "Conflict",
    "DomainError",
    "Forbidden",
    "NotFound",
    "StoreUnavailable",
    "Unauthenticated",
]


class DomainError(Exception):
    """An expected failure whose message is safe to show to the client."""

    default_code: ClassVar[str] = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details = details


class NotFound(DomainError):
    default_code = "NOT_FOUND"


class BadUserInput(DomainError):
    default_code = "BAD_USER_INPUT"


class Unauthenticated(DomainError):
    default_code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    default_code = "FORBIDDEN"


class Conflict(DomainError):
    default_code = "CONFLICT"


class StoreUnavailable(DomainError):
    """The subgraph's store did not answer in time or refused the connection: try again later."""

    default_code = "SERVICE_UNAVAILABLE"
