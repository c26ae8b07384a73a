"""Opaque connection cursors (base64 of the tutor id they follow) and page-size bounds."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

from shared.subgraph.arguments import bad_argument
from shared.subgraph.pagination import DEFAULT_FIRST, MAX_FIRST

__all__ = ["DEFAULT_FIRST", "MAX_FIRST", "check_first", "decode_cursor", "encode_cursor"]

_PREFIX: Final = "tutor:"
_MAX_CURSOR_CHARS: Final = 200
# The ids tutors gives out: tutor-0001 (seed) and tutor-<32 hex> (created profiles).
_TUTOR_ID: Final = re.compile(r"tutor-[A-Za-z0-9_-]{1,64}")
_NOT_OURS: Final = "`after` is not a cursor returned by this API"


def encode_cursor(tutor_id: str) -> str:
    return base64.urlsafe_b64encode((_PREFIX + tutor_id).encode()).decode()


def decode_cursor(cursor: str | None, argument: str = "after") -> str | None:
    """The tutor id a cursor of ours stands for; anything else, including a well-formed cursor
    around an id tutors never gives out, is the client's mistake (not a first page)."""
    if cursor is None:
        return None
    try:
        if len(cursor) > _MAX_CURSOR_CHARS:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (ValueError, binascii.Error, UnicodeError):
        raise bad_argument(argument, _NOT_OURS) from None
    tutor_id = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or _TUTOR_ID.fullmatch(tutor_id) is None:
        raise bad_argument(argument, _NOT_OURS)
    return tutor_id


def check_first(first: int, argument: str = "first") -> int:
    if not 0 <= first <= MAX_FIRST:
        raise bad_argument(argument, f"`first` must be between 0 and {MAX_FIRST}, got {first}")
    return first
