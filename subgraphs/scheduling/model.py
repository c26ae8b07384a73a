"""The scheduling domain's plain data: availability rules, bookings, time intervals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum

__all__ = ["Booking", "BookingStatus", "Interval", "Rule", "Weekday"]


class BookingStatus(Enum):
    PENDING_PAYMENT = "PENDING_PAYMENT"  # holds the slot until paid, or until its hold ends
    CONFIRMED = "CONFIRMED"  # paid
    CANCELLED = "CANCELLED"


class Weekday(Enum):
    """ISO weekday numbers, as `date.isoweekday()` and PostgreSQL's `isodow` count them."""

    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A weekly recurring window in the tutor's local time; `end == 00:00` means midnight."""

    tutor_id: str
    weekday: Weekday
    start: time
    end: time
    timezone: str


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Interval:
    """A half-open UTC interval [start, end)."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    id: str
    tutor_id: str
    student_id: str
    start: datetime
    end: datetime
    status: BookingStatus
    created_at: datetime
    # Until when a PENDING_PAYMENT booking holds its slot against other bookings.
    hold_until: datetime | None = None
    payment_id: str | None = None  # the payment that confirmed it
    cancelled_at: datetime | None = None

    @property
    def interval(self) -> Interval:
        return Interval(start=self.start, end=self.end)
