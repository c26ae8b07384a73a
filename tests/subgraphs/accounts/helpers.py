"""Small helpers shared by the accounts tests."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from strawberry.types import ExecutionResult

from shared.auth import Viewer

ADMIN = Viewer(user_id="user-1001", role="ADMIN")
STUDENT = Viewer(user_id="user-0201", role="STUDENT")


class Run(Protocol):
    def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, viewer: Viewer | None = None
    ) -> Awaitable[ExecutionResult]: ...


def codes(result: ExecutionResult) -> list[str]:
    """The `extensions.code` of every error, in order."""
    return [(e.extensions or {}).get("code", "") for e in result.errors or ()]


def data(result: ExecutionResult) -> dict[str, Any]:
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id email displayName role timezone createdAt } }
}
"""

SIGN_IN = """
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { token user { id email role } }
}
"""


def sign_up_input(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "email": "new.person@example.org",
        "password": "correct horse battery",
        "displayName": "New Person",
        "timezone": "Europe/Berlin",
    }
    return {"input": {**base, **overrides}}
