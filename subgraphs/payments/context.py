"""What each resolver sees: the payments service and store, this request's loaders, the viewer
and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.payments.loaders import Loaders
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store

__all__ = ["Clock", "Context", "PaymentsInfo", "system_clock"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    payments: Payments
    store: Store
    loaders: Loaders
    viewer: Viewer | None
    clock: Clock

    @classmethod
    def for_request(
        cls, payments: Payments, store: Store, viewer: Viewer | None, clock: Clock
    ) -> Context:
        return cls(
            payments=payments, store=store, loaders=Loaders(store), viewer=viewer, clock=clock
        )


PaymentsInfo = Info[Context, None]
