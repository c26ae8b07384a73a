"""Root mutation fields: book and cancel lessons, set a tutor's weekly availability."""

from __future__ import annotations

import secrets

import strawberry

from shared.errors import Conflict, NotFound
from shared.subgraph import described
from shared.subgraph.arguments import bad_argument
from subgraphs.scheduling.context import SchedulingInfo
from subgraphs.scheduling.entities import Booking, Tutor
from subgraphs.scheduling.model import Booking as BookingRow
from subgraphs.scheduling.model import BookingStatus
from subgraphs.scheduling.ownership import (
    require_canceller,
    require_tutor_owner,
    require_viewer,
    user_of_tutor,
)
from subgraphs.scheduling.slots import covers
from subgraphs.scheduling.validation import lesson_interval, valid_rules
from subgraphs.scheduling.values import AvailabilityRuleInput, BookLessonInput

__all__ = ["Mutation"]


def _new_booking_id() -> str:
    return f"booking-{secrets.token_hex(8)}"


@strawberry.type
class Mutation:
    @described.mutation(
        description="Books a lesson for the signed-in viewer. The interval must lie inside the "
        "tutor's weekly rules; an overlap with another confirmed booking is a CONFLICT.",
        authenticated=True,
    )
    async def book_lesson(self, info: SchedulingInfo, input: BookLessonInput) -> Booking:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)
        tutor_id = str(input.tutor_id)
        if user_of_tutor(tutor_id, "input.tutorId") == viewer.user_id:
            raise bad_argument(
                "input.tutorId",
                "input.tutorId is your own tutor profile: you cannot book a lesson with yourself",
            )
        now = ctx.clock()
        interval = lesson_interval(input.start, input.end, now)
        if not covers(await ctx.loaders.rules.load(tutor_id), interval):
            raise bad_argument(
                "input.start",
                "the lesson (input.start to input.end) is outside the tutor's availability",
            )
        # No overlap check here on purpose: the exclusion constraint decides, atomically.
        row = await ctx.store.insert_booking(
            BookingRow(
                id=_new_booking_id(),
                tutor_id=tutor_id,
                student_id=viewer.user_id,
                start=interval.start,
                end=interval.end,
                status=BookingStatus.CONFIRMED,
                created_at=now,
            )
        )
        return Booking.of(row)

    @described.mutation(
        description="Cancels a booking: its student or an admin may.", authenticated=True
    )
    async def cancel_booking(self, info: SchedulingInfo, id: strawberry.ID) -> Booking:
        ctx = info.context
        require_viewer(ctx.viewer)
        row = await ctx.loaders.booking.load(str(id))
        if row is None:
            raise NotFound(f"no booking {str(id)!r}")
        require_canceller(ctx.viewer, row)
        if row.status is BookingStatus.CANCELLED:
            raise Conflict("the booking is already cancelled")
        cancelled = await ctx.store.cancel(row.id)
        if cancelled is None:
            # Someone else cancelled it between our read and our update.
            raise Conflict("the booking is already cancelled")
        ctx.loaders.booking.prime(row.id, cancelled, force=True)
        return Booking.of(cancelled)

    @described.mutation(
        description="Replaces the tutor's weekly rules. Allowed for the tutor's own user "
        "(tutor-N is user-N) and admins. Existing bookings stay.",
        # Checked at the gateway from the token's scopes; the resolver checks ownership.
        requires_scopes=[["tutor"], ["admin"]],
    )
    async def set_availability(
        self, info: SchedulingInfo, tutor_id: strawberry.ID, rules: list[AvailabilityRuleInput]
    ) -> Tutor:
        ctx = info.context
        require_tutor_owner(ctx.viewer, str(tutor_id))
        parsed = valid_rules(
            str(tutor_id), [(r.weekday, r.start_time, r.end_time, r.timezone) for r in rules]
        )
        await ctx.store.replace_rules(str(tutor_id), parsed)
        ctx.loaders.rules.clear_all()
        ctx.loaders.availability.clear_all()
        return Tutor(id=tutor_id)
