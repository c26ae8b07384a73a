"""Every argument accounts parses (page sizes, cursors, sign-up input, confirmation tokens),
given a bad value, is BAD_USER_INPUT naming that argument. (Sign-in is the exception by design:
every failure there is the one UNAUTHENTICATED answer, so that it tells nothing.)"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from shared.auth import Viewer
from subgraphs.accounts.app import build_app
from subgraphs.accounts.settings import Settings
from tests.subgraphs.sweep import BadInput, assert_names_argument, call
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.usefixtures("store")

ADMIN = Viewer(user_id="user-1001", role="ADMIN")
USERS = """query($first: Int!, $after: String) {
  users(first: $first, after: $after) { totalCount } }"""
SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { email } }"
CONFIRM = "mutation($token: String!) { confirmSignUp(token: $token) { token } }"


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def page(first: int = 5, after: str | None = None) -> dict[str, object]:
    return {"first": first, "after": after}


def sign_up(**fields: object) -> dict[str, object]:
    base = {"email": "x@example.org", "password": "long enough", "displayName": "X"}
    return {"input": {**base, "timezone": "UTC", **fields}}


CASES = [
    BadInput(query=USERS, variables=page(first=-1), argument="first", viewer=ADMIN),
    BadInput(query=USERS, variables=page(first=101), argument="first", viewer=ADMIN),
    BadInput(query=USERS, variables=page(after="garbage"), argument="after", viewer=ADMIN),
    BadInput(
        query=USERS,
        variables=page(after=cursor("yesterday|user-0001")),
        argument="after",
        viewer=ADMIN,
    ),
    # Well-formed, but around ids accounts never issues: once silently read as a position.
    BadInput(
        query=USERS,
        variables=page(after=cursor("2026-01-01T00:00:00+00:00|!!!")),
        argument="after",
        viewer=ADMIN,
    ),
    BadInput(
        query=USERS,
        variables=page(after=cursor("2026-01-01T00:00:00+00:00|user-")),
        argument="after",
        viewer=ADMIN,
    ),
    BadInput(query=SIGN_UP, variables=sign_up(email="not an address"), argument="input.email"),
    BadInput(query=SIGN_UP, variables=sign_up(password="short"), argument="input.password"),
    BadInput(query=SIGN_UP, variables=sign_up(displayName=" "), argument="input.displayName"),
    BadInput(query=SIGN_UP, variables=sign_up(timezone="Mars/Base"), argument="input.timezone"),
    BadInput(query=SIGN_UP, variables=sign_up(role="ADMIN"), argument="input.role"),
    BadInput(query=CONFIRM, variables={"token": "not-a-token"}, argument="token"),
    BadInput(query=CONFIRM, variables={"token": ""}, argument="token"),
]


@pytest.fixture(scope="module")
def url(settings: Settings, gateway_secret: str) -> Iterator[str]:
    with serve_in_thread(build_app(settings, secret=gateway_secret)) as base:
        yield f"{base}/graphql"


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{c.argument}" for n, c in enumerate(CASES)])
def test_a_bad_argument_is_bad_user_input_naming_it(
    url: str, gateway_secret: str, case: BadInput
) -> None:
    assert_names_argument(call(url, gateway_secret, case), case.argument)
