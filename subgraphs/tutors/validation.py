"""Checks on client input; each failure is a BadUserInput that says what is wrong."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from shared.errors import BadUserInput
from shared.subgraph.arguments import Unparsed, bad_argument, parsed
from subgraphs.tutors.codes import CURRENCIES, LANGUAGES
from subgraphs.tutors.model import CENT

__all__ = [
    "MAX_BIO",
    "MAX_HEADLINE",
    "MAX_LANGUAGES",
    "MAX_RATE",
    "MAX_SUBJECTS",
    "check_bio",
    "check_currency",
    "check_headline",
    "check_id",
    "check_language",
    "check_languages",
    "check_max_rate",
    "check_rate_amount",
]

MAX_HEADLINE: Final = 120
MAX_BIO: Final = 2000
MAX_RATE: Final = Decimal(1000)
MAX_LANGUAGES: Final = 10
MAX_SUBJECTS: Final = 20
_MAX_ID: Final = 100
# C0 controls other than tab, newline and carriage return: no place in a profile text (and
# the local store cuts a string at NUL).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _bad(argument: str, message: str) -> BadUserInput:
    return bad_argument(argument, message)


def _text(value: str, what: str, limit: int) -> str:
    if len(value) > limit:
        raise _bad(what, f"{what} is {len(value)} characters long; at most {limit}")
    if _CONTROL.search(value):
        raise _bad(what, f"{what} contains control characters")
    return value


def check_id(value: str, what: str) -> str:
    if not 0 < len(value) <= _MAX_ID or _CONTROL.search(value):
        raise _bad(what, f"{what} must be an id of 1 to {_MAX_ID} printable characters")
    return value


def check_headline(value: str, what: str = "input.headline") -> str:
    if not value.strip():
        raise _bad(what, f"{what} must not be blank")
    return _text(value, what, MAX_HEADLINE)


def check_bio(value: str, what: str = "input.bio") -> str:
    return _text(value, what, MAX_BIO)


def check_rate_amount(value: Decimal | Unparsed, what: str = "input.hourlyRate.amount") -> Decimal:
    """The amount with exactly two decimal places (`45.5` is `45.50`)."""
    amount = parsed(value, what)
    if not 0 < amount <= MAX_RATE:
        raise _bad(what, f"{what} must be above 0 and at most {MAX_RATE}")
    if amount != amount.quantize(CENT):
        raise _bad(what, f"{what} must have at most two decimal places")
    return amount.quantize(CENT)


def check_currency(value: str, what: str = "input.hourlyRate.currency") -> str:
    if value not in CURRENCIES:
        raise _bad(what, f"{what} {value[:10]!r} is not an ISO 4217 code")
    return value


def check_language(value: str, what: str = "language") -> str:
    if value not in LANGUAGES:
        raise _bad(what, f"{what} {value[:10]!r} is not a lowercase ISO 639-1 code")
    return value


def check_languages(values: Sequence[str], what: str = "input.languages") -> tuple[str, ...]:
    if not 1 <= len(values) <= MAX_LANGUAGES:
        raise _bad(what, f"{what} must list 1 to {MAX_LANGUAGES} codes")
    for n, value in enumerate(values):
        check_language(value, f"{what}[{n}]")
    if len(set(values)) != len(values):
        raise _bad(what, f"{what} lists a code twice")
    return tuple(values)


def check_max_rate(value: Decimal | Unparsed | None, what: str = "maxRate") -> Decimal | None:
    if value is None:
        return None
    amount = parsed(value, what)
    if amount < 0:
        raise _bad(what, f"{what} must be a number of at least 0")
    return amount
