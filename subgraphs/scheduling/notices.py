"""Telling payments that a paid booking was cancelled, so that it refunds by its policy.

The cancellation commits first; the notice (a signed `shared.receipts.CancellationNotice`) is
sent right after, and a booking whose notice payments has not acknowledged stays due in the
store (`refund_notice_sent_at` null) until the sweep sends it again. Payments applies the
refund policy and is idempotent, so a notice sent twice refunds once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from shared.receipts import CancellationNotice, sign_notice
from shared.subgraph.courier import Courier, Outcome
from subgraphs.scheduling.model import Booking
from subgraphs.scheduling.store import Store

__all__ = ["REFUND_MUTATION", "RefundNotices"]

log = logging.getLogger("subgraphs.scheduling.notices")

REFUND_MUTATION = (
    "mutation RefundCancelledBooking($token: String!) "
    "{ refundCancelledBooking(notice: $token) { id status } }"
)
_SWEEP_BATCH = 100


class RefundNotices:
    def __init__(
        self, *, store: Store, courier: Courier, secret: bytes, clock: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._courier = courier
        self._secret = secret
        self._clock = clock

    async def send(self, booking: Booking) -> bool:
        """Sends the notice of one cancelled, paid booking; True once payments has it."""
        if booking.payment_id is None or booking.cancelled_at is None:
            return False
        notice = CancellationNotice(
            booking_id=booking.id,
            student_id=booking.student_id,
            tutor_id=booking.tutor_id,
            start=booking.start,
            cancelled_at=booking.cancelled_at,
        )
        delivery = await self._courier.deliver(sign_notice(notice, self._secret))
        if delivery.outcome is Outcome.RETRY:
            return False
        if delivery.outcome is Outcome.REFUSED:
            # Sending it again would be refused again: stop, and say so where operators look.
            log.error(
                "payments refused the cancellation of %s (%s: %s)",
                booking.id,
                delivery.code,
                delivery.message,
            )
        await self._store.refund_notice_sent(booking.id, self._clock())
        return True

    async def sweep(self) -> int:
        """Sends every notice still due; how many payments acknowledged."""
        sent = 0
        for booking in await self._store.refund_notices_due(_SWEEP_BATCH):
            sent += await self.send(booking)
        return sent

    async def close(self) -> None:
        await self._courier.close()
