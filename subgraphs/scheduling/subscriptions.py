"""Root subscription fields: booking changes for the signed-in viewer, availability per tutor.

Events come from this process's `EventHub` (PostgreSQL LISTEN/NOTIFY), so a change committed
through any replica reaches subscribers on every replica. The booking in an event is re-read
from the store after the commit, and the loaders are cleared before each event, because one
context serves a whole WebSocket connection.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from shared.errors import StoreUnavailable
from shared.subgraph import described
from subgraphs.scheduling.changes import BookingChange, BookingChangeKind, Change
from subgraphs.scheduling.context import Context, SchedulingInfo
from subgraphs.scheduling.entities import Booking, Tutor
from subgraphs.scheduling.hub import (
    AvailabilityChangeKind,
    AvailabilityEvent,
    BookingEvent,
    EventHub,
    Topic,
)
from subgraphs.scheduling.ownership import may_read_booking, require_viewer, user_of_tutor

__all__ = ["BookingChanged", "Subscription", "TutorAvailabilityChanged"]

strawberry.enum(
    BookingChangeKind,
    name="BookingChangeKind",
    description="BOOKED: a lesson was booked (pending payment); CONFIRMED: it was paid; "
    "CANCELLED: it was cancelled.",
)
strawberry.enum(
    AvailabilityChangeKind,
    name="AvailabilityChangeKind",
    description="What changed a tutor's free time: a lesson BOOKED or CANCELLED, or the "
    "weekly rules replaced (RULES_CHANGED).",
)


@strawberry.type(name="BookingEvent", description="A booking was made or cancelled.")
class BookingChanged:
    kind: BookingChangeKind
    booking: Booking = strawberry.field(
        description="The booking as committed, read after the change."
    )


@strawberry.type(
    name="AvailabilityEvent", description="A tutor's free time changed: query it again."
)
class TutorAvailabilityChanged:
    tutor_id: strawberry.ID
    kind: AvailabilityChangeKind
    tutor: Tutor


def _hub(context: Context) -> EventHub:
    if context.events is None:
        raise StoreUnavailable("subscriptions are not available here", store="scheduling")
    return context.events


@strawberry.type
class Subscription:
    @described.subscription(
        description="Bookings made or cancelled from now on, as the signed-in viewer may see "
        "them: a student their own, a tutor those with them, an admin all.",
        authenticated=True,
    )
    async def booking_changed(self, info: SchedulingInfo) -> AsyncGenerator[BookingChanged, None]:
        viewer = require_viewer(info.context.viewer)

        def wants(change: Change) -> bool:
            return isinstance(change, BookingChange) and may_read_booking(
                viewer, tutor_id=change.tutor_id, student_id=change.student_id
            )

        with _hub(info.context).subscribe(Topic.BOOKINGS, wants) as subscriber:
            async for event in subscriber.events():
                assert isinstance(event, BookingEvent)
                info.context.loaders.clear_all()
                yield BookingChanged(kind=event.kind, booking=Booking.of(event.booking))

    @described.subscription(
        description="Changes of one tutor's free time from now on (a lesson booked or "
        "cancelled, the weekly rules replaced). Open to everyone, like the availability."
    )
    async def availability_changed(
        self, info: SchedulingInfo, tutor_id: strawberry.ID
    ) -> AsyncGenerator[TutorAvailabilityChanged, None]:
        tutor = str(tutor_id)
        user_of_tutor(tutor)  # BAD_USER_INPUT for anything but tutor-N

        def wants(change: Change) -> bool:
            return change.tutor_id == tutor

        with _hub(info.context).subscribe(Topic.AVAILABILITY, wants) as subscriber:
            async for event in subscriber.events():
                assert isinstance(event, AvailabilityEvent)
                info.context.loaders.clear_all()
                yield TutorAvailabilityChanged(
                    tutor_id=tutor_id, kind=event.kind, tutor=Tutor(id=tutor_id)
                )
