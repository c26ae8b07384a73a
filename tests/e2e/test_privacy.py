"""Privacy through the gateway: the user directory is for admins, a tutor's name on a public
profile is for everyone, and sign-up does not tell whether an address has an account."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from shared.seed import SEED_PASSWORD, users
from tests.support.platform import Platform

SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { email message } }"
CONFIRM = "mutation($t: String!) { confirmSignUp(token: $t) { token user { id displayName } } }"
USERS = "{ users(first: 3) { edges { node { id displayName role } } } }"


def ask(url: str, query: str, variables: Any = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def token_of(url: str, email: str, password: str = SEED_PASSWORD) -> str:
    body = ask(url, SIGN_IN, {"e": email, "p": password})
    token: str = body["data"]["signIn"]["token"]
    return token


def admin() -> Any:
    return next(u for u in users() if u.role == "ADMIN")


def test_anonymous_clients_and_students_cannot_list_users(gateway_url: str) -> None:
    anonymous = ask(gateway_url, USERS)
    assert anonymous.get("data") is None
    assert "displayName" not in str(anonymous)
    student = token_of(gateway_url, users()[300].email)
    as_student = ask(gateway_url, USERS, token=student)
    assert as_student.get("data") is None
    assert users()[0].display_name not in str(as_student)
    codes = {e["extensions"]["code"] for e in anonymous["errors"] + as_student["errors"]}
    assert codes <= {"UNAUTHORIZED_FIELD_OR_TYPE", "FORBIDDEN", "UNAUTHENTICATED"}, codes


def test_admins_list_users(gateway_url: str) -> None:
    body = ask(gateway_url, USERS, token=token_of(gateway_url, admin().email))
    assert "errors" not in body, body
    assert len(body["data"]["users"]["edges"]) == 3


def test_a_tutor_profile_shows_the_tutors_name_to_anonymous_visitors(gateway_url: str) -> None:
    body = ask(gateway_url, '{ tutor(id: "tutor-0007") { user { displayName } } }')
    assert body == {"data": {"tutor": {"user": {"displayName": users()[6].display_name}}}}


def test_a_students_user_is_null_to_anonymous_clients_and_others(gateway_url: str) -> None:
    student, other = users()[400], users()[401]
    query = "query($id: ID!) { user(id: $id) { displayName } }"
    assert ask(gateway_url, query, {"id": student.id}) == {"data": {"user": None}}
    as_other = ask(gateway_url, query, {"id": student.id}, token_of(gateway_url, other.email))
    assert as_other == {"data": {"user": None}}
    themself = ask(gateway_url, query, {"id": student.id}, token_of(gateway_url, student.email))
    assert themself == {"data": {"user": {"displayName": student.display_name}}}


def _sign_up(url: str, email: str) -> Any:
    new = {"email": email, "password": "a long new password", "displayName": "N", "timezone": "UTC"}
    return ask(url, SIGN_UP, {"i": new})


def _mail_to(mail_dir: Path, address: str) -> str:
    from subgraphs.accounts.mail import read_mailbox

    found = [m for m in read_mailbox(mail_dir) if m["To"].lower() == address.lower()]
    assert found, f"no mail to {address}"
    return str(found[-1].get_content())


def test_sign_up_answers_alike_for_taken_and_new_addresses(
    gateway_url: str, platform: Platform
) -> None:
    taken = users()[450]
    for_taken = _sign_up(gateway_url, taken.email)
    for_new = _sign_up(gateway_url, "brand.new.e2e@example.org")
    assert "errors" not in for_taken
    assert "errors" not in for_new
    assert for_taken["data"]["signUp"]["message"] == for_new["data"]["signUp"]["message"]
    assert for_taken["data"]["signUp"].keys() == for_new["data"]["signUp"].keys()
    # Only the address's owner learns which it was, from the mail.
    assert "already" in _mail_to(platform.mail_dir, taken.email)
    body = _mail_to(platform.mail_dir, "brand.new.e2e@example.org")
    token = re.search(r"^([A-Za-z0-9_-]{43})$", body, re.MULTILINE)
    assert token is not None, body
    confirmed = ask(gateway_url, CONFIRM, {"t": token.group(1)})
    assert confirmed["data"]["confirmSignUp"]["user"]["displayName"] == "N", confirmed
    me = ask(
        gateway_url, "{ me { displayName } }", token=confirmed["data"]["confirmSignUp"]["token"]
    )
    assert me == {"data": {"me": {"displayName": "N"}}}
    # The taken address's password is unchanged: the owner still signs in, the typed one fails.
    assert token_of(gateway_url, taken.email)
    failed = ask(gateway_url, SIGN_IN, {"e": taken.email, "p": "a long new password"})
    assert failed["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
