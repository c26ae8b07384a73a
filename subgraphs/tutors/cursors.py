"""Opaque connection cursors (base64 of the tutor id they follow) and page-size bounds."""

from __future__ import annotations

import base64
import binascii
from typing import Final

from shared.errors import BadUserInput
from shared.subgraph.pagination import DEFAULT_FIRST, MAX_FIRST

__all__ = ["DEFAULT_FIRST", "MAX_FIRST", "check_first", "decode_cursor", "encode_cursor"]

_PREFIX: Final = "tutor:"
_MAX_CURSOR_CHARS: Final = 200


def encode_cursor(tutor_id: str) -> str:
    return base64.urlsafe_b64encode((_PREFIX + tutor_id).encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The tutor id a cursor of ours stands for; anything else is the client's mistake."""
    if cursor is None:
        return None
    try:
        if len(cursor) > _MAX_CURSOR_CHARS:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (ValueError, binascii.Error, UnicodeError):
        raise BadUserInput("`after` is not a cursor returned by this API") from None
    if not text.startswith(_PREFIX):
        raise BadUserInput("`after` is not a cursor returned by this API")
    return text.removeprefix(_PREFIX)


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"`first` must be between 0 and {MAX_FIRST}, got {first}")
    return first
