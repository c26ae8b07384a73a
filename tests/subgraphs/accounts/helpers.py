"""Small helpers shared by the accounts tests."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

from strawberry.types import ExecutionResult

from shared.auth import Viewer
from subgraphs.accounts.mail import read_mailbox

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
mutation SignUp($input: SignUpInput!) { signUp(input: $input) { email message } }
"""

CONFIRM = """
mutation Confirm($token: String!) {
  confirmSignUp(token: $token) { token user { id email displayName role timezone createdAt } }
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


_TOKEN = re.compile(r"^([A-Za-z0-9_-]{43})$", re.MULTILINE)


def mails(mailbox: Path) -> list[EmailMessage]:
    return read_mailbox(mailbox) if mailbox.exists() else []


def mailed_token(message: EmailMessage) -> str:
    """The confirmation token in a sign-up mail."""
    found = _TOKEN.search(message.get_content())
    assert found is not None, message.get_content()
    return found.group(1)


async def signed_up(run: Run, mailbox: Path, **overrides: Any) -> dict[str, Any]:
    """Sign up, confirm with the mailed token; the `confirmSignUp` payload."""
    data(await run(SIGN_UP, sign_up_input(**overrides)))
    token = mailed_token(mails(mailbox)[-1])
    payload: dict[str, Any] = data(await run(CONFIRM, {"token": token}))["confirmSignUp"]
    return payload
