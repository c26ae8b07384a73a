"""Rules for what a sign-up may contain; each failure is a BadUserInput naming the field."""

from __future__ import annotations

import unicodedata
import zoneinfo
from functools import cache

from email_validator import EmailNotValidError, validate_email

from shared.subgraph.arguments import bad_argument
from subgraphs.accounts.records import RoleName

__all__ = [
    "MAX_DISPLAY_NAME",
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "check_display_name",
    "check_email",
    "check_password",
    "check_signup_role",
    "check_timezone",
    "is_unicode_text",
]

MIN_PASSWORD = 10
# Bounded so a megabyte "password" cannot be used to make us hash a megabyte.
MAX_PASSWORD = 256
MAX_DISPLAY_NAME = 80
MAX_EMAIL = 320
# Names zoneinfo knows that are not places: host-dependent or placeholders.
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


def check_email(raw: str) -> str:
    """The normalised address (domain lower-cased, IDNA-checked); the local part keeps case."""
    email = raw.strip()
    if not email or len(email) > MAX_EMAIL:
        raise bad_argument("input.email", f"input.email must be 1 to {MAX_EMAIL} characters")
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise bad_argument("input.email", f"input.email is not a valid address: {exc}") from None


def is_unicode_text(value: str) -> bool:
    """False for strings with lone surrogates, which JSON allows but UTF-8 cannot encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise bad_argument(
            "input.password",
            f"input.password must be at least {MIN_PASSWORD} characters",
        )
    if len(password) > MAX_PASSWORD:
        raise bad_argument(
            "input.password",
            f"input.password must be at most {MAX_PASSWORD} characters",
        )
    if not is_unicode_text(password):
        raise bad_argument("input.password", "input.password is not valid Unicode text")
    return password


def check_display_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 1 <= len(name) <= MAX_DISPLAY_NAME:
        raise bad_argument(
            "input.displayName",
            f"input.displayName must be 1 to {MAX_DISPLAY_NAME} characters "
            "(not counting outer spaces)",
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in name):
        raise bad_argument(
            "input.displayName", "input.displayName contains control or unassigned characters"
        )
    return name


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - _NOT_PLACES)


def check_timezone(raw: str) -> str:
    name = raw.strip()
    if name not in _timezones():
        raise bad_argument(
            "input.timezone", "input.timezone must be an IANA time zone name such as Europe/Berlin"
        )
    return name


def check_signup_role(role: RoleName) -> RoleName:
    if role is RoleName.ADMIN:
        raise bad_argument("input.role", "input.role must be STUDENT or TUTOR at sign-up")
    return role
