"""Arguments a client got wrong, through the gateway: a precise BAD_USER_INPUT naming the
argument, where these once came back as something else ("Cannot return null…" for the whole
tutor, the first page again, "a lesson lasts between 30 and 180 minutes")."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from shared.seed import SEED_PASSWORD, users

SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"


def ask(url: str, query: str, variables: Any = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def bad_input_naming(body: Any, argument: str) -> dict[str, Any]:
    """The client's BAD_USER_INPUT error about `argument` (named in message and extensions)."""
    found = [
        e
        for e in body.get("errors") or ()
        if (e.get("extensions") or {}).get("code") == "BAD_USER_INPUT"
        and (e.get("extensions") or {}).get("argument") == argument
    ]
    assert found, body
    assert argument.rsplit(".", 1)[-1] in found[0]["message"], found[0]
    return found[0]


def test_availability_from_yesterday_is_bad_user_input_naming_from(gateway_url: str) -> None:
    literal = ask(
        gateway_url,
        '{ tutor(id: "tutor-0007") { id availability(from: "yesterday", '
        'to: "2026-12-14T00:00:00Z") { start } } }',
    )
    error = bad_input_naming(literal, "from")
    assert error["path"] == ["tutor", "availability"]
    variable = ask(
        gateway_url,
        'query($f: DateTime!) { tutor(id: "tutor-0007") { id availability(from: $f, '
        'to: "2026-12-14T00:00:00Z") { start } } }',
        {"f": "yesterday"},
    )
    bad_input_naming(variable, "from")


def test_a_cursor_around_a_malformed_id_is_not_the_first_page(gateway_url: str) -> None:
    cursor = base64.urlsafe_b64encode(b"tutor:!!bad").decode()
    body = ask(
        gateway_url,
        "query($a: String) { tutors(first: 2, after: $a) { totalCount } }",
        {"a": cursor},
    )
    bad_input_naming(body, "after")
    assert body.get("data") is None or body["data"].get("tutors") is None


def test_a_lesson_ending_before_it_starts_says_so(gateway_url: str) -> None:
    student = users()[300]
    token = ask(gateway_url, SIGN_IN, {"e": student.email, "p": SEED_PASSWORD})["data"]["signIn"][
        "token"
    ]
    body = ask(
        gateway_url,
        'mutation { bookLesson(input: {tutorId: "tutor-0007", start: "2027-03-01T10:00:00Z", '
        'end: "2027-03-01T09:00:00Z"}) { id } }',
        token=token,
    )
    error = bad_input_naming(body, "input.end")
    assert "after input.start" in error["message"]
    assert "between 30 and 180" not in error["message"]
