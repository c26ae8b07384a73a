"""Reviews through the gateway: only a student who had a lesson with the tutor (a confirmed
booking that has ended, which reviews asks scheduling about) may review, once per tutor."""

from __future__ import annotations

from typing import Any

import httpx

from shared.seed import SEED_PASSWORD, lesson_history, users
from subgraphs.reviews.seed import generate

SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
SUBMIT = """mutation($t: ID!) {
  submitReview(input: {tutorId: $t, rating: 5, comment: "Clear and patient."}) {
    rating author { id } tutor { id } } }"""


def ask(url: str, query: str, variables: Any = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def codes(body: Any) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or ()]


def test_a_student_reviews_a_tutor_they_had_a_lesson_with_once(gateway_url: str) -> None:
    reviewed = {(r.author_id, r.tutor_id) for r in generate()}
    student_id, tutor_id = next(
        (lesson.student_id, lesson.tutor_id)
        for lesson in lesson_history()
        if (lesson.student_id, lesson.tutor_id) not in reviewed
    )
    never_taught = next(
        t
        for t in (f"tutor-{n:04d}" for n in range(1, 201))
        if all((student_id, t) != (ln.student_id, ln.tutor_id) for ln in lesson_history())
    )
    student = next(u for u in users() if u.id == student_id)
    token = ask(gateway_url, SIGN_IN, {"e": student.email, "p": SEED_PASSWORD})["data"]["signIn"][
        "token"
    ]

    stranger = ask(gateway_url, SUBMIT, {"t": never_taught}, token)
    assert codes(stranger) == ["FORBIDDEN"], stranger

    made = ask(gateway_url, SUBMIT, {"t": tutor_id}, token)
    assert "errors" not in made, made
    assert made["data"]["submitReview"] == {
        "rating": 5,
        "author": {"id": student_id},
        "tutor": {"id": tutor_id},
    }
    again = ask(gateway_url, SUBMIT, {"t": tutor_id}, token)
    assert codes(again) == ["CONFLICT"], again


def test_anonymous_clients_cannot_review(gateway_url: str) -> None:
    body = ask(gateway_url, SUBMIT, {"t": "tutor-0007"})
    assert body.get("data") is None or body["data"].get("submitReview") is None
    assert set(codes(body)) <= {"UNAUTHORIZED_FIELD_OR_TYPE", "UNAUTHENTICATED"}, body
