"""Checks on client input (ids, texts, prices, durations, cursors) that raise BAD_USER_INPUT,
and the reading of payment receipts."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal
from typing import Final

from shared.errors import BadUserInput
from shared.receipts import Paid, Receipt, SignatureError, verify_receipt
from shared.subgraph.arguments import Unparsed, bad_argument, parsed
from shared.subgraph.money import EXPONENTS
from shared.subgraph.pagination import TimestampCursors

__all__ = [
    "COURSE_CURSORS",
    "CURRENCIES",
    "ENROLLMENT_CURSORS",
    "MAX_CONTENT",
    "MAX_DESCRIPTION",
    "MAX_LESSON_MINUTES",
    "MAX_PRICE_MINOR",
    "MAX_TITLE",
    "check_duration",
    "check_price",
    "check_subject_id",
    "check_text",
    "check_tutor_id",
    "is_course_id",
    "is_lesson_id",
    "read_receipt",
]

MAX_TITLE: Final = 200
MAX_DESCRIPTION: Final = 5000
MAX_CONTENT: Final = 20000
MAX_LESSON_MINUTES: Final = 600
MAX_PRICE_MINOR: Final = 10_000_000  # 100 000.00
# The currencies the platform takes whose minor unit is a hundredth (ISO 4217 exponent 2).
CURRENCIES: Final = frozenset(code for code, places in EXPONENTS.items() if places == 2)
_CENT: Final = Decimal("0.01")

# Short ASCII slugs, as the subgraphs give them out; the bound keeps junk out of the indexes.
_COURSE_ID: Final = re.compile(r"course-[A-Za-z0-9_-]{1,64}")
_ENROLLMENT_ID: Final = re.compile(r"enrollment-[A-Za-z0-9_-]{1,64}")
_LESSON_ID: Final = re.compile(r"lesson-[A-Za-z0-9_-]{1,64}")
_TUTOR_ID: Final = re.compile(r"tutor-[A-Za-z0-9_-]{1,64}")
_SUBJECT_ID: Final = re.compile(r"subject-[a-z0-9-]{1,64}")


def is_course_id(value: str) -> bool:
    return _COURSE_ID.fullmatch(value) is not None


def is_lesson_id(value: str) -> bool:
    return _LESSON_ID.fullmatch(value) is not None


def _is_enrollment_id(value: str) -> bool:
    return _ENROLLMENT_ID.fullmatch(value) is not None


# Courses page by (createdAt, id), enrollments by (enrolledAt, id).
COURSE_CURSORS: Final = TimestampCursors(kind="course", is_id=is_course_id)
ENROLLMENT_CURSORS: Final = TimestampCursors(kind="enrollment", is_id=_is_enrollment_id)


def check_tutor_id(value: str, argument: str) -> str:
    if _TUTOR_ID.fullmatch(value) is None:
        raise bad_argument(argument, f"{argument} must look like tutor-0001")
    return value


def check_subject_id(value: str, argument: str) -> str:
    if _SUBJECT_ID.fullmatch(value) is None:
        raise bad_argument(argument, f"{argument} must look like subject-algebra")
    return value


def check_text(value: str, argument: str, *, limit: int, required: bool = True) -> str:
    """`value` without surrounding whitespace: not blank (when `required`), at most `limit`
    characters, and text a database can hold (no NUL, no lone surrogates)."""
    trimmed = value.strip()
    if required and not trimmed:
        raise bad_argument(argument, f"{argument} must not be empty")
    if len(trimmed) > limit:
        raise bad_argument(argument, f"{argument} must be at most {limit} characters")
    try:
        trimmed.encode()
    except UnicodeEncodeError:
        raise bad_argument(argument, f"{argument} must be valid Unicode text") from None
    if "\x00" in trimmed:
        raise bad_argument(argument, f"{argument} must not contain NUL characters")
    return trimmed


def check_price(amount: Decimal | Unparsed, currency: str, *, prefix: str) -> tuple[int, str]:
    """(whole minor units, currency) of a price: above 0, two decimals at most, a currency
    with hundredths."""
    price_arg, currency_arg = f"{prefix}price", f"{prefix}currency"
    value = parsed(amount, price_arg)
    if currency not in CURRENCIES:
        raise bad_argument(
            currency_arg, f"{currency_arg} must be one of {', '.join(sorted(CURRENCIES))}"
        )
    if value * 100 > MAX_PRICE_MINOR:  # before quantizing: a huge exponent cannot be
        raise bad_argument(price_arg, f"{price_arg} must be at most {MAX_PRICE_MINOR // 100}")
    if value <= 0 or value != value.quantize(_CENT, rounding=ROUND_DOWN):
        raise bad_argument(price_arg, f"{price_arg} must be above 0 with two decimals at most")
    return int(value * 100), currency


def check_duration(minutes: int, argument: str) -> int:
    if not 1 <= minutes <= MAX_LESSON_MINUTES:
        raise bad_argument(
            argument, f"{argument} must be between 1 and {MAX_LESSON_MINUTES} minutes"
        )
    return minutes


def read_receipt(token: str, secret: bytes) -> Receipt:
    """The course payment `token` proves; anything else is INVALID_RECEIPT."""
    try:
        receipt = verify_receipt(token, secret)
    except SignatureError:
        raise _invalid("receipt is not a receipt the payments subgraph signed") from None
    if receipt.paid is not Paid.ENROLLMENT:
        raise _invalid(f"receipt pays for a {receipt.paid.value.lower()}, not for a course")
    return receipt


def _invalid(message: str) -> BadUserInput:
    return BadUserInput(message, code="INVALID_RECEIPT", argument="receipt")
