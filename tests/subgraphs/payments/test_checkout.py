"""Checkouts through `_entities`: priced from the fields other subgraphs own (`@requires`), for
the student who pays only, and never from fields that are missing or malformed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.payments.quotes import verify
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import (
    ADMIN,
    CHECKOUT,
    NOW,
    OTHER_STUDENT,
    SECRET,
    STUDENT,
    TUTOR_ID,
    TUTOR_USER,
    checkout,
    codes,
    course,
    lesson,
    run,
)

pytestmark = pytest.mark.stores


async def test_ninety_minutes_at_45_50_an_hour_cost_68_25(service: Payments, store: Store) -> None:
    found = await checkout(service, store, lesson(minutes=90, rate="45.50"))
    assert found["amount"] == {"amount": "68.25", "currency": "USD"}
    # 20% of 68.25 is 13.65 exactly; the tutor gets the rest.
    assert found["commission"] == {"amount": "13.65", "currency": "USD"}
    assert found["tutorPayout"] == {"amount": "54.60", "currency": "USD"}
    assert found["expiresAt"] == (NOW + timedelta(minutes=15)).isoformat()
    quote = verify(found["quote"], SECRET, NOW)
    assert (quote.reference, quote.student_id, quote.tutor_id) == (
        "booking-1",
        STUDENT.user_id,
        TUTOR_ID,
    )
    assert quote.amount.minor == 6825


@pytest.mark.parametrize(
    ("minutes", "rate", "price", "commission", "payout"),
    [
        (45, "45.50", "34.13", "6.82", "27.31"),  # 34.125: a half cent rounds up
        (50, "45.50", "37.92", "7.58", "30.34"),  # 37.9166…: rounds down
        (30, "0.01", "0.01", "0.00", "0.01"),  # a half cent of the smallest rate rounds up
        (60, "49.99", "49.99", "9.99", "40.00"),  # the commission is rounded down
    ],
)
async def test_a_lesson_price_rounds_half_up_and_the_split_adds_up(
    service: Payments,
    store: Store,
    minutes: int,
    rate: str,
    price: str,
    commission: str,
    payout: str,
) -> None:
    found = await checkout(service, store, lesson(minutes=minutes, rate=rate))
    assert (found["amount"]["amount"], found["commission"]["amount"]) == (price, commission)
    assert found["tutorPayout"]["amount"] == payout


async def test_a_course_checkout_is_the_course_price(service: Payments, store: Store) -> None:
    found = await checkout(service, store, course(price="49.00"))
    assert found["amount"] == {"amount": "49.00", "currency": "USD"}
    assert found["commission"]["amount"] == "9.80"
    assert verify(found["quote"], SECRET, NOW).student_id == STUDENT.user_id


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(None, "UNAUTHENTICATED"), (OTHER_STUDENT, "FORBIDDEN"), (ADMIN, "FORBIDDEN")],
    ids=["anonymous", "another-student", "admin"],
)
async def test_only_the_booking_student_may_check_out(
    service: Payments, store: Store, viewer: Viewer | None, code: str
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [lesson()]}, viewer=viewer)
    assert codes(result) == [code]
    assert result.data == {"_entities": [None]}


async def test_an_anonymous_course_checkout_is_unauthenticated(
    service: Payments, store: Store
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [course()]})
    assert codes(result) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("status", ["CONFIRMED", "CANCELLED"])
async def test_a_booking_not_pending_payment_is_not_payable(
    service: Payments, store: Store, status: str
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [lesson(status=status)]}, viewer=STUDENT)
    assert codes(result) == ["NOT_PAYABLE"]
    assert status in result.errors[0].message


@pytest.mark.parametrize(
    ("representation", "viewer"),
    [(course(published=False), STUDENT), (course(), TUTOR_USER)],
    ids=["unpublished", "own-course"],
)
async def test_an_unpublished_or_own_course_is_not_payable(
    service: Payments, store: Store, representation: dict[str, Any], viewer: Viewer
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [representation]}, viewer=viewer)
    assert codes(result) == ["NOT_PAYABLE"]


def _without(representation: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in representation.items() if k != key}


_RATE = {"id": TUTOR_ID, "hourlyRate": {"amount": "45.50", "currency": "USD"}}
MALFORMED_LESSONS = {
    "nothing-required": ({"__typename": "Booking", "id": "booking-1"}, "start did not arrive"),
    "no-status": (_without(lesson(), "status"), "status did not arrive"),
    "no-student": (_without(lesson(), "student"), "student did not arrive"),
    "no-rate": ({**lesson(), "tutor": {"id": TUTOR_ID}}, "tutor.hourlyRate did not arrive"),
    "null-start": ({**lesson(), "start": None}, "start did not arrive"),
    "not-a-time": ({**lesson(), "start": "yesterday"}, "start is not a date and time"),
    "no-offset": ({**lesson(), "start": "2026-12-09T14:00:00"}, "with its offset"),
    "a-number-for-time": ({**lesson(), "end": 1765288800}, "end is not a date and time"),
    "ends-first": (lesson(minutes=-30), "end must be a whole number of minutes after start"),
    "no-length": (lesson(minutes=0), "end must be a whole number of minutes after start"),
    "days-long": (lesson(minutes=3 * 24 * 60), "a lesson lasts at most"),
    "unknown-status": ({**lesson(), "status": "PAID"}, "status is not a booking status"),
    "student-not-an-object": ({**lesson(), "student": "user-0300"}, "student.id did not arrive"),
    "rate-not-a-number": (lesson(rate="lots"), "tutor.hourlyRate.amount is not a decimal"),
    "rate-a-float": (
        {**lesson(), "tutor": {**_RATE, "hourlyRate": {"amount": 45.5, "currency": "USD"}}},
        "tutor.hourlyRate.amount is not a decimal",
    ),
    "rate-nan": (lesson(rate="NaN"), "is not an amount of money"),
    "rate-huge": (lesson(rate="1e999999999"), "too large"),
    "rate-fractional-cent": (lesson(rate="45.505"), "not a whole number of minor units"),
    "rate-negative": (lesson(rate="-45.50"), "tutor.hourlyRate must be above 0"),
    "rate-unknown-currency": (lesson(currency="XXX"), "unsupported currency"),
    "tutor-id-with-nul": (lesson(tutor="tutor-\x00"), "tutor.id is not an id"),
    "tutor-id-oversized": (lesson(tutor="tutor-" + "1" * 300), "tutor.id is not an id"),
    "booking-id-with-nul": (lesson("booking-\x00"), "id is not one a payment could be made for"),
    "rate-no-currency": (
        {**lesson(), "tutor": {**_RATE, "hourlyRate": {"amount": "45.50"}}},
        "tutor.hourlyRate.currency is not a currency code",
    ),
}


@pytest.mark.parametrize(
    ("representation", "message"), list(MALFORMED_LESSONS.values()), ids=list(MALFORMED_LESSONS)
)
async def test_missing_or_malformed_lesson_facts_are_a_clear_error(
    service: Payments, store: Store, representation: dict[str, Any], message: str
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [representation]}, viewer=STUDENT)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert message in result.errors[0].message
    assert result.data == {"_entities": [None]}


MALFORMED_COURSES = {
    "nothing-required": ({"__typename": "Course", "id": "course-1"}, "published did not arrive"),
    "published-a-string": ({**course(), "published": "yes"}, "published is not a boolean"),
    "no-price": (_without(course(), "price"), "price did not arrive"),
    "price-not-money": ({**course(), "price": "49.00"}, "price did not arrive as an amount"),
    "price-zero": (course(price="0.00"), "there is nothing to pay"),
    "price-beyond-a-charge": (course(price="1000000.00"), "more than can be charged"),
    "no-tutor": (_without(course(), "tutor"), "tutor did not arrive"),
    "course-id-oversized": (course("c" * 201), "id is not one a payment could be made for"),
}


@pytest.mark.parametrize(
    ("representation", "message"), list(MALFORMED_COURSES.values()), ids=list(MALFORMED_COURSES)
)
async def test_missing_or_malformed_course_facts_are_a_clear_error(
    service: Payments, store: Store, representation: dict[str, Any], message: str
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [representation]}, viewer=STUDENT)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert message in result.errors[0].message


async def test_many_checkouts_at_once_each_price_their_own_booking(
    service: Payments, store: Store
) -> None:
    representations = [lesson(f"booking-{n}", minutes=30 * n) for n in range(1, 5)]
    representations.append(lesson("booking-other", student=OTHER_STUDENT.user_id))
    result = await run(service, store, CHECKOUT, {"r": representations}, viewer=STUDENT)
    entities = result.data["_entities"]
    assert [e["checkout"]["amount"]["amount"] for e in entities[:4]] == [
        "22.75",
        "45.50",
        "68.25",
        "91.00",
    ]
    assert entities[4] is None
    assert codes(result) == ["FORBIDDEN"]


async def test_fields_other_subgraphs_own_are_a_clear_error_here(
    service: Payments, store: Store
) -> None:
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Booking { start } ... on Course { published }
      ... on Tutor { hourlyRate { amount } } } }"""
    tutor = {"__typename": "Tutor", "id": TUTOR_ID}
    asked = await run(service, store, query, {"r": [lesson(), course(), tutor]}, viewer=STUDENT)
    assert codes(asked) == ["BAD_USER_INPUT"] * 3
    assert {e.message for e in asked.errors} == {
        "this field is resolved by scheduling: ask for it through the gateway",
        "this field is resolved by learning: ask for it through the gateway",
        "this field is resolved by tutors: ask for it through the gateway",
    }


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Course", "price": {"amount": "1.00", "currency": "USD"}},
        {**lesson(), "id": None},
        {**lesson(), "id": ["booking-1"]},
        {**course(), "id": {"id": "course-1"}},
    ],
    ids=["course-without-id", "null-id", "list-id", "object-id"],
)
async def test_a_representation_without_a_usable_id_is_bad_input(
    service: Payments, store: Store, representation: dict[str, Any]
) -> None:
    result = await run(service, store, CHECKOUT, {"r": [representation]}, viewer=STUDENT)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message.startswith("representations[0]")
