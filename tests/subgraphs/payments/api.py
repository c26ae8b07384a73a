"""Helpers of the payments API tests: the service on the real store and the stand-in, operations
run against the schema as a chosen viewer, and the entity representations the gateway sends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from strawberry.types import ExecutionResult

from shared.auth import Viewer
from subgraphs.payments.context import Context
from subgraphs.payments.money import DEFAULT_COMMISSION
from subgraphs.payments.provider import Provider
from subgraphs.payments.schema import schema
from subgraphs.payments.service import Owners, Payments
from subgraphs.payments.store import Store

SECRET = b"the-platform-signing-secret-of-the-payments-api-tests"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TUTOR_ID = "tutor-0007"
TUTOR_USER = Viewer(user_id="user-0007", role="TUTOR")
OTHER_TUTOR = Viewer(user_id="user-0008", role="TUTOR")
STUDENT = Viewer(user_id="user-0300", role="STUDENT")
OTHER_STUDENT = Viewer(user_id="user-0301", role="STUDENT")
ADMIN = Viewer(user_id="user-1001", role="ADMIN")

CHECKOUT_FIELDS = """checkout { quote amount { amount currency } commission { amount currency }
  tutorPayout { amount currency } expiresAt }"""
CHECKOUT = f"""query($r: [_Any!]!) {{ _entities(representations: $r) {{
  ... on Booking {{ id {CHECKOUT_FIELDS} }} ... on Course {{ id {CHECKOUT_FIELDS} }} }} }}"""
PAYMENT_FIELDS = """id purpose status amount { amount currency } commission { amount }
  tutorPayout { amount } booking { id } course { id } student { id } tutor { id } receipt"""
PAY = f"""mutation($quote: String!, $method: String!) {{
  pay(input: {{quote: $quote, paymentMethod: $method}}) {{ {PAYMENT_FIELDS} }} }}"""


def make_payments(
    store: Store,
    provider: Provider,
    *,
    owners: Owners | None = None,
    now: datetime = NOW,
) -> Payments:
    return Payments(
        store=store,
        provider=provider,
        commission=DEFAULT_COMMISSION,
        quote_secret=SECRET,
        clock=lambda: now,
        owners=owners,
    )


async def run(
    payments: Payments,
    store: Store,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
) -> ExecutionResult:
    context = Context.for_request(payments, store, viewer, lambda: NOW)
    return await schema.execute(query, variable_values=dict(variables or {}), context_value=context)


def codes(result: ExecutionResult) -> list[str | None]:
    """The `extensions.code` of every error, after checking none leaks internals."""
    out = []
    for error in result.errors or []:
        formatted = error.formatted
        assert "Traceback" not in str(formatted)
        out.append((formatted.get("extensions") or {}).get("code"))
    return out


def lesson(
    booking_id: str = "booking-1",
    *,
    minutes: int = 90,
    rate: str = "45.50",
    currency: str = "USD",
    status: str = "PENDING_PAYMENT",
    student: str = STUDENT.user_id,
    tutor: str = TUTOR_ID,
    start: datetime = NOW + timedelta(days=2),
) -> dict[str, Any]:
    """A Booking representation as the gateway sends it for `checkout` (its @requires)."""
    return {
        "__typename": "Booking",
        "id": booking_id,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
        "status": status,
        "student": {"id": student},
        "tutor": {"id": tutor, "hourlyRate": {"amount": rate, "currency": currency}},
    }


def course(
    course_id: str = "course-1",
    *,
    price: str = "49.00",
    currency: str = "USD",
    published: bool = True,
    tutor: str = TUTOR_ID,
) -> dict[str, Any]:
    """A Course representation as the gateway sends it for `checkout` (its @requires)."""
    return {
        "__typename": "Course",
        "id": course_id,
        "price": {"amount": price, "currency": currency},
        "published": published,
        "tutor": {"id": tutor},
    }


async def checkout(
    payments: Payments, store: Store, representation: dict[str, Any], viewer: Viewer = STUDENT
) -> dict[str, Any]:
    """The checkout of one representation, which must succeed."""
    result = await run(payments, store, CHECKOUT, {"r": [representation]}, viewer=viewer)
    assert result.errors is None, result.errors
    found: dict[str, Any] = result.data["_entities"][0]["checkout"]
    return found


async def pay(
    payments: Payments, store: Store, quote: str, method: str, viewer: Viewer = STUDENT
) -> ExecutionResult:
    return await run(payments, store, PAY, {"quote": quote, "method": method}, viewer=viewer)
