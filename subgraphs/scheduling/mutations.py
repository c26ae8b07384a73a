"""Root mutation fields: book and cancel lessons, set a tutor's weekly availability."""

from __future__ import annotations

import secrets

import strawberry

from shared.errors import BadUserInput, Conflict, Forbidden, NotFound
from shared.receipts import Paid, SignatureError, verify_receipt
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
        description="Books a lesson for the signed-in viewer, PENDING_PAYMENT until paid "
        "(the payments subgraph's checkout): it holds the slot meanwhile. The interval must lie "
        "inside the tutor's weekly rules; an overlap with another booking is a CONFLICT.",
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
                status=BookingStatus.PENDING_PAYMENT,
                created_at=now,
                hold_until=now + ctx.payments.hold,
            ),
            now,
        )
        return Booking.of(row)

    @described.mutation(
        description="Cancels a booking: its student or an admin may. A paid booking is "
        "refunded by the cancellation policy: in full up to 24 hours before its start, not after.",
        authenticated=True,
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
        cancelled = await ctx.store.cancel(row.id, ctx.clock())
        if cancelled is None:
            # Someone else cancelled it between our read and our update.
            raise Conflict("the booking is already cancelled")
        ctx.loaders.booking.prime(row.id, cancelled, force=True)
        if cancelled.payment_id is not None and ctx.payments.notices is not None:
            # Committed already: a notice payments does not take now is sent again later.
            await ctx.payments.notices.send(cancelled)
        return Booking.of(cancelled)

    @described.mutation(
        description="Confirms a booking with the receipt of its payment (the payments subgraph "
        "sends it, and so may its student): PENDING_PAYMENT becomes CONFIRMED. Idempotent; a "
        "booking cancelled before its payment arrived is a CONFLICT (payments then refunds it)."
    )
    async def confirm_booking_payment(self, info: SchedulingInfo, receipt: str) -> Booking:
        ctx = info.context
        try:
            paid = verify_receipt(receipt, ctx.payments.signing_secret)
        except SignatureError as error:
            raise BadUserInput(f"receipt: {error}", code="INVALID_RECEIPT") from None
        if paid.paid is not Paid.BOOKING:
            raise BadUserInput(
                "receipt: it pays for a course, not a booking", code="INVALID_RECEIPT"
            )
        row = await ctx.loaders.booking.load(paid.reference)
        if row is None:
            raise NotFound(f"no booking {paid.reference!r}")
        if (row.student_id, row.tutor_id) != (paid.student_id, paid.tutor_id):
            raise BadUserInput(
                "receipt: it names another student or tutor than the booking",
                code="INVALID_RECEIPT",
            )
        viewer = ctx.viewer
        if viewer is not None and viewer.user_id != row.student_id and viewer.role != "ADMIN":
            raise Forbidden("only the booking's student or an admin may confirm it")
        confirmed = await ctx.store.confirm_payment(row.id, paid.payment_id)
        if confirmed is None:
            current = (await ctx.store.bookings_by_id([row.id])).get(row.id)
            if current is not None and current.payment_id == paid.payment_id:
                confirmed = current  # this receipt confirmed it before
            elif current is not None and current.status is BookingStatus.CONFIRMED:
                raise Conflict("the booking was already paid by another payment")
            else:
                raise Conflict("the booking was cancelled before its payment arrived")
        ctx.loaders.booking.prime(row.id, confirmed, force=True)
        return Booking.of(confirmed)

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
