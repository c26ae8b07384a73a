"""What a checkout is priced from: the fields other subgraphs own, read from an entity
representation (`@requires`), each checked before any price is made of it.

A representation comes from the gateway, which copies what the owning subgraph answered; a
missing or malformed field there is a `FactsError` naming the field, never a guessed price
or an internal error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from subgraphs.payments.money import Money

__all__ = [
    "MAX_ID_LENGTH",
    "MAX_LESSON_MINUTES",
    "BookingStatus",
    "CourseFacts",
    "FactsError",
    "LessonFacts",
    "amount_of",
    "course_facts",
    "id_of",
    "lesson_facts",
]

MAX_ID_LENGTH = 200  # as the store keeps ids (`loaders.storable`)
# Longer than this is no lesson (scheduling books far shorter ones): refused, not priced.
MAX_LESSON_MINUTES = 24 * 60


class FactsError(ValueError):
    """A required field that did not arrive, or arrived malformed; the message names it."""


class BookingStatus(Enum):
    """Scheduling's booking states, as a checkout reads them."""

    PENDING_PAYMENT = "PENDING_PAYMENT"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonFacts:
    status: BookingStatus
    student_id: str
    tutor_id: str
    hourly_rate: Money
    minutes: int  # the booking's whole length, at least one minute


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseFacts:
    price: Money
    published: bool
    tutor_id: str


def lesson_facts(fields: Mapping[str, Any]) -> LessonFacts:
    """A booking's times and status (scheduling), its student and its tutor's hourly rate
    (tutors)."""
    start, end = _instant(fields, "start"), _instant(fields, "end")
    seconds = (end - start).total_seconds()
    if seconds <= 0 or seconds % 60:
        raise FactsError("end must be a whole number of minutes after start")
    minutes = int(seconds // 60)
    if minutes > MAX_LESSON_MINUTES:
        raise FactsError(f"a lesson lasts at most {MAX_LESSON_MINUTES} minutes")
    status = _field(fields, "status")
    try:
        known = BookingStatus(status)
    except ValueError:
        raise FactsError("status is not a booking status") from None
    tutor = _field(fields, "tutor")
    rate = amount_of(tutor.get("hourlyRate") if isinstance(tutor, dict) else None)
    if rate.minor <= 0:
        raise FactsError("tutor.hourlyRate must be above 0")
    return LessonFacts(
        status=known,
        student_id=id_of(_field(fields, "student"), "student"),
        tutor_id=id_of(tutor, "tutor"),
        hourly_rate=rate,
        minutes=minutes,
    )


def course_facts(fields: Mapping[str, Any]) -> CourseFacts:
    """A course's price, whether it is published, and its tutor (learning)."""
    published = _field(fields, "published")
    if not isinstance(published, bool):
        raise FactsError("published is not a boolean")
    return CourseFacts(
        price=amount_of(_field(fields, "price"), "price"),
        published=published,
        tutor_id=id_of(_field(fields, "tutor"), "tutor"),
    )


def amount_of(value: Any, name: str = "tutor.hourlyRate") -> Money:
    """A `Money` object as another subgraph sent it ({amount: "45.50", currency: "USD"})."""
    if not isinstance(value, dict):
        raise FactsError(f"{name} did not arrive as an amount of money")
    amount, currency = value.get("amount"), value.get("currency")
    if not isinstance(amount, str | int) or isinstance(amount, bool):
        raise FactsError(f"{name}.amount is not a decimal")
    if not isinstance(currency, str):
        raise FactsError(f"{name}.currency is not a currency code")
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        raise FactsError(f"{name}.amount is not a decimal") from None
    try:
        return Money.of(number, currency)
    except ValueError as error:
        raise FactsError(f"{name}: {error}") from None


def id_of(value: Any, name: str = "id") -> str:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
        raise FactsError(f"{name}.id did not arrive")
    found = str(value["id"])
    if len(found) > MAX_ID_LENGTH or "\x00" in found:
        raise FactsError(f"{name}.id is not an id")
    return found


def _field(fields: Mapping[str, Any], name: str) -> Any:
    if name not in fields or fields[name] is None:
        raise FactsError(f"{name} did not arrive")
    return fields[name]


def _instant(fields: Mapping[str, Any], name: str) -> datetime:
    text = _field(fields, name)
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise FactsError(f"{name} is not a date and time with its offset")
    return moment
