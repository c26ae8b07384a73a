"""The federation entities this subgraph owns (Booking) or extends (Tutor, User)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from shared.subgraph import described
from shared.subgraph.pagination import (
    DEFAULT_FIRST,
    Connection,
    check_first,
    connection,
    slice_after,
)
from subgraphs.scheduling.context import SchedulingInfo
from subgraphs.scheduling.loaders import BookingFilter
from subgraphs.scheduling.model import Booking as BookingRow
from subgraphs.scheduling.model import BookingStatus
from subgraphs.scheduling.ownership import require_bookings_reader
from subgraphs.scheduling.validation import BOOKING_CURSORS, optional_window, window
from subgraphs.scheduling.values import AvailabilityRule, TimeSlot

__all__ = ["Booking", "Tutor", "User"]

From = Annotated[datetime, strawberry.argument(name="from")]
OptionalFrom = Annotated[datetime | None, strawberry.argument(name="from")]


# Stubs of entities owned elsewhere carry no description: the owner's description wins.
@strawberry.federation.type(keys=["id"])
class Tutor:
    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: SchedulingInfo, id: strawberry.ID) -> Tutor:
        # Every field this subgraph adds to Tutor needs the rules: load them for all
        # representations of the `_entities` call in one batch.
        await info.context.loaders.rules.load(str(id))
        return cls(id=id)

    @described.field(
        description="Free time in [from, to): weekly rules minus confirmed bookings. "
        "The window may span at most 31 days."
    )
    async def availability(self, info: SchedulingInfo, from_: From, to: datetime) -> list[TimeSlot]:
        span = window(from_, to)
        free = await info.context.loaders.availability.load((str(self.id), span))
        return [TimeSlot.of(iv) for iv in free]

    @described.field(description="The tutor's weekly rules, by weekday and start time.")
    async def availability_rules(self, info: SchedulingInfo) -> list[AvailabilityRule]:
        rules = await info.context.loaders.rules.load(str(self.id))
        return [AvailabilityRule.of(r) for r in rules]


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        # Nothing about a user is stored here beyond bookings, which depend on arguments
        # and are batched by `loaders.user_bookings` in the field itself.
        return cls(id=id)

    @described.field(
        description="Bookings this user made as a student or gives as a tutor, by start time, "
        "then id. Only the user themself and admins may read them. `from`/`to` keep bookings "
        "that overlap [from, to).",
        authenticated=True,
    )
    async def bookings(
        self,
        info: SchedulingInfo,
        status: BookingStatus | None = None,
        from_: OptionalFrom = None,
        to: datetime | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Booking]:
        require_bookings_reader(info.context.viewer, str(self.id))
        lo, hi = optional_window(from_, to)
        limit = check_first(first)
        key = None if after is None else BOOKING_CURSORS.decode(after)
        flt = BookingFilter(status=status, start=lo, end=hi)
        rows = await info.context.loaders.user_bookings.load((str(self.id), flt))
        page = slice_after(rows, first=limit, after=key, key=lambda b: (b.start, b.id))
        return connection(
            page.items,
            node=Booking.of,
            cursor=lambda b: BOOKING_CURSORS.encode(b.start, b.id),
            has_next_page=page.has_next_page,
            after=after,
            total_count=len(rows),
        )


@strawberry.federation.type(keys=["id"], description="A lesson a student booked with a tutor.")
class Booking:
    id: strawberry.ID
    start: datetime
    end: datetime
    status: BookingStatus
    created_at: datetime
    hold_until: datetime | None = strawberry.field(
        description="While PENDING_PAYMENT: until when the slot is held for this booking's "
        "payment; after that another booking may take it."
    )
    cancelled_at: datetime | None
    tutor_id: strawberry.Private[str]
    student_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: BookingRow) -> Booking:
        return cls(
            id=strawberry.ID(row.id),
            start=row.start,
            end=row.end,
            status=row.status,
            created_at=row.created_at,
            hold_until=row.hold_until if row.status is BookingStatus.PENDING_PAYMENT else None,
            cancelled_at=row.cancelled_at,
            tutor_id=row.tutor_id,
            student_id=row.student_id,
        )

    @classmethod
    async def resolve_reference(cls, info: SchedulingInfo, id: strawberry.ID) -> Booking | None:
        row = await info.context.loaders.booking.load(str(id))
        return None if row is None else cls.of(row)

    @strawberry.field
    def tutor(self) -> Tutor:
        return Tutor(id=strawberry.ID(self.tutor_id))

    @strawberry.field
    def student(self) -> User:
        return User(id=strawberry.ID(self.student_id))
