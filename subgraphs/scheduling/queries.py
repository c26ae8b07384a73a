"""Root query fields of the scheduling subgraph."""

from __future__ import annotations

import strawberry

from shared.subgraph import described
from subgraphs.scheduling.context import SchedulingInfo
from subgraphs.scheduling.entities import Booking
from subgraphs.scheduling.ownership import require_booking_reader, require_viewer

__all__ = ["Query"]


@strawberry.type
class Query:
    @described.field(
        description="A booking by id, for its student, its tutor and admins; null if unknown.",
        authenticated=True,
    )
    async def booking(self, info: SchedulingInfo, id: strawberry.ID) -> Booking | None:
        require_viewer(info.context.viewer)
        row = await info.context.loaders.booking.load(str(id))
        if row is None:
            return None
        require_booking_reader(info.context.viewer, row)
        return Booking.of(row)
