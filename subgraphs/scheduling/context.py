"""What each resolver sees: the store, this request's loaders, the viewer and the clock.

Over WebSocket one context serves the whole connection (Strawberry builds it once per
connection), so subscriptions clear the loaders before each event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.scheduling.hub import EventHub
from subgraphs.scheduling.loaders import Loaders
from subgraphs.scheduling.notices import RefundNotices
from subgraphs.scheduling.store import Store

__all__ = ["Clock", "Context", "PaymentLinks", "SchedulingInfo", "system_clock"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentLinks:
    """How bookings meet payments: the hold a new booking waits for its payment with, the
    platform's signing secret (receipts in, cancellation notices out), and where notices go
    (None where nothing is sent: schema-only tests)."""

    hold: timedelta = timedelta(minutes=15)
    signing_secret: bytes = b""
    notices: RefundNotices | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    store: Store
    loaders: Loaders
    viewer: Viewer | None
    # Injected so tests can decide what "in the future" means for bookLesson.
    clock: Clock
    # This process's change listener; None where nothing listens (schema-only tests).
    events: EventHub | None = None
    payments: PaymentLinks = field(default_factory=PaymentLinks)

    @classmethod
    def for_request(
        cls,
        store: Store,
        viewer: Viewer | None,
        clock: Clock,
        events: EventHub | None = None,
        payments: PaymentLinks | None = None,
    ) -> Context:
        return cls(
            store=store,
            loaders=Loaders(store, clock),
            viewer=viewer,
            clock=clock,
            events=events,
            payments=payments or PaymentLinks(),
        )


SchedulingInfo = Info[Context, None]
