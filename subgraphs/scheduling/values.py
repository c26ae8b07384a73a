"""GraphQL value types, enums and inputs of the scheduling subgraph (no entities here)."""

from __future__ import annotations

from datetime import datetime, time

import strawberry

from subgraphs.scheduling.model import BookingStatus, Interval, Rule, Weekday

__all__ = [
    "AvailabilityRule",
    "AvailabilityRuleInput",
    "BookLessonInput",
    "BookingStatus",
    "TimeSlot",
    "Weekday",
]

strawberry.enum(
    BookingStatus,
    description="PENDING_PAYMENT holds the slot until paid (or until its hold ends); CONFIRMED: "
    "paid, holds the slot; CANCELLED frees it.",
)
strawberry.enum(Weekday, description="Days of the week, Monday first (ISO 8601).")


@strawberry.type(description="A free stretch of a tutor's time, [start, end) in UTC.")
class TimeSlot:
    start: datetime
    end: datetime

    @classmethod
    def of(cls, interval: Interval) -> TimeSlot:
        return cls(start=interval.start, end=interval.end)


@strawberry.type(description="A weekly recurring window in the tutor's local time.")
class AvailabilityRule:
    weekday: Weekday
    start_time: time = strawberry.field(description="Local wall-clock start.")
    end_time: time = strawberry.field(description="Local wall-clock end; 00:00 means midnight.")
    timezone: str = strawberry.field(description="IANA timezone, e.g. Europe/Berlin.")

    @classmethod
    def of(cls, rule: Rule) -> AvailabilityRule:
        return cls(
            weekday=rule.weekday,
            start_time=rule.start,
            end_time=rule.end,
            timezone=rule.timezone,
        )


@strawberry.input(description="A lesson to book; the signed-in viewer is the student.")
class BookLessonInput:
    tutor_id: strawberry.ID
    start: datetime
    end: datetime


@strawberry.input(description="One weekly rule; times are local to `timezone`.")
class AvailabilityRuleInput:
    weekday: Weekday
    start_time: time
    end_time: time = strawberry.field(description="00:00 means midnight at the end of the day.")
    timezone: str
