"""What a committed write tells other processes: the NOTIFY channel and its small JSON payloads.

`bookLesson`, `cancelBooking` and `setAvailability` send one of these with `pg_notify` inside
their transaction, so PostgreSQL delivers it to every listening process on commit, and never
for a write that rolled back. A payload names what changed (ids and a kind), never the state:
subscribers read the committed state from the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

import orjson

__all__ = [
    "CHANNEL",
    "BookingChange",
    "BookingChangeKind",
    "Change",
    "RulesChange",
    "decode",
    "encode",
]

log = logging.getLogger(__name__)

CHANNEL = "scheduling_changes"


class BookingChangeKind(Enum):
    BOOKED = "BOOKED"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingChange:
    """A booking was made, paid or cancelled; the ids let listeners filter before reading it."""

    kind: BookingChangeKind
    booking_id: str
    tutor_id: str
    student_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesChange:
    """A tutor's weekly rules were replaced."""

    tutor_id: str


Change = BookingChange | RulesChange


def encode(change: Change) -> str:
    match change:
        case BookingChange():
            return orjson.dumps(
                {
                    "kind": change.kind.value,
                    "bookingId": change.booking_id,
                    "tutorId": change.tutor_id,
                    "studentId": change.student_id,
                }
            ).decode()
        case RulesChange():
            return orjson.dumps({"kind": "RULES", "tutorId": change.tutor_id}).decode()


def decode(payload: str) -> Change | None:
    """The change a payload names; None (and a warning) for anything else on the channel."""
    try:
        data = orjson.loads(payload)
        kind = data["kind"]
        if kind == "RULES":
            return RulesChange(tutor_id=str(data["tutorId"]))
        return BookingChange(
            kind=BookingChangeKind(kind),
            booking_id=str(data["bookingId"]),
            tutor_id=str(data["tutorId"]),
            student_id=str(data["studentId"]),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        log.warning("ignoring a malformed %s notification: %.200s", CHANNEL, payload)
        return None
