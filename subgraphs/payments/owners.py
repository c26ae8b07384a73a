"""Where receipts go: the subgraph that owns what a payment paid for, over HTTP.

A booking's receipt goes to scheduling (`confirmBookingPayment`), a course's to learning
(`enrollInCourse`), each as the gateway would call it (`shared.subgraph.courier`).
"""

from __future__ import annotations

from shared.subgraph.courier import Courier, Delivery
from subgraphs.payments.model import Purpose

__all__ = ["CONFIRM_BOOKING", "ENROLL", "CourierOwners"]

CONFIRM_BOOKING = (
    "mutation ConfirmBookingPayment($token: String!) "
    "{ confirmBookingPayment(receipt: $token) { id status } }"
)
ENROLL = "mutation EnrollInCourse($token: String!) { enrollInCourse(receipt: $token) { id } }"


class CourierOwners:
    def __init__(self, *, scheduling_url: str, learning_url: str, secret: str, timeout: float):
        self._couriers = {
            Purpose.BOOKING: Courier(
                name="scheduling",
                url=scheduling_url,
                mutation=CONFIRM_BOOKING,
                secret=secret,
                timeout=timeout,
            ),
            Purpose.ENROLLMENT: Courier(
                name="learning", url=learning_url, mutation=ENROLL, secret=secret, timeout=timeout
            ),
        }

    async def deliver(self, purpose: Purpose, receipt: str) -> Delivery:
        return await self._couriers[purpose].deliver(receipt)

    async def close(self) -> None:
        for courier in self._couriers.values():
            await courier.close()
