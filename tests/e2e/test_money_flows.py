"""Money through the gateway, on the real stores and the local Stripe stand-in.

A student books a lesson (PENDING_PAYMENT), checks out (priced by payments from the booking's
times in scheduling and the tutor's rate in tutors, through @requires), pays; the booking
confirms and the tutor's earnings grow by 80% of the price. Cancelled at least 24 hours before
its start, a paid lesson is refunded in full and the earnings shrink back; cancelled later, it
is not refunded. A student buys a course, is enrolled, completes a lesson and reviews it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from shared.seed import SEED_PASSWORD, seed_courses, seed_enrollments, students, users

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
SLOTS = """query($from: DateTime!, $to: DateTime!, $after: String) {
  tutors(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id availability(from: $from, to: $to) { start end } } } } }"""
BOOK = """mutation($t: ID!, $s: DateTime!, $e: DateTime!) {
  bookLesson(input: {tutorId: $t, start: $s, end: $e}) { id status } }"""
BOOKING = """query($id: ID!) { booking(id: $id) { id status
  payment { status amount { amount currency } } } }"""
CHECKOUT = """query($id: ID!) { booking(id: $id) { checkout {
  quote amount { amount currency } commission { amount } tutorPayout { amount } } } }"""
PAY = """mutation($q: String!, $m: String!) {
  pay(input: {quote: $q, paymentMethod: $m}) { id status purpose amount { amount currency } } }"""
CANCEL = "mutation($id: ID!) { cancelBooking(id: $id) { status } }"
EARNINGS = """query($t: ID!) { tutor(id: $t) { earnings {
  earned { amount currency } balance { amount } } } }"""
COURSE_CHECKOUT = """query($id: ID!) { course(id: $id) { title price { amount currency }
  lessons { id } checkout { quote amount { amount currency } } } }"""
ENROLLMENT = """query($c: ID!) { me { enrollment(courseId: $c) { id
  progress { completedLessons lessonCount } payment { status } } } }"""
COMPLETE = """mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) {
  progress { completedLessons } } }"""
REVIEW = """mutation($c: ID!) { reviewCourse(input: {courseId: $c, rating: 5,
  comment: "Well paced, with good exercises."}) { rating course { id } } }"""
RATING = "query($id: ID!) { course(id: $id) { rating { count } } }"


def ask(url: str, query: str, variables: Any = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def data(url: str, query: str, variables: Any = None, token: str | None = None) -> Any:
    body = ask(url, query, variables, token)
    assert "errors" not in body, body
    return body["data"]


def sign_in(url: str, user_id: str) -> str:
    user = next(u for u in users() if u.id == user_id)
    token: str = data(url, SIGN_IN, {"e": user.email, "p": SEED_PASSWORD})["signIn"]["token"]
    return token


def card() -> str:
    """A card payment method at the Stripe stand-in, as Stripe.js makes one in a browser."""
    form = {
        "type": "card",
        "card[number]": "4242424242424242",
        "card[exp_month]": "12",
        "card[exp_year]": "2040",
        "card[cvc]": "123",
    }
    answer = httpx.post(
        f"{os.environ['PAYMENTS_STRIPE_API_BASE']}/v1/payment_methods",
        data=form,
        auth=(os.environ["PAYMENTS_STRIPE_API_KEY"], ""),
        timeout=30,
    )
    answer.raise_for_status()
    method: str = answer.json()["id"]
    return method


def _on_the_grid(moment: datetime) -> datetime:
    """The first quarter hour at or after `moment` (lessons start on the 15-minute grid)."""
    past = (moment.minute % 15) * 60 + moment.second
    return (
        moment
        + timedelta(seconds=(15 * 60 - past) % (15 * 60))
        - timedelta(microseconds=moment.microsecond)
    )


def free_hour(url: str, after: datetime, within: timedelta, skip: set[str]) -> tuple[str, str, str]:
    """A tutor (not in `skip`) with a free hour starting in [after, after + within)."""
    window = {"from": after.isoformat(), "to": (after + within).isoformat(), "after": None}
    while True:
        page = data(url, SLOTS, window)["tutors"]
        for edge in page["edges"]:
            tutor = edge["node"]
            if tutor["id"] in skip:
                continue
            for slot in tutor["availability"]:
                start = _on_the_grid(datetime.fromisoformat(slot["start"]))
                end = datetime.fromisoformat(slot["end"])
                if end - start >= timedelta(hours=1):
                    return tutor["id"], start.isoformat(), (start + timedelta(hours=1)).isoformat()
        assert page["pageInfo"]["hasNextPage"], "no tutor has a free hour in the window"
        window["after"] = page["pageInfo"]["endCursor"]


def earned(url: str, tutor_id: str) -> Decimal:
    token = sign_in(url, "user-" + tutor_id.removeprefix("tutor-"))
    found = data(url, EARNINGS, {"t": tutor_id}, token)["tutor"]["earnings"]
    assert Decimal(found["earned"]["amount"]) == Decimal(found["balance"]["amount"])  # no payout
    return Decimal(found["earned"]["amount"])


def book_and_pay(url: str, token: str, tutor: str, start: str, end: str) -> dict[str, Any]:
    booked = data(url, BOOK, {"t": tutor, "s": start, "e": end}, token)["bookLesson"]
    assert booked["status"] == "PENDING_PAYMENT"
    checkout = data(url, CHECKOUT, {"id": booked["id"]}, token)["booking"]["checkout"]
    paid = data(url, PAY, {"q": checkout["quote"], "m": card()}, token)["pay"]
    assert paid["status"] == "SUCCEEDED", paid
    assert paid["purpose"] == "BOOKING"
    assert paid["amount"] == checkout["amount"]
    return {"booking": booked["id"], "checkout": checkout}


def test_a_paid_lesson_confirms_earns_the_tutor_80_percent_and_refunds_by_the_policy(
    gateway_url: str,
) -> None:
    student = students()[640].id
    token = sign_in(gateway_url, student)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    tutor, start, end = free_hour(gateway_url, now + timedelta(days=3), timedelta(days=7), set())
    before = earned(gateway_url, tutor)

    lesson = book_and_pay(gateway_url, token, tutor, start, end)
    checkout = lesson["checkout"]
    amount = Decimal(checkout["amount"]["amount"])
    payout = Decimal(checkout["tutorPayout"]["amount"])
    commission = Decimal(checkout["commission"]["amount"])
    assert commission + payout == amount
    assert commission == (amount * Decimal("0.2")).quantize(Decimal("0.01"), "ROUND_DOWN")
    confirmed = data(gateway_url, BOOKING, {"id": lesson["booking"]}, token)["booking"]
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed["payment"] == {"status": "SUCCEEDED", "amount": checkout["amount"]}
    assert earned(gateway_url, tutor) == before + payout

    # Cancelled days ahead: refunded in full, and the tutor's earnings shrink back.
    assert data(gateway_url, CANCEL, {"id": lesson["booking"]}, token)["cancelBooking"] == {
        "status": "CANCELLED"
    }
    refunded = data(gateway_url, BOOKING, {"id": lesson["booking"]}, token)["booking"]
    assert refunded["payment"]["status"] == "REFUNDED"
    assert earned(gateway_url, tutor) == before


def test_a_lesson_cancelled_within_24_hours_of_its_start_is_not_refunded(
    gateway_url: str,
) -> None:
    student = students()[641].id
    token = sign_in(gateway_url, student)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    tutor, start, end = free_hour(gateway_url, now + timedelta(hours=2), timedelta(hours=20), set())
    before = earned(gateway_url, tutor)
    lesson = book_and_pay(gateway_url, token, tutor, start, end)
    data(gateway_url, CANCEL, {"id": lesson["booking"]}, token)
    kept = data(gateway_url, BOOKING, {"id": lesson["booking"]}, token)["booking"]
    assert kept["status"] == "CANCELLED"
    assert kept["payment"]["status"] == "SUCCEEDED"
    assert earned(gateway_url, tutor) == before + Decimal(
        lesson["checkout"]["tutorPayout"]["amount"]
    )


def test_a_student_buys_a_course_enrolls_completes_a_lesson_and_reviews_it(
    gateway_url: str,
) -> None:
    enrolled = {(e.student_id, e.course_id) for e in seed_enrollments()}
    student = students()[642].id
    course = next(c for c in seed_courses() if c.published and (student, c.id) not in enrolled)
    token = sign_in(gateway_url, student)
    early = ask(gateway_url, REVIEW, {"c": course.id}, token)
    assert [e["extensions"]["code"] for e in early["errors"]] == ["FORBIDDEN"], early
    rating_before = data(gateway_url, RATING, {"id": course.id})["course"]["rating"]["count"]

    found = data(gateway_url, COURSE_CHECKOUT, {"id": course.id}, token)["course"]
    assert found["checkout"]["amount"] == found["price"]
    paid = data(gateway_url, PAY, {"q": found["checkout"]["quote"], "m": card()}, token)["pay"]
    assert (paid["status"], paid["purpose"]) == ("SUCCEEDED", "ENROLLMENT")

    mine = data(gateway_url, ENROLLMENT, {"c": course.id}, token)["me"]["enrollment"]
    assert mine["payment"] == {"status": "SUCCEEDED"}
    assert mine["progress"] == {"completedLessons": 0, "lessonCount": course.lessons}
    first = found["lessons"][0]["id"]
    done = data(gateway_url, COMPLETE, {"c": course.id, "l": first}, token)["completeLesson"]
    assert done["progress"] == {"completedLessons": 1}

    reviewed = data(gateway_url, REVIEW, {"c": course.id}, token)["reviewCourse"]
    assert reviewed == {"rating": 5, "course": {"id": course.id}}
    after = data(gateway_url, RATING, {"id": course.id})["course"]["rating"]["count"]
    assert after == rating_before + 1


def test_the_student_view_shows_bookings_with_payments_and_courses_with_progress(
    gateway_url: str,
) -> None:
    """docs/showcase-student.graphql: one query across all six subgraphs."""
    with_courses = {e.student_id for e in seed_enrollments()}
    student = next(s.id for s in students()[643:] if s.id not in with_courses)
    token = sign_in(gateway_url, student)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    tutor, start, end = free_hour(gateway_url, now + timedelta(days=4), timedelta(days=7), set())
    lesson = book_and_pay(gateway_url, token, tutor, start, end)
    course = next(c for c in seed_courses() if c.published)
    quote = data(gateway_url, COURSE_CHECKOUT, {"id": course.id}, token)["course"]["checkout"]
    data(gateway_url, PAY, {"q": quote["quote"], "m": card()}, token)

    view = (ROOT / "docs" / "showcase-student.graphql").read_text()
    me = data(gateway_url, view, {"from": now.isoformat()}, token)["me"]
    bookings = [e["node"] for e in me["bookings"]["edges"]]
    mine = next(b for b in bookings if b["id"] == lesson["booking"])
    assert mine["status"] == "CONFIRMED"
    assert mine["payment"] == {"status": "SUCCEEDED", "amount": lesson["checkout"]["amount"]}
    assert mine["tutor"]["user"]["displayName"]
    (enrollment,) = [e["node"] for e in me["enrollments"]["edges"]]
    assert enrollment["course"]["title"]
    assert enrollment["course"]["lessonCount"] == course.lessons
    assert enrollment["progress"] == {
        "completedLessons": 0,
        "lessonCount": course.lessons,
        "finished": False,
    }
    assert enrollment["payment"] == {"status": "SUCCEEDED", "amount": quote["amount"]}
