"""Booking cursors (the kit's format, kind `booking`, keyed by a booking's (start, id))."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from shared.subgraph.pagination import bad_cursor, decode_cursor, encode_cursor
from subgraphs.scheduling.model import Booking

__all__ = ["booking_cursor", "booking_key"]

_KIND: Final = "booking"
# The ids scheduling gives out: booking-00001 and booking-p00001 (seed), booking-<16 hex>.
_BOOKING_ID: Final = re.compile(r"booking-[A-Za-z0-9_-]{1,64}")


def booking_cursor(booking: Booking) -> str:
    return encode_cursor(_KIND, booking.start.astimezone(UTC).isoformat(), booking.id)


def booking_key(cursor: str | None, argument: str = "after") -> tuple[datetime, str] | None:
    """The (start, id) a booking cursor of ours stands for; anything else is BAD_USER_INPUT."""
    if cursor is None:
        return None
    key = decode_cursor(cursor, _KIND, argument=argument)
    if len(key) != 2 or not all(isinstance(part, str) for part in key):
        raise bad_cursor(argument)
    stamp, booking_id = str(key[0]), str(key[1])
    try:
        start = datetime.fromisoformat(stamp)
        if start.tzinfo is None or _BOOKING_ID.fullmatch(booking_id) is None:
            raise ValueError("not a cursor of ours")
        start = start.astimezone(UTC)
    except (ValueError, OverflowError):
        raise bad_cursor(argument) from None
    return start, booking_id
